"""API routes for keeping in touch: a worker's day, and logging a contact."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from linli.elders import selectors as elder_selectors
from linli.elders.forms import station_workers
from linli.elders.models import Elder
from linli.lib.masking import mask_phone
from linli.stations.roles import role_has
from linli.stations.selectors import role_at, station_for_code

from . import presenting, selectors, services
from .models import Contact, Plan, Task

router = Router(tags=["followups"])
FUTURE_SLACK = dt.timedelta(minutes=10)
ContactKind = Literal[tuple(Contact.Kind.values)]  # type: ignore[valid-type]
Outcome = Literal[tuple(Contact.Outcome.values)]  # type: ignore[valid-type]
Mood = Literal[("", *Contact.Mood.values)]  # type: ignore[valid-type]
Need = Literal[tuple(Contact.Need.values)]  # type: ignore[valid-type]
FollowUpKind = Literal[tuple(Task.Kind.values)]  # type: ignore[valid-type]


class ElderBrief(Schema):
    id: int
    name: str
    age: int | None
    area: str | None
    phones: list[str] = Field(description="Masked for volunteers")


class PlanRow(Schema):
    elder: ElderBrief
    kind: str
    rule: str = Field(description="The rule's label, or the reason for an override")
    every: str = Field(description='e.g. "monthly call"')
    override: bool
    next_due: dt.date
    days_overdue: int
    no_answer_streak: int


class TaskRow(Schema):
    id: int
    elder: ElderBrief
    kind: str
    note: str
    due_on: dt.date
    status: str


class AlertRow(Schema):
    id: int
    elder: ElderBrief
    kind: str
    label: str
    created_at: dt.datetime


class EmergencyBrief(Schema):
    id: int
    kind: str
    title: str


class CheckinBlock(Schema):
    emergency: EmergencyBrief
    elders: list[ElderBrief]


class WorklistOut(Schema):
    date: dt.date
    worker: int
    counts: dict[str, int]
    overdue: list[PlanRow]
    due_today: list[PlanRow]
    due_week: list[PlanRow]
    tasks: list[TaskRow]
    alerts: list[AlertRow]
    checkins: list[CheckinBlock]


class WorklistQuery(Schema):
    worker: int | None = Field(None, description="A head may ask for a worker of the station")
    date: dt.date | None = Field(None, description="Default: today")
    station: str | None = Field(None, description="Station code; default: the current one")


# --- GET /worklist ----------------------------------------------------------------------------
@router.get("/worklist", response=WorklistOut, summary="A worker's day")
def get_worklist(request, query: Query[WorklistQuery]):
    station = _station(request, query.station)
    role = role_at(request.user, station)
    if not role_has(role, "view_elders"):
        raise Http404
    worker = _worker(request, station, role, query.worker)
    today = query.date or timezone.localdate()
    work = selectors.worklist(
        actor=request.user, station=station, worker=worker, today=today,
        limits=selectors.API_LIMITS,
    )  # fmt: skip
    return _worklist_out(work, worker=worker, station=station, role=role)


def _station(request, code: str | None):
    station = station_for_code(request.user, code) if code else request.station
    if station is None:
        raise Http404
    return station


def _worker(request, station, role: str | None, worker_id: int | None):
    if worker_id is None or worker_id == request.user.pk:
        return request.user
    worker = station_workers(station).filter(pk=worker_id).first()
    if worker is None:
        raise Http404
    if not role_has(role, "manage_station"):
        raise HttpError(403, _("Only the station's head may see another worker's list."))
    return worker


def _worklist_out(work: selectors.Worklist, *, worker, station, role) -> dict:
    labels = presenting.rule_labels(station)

    def plans(rows: list[Plan]) -> list[dict]:
        return [_plan_out(p, labels=labels, role=role, today=work.today) for p in rows]

    return {
        "date": work.today,
        "worker": worker.pk,
        "counts": presenting.day_counts(work),
        "overdue": plans(work.overdue),
        "due_today": plans(work.due_today),
        "due_week": plans(work.due_week),
        "tasks": [_task_out(t, role=role, today=work.today) for t in work.tasks],
        "alerts": [_alert_out(a, role=role, today=work.today) for a in work.alerts],
        "checkins": [
            {
                "emergency": {"id": e.pk, "kind": e.kind, "title": e.title},
                "elders": [_elder_out(elder, role=role, today=work.today) for elder in elders],
            }
            for e, elders in work.checkins
        ],
    }


def _elder_out(elder: Elder, *, role: str | None, today: dt.date) -> dict:
    phones = elder.phone_list
    if not role_has(role, "see_phones"):
        phones = [mask_phone(p) for p in phones]
    area = elder.area.name if elder.area_id else None
    return {
        "id": elder.pk,
        "name": elder.name,
        "age": elder.age_on(today),
        "area": area,
        "phones": phones,
    }


def _plan_out(plan: Plan, *, labels: dict, role: str | None, today: dt.date) -> dict:
    reason = presenting.plan_reason(plan, labels)
    return {
        "elder": _elder_out(plan.elder, role=role, today=today),
        "kind": plan.kind,
        "rule": reason["rule"],
        "every": reason["every"],
        "override": reason["override"],
        "next_due": plan.next_due,
        "days_overdue": max((today - plan.next_due).days, 0),
        "no_answer_streak": plan.no_answer_streak,
    }


def _task_out(task: Task, *, role: str | None, today: dt.date) -> dict:
    return {
        "id": task.pk,
        "elder": _elder_out(task.elder, role=role, today=today),
        "kind": task.kind,
        "note": task.note,
        "due_on": task.due_on,
        "status": task.status,
    }


def _alert_out(alert, *, role: str | None, today: dt.date) -> dict:
    return {
        "id": alert.pk,
        "elder": _elder_out(alert.elder, role=role, today=today),
        "kind": alert.kind,
        "label": str(alert.get_kind_display()),
        "created_at": alert.created_at,
    }


# --- POST /elders/{id}/contacts ---------------------------------------------------------------
class EmergencyContactIn(Schema):
    name: str = Field("", max_length=40)
    relation: str = Field("", max_length=20)
    phone: str = Field("", max_length=30)


class CorrectionsIn(Schema):
    phones: list[str] | None = None
    address: str | None = Field(None, max_length=200)
    living_arrangement: str | None = None
    emergency_contacts: list[EmergencyContactIn] | None = None


class FollowUpIn(Schema):
    kind: FollowUpKind
    note: str = Field("", max_length=1000)
    due_on: dt.date | None = None


class ContactIn(Schema):
    kind: ContactKind = "call"
    outcome: Outcome
    at: dt.datetime | None = Field(None, description="Default: now; local time if naive")
    health_change: bool = False
    mood: Mood = ""
    new_need: Need = ""
    safety_concern: bool = False
    note: str = Field("", max_length=2000)
    emergency: int | None = Field(None, description="An open emergency: a daily check-in")
    meals_secured: bool | None = None
    medicines_sufficient: bool | None = None
    corrections: CorrectionsIn | None = None
    confirm_status: bool = Field(False, description="Required for deceased and moved outcomes")
    follow_ups: list[FollowUpIn] = []


class ContactOut(Schema):
    id: int
    elder: int
    kind: str
    at: dt.datetime
    by: str | None
    outcome: str
    health_change: bool
    mood: str
    new_need: str
    safety_concern: bool
    note: str
    emergency: int | None
    meals_secured: bool | None
    medicines_sufficient: bool | None
    verification: dict
    tasks: list[int]


CONTACT_FIELDS = (
    "kind",
    "outcome",
    "health_change",
    "mood",
    "new_need",
    "safety_concern",
    "note",
    "meals_secured",
    "medicines_sufficient",
)


@router.post("/elders/{elder_id}/contacts", response={201: ContactOut}, summary="Log a contact")
def post_contact(request, elder_id: int, payload: ContactIn):
    elder = elder_selectors.elder_get_or_404(actor=request.user, pk=elder_id)
    role = role_at(request.user, elder.station)
    corrections = payload.corrections.dict(exclude_none=True) if payload.corrections else {}
    if not role_has(role, "see_phones") and {"phones", "emergency_contacts"} & set(corrections):
        raise HttpError(403, _("Your role may not correct phone numbers."))
    contact = services.contact_log(
        actor=request.user,
        elder=elder,
        data=_contact_data(elder, payload),
        corrections=corrections,
        confirm_status=payload.confirm_status,
        follow_ups=[f.dict(exclude_none=True) for f in payload.follow_ups],
    )
    return Status(201, _contact_out(contact))


def _contact_data(elder: Elder, payload: ContactIn) -> dict:
    data = {k: getattr(payload, k) for k in CONTACT_FIELDS}
    at = payload.at or timezone.now()
    data["at"] = timezone.make_aware(at) if timezone.is_naive(at) else at
    if data["at"] > timezone.now() + FUTURE_SLACK:
        raise ValidationError({"at": [_("A contact cannot be in the future.")]})
    if payload.emergency is not None:
        data["emergency"] = presenting.open_emergency(elder.station, payload.emergency)
        if data["emergency"] is None:
            raise ValidationError({"emergency": [_("No open emergency of this station.")]})
    return data


def _contact_out(contact: Contact) -> dict:
    return {
        **{k: getattr(contact, k) for k in CONTACT_FIELDS},
        "id": contact.pk,
        "elder": contact.elder_id,
        "at": contact.at,
        "by": str(contact.by) if contact.by_id else None,
        "emergency": contact.emergency_id,
        "verification": contact.verification or {},
        "tasks": list(contact.tasks.values_list("pk", flat=True)),
    }
