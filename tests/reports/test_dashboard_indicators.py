"""Indicators on the dashboards: a station sees the progress of its projects (figures by hand),
a region viewer compares the stations of the region on the indicators, with no personal data,
and both pages cost a number of queries that does not grow with the records or the stations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.reports import measures, project_figures
from linli.reports.indicators import progress
from linli.reports.models import Indicator, Project
from linli.stations import services as station_services
from tests.cases.factories import open_case
from tests.conftest import add_elder
from tests.reports.test_measures import activity, attend, local, plan

NAMES = ("王秀英", "李建国", "走进来的张阿姨")


def period():
    """A project of 200 days of which today is the 100th: 50.0% of the time has elapsed."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=99)
    return today, start, start + dt.timedelta(days=199)


def project_of(world, stations, name="卓达社工站服务项目", **targets) -> Project:
    _today, start, end = period()
    project = Project.objects.create(funder="三亚市吉阳区民政局", name=name, starts_on=start,
                                     ends_on=end, budget_yuan=Decimal(600000))  # fmt: skip
    project.stations.set(stations)
    for position, (measure, target) in enumerate(targets.items()):
        Indicator.objects.create(project=project, measure=measure, target=Decimal(target),
                                 position=position, label=f"指标{position}")  # fmt: skip
    return project


@pytest.fixture
def hailuo(world):
    """A second station in the viewer's region (吉阳区)."""
    world["hailuo"] = station_services.station_ensure(code="hailuo", name="海罗村社工站",
                                                      region=world["jiyang"], areas=[])  # fmt: skip
    return world["hailuo"]


def records(world, station="zhuoda", held=2):
    """Held activities in the period (and a cancelled one, and one before the period)."""
    _today, start, _end = period()
    elder = add_elder(world, "zhuoda", name=NAMES[0], birth_date=dt.date(1950, 1, 1))
    for i in range(held):
        act = activity(world, local(start + dt.timedelta(days=10 + i)), station=station)
        if station == "zhuoda":
            attend(act, elder=elder)
        attend(act, name=NAMES[2])
        attend(act, count=3)  # anonymous walk-ins
    activity(world, local(start + dt.timedelta(days=20)), status="cancelled", station=station)
    activity(world, local(start - dt.timedelta(days=1)), station=station)


def _rows(response, index=0):
    return {r["label"]: [*r["cells"], r["status"]]
            for r in response.context["projects"][index]["table"]["rows"]}  # fmt: skip


def test_station_dashboard_shows_the_progress_of_its_projects(world, client_for):
    today, start, _end = period()
    project = project_of(world, [world["zhuoda"]], cases_opened=10, activities_held=4,
                         person_times=100, followup_coverage_rate=90)  # fmt: skip
    elder = add_elder(world, "zhuoda", name=NAMES[1])
    plan(elder)  # 李建国 is kept in touch with; 王秀英 (added by `records`) has no plan
    for day in (start - dt.timedelta(days=5), start, start + dt.timedelta(days=30),
                start + dt.timedelta(days=60), today):  # fmt: skip
        open_case(world, elder=elder, opened_on=day)
    records(world)
    response = client_for("zhuoda-head").get(reverse("dashboard:station"))
    assert response.status_code == 200
    rows = _rows(response)
    # cases: 4 in the period of 10; 40.0% of the target in 50.0% of the time; 4 / 100 × 200 = 8
    assert rows["指标0"] == ["4", "10", "40.0%", "50.0%", "8.0", "behind"]
    # activities: 2 held (the cancelled one and the one before the period do not count)
    assert rows["指标1"] == ["2", "4", "50.0%", "50.0%", "4.0", "on_track"]
    # person-times: the elder, a named walk-in and three anonymous ones at each of the two
    assert rows["指标2"] == ["10", "100", "10.0%", "50.0%", "20.0", "behind"]
    # coverage: the one elder with a plan (李建国) was not reached
    assert rows["指标3"] == ["0.0%", "90%", "0.0%", "50.0%", "0.0%", "behind"]
    for indicator in project.indicators.all():  # the same figures as the project's own page
        assert str(progress(indicator, today).value) == rows[indicator.label][0].rstrip("%")
    text = response.content.decode()
    assert project.name in text and 'data-chart="st-project-' in text and "Behind schedule" in text
    assert reverse("projects:records", args=[project.pk, project.indicators.first().pk]) in text
    assert "style=" not in text


def test_a_project_not_running_today_is_not_shown(world, client_for):
    today, _start, _end = period()
    over = project_of(world, [world["zhuoda"]], name="去年的项目", cases_opened=10)
    Project.objects.filter(pk=over.pk).update(starts_on=today.replace(year=today.year - 2),
                                              ends_on=today - dt.timedelta(days=1))  # fmt: skip
    response = client_for("zhuoda-head").get(reverse("dashboard:station"))
    assert response.context["projects"] == [] and "去年的项目" not in response.content.decode()


