"""Helpers that build cases at any stage with every record in place."""

from __future__ import annotations

import datetime as dt

from linli.cases import services
from linli.cases.models import Case, ClosingSummary, Goal, Note
from tests.conftest import add_elder

D = dt.date(2026, 11, 1)


def goal_data(**extra) -> dict:
    data = {
        "description": "减少孤独感",
        "indicator": "UCLA-3 得分",
        "baseline": "8",
        "target": "5",
        "target_date": dt.date(2027, 1, 31),
    }
    data.update(extra)
    return data


def open_case(world, *, lead="zhuoda-sw1", restricted_reason="", elder=None, **extra) -> Case:
    users = world["users"]
    elder = elder or add_elder(world, "zhuoda", name="李四")
    return services.case_open(
        actor=users[lead], elder=elder, title="独居老人支持", lead_worker=users[lead],
        source="community", problem="独居，情绪低落", consent_given=True, consent_by="本人",
        restricted_reason=restricted_reason, opened_on=extra.pop("opened_on", D), **extra,
    )  # fmt: skip


def with_all_records(case: Case, actor) -> Case:
    """Every record a case can have, without moving it, so that only the table decides (the
    closing summary is a returned one: a pending request would hold every move)."""
    services.case_record_assessment(actor=actor, case=case, text="社会支持弱")
    services.case_set_plan(actor=actor, case=case, goals=[goal_data()])
    services.case_add_note(actor=actor, case=case, text="第一次家访", written_on=D)
    for goal in case.goals.all():
        services.case_evaluate_goal(actor=actor, goal=goal, attainment="attained", score=1)
    ClosingSummary.objects.create(
        case=case, reason="goals_met", text="目标达成", status=ClosingSummary.Status.RETURNED,
        requested_by=actor,
    )  # fmt: skip
    case.referred_to = "区精神卫生中心"
    case.save()
    return case


def put_at(case: Case, stage: str, on: dt.date = D) -> Case:
    """Place a case in a stage directly (test set-up only)."""
    Case.objects.filter(pk=case.pk).update(stage=stage, stage_entered_on=on)
    case.refresh_from_db()
    return case


__all__ = ["Goal", "Note", "goal_data", "open_case", "put_at", "with_all_records"]
