"""Reads about community activities: lists with their counts, person-times and unique persons,
an elder's activities, satisfaction summaries and the calendar's activities.

Counting rules (人次 and 人数):
- person-times are the sum of `Attendance.count` over the period's activities that were not
  cancelled: a named person (elder or named walk-in) is 1 per activity, an anonymous group
  adds its count;
- unique persons are the named persons only: elders counted by elder id, named walk-ins by their
  name (the same name on two activities is one person); anonymous walk-ins add to person-times
  but NOT to unique persons, since nobody can tell whether they came before;
- an activity belongs to the period of its local (Asia/Shanghai) start date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Activity, Attendance, Feedback, SignUp

PAGE_SIZE = 30
ACTIVE = ~Q(status=Activity.Status.CANCELLED)


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of a local date."""
    return dt.datetime.combine(day, dt.time.min, timezone.get_current_timezone())


def period_q(start: dt.date, end: dt.date, prefix: str = "") -> Q:
    """Activities starting on local dates start..end, both included."""
    return Q(**{f"{prefix}starts_at__gte": day_start(start),
                f"{prefix}starts_at__lt": day_start(end + dt.timedelta(days=1))})  # fmt: skip


def _sub(qs, field: str, func) -> Coalesce:
    rows = qs.filter(activity=OuterRef("pk")).order_by().values("activity")
    return Coalesce(
        Subquery(rows.annotate(n=func(field)).values("n")[:1], output_field=IntegerField()), 0
    )


def with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """Each activity with signed_up, attended_elders, walk_ins and person_times, in the same
    query (cancelled activities still show what was recorded; totals leave them out)."""
    att = Attendance.objects.all()
    return qs.annotate(
        signed_up=_sub(SignUp.objects.all(), "id", Count),
        attended_elders=_sub(att.filter(elder__isnull=False), "id", Count),
        walk_ins=_sub(att.filter(elder__isnull=True), "count", Sum),
        person_times=_sub(att, "count", Sum),
    )


@dataclass(frozen=True)
class ActivityFilters:
    type: str = ""
    month: tuple[int, int] | None = None  # (year, month)
    when: str = ""  # "upcoming", "past" or "" for both


