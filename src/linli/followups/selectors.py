"""Reads about keeping in touch: worklists, coverage, the overdue list, the emergency board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from linli.elders.models import Elder
from linli.stations.models import Area, Membership
from linli.stations.roles import role_has
from linli.stations.selectors import role_at

from . import cadence
from .emergencies import covered_elders
from .models import Alert, Contact, Emergency, Plan, Task

SECTION_LIMIT = 100
# My day shows the first rows of each section (the counts say how many in all): a phone page
# with hundreds of rows is slow to draw and to scroll, and logging a row brings the next one up.
DAY_LIMITS = {"overdue": 30, "due_today": 40, "due_week": 15}
API_LIMITS = dict.fromkeys(DAY_LIMITS, SECTION_LIMIT)


@dataclass
class Worklist:
    today: dt.date
    overdue: list[Plan] = field(default_factory=list)
    due_today: list[Plan] = field(default_factory=list)
    due_week: list[Plan] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    checkins: list[tuple[Emergency, list[Elder]]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def plans_visible(*, actor, station) -> QuerySet[Plan]:
    """Plans of the station's elders the actor may see (volunteers: their paired elders)."""
    return Plan.objects.visible_to(actor).filter(station=station)


def worklist(
    *, actor, station, worker, today: dt.date, limits: dict[str, int] = DAY_LIMITS
) -> Worklist:
    """A worker's day: overdue (highest risk, then oldest, first), due today and this week,
    open tasks, open alerts and emergency check-ins not yet made today. A volunteer's day
    holds the plans of the elders they are paired with."""
    plans = plans_visible(actor=actor, station=station)
    if role_at(actor, station) != Membership.Role.VOLUNTEER:  # a volunteer's are their pairs
        plans = plans.filter(worker=worker)
    plans = plans.select_related("elder", "elder__area")
    week_end = today + dt.timedelta(days=6)
    result = Worklist(today=today)
    overdue = plans.filter(next_due__lt=today).order_by("risk_rank", "next_due", "id")
    due_today = plans.filter(next_due=today).order_by("risk_rank", "id")
    due_week = plans.filter(next_due__gt=today, next_due__lte=week_end).order_by(
        "next_due", "risk_rank", "id"
    )
    result.overdue = list(overdue[: limits["overdue"]])
    result.due_today = list(due_today[: limits["due_today"]])
    result.due_week = list(due_week[: limits["due_week"]])
    result.counts = plans.aggregate(
        overdue=Count("pk", filter=Q(next_due__lt=today)),
        due_today=Count("pk", filter=Q(next_due=today)),
        due_week=Count("pk", filter=Q(next_due__gt=today, next_due__lte=week_end)),
    )
    result.tasks = list(
        Task.objects.visible_to(actor).filter(station=station, assigned_to=worker,
                                              status=Task.Status.OPEN, due_on__lte=week_end)
        .select_related("elder", "elder__area").order_by("due_on", "id")[:SECTION_LIMIT]
    )  # fmt: skip
    result.alerts = list(_alerts(actor, station, worker)[:SECTION_LIMIT])
    result.checkins = checkins_due(actor=actor, station=station, worker=worker, today=today)
    return result


def _alerts(actor, station, worker) -> QuerySet[Alert]:
    alerts = Alert.objects.visible_to(actor).filter(station=station, resolved_at__isnull=True)
    if not role_has(role_at(actor, station), "manage_station"):
        alerts = alerts.filter(elder__assigned_worker=worker)
    return alerts.select_related("elder", "elder__area", "contact").order_by("-created_at", "-id")


def open_emergencies(station) -> list[Emergency]:
    return list(Emergency.objects.filter(station=station, closed_at__isnull=True))


def checkins_due(*, actor, station, worker, today: dt.date) -> list[tuple[Emergency, list]]:
    """For each open emergency: the worker's covered elders not checked in today."""
    result = []
    for emergency in open_emergencies(station):
        if emergency.starts_on > today:
            continue
        elders = (covered_elders(emergency, today=today)
                  .filter(pk__in=Elder.objects.visible_to(actor), assigned_worker=worker)
                  .exclude(Exists(_checked_today(emergency, today)))
                  .select_related("area").order_by("area__name", "name_pinyin", "id"))  # fmt: skip
        result.append((emergency, list(elders[:SECTION_LIMIT])))
    return result


def _checked_today(emergency: Emergency, today: dt.date) -> QuerySet[Contact]:
    return Contact.objects.filter(elder=OuterRef("pk"), emergency=emergency, at__range=_day(today))


