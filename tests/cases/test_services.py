"""Each stage's record, closing with the head's approval, supervision, referral, restriction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from linli.accounts.models import AccessLog
from linli.assessments import services as assessment_services
from linli.cases import services
from linli.cases.models import Case, CaseEvent, ClosingSummary, Note
from linli.cases.selectors import notes_visible_to
from tests.conftest import add_elder

from .factories import D, goal_data, open_case, put_at


def _unchanged(case: Case, stage: str, events: int) -> None:
    assert Case.objects.get(pk=case.pk).stage == stage
    assert CaseEvent.objects.filter(case=case).count() == events


def test_open_writes_intake_event_and_log(world):
    case = open_case(world)
    assert case.stage == "intake" and case.stage_entered_on == D
    assert case.intake.source == "community" and case.intake.consent_given
    assert list(case.events.values_list("from_stage", "to_stage")) == [("", "intake")]
    assert AccessLog.objects.filter(action="cases.case.opened", object_id=str(case.pk)).exists()


def test_open_refused_for_volunteer_and_other_station(world):
    users = world["users"]
    elder = add_elder(world, "zhuoda")
    for who in ("zhuoda-vol1", "wangcheng-sw1", "jiyang-viewer"):
        with pytest.raises(PermissionDenied):
            services.case_open(
                actor=users[who], elder=elder, title="x", lead_worker=users["zhuoda-sw1"],
                source="self", problem="x", consent_given=True,
            )  # fmt: skip
    with pytest.raises(ValidationError):
        services.case_open(
            actor=users["zhuoda-sw1"], elder=elder, title="x", lead_worker=users["wangcheng-sw1"],
            source="self", problem="x", consent_given=True,
        )  # fmt: skip
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("stage", "to", "missing"),
    [
        ("assessment", "plan", "the assessment summary"),
        ("plan", "intervention", "a service plan with at least one goal"),
        ("intervention", "evaluation", "at least one process note"),
        ("intervention", "referred", "where the case is referred to"),
    ],
)
def test_missing_record_is_refused_and_named(world, stage, to, missing):
    case = put_at(open_case(world), stage)
    events = case.events.count()
    with pytest.raises(ValidationError) as err:
        services.case_move(actor=world["users"]["zhuoda-sw1"], case=case, to=to)
    assert err.value.code == "missing_record"
    assert missing in err.value.messages[0]
    _unchanged(case, stage, events)


def test_the_whole_way_through(world):
    users = world["users"]
    sw1, head = users["zhuoda-sw1"], users["zhuoda-head"]
    case = open_case(world)
    services.case_move(actor=sw1, case=case, to="assessment")
    services.case_record_assessment(actor=sw1, case=case, text="社会支持弱")
    services.case_move(actor=sw1, case=case, to="plan")
    services.case_set_plan(actor=sw1, case=case, goals=[goal_data(), goal_data(target="4")])
    services.case_move(actor=sw1, case=case, to="intervention")
    services.case_add_note(actor=sw1, case=case, text="家访", written_on=D)
    services.case_move(actor=sw1, case=case, to="evaluation")
    first, second = case.goals.all()
    services.case_evaluate_goal(actor=sw1, goal=first, attainment="attained", score=2)
    with pytest.raises(ValidationError) as err:  # one goal is not yet evaluated
        services.case_request_close(actor=sw1, case=case, reason="goals_met", text="好")
    assert "an evaluation of every goal" in err.value.messages[0]
    assert not ClosingSummary.objects.filter(case=case).exists()
    services.case_evaluate_goal(actor=sw1, goal=second, attainment="partly", score=0)
    services.case_request_close(actor=sw1, case=case, reason="goals_met", text="目标基本达成")
    assert Case.objects.get(pk=case.pk).stage == "evaluation"  # waits for the head
    services.case_approve_close(actor=head, case=case)
    case.refresh_from_db()
    assert case.stage == "closed" and case.closing.status == "approved"
    assert case.closing.decided_by == head
    services.case_move(actor=sw1, case=case, to="followup")
    stages = list(case.events.values_list("to_stage", flat=True))
    assert stages == ["intake", "assessment", "plan", "intervention", "evaluation", "closed",
                      "followup"]  # fmt: skip


def test_goal_score_is_bounded(world):
    sw1 = world["users"]["zhuoda-sw1"]
    case = open_case(world)
    services.case_set_plan(actor=sw1, case=case, goals=[goal_data()])
    goal = case.goals.get()
    with pytest.raises(ValidationError):
        services.case_evaluate_goal(actor=sw1, goal=goal, attainment="attained", score=3)
    with pytest.raises(ValidationError):
        services.case_set_plan(actor=sw1, case=case, goals=[])
    with pytest.raises(ValidationError):
        services.case_set_plan(actor=sw1, case=case, goals=[goal_data(indicator="")])
    assert case.goals.count() == 1


def _ready_to_close(world) -> Case:
    sw1 = world["users"]["zhuoda-sw1"]
    case = put_at(open_case(world), "evaluation")
    services.case_set_plan(actor=sw1, case=case, goals=[goal_data()])
    services.case_evaluate_goal(actor=sw1, goal=case.goals.get(), attainment="not", score=-1)
    services.case_request_close(actor=sw1, case=case, reason="declined", text="老人拒绝继续")
    return case


@pytest.mark.parametrize("who", ["zhuoda-sw1", "zhuoda-sw2", "zhuoda-vol1", "wangcheng-head"])
def test_only_the_head_approves_or_returns(world, who):
    case = _ready_to_close(world)
    user = world["users"][who]
    with pytest.raises(PermissionDenied):
        services.case_approve_close(actor=user, case=case)
    with pytest.raises(PermissionDenied):
        services.case_return(actor=user, case=case, note="再评估")
    assert Case.objects.get(pk=case.pk).stage == "evaluation"
    assert case.closing.status == "requested"


def test_head_returns_then_worker_asks_again(world):
    users = world["users"]
    case = _ready_to_close(world)
    with pytest.raises(ValidationError):
        services.case_return(actor=users["zhuoda-head"], case=case, note=" ")
    services.case_return(actor=users["zhuoda-head"], case=case, note="请补充评估")
    case.refresh_from_db()
    assert case.stage == "evaluation" and case.closing.status == "returned"
    with pytest.raises(ValidationError):  # nothing is waiting any more
        services.case_approve_close(actor=users["zhuoda-head"], case=case)
    services.case_request_close(actor=users["zhuoda-sw1"], case=case, reason="other", text="补充")
    with pytest.raises(ValidationError):  # already waiting
        services.case_request_close(actor=users["zhuoda-sw1"], case=case, reason="other", text="x")
    services.case_approve_close(actor=users["zhuoda-head"], case=case)
    assert Case.objects.get(pk=case.pk).stage == "closed"


def test_refer_out_from_an_open_stage_and_close(world):
    users = world["users"]
    case = put_at(open_case(world), "plan")
    with pytest.raises(ValidationError):
        services.case_refer_out(actor=users["zhuoda-sw1"], case=case, referred_to="  ")
    services.case_refer_out(actor=users["zhuoda-sw1"], case=case, referred_to="区民政局")
    case.refresh_from_db()
    assert (case.stage, case.referred_to) == ("referred", "区民政局")
    sw1 = users["zhuoda-sw1"]
    services.case_request_close(actor=sw1, case=case, reason="referred", text="已转介")
    services.case_approve_close(actor=users["zhuoda-head"], case=case)
    assert Case.objects.get(pk=case.pk).stage == "closed"
    closed = put_at(open_case(world), "closed")
    with pytest.raises(ValidationError):
        services.case_refer_out(actor=users["zhuoda-sw1"], case=closed, referred_to="区民政局")


def test_supervision_is_head_only(world):
    users = world["users"]
    case = open_case(world)
    for who in ("zhuoda-sw1", "zhuoda-sw2", "zhuoda-vol1", "wangcheng-head"):
        with pytest.raises(PermissionDenied):
            services.case_add_supervision(actor=users[who], case=case, text="x", written_on=D)
    note = services.case_add_supervision(
        actor=users["zhuoda-head"], case=case, text="注意边界", written_on=D
    )
    assert note.kind == Note.Kind.SUPERVISION
    # a supervision note is not a process note: it does not open the way to evaluation
    put_at(case, "intervention")
    with pytest.raises(ValidationError):
        services.case_move(actor=users["zhuoda-sw1"], case=case, to="evaluation")


def test_assessment_links_only_this_elders_assessments(world):
    sw1 = world["users"]["zhuoda-sw1"]
    case = open_case(world)
    other = add_elder(world, "zhuoda", name="王五")
    mine, theirs = (
        assessment_services.assessment_save(
            actor=sw1,
            elder=elder,
            instrument="ucla3",
            answers={},
            complete=False,
            assessed_on=dt.date(2026, 11, 2),
        )  # fmt: skip
        for elder in (case.elder, other)
    )
    with pytest.raises(ValidationError):
        services.case_record_assessment(actor=sw1, case=case, text="x", assessments=[theirs])
    summary = services.case_record_assessment(actor=sw1, case=case, text="x", assessments=[mine])
    assert list(summary.assessments.all()) == [mine]


@pytest.mark.parametrize(
    ("who", "sees_case", "sees_notes"),
    [
        ("zhuoda-sw1", True, True),  # lead worker
        ("zhuoda-head", True, True),
        ("zhuoda-sw2", True, False),
        ("zhuoda-vol1", False, False),
        ("jiyang-viewer", False, False),
        ("wangcheng-head", False, False),
        ("wangcheng-sw1", False, False),
    ],
)
def test_restricted_case_visibility(world, who, sees_case, sees_notes):
    case = open_case(world, restricted_reason="abuse")
    user = world["users"][who]
    assert case.restricted
    assert Case.objects.visible_to(user).filter(pk=case.pk).exists() is sees_case
    assert notes_visible_to(user, case) is sees_notes
    if not sees_notes:
        with pytest.raises(PermissionDenied):
            services.case_add_note(actor=user, case=case, text="x", written_on=D)
        with pytest.raises(PermissionDenied):
            services.case_move(actor=user, case=case, to="assessment")
        assert not case.notes.exists()


def test_unrestricted_notes_are_for_all_station_staff(world):
    case = open_case(world)
    users = world["users"]
    assert notes_visible_to(users["zhuoda-sw2"], case)
    assert not notes_visible_to(users["zhuoda-vol1"], case)
    assert not notes_visible_to(users["wangcheng-head"], case)


def test_no_moves_while_closing_waits_for_the_head(world):
    case = _ready_to_close(world)
    events = case.events.count()
    with pytest.raises(ValidationError) as err:
        services.case_move(actor=world["users"]["zhuoda-sw1"], case=case, to="intervention")
    assert err.value.code == "pending"
    _unchanged(case, "evaluation", events)
