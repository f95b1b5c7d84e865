"""What the registry pages show of an elder, masked according to the viewer's role.

Pure functions of already-fetched records (plus two small lookups for the history), so that
the views stay thin and no template reaches for data a role may not see.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from linli.lib.crypto import decrypt
from linli.lib.masking import mask_id_number, mask_phone
from linli.stations.roles import role_has

from . import selectors
from .models import Category, Consent, Elder
from .vocabulary import CATEGORIES, category_label

SENSITIVE = frozenset(code for code, _zh, _en, _rule, sensitive in CATEGORIES if sensitive)
HIDDEN_HISTORY_FIELDS = frozenset({"version", "created_at", "id_number_enc"})
HISTORY_LIMIT = 30
MERGE_SECONDS = 5


def phones_for(numbers: list[str], role: str | None) -> list[dict]:
    """Phones as shown: full with a tel: link for staff, masked without a link otherwise."""
    if role_has(role, "see_phones"):
        return [{"text": n, "tel": n.replace("-", "")} for n in numbers]
    return [{"text": mask_phone(n), "tel": ""} for n in numbers]


def id_number_for(elder: Elder, role: str | None) -> str:
    return elder.id_number if role_has(role, "see_id_numbers") else elder.id_number_masked


def categories_for(elder: Elder, role: str | None, today: dt.date) -> list[dict]:
    """Category badges; sensitive ones (失独, 失智, …) only for staff."""
    staff = role_has(role, "edit_elders")
    return [
        {"code": code, "label": category_label(code), "sensitive": code in SENSITIVE}
        for code in elder.category_codes(today)
        if staff or code not in SENSITIVE
    ]


def elder_row(elder: Elder, *, role: str | None, today: dt.date) -> dict:
    """One row of the registry list."""
    return {
        "elder": elder,
        "age": elder.age_on(today),
        "id_number": id_number_for(elder, role),
        "phones": phones_for(elder.phone_list, role),
        "categories": categories_for(elder, role, today),
    }


def months_strip(months: list[int]) -> list[dict]:
    present = set(months or [])
    return [{"month": m, "present": m in present} for m in range(1, 13)]


def elder_page(elder: Elder, *, role: str | None, today: dt.date) -> dict:
    """Everything the elder's page shows, for one role."""
    contacts = [
        {**c, "phones": phones_for([c["phone"]] if c.get("phone") else [], role)}
        for c in elder.emergency_contacts or []
    ]
    return {
        "elder": elder,
        "row": elder_row(elder, role=role, today=today),
        "full_id": role_has(role, "see_id_numbers"),
        "months": months_strip(elder.months_present) if elder.migratory else [],
        "contacts": contacts,
        "consents": [_consent(c) for c in elder.consents.all()],
        "extra": sorted((elder.extra or {}).items()),
        "timeline": timeline(elder, role=role),
    }


def _consent(consent: Consent) -> dict:
    labels = dict(Consent.Purpose.choices)
    return {"consent": consent, "purposes": [str(labels.get(p, p)) for p in consent.purposes]}


def filters_detail(filters: selectors.ElderFilters) -> dict:
    """The filters as plain JSON for the access log."""
    return {k: v for k, v in dataclasses.asdict(filters).items() if v not in (None, "")}


# --- history ------------------------------------------------------------------------------


def timeline(elder: Elder, *, role: str | None) -> list[dict]:
    """The history as the page shows it: who, when, and each field's old → new, masked."""
    entries = selectors.elder_history(elder, limit=HISTORY_LIMIT)
    names = _Names(elder, entries)
    shown: list[dict] = []
    for i, entry in enumerate(entries):
        record = entry["record"]
        changes = [c for c in entry["changes"] if c[0] not in HIDDEN_HISTORY_FIELDS]
        older = entries[i + 1]["record"] if i + 1 < len(entries) else None
        if older is not None and record.history_type == "~":
            changes += _id_change(record, older)
        item = {
            "record": record,
            "created": record.history_type == "+",
            "changes": [names.describe(field, old, new, role) for field, old, new in changes],
        }
        if shown and _same_save(shown[-1], item):
            item["changes"] = shown.pop()["changes"] + item["changes"]
        if item["changes"] or item["created"]:
            shown.append(item)
    return shown


def _same_save(newer: dict, older: dict) -> bool:
    """Categories are saved just after the fields: show the two records as one change."""
    a, b = newer["record"], older["record"]
    seconds = abs((a.history_date - b.history_date).total_seconds())
    return a.history_user_id == b.history_user_id and seconds <= MERGE_SECONDS


def _id_change(record, older) -> list[tuple]:
    new, old = decrypt(record.id_number_enc), decrypt(older.id_number_enc)
    return [("id_number", old, new)] if new != old else []


class _Names:
    """Turns stored history values into what people read, with two small lookups."""

    def __init__(self, elder: Elder, entries: list[dict]):
        ids = {
            v
            for e in entries
            for f, *values in e["changes"]
            if f == "assigned_worker"
            for v in values
            if v
        }
        users = get_user_model().objects.filter(pk__in=ids) if ids else []
        self.workers = {u.pk: str(u) for u in users}
        self.areas = {a.pk: a.name for a in elder.station.areas.all()}
        has_categories = any(f == "categories" for e in entries for f, *_v in e["changes"])
        self.categories = dict(Category.objects.values_list("pk", "code")) if has_categories else {}

    def describe(self, field: str, old, new, role: str | None) -> dict:
        label = _("ID number") if field == "id_number" else _verbose_name(field)
        return {
            "field": field,
            "label": label,
            "old": self.value(field, old, role),
            "new": self.value(field, new, role),
        }

    def value(self, field: str, value, role: str | None) -> str:
        if value in (None, "", [], {}):
            return "—"
        if field == "id_number":
            return value if role_has(role, "see_id_numbers") else mask_id_number(value)
        if field == "phones":
            return " / ".join(p["text"] for p in phones_for(value.split(), role))
        if field == "area":
            return self.areas.get(value, "?")
        if field == "assigned_worker":
            return self.workers.get(value, "?")
        if field == "categories":
            codes = [self.categories.get(row["category"], "?") for row in value]
            return "、".join(category_label(c) for c in codes) or "—"
        if field == "emergency_contacts":
            return "; ".join(_contact_text(c, role) for c in value)
        return _plain_value(field, value)


def _verbose_name(field: str) -> str:
    try:
        return str(Elder._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field since removed from the model
        return field


def _contact_text(contact: dict, role: str | None) -> str:
    phone = phones_for([contact["phone"]], role)[0]["text"] if contact.get("phone") else ""
    parts = [
        contact.get("name", ""),
        f"({contact['relation']})" if contact.get("relation") else "",
        phone,
    ]
    return " ".join(p for p in parts if p)


def _plain_value(field: str, value) -> str:
    choices = {"sex": Elder.Sex, "living_arrangement": Elder.Living, "status": Elder.Status,
               "risk_level": Elder.Risk, "risk_floor": Elder.Risk}  # fmt: skip
    if field in choices:
        return str(dict(choices[field].choices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return value.isoformat()
    if field == "months_present":
        return ", ".join(str(m) for m in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
