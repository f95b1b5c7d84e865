"""Every measure of the catalogue counts correctly at the edges: the first and last day of the
period count and the days around them do not (local time, Asia/Shanghai), deceased and moved
elders, walk-ins, cancelled activities, and a second case for the same elder. Every expected
value is counted by hand in the test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from linli.activities.models import Activity, Attendance, Feedback
from linli.assessments.models import Assessment, Campaign
from linli.cases.models import Case, CaseEvent
from linli.elders import services as elder_services
from linli.elders.models import Elder
from linli.errands.models import ServiceRequest
from linli.followups.models import Contact, Plan
from linli.groupwork.models import Group, Session
from linli.reports import measures
from linli.volunteers.models import HoursEntry, Volunteer
from tests.cases.factories import open_case
from tests.conftest import add_elder

SHANGHAI = ZoneInfo("Asia/Shanghai")
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
BEFORE, AFTER = dt.date(2025, 12, 31), dt.date(2026, 7, 1)


def local(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


def value(world, code: str, filters: dict | None = None, stations=None):
    stations = stations or [world["zhuoda"]]
    return measures.value_of(code, stations=stations, start=START, end=END, filters=filters or {})


def records(world, code: str, filters: dict | None = None):
    return measures.records_of(code, stations=[world["zhuoda"]], start=START, end=END,
                               filters=filters or {})  # fmt: skip


def gone(elder, status: str, on: dt.date) -> None:
    Elder.objects.filter(pk=elder.pk).update(status=status, status_date=on)


def area(world, name: str):
    return world["zhuoda"].areas.get(name=name)


def activity(world, day_at: dt.datetime, status="held", type="talk", station="zhuoda", **extra):
    return Activity.objects.create(station=world[station], title=f"活动{day_at:%m%d%H%M}",
                                   type=type, starts_at=day_at, place="活动室", status=status,
                                   **extra)  # fmt: skip


def attend(act, *, elder=None, name="", count=1):
    return Attendance.objects.create(activity=act, station=act.station, elder=elder,
                                     walk_in_name=name, count=count, method="staff")  # fmt: skip


def contact(world, elder, at: dt.datetime, kind="call", outcome="reached"):
    return Contact.objects.create(elder=elder, station=elder.station, kind=kind, at=at,
                                  outcome=outcome)  # fmt: skip


def plan(elder, kind="call"):
    """A follow-up plan set by hand (the registry plans elders by the station's rules)."""
    return Plan.objects.create(elder=elder, kind=kind, station=elder.station, rule_code="test",
                               rule_label="测试", interval_days=30, next_due=START)  # fmt: skip


def close(case: Case, at: dt.datetime) -> None:
    Case.objects.filter(pk=case.pk).update(stage="closed")
    CaseEvent.objects.create(case=case, from_stage="evaluation", to_stage="closed", at=at)


def test_catalogue_has_every_measure_of_the_issue():
    assert set(measures.CATALOGUE) >= {
        "cases_opened", "cases_closed", "groups_run", "group_sessions", "activities_held",
        "person_times", "unique_persons", "followup_coverage_rate", "home_visits",
        "volunteers_registered", "volunteer_hours", "requests_completed", "satisfaction_rate",
        "needs_survey_coverage", "elders_assessed",
    }  # fmt: skip


# --- cases -------------------------------------------------------------------------------------
def test_cases_opened_on_the_first_and_last_day_count_the_days_around_do_not(world):
    for day in (BEFORE, START, END, AFTER):
        open_case(world, opened_on=day)
    assert value(world, "cases_opened") == 2
    assert sorted(c.opened_on for c in records(world, "cases_opened")) == [START, END]


def test_a_closed_case_never_reopens_a_new_case_for_the_same_elder_counts_again(world):
    """Linli has no reopening: a closed case stays closed, and help for the same elder later is
    a new case. Opened, closed and opened again is two cases opened and one closed."""
    elder = add_elder(world, "zhuoda", name="王阿婆")
    first = open_case(world, elder=elder, opened_on=dt.date(2026, 1, 10))
    close(first, local(dt.date(2026, 2, 1)))
    open_case(world, elder=elder, opened_on=dt.date(2026, 3, 1))
    assert value(world, "cases_opened") == 2
    assert value(world, "cases_closed") == 1


def test_cases_closed_by_the_local_moment_of_the_closing(world):
    moments = [local(BEFORE, 23, 59), local(START, 0, 0), local(END, 23, 30), local(AFTER, 0, 0)]
    for moment in moments:
        close(open_case(world, opened_on=dt.date(2025, 11, 1)), moment)
    assert value(world, "cases_closed") == 2


def test_cases_of_a_deceased_elder_still_count_and_filters_apply(world):
    dan = add_elder(world, "zhuoda", name="丹", area=area(world, "丹州社区"), categories=["dibao"])
    hai = add_elder(world, "zhuoda", name="海", area=area(world, "海澜社区"))
    open_case(world, elder=dan, opened_on=dt.date(2026, 2, 1))
    open_case(world, elder=hai, opened_on=dt.date(2026, 2, 1))
    gone(dan, "deceased", dt.date(2026, 3, 1))
    assert value(world, "cases_opened") == 2
    assert value(world, "cases_opened", {"areas": [area(world, "丹州社区").pk]}) == 1
    assert value(world, "cases_opened", {"categories": ["dibao"]}) == 1
    assert value(world, "cases_opened", {"categories": ["tekun"]}) == 0


def test_another_stations_records_never_count(world):
    open_case(world, opened_on=START)
    wang = add_elder(world, "wangcheng", name="外")
    open_case(world, elder=wang, lead="wangcheng-sw1", opened_on=START)
    assert value(world, "cases_opened") == 1
    assert value(world, "cases_opened", stations=[world["zhuoda"], world["wangcheng"]]) == 2


# --- groups and activities ---------------------------------------------------------------------
def test_groups_run_need_a_session_in_the_period_and_sessions_count_by_date(world):
    def group(name, *days):
        g = Group.objects.create(station=world["zhuoda"], name=name, type="mutual_aid",
                                 purpose="互助", goals="减少孤独", planned_sessions=6,
                                 starts_on=dt.date(2025, 12, 1))  # fmt: skip
        for n, day in enumerate(days, 1):
            Session.objects.create(group=g, number=n, held_on=day, theme=f"第{n}节")

    group("甲", BEFORE, START, AFTER)
    group("乙", AFTER)
    group("丙", END)
    group("丁")
    assert value(world, "groups_run") == 2
    assert value(world, "group_sessions") == 2
    assert {s.group.name for s in records(world, "group_sessions")} == {"甲", "丙"}


def test_activities_held_count_by_local_start_and_cancelled_or_planned_count_nothing(world):
    activity(world, local(BEFORE, 23, 30))
    activity(world, local(START, 0, 0))
    activity(world, local(END, 23, 30), type="festival")
    activity(world, local(AFTER, 0, 0))
    activity(world, local(dt.date(2026, 3, 1)), status="cancelled")
    activity(world, local(dt.date(2026, 3, 2)), status="planned")
    assert value(world, "activities_held") == 2
    assert value(world, "activities_held", {"activity_type": "festival"}) == 1


def test_person_times_and_unique_persons_with_walk_ins_deceased_and_cancelled(world):
    e1 = add_elder(world, "zhuoda", name="甲")
    e2 = add_elder(world, "zhuoda", name="乙")
    a = activity(world, local(dt.date(2026, 3, 1)))
    attend(a, elder=e1)
    attend(a, name="王五")
    attend(a, count=5)  # an anonymous group of five
    b = activity(world, local(END, 23, 30))
    attend(b, elder=e1)
    attend(b, name="王五")
    cancelled = activity(world, local(dt.date(2026, 4, 1)), status="cancelled")
    attend(cancelled, elder=e2)
    attend(cancelled, count=9)
    attend(activity(world, local(AFTER, 0, 0)), elder=e2)
    gone(e1, "deceased", dt.date(2026, 6, 1))  # died after coming: the visits still count
    # a: 1 + 1 + 5 = 7, b: 1 + 1 = 2, cancelled and after the end: nothing
    assert value(world, "person_times") == 9
    # 甲 and 王五; the anonymous five are not persons one can count
    assert value(world, "unique_persons") == 2
    assert sum(r.count for r in records(world, "person_times")) == 9


# --- keeping in touch --------------------------------------------------------------------------
def test_followup_coverage_rate_over_planned_elders_active_at_the_end(world):
    a, b, c, d, e, f, g = (add_elder(world, "zhuoda", name=n) for n in "甲乙丙丁戊己庚")
    for elder in (a, b, c, e):
        plan(elder)
    plan(d, kind="visit")  # a visit plan: reached by a call all the same
    plan(g)
    plan(g, kind="visit")  # two plans are still one elder
    contact(world, a, local(END, 23, 30))  # 23:30 on the last day counts
    contact(world, b, local(dt.date(2026, 2, 1)), outcome="no_answer")  # not reached
    contact(world, c, local(dt.date(2026, 2, 1)))
    gone(c, "deceased", dt.date(2026, 3, 1))  # not active at the end: out of the base
    contact(world, d, local(START, 0, 0))
    gone(d, "moved", dt.date(2026, 7, 15))  # moved after the end: still in the base
    contact(world, e, local(AFTER, 0, 0))  # after the end
    contact(world, e, local(BEFORE, 23, 59))  # before the start
    contact(world, f, local(dt.date(2026, 2, 1)))  # reached, but no plan: out of the base
    contact(world, g, local(dt.date(2026, 3, 1)), kind="visit")
    # base 甲 乙 丁 戊 庚 = 5, reached 甲 丁 庚 = 3
    assert value(world, "followup_coverage_rate") == Decimal("60.0")
    hits = {r.name: r.hit for r in records(world, "followup_coverage_rate")}
    assert hits == {"甲": True, "乙": False, "丁": True, "戊": False, "庚": True}


def test_an_elder_without_a_plan_is_outside_the_base_a_planned_one_reached_is_a_hit(world):
    planned = add_elder(world, "zhuoda", name="甲")
    unplanned = add_elder(world, "zhuoda", name="乙")
    plan(planned)
    contact(world, unplanned, local(dt.date(2026, 2, 1)), outcome="no_answer")
    assert value(world, "followup_coverage_rate") == Decimal("0.0")  # 甲 not reached: 0 of 1
    assert [(r.name, r.hit) for r in records(world, "followup_coverage_rate")] == [("甲", False)]
    contact(world, planned, local(dt.date(2026, 2, 1)))
    assert value(world, "followup_coverage_rate") == Decimal("100.0")  # 1 of 1; 乙 not counted
    assert [(r.name, r.hit) for r in records(world, "followup_coverage_rate")] == [("甲", True)]


def test_coverage_uses_the_plans_the_registry_keeps_today(world):
    """Plans have no history: the base is today's plans. The station's rules plan an elder who
    lives alone; an elder who has died since the end of the period has no plan any more, so
    is no longer in that period's base."""
    alone = add_elder(world, "zhuoda", name="甲", categories=["alone"])
    plain = add_elder(world, "zhuoda", name="乙")
    died = add_elder(world, "zhuoda", name="丙", categories=["alone"])
    assert {p.elder.name for p in Plan.objects.select_related("elder")} == {"甲", "丙"}
    for elder in (alone, plain, died):
        contact(world, elder, local(dt.date(2026, 2, 1)))
    elder_services.elder_mark_status(actor=world["users"]["zhuoda-head"], elder=died,
                                     status="deceased", on=AFTER)  # fmt: skip
    assert not Plan.objects.filter(elder=died).exists()
    assert {r.name for r in records(world, "followup_coverage_rate")} == {"甲"}
    assert value(world, "followup_coverage_rate") == Decimal("100.0")


def test_an_elder_found_in_hospital_counts_as_reached_as_in_the_followup_app(world):
    a = add_elder(world, "zhuoda", name="甲")
    b = add_elder(world, "zhuoda", name="乙")
    for elder in (a, b):
        plan(elder)
    contact(world, a, local(dt.date(2026, 2, 1)), outcome="in_hospital")
    contact(world, b, local(dt.date(2026, 2, 1)), outcome="away")  # not reached
    assert value(world, "followup_coverage_rate") == Decimal("50.0")


def test_coverage_rate_without_planned_elders_is_none(world):
    assert value(world, "followup_coverage_rate") is None
    contact(world, add_elder(world, "zhuoda", name="甲"), local(dt.date(2026, 2, 1)))
    assert value(world, "followup_coverage_rate") is None  # an elder, but without a plan


def test_home_visits_reached_or_not_but_not_calls_nor_visits_that_found_nobody(world):
    a = add_elder(world, "zhuoda", name="甲")
    contact(world, a, local(START, 0, 0), kind="visit")
    contact(world, a, local(END, 23, 30), kind="visit", outcome="no_answer")
    contact(world, a, local(dt.date(2026, 3, 1)), kind="call")
    contact(world, a, local(BEFORE, 23, 59), kind="visit")
    contact(world, a, local(AFTER, 0, 0), kind="visit")
    b = add_elder(world, "zhuoda", name="乙")
    contact(world, b, local(dt.date(2026, 3, 1)), kind="visit")  # visited, died later: counts
    contact(world, b, local(dt.date(2026, 4, 1)), kind="visit", outcome="deceased")
    gone(b, "deceased", dt.date(2026, 4, 1))
    assert value(world, "home_visits") == 3


# --- volunteers --------------------------------------------------------------------------------
def volunteer(world, name, joined_on, active=True):
    return Volunteer.objects.create(station=world["zhuoda"], name=name, joined_on=joined_on,
                                    active=active)  # fmt: skip


def test_volunteers_registered_active_and_joined_by_the_end(world):
    volunteer(world, "甲", END)
    volunteer(world, "乙", dt.date(2025, 5, 1))
    volunteer(world, "丙", AFTER)
    volunteer(world, "丁", START, active=False)
    assert value(world, "volunteers_registered") == 2


def test_volunteer_hours_confirmed_by_their_date(world):
    v = volunteer(world, "甲", dt.date(2025, 5, 1))
    now = timezone.now()
    for on, hours, confirmed in ((START, "2.5", now), (END, "1.5", now),
                                 (dt.date(2026, 3, 1), "4", None), (AFTER, "3", now),
                                 (BEFORE, "1", now)):  # fmt: skip
        HoursEntry.objects.create(
            volunteer=v, station=v.station, on=on, hours=Decimal(hours), source="other",
            description="陪伴", confirmed_at=confirmed,
        )  # fmt: skip
    assert value(world, "volunteer_hours") == Decimal("4.00")


# --- service requests and satisfaction ---------------------------------------------------------
def request(world, elder, status, done_at=None, satisfied=None):
    return ServiceRequest.objects.create(
        station=elder.station, elder=elder, type="groceries", needed_by=local(START),
        source="phone", status=status, done_at=done_at, satisfied=satisfied,
    )  # fmt: skip


def test_requests_completed_done_or_confirmed_by_local_done_at(world):
    a = add_elder(world, "zhuoda", name="甲")
    request(world, a, "done", local(START, 0, 0))
    request(world, a, "confirmed", local(END, 23, 30))
    request(world, a, "done", local(AFTER, 0, 0))
    request(world, a, "confirmed", local(BEFORE, 23, 59))
    request(world, a, "accepted")
    request(world, a, "cancelled", local(dt.date(2026, 3, 1)))
    assert value(world, "requests_completed") == 2


def test_satisfaction_rate_of_activity_feedback_leaves_out_cancelled_and_outside(world):
    def forms(act, *verdicts):
        for satisfied in verdicts:
            Feedback.objects.create(activity=act, station=act.station, instrument_version="1",
                                    total=22 if satisfied else 12, satisfied=satisfied,
                                    channel="paper")  # fmt: skip

    forms(activity(world, local(START, 0, 0)), True, True)
    forms(activity(world, local(END, 23, 30)), True, False)
    forms(activity(world, local(dt.date(2026, 3, 1)), status="cancelled"), True, True)
    forms(activity(world, local(BEFORE, 23, 59)), False)
    assert value(world, "satisfaction_rate") == Decimal("75.0")  # 3 of 4


def test_request_satisfaction_rate_counts_only_answers(world):
    a = add_elder(world, "zhuoda", name="甲")
    request(world, a, "confirmed", local(START), satisfied=True)
    request(world, a, "confirmed", local(END), satisfied=False)
    request(world, a, "done", local(END))  # not asked yet
    request(world, a, "confirmed", local(AFTER), satisfied=False)
    assert value(world, "request_satisfaction_rate") == Decimal("50.0")


# --- assessments -------------------------------------------------------------------------------
def assess(elder, on, *, status="complete", campaign=None, instrument="needs"):
    return Assessment.objects.create(elder=elder, station=elder.station, instrument=instrument,
                                     instrument_version="1", assessed_on=on, status=status,
                                     campaign=campaign)  # fmt: skip


def test_needs_survey_coverage_counts_complete_survey_assessments(world):
    campaign = Campaign.objects.create(station=world["zhuoda"], title="需求调查",
                                       instrument="needs", starts_on=START)  # fmt: skip
    a, b, c, d = (add_elder(world, "zhuoda", name=n) for n in "甲乙丙丁")
    dead = add_elder(world, "zhuoda", name="戊")
    assess(a, END, campaign=campaign)
    assess(b, START, status="draft", campaign=campaign)
    assess(c, START)  # an assessment outside any survey
    assess(d, AFTER, campaign=campaign)
    assess(dead, START, campaign=campaign)
    gone(dead, "deceased", dt.date(2026, 2, 1))
    assert value(world, "needs_survey_coverage") == Decimal("25.0")  # 甲 of 甲乙丙丁


def test_elders_assessed_within_twelve_months_before_the_end(world):
    a, b, c, d = (add_elder(world, "zhuoda", name=n) for n in "甲乙丙丁")
    dead = add_elder(world, "zhuoda", name="戊")
    assess(a, dt.date(2025, 7, 1))  # the first day of the twelve months
    assess(b, dt.date(2025, 6, 30))  # a day too old
    assess(c, AFTER)  # after the end
    assess(d, END, status="draft")
    assess(dead, END)
    gone(dead, "deceased", END)  # not active at the end
    assess(a, END)  # two assessments are still one elder
    assert value(world, "elders_assessed") == 1


def test_year_before_a_leap_day():
    assert measures.year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_filters_the_measure_does_not_use_are_dropped():
    assert measures.clean_filters("groups_run", {"areas": [1]}) == {}
    assert measures.clean_filters("activities_held", {"activity_type": "talk", "areas": []}) == {
        "activity_type": "talk"
    }


@pytest.mark.parametrize("code", sorted(measures.CATALOGUE))
def test_every_measure_is_a_bounded_number_of_queries(world, code, django_assert_max_num_queries):
    stations = [world["zhuoda"], world["wangcheng"]]
    with django_assert_max_num_queries(2):
        measures.value_of(code, stations=stations, start=START, end=END, filters={})


def test_records_dated_after_the_elder_died_or_moved_do_not_count(world):
    """Records count while the elder was still here, the day they died or moved included; a
    closing after the death counts (it is how such a case ends)."""
    dead = add_elder(world, "zhuoda", name="甲")
    moved = add_elder(world, "zhuoda", name="乙")
    gone(dead, "deceased", dt.date(2026, 3, 1))
    gone(moved, "moved", dt.date(2026, 3, 1))
    early = open_case(world, elder=dead, opened_on=dt.date(2026, 3, 1))
    open_case(world, elder=moved, opened_on=dt.date(2026, 3, 2))
    close(early, local(dt.date(2026, 3, 10)))
    contact(world, dead, local(dt.date(2026, 3, 1), 23, 30), kind="visit")  # the day itself
    contact(world, moved, local(dt.date(2026, 3, 2), 0, 0), kind="visit")  # the day after
    request(world, dead, "done", local(dt.date(2026, 2, 28)))
    request(world, moved, "done", local(dt.date(2026, 3, 2)))
    assert value(world, "cases_opened") == 1
    assert value(world, "cases_closed") == 1
    assert value(world, "home_visits") == 1
    assert value(world, "requests_completed") == 1
