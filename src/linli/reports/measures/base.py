"""What every measure is made of: the Measure and Row types, the filter names, and the helpers
that apply the package's shared rules (periods, tenancy-free station lists, filters, elders
active at the end, records made while the elder was here, rates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from linli.activities import selectors as activity_selectors
from linli.elders.models import Elder

Value = int | Decimal | None
AREAS, CATEGORIES, TYPE = "areas", "categories", "activity_type"
ELDER_FILTERS = frozenset({AREAS, CATEGORIES})
ACTIVITY_FILTERS = (AREAS, TYPE)


@dataclass(frozen=True)
class Row:
    """One record behind a figure, as the records page shows it to staff."""

    on: dt.date | None
    what: str
    who: str


@dataclass(frozen=True)
class Measure:
    code: str
    label: object
    unit: object
    records: Callable[[Sequence, dt.date, dt.date, dict], QuerySet]
    compute: Callable[[Sequence, dt.date, dt.date, dict], Value]
    row: Callable[[object], Row]
    keys: tuple[str, ...] = ("pk",)  # keyset order of the records page (JSON-safe values)
    filters: frozenset[str] = frozenset()
    rate: bool = False
    # A level (a stock or a mean) is not projected at a pace: the projection is today's value.
    # Counts and coverage rates grow with the days of the period and are projected linearly.
    level: bool = False


# --- periods -----------------------------------------------------------------------------------
def bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first local moment of `start` and of the day after `end`."""
    return activity_selectors.day_start(start), activity_selectors.day_start(
        end + dt.timedelta(days=1)
    )


def at_in(field: str, start: dt.date, end: dt.date) -> Q:
    since, until = bounds(start, end)
    return Q(**{f"{field}__gte": since, f"{field}__lt": until})


def local_day(field: str) -> TruncDate:
    """The local (Asia/Shanghai) date of a timestamp field."""
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def timezone_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


# --- elders ------------------------------------------------------------------------------------
def while_active(day) -> Q:
    """Records made while the elder was still here: on or before the day they died or moved
    (the day itself counts; an unknown day counts everything)."""
    return (
        Q(elder__status=Elder.Status.ACTIVE)
        | Q(elder__status_date__isnull=True)
        | Q(elder__status_date__gte=day)
    )


def elder_q(filters: dict, prefix: str = "elder__") -> Q:
    """The filters on the elder a record is about (area, categories)."""
    q = Q()
    if filters.get(AREAS):
        q &= Q(**{f"{prefix}area_id__in": filters[AREAS]})
    if filters.get(CATEGORIES):
        tagged = Elder.categories.through.objects.filter(category__code__in=filters[CATEGORIES])
        q &= Q(**{f"{prefix}pk__in": tagged.values("elder_id")})
    return q


def active_at(end: dt.date) -> Q:
    """Elders active at the end of a period: still active, or gone only after it."""
    return Q(status=Elder.Status.ACTIVE) | Q(status_date__gt=end)


def name_of(elder) -> str:
    return elder.name if elder is not None else ""


# --- counts and rates --------------------------------------------------------------------------
def share(hits: int, total: int) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not total:
        return None
    return (Decimal(100 * hits) / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def count(records: Callable) -> Callable:
    return lambda stations, start, end, filters: records(stations, start, end, filters).count()


def rate_of(records: Callable) -> Callable:
    """Share of the records (annotated `hit`) that are hits."""

    def compute(stations, start, end, filters) -> Decimal | None:
        found = records(stations, start, end, filters).order_by()
        return share(found.filter(hit=True).count(), found.count())

    return compute


def flag(condition: Q) -> ExpressionWrapper:
    """A condition as a boolean column (a rate's `hit`)."""
    return ExpressionWrapper(condition, output_field=BooleanField())
