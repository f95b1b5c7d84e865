"""The elder page's "Services" panel: the elder's cases, service requests and referrals.

Three queries whatever the elder's history: each list is cut to its newest few rows, and the
panel links to the full lists. Only the station's staff see it.
"""

from __future__ import annotations

from linli.cases.models import Case
from linli.cases.process import CLOSED, FOLLOWUP
from linli.cases.selectors import notes_visible_to
from linli.errands.models import ServiceRequest
from linli.partners.models import Referral
from linli.stations.roles import role_has

SHOWN = 5


def services_panel(elder, *, actor, role) -> dict:
    """Open cases, requests not yet confirmed or cancelled, and the latest referrals."""
    if not role_has(role, "edit_elders"):
        return {"visible": False}
    cases = (
        Case.objects.visible_to(actor)
        .filter(elder=elder)
        .exclude(stage__in=(CLOSED, FOLLOWUP))
        .select_related("lead_worker")
        .order_by("-opened_on", "-id")[:SHOWN]
    )
    done = (ServiceRequest.Status.CONFIRMED, ServiceRequest.Status.CANCELLED)
    requests = (
        ServiceRequest.objects.visible_to(actor)
        .filter(elder=elder)
        .exclude(status__in=done)
        .select_related("assigned_to")
        .order_by("needed_by", "id")[:SHOWN]
    )
    referrals = (
        Referral.objects.visible_to(actor)
        .filter(elder=elder)
        .select_related("partner")
        .order_by("-sent_on", "-id")[:SHOWN]
    )
    return {
        "visible": True,
        # a restricted case's title may itself be sensitive: only its readers see it
        "cases": [(case, notes_visible_to(actor, case)) for case in cases],
        "requests": list(requests),
        "referrals": list(referrals),
    }
