"""API routes for partners and referrals (staff of the station)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from linli.cases.models import Case
from linli.elders import selectors as elder_selectors
from linli.errands.models import ServiceRequest
from linli.followups.models import Contact

from . import selectors, services
from .models import Partner, Referral

router = Router(tags=["partners"])
ReferralStatus = Literal[tuple(Referral.Status.values)]  # type: ignore[valid-type]


class PersonOut(Schema):
    name: str
    role: str
    phone: str


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    party: str
    services: list[str]
    address: str
    people: list[PersonOut]
    agreements_in_force: list[str]


class ReferralOut(Schema):
    id: int
    elder_id: int
    elder: str
    partner_id: int
    partner: str
    asked: str
    sent_on: dt.date
    status: str
    responded_on: dt.date | None
    outcome: str
    days_waiting: int | None = Field(None, description="For referrals awaiting an answer")
    case_id: int | None
    contact_id: int | None
    request_id: int | None


class ReferralQuery(Schema):
    status: ReferralStatus | None = None
    awaiting: bool = Field(False, description="Only those with no answer for 7 days")
    limit: int = Field(100, ge=1, le=500)


class ReferralIn(Schema):
    elder_id: int
    partner_id: int
    asked: str = Field(min_length=1)
    sent_on: dt.date | None = None
    case_id: int | None = None
    contact_id: int | None = None
    request_id: int | None = None


class StatusIn(Schema):
    status: ReferralStatus
    on: dt.date | None = None
    outcome: str = ""


def _partner_out(partner: Partner, today: dt.date) -> dict:
    return {
        "id": partner.pk,
        "name": partner.name,
        "kind": partner.kind,
        "kind_label": str(partner.get_kind_display()),
        "party": partner.party,
        "services": partner.services or [],
        "address": partner.address,
        "people": [
            {"name": p.name, "role": p.role, "phone": p.phone} for p in partner.people.all()
        ],
        "agreements_in_force": [a.title for a in partner.agreements.all() if a.in_force(today)],
    }


def _referral_out(referral: Referral) -> dict:
    return {
        "id": referral.pk,
        "elder_id": referral.elder_id,
        "elder": referral.elder.name,
        "partner_id": referral.partner_id,
        "partner": referral.partner.name,
        "asked": referral.asked,
        "sent_on": referral.sent_on,
        "status": referral.status,
        "responded_on": referral.responded_on,
        "outcome": referral.outcome,
        "days_waiting": getattr(referral, "days_waiting", None),
        "case_id": referral.case_id,
        "contact_id": referral.contact_id,
        "request_id": referral.request_id,
    }


def _origin(request, model, pk: int | None):
    """The case, contact or request a referral comes from, if the caller may see it (else 404)."""
    if pk is None:
        return None
    return get_object_or_404(model.objects.visible_to(request.user), pk=pk)


@router.get("/partners", response=list[PartnerOut], summary="The station's partner directory")
def list_partners(request):
    today = timezone.localdate()
    partners = selectors.partner_list(actor=request.user, station=request.station)
    return [_partner_out(p, today) for p in partners]


@router.get("/partners/{partner_id}", response=PartnerOut, summary="One partner")
def get_partner(request, partner_id: int):
    partner = selectors.partner_get(actor=request.user, pk=partner_id)
    return _partner_out(partner, timezone.localdate())


@router.get("/referrals", response=list[ReferralOut], summary="Referrals of the station")
def list_referrals(request, query: Query[ReferralQuery]):
    if query.awaiting:
        rows = selectors.referrals_awaiting_answer(
            actor=request.user, station=request.station, today=timezone.localdate()
        )
    else:
        rows = selectors.referral_list(
            actor=request.user, station=request.station, status=query.status
        )
    return [_referral_out(r) for r in list(rows)[: query.limit]]


@router.post("/referrals", response={201: ReferralOut}, summary="Refer an elder to a partner")
def post_referral(request, payload: ReferralIn):
    partner = selectors.partner_get(actor=request.user, pk=payload.partner_id)
    elder = elder_selectors.elder_get_or_404(actor=request.user, pk=payload.elder_id)
    referral = services.referral_create(
        actor=request.user,
        elder=elder,
        partner=partner,
        asked=payload.asked,
        sent_on=payload.sent_on or timezone.localdate(),
        case=_origin(request, Case, payload.case_id),
        contact=_origin(request, Contact, payload.contact_id),
        request=_origin(request, ServiceRequest, payload.request_id),
    )
    return Status(201, _referral_out(referral))


@router.post("/referrals/{referral_id}/status", response=ReferralOut, summary="Answer or close")
def post_referral_status(request, referral_id: int, payload: StatusIn):
    referral = selectors.referral_get(actor=request.user, pk=referral_id)
    services.referral_set_status(  # a move not allowed is a 422 naming the status
        actor=request.user,
        referral=referral,
        status=payload.status,
        on=payload.on or timezone.localdate(),
        outcome=payload.outcome,
    )
    return _referral_out(referral)
