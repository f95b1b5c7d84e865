"""Every write about partners, referrals and donated goods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from linli.accounts.services import access_log_record
from linli.lib.phones import phone_field
from linli.stations.selectors import can

from .models import (
    Agreement,
    Distribution,
    Item,
    Partner,
    PartnerPerson,
    Receipt,
    Referral,
    ReferralReminder,
)

PARTNER_FIELDS = ("name", "kind", "party", "services", "services_note", "address", "active")
S = Referral.Status
# The one place that says which status may follow which; answered means accepted or declined.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SENT: frozenset({S.ACCEPTED, S.DECLINED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.DONE, S.CANCELLED}),
    S.DECLINED: frozenset(),
    S.DONE: frozenset(),
    S.CANCELLED: frozenset(),
}
ANSWERS = frozenset({S.ACCEPTED, S.DECLINED})


def _require_staff(actor, station) -> None:
    """Partners, referrals and goods are written by the station's head and workers only."""
    if not can(actor, station, "edit_elders"):
        raise PermissionDenied(_("Only the station's staff may do this."))


def _apply(partner: Partner, data: dict[str, Any]) -> None:
    unknown = set(data) - set(PARTNER_FIELDS)
    if unknown:
        raise ValueError(f"unknown partner fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(partner, field, value)


@transaction.atomic
def partner_create(*, actor, station, data: dict[str, Any]) -> Partner:
    """Add a partner to a station's directory."""
    _require_staff(actor, station)
    partner = Partner(station=station, created_by=actor)
    _apply(partner, data)
    partner.full_clean()
    partner.save()
    access_log_record(actor=actor, station=station, action="partners.partner.created", obj=partner)
    return partner


@transaction.atomic
def partner_update(*, actor, partner: Partner, data: dict[str, Any]) -> Partner:
    """Change a partner's details (including switching it off with active=False)."""
    _require_staff(actor, partner.station)
    _apply(partner, data)
    partner.full_clean()
    partner.save()
    access_log_record(actor=actor, station=partner.station, action="partners.partner.updated",
                      obj=partner, detail={"fields": sorted(data)})  # fmt: skip
    return partner


@transaction.atomic
def partner_person_add(
    *, actor, partner: Partner, name: str, role: str = "", phone: str = ""
) -> PartnerPerson:
    """Add someone to call at a partner; the phone is normalised or refused."""
    _require_staff(actor, partner.station)
    person = PartnerPerson(partner=partner, name=name.strip(), role=role.strip(),
                           phone=phone_field(phone))  # fmt: skip
    person.full_clean()
    person.save()
    access_log_record(actor=actor, station=partner.station, action="partners.person.added",
                      obj=person, detail={"partner": partner.pk})  # fmt: skip
    return person


@transaction.atomic
def agreement_add(
    *, actor, partner: Partner, title: str, signed_on: dt.date,
    valid_until: dt.date | None = None, note: str = "",
) -> Agreement:  # fmt: skip
    """Record a cooperation agreement with a partner."""
    _require_staff(actor, partner.station)
    agreement = Agreement(partner=partner, title=title.strip(), signed_on=signed_on,
                          valid_until=valid_until, note=note)  # fmt: skip
    agreement.full_clean()
    agreement.save()
    access_log_record(actor=actor, station=partner.station, action="partners.agreement.added",
                      obj=agreement, detail={"partner": partner.pk})  # fmt: skip
    return agreement


def _check_same_station(*, elder, partner: Partner, origins: dict) -> None:
    if partner.station_id != elder.station_id:
        raise ValidationError({"partner": [_("Choose a partner of the elder's station.")]})
    if not partner.active:
        raise ValidationError({"partner": [_("This partner is no longer active.")]})
    for field, origin in origins.items():
        if origin is not None and origin.elder_id != elder.pk:
            raise ValidationError({field: [_("This record is about another elder.")]})


@transaction.atomic
def referral_create(
    *, actor, elder, partner: Partner, asked: str, sent_on: dt.date,
    case=None, contact=None, request=None,
) -> Referral:  # fmt: skip
    """Refer an elder to a partner, from a case, a contact or a service request (each optional,
    each about the same elder)."""
    _require_staff(actor, elder.station)
    _check_same_station(elder=elder, partner=partner,
                        origins={"case": case, "contact": contact, "request": request})  # fmt: skip
    referral = Referral(
        station_id=elder.station_id, elder=elder, partner=partner, asked=asked.strip(),
        sent_on=sent_on, case=case, contact=contact, request=request, made_by=actor,
    )  # fmt: skip
    referral.full_clean()
    referral.save()
    access_log_record(actor=actor, station=elder.station, action="partners.referral.sent",
                      obj=referral, detail={"partner": partner.pk})  # fmt: skip
    return referral


def _lock_fresh(referral: Referral) -> None:
    """Lock the row and reload the caller's object, so a stale copy cannot skip a check."""
    Referral.objects.select_for_update().filter(pk=referral.pk).values_list("pk").get()
    referral.refresh_from_db()


def transition_allowed(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


@transaction.atomic
def referral_set_status(
    *, actor, referral: Referral, status: str, on: dt.date, outcome: str = ""
) -> Referral:
    """Move a referral on (accepted, declined, done, cancelled) if the move is allowed."""
    _require_staff(actor, referral.station)
    _lock_fresh(referral)
    if not transition_allowed(referral.status, status):
        raise ValidationError({"status": [_("A referral that is %(current)s cannot become "
                                            "%(new)s.") % {
            "current": Referral.Status(referral.status).label,
            "new": Referral.Status(status).label if status in S.values else status,
        }]})  # fmt: skip
    before = referral.status
    referral.status = status
    if status in ANSWERS:
        referral.responded_on = on
    if outcome.strip():
        referral.outcome = outcome.strip()
    referral.full_clean()
    referral.save()
    access_log_record(actor=actor, station=referral.station, action=f"partners.referral.{status}",
                      obj=referral, detail={"from": before, "on": on.isoformat()})  # fmt: skip
    return referral


@transaction.atomic
def referral_remind(*, actor, referral: Referral, on: dt.date, note: str = "") -> ReferralReminder:
    """Record that the partner was reminded about a referral still waiting for an answer."""
    _require_staff(actor, referral.station)
    _lock_fresh(referral)
    if referral.status != S.SENT:
        raise ValidationError({"referral": [_("Only a referral waiting for an answer can be "
                                              "reminded.")]})  # fmt: skip
    reminder = ReferralReminder(referral=referral, station_id=referral.station_id,
                                reminded_on=on, note=note.strip(), by=actor)  # fmt: skip
    reminder.full_clean()
    reminder.save()
    access_log_record(actor=actor, station=referral.station, action="partners.referral.reminded",
                      obj=referral, detail={"on": on.isoformat()})  # fmt: skip
    return reminder


@transaction.atomic
def item_ensure(*, actor, station, name: str, unit: str) -> Item:
    """The station's item of that name and unit, created the first time it is used."""
    _require_staff(actor, station)
    item, created = Item.objects.get_or_create(station=station, name=name.strip(),
                                               unit=unit.strip())  # fmt: skip
    if created:
        item.full_clean()
        access_log_record(actor=actor, station=station, action="partners.item.created", obj=item)
    return item


@transaction.atomic
def goods_receive(
    *, actor, item: Item, quantity: Decimal, received_on: dt.date,
    partner: Partner | None = None, value_yuan: Decimal | None = None, note: str = "",
) -> Receipt:  # fmt: skip
    """Record goods or funds received (from a partner when given)."""
    _require_staff(actor, item.station)
    if partner is not None and partner.station_id != item.station_id:
        raise ValidationError({"partner": [_("Choose a partner of this station.")]})
    receipt = Receipt(station_id=item.station_id, item=item, partner=partner, quantity=quantity,
                      value_yuan=value_yuan, received_on=received_on, note=note,
                      recorded_by=actor)  # fmt: skip
    receipt.full_clean()
    receipt.save()
    access_log_record(actor=actor, station=item.station, action="partners.goods.received",
                      obj=receipt, detail={"item": item.pk, "quantity": str(quantity)})  # fmt: skip
    return receipt


def _amount(quantity: Decimal) -> str:
    """3.00 → "3", 2.50 → "2.5": the same text whatever the database returns."""
    return f"{Decimal(quantity).normalize():f}"


def stock_of(item: Item) -> Decimal:
    """Received minus given for one item."""
    received = item.receipts.aggregate(t=Sum("quantity"))["t"] or Decimal(0)
    given = item.distributions.aggregate(t=Sum("quantity"))["t"] or Decimal(0)
    return received - given


@transaction.atomic
def goods_distribute(
    *, actor, item: Item, elder, quantity: Decimal, given_on: dt.date, note: str = ""
) -> Distribution:
    """Give goods or funds to an elder; refused, with nothing written, beyond the stock."""
    _require_staff(actor, item.station)
    item = Item.objects.select_for_update().get(pk=item.pk)  # one giver at a time per item
    if elder.station_id != item.station_id:
        raise ValidationError({"elder": [_("Choose an elder of this station.")]})
    distribution = Distribution(station_id=item.station_id, item=item, elder=elder,
                                quantity=quantity, given_on=given_on, given_by=actor,
                                note=note)  # fmt: skip
    distribution.full_clean()
    stock = stock_of(item)
    if quantity > stock:
        raise ValidationError({"quantity": [
            _("Only %(stock)s %(unit)s of %(item)s are in stock; %(asked)s cannot be given.")
            % {"stock": _amount(stock), "unit": item.unit, "item": item.name,
               "asked": _amount(quantity)}
        ]})  # fmt: skip
    distribution.save()
    access_log_record(actor=actor, station=item.station, action="partners.goods.given",
                      obj=distribution, detail={"item": item.pk, "elder": elder.pk,
                                                "quantity": str(quantity)})  # fmt: skip
    return distribution
