"""Validation of elder field values, shared by the one-by-one and the bulk services.

`apply_data` sets raw values on an Elder and raises one ValidationError naming every bad
field. What it needs from the database (areas, categories, ID numbers already taken, the
station's staff) comes from a `Lookups` object: `QueryLookups` asks per call, for single
edits; `PreloadedLookups` loads everything once, for imports of thousands of rows.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from linli.lib.crypto import blind_index
from linli.lib.identifiers import IdNumberError, parse_id_number
from linli.lib.lunar import solar_to_lunar
from linli.lib.phones import split_phones
from linli.lib.pinyin import pinyin_keys
from linli.stations.models import Area, Membership

from .models import Category, Elder

# Fields a caller may set directly.
SIMPLE_FIELDS = (
    "name", "sex", "birth_date", "address", "living_arrangement", "migratory", "months_present",
    "emergency_contacts", "status", "status_date", "notes", "extra", "risk_floor",
    "lunar_birthday",
)  # fmt: skip
DERIVED_ONLY = {"aged80"}
EMPTY = {"months_present": list, "emergency_contacts": list, "extra": dict}
STAFF_ROLES = (Membership.Role.HEAD, Membership.Role.WORKER)


class QueryLookups:
    """Database look-ups one at a time (a single create or edit)."""

    def __init__(self, station):
        self.station = station

    def area(self, area_id) -> Area | None:
        return Area.objects.filter(pk=area_id, station_id=self.station.pk).first()

    def categories(self, codes: list[str]) -> dict[str, Category]:
        return {c.code: c for c in Category.objects.filter(code__in=codes)}

    def id_taken(self, id_hash: str, elder: Elder) -> bool:
        same = Elder.objects.filter(station_id=self.station.pk, id_number_hash=id_hash)
        return same.exclude(pk=elder.pk).exists()

    def is_staff(self, user_id: int) -> bool:
        return Membership.objects.filter(
            station_id=self.station.pk, user_id=user_id, role__in=STAFF_ROLES, active=True
        ).exists()

    def claim_id(self, id_hash: str) -> None:
        """Nothing to remember: the database is the record."""


class PreloadedLookups(QueryLookups):
    """Everything loaded once, for bulk creation; claimed ID numbers are remembered."""

    def __init__(self, station):
        super().__init__(station)
        self.areas = {a.pk: a for a in Area.objects.filter(station_id=station.pk)}
        self.all_categories = {c.code: c for c in Category.objects.all()}
        self.taken = set(
            Elder.objects.filter(station_id=station.pk)
            .exclude(id_number_hash="")
            .values_list("id_number_hash", flat=True)
        )
        self.staff = set(
            Membership.objects.filter(
                station_id=station.pk, role__in=STAFF_ROLES, active=True
            ).values_list("user_id", flat=True)
        )

    def area(self, area_id) -> Area | None:
        return self.areas.get(int(area_id)) if str(area_id).isdigit() else None

    def categories(self, codes: list[str]) -> dict[str, Category]:
        return {c: self.all_categories[c] for c in codes if c in self.all_categories}

    def id_taken(self, id_hash: str, elder: Elder) -> bool:
        return id_hash in self.taken

    def is_staff(self, user_id: int) -> bool:
        return user_id in self.staff

    def claim_id(self, id_hash: str) -> None:
        self.taken.add(id_hash)


def apply_data(
    elder: Elder, data: dict[str, Any], *, today: dt.date, lookups: QueryLookups
) -> list[Category] | None:
    """Set fields from `data` on an elder, validating; return the categories to set, if given."""
    errors: dict[str, list[str]] = {}
    for field in SIMPLE_FIELDS:
        if field in data:
            value = data[field]
            setattr(elder, field, value if value is not None else _empty(field))
    if "name" in data:
        elder.name = (elder.name or "").strip()
        elder.name_pinyin, elder.name_initials = _pinyin(elder.name[:40])
    steps = (("id_number", _id_number), ("phones", _phones), ("area", _area),
             ("assigned_worker", _worker))  # fmt: skip
    for key, step in steps:
        if key in data:
            step(elder, data[key], errors, today=today, lookups=lookups)
    if elder.status == Elder.Status.ACTIVE:
        elder.status_date = None
    categories = _categories(data["categories"], errors, lookups) if "categories" in data else None
    _check_model(elder, errors, today)
    _lunar_birth(elder)
    if errors:
        raise ValidationError(errors)
    if elder.id_number_hash:
        lookups.claim_id(elder.id_number_hash)
    return categories


@cache
def _pinyin(name: str) -> tuple[str, str]:
    return pinyin_keys(name)


def _empty(field: str):
    if field in EMPTY:
        return EMPTY[field]()
    return {"migratory": False, "birth_date": None, "status_date": None}.get(field, "")


def _check_model(elder: Elder, errors: dict, today: dt.date) -> None:
    # Foreign keys were resolved above; Django's FK validation would query once per key.
    exclude = ["station", "area", "assigned_worker", "categories", "volunteers",
               "name_pinyin", "name_initials"]  # fmt: skip
    try:
        elder.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if elder.birth_date and elder.birth_date > today:
        errors.setdefault("birth_date", []).append(_("The birth date is in the future."))


def _lunar_birth(elder: Elder) -> None:
    """Keep the lunar birth date in step with the (cleaned) birth date."""
    lunar = None
    if isinstance(elder.birth_date, dt.date):
        try:
            lunar = solar_to_lunar(elder.birth_date)
        except (ValueError, KeyError, IndexError):  # outside the lunar tables (year 1)
            lunar = None
    elder.lunar_birth_month = lunar.month if lunar else None
    elder.lunar_birth_day = lunar.day if lunar else None
    elder.lunar_birth_leap = lunar.leap if lunar else False


def _id_number(elder: Elder, raw, errors: dict, *, today, lookups) -> None:
    if raw in (None, ""):
        elder.set_id_number("")
        return
    try:
        parsed = parse_id_number(raw, today=today)
    except IdNumberError as exc:
        errors.setdefault("id_number", []).append(str(exc.message))
        return
    if lookups.id_taken(blind_index(parsed.number), elder):
        message = _("Another elder of this station already has this ID number.")
        errors.setdefault("id_number", []).append(message)
        return
    elder.set_id_number(parsed.number)
    elder.birth_date, elder.sex = parsed.birth_date, parsed.sex


def _phones(elder: Elder, raw, errors: dict, **_context) -> None:
    cells = raw if isinstance(raw, list | tuple) else [raw]
    numbers: list[str] = []
    for cell in cells:
        phones, rejected = split_phones(cell)
        for piece in rejected:
            message = _("“%(piece)s” is not a phone number.") % {"piece": piece}
            errors.setdefault("phones", []).append(message)
        numbers.extend(p.number for p in phones if p.number not in numbers)
    elder.phones = " ".join(numbers)


def _area(elder: Elder, area, errors: dict, *, lookups, **_context) -> None:
    if area in (None, ""):
        elder.area = None
        return
    found = lookups.area(area.pk if isinstance(area, Area) else area)
    if found is None:
        errors.setdefault("area", []).append(_("This service area is not one of the station's."))
    elder.area = found


def _worker(elder: Elder, worker, errors: dict, *, lookups, **_context) -> None:
    if worker in (None, ""):
        elder.assigned_worker = None
        return
    worker_id = worker if isinstance(worker, int) else worker.pk
    if not lookups.is_staff(worker_id):
        message = _("The assigned worker must be a social worker or head of this station.")
        errors.setdefault("assigned_worker", []).append(message)
        return
    elder.assigned_worker_id = worker_id


def _categories(codes, errors: dict, lookups) -> list[Category]:
    wanted = [c for c in dict.fromkeys(codes or []) if c not in DERIVED_ONLY]
    found = lookups.categories(wanted)
    unknown = sorted(set(wanted) - set(found))
    if unknown:
        message = _("Unknown categories: %(codes)s") % {"codes": ", ".join(unknown)}
        errors.setdefault("categories", []).append(message)
    return [found[c] for c in wanted if c in found]


def changed_fields(elder: Elder) -> list[str]:
    """Fields whose values differ from the stored row (one query)."""
    original = Elder.objects.filter(pk=elder.pk).values().first() or {}
    tracked = [*SIMPLE_FIELDS, "phones", "id_number_hash", "area_id", "assigned_worker_id"]
    return [f for f in tracked if original.get(f) != getattr(elder, f)]
