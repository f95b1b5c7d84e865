"""Dashboard snapshots: each station's figures at the end of a day, kept in a row.

A region's dashboard at province scale (a hundred stations, a million elders, a year of calls
and visits) cannot count every record on every view: the indicators alone read every contact
of the year. So the region's dashboard shows the figures at the end of yesterday, read from
one snapshot per station, and says so. `linli dashboards snapshot` takes yesterday's snapshots
of every station after midnight (cron); a station without one is counted on the first view
that needs it and kept. A station's own dashboard stays live: it counts one station.

A snapshot is computed by the very functions the live dashboard, the API and the reports use
(reports.summary, reports.project_figures), for the same day, so the figures agree (tested).
Daily snapshots are kept for KEEP_DAYS days; month-end ones are kept for good, so that a
month's figures can be compared later.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import project_figures, summary
from .models import Project, Snapshot

KEEP_DAYS = 62


def key_text(key: tuple) -> str:
    """An indicator figure's key (project_figures.key_of) without its day, as snapshot text."""
    measure, filters, starts_on, _as_of = key
    return json.dumps([measure, filters, starts_on.isoformat()], ensure_ascii=False)


def _to_json(parts: dict) -> dict:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in parts.items()}


def _from_json(parts: dict) -> dict:
    return {k: Decimal(v) if isinstance(v, str) else v for k, v in parts.items()}


def take(*, stations: list, on: dt.date) -> dict[int, Snapshot]:
    """Count the stations' figures for the end of `on` and keep them (replacing any kept for
    that day), in the grouped queries of one region; {station id: snapshot}."""
    if not stations:
        return {}
    figures = summary.unlabelled(stations=stations, on=on, month_start=on)
    projects = project_figures.projects_running(station_ids=[s.pk for s in stations], on=on)
    found = project_figures.figures_of(projects, on)
    parts: dict[int, dict] = {s.pk: {} for s in stations}
    for pk, wanted in _wanted(projects, on).items():
        for key in wanted if pk in parts else ():
            # {} when the station has no record of the measure: counted, and nothing there
            parts[pk][key_text(key)] = _to_json(found.get(key, {}).get(pk, {}))
    now = timezone.now()
    rows = [Snapshot(station=s, on=on, figures=f, indicators=parts[s.pk], computed_at=now)
            for s, f in zip(stations, figures, strict=True)]  # fmt: skip
    with transaction.atomic():
        Snapshot.objects.filter(station__in=stations, on=on).delete()
        Snapshot.objects.bulk_create(rows)
    return {row.station_id: row for row in rows}


def _wanted(projects: list[Project], on: dt.date) -> dict[int, set[tuple]]:
    """{station id: the keys of the indicator figures its snapshot of `on` must hold}."""
    wanted: dict[int, set[tuple]] = {}
    for project in projects:
        as_of, elapsed, _total = project_figures.period_so_far(project, on)
        if not elapsed:
            continue
        keys = {project_figures.key_of(i, project, as_of) for i in project.indicators.all()
                if i.measure in project_figures.measures.CATALOGUE}  # fmt: skip
        for station in project.stations.all():
            wanted.setdefault(station.pk, set()).update(keys)
    return wanted


def for_day(*, stations: list, on: dt.date, projects: list[Project]) -> dict[int, Snapshot]:
    """The stations' snapshots of `on`, taking again those missing or lacking the figure of an
    indicator of `projects` (the projects running there on `on`: a project, a station or an
    indicator added since the snapshot was taken)."""
    kept = {s.station_id: s for s in Snapshot.objects.filter(station__in=stations, on=on)}
    wanted = _wanted(projects, on)

    def stale(station) -> bool:
        held = kept[station.pk].indicators if station.pk in kept else None
        return held is None or any(key_text(k) not in held for k in wanted.get(station.pk, ()))

    return {**kept, **take(stations=[s for s in stations if stale(s)], on=on)}


def figures_of(snapshot: Snapshot, station) -> dict:
    """The snapshot's figures labelled in the reader's language, under the station's name
    today."""
    figures = summary.labelled(snapshot.figures)
    figures["station"] = {"code": station.code, "name": station.name}
    return figures


def indicator_figures(snapshots: dict[int, Snapshot], projects: list[Project], on: dt.date):
    """The parts of the projects' indicator figures per station, from the snapshots, in the
    shape of project_figures.figures_of (so indicator_rows reads them unchanged)."""
    found: dict[tuple, dict] = {}
    for project in projects:
        as_of, elapsed, _total = project_figures.period_so_far(project, on)
        if not elapsed:
            continue
        for indicator in project.indicators.all():
            key = project_figures.key_of(indicator, project, as_of)
            by_station = found.setdefault(key, {})
            text = key_text(key)
            for station in project.stations.all():
                snapshot = snapshots.get(station.pk)
                parts = snapshot.indicators.get(text) if snapshot is not None else None
                if parts:  # {}: no record of the measure at the station
                    by_station[station.pk] = _from_json(parts)
    return found


def prune(*, today: dt.date) -> int:
    """Delete daily snapshots older than KEEP_DAYS days, keeping those of a month's last day."""
    old = Snapshot.objects.filter(on__lt=today - dt.timedelta(days=KEEP_DAYS))
    month_ends = [d for d in old.values_list("on", flat=True).distinct()
                  if (d + dt.timedelta(days=1)).day == 1]  # fmt: skip
    deleted, _by_model = old.exclude(Q(on__in=month_ends)).delete()
    return deleted