def test_region_compares_its_projects_and_stations_on_the_indicators(world, client_for, hailuo):
    both = project_of(world, [world["zhuoda"], hailuo], name="吉阳区社工站项目",
                      activities_held=10, person_times=40)  # fmt: skip
    across = project_of(world, [world["zhuoda"], world["wangcheng"]], name="跨区项目",
                        activities_held=20)  # fmt: skip
    project_of(world, [world["wangcheng"]], name="望城的项目", activities_held=5)
    records(world, held=2)
    records(world, station="hailuo", held=1)
    records(world, station="wangcheng", held=3)
    response = client_for("jiyang-viewer").get(reverse("dashboard:region"))
    assert response.status_code == 200
    table = response.context["projects_table"]
    # a column per measure of the projects (activities before person-times, as in the catalogue)
    assert table["head"] == ["指标0", "指标1"]
    rows = table["rows"]
    # not another region's project; projects by start, then stations of a project by name
    zhuoda, hailuo_name = "卓达大社区社会工作服务站", "海罗村社工站"
    assert [r.get("project", r.get("station")) for r in rows] == [
        both, zhuoda, hailuo_name, across, zhuoda]  # fmt: skip
    # the region's day is yesterday, day 99 of 200: 49.5% of the time has elapsed.
    # activities 2 + 1 = 3 of 10; person-times: zhuoda 2 × (elder, named and 3 anonymous
    # walk-ins) = 10, hailuo 1 × (named and 3 anonymous) = 4: 14 of 40
    cells = [(c["text"], c["share"]) for c in rows[0]["cells"]]
    assert cells == [("3 / 10", "30.0%"), ("14 / 40", "35.0%")]
    # projected 3 × 200 / 99 = 6.1 < 10 and 14 × 200 / 99 = 28.3 < 40: both behind
    assert rows[0]["behind"] == 2 and all(c["behind"] for c in rows[0]["cells"])
    assert [c["text"] for c in rows[1]["cells"]] == ["2", "10"]
    assert [c["text"] for c in rows[2]["cells"]] == ["1", "4"]
    # the project reaching into another region: its figure is the whole project's (wangcheng's
    # three activities included), its station rows only the region's; no person-times indicator
    assert rows[3]["cells"][0]["text"] == "5 / 20" and rows[3]["cells"][1] is None
    assert rows[4]["cells"] == [{"text": "2"}, None]
    text = response.content.decode()
    assert "Service projects compared on their indicators" in text and "望城的项目" not in text
    for name in NAMES:  # counts only
        assert name not in text
    assert reverse("projects:records", args=[both.pk, both.indicators.first().pk]) not in text


def test_grouped_figures_equal_each_measure_at_each_station(world, hailuo):
    """The dashboard's one-query-per-indicator figures are the catalogue's, station by
    station and for the project, for every measure of the catalogue."""
    today, start, _end = period()
    project = project_of(world, [world["zhuoda"], hailuo],
                         **dict.fromkeys(measures.CATALOGUE, 10))  # fmt: skip
    records(world, held=2)
    records(world, station="hailuo", held=1)
    open_case(world, opened_on=start + dt.timedelta(days=3))
    rows = project_figures.indicator_rows(Project.objects.get(pk=project.pk), today)
    assert len(rows) == len(measures.CATALOGUE)
    for row in rows:
        assert row.progress == progress(row.indicator, today), row.indicator.measure
        for station in (world["zhuoda"], hailuo):
            alone = measures.value_of(row.indicator.measure, stations=[station], start=start,
                                      end=today, filters={})  # fmt: skip
            assert row.by_station[station.pk] == alone, row.indicator.measure


def test_indicators_cost_a_query_each_whatever_the_records_and_stations(
    world, client_for, hailuo, django_assert_max_num_queries
):
    client, name = client_for("zhuoda-head"), "dashboard:station"
    project = project_of(world, [world["zhuoda"]], cases_opened=10, activities_held=4,
                         person_times=100, unique_persons=20)  # fmt: skip
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse(name)).status_code == 200
    records(world, held=3)
    records(world, station="hailuo", held=2)
    project.stations.add(hailuo)
    with django_assert_max_num_queries(30) as many:
        assert client.get(reverse(name)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    project_of(world, [world["zhuoda"]], name="第二个项目", cases_opened=5)
    with django_assert_max_num_queries(30) as more:
        assert client.get(reverse(name)).status_code == 200
    # a second project with a measure of the first over the same period: no more queries
    assert len(more.captured_queries) == len(many.captured_queries)
    for station in ("zhuoda", "hailuo"):  # a contract per station for the same period
        project_of(world, [world[station]], name=f"{station}的项目", cases_opened=5)
    with django_assert_max_num_queries(30) as same:
        assert client.get(reverse(name)).status_code == 200
    # a contract per station, the same measure and period: still the same queries
    assert len(same.captured_queries) == len(more.captured_queries)
    project_of(world, [world["zhuoda"]], name="再一个项目", home_visits=5)
    with django_assert_max_num_queries(30) as other:
        assert client.get(reverse(name)).status_code == 200
    assert len(other.captured_queries) == len(same.captured_queries) + 1  # a measure more
