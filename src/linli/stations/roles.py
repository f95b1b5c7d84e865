"""Roles are data: each role holds a set of named capabilities, checked in one place."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import Membership

Role = Membership.Role

CAPABILITIES: dict[str, object] = {
    "view_elders": _("see the elder registry"),
    "edit_elders": _("change elder records"),
    "import_roster": _("import a roster"),
    "export_masked": _("export the registry with masked identifiers"),
    "can_export_unmasked": _("export the registry with full ID and phone numbers"),
    "see_id_numbers": _("see full ID numbers"),
    "see_phones": _("see full phone numbers"),
    "can_close_case": _("approve closing a case"),
    "manage_station": _("manage the station's areas and people"),
    "view_aggregates": _("see aggregate figures"),
    "assess_elders": _("fill in assessments and surveys"),
    "manage_rules": _("change the station's questionnaires and risk rules"),
}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.HEAD: frozenset(CAPABILITIES),
    Role.WORKER: frozenset(
        {
            "view_elders",
            "edit_elders",
            "import_roster",
            "export_masked",
            "see_phones",
            "view_aggregates",
            "assess_elders",
        }
    ),
    Role.VOLUNTEER: frozenset({"view_elders"}),
    Role.VIEWER: frozenset({"view_aggregates"}),
}


def role_has(role: str | None, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    return role is not None and capability in ROLE_CAPABILITIES.get(role, frozenset())
