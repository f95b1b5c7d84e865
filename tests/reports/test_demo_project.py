"""The demo's service project: a year's contract for a station with elders, its indicators on
measures of the catalogue whose progress computes from the demo's records; deterministic and
created once. Run on a small station (the assessments' test station and a year of
activities) to stay quick; `linli demo` prints the counts for the whole demo."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from linli.activities import selectors as activity_selectors
from linli.demo.activities import station_activities_create
from linli.demo.management.commands.demo import Command
from linli.demo.partners import partners_create
from linli.demo.projects import INDICATORS, demo_projects_create, project_period
from linli.demo.services import DemoSummary
from linli.reports import measures
from linli.reports.models import Project
from linli.reports.selectors import project_progress
from tests.demo.test_demo_assessments import TODAY, small_station


def test_the_demo_project_of_a_small_station(world):
    station, head = world["zhuoda"], world["users"]["zhuoda-head"]
    small_station(world)
    partners_create(station=station, rng=random.Random(1), today=TODAY, head=head)
    station_activities_create(station=station, seed=5, today=TODAY)
    counts = demo_projects_create(today=TODAY)
    # wangcheng has no elders in this world: no project there
    assert (counts.projects, counts.indicators) == (1, len(INDICATORS)) and len(INDICATORS) >= 10
    project = Project.objects.get()
    assert project.name == "吉阳区卓达大社区社会工作服务站项目（2026年度）" == counts.names[0]
    assert project.funder == "三亚市吉阳区民政局"
    assert (project.starts_on, project.ends_on) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert project.budget_yuan == Decimal(600000) and project.created_by == head
    assert list(project.stations.all()) == [station]
    indicators = list(project.indicators.all())
    assert [i.measure for i in indicators] == [row[0] for row in INDICATORS]
    assert all(i.measure in measures.CATALOGUE and i.target > 0 and i.label for i in indicators)
    rows = project_progress(project=project, today=TODAY)
    assert len(rows) == len(indicators)
    for row in rows:
        p = row.progress
        assert (p.elapsed_days, p.total_days, p.share_of_time) == (327, 365, Decimal("89.6"))
        assert p.status in ("on_track", "behind", "no_data")
    found = {row.indicator.measure: row.progress for row in rows}
    held = activity_selectors.person_times(station=station, start=project.starts_on, end=TODAY)
    assert found["person_times"].value == held > 0
    assert found["activities_held"].value > 0
    assert counts.on_track + counts.behind == sum(r.progress.status != "no_data" for r in rows)
    # loaded again: the station keeps its project
    assert demo_projects_create(today=TODAY).projects == 0 and Project.objects.count() == 1


def test_the_project_period_and_the_printed_line(world):
    assert project_period(dt.date(2026, 11, 23)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert project_period(dt.date(2026, 3, 15)) == (dt.date(2025, 5, 1), dt.date(2026, 4, 30))
    small_station(world)
    summary = DemoSummary(seed=5, today=TODAY, projects=demo_projects_create(today=TODAY))
    out = io.StringIO()
    Command(stdout=out)._print_summary(summary)
    counts = summary.projects
    assert (f"Service projects: 1 ({len(INDICATORS)} indicators: {counts.on_track} on track, "
            f"{counts.behind} behind)") in out.getvalue()  # fmt: skip
