"""Builders for group-work tests: a group through the services, members, sessions with a register,
and UCLA-3 assessments with a chosen total."""

from __future__ import annotations

import datetime as dt

from linli.assessments import services as assessment_services
from linli.groupwork import services
from tests.conftest import add_elder

START = dt.date(2026, 9, 1)


def make_group(world, *, leader="zhuoda-sw1", restricted=False, instrument="ucla3", **data):
    users = world["users"]
    fields = {
        "name": "随迁老人社交小组",
        "type": "recreational",
        "purpose": "结识新朋友",
        "goals": "减少孤独感",
        "planned_sessions": 6,
        "outcome_instrument": instrument,
        "restricted": restricted,
        "starts_on": START,
    }
    fields.update(data)
    return services.group_create(
        actor=users["zhuoda-head"], station=world["zhuoda"], leaders=[users[leader]], **fields
    )


def add_members(world, group, names, joined_on=START):
    head = world["users"]["zhuoda-head"]
    return [
        services.member_add(
            actor=head,
            group=group,
            elder=add_elder(world, "zhuoda", name=name),
            joined_on=joined_on,
        )
        for name in names
    ]


def hold(world, group, number, day, present):
    return services.session_record(
        actor=world["users"]["zhuoda-head"],
        group=group,
        number=number,
        held_on=day,
        theme=f"第{number}节",
        present=[m.pk for m in present],
        record="记录",
        reflection="反思",
    )


def ucla(world, elder, total, on):
    """A complete UCLA-3 assessment whose total is `total` (3–9)."""
    answers = {"q1": 1, "q2": 1, "q3": 1}
    for key in ("q1", "q2", "q3"):
        extra = min(2, total - sum(answers.values()))
        answers[key] += extra
    return assessment_services.assessment_save(
        actor=world["users"]["zhuoda-sw1"],
        elder=elder,
        instrument="ucla3",
        answers=answers,
        complete=True,
        assessed_on=on,
    )
