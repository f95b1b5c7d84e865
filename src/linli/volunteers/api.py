"""API routes for volunteers: the station's registry (staff), one volunteer, the hours export,
and a volunteer's own page (only the names and areas of the elders paired with them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from linli.accounts.services import access_log_record
from linli.stations.selectors import can

from . import selectors

router = Router(tags=["volunteers"])


class VolunteerOut(Schema):
    id: int
    name: str
    elder_volunteer: bool
    area: str | None
    phone: str
    platform_id: str
    skills: list[str]
    languages: list[str]
    availability: list[str]
    teams: list[str]
    active: bool
    hours_year: Decimal
    balance: Decimal


class ListQuery(Schema):
    skill: str = ""
    team: int | None = None
    elder: bool | None = None
    active: bool | None = True
    q: str = ""
    limit: int = Field(100, ge=1, le=500)


class MyPairingOut(Schema):
    pairing_id: int
    elder_name: str
    area: str
    since: dt.date


class MyActivityOut(Schema):
    id: int
    title: str
    type: str
    type_label: str
    starts_at: dt.datetime
    place: str


class MeOut(Schema):
    volunteer_id: int
    name: str
    pairings: list[MyPairingOut]
    requests: int = Field(description="Requests waiting for me (see /requests/mine)")
    activities: list[MyActivityOut]
    hours_year: Decimal
    balance: Decimal


class ExportRowOut(Schema):
    name: str
    platform_id: str
    on: dt.date
    hours: Decimal
    activity: str


class ExportQuery(Schema):
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    format: str = Field("json", pattern="^(json|csv)$")


def _require_staff(request) -> None:
    """Another station's records and a volunteer's asking for staff data are both 404."""
    if not can(request.user, request.station, "edit_elders"):
        raise Http404


CENTS = Decimal("0.01")


def _out(v, year: int) -> dict:
    return {
        "id": v.pk, "name": v.name, "elder_volunteer": v.elder_id is not None,
        "area": v.area.name if v.area_id else None, "phone": v.phone,
        "platform_id": v.platform_id, "skills": v.skills, "languages": v.languages,
        "availability": v.availability, "teams": [t.name for t in v.teams.all()],
        "active": v.active, "hours_year": Decimal(v.hours_year).quantize(CENTS),
        "balance": Decimal(v.earned - v.redeemed).quantize(CENTS),
    }  # fmt: skip


@router.get("/volunteers", response=list[VolunteerOut], summary="The station's volunteers")
def list_volunteers(request, query: Query[ListQuery]):
    _require_staff(request)
    year = timezone.localdate().year
    rows = selectors.volunteer_list(
        actor=request.user, station=request.station, year=year, skill=query.skill,
        team=query.team, elder=query.elder, active=query.active, q=query.q,
    )  # fmt: skip
    return [_out(v, year) for v in rows[: query.limit]]


@router.get("/volunteers/me", response=MeOut, summary="My volunteering (a volunteer's own page)")
def my_volunteering(request):
    volunteer = selectors.own_volunteer(request.user, request.station)
    if volunteer is None:
        raise Http404
    page = selectors.my_page(volunteer=volunteer, today=timezone.localdate())
    return {**page.__dict__, "pairings": [p.__dict__ for p in page.pairings],
            "activities": [a.__dict__ for a in page.activities]}  # fmt: skip


@router.get("/volunteers/export", response=list[ExportRowOut], summary="Confirmed hours export")
def export_hours(request, query: Query[ExportQuery]):
    from .views import export_response

    _require_staff(request)
    today = timezone.localdate()
    start, end = query.from_ or dt.date(today.year, 1, 1), query.to or today
    if query.format == "csv":
        return export_response(request, start, end)
    rows = selectors.hours_export_rows(actor=request.user, station=request.station,
                                       start=start, end=end)  # fmt: skip
    access_log_record(actor=request.user, station=request.station,
                      action="volunteers.hours.exported",
                      detail={"from": start.isoformat(), "to": end.isoformat(),
                              "rows": len(rows), "format": "json"})  # fmt: skip
    return [r.__dict__ for r in rows]


@router.get("/volunteers/{volunteer_id}", response=VolunteerOut, summary="One volunteer")
def get_volunteer(request, volunteer_id: int):
    _require_staff(request)
    year = timezone.localdate().year
    rows = selectors.volunteer_list(actor=request.user, station=request.station, year=year,
                                    active=None).filter(pk=volunteer_id)  # fmt: skip
    volunteer = rows.first()
    if volunteer is None:
        raise Http404
    access_log_record(actor=request.user, station=request.station,
                      action="volunteers.volunteer.viewed", obj=volunteer)  # fmt: skip
    return _out(volunteer, year)