def _day(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day as aware datetimes: a range the (elder, at) index answers, where a date
    cast per row (at__date) made SQLite scan all of an emergency's check-ins for each elder."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1, microseconds=-1)


@dataclass
class CoverageRow:
    key: object  # a rule code, an Area id or a worker id (None: none)
    label: str
    due: int
    reached: int
    attempted: int
    not_attempted: int

    @property
    def rate(self) -> float | None:
        return self.reached / self.due if self.due else None


def coverage(*, actor, station, month: dt.date, kind: str = "call") -> dict[str, list]:
    """This month's coverage by rule, area and worker: due, reached, attempted, not attempted.

    Due this month: the plan fell due by the month's end, or was met during the month.
    """
    start, end = cadence.month_bounds(month)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    plans = (
        plans_visible(actor=actor, station=station)
        .filter(kind=kind)
        .filter(Q(next_due__lte=end) | Q(last_reached_at__gte=since))
    )
    reached = Q(last_reached_at__gte=since)
    attempted = ~reached & Q(last_attempt_at__gte=since)
    measures = {"due": Count("pk"), "reached": Count("pk", filter=reached),
                "attempted": Count("pk", filter=attempted)}  # fmt: skip
    return {
        "rule": _rows(plans, "rule_code", "rule_label", measures),
        "area": _rows(plans, "area_id", "area__name", measures),
        "worker": _rows(plans, "worker_id", "worker__display_name", measures),
        "total": _rows(plans.annotate(), None, None, measures),
    }


def _rows(plans, key: str | None, label: str | None, measures) -> list[CoverageRow]:
    group = [k for k in (key, label) if k]
    rows = plans.values(*group).annotate(**measures).order_by(*group) if group else [
        plans.aggregate(**measures)]  # fmt: skip
    return [
        CoverageRow(key=r.get(key) if key else None, label=(r.get(label) or "") if label else "",
                    due=r["due"], reached=r["reached"], attempted=r["attempted"],
                    not_attempted=r["due"] - r["reached"] - r["attempted"])
        for r in rows
    ]  # fmt: skip


def overdue(*, actor, station, today: dt.date, kind: str | None = None) -> QuerySet[Plan]:
    """Everyone overdue at the station, highest risk and oldest first (for the head)."""
    plans = plans_visible(actor=actor, station=station).filter(next_due__lt=today)
    if kind:
        plans = plans.filter(kind=kind)
    return plans.select_related("elder", "elder__area", "worker").order_by(
        "risk_rank", "next_due", "id"
    )


def emergency_board(*, emergency: Emergency, actor, today: dt.date) -> list[dict]:
    """Per area: elders covered, checked in today, and who has not been reached today.

    Counted in the database; only the elders still waiting are loaded (thousands are covered
    in a station, most of them reached by the afternoon)."""
    covered = covered_elders(emergency, today=today).filter(pk__in=Elder.objects.visible_to(actor))
    reached_today = _reached_today(emergency, today)
    counts = covered.values("area_id").order_by().annotate(
        covered=Count("pk"), reached=Count("pk", filter=Exists(reached_today)))  # fmt: skip
    areas = {a.pk: a for a in Area.objects.filter(pk__in=[c["area_id"] for c in counts])}
    board = {c["area_id"]: {"area": areas.get(c["area_id"]), "covered": c["covered"],
                            "reached": c["reached"], "waiting": []} for c in counts}  # fmt: skip
    waiting = (covered.exclude(Exists(reached_today)).select_related("area", "assigned_worker")
               .order_by("area__name", "name_pinyin", "id"))  # fmt: skip
    for elder in waiting:
        board[elder.area_id]["waiting"].append(elder)
    return sorted(board.values(), key=lambda e: (e["area"] is None, str(e["area"] or "")))


def _reached_today(emergency: Emergency, today: dt.date) -> QuerySet[Contact]:
    return Contact.objects.filter(elder=OuterRef("pk"), emergency=emergency, at__range=_day(today),
                                  outcome__in=["reached", "in_hospital"])  # fmt: skip


def emergencies_of(*, stations) -> QuerySet[Emergency]:
    """Emergencies of the given stations (the actor's own, or their region's), newest first."""
    emergencies = Emergency.objects.filter(station__in=stations)
    return emergencies.select_related("station", "opened_by").order_by("-opened_at", "-id")


def emergency_board_counts(*, emergency: Emergency, today: dt.date) -> list[dict]:
    """Per area: elders covered and reached today, as counts only (for region viewers)."""
    reached_today = _reached_today(emergency, today)
    rows = (covered_elders(emergency, today=today).values("area_id", "area__name")
            .annotate(covered=Count("pk"), reached=Count("pk", filter=Exists(reached_today)))
            .order_by("area__name", "area_id"))  # fmt: skip
    return [{"area_name": r["area__name"] or "", "covered": r["covered"], "reached": r["reached"]}
            for r in rows]  # fmt: skip


def elder_contacts(*, elder: Elder, limit: int = 20) -> list[Contact]:
    """An elder's latest contacts, for their page."""
    return list(elder.contacts.select_related("by", "emergency").order_by("-at", "-id")[:limit])
