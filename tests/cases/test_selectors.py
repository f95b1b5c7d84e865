"""Caseloads, next planned action, stuck cases and the lists' query bounds."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.cases import selectors, services
from linli.cases.models import Case

from .factories import goal_data, open_case, put_at

TODAY = dt.date(2026, 11, 23)


def test_caseload_with_days_and_next_action(world):
    users = world["users"]
    sw1 = users["zhuoda-sw1"]
    case = put_at(open_case(world, opened_on=dt.date(2026, 11, 1)), "intervention",
                  dt.date(2026, 11, 13))  # fmt: skip
    services.case_set_plan(actor=sw1, case=case, goals=[goal_data(target_date=dt.date(2027, 1, 5))])
    services.case_add_note(actor=sw1, case=case, text="家访", written_on=dt.date(2026, 11, 14),
                           next_step="联系社区医生", next_step_on=dt.date(2026, 12, 1))  # fmt: skip
    [row] = selectors.cases_for_worker(actor=sw1, today=TODAY)
    assert (row.case, row.days_open, row.days_in_stage) == (case, 22, 10)
    assert (row.next_action_on, row.next_step, row.stuck) == (dt.date(2026, 12, 1), "联系社区医生",
                                                              False)  # fmt: skip
    assert selectors.cases_for_worker(actor=users["zhuoda-sw2"], today=TODAY) == []
    [row] = selectors.cases_for_station(actor=users["zhuoda-sw2"], station=world["zhuoda"],
                                        today=TODAY)  # fmt: skip
    assert row.next_step == "联系社区医生"


def test_co_worker_sees_the_case_in_their_caseload(world):
    users = world["users"]
    case = open_case(world, co_workers=[users["zhuoda-sw2"]])
    rows = selectors.cases_for_worker(actor=users["zhuoda-sw2"], today=TODAY)
    assert [r.case for r in rows] == [case]


def test_restricted_next_step_hidden_from_other_staff(world):
    users = world["users"]
    case = open_case(world, restricted_reason="lost_only_child")
    services.case_add_note(actor=users["zhuoda-sw1"], case=case, text="谈话", written_on=TODAY,
                           next_step="陪同扫墓", next_step_on=dt.date(2026, 12, 2))  # fmt: skip
    station = world["zhuoda"]
    steps = {
        who: selectors.cases_for_station(actor=users[who], station=station, today=TODAY)[0]
        for who in ("zhuoda-sw1", "zhuoda-head", "zhuoda-sw2")
    }
    assert steps["zhuoda-sw1"].next_step == steps["zhuoda-head"].next_step == "陪同扫墓"
    assert steps["zhuoda-sw2"].next_step == ""
    assert steps["zhuoda-sw2"].next_action_on == dt.date(2026, 12, 2)  # dates are not notes


@pytest.mark.parametrize("who", ["zhuoda-vol1", "jiyang-viewer", "wangcheng-head"])
def test_outsiders_get_no_cases(world, who):
    open_case(world)
    user = world["users"][who]
    assert not Case.objects.visible_to(user).exists()
    assert selectors.cases_for_station(actor=user, station=world["zhuoda"], today=TODAY) == []
    assert selectors.cases_stuck(actor=user, station=world["zhuoda"], today=TODAY) == []


def test_closed_cases_left_out_unless_asked(world):
    sw1 = world["users"]["zhuoda-sw1"]
    put_at(open_case(world), "closed")
    assert selectors.cases_for_worker(actor=sw1, today=TODAY) == []
    assert len(selectors.cases_for_worker(actor=sw1, today=TODAY, include_ended=True)) == 1


@pytest.mark.parametrize(
    ("stage", "days", "stuck"),
    [("intake", 14, False), ("intake", 15, True), ("assessment", 21, False),
     ("assessment", 22, True), ("plan", 14, False), ("plan", 15, True),
     ("intervention", 120, False), ("intervention", 121, True), ("evaluation", 21, False),
     ("evaluation", 22, True), ("closed", 400, False), ("followup", 400, False)],
)  # fmt: skip
def test_stuck_at_the_norms_edge(world, stage, days, stuck):
    head = world["users"]["zhuoda-head"]
    case = put_at(open_case(world), stage, TODAY - dt.timedelta(days=days))
    rows = selectors.cases_stuck(actor=head, station=world["zhuoda"], today=TODAY)
    assert [r.case for r in rows] == ([case] if stuck else [])
    assert all(r.stuck and r.days_in_stage == days for r in rows)


def test_stuck_with_a_stations_own_norms(world):
    head = world["users"]["zhuoda-head"]
    put_at(open_case(world), "intake", TODAY - dt.timedelta(days=8))
    norms = {"intake": 7}
    assert len(selectors.cases_stuck(actor=head, station=world["zhuoda"], today=TODAY,
                                     norms=norms)) == 1  # fmt: skip


def test_list_query_bounds(world, django_assert_max_num_queries):
    users = world["users"]
    sw1, head = users["zhuoda-sw1"], users["zhuoda-head"]
    for i in range(6):
        case = open_case(world, co_workers=[users["zhuoda-sw2"]],
                         restricted_reason="abuse" if i % 2 else "")  # fmt: skip
        services.case_set_plan(actor=sw1, case=case, goals=[goal_data(), goal_data()])
        services.case_add_note(actor=sw1, case=case, text="x", written_on=TODAY, next_step="y")
        put_at(case, "intake", TODAY - dt.timedelta(days=30))
    for user in (sw1, head, users["zhuoda-sw2"]):
        user = type(user).objects.get(pk=user.pk)  # fresh: memberships not yet cached
        station = world["zhuoda"]
        # memberships, the station's norms, the list
        with django_assert_max_num_queries(3):
            rows = selectors.cases_for_station(actor=user, station=station, today=TODAY)
            [(r.case.elder.name, r.case.lead_worker.username, r.next_step) for r in rows]
        assert len(rows) == 6
        with django_assert_max_num_queries(2):  # the list, then norms once per station in it
            assert len(selectors.cases_for_worker(actor=user, today=TODAY)) in (0, 6)
        with django_assert_max_num_queries(2):
            assert len(selectors.cases_stuck(actor=user, station=station, today=TODAY)) == 6