def activity_list(
    *, actor, station, filters: ActivityFilters | None = None, today: dt.date,
    cursor: str = "", size: int = PAGE_SIZE,
) -> tuple[list[Activity], str]:  # fmt: skip
    """One page of a station's activities with their counts, and the cursor of the next page
    ("" at the end). Upcoming soonest first; past (and all) latest first."""
    filters = filters or ActivityFilters()
    qs = Activity.objects.visible_to(actor).filter(station=station)
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.month:
        year, month = filters.month
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        qs = qs.filter(period_q(first, last))
    ascending = filters.when == "upcoming"
    if ascending:
        qs = qs.filter(starts_at__gte=day_start(today))
    elif filters.when == "past":
        qs = qs.filter(starts_at__lt=day_start(today))
    qs = qs.filter(_after(cursor, ascending))
    order = ("starts_at", "id") if ascending else ("-starts_at", "-id")
    rows = list(with_counts(qs.select_related("area")).order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (_cursor_of(rows[-1]) if more else "")


def _cursor_of(activity: Activity) -> str:
    return f"{activity.starts_at.isoformat()}_{activity.pk}"


def _after(cursor: str, ascending: bool) -> Q:
    """Keyset condition: rows after (starts_at, id) of the cursor; none for a bad cursor."""
    try:
        moment_text, pk_text = cursor.rsplit("_", 1)
        moment, pk = dt.datetime.fromisoformat(moment_text), int(pk_text)
    except ValueError:
        return Q()
    if moment.tzinfo is None:
        return Q()
    if ascending:
        return Q(starts_at__gt=moment) | Q(starts_at=moment, id__gt=pk)
    return Q(starts_at__lt=moment) | Q(starts_at=moment, id__lt=pk)


def activity_get(*, actor, pk: int) -> Activity:
    """One activity of the actor's stations with its counts, or 404."""
    qs = with_counts(Activity.objects.visible_to(actor).select_related("station", "area"))
    return get_object_or_404(qs, pk=pk)


def _attendance_in(station, start: dt.date, end: dt.date, type: str | None) -> QuerySet:
    qs = Attendance.objects.filter(station=station, activity__station=station)
    qs = qs.filter(period_q(start, end, "activity__")).exclude(
        activity__status=Activity.Status.CANCELLED
    )
    return qs.filter(activity__type=type) if type else qs


def person_times(*, station, start: dt.date, end: dt.date, type: str | None = None) -> int:
    """Person-times (人次) of the station's activities from start to end (local dates)."""
    total = _attendance_in(station, start, end, type).aggregate(n=Sum("count"))["n"]
    return total or 0


def unique_persons(*, station, start: dt.date, end: dt.date, type: str | None = None) -> int:
    """Unique named persons (人数): elders by id plus named walk-ins by name; anonymous walk-ins
    are not persons one can count (see the module's rules)."""
    named = Q(elder__isnull=True) & ~Q(walk_in_name="")
    found = _attendance_in(station, start, end, type).aggregate(
        elders=Count("elder", distinct=True),
        named=Count("walk_in_name", distinct=True, filter=named),
    )
    return found["elders"] + found["named"]


def attendance_of(activity: Activity) -> QuerySet[Attendance]:
    """Who came to an activity, elders' names in the same query."""
    return (
        Attendance.objects.filter(activity=activity)
        .select_related("elder", "elder__area")
        .order_by("at", "id")
    )


def sign_ups_of(activity: Activity) -> QuerySet[SignUp]:
    return SignUp.objects.filter(activity=activity).select_related("elder", "elder__area")


def elder_activities(*, actor, elder, limit: int = 20) -> QuerySet[Attendance]:
    """The activities an elder attended, latest first (staff of the elder's station only)."""
    return (
        Attendance.objects.visible_to(actor)
        .filter(elder=elder)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .select_related("activity")
        .order_by("-activity__starts_at", "-id")[:limit]
    )


def satisfaction_summary(activity: Activity) -> dict:
    """Number of forms, mean total and the share satisfied, for one activity."""
    found = Feedback.objects.filter(activity=activity).aggregate(
        forms=Count("id"), mean=Avg("total"), satisfied=Count("id", filter=Q(satisfied=True))
    )
    return _summary(found)


def _summary(found: dict) -> dict:
    forms = found["forms"]
    return {
        "forms": forms,
        "mean_total": round(found["mean"], 1) if forms else None,
        "satisfied": found["satisfied"],
        "pct_satisfied": round(100 * found["satisfied"] / forms) if forms else None,
    }


def satisfaction_by_month(*, station, start: dt.date, end: dt.date) -> list[dict]:
    """Month by month (of the activity's date): forms, mean total and % satisfied."""
    rows = (
        Feedback.objects.filter(station=station)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .filter(period_q(start, end, "activity__"))
        .annotate(month=TruncMonth("activity__starts_at"))
        .values("month")
        .annotate(
            forms=Count("id"), mean=Avg("total"), satisfied=Count("id", filter=Q(satisfied=True))
        )  # fmt: skip
        .order_by("month")
    )
    return [{"month": row["month"], **_summary(row)} for row in rows]


def upcoming_activities(*, station, today: dt.date) -> QuerySet[Activity]:
    """Planned activities of a station from today on, soonest first (no attendee data)."""
    return Activity.objects.filter(
        station=station, status=Activity.Status.PLANNED, starts_at__gte=day_start(today)
    ).order_by("starts_at", "id")


def activities_in_range(*, station, start: dt.date, end: dt.date) -> QuerySet[Activity]:
    """A station's activities starting on local dates start..end, for the calendar."""
    return (
        Activity.objects.filter(station=station)
        .filter(period_q(start, end))
        .order_by("starts_at", "id")
    )


def activity_by_token(*, token: str, field: str = "sign_in_token") -> Activity:
    """The activity of a printed QR code, or 404 (the public pages' only way in)."""
    return get_object_or_404(Activity.objects.select_related("station"), **{field: token})
