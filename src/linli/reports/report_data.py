"""One funder report (monthly, mid-term or final) for a project and a period, assembled from the
measures catalogue, the station summary and the apps' selectors, so every figure equals the
dashboard's and the API's. The one count of its own is the open cases at the end of the period
(`open_cases_at`): the dashboard shows today's stages, a report for a past period the stages then.

A report names no person: activities by theme, groups by name, cases and referrals as counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from linli.activities.selectors import day_start, with_counts
from linli.cases import process
from linli.cases.models import Case, CaseEvent, Goal, Stage
from linli.errands.models import ServiceRequest
from linli.followups import cadence
from linli.groupwork import selectors as group_selectors
from linli.groupwork import wording
from linli.partners.models import Partner
from linli.partners.selectors import five_party_summary
from linli.volunteers.models import Pairing

from . import measures, summary
from .models import Project
from .selectors import project_progress

KINDS = {
    "monthly": gettext_lazy("monthly report"),
    "midterm": gettext_lazy("mid-term evaluation report"),
    "final": gettext_lazy("final evaluation report"),
}
REFLECTIONS = (
    gettext_lazy("Experience and reflection"),
    gettext_lazy("Problems"),
    gettext_lazy("Next steps"),
)
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class BadPeriod(ValueError):
    """A period that is not YYYY-MM or START..END with START on or before END."""


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """`YYYY-MM` (a calendar month) or `YYYY-MM-DD..YYYY-MM-DD` (both days included)."""
    text = (text or "").strip()
    try:
        if found := MONTH.match(text):
            return cadence.month_bounds(dt.date(int(found[1]), int(found[2]), 1))
        if found := RANGE.match(text):
            start, end = dt.date.fromisoformat(found[1]), dt.date.fromisoformat(found[2])
            if start <= end:
                return start, end
    except ValueError:
        pass
    raise BadPeriod(text)


@dataclass
class Report:
    kind: str
    project: Project
    start: dt.date
    end: dt.date
    title: str
    stations: list[str]
    needs: dict
    cases: dict
    groups: list[dict]
    activities: list[dict]
    activity_totals: dict
    trend: list[dict]
    followups: dict
    requests: dict
    referrals: list[dict] | None
    volunteers: dict
    satisfaction: dict
    indicators: list[dict]
    reflections: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def _value(code: str, stations, start, end):
    return measures.value_of(code, stations=stations, start=start, end=end, filters={})


def _records(code: str, stations, start, end):
    return measures.records_of(code, stations=stations, start=start, end=end, filters={})


def build_report(*, project: Project, kind: str, start: dt.date, end: dt.date,
                 actor=None) -> Report:  # fmt: skip
    """The report's figures and tables for the project's stations from start to end."""
    if kind not in KINDS:
        raise ValueError(kind)
    stations = list(project.stations.order_by("code"))
    title = report_title(project, kind, start)
    return Report(
        kind=kind, project=project, start=start, end=end, title=title,
        stations=[s.name for s in stations], needs=needs(stations, start, end),
        cases=cases(stations, start, end), groups=groups(stations, start, end),
        activities=activities(stations, start, end),
        activity_totals=activity_totals(stations, start, end),
        trend=trend(stations, start, end), followups=followups(stations, start, end),
        requests=requests(stations, start, end),
        referrals=referrals(actor, stations, start, end),
        volunteers=volunteers(stations, start, end),
        satisfaction=satisfaction(stations, start, end),
        indicators=indicators(project, end), reflections=[str(r) for r in REFLECTIONS],
    )  # fmt: skip


def report_title(project: Project, kind: str, start: dt.date) -> str:
    """《project + kind》 as Chinese funders expect it; a monthly report names its month."""
    if kind == "monthly":
        return _("%(project)s: monthly report for %(year)s-%(month)s") % {
            "project": project.name,
            "year": start.year,
            "month": f"{start.month:02d}",
        }
    return _("%(project)s: %(kind)s") % {"project": project.name, "kind": KINDS[kind]}


def needs(stations, start, end) -> dict:
    """The dashboard's figures on the last day: age bands, pyramid, categories, living."""
    total = summary.stations_summary(stations=stations, on=end, month_start=end)["total"]
    survey = _value("needs_survey_coverage", stations, start, end)
    return {
        "active": total["active"], "age_bands": total["age_bands"], "pyramid": total["pyramid"],
        "under_60": total["under_60"], "no_birth_date": total["no_birth_date"],
        "categories": total["categories"], "living": total["living"],
        "survey_coverage": survey,
    }  # fmt: skip


