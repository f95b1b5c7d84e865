"""Every read of more than one elder goes through here, starting from visible_to(actor)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from linli.lib import cursor as keyset
from linli.lib.crypto import blind_index
from linli.lib.identifiers import IdNumberError, normalise, parse_id_number
from linli.lib.pinyin import pinyin_keys

from .models import Category, Elder
from .vocabulary import category_q

LIST_KEYS = ("name_pinyin", "id")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class ElderFilters:
    area: int | str | None = None
    category: str | None = None
    status: str | None = "active"
    age_min: int | None = None
    age_max: int | None = None
    living_arrangement: str | None = None
    worker: int | None = None
    risk: str | None = None


def birth_bounds(today: dt.date, age_min: int | None, age_max: int | None):
    """Birth-date range of people aged between age_min and age_max (inclusive) on `today`."""
    latest = earliest = None
    if age_min is not None:
        latest = _years_before(today, age_min)
    if age_max is not None:
        earliest = _years_before(today, age_max + 1) + dt.timedelta(days=1)
    return earliest, latest


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def elder_base(*, actor, station=None) -> QuerySet[Elder]:
    qs = Elder.objects.visible_to(actor)
    if station is not None:
        qs = qs.filter(station=station)
    return qs


def elder_search(
    *, actor, station, q: str = "", filters: ElderFilters | None = None, today: dt.date
) -> QuerySet[Elder]:
    """Elders matching the one-box query and filters, as the actor may see them."""
    filters = filters or ElderFilters()
    qs = elder_base(actor=actor, station=station)
    qs = qs.filter(_query_q(qs, q.strip(), today)) if q.strip() else qs
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.area:
        key = "area_id" if str(filters.area).isdigit() else "area__name"
        qs = qs.filter(**{key: filters.area})
    if filters.category:
        qs = qs.filter(category_q(filters.category, today))
    if filters.living_arrangement:
        qs = qs.filter(living_arrangement=filters.living_arrangement)
    if filters.worker:
        qs = qs.filter(assigned_worker_id=filters.worker)
    if filters.risk:
        qs = qs.filter(risk_level=filters.risk)
    earliest, latest = birth_bounds(today, filters.age_min, filters.age_max)
    if latest:
        qs = qs.filter(birth_date__lte=latest)
    if earliest:
        qs = qs.filter(birth_date__gte=earliest)
    return qs


def _query_q(qs: QuerySet[Elder], q: str, today: dt.date) -> Q:
    digits = re.sub(r"[\s\-]", "", normalise(q))
    if _CJK.search(q):
        return Q(name__contains=q.replace(" ", ""))
    if re.fullmatch(r"\d{4,}[\dX]?|\d{3,}X", digits):
        return _number_q(qs, digits, today)
    letters = re.sub(r"[^a-z]", "", q.lower())
    if not letters:
        return Q(pk__in=[])
    return (
        Q(name_initials__startswith=letters)
        | Q(name_pinyin__startswith=letters)
        | Q(name__icontains=q)
    )


def _number_q(qs: QuerySet[Elder], digits: str, today: dt.date) -> Q:
    """An ID number (whole, or its last 4+ characters) or a phone number (or part of one)."""
    match = Q(phones__contains=digits) if digits.isdigit() and len(digits) >= 4 else Q(pk__in=[])
    if len(digits) in (15, 18):
        with contextlib.suppress(IdNumberError):
            match |= Q(id_number_hash=blind_index(parse_id_number(digits, today=today).number))
    if len(digits) == 4:
        return match | Q(id_last4=digits)
    if len(digits) < 18:
        # Longer tails: narrow by the last four, then compare the decrypted tail.
        candidates = qs.filter(id_last4=digits[-4:]).only("id", "id_number_enc")
        ids = [e.pk for e in candidates[:200] if e.id_number.endswith(digits)]
        match |= Q(pk__in=ids)
    return match


def elder_page(qs: QuerySet[Elder], *, cursor: str | None, limit: int):
    """One page of elders with what a list row shows, in a constant number of queries."""
    qs = qs.select_related("area", "assigned_worker").prefetch_related(
        Prefetch("categories", queryset=Category.objects.all())
    )
    return keyset.keyset_page(qs, keys=LIST_KEYS, cursor=cursor, limit=limit)


def elder_get_or_404(*, actor, pk: int) -> Elder:
    """One elder the actor may see, or Http404 (for pages and API routes)."""
    try:
        return elder_get(actor=actor, pk=pk)
    except Elder.DoesNotExist:
        raise Http404 from None


def elder_get(*, actor, pk: int) -> Elder:
    """One elder the actor may see, or Elder.DoesNotExist (a 404, never a 403)."""
    return (
        Elder.objects.visible_to(actor)
        .select_related("area", "station", "assigned_worker")
        .prefetch_related("categories")
        .get(pk=pk)
    )


def elder_history(elder: Elder, limit: int = 50) -> list[dict]:
    """The record's timeline: who changed which fields when, old → new, newest first."""
    records = list(
        elder.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    categories = _history_categories(records)
    timeline = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(timeline) == limit:
            break
        changes = []
        if older is not None and newer.history_type == "~":
            # Categories are compared from one query below, not one per record by diff_against.
            delta = newer.diff_against(
                older, excluded_fields=["categories"], foreign_keys_are_objs=False
            )
            changes = [(c.field, c.old, c.new) for c in delta.changes]
            old, new = categories[older.history_id], categories[newer.history_id]
            if old != new:
                changes.append(("categories", old, new))
        timeline.append({"record": newer, "changes": changes})
    return timeline


def _history_categories(records: list) -> dict[int, list[dict]]:
    """Each history record's categories, as diff_against lists them, in one query."""
    rows: dict[int, list[dict]] = {r.history_id: [] for r in records}
    if not records:
        return rows
    through = records[0].categories.model
    found = (
        through.objects.filter(history_id__in=list(rows))
        .order_by("category_id")
        .values_list("history_id", "elder_id", "category_id")
    )
    for history_id, elder_id, category_id in found:
        rows[history_id].append({"elder": elder_id, "category": category_id})
    return rows


def pinyin_of(name: str) -> tuple[str, str]:
    return pinyin_keys(name)


LOOKUP_LIMIT = 6


def elder_lookup(*, actor, station, text: str, today: dt.date) -> list[Elder]:
    """Up to LOOKUP_LIMIT active elders of the station matching a registry number (the id) or
    the registry's one-box search (name, pinyin, phone, ID tail): the elder fields of forms."""
    text = text.strip()
    if not text:
        return []
    if text.isdigit() and len(text) <= 9:
        found = list(elder_base(actor=actor, station=station).filter(pk=int(text))[:1])
        if found:
            return found
    qs = elder_search(actor=actor, station=station, q=text, today=today)
    return list(qs.order_by("name_pinyin", "id")[:LOOKUP_LIMIT])
