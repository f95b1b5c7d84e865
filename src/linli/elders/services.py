"""Every write to the elder registry goes through here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.services import access_log_record
from linli.lib.identifiers import IdNumberError, parse_id_number
from linli.lib.phones import split_phones
from linli.lib.pinyin import pinyin_keys
from linli.stations.models import Area

from .models import Category, Elder

# Fields a caller may set through elder_create / elder_update.
SIMPLE_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "address",
    "living_arrangement",
    "migratory",
    "months_present",
    "emergency_contacts",
    "status",
    "status_date",
    "notes",
    "extra",
)
DERIVED_ONLY = {"aged80"}


class VersionConflict(Exception):
    """The record changed since the caller read it."""

    def __init__(self, current: Elder):
        super().__init__("stale version")
        self.current = current


@transaction.atomic
def elder_create(*, actor, station, data: dict[str, Any], reason: str = "") -> Elder:
    """Create an elder at a station from validated-or-raw field values."""
    elder = Elder(station=station)
    categories = _apply(elder, data, today=timezone.localdate())
    _save(elder, actor=actor, reason=reason or _("Created"))
    if categories is not None:
        elder.categories.set(categories)
    return elder


@transaction.atomic
def elder_update(
    *, actor, elder: Elder, data: dict[str, Any], version: int | None = None, reason: str = ""
) -> Elder:
    """Change an elder; with `version`, refuse (VersionConflict) if someone else changed it."""
    locked = Elder.objects.select_for_update().get(pk=elder.pk)
    if version is not None and locked.version != version:
        raise VersionConflict(locked)
    categories = _apply(locked, data, today=timezone.localdate())
    before = set(locked.categories.values_list("code", flat=True))
    changed_categories = categories is not None and {c.code for c in categories} != before
    if not _has_changes(locked) and not changed_categories:
        return locked
    locked.version += 1  # the row is locked, so a plain increment is safe
    _save(locked, actor=actor, reason=reason)
    if changed_categories:
        locked.categories.set(categories)
    locked.refresh_from_db()
    return locked


def _apply(elder: Elder, data: dict[str, Any], *, today: dt.date) -> list[Category] | None:
    """Set fields from `data` on an unsaved elder, validating; return categories to set."""
    errors: dict[str, list[str]] = {}
    for field in SIMPLE_FIELDS:
        if field in data:
            setattr(elder, field, data[field] if data[field] is not None else _empty(field))
    if "id_number" in data:
        _apply_id_number(elder, data["id_number"], today, errors)
    if "phones" in data:
        _apply_phones(elder, data["phones"], errors)
    if "area" in data:
        _apply_area(elder, data["area"], errors)
    if "assigned_worker" in data:
        elder.assigned_worker = data["assigned_worker"]
    if "name" in data:
        elder.name = (elder.name or "").strip()
        elder.name_pinyin, elder.name_initials = pinyin_keys(elder.name)
    if elder.status == Elder.Status.ACTIVE:
        elder.status_date = None
    categories = _categories(data["categories"], errors) if "categories" in data else None
    try:
        elder.full_clean(exclude=["station", "categories", "volunteers"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if elder.birth_date and elder.birth_date > today:
        errors.setdefault("birth_date", []).append(_("The birth date is in the future."))
    if errors:
        raise ValidationError(errors)
    return categories


def _empty(field: str):
    return {
        "months_present": [],
        "emergency_contacts": [],
        "extra": {},
        "migratory": False,
        "birth_date": None,
        "status_date": None,
    }.get(field, "")


def _apply_id_number(elder: Elder, raw, today: dt.date, errors: dict) -> None:
    if raw in (None, ""):
        elder.set_id_number("")
        return
    try:
        parsed = parse_id_number(raw, today=today)
    except IdNumberError as exc:
        errors.setdefault("id_number", []).append(str(exc.message))
        return
    duplicate = (
        Elder.objects.filter(station_id=elder.station_id, id_number_hash=_hash(parsed.number))
        .exclude(pk=elder.pk)
        .exists()
    )
    if duplicate:
        errors.setdefault("id_number", []).append(
            _("Another elder of this station already has this ID number.")
        )
        return
    elder.set_id_number(parsed.number)
    elder.birth_date = parsed.birth_date
    elder.sex = parsed.sex


def _hash(number: str) -> str:
    from linli.lib.crypto import blind_index

    return blind_index(number)


def _apply_phones(elder: Elder, raw, errors: dict) -> None:
    cells = raw if isinstance(raw, list | tuple) else [raw]
    numbers: list[str] = []
    for cell in cells:
        phones, rejected = split_phones(cell)
        for piece in rejected:
            errors.setdefault("phones", []).append(
                _("“%(piece)s” is not a phone number.") % {"piece": piece}
            )
        numbers.extend(p.number for p in phones if p.number not in numbers)
    elder.phones = " ".join(numbers)


def _apply_area(elder: Elder, area, errors: dict) -> None:
    if area in (None, ""):
        elder.area = None
        return
    area_id = area.pk if isinstance(area, Area) else area
    found = Area.objects.filter(pk=area_id, station_id=elder.station_id).first()
    if found is None:
        errors.setdefault("area", []).append(_("This service area is not one of the station's."))
    elder.area = found


def _categories(codes, errors: dict) -> list[Category]:
    wanted = [c for c in dict.fromkeys(codes or []) if c not in DERIVED_ONLY]
    found = list(Category.objects.filter(code__in=wanted))
    unknown = set(wanted) - {c.code for c in found}
    if unknown:
        errors.setdefault("categories", []).append(
            _("Unknown categories: %(codes)s") % {"codes": ", ".join(sorted(unknown))}
        )
    return found


def _changed_fields(elder: Elder) -> list[str]:
    if elder.pk is None:
        return ["*"]
    original = Elder.objects.filter(pk=elder.pk).values().first() or {}
    tracked = [*SIMPLE_FIELDS, "phones", "id_number_enc", "area_id", "assigned_worker_id"]
    changed = []
    for field in tracked:
        if field == "id_number_enc":
            from linli.lib.crypto import decrypt

            if decrypt(original.get(field, "")) != elder.id_number:
                changed.append("id_number")
        elif original.get(field) != getattr(elder, field):
            changed.append(field)
    return changed


def _has_changes(elder: Elder) -> bool:
    return bool(_changed_fields(elder))


def _save(elder: Elder, *, actor, reason: str) -> None:
    elder._history_user = actor if getattr(actor, "is_authenticated", False) else None
    elder._change_reason = reason
    elder.save()


@transaction.atomic
def elder_mark_status(*, actor, elder: Elder, status: str, on: dt.date | None, reason: str = ""):
    """Mark an elder moved out or deceased (records stay) or active again."""
    return elder_update(
        actor=actor, elder=elder, data={"status": status, "status_date": on}, reason=reason
    )


def elder_view_logged(*, actor, elder: Elder, what: str = "record") -> None:
    """Record that a user opened an elder's personal data."""
    access_log_record(
        actor=actor, station=elder.station, action=f"elders.elder.viewed.{what}", obj=elder
    )


@transaction.atomic
def consent_record(
    *, actor, elder: Elder, given_by: str, relation: str, given_on: dt.date, purposes: list[str]
):
    """Record who consented, when and for which purposes (PIPL Arts. 13–15, 29)."""
    from .models import Consent

    consent = Consent(
        elder=elder,
        given_by=given_by.strip(),
        relation=relation,
        given_on=given_on,
        purposes=list(dict.fromkeys(purposes)),
        recorded_by=actor,
    )
    unknown = set(consent.purposes) - set(Consent.Purpose.values)
    if unknown or not consent.purposes:
        raise ValidationError({"purposes": [_("Choose at least one purpose from the list.")]})
    consent.full_clean()
    consent.save()
    access_log_record(
        actor=actor,
        station=elder.station,
        action="elders.consent.recorded",
        obj=elder,
        detail={"purposes": consent.purposes},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent, on: dt.date):
    """Mark a consent withdrawn from a date; the record itself is kept."""
    consent.withdrawn_on = on
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    access_log_record(
        actor=actor,
        station=consent.elder.station,
        action="elders.consent.withdrawn",
        obj=consent.elder,
    )
    return consent
