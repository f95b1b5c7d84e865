"""Progress of an indicator: value, share of target, share of time, projection and status,
each computed by hand in the test. Also the services that write projects and indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from linli.reports import services
from linli.reports.indicators import progress
from linli.reports.models import Project
from linli.volunteers.models import Volunteer
from tests.cases.factories import open_case
from tests.conftest import add_elder
from tests.reports.test_measures import END, START, activity, attend, contact, local, plan

# START..END is 2026-01-01..2026-06-30: 181 days.
MARCH_END = dt.date(2026, 3, 31)  # 31 + 28 + 31 = 90 days elapsed


def make_project(world, stations=("zhuoda",), **extra) -> Project:
    data = {"funder": "吉阳区民政局", "name": "卓达社工站2026年服务项目", "starts_on": START,
            "ends_on": END, "budget_yuan": Decimal("300000")}  # fmt: skip
    data.update(extra)
    head = world["users"][f"{stations[0]}-head"]
    return services.project_create(actor=head, stations=[world[s] for s in stations], **data)


def add(world, project, measure, target, filters=None, label=""):
    head = world["users"]["zhuoda-head"]
    return services.indicator_add(actor=head, project=project, measure=measure,
                                  target=Decimal(target), filters=filters, label=label)  # fmt: skip


def open_cases(world, days):
    for day in days:
        open_case(world, opened_on=day)


def test_progress_of_a_count_behind_its_pace(world):
    project = make_project(world)
    indicator = add(world, project, "cases_opened", 10)
    open_cases(world, [START, dt.date(2026, 2, 1), dt.date(2026, 3, 1), MARCH_END,
                       dt.date(2026, 4, 1)])  # fmt: skip
    p = progress(indicator, MARCH_END)
    assert (p.value, p.elapsed_days, p.total_days, p.as_of) == (4, 90, 181, MARCH_END)
    assert p.share_of_target == Decimal("40.0")  # 4 / 10
    assert p.share_of_time == Decimal("49.7")  # 90 / 181 = 0.4972
    assert p.projected == Decimal("8.0")  # 4 / 90 × 181 = 8.044
    assert p.status == "behind"  # 8.0 < 10


def test_progress_of_a_count_on_its_pace(world):
    project = make_project(world)
    indicator = add(world, project, "cases_opened", 8)
    open_cases(world, [START, dt.date(2026, 2, 1), dt.date(2026, 3, 1), MARCH_END])
    p = progress(indicator, MARCH_END)
    assert p.share_of_target == Decimal("50.0")
    assert p.projected == Decimal("8.0")
    assert p.status == "on_track"  # 8.0 ≥ 8 and 50.0 ≥ 49.7 − 10


def test_a_level_is_not_projected_and_is_behind_only_by_the_calendar(world):
    project = make_project(world)
    indicator = add(world, project, "volunteers_registered", 20)
    for n in range(8):
        Volunteer.objects.create(station=world["zhuoda"], name=f"志{n}", joined_on=START)
    p = progress(indicator, MARCH_END)
    assert (p.value, p.projected, p.share_of_target) == (8, Decimal("8.0"), Decimal("40.0"))
    assert p.status == "on_track"  # 40.0 ≥ 49.7 − 10
    Volunteer.objects.filter(name="志7").delete()
    p = progress(indicator, MARCH_END)
    assert p.share_of_target == Decimal("35.0")
    assert p.status == "behind"  # 35.0 < 39.7


def test_after_the_end_the_value_is_final_and_today_does_not_count(world):
    project = make_project(world)
    indicator = add(world, project, "cases_opened", 2)
    open_cases(world, [START, END])
    p = progress(indicator, dt.date(2026, 9, 1))
    assert (p.as_of, p.elapsed_days, p.share_of_time) == (END, 181, Decimal("100.0"))
    assert (p.value, p.projected, p.status) == (2, Decimal("2.0"), "on_track")


def test_before_the_start_nothing_is_counted(world):
    indicator = add(world, make_project(world), "cases_opened", 2)
    p = progress(indicator, dt.date(2025, 12, 1))
    assert (p.value, p.projected, p.elapsed_days, p.status) == (None, None, 0, "not_started")


def test_a_rate_is_projected_linearly_and_capped_at_100(world):
    project = make_project(world)
    indicator = add(world, project, "satisfaction_rate", 90)
    p = progress(indicator, MARCH_END)
    assert p.status == "no_data"
    cov = add(world, project, "followup_coverage_rate", 80)
    p = progress(cov, MARCH_END)
    assert p.status == "no_data"  # no elders yet
    elder = add_elder(world, "zhuoda", name="甲")
    contact(world, elder, local(START))
    assert progress(cov, MARCH_END).status == "no_data"  # an elder, but without a plan
    plan(elder)
    p = progress(cov, MARCH_END)
    assert (p.value, p.projected, p.status) == (Decimal("100.0"), Decimal("100.0"), "on_track")


def test_coverage_progress_counts_only_elders_with_a_plan(world):
    cov = add(world, make_project(world), "followup_coverage_rate", 80)
    a, b, c, d = (add_elder(world, "zhuoda", name=n) for n in "甲乙丙丁")
    for elder in (a, b, c):
        plan(elder)
    for elder in (a, d):
        contact(world, elder, local(dt.date(2026, 2, 1)))
    p = progress(cov, MARCH_END)
    # base 甲 乙 丙 (丁 has no plan), reached 甲: 1 of 3 = 33.3%
    assert p.value == Decimal("33.3")
    assert p.share_of_target == Decimal("41.6")  # 33.3 / 80 = 0.41625
    assert p.projected == Decimal("67.0")  # 33.3 / 90 × 181 = 66.97
    assert p.status == "behind"  # 67.0 < 80


def test_person_times_indicator_with_an_activity_type_filter(world):
    project = make_project(world)
    indicator = add(world, project, "person_times", 100, {"activity_type": "talk"})
    attend(activity(world, local(START)), count=30)
    attend(activity(world, local(START), type="festival"), count=50)
    p = progress(indicator, MARCH_END)
    assert p.value == 30
    assert p.projected == Decimal("60.3")  # 30 × 181 / 90 = 60.33


def test_only_the_head_of_every_station_may_write(world):
    with pytest.raises(PermissionDenied):
        services.project_create(actor=world["users"]["zhuoda-sw1"], funder="民政局",
                                name="项目", starts_on=START, ends_on=END,
                                stations=[world["zhuoda"]])  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.project_create(actor=world["users"]["zhuoda-head"], funder="民政局",
                                name="项目", starts_on=START, ends_on=END,
                                stations=[world["zhuoda"], world["wangcheng"]])  # fmt: skip
    project = make_project(world)
    with pytest.raises(PermissionDenied):
        services.indicator_add(actor=world["users"]["wangcheng-head"], project=project,
                               measure="cases_opened", target=Decimal(1))  # fmt: skip


def test_a_project_cannot_end_before_it_starts_and_measures_come_from_the_catalogue(world):
    with pytest.raises(ValidationError):
        make_project(world, starts_on=END, ends_on=START)
    project = make_project(world)
    with pytest.raises(ValidationError):
        add(world, project, "typed_by_hand", 5)
    with pytest.raises(ValidationError):
        add(world, project, "cases_opened", -1)
    indicator = add(world, project, "groups_run", 5, {"areas": [1], "activity_type": "talk"})
    assert indicator.filters == {}  # groups have no area and no activity type


def test_project_update_changes_the_facts(world):
    project = make_project(world)
    services.project_update(actor=world["users"]["zhuoda-head"], project=project,
                            data={"name": "新名称", "budget_yuan": Decimal("1")})  # fmt: skip
    project.refresh_from_db()
    assert (project.name, project.budget_yuan) == ("新名称", Decimal("1.00"))
