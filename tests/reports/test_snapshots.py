"""Dashboard snapshots: a station's figures kept at the end of a day for the region dashboard.
They equal the live figures of that day, are labelled in the reader's language, are taken on
the first view that lacks one (or lacks a project's indicator), and the region page reads them
in a number of queries that does not grow with the stations."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from linli.reports import project_figures, snapshots, summary
from linli.reports.models import Snapshot
from linli.stations import services as station_services
from tests.cases.factories import open_case
from tests.conftest import add_elder
from tests.reports.test_dashboard_indicators import project_of, records


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture
def zhuoda_records(world):
    add_elder(world, "zhuoda", name="王秀英", birth_date=dt.date(1940, 3, 1), sex="F",
              living_arrangement="alone")  # fmt: skip
    add_elder(world, "zhuoda", name="李建国", birth_date=dt.date(1950, 3, 1), sex="M")
    open_case(world, opened_on=yesterday() - dt.timedelta(days=3))
    records(world, held=2)


def test_a_snapshot_holds_the_live_figures_of_its_day(world, zhuoda_records):
    on = yesterday()
    project = project_of(world, [world["zhuoda"]], cases_opened=10, person_times=50)
    kept = snapshots.take(stations=[world["zhuoda"]], on=on)[world["zhuoda"].pk]
    live = summary.station_summary(station=world["zhuoda"], on=on, month_start=on)
    assert snapshots.figures_of(Snapshot.objects.get(pk=kept.pk), world["zhuoda"]) == live
    # two elders, the case's and the activities' (open_case and records add one each)
    assert live["active"] == 4 and live["open_cases_total"] == 1
    # the indicator figures read back from the snapshot equal those counted live
    projects = project_figures.projects_running(station_ids=[world["zhuoda"].pk], on=on)
    from_snapshot = snapshots.indicator_figures({world["zhuoda"].pk: kept}, projects, on)
    counted = project_figures.figures_of(projects, on)
    assert from_snapshot == counted
    rows = project_figures.indicator_rows(projects[0], on, from_snapshot)
    # one case in the period; person-times 2 × (elder, named walk-in and 3 anonymous) = 10
    assert [r.progress.value for r in rows] == [1, 10] and projects[0] == project


def test_labels_are_the_readers_language_not_the_takers(world, zhuoda_records):
    with translation.override("zh-hans"):
        kept = snapshots.take(stations=[world["zhuoda"]], on=yesterday())[world["zhuoda"].pk]
    assert "label" not in str(kept.figures)  # codes only are kept
    with translation.override("en"):
        figures = snapshots.figures_of(kept, world["zhuoda"])
    living = {r["code"]: r["label"] for r in figures["living"]}
    assert living["alone"] == "lives alone" and figures["living"][0]["count"] == 1
    stages = {r["code"]: (r["label"], r["count"]) for r in figures["open_cases"]}
    assert stages["intake"] == ("intake", 1)


def test_the_region_page_takes_missing_snapshots_then_reads_them(world, client_for,
                                                                 zhuoda_records):  # fmt: skip
    client = client_for("jiyang-viewer")
    response = client.get(reverse("dashboard:region"))
    assert response.status_code == 200
    # the viewer's region holds zhuoda only; wangcheng (another region) is not counted
    assert list(Snapshot.objects.values_list("station__code", "on")) == [("zhuoda", yesterday())]
    text = response.content.decode()
    assert f"Figures at the end of {yesterday():%Y-%m-%d}" in text
    # an elder registered after the snapshot was taken counts from the next snapshot on
    add_elder(world, "zhuoda", name="新来的", birth_date=dt.date(1945, 1, 1))
    assert client.get(reverse("dashboard:region")).context["figures"]["active"] == 4
    call_command("dashboards", "snapshot", stdout=StringIO())
    assert client.get(reverse("dashboard:region")).context["figures"]["active"] == 5


def test_a_project_added_after_the_snapshot_is_counted_at_once(world, client_for, zhuoda_records):
    client = client_for("jiyang-viewer")
    client.get(reverse("dashboard:region"))
    project_of(world, [world["zhuoda"]], activities_held=4)
    table = client.get(reverse("dashboard:region")).context["projects_table"]
    assert table["rows"][0]["cells"][0]["text"] == "2 / 4"  # not "0 / 4" from a stale row


def test_the_region_page_reads_snapshots_in_queries_that_do_not_grow_with_stations(
    world, client_for, django_assert_max_num_queries, zhuoda_records
):
    client = client_for("jiyang-viewer")
    project_of(world, [world["zhuoda"]], cases_opened=10, person_times=50)
    client.get(reverse("dashboard:region"))  # takes the snapshot
    with django_assert_max_num_queries(14) as one:
        assert client.get(reverse("dashboard:region")).status_code == 200
    for i in range(3):
        station = station_services.station_ensure(code=f"more{i}", name=f"社工站{i}",
                                                   region=world["jiyang"], areas=[])  # fmt: skip
        project_of(world, [station], name=f"项目{i}", cases_opened=5, person_times=20)
        add_elder(world, "zhuoda", name=f"老人{i}")
    call_command("dashboards", "snapshot", stdout=StringIO())
    with django_assert_max_num_queries(14) as four:
        response = client.get(reverse("dashboard:region"))
    assert len(four.captured_queries) == len(one.captured_queries)
    assert (
        len(response.context["stations"]) == 4
        and len(response.context["projects_table"]["rows"]) == 4
    )


def test_the_command_takes_every_station_and_replaces_a_day(world, zhuoda_records):
    out = StringIO()
    call_command("dashboards", "snapshot", "--json", stdout=out)
    assert '"stations": 2' in out.getvalue()
    first = {s.station.code: s.computed_at for s in Snapshot.objects.select_related("station")}
    assert set(first) == {"zhuoda", "wangcheng"}
    call_command("dashboards", "snapshot", "--station", "zhuoda", stdout=StringIO())
    again = {s.station.code: s.computed_at for s in Snapshot.objects.select_related("station")}
    assert Snapshot.objects.count() == 2 and again["zhuoda"] >= first["zhuoda"]
    assert again["wangcheng"] == first["wangcheng"]


@pytest.mark.parametrize("args", [["--on", "2026-13-01"], ["--on", "9999-01-01"],
                                  ["--station", "nowhere"]])  # fmt: skip
def test_the_command_refuses_bad_input_and_writes_nothing(world, args):
    with pytest.raises(CommandError) as error:
        call_command("dashboards", "snapshot", *args, stdout=StringIO())
    assert error.value.returncode == 2 and not Snapshot.objects.exists()


def test_pruning_keeps_recent_days_and_month_ends(world):
    today = dt.date(2026, 11, 23)
    days = [dt.date(2026, 8, 31), dt.date(2026, 9, 1), dt.date(2026, 9, 21),
            dt.date(2026, 9, 22), dt.date(2026, 9, 30)]  # fmt: skip
    for day in days:
        Snapshot.objects.create(station=world["zhuoda"], on=day)
    # kept: 62 days back from 23 November is 22 September; 31 August and 30 September end months
    assert snapshots.prune(today=today) == 2
    assert sorted(Snapshot.objects.values_list("on", flat=True)) == [
        dt.date(2026, 8, 31), dt.date(2026, 9, 22), dt.date(2026, 9, 30)]  # fmt: skip
