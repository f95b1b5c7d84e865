"""The transition table: every pair of stages, allowed or not, written out here as literals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from linli.cases import process, services
from linli.cases.models import Case, CaseEvent, ClosingSummary

from .factories import open_case, put_at, with_all_records

STAGES = [
    "intake", "assessment", "plan", "intervention", "evaluation", "referred", "closed",
    "followup",
]  # fmt: skip
# Moves a worker makes with case_move.
MOVES = {
    ("intake", "assessment"), ("intake", "referred"),
    ("assessment", "plan"), ("assessment", "referred"),
    ("plan", "intervention"), ("plan", "referred"),
    ("intervention", "evaluation"), ("intervention", "referred"),
    ("evaluation", "intervention"), ("evaluation", "referred"),
    ("closed", "followup"),
}  # fmt: skip
# Moves that need the head's approval (request, then approve).
APPROVED = {("evaluation", "closed"), ("referred", "closed")}
PAIRS = [(a, b) for a in STAGES for b in STAGES]


def test_stages_are_the_table():
    assert list(process.STAGES) == STAGES


@pytest.mark.parametrize(("frm", "to"), PAIRS)
def test_table(frm, to):
    assert process.can_move(frm, to) is ((frm, to) in MOVES | APPROVED)


@pytest.mark.parametrize(("frm", "to"), PAIRS)
def test_case_move_over_the_whole_matrix(world, frm, to):
    sw1 = world["users"]["zhuoda-sw1"]
    case = put_at(with_all_records(open_case(world), sw1), frm)
    events = CaseEvent.objects.count()
    if (frm, to) in MOVES:
        services.case_move(actor=sw1, case=case, to=to, reason="test")
        case.refresh_from_db()
        assert case.stage == to
        event = CaseEvent.objects.latest("id")
        assert (event.from_stage, event.to_stage, event.actor) == (frm, to, sw1)
        assert case.history.count() >= 2
    else:
        with pytest.raises(ValidationError) as err:
            services.case_move(actor=sw1, case=case, to=to)
        assert err.value.code == ("approval" if to == "closed" else "not_allowed")
        assert Case.objects.get(pk=case.pk).stage == frm
        assert CaseEvent.objects.count() == events


@pytest.mark.parametrize("frm", STAGES)
def test_closing_by_approval_only_from_evaluation_or_referral(world, frm):
    users = world["users"]
    case = put_at(with_all_records(open_case(world), users["zhuoda-sw1"]), frm)
    ClosingSummary.objects.filter(case=case).update(status="requested")
    if (frm, "closed") in APPROVED:
        services.case_approve_close(actor=users["zhuoda-head"], case=case)
        assert Case.objects.get(pk=case.pk).stage == "closed"
    else:
        with pytest.raises(ValidationError):
            services.case_approve_close(actor=users["zhuoda-head"], case=case)
        assert Case.objects.get(pk=case.pk).stage == frm


def test_required_records_literal():
    assert process.required_records("intake", "assessment") == ("intake",)
    assert process.required_records("assessment", "plan") == ("assessment",)
    assert process.required_records("plan", "intervention") == ("plan",)
    assert process.required_records("intervention", "evaluation") == ("note",)
    assert process.required_records("evaluation", "closed") == ("evaluation", "closing")
    assert process.required_records("referred", "closed") == ("closing",)
    assert process.required_records("plan", "referred") == ("referral",)
    assert process.required_records("evaluation", "intervention") == ()


@pytest.mark.parametrize(
    ("stage", "days", "stuck"),
    [("intake", 14, False), ("intake", 15, True), ("assessment", 21, False),
     ("assessment", 22, True), ("plan", 15, True), ("intervention", 120, False),
     ("intervention", 121, True), ("evaluation", 22, True), ("closed", 999, False)],
)  # fmt: skip
def test_is_stuck_at_the_edge(stage, days, stuck):
    assert process.is_stuck(stage, days) is stuck
