"""API routes for the elder registry."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from linli.lib.cursor import BadCursor
from linli.lib.masking import mask_phone as _mask_phone
from linli.stations.roles import role_has
from linli.stations.selectors import station_for_code, station_roles

from . import selectors, services
from .models import Elder
from .vocabulary import category_name

router = Router(tags=["elders"])
MAX_LIMIT = 200


class ConflictError(HttpError):
    code = "conflict"


class ElderOut(Schema):
    id: int
    name: str
    sex: str
    birth_date: dt.date | None
    age: int | None
    id_number: str
    phones: list[str]
    area: str | None
    categories: list[str]
    living_arrangement: str
    risk_level: str = Field(description="Derived by the station's risk rules")
    risk_floor: str = Field(description="The worker's judgement: the level never falls below it")
    migratory: bool
    months_present: list[int]
    status: str
    status_date: dt.date | None
    notes: str
    version: int


class ElderPage(Schema):
    items: list[ElderOut]
    next: str | None


class ElderListQuery(Schema):
    q: str = ""
    station: str | None = Field(None, description="Station code; default: the current one")
    area: str | None = None
    category: str | None = None
    status: Literal["active", "moved", "deceased", "all"] = "active"
    living_arrangement: str | None = None
    worker: int | None = None
    risk: Literal["low", "medium", "high", "urgent"] | None = None
    age_min: int | None = Field(None, ge=0, le=150)
    age_max: int | None = Field(None, ge=0, le=150)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    cursor: str | None = None


class ElderPatch(Schema):
    version: int
    name: str | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    id_number: str | None = None
    phones: list[str] | None = None
    address: str | None = None
    area: str | None = None
    categories: list[str] | None = None
    living_arrangement: str | None = None
    migratory: bool | None = None
    months_present: list[int] | None = None
    status: str | None = None
    status_date: dt.date | None = None
    notes: str | None = None
    risk_floor: str | None = None


def elder_out(elder: Elder, *, role: str | None, today: dt.date) -> dict:
    """The API shape of an elder, masked for anyone who may not see full identifiers."""
    id_number = elder.id_number if role_has(role, "see_id_numbers") else elder.id_number_masked
    phones = (
        elder.phone_list
        if role_has(role, "see_phones")
        else [_mask_phone(p) for p in elder.phone_list]
    )
    return {
        "id": elder.pk,
        "name": elder.name,
        "sex": elder.sex,
        "birth_date": elder.birth_date,
        "age": elder.age_on(today),
        "id_number": id_number,
        "phones": phones,
        "area": elder.area.name if elder.area_id else None,
        "categories": [category_name(code) for code in elder.category_codes(today)],
        "living_arrangement": elder.living_arrangement,
        "risk_level": elder.risk_level,
        "risk_floor": elder.risk_floor,
        "migratory": elder.migratory,
        "months_present": elder.months_present or [],
        "status": elder.status,
        "status_date": elder.status_date,
        "notes": elder.notes,
        "version": elder.version,
    }


def _role_for(request, elder: Elder) -> str | None:
    return station_roles(request.user).get(elder.station_id)


def _station(request, code: str | None):
    """The station asked for (one of the caller's, else 404) or the current one."""
    if not code:
        return request.station
    station = station_for_code(request.user, code)
    if station is None:
        raise Http404
    return station


@router.get("", response=ElderPage, summary="Search and list elders")
def list_elders(request, query: Query[ElderListQuery]):
    today = timezone.localdate()
    station = _station(request, query.station)
    filters = selectors.ElderFilters(
        area=query.area,
        category=query.category,
        status=None if query.status == "all" else query.status,
        age_min=query.age_min,
        age_max=query.age_max,
        living_arrangement=query.living_arrangement,
        worker=query.worker,
        risk=query.risk,
    )
    qs = selectors.elder_search(
        actor=request.user, station=station, q=query.q, filters=filters, today=today
    )
    try:
        rows, next_cursor = selectors.elder_page(qs, cursor=query.cursor, limit=query.limit)
    except BadCursor:
        raise HttpError(
            422, _("The cursor is not valid; start again from the first page.")
        ) from None
    role = station_roles(request.user).get(station.pk) if station else None
    return {"items": [elder_out(e, role=role, today=today) for e in rows], "next": next_cursor}


@router.get("/{elder_id}", response=ElderOut, summary="One elder")
def get_elder(request, elder_id: int):
    elder = _get(request, elder_id)
    services.elder_view_logged(actor=request.user, elder=elder, what="api")
    return elder_out(elder, role=_role_for(request, elder), today=timezone.localdate())


@router.patch("/{elder_id}", response=ElderOut, summary="Change an elder (send its version)")
def patch_elder(request, elder_id: int, payload: ElderPatch):
    elder = _get(request, elder_id)
    role = _role_for(request, elder)
    if not role_has(role, "edit_elders"):
        raise HttpError(403, _("Your role may not change elder records."))
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "area" in data and data["area"]:
        area = elder.station.areas.filter(name=data["area"]).first()
        data["area"] = area.pk if area else -1
    try:
        elder = services.elder_update(
            actor=request.user,
            elder=elder,
            data=data,
            version=version,
            reason=_("Changed through the API"),
        )
    except services.VersionConflict as exc:
        raise ConflictError(
            409,
            _("Someone else changed this record (now version %(version)s); reload and retry.")
            % {"version": exc.current.version},
        ) from None
    return elder_out(
        selectors.elder_get(actor=request.user, pk=elder.pk), role=role, today=timezone.localdate()
    )


def _get(request, elder_id: int) -> Elder:
    return get_object_or_404(
        Elder.objects.visible_to(request.user)
        .select_related("area", "station")
        .prefetch_related("categories"),
        pk=elder_id,
    )
