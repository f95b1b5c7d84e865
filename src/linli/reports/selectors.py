"""Reads of projects, their indicators' progress and the records behind each figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from linli.lib import cursor as keyset
from linli.stations.models import Station, staff_station_ids
from linli.stations.selectors import can

from . import measures
from .indicators import Progress, period_so_far, progress, records_url
from .models import Indicator, Project


def projects_visible(*, actor) -> QuerySet[Project]:
    """Projects the actor may see, newest first, with their stations."""
    return Project.objects.visible_to(actor).prefetch_related(
        Prefetch("stations", queryset=Station.objects.order_by("code"))
    )


def project_get(*, actor, pk: int) -> Project:
    """One visible project, or 404 (another station's project is never confirmed)."""
    project = projects_visible(actor=actor).filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def project_editable(*, actor, project: Project) -> bool:
    """Whether the actor heads every station of the project."""
    stations = list(project.stations.all())
    return bool(stations) and all(can(actor, s, "manage_station") for s in stations)


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    measure: measures.Measure
    progress: Progress
    records_url: str


def project_progress(*, project: Project, today: dt.date) -> list[IndicatorProgress]:
    """Each indicator of a project with its progress on `today` (aggregates, no personal data)."""
    stations = list(project.stations.all())
    rows = []
    for indicator in project.indicators.all():
        indicator.project = project
        measure = measures.CATALOGUE.get(indicator.measure)
        if measure is None:  # a measure retired from the catalogue
            continue
        rows.append(IndicatorProgress(indicator, measure, progress(indicator, today, stations),
                                      records_url(indicator)))  # fmt: skip
    return rows


def indicator_get(*, actor, project_pk: int, pk: int) -> Indicator:
    """An indicator of a visible project, or 404."""
    project = project_get(actor=actor, pk=project_pk)
    indicator = Indicator.objects.filter(project=project, pk=pk).first()
    if indicator is None or indicator.measure not in measures.CATALOGUE:
        raise Http404
    indicator.project = project
    return indicator


@dataclass(frozen=True)
class Records:
    total: int  # records behind the figure, at every station of the project
    rows: list  # measures.Row of the actor's own stations; empty for viewers
    next_cursor: str | None
    names_shown: bool
    start: dt.date
    end: dt.date


def indicator_records(
    *, actor, indicator: Indicator, today: dt.date, cursor: str | None = None, limit: int = 50
) -> Records:
    """The records behind an indicator's figure. Everyone who sees the project sees the count;
    only staff see rows, and only those of their own stations (viewers see no names)."""
    project = indicator.project
    stations = list(project.stations.all())
    end, _elapsed, _total = period_so_far(project, today)
    start = project.starts_on

    def records(of):
        return measures.records_of(indicator.measure, stations=of, start=start, end=end,
                                   filters=indicator.filters)  # fmt: skip

    total = records(stations).order_by().count() if end >= start else 0
    own = [s for s in stations if s.pk in set(staff_station_ids(actor))]
    if not own or end < start:
        return Records(total, [], None, bool(own), start, end)
    measure = measures.CATALOGUE[indicator.measure]
    found, next_cursor = keyset.keyset_page(records(own), keys=measure.keys, cursor=cursor,
                                            limit=limit)  # fmt: skip
    return Records(total, [measure.row(r) for r in found], next_cursor, True, start, end)
