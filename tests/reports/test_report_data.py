"""The report's figures equal the measures, the station summary and the API for the same
period; periods parse or are refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from linli.reports import measures, summary
from linli.reports.report_data import BadPeriod, build_report, parse_period
from tests.conftest import token_client
from tests.reports.test_measures import END, START
from tests.reports.test_report_world import MARCH, build


@pytest.fixture
def project(world):
    return build(world)


def march(project, world, kind="monthly"):
    return build_report(project=project, kind=kind, start=MARCH[0], end=MARCH[1],
                        actor=world["users"]["zhuoda-head"])  # fmt: skip


def test_march_figures_by_hand(project, world):
    with translation.override("en"):
        report = march(project, world)
    assert report.activity_totals == {"activities_held": 2, "person_times": 9,
                                      "unique_persons": 3}  # fmt: skip
    assert report.cases["opened"] == 1
    assert (report.cases["closed"], report.cases["goals_total"]) == (1, 2)
    assert report.cases["goals_attained"] == 1
    assert report.volunteers == {"registered": 1, "hours": Decimal("2.50"), "pairings": 0}
    assert report.needs["age_bands"] == {"60-69": 1, "70-79": 1, "80-89": 1, "90+": 0}
    assert [(a["theme"], a["person_times"]) for a in report.activities] == [
        ("健康讲座", 7), ("手工编织", 2)]  # fmt: skip
    assert report.trend == [{"month": "2026-03", "activities": 2, "person_times": 9}]
    (group,) = report.groups
    assert (group["name"], group["sessions"]) == ("邻里互助小组", 2)
    assert report.title == f"{project.name}: monthly report for 2026-03"
    # indicators on 31 March, counted from the project's first day
    values = {i["label"]: i["value"] for i in report.indicators}
    assert values == {"社区活动场次": 2, "服务人次": 9, "个案开案数": 2}


def test_report_figures_equal_the_measures_and_the_summary(project, world):
    report = march(project, world)
    stations = [world["zhuoda"]]
    for code in ("activities_held", "person_times", "unique_persons"):
        assert report.activity_totals[code] == measures.value_of(
            code, stations=stations, start=MARCH[0], end=MARCH[1], filters={}
        )
    assert report.cases["opened"] == measures.value_of(
        "cases_opened", stations=stations, start=MARCH[0], end=MARCH[1], filters={}
    )
    figures = summary.station_summary(station=world["zhuoda"], on=MARCH[1], month_start=MARCH[0])
    assert report.needs["age_bands"] == figures["age_bands"]
    assert report.needs["pyramid"] == figures["pyramid"]
    month = next(m for m in figures["trend"] if m["month"] == "2026-03")
    assert report.trend[0]["person_times"] == month["person_times"] == 9


def test_report_figures_equal_the_api(project, world):
    client = token_client("zhuoda-head")
    body = client.get("/api/v1/stations/zhuoda/summary", {"on": "2026-03-31"}).json()
    report = march(project, world)
    assert report.needs["age_bands"] == body["age_bands"]
    # the period ends after every move of the world's cases: the stage then is today's stage
    assert report.cases["open"] == body["open_cases_total"] == 1
    # the project API counts up to today, which is after the project's end: the whole project
    whole = build_report(project=project, kind="final", start=START, end=END)
    api = {i["label"]: i["value"] for i in
           client.get(f"/api/v1/projects/{project.pk}").json()["indicators"]}  # fmt: skip
    assert api == {i["label"]: float(i["value"]) for i in whole.indicators}
    assert api == {"社区活动场次": 3, "服务人次": 10, "个案开案数": 2}
    assert whole.activity_totals["activities_held"] == 3
    assert whole.activity_totals["person_times"] == 10


def test_referrals_need_an_actor(project, world):
    report = build_report(project=project, kind="midterm", start=START, end=END)
    assert report.referrals is None
    assert march(project, world).referrals == []


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-02", (dt.date(2026, 2, 1), dt.date(2026, 2, 28))),
    ("2026-01-01..2026-06-30", (START, END)),
    ("2026-03-01..2026-03-01", (MARCH[0], MARCH[0])),
])  # fmt: skip
def test_periods(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2026-13", "2026-06-30..2026-01-01", "2026-02-30..2026-03-01", "March", "2026-1"]
)
def test_bad_periods(text):
    with pytest.raises(BadPeriod):
        parse_period(text)


def test_elders_outside_the_age_bands_are_explained(project, world):
    """An elder 59 on the period's last day (60 the day after) and one without a birth date
    are active but in no band: the report says so, so that the bands add up to the total."""
    from tests.conftest import add_elder

    add_elder(world, "zhuoda", name="差一天六十", birth_date=dt.date(1966, 4, 1))
    add_elder(world, "zhuoda", name="无生日", birth_date=None)
    with translation.override("en"):
        report = march(project, world)
        text = _docx_text(report)
    bands = sum(report.needs["age_bands"].values())
    assert (report.needs["under_60"], report.needs["no_birth_date"]) == (1, 1)
    assert bands + 2 == report.needs["active"]
    assert "Ages are on 2026-03-31: 1 were not yet 60 that day and 1 have no birth date" in text


def _docx_text(report) -> str:
    import io

    from docx import Document

    from linli.reports.report_docx import report_document

    return "\n".join(p.text for p in Document(io.BytesIO(report_document(report))).paragraphs)