def cases(stations, start, end) -> dict:
    """Cases opened and closed, the goals of the closed cases by attainment, and the cases
    open at the end of the period by the stage they were in then."""
    closed = _records("cases_closed", stations, start, end)
    found = dict(
        Goal.objects.filter(case__in=closed.values("pk"))
        .values_list("attainment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    goals = [{"code": code, "label": str(label), "count": found.get(code, 0)}
             for code, label in Goal.Attainment.choices]  # fmt: skip
    return {
        "opened": _value("cases_opened", stations, start, end),
        "closed": _value("cases_closed", stations, start, end),
        "goals": goals,
        "goals_attained": found.get(Goal.Attainment.ATTAINED, 0),
        "goals_total": sum(found.values()),
        **open_cases_at(stations, end),
    }


def open_cases_at(stations, end: dt.date) -> dict:
    """Cases open at the end of the day `end`, by the stage they were in then, in the order of
    the process (the stages from intake to evaluation; referred out, closed and follow-up are
    not open). The stage then is the one entered by the case's last move (CaseEvent) on or
    before that local date, or intake when it has none by then (opening writes an event, but
    a case recorded later with an earlier opening date has its first event after the date).
    One query: the stage then is a subquery, the counts are grouped in the database."""
    last_move = (
        CaseEvent.objects.filter(case=OuterRef("pk"), at__lt=day_start(end + dt.timedelta(days=1)))
        .order_by("-at", "-pk")
        .values("to_stage")[:1]
    )
    found = dict(
        Case.objects.filter(station__in=stations, opened_on__lte=end)
        .annotate(stage_then=Coalesce(Subquery(last_move), Value(process.INTAKE)))
        .values_list("stage_then")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = dict(Stage.choices)
    stages = [{"code": code, "label": str(labels[code]), "count": found.get(code, 0)}
              for code in process.STAGES if code in process.OPEN_STAGES]  # fmt: skip
    return {"open_by_stage": stages, "open": sum(s["count"] for s in stages)}


def groups(stations, start, end) -> list[dict]:
    """Each group run in the period: sessions held in it, members, the outcome sentence."""
    sessions = _records("group_sessions", stations, start, end)
    held = dict(sessions.values_list("group_id").annotate(n=Count("pk")).order_by())
    rows = []
    nobody = AnonymousUser()
    for group in _records("groups_run", stations, start, end).order_by("starts_on", "pk"):
        members = group.members.filter(joined_on__lte=end).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=start)
        )
        result = group_selectors.outcome(actor=nobody, group=group)
        name = str(result.instrument.name) if result.instrument else ""
        rows.append({
            "name": group.name, "type": str(group.get_type_display()),
            "sessions": held.get(group.pk, 0), "members": members.count(),
            "outcome": str(wording.plain_sentence(result.result, name, result.higher_is)),
        })  # fmt: skip
    return rows


def activities(stations, start, end) -> list[dict]:
    """The activities held in the period, by date: theme, type, partners, person-times."""
    found = with_counts(_records("activities_held", stations, start, end))
    rows = []
    for a in found.prefetch_related("partners").order_by("starts_at", "pk"):
        rows.append({
            "date": measures.timezone_date(a.starts_at), "theme": a.title,
            "type": str(a.get_type_display()),
            "partners": "、".join(p.name for p in a.partners.all()),
            "person_times": a.person_times,
        })  # fmt: skip
    return rows


def activity_totals(stations, start, end) -> dict:
    return {code: _value(code, stations, start, end)
            for code in ("activities_held", "person_times", "unique_persons")}  # fmt: skip


def months_of(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months of the period, each clipped to the period."""
    found, day = [], start.replace(day=1)
    while day <= end:
        first, last = cadence.month_bounds(day)
        found.append((max(first, start), min(last, end)))
        day = last + dt.timedelta(days=1)
    return found


def trend(stations, start, end) -> list[dict]:
    """Activities held and person-times month by month (the same measures, per month)."""
    return [{"month": f"{a:%Y-%m}", "activities": _value("activities_held", stations, a, b),
             "person_times": _value("person_times", stations, a, b)}
            for a, b in months_of(start, end)]  # fmt: skip


def followups(stations, start, end) -> dict:
    base = _records("followup_coverage_rate", stations, start, end)
    return {"coverage_rate": _value("followup_coverage_rate", stations, start, end),
            "reached": base.filter(hit=True).count(), "elders": base.count(),
            "home_visits": _value("home_visits", stations, start, end)}  # fmt: skip


def requests(stations, start, end) -> dict:
    found = dict(
        _records("requests_completed", stations, start, end)
        .values_list("type").annotate(n=Count("pk")).order_by()
    )  # fmt: skip
    by_type = [{"label": str(label), "count": found[code]}
               for code, label in ServiceRequest.Type.choices if found.get(code)]  # fmt: skip
    return {"completed": _value("requests_completed", stations, start, end), "by_type": by_type}


def referrals(actor, stations, start, end) -> list[dict] | None:
    """Referrals by party and partner type (the partners app's five-party summary); None when
    nobody asks (the command line without a user), since referrals are read through an actor."""
    if actor is None:
        return None
    parties, kinds = dict(Partner.Party.choices), dict(Partner.Kind.choices)
    totals: dict[tuple, int] = {}
    for station in stations:
        for row in five_party_summary(actor=actor, station=station, start=start, end=end):
            key = (row["party"], row["kind"])
            totals[key] = totals.get(key, 0) + row["referrals"]
    return [{"party": str(parties.get(p, p)), "kind": str(kinds.get(k, k)), "referrals": n}
            for (p, k), n in sorted(totals.items())]  # fmt: skip


def volunteers(stations, start, end) -> dict:
    pairings = Pairing.objects.filter(station__in=stations, started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    return {"registered": _value("volunteers_registered", stations, start, end),
            "hours": _value("volunteer_hours", stations, start, end),
            "pairings": pairings.count()}  # fmt: skip


def satisfaction(stations, start, end) -> dict:
    return {"rate": _value("satisfaction_rate", stations, start, end),
            "forms": _records("satisfaction_rate", stations, start, end).count()}  # fmt: skip


def indicators(project: Project, end: dt.date) -> list[dict]:
    """Every indicator's attainment on the report's last day (the project page's progress)."""
    labels = {"on_track": _("on track"), "behind": _("behind"),
              "not_started": _("not started"), "no_data": _("no data")}  # fmt: skip
    rows = []
    for row in project_progress(project=project, today=end):
        p = row.progress
        rows.append({
            "label": str(row.indicator), "unit": str(row.measure.unit), "target": p.target,
            "value": p.value, "share_of_target": p.share_of_target,
            "share_of_time": p.share_of_time, "status": str(labels.get(p.status, p.status)),
        })  # fmt: skip
    return rows


def as_fraction(percent) -> float | None:
    """A percentage (12.5) as the fraction a spreadsheet formats as 12.5%."""
    return None if percent is None else float(Decimal(percent) / 100)
