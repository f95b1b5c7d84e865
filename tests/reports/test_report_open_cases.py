"""The report's open cases are those open at the END of the period, in the stage each was in
then (from the case's moves, CaseEvent), not today's: the mid-term report for January–June,
written in November, shows June's picture.

The cases of `moves` below, for the period 2026-01-01..2026-06-30 (local time, Asia/Shanghai),
worked out by hand; the opening event of each is at 09:00 on its opening day unless said:
- A opened 2 March, assessment 10 April, plan 5 July → assessment at the end;
- B opened 1 February, … evaluation 1 June, closed 2 July (after the end) → evaluation;
- C opened 15 January, … evaluation 1 May, closed 20 June → not open at the end;
- D opened 1 July (after the end) → not counted;
- E opened 1 May, assessment 5 May, plan 10 May, intervention 30 June 23:30 (the last local
  evening of the period: inside), evaluation 1 July 00:10 (outside) → intervention;
- F opened 1 April, but its opening was recorded on 3 July (no event by the end) → intake;
- G opened 15 February, referred out 10 June → not open (referred out is not an open stage);
- H opened 10 March, assessment 20 March, referred out 1 August → assessment;
- J opened 20 November 2025 (before the period), plan since 1 December 2025 → plan;
- W a case of the other station (望城), opened 1 March → not counted for 卓达.
At the end: intake 1 (F), assessment 2 (A, H), plan 1 (J), intervention 1 (E), evaluation 1
(B) = 6. At the end of 2026 (after every move): intake 2 (D, F), plan 2 (A, J), evaluation 1
(E) = 5, today's stages, as on the dashboard.
"""

from __future__ import annotations

import datetime as dt

import pytest

from linli.cases.models import Case, CaseEvent
from linli.reports import summary
from linli.reports.report_data import build_report, open_cases_at
from tests.cases.factories import open_case
from tests.conftest import add_elder
from tests.reports.test_indicators import make_project
from tests.reports.test_measures import END, START, local

D = dt.date
STAGES = ("intake", "assessment", "plan", "intervention", "evaluation")
WORK = (("assessment", D(2026, 2, 10)), ("plan", D(2026, 3, 1)), ("intervention", D(2026, 3, 15)))


def case_with(world, name: str, opened_on: dt.date, moves, station="zhuoda", recorded=None):
    """A case opened on `opened_on` (its opening event at 09:00 that day, or at `recorded`),
    then moved to each stage at each moment; its current stage is the last one."""
    elder = add_elder(world, station, name=name)
    case = open_case(world, elder=elder, opened_on=opened_on, lead=f"{station}-sw1")
    CaseEvent.objects.filter(case=case).update(at=recorded or local(opened_on, 9))
    stage = "intake"
    for to, at in moves:
        at = at if isinstance(at, dt.datetime) else local(at)
        CaseEvent.objects.create(case=case, from_stage=stage, to_stage=to, at=at)
        stage = to
    Case.objects.filter(pk=case.pk).update(stage=stage)
    return case


@pytest.fixture
def cases(world):
    case_with(world, "甲", D(2026, 3, 2), [("assessment", D(2026, 4, 10)),
                                          ("plan", D(2026, 7, 5))])  # fmt: skip
    case_with(world, "乙", D(2026, 2, 1), [*WORK, ("evaluation", D(2026, 6, 1)),
                                          ("closed", D(2026, 7, 2))])  # fmt: skip
    case_with(world, "丙", D(2026, 1, 15), [*WORK, ("evaluation", D(2026, 5, 1)),
                                           ("closed", D(2026, 6, 20))])  # fmt: skip
    case_with(world, "丁", D(2026, 7, 1), [])
    case_with(world, "戊", D(2026, 5, 1), [
        ("assessment", D(2026, 5, 5)), ("plan", D(2026, 5, 10)),
        ("intervention", local(D(2026, 6, 30), 23, 30)),
        ("evaluation", local(D(2026, 7, 1), 0, 10)),
    ])  # fmt: skip
    case_with(world, "己", D(2026, 4, 1), [], recorded=local(D(2026, 7, 3), 15))
    case_with(world, "庚", D(2026, 2, 15), [("referred", D(2026, 6, 10))])
    case_with(world, "辛", D(2026, 3, 10), [("assessment", D(2026, 3, 20)),
                                           ("referred", D(2026, 8, 1))])  # fmt: skip
    case_with(world, "壬", D(2025, 11, 20), [("assessment", D(2025, 11, 25)),
                                            ("plan", D(2025, 12, 1))])  # fmt: skip
    case_with(world, "癸", D(2026, 3, 1), [], station="wangcheng")


def counts(found: dict) -> dict:
    return {s["code"]: s["count"] for s in found["open_by_stage"]}


def test_open_cases_at_the_end_of_the_period_by_their_stage_then(world, cases):
    found = open_cases_at([world["zhuoda"]], END)
    assert [s["code"] for s in found["open_by_stage"]] == list(STAGES)  # the process's order
    assert counts(found) == {"intake": 1, "assessment": 2, "plan": 1, "intervention": 1,
                             "evaluation": 1}  # fmt: skip
    assert found["open"] == 6


def test_the_last_evening_counts_and_the_next_morning_does_not(world, cases):
    # at the end, 戊 counts in intervention (23:30 on 30 June), not evaluation (00:10 on 1 July)
    found = counts(open_cases_at([world["zhuoda"]], END))
    assert (found["intervention"], found["evaluation"]) == (1, 1)  # 戊; 乙 alone
    # one day earlier, 戊 was still in plan (with 壬)
    found = counts(open_cases_at([world["zhuoda"]], D(2026, 6, 29)))
    assert (found["plan"], found["intervention"], found["evaluation"]) == (2, 0, 1)
    # and one day later it was in evaluation (with 乙, closed only on 2 July)
    found = counts(open_cases_at([world["zhuoda"]], D(2026, 7, 1)))
    assert (found["intervention"], found["evaluation"]) == (0, 2)


def test_after_every_move_the_stages_are_todays_as_on_the_dashboard(world, cases):
    end = D(2026, 12, 31)
    found = open_cases_at([world["zhuoda"]], end)
    assert counts(found) == {"intake": 2, "assessment": 0, "plan": 2, "intervention": 0,
                             "evaluation": 1}  # fmt: skip
    board = summary.station_summary(station=world["zhuoda"], on=end, month_start=D(2026, 12, 1))
    assert {s["code"]: s["count"] for s in board["open_cases"]} == counts(found)
    assert board["open_cases_total"] == found["open"] == 5


def test_both_stations_together(world, cases):
    found = open_cases_at([world["zhuoda"], world["wangcheng"]], END)
    assert (counts(found)["intake"], found["open"]) == (2, 7)


def test_one_query_however_many_cases(world, cases, django_assert_num_queries):
    with django_assert_num_queries(1):
        open_cases_at([world["zhuoda"], world["wangcheng"]], END)


def test_the_midterm_report_shows_the_end_of_june(world, cases):
    project = make_project(world)
    report = build_report(project=project, kind="midterm", start=START, end=END)
    assert report.cases["open"] == 6
    assert {s["code"]: s["count"] for s in report.cases["open_by_stage"]}["assessment"] == 2
