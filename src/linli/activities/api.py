"""API routes for community activities: the station's list with counts, one activity,
recording attendance (an elder or walk-ins) and person-times for a period. Staff only; another
station's activity is a 404."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from linli.elders.selectors import elder_get_or_404
from linli.stations.selectors import can

from . import selectors, services
from .models import Activity

router = Router(tags=["activities"])


class ActivityOut(Schema):
    id: int
    title: str
    type: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    target_group: str
    capacity: int | None
    signed_up: int
    attended_elders: int
    walk_ins: int
    person_times: int


class ActivityDetailOut(ActivityOut):
    partners: list[str]
    description: str
    materials: str


class ActivityQuery(Schema):
    type: str = ""
    month: str = Field("", pattern=r"^(\d{4}-\d{2})?$")
    when: str = Field("", pattern=r"^(upcoming|past)?$")
    cursor: str = ""


class PeriodQuery(Schema):
    start: dt.date = Field(..., alias="from")
    end: dt.date = Field(..., alias="to")
    type: str = ""


class AttendanceIn(Schema):
    elder_id: int | None = None
    walk_in_name: str = Field("", max_length=60)
    count: int = Field(1, ge=1, le=500)


class AttendanceOut(Schema):
    id: int
    elder_id: int | None
    walk_in_name: str
    count: int
    method: str
    created: bool


class PersonTimesOut(Schema):
    start: dt.date
    end: dt.date
    type: str | None
    person_times: int
    unique_persons: int


def _require_staff(request) -> None:
    if not can(request.user, request.station, "edit_elders"):
        raise PermissionDenied


def _out(a: Activity) -> dict:
    fields = ("id", "title", "type", "status", "starts_at", "ends_at", "place", "target_group",
              "capacity", "signed_up", "attended_elders", "walk_ins", "person_times")  # fmt: skip
    return {f: getattr(a, f) for f in fields}


@router.get("/activities", response=list[ActivityOut], summary="The station's activities")
def list_activities(request, query: Query[ActivityQuery]):
    _require_staff(request)
    month = None
    if query.month:
        year, number = (int(p) for p in query.month.split("-"))
        month = (year, number) if 1 <= number <= 12 else None
    filters = selectors.ActivityFilters(
        type=query.type if query.type in Activity.Type.values else "", month=month,
        when=query.when,
    )  # fmt: skip
    rows, _next = selectors.activity_list(actor=request.user, station=request.station,
                                          filters=filters, today=timezone.localdate(),
                                          cursor=query.cursor)  # fmt: skip
    return [_out(a) for a in rows]


@router.get("/activities/person-times", response=PersonTimesOut,
            summary="Person-times and unique persons of a period")  # fmt: skip
def get_person_times(request, query: Query[PeriodQuery]):
    _require_staff(request)
    start, end, type_ = query.start, query.end, query.type or None
    args = {"station": request.station, "start": start, "end": end, "type": type_}
    return {"start": start, "end": end, "type": type_,
            "person_times": selectors.person_times(**args),
            "unique_persons": selectors.unique_persons(**args)}  # fmt: skip


@router.get("/activities/{activity_id}", response=ActivityDetailOut, summary="One activity")
def get_activity(request, activity_id: int):
    _require_staff(request)
    a = selectors.activity_get(actor=request.user, pk=activity_id)
    return {**_out(a), "partners": [p.name for p in a.partners.all()],
            "description": a.description, "materials": a.materials}  # fmt: skip


@router.post(
    "/activities/{activity_id}/attendance",
    response={200: AttendanceOut, 201: AttendanceOut},
    summary="Record an elder's attendance or walk-ins",
)
def post_attendance(request, activity_id: int, payload: AttendanceIn):
    _require_staff(request)
    activity = selectors.activity_get(actor=request.user, pk=activity_id)
    if payload.elder_id is not None:
        elder = elder_get_or_404(actor=request.user, pk=payload.elder_id)
        row, created = services.attend_roster(actor=request.user, activity=activity, elder=elder)
    else:
        row = services.attend_walk_in(actor=request.user, activity=activity,
                                      name=payload.walk_in_name, count=payload.count)  # fmt: skip
        created = True
    body = {"id": row.pk, "elder_id": row.elder_id, "walk_in_name": row.walk_in_name,
            "count": row.count, "method": row.method, "created": created}  # fmt: skip
    return Status(201 if created else 200, body)
