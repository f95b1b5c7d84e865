"""API routes for service requests: the station's list, raising, dispatching with suggestions,
a helper's own requests (only what the task needs) and each step."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from linli.elders import selectors as elder_selectors
from linli.stations.selectors import role_at

from . import selectors, services
from .models import STAFF, ServiceRequest

router = Router(tags=["service requests"])
RequestType = Literal[tuple(ServiceRequest.Type.values)]  # type: ignore[valid-type]
Urgency = Literal[tuple(ServiceRequest.Urgency.values)]  # type: ignore[valid-type]
Source = Literal[tuple(ServiceRequest.Source.values)]  # type: ignore[valid-type]
RequestStatus = Literal[tuple(ServiceRequest.Status.values)]  # type: ignore[valid-type]
HelperStep = Literal["accept", "decline", "done"]


class RequestOut(Schema):
    id: int
    elder_id: int
    elder: str
    type: str
    urgency: str
    status: str
    needed_by: dt.datetime
    address: str
    details: str
    assigned_to: str | None
    raised_at: dt.datetime


class RequestQuery(Schema):
    status: RequestStatus | None = None
    limit: int = Field(100, ge=1, le=500)


class RequestIn(Schema):
    elder_id: int
    type: RequestType
    urgency: Urgency = "normal"
    needed_by: dt.datetime
    source: Source = "phone"
    address: str = ""
    details: str = ""


class SuggestionOut(Schema):
    user_id: int
    name: str
    role: str
    reasons: list[str]


class DispatchIn(Schema):
    user_id: int


class ConfirmIn(Schema):
    satisfied: bool
    feedback: str = ""


class HelperTaskOut(Schema):
    id: int
    type: str
    type_label: str
    status: str
    elder_name: str
    address: str
    phone: str = Field(description="Masked until the helper takes the request on")
    details: str
    needed_by: dt.datetime


def _out(row: ServiceRequest) -> dict:
    return {
        "id": row.pk,
        "elder_id": row.elder_id,
        "elder": row.elder.name,
        "type": row.type,
        "urgency": row.urgency,
        "status": row.status,
        "needed_by": row.needed_by,
        "address": row.address,
        "details": row.details,
        "assigned_to": str(row.assigned_to) if row.assigned_to_id else None,
        "raised_at": row.raised_at,
    }


def _get(request, request_id: int) -> ServiceRequest:
    try:
        return selectors.request_get(actor=request.user, pk=request_id)
    except ServiceRequest.DoesNotExist:
        raise Http404 from None


@router.get("/requests", response=list[RequestOut], summary="The station's service requests")
def list_requests(request, query: Query[RequestQuery]):
    rows = selectors.requests_list(actor=request.user, station=request.station)
    if query.status:
        rows = rows.filter(status=query.status)
    return [_out(r) for r in rows.order_by("-raised_at", "-id")[: query.limit]]


@router.post("/requests", response={201: RequestOut}, summary="Raise a request for an elder")
def post_request(request, payload: RequestIn):
    elder = elder_selectors.elder_get_or_404(actor=request.user, pk=payload.elder_id)
    data = payload.dict(exclude={"elder_id"})
    row = services.request_raise(actor=request.user, elder=elder, data=data)
    return Status(201, _out(row))


@router.get("/requests/mine", response=list[HelperTaskOut], summary="My requests (a helper)")
def my_requests(request):
    return [task.as_dict() for task in selectors.requests_for_helper(request.user)]


@router.get(
    "/requests/{request_id}/suggestions",
    response=list[SuggestionOut],
    summary="Who could do it, best first, with reasons",
)
def get_suggestions(request, request_id: int):
    row = _get(request, request_id)
    if role_at(request.user, row.station) not in STAFF:  # a helper does not choose helpers
        raise Http404
    return [s.__dict__ for s in selectors.dispatch_suggestions(request=row)]


@router.post("/requests/{request_id}/dispatch", response=RequestOut, summary="Send to a helper")
def post_dispatch(request, request_id: int, payload: DispatchIn):
    from linli.accounts.models import User

    row = _get(request, request_id)
    helper = User.objects.filter(pk=payload.user_id).first()
    if helper is None:
        raise Http404
    services.request_dispatch(actor=request.user, request=row, helper=helper)
    return _out(row)


@router.post(
    "/requests/{request_id}/confirm", response=RequestOut, summary="Confirm with the elder"
)
def post_confirm(request, request_id: int, payload: ConfirmIn):
    row = _get(request, request_id)
    services.request_confirm(
        actor=request.user, request=row, satisfied=payload.satisfied, feedback=payload.feedback
    )
    return _out(row)


@router.post(
    "/requests/{request_id}/{step}", response=RequestOut, summary="Take on, give back, done"
)
def post_step(request, request_id: int, step: HelperStep):
    row = _get(request, request_id)
    service = {
        "accept": services.request_accept,
        "decline": services.request_decline,
        "done": services.request_done,
    }[step]
    service(actor=request.user, request=row)
    return _out(row)
