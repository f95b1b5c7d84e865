"""API routes for group work: the station's groups, one group with its members' attendance and
sessions, and its outcome (the numbers of the outcome page). Staff of the station only; a group
of another station is a 404."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from linli.stations.selectors import can

from . import selectors

router = Router(tags=["groups"])


class GroupOut(Schema):
    id: int
    name: str
    type: str
    status: str
    restricted: bool
    starts_on: dt.date
    ends_on: dt.date | None
    planned_sessions: int
    outcome_instrument: str
    leaders: list[str]


class GroupRowOut(GroupOut):
    members: int
    sessions: int


class MemberOut(Schema):
    id: int
    name: str
    elder_id: int | None
    joined_on: dt.date
    left_on: dt.date | None
    left_reason: str
    sessions_held: int
    sessions_attended: int
    attendance_rate: float | None


class SessionOut(Schema):
    number: int
    held_on: dt.date
    theme: str
    present: int
    expected: int


class GroupDetailOut(GroupOut):
    purpose: str
    goals: str
    members: list[MemberOut]
    sessions: list[SessionOut]


class OutcomeRowOut(Schema):
    member_id: int
    name: str
    pre: int | None
    post: int | None
    change: int | None


class ResultOut(Schema):
    n: int
    mean_pre: float | None
    mean_post: float | None
    mean_change: float | None
    sd_change: float | None
    improved: int
    worse: int
    same: int
    test: str
    statistic: float | None
    p_value: float | None
    effect_size: float | None
    effect_name: str
    reason: str


class OutcomeOut(Schema):
    group_id: int
    instrument: str
    higher_is: str
    rows: list[OutcomeRowOut]
    result: ResultOut | None


def _staff(request) -> None:
    if not can(request.user, request.station, "edit_elders"):
        raise PermissionDenied


def _group(request, group_id: int):
    _staff(request)
    return selectors.group_get_or_404(actor=request.user, pk=group_id, station=request.station)


def _group_out(group) -> dict:
    return {
        "id": group.pk,
        "name": group.name,
        "type": group.type,
        "status": group.status,
        "restricted": group.restricted,
        "starts_on": group.starts_on,
        "ends_on": group.ends_on,
        "planned_sessions": group.planned_sessions,
        "outcome_instrument": group.outcome_instrument,
        "leaders": [str(u) for u in group.leaders.all()],
    }


@router.get("/groups", response=list[GroupRowOut], summary="The station's groups")
def list_groups(request):
    _staff(request)
    rows = selectors.group_list(actor=request.user, station=request.station)
    return [{**_group_out(g), "members": g.member_count, "sessions": g.session_count} for g in rows]


@router.get("/groups/{group_id}", response=GroupDetailOut, summary="One group with attendance")
def get_group(request, group_id: int):
    group = _group(request, group_id)
    detail = selectors.group_detail(actor=request.user, group=group)
    members = [
        {
            "id": r.member.pk,
            "name": r.name,
            "elder_id": r.member.elder_id if detail.reveal else None,
            "joined_on": r.member.joined_on,
            "left_on": r.member.left_on,
            "left_reason": r.member.left_reason if detail.reveal else "",
            "sessions_held": r.held,
            "sessions_attended": r.attended,
            "attendance_rate": r.rate,
        }
        for r in detail.members
    ]
    sessions = [
        {
            "number": s.session.number,
            "held_on": s.session.held_on,
            "theme": s.session.theme,
            "present": s.present,
            "expected": s.expected,
        }
        for s in detail.sessions
    ]
    return {
        **_group_out(group),
        "purpose": group.purpose,
        "goals": group.goals,
        "members": members,
        "sessions": sessions,
    }


@router.get("/groups/{group_id}/outcome", response=OutcomeOut, summary="A group's outcome")
def get_outcome(request, group_id: int):
    group = _group(request, group_id)
    found = selectors.outcome(actor=request.user, group=group)
    rows = [
        {"member_id": r.member.pk, "name": r.name, "pre": r.pre, "post": r.post, "change": r.change}
        for r in found.rows
    ]
    result = None
    if found.result is not None:
        result = {k: getattr(found.result, k) for k in ResultOut.model_fields}
    return {
        "group_id": group.pk,
        "instrument": group.outcome_instrument,
        "higher_is": found.higher_is,
        "rows": rows,
        "result": result,
    }
