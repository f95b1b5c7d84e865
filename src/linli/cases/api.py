"""API routes for case work: caseloads, one case with its timeline, opening, notes, moving on.
Notes of a restricted case are given only to its lead worker and the head."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from linli.accounts.models import User
from linli.elders import selectors as elder_selectors

from . import selectors, services
from .models import Case, Intake, Stage

router = Router(tags=["cases"])
StageCode = Literal[tuple(Stage.values)]  # type: ignore[valid-type]
IntakeSource = Literal[tuple(Intake.Source.values)]  # type: ignore[valid-type]


class CaseRowOut(Schema):
    id: int
    title: str
    elder_id: int
    elder: str
    lead_worker: str
    stage: str
    restricted: bool
    days_open: int
    days_in_stage: int
    next_action_on: dt.date | None
    next_step: str = Field(description="Empty when the caller may not read the case's notes")
    stuck: bool


class EventOut(Schema):
    at: dt.datetime
    from_stage: str
    to_stage: str
    actor: str | None
    reason: str


class NoteOut(Schema):
    kind: str
    written_on: dt.date
    text: str
    next_step: str
    author: str | None


class CaseOut(Schema):
    id: int
    title: str
    elder_id: int
    stage: str
    restricted: bool
    opened_on: dt.date
    stage_entered_on: dt.date
    events: list[EventOut]
    notes: list[NoteOut] | None = Field(description="null when the caller may not read them")


class CaseQuery(Schema):
    mine: bool = Field(False, description="Only cases I lead or work on")
    stuck: bool = Field(False, description="Only cases longer than the norm in their stage")


class CaseIn(Schema):
    elder_id: int
    title: str = Field(min_length=1, max_length=120)
    lead_worker_id: int | None = None
    source: IntakeSource
    problem: str = Field(min_length=1)
    consent_given: bool
    consent_by: str = ""
    restricted_reason: str = ""


class NoteIn(Schema):
    text: str = Field(min_length=1)
    written_on: dt.date | None = None
    next_step: str = ""
    next_step_on: dt.date | None = None


class MoveIn(Schema):
    to: StageCode
    reason: str = ""


def _row_out(row: selectors.CaseRow) -> dict:
    case = row.case
    return {
        "id": case.pk,
        "title": case.title,
        "elder_id": case.elder_id,
        "elder": case.elder.name,
        "lead_worker": str(case.lead_worker) if case.lead_worker_id else "",
        "stage": case.stage,
        "restricted": case.restricted,
        "days_open": row.days_open,
        "days_in_stage": row.days_in_stage,
        "next_action_on": row.next_action_on,
        "next_step": row.next_step,
        "stuck": row.stuck,
    }


def _case_out(request, case: Case) -> dict:
    readable = selectors.notes_visible_to(request.user, case)
    events = case.events.select_related("actor").order_by("at", "id")
    notes = case.notes.select_related("author").order_by("written_on", "id") if readable else None
    return {
        "id": case.pk,
        "title": case.title,
        "elder_id": case.elder_id,
        "stage": case.stage,
        "restricted": case.restricted,
        "opened_on": case.opened_on,
        "stage_entered_on": case.stage_entered_on,
        "events": [
            {
                "at": e.at,
                "from_stage": e.from_stage,
                "to_stage": e.to_stage,
                "actor": str(e.actor) if e.actor_id else None,
                "reason": e.reason,
            }
            for e in events
        ],  # fmt: skip
        "notes": None
        if notes is None
        else [
            {
                "kind": n.kind,
                "written_on": n.written_on,
                "text": n.text,
                "next_step": n.next_step,
                "author": str(n.author) if n.author_id else None,
            }
            for n in notes
        ],  # fmt: skip
    }


def _case(request, case_id: int) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related("station", "elder"), pk=case_id
    )


@router.get("/cases", response=list[CaseRowOut], summary="Caseload: the station's or mine")
def list_cases(request, query: Query[CaseQuery]):
    today = timezone.localdate()
    if query.stuck:
        rows = selectors.cases_stuck(actor=request.user, station=request.station, today=today)
    elif query.mine:
        rows = selectors.cases_for_worker(actor=request.user, today=today)
    else:
        rows = selectors.cases_for_station(actor=request.user, station=request.station, today=today)
    return [_row_out(r) for r in rows]


@router.get("/cases/{case_id}", response=CaseOut, summary="One case and its timeline")
def get_case(request, case_id: int):
    return _case_out(request, _case(request, case_id))


@router.post("/cases", response={201: CaseOut}, summary="Open a case with its intake record")
def post_case(request, payload: CaseIn):
    elder = elder_selectors.elder_get_or_404(actor=request.user, pk=payload.elder_id)
    lead = request.user
    if payload.lead_worker_id is not None:
        lead = get_object_or_404(User, pk=payload.lead_worker_id)
    case = services.case_open(
        actor=request.user,
        elder=elder,
        title=payload.title,
        lead_worker=lead,
        source=payload.source,
        problem=payload.problem,
        consent_given=payload.consent_given,
        consent_by=payload.consent_by,
        restricted_reason=payload.restricted_reason,
    )
    return Status(201, _case_out(request, case))


@router.post("/cases/{case_id}/notes", response={201: CaseOut}, summary="Add a process note")
def post_note(request, case_id: int, payload: NoteIn):
    case = _case(request, case_id)
    services.case_add_note(
        actor=request.user,
        case=case,
        text=payload.text,
        written_on=payload.written_on or timezone.localdate(),
        next_step=payload.next_step,
        next_step_on=payload.next_step_on,
    )
    return Status(201, _case_out(request, case))


@router.post("/cases/{case_id}/move", response=CaseOut, summary="Move the case to a stage")
def post_move(request, case_id: int, payload: MoveIn):
    case = _case(request, case_id)
    services.case_move(actor=request.user, case=case, to=payload.to, reason=payload.reason)
    return _case_out(request, case)
