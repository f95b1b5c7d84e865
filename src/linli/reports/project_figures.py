"""The figures of the indicators of the projects running on a day, per station.

Each indicator's figure is computed per station in one grouped query over the records of the
measure (measures.records_of), and the project's figure is the sum of its stations' (a rate
from the summed hits and bases): so a project of a hundred stations costs a query per
indicator, and a station's figure on the region's comparison adds up to the project's.
The parts per station are what a dashboard snapshot keeps (reports.snapshots).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, Sum

from linli.stations.models import Station

from . import measures
from .indicators import Progress, period_so_far, project_to_end, records_url, status_of
from .models import Indicator, Project

STATION_OF = {"group_sessions": "group__station_id"}  # the records' path to their station
NAMED_WALK_IN = Q(elder__isnull=True) & ~Q(walk_in_name="")
TENTH = Decimal("0.1")


def projects_running(*, station_ids: list[int], on: dt.date) -> list[Project]:
    """Projects of any of the stations running on `on`, with stations and indicators loaded."""
    ordered = Station.objects.order_by("name", "code")
    return list(
        Project.objects.filter(stations__in=station_ids, starts_on__lte=on, ends_on__gte=on)
        .distinct()
        .order_by("starts_on", "id")
        .prefetch_related(Prefetch("stations", queryset=ordered), "indicators")
    )


def _aggregates(code: str, measure: measures.Measure) -> dict:
    if measure.rate:
        return {"n": Count("pk"), "hits": Count("pk", filter=Q(hit=True))}
    if code == "person_times":
        return {"n": Sum("count")}
    if code == "unique_persons":
        return {"n": Count("elder", distinct=True),
                "named": Count("walk_in_name", distinct=True, filter=NAMED_WALK_IN)}  # fmt: skip
    if code == "volunteer_hours":
        return {"n": Sum("hours")}
    return {"n": Count("pk")}


def parts_by_station(indicator: Indicator, stations, start: dt.date, end: dt.date) -> dict:
    """{station id: the parts of the indicator's figure there}, in one query."""
    measure = measures.CATALOGUE[indicator.measure]
    filters = measures.clean_filters(indicator.measure, indicator.filters)
    key = STATION_OF.get(indicator.measure, "station_id")
    rows = (
        measure.records(list(stations), start, end, filters)
        .order_by()
        .values(key)
        .annotate(**_aggregates(indicator.measure, measure))
    )
    return {row.pop(key): row for row in rows}


def value_from(code: str, parts: list[dict]) -> measures.Value:
    """The figure of the stations whose parts are given (the measure's own arithmetic)."""
    measure = measures.CATALOGUE[code]
    if measure.rate:
        return measures.share(sum(p["hits"] for p in parts), sum(p["n"] for p in parts))
    if code == "volunteer_hours":
        return sum((p["n"] or Decimal(0) for p in parts), Decimal("0.00"))
    return sum((p["n"] or 0) + p.get("named", 0) for p in parts)


def pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP)


def progress_of(indicator: Indicator, project: Project, value, today: dt.date) -> Progress:
    """The indicator's progress from its figure, by the rules of reports.indicators."""
    measure = measures.CATALOGUE[indicator.measure]
    as_of, elapsed, total = period_so_far(project, today)
    value = value if elapsed else None
    projected = project_to_end(measure, value, elapsed, total)
    share_target, share_time = pct(value, indicator.target), pct(elapsed, total)
    status = status_of(measure, projected, share_target, share_time, indicator.target, elapsed)
    return Progress(value, indicator.target, share_target, share_time, projected, status, as_of,
                    elapsed, total)  # fmt: skip


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    measure: measures.Measure
    progress: Progress
    by_station: dict  # station id → the figure there
    records_url: str


def key_of(indicator: Indicator, project: Project, as_of: dt.date) -> tuple:
    """What identifies the figure of an indicator: projects sharing it share one query."""
    filters = measures.clean_filters(indicator.measure, indicator.filters)
    return (indicator.measure, repr(sorted(filters.items())), project.starts_on, as_of)


def figures_of(projects: list[Project], today: dt.date) -> dict[tuple, dict]:
    """The parts of every indicator's figure per station, one grouped query for each measure,
    filters and period the projects share (a district's stations each under their own
    contract for the same year cost the queries of one project)."""
    wanted: dict[tuple, tuple[Indicator, Project, dict]] = {}
    for project in projects:
        as_of, elapsed, _total = period_so_far(project, today)
        if not elapsed:
            continue
        for indicator in project.indicators.all():
            if indicator.measure in measures.CATALOGUE:
                _i, _p, stations = wanted.setdefault(key_of(indicator, project, as_of),
                                                     (indicator, project, {}))  # fmt: skip
                stations.update((s.pk, s) for s in project.stations.all())
    return {key: parts_by_station(indicator, list(stations.values()), project.starts_on, key[3])
            for key, (indicator, project, stations) in wanted.items()}  # fmt: skip


def indicator_rows(project: Project, today: dt.date, figures: dict | None = None):
    """Each indicator of the project with its progress and its figure at each station
    (`figures`: figures_of the projects shown together, computed here when not given)."""
    figures = figures_of([project], today) if figures is None else figures
    stations = list(project.stations.all())
    as_of, _elapsed, _total = period_so_far(project, today)
    rows = []
    for indicator in project.indicators.all():
        measure = measures.CATALOGUE.get(indicator.measure)
        if measure is None:  # a measure retired from the catalogue
            continue
        indicator.project = project
        found = figures.get(key_of(indicator, project, as_of), {})
        parts = {s.pk: found[s.pk] for s in stations if s.pk in found}
        value = value_from(indicator.measure, list(parts.values()))
        by_station = {s.pk: value_from(indicator.measure, [parts[s.pk]] if s.pk in parts else [])
                      for s in stations}  # fmt: skip
        rows.append(IndicatorRow(indicator, measure, progress_of(indicator, project, value, today),
                                 by_station, records_url(indicator)))  # fmt: skip
    return rows
