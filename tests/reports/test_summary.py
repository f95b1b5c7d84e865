"""The station summary: age bands at their edges, the counting rules, and a fixed cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linli.activities import selectors as activity_selectors
from linli.activities import services as activity_services
from linli.elders import services as elder_services
from linli.followups import selectors as followup_selectors
from linli.reports.summary import region_summary, station_summary
from tests.conftest import add_elder

ON = dt.date(2026, 11, 23)
MONTH = dt.date(2026, 11, 1)


def summary(world, code="zhuoda", on=ON):
    return station_summary(station=world[code], on=on, month_start=on.replace(day=1))


def area(world, name: str) -> int:
    return world["zhuoda"].areas.get(name=name).pk


@pytest.fixture
def edges(world):
    """Elders at the edges of the bands on 23 November 2026, and some who do not count."""
    born = {
        "六九": (dt.date(1956, 11, 24), "M"),  # 69 on ON (70 tomorrow): 60–69
        "七十": (dt.date(1956, 11, 23), "F"),  # turns 70 on ON: 70–79
        "六十": (dt.date(1966, 11, 23), "F"),  # turns 60 on ON: 60–69
        "八九": (dt.date(1936, 11, 24), "M"),  # 89 on ON: 80–89
        "九十": (dt.date(1936, 11, 23), "F"),  # turns 90 on ON: 90+
        "百岁": (dt.date(1920, 1, 1), "F"),  # 106: 90+
        "八十": (dt.date(1946, 11, 23), "M"),  # turns 80 on ON: 80–89
    }
    elders = {name: add_elder(world, "zhuoda", name=name, birth_date=b, sex=s,
                              area=area(world, "丹州社区"), living_arrangement="spouse")
              for name, (b, s) in born.items()}  # fmt: skip
    head = world["users"]["zhuoda-head"]
    for name, status in (("迁出", "moved"), ("去世", "deceased")):
        elder = add_elder(world, "zhuoda", name=name, birth_date=dt.date(1950, 5, 5), sex="M")
        elder_services.elder_mark_status(actor=head, elder=elder, status=status,
                                         on=dt.date(2026, 10, 1))  # fmt: skip
        elders[name] = elder
    elders["独居"] = add_elder(world, "zhuoda", name="独居", birth_date=dt.date(1950, 5, 5),
                               sex="M", living_arrangement="alone",
                               area=area(world, "海澜社区"))  # fmt: skip
    add_elder(world, "wangcheng", name="望城老人", birth_date=dt.date(1950, 5, 5), sex="F")
    return elders


def test_age_bands_at_their_edges(world, edges):
    found = summary(world)
    # 60–69: 六九, 六十; 70–79: 七十, 独居 (76); 80–89: 八九, 八十; 90+: 九十, 百岁
    assert found["age_bands"] == {"60-69": 2, "70-79": 2, "80-89": 2, "90+": 2}
    assert found["active"] == 8  # neither the moved nor the deceased elder
    assert found["under_60"] == 0 and found["no_birth_date"] == 0


def test_the_day_before_a_birthday_is_the_younger_band(world, edges):
    found = summary(world, on=ON - dt.timedelta(days=1))
    # on 22 November 七十 is 69, 六十 59, 八十 79 and 九十 89:
    # 60–69: 六九, 七十; 70–79: 独居, 八十; 80–89: 八九, 九十; 90+: 百岁; 六十 in none
    assert found["age_bands"] == {"60-69": 2, "70-79": 2, "80-89": 2, "90+": 1}
    assert found["under_60"] == 1


def test_pyramid_by_sex(world, edges):
    pyramid = {row["band"]: row for row in summary(world)["pyramid"]}
    assert pyramid["60-69"] == {"band": "60-69", "male": 1, "female": 1, "unknown": 0}
    assert pyramid["70-79"] == {"band": "70-79", "male": 1, "female": 1, "unknown": 0}
    assert pyramid["80-89"] == {"band": "80-89", "male": 2, "female": 0, "unknown": 0}
    assert pyramid["90+"] == {"band": "90+", "male": 0, "female": 2, "unknown": 0}


def test_categories_living_areas_are_counted_with_derived_categories(world, edges):
    found = summary(world)
    categories = {c["code"]: c["count"] for c in found["categories"]}
    assert categories["aged80"] == 4  # 八九, 八十, 九十, 百岁
    assert categories["alone"] == 1 and categories["empty_nest"] == 8  # spouse or alone
    living = {c["code"]: c["count"] for c in found["living"]}
    assert living["spouse"] == 7 and living["alone"] == 1 and living[""] == 0
    assert {a["name"]: a["count"] for a in found["areas"]} == {"丹州社区": 7, "海澜社区": 1}
    assert sum(r["count"] for r in found["risk"]) == 8


def test_coverage_is_the_followup_apps(world, edges):
    from linli.followups import services as followup_services

    head = world["users"]["zhuoda-head"]
    at = _at(dt.date(2026, 11, 20))
    for name, outcome in (("六九", "reached"), ("七十", "no_answer")):
        followup_services.contact_log(
            actor=head, elder=edges[name], data={"kind": "call", "outcome": outcome, "at": at}
        )
    found = summary(world)["coverage"]
    for kind in ("call", "visit"):
        theirs = followup_selectors.coverage(actor=head, station=world["zhuoda"], month=MONTH,
                                             kind=kind)["total"][0]  # fmt: skip
        assert (found[kind]["due"], found[kind]["reached"]) == (theirs.due, theirs.reached)
    assert found["call"]["due"] > 0 and found["call"]["reached"] == 1


def test_a_region_is_grouped_by_station_in_a_fixed_number_of_queries(world, edges):
    from linli.stations import services as station_services

    def cost():
        with CaptureQueriesContext(connection) as captured:
            found = region_summary(region=world["jiyang"], on=ON)
        return found, len(captured)

    one, one_cost = cost()
    other = station_services.station_ensure(
        code="hongsha", name="红沙社区社会工作服务站", region=world["jiyang"],
        areas=[("红沙社区", "community")],
    )  # fmt: skip
    station_services.membership_grant(user=world["users"]["zhuoda-sw2"], role="head", station=other)
    world["hongsha"] = other
    world["users"]["hongsha-head"] = world["users"]["zhuoda-sw2"]
    add_elder(world, "hongsha", name="红沙老人", birth_date=dt.date(1935, 1, 1), sex="F")
    two, two_cost = cost()
    assert two_cost == one_cost
    codes = [s["station"]["code"] for s in two["stations"]]
    assert sorted(codes) == ["hongsha", "zhuoda"]
    by_code = {s["station"]["code"]: s for s in two["stations"]}
    assert by_code["hongsha"]["age_bands"] == {"60-69": 0, "70-79": 0, "80-89": 0, "90+": 1}
    assert by_code["zhuoda"]["age_bands"] == one["total"]["age_bands"]
    assert two["total"]["age_bands"] == {"60-69": 2, "70-79": 2, "80-89": 2, "90+": 3}
    assert two["total"]["active"] == 9


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(hour, minute), timezone.get_current_timezone())


def test_trend_counts_activities_and_person_times_by_local_month(world, edges):
    head = world["users"]["zhuoda-head"]

    def activity(starts_at):
        data = {"title": "讲座", "type": "talk", "place": "活动室", "starts_at": starts_at}
        return activity_services.activity_create(actor=head, station=world["zhuoda"], data=data)

    late_october = activity(_at(dt.date(2026, 10, 31), 23, 30))  # October in Shanghai
    november = activity(_at(dt.date(2026, 11, 2)))
    cancelled = activity(_at(dt.date(2026, 11, 3)))
    activity_services.attend_walk_in(actor=head, activity=late_october, count=7)
    activity_services.attend_walk_in(actor=head, activity=november, count=5)
    activity_services.attend_roster(actor=head, activity=november, elder=edges["六九"])
    activity_services.attend_walk_in(actor=head, activity=cancelled, count=9)
    activity_services.activity_cancel(actor=head, activity=cancelled)
    trend = summary(world)["trend"]
    assert [r["month"] for r in trend][0] == "2025-12" and trend[-1]["month"] == "2026-11"
    by_month = {r["month"]: r for r in trend}
    assert by_month["2026-10"] == {"month": "2026-10", "activities": 1, "person_times": 7}
    assert by_month["2026-11"] == {"month": "2026-11", "activities": 1, "person_times": 6}
    assert by_month["2026-11"]["person_times"] == activity_selectors.person_times(
        station=world["zhuoda"], start=MONTH, end=ON
    )


def test_empty_station(world):
    found = summary(world)
    assert found["active"] == 0 and found["age_bands"] == dict.fromkeys(
        ("60-69", "70-79", "80-89", "90+"), 0
    )
    assert found["coverage"]["call"] == {"due": 0, "reached": 0, "rate": None}
    assert found["open_cases_total"] == 0 and found["volunteer_hours"] == 0
    assert len(found["trend"]) == 12


def test_region_summary_groups_by_station_and_totals(world, edges):
    found = region_summary(region=world["jiyang"], on=ON)
    assert [s["station"]["code"] for s in found["stations"]] == ["zhuoda"]
    assert found["total"]["age_bands"] == summary(world)["age_bands"]
    assert found["total"]["active"] == 8


def test_summary_has_no_personal_data(world, edges):
    text = repr(summary(world))
    for name in edges:
        assert name not in text


def _queries(world, code="zhuoda") -> int:
    with CaptureQueriesContext(connection) as captured:
        summary(world, code)
    return len(captured)


def test_a_fixed_number_of_queries_however_many_elders(world, edges):
    few = _queries(world)
    for i in range(15):
        add_elder(world, "zhuoda", name=f"老人{i}", birth_date=dt.date(1940 + i, 1, 1), sex="M")
    assert _queries(world) == few <= 8


def test_open_cases_by_stage(world, edges):
    from tests.cases.factories import open_case

    open_case(world, elder=edges["六九"])
    open_case(world, elder=edges["七十"])
    open_case(world, elder=edges["八十"], opened_on=ON + dt.timedelta(days=1))  # after `on`
    found = summary(world)
    stages = {s["code"]: s["count"] for s in found["open_cases"]}
    assert stages["intake"] == 2 and found["open_cases_total"] == 2
    assert "closed" not in stages and "referred" not in stages


def test_confirmed_volunteer_hours_of_the_year(world):
    from tests.volunteers.factories import add_hours, add_volunteer

    volunteer = add_volunteer(world)
    add_hours(world, volunteer, "2.5", on=dt.date(2026, 1, 1))
    add_hours(world, volunteer, "1", on=ON, description="另一次")
    add_hours(world, volunteer, "4", on=dt.date(2026, 11, 20), confirmed=False)  # waiting
    add_hours(world, volunteer, "8", on=dt.date(2025, 12, 31), description="去年")  # last year
    other = add_volunteer(world, "wangcheng", name="志愿者乙")
    add_hours(world, other, "3", code="wangcheng")
    assert summary(world)["volunteer_hours"] == 3.5


def test_requests_completed_this_month(world, edges):
    from django.utils import timezone

    from linli.errands.models import ServiceRequest
    from tests.errands.factories import raise_request

    made = [raise_request(world, edges[name]) for name in ("六九", "七十", "八十", "九十")]
    done_at = {0: _at(dt.date(2026, 11, 1), 0, 5), 1: _at(dt.date(2026, 11, 30), 23, 50),
               2: _at(dt.date(2026, 10, 31), 23, 50)}  # fmt: skip
    for index, moment in done_at.items():
        ServiceRequest.objects.filter(pk=made[index].pk).update(
            status=ServiceRequest.Status.DONE, done_at=moment, accepted_at=timezone.now()
        )
    # the fourth is still open; the third was done in October (local time)
    assert summary(world)["requests_completed"] == 2


# --- the API ---------------------------------------------------------------------------------
URL = "/api/v1/stations/{code}/summary"
BAND_KEYS = ["60-69", "70-79", "80-89", "90+"]


def _component(schema: dict, ref: dict) -> dict:
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]


def test_the_summary_is_in_the_openapi_document_with_its_response_schema(world):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/stations/{code}/summary"]["get"]["responses"]
    out = _component(schema, responses["200"]["content"]["application/json"]["schema"])
    assert set(out["required"]) == set(out["properties"]) == {
        "station", "on", "month", "active", "age_bands", "under_60", "no_birth_date", "pyramid",
        "categories", "living", "risk", "areas", "coverage", "trend", "open_cases",
        "open_cases_total", "volunteer_hours", "requests_completed",
    }  # fmt: skip
    bands = _component(schema, out["properties"]["age_bands"])
    assert list(bands["properties"]) == BAND_KEYS
    assert {bands["properties"][k]["type"] for k in BAND_KEYS} == {"integer"}
    coverage = _component(schema, out["properties"]["coverage"])
    call = _component(schema, coverage["properties"]["call"])
    assert set(call["properties"]) == {"due", "reached", "rate"}
    trend = _component(schema, out["properties"]["trend"]["items"])
    assert set(trend["properties"]) == {"month", "activities", "person_times"}
    error = _component(schema, responses["404"]["content"]["application/json"]["schema"])
    assert set(error["properties"]) == {"error"}


def test_the_api_returns_the_summarys_figures_unchanged(world, edges, client_for):
    import json

    response = client_for("zhuoda-head").get(URL.format(code="zhuoda"), {"on": "2026-11-23"})
    assert response.status_code == 200
    body = response.json()
    assert body == json.loads(json.dumps(summary(world)))  # every key, as the selector gives it
    assert list(body["age_bands"]) == BAND_KEYS
    assert body["age_bands"] == {"60-69": 2, "70-79": 2, "80-89": 2, "90+": 2}
    assert (body["active"], body["under_60"], body["no_birth_date"]) == (8, 0, 0)
    assert body["station"] == {"code": "zhuoda", "name": "卓达大社区社会工作服务站"}
    assert (body["on"], body["month"]) == ("2026-11-23", "2026-11")
    assert body["pyramid"][3] == {"band": "90+", "male": 0, "female": 2, "unknown": 0}
    assert {a["name"]: a["count"] for a in body["areas"]} == {"丹州社区": 7, "海澜社区": 1}
    assert len(body["trend"]) == 12 and body["open_cases_total"] == 0


def test_a_key_added_to_the_summary_does_not_break_the_api(world, edges, client_for, monkeypatch):
    from linli.reports import summary as summary_module

    real = summary_module.station_summary
    monkeypatch.setattr(summary_module, "station_summary",
                        lambda **kwargs: {**real(**kwargs), "a_new_figure": 1})  # fmt: skip
    response = client_for("zhuoda-head").get(URL.format(code="zhuoda"), {"on": "2026-11-23"})
    assert response.status_code == 200
    body = response.json()
    assert "a_new_figure" not in body  # published once described in schemas_summary
    assert body["age_bands"] == {"60-69": 2, "70-79": 2, "80-89": 2, "90+": 2}
