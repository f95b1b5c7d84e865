"""Reads about partners, referrals and donated goods; each starts from `visible_to(actor)`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from .models import Agreement, Distribution, Item, Partner, Receipt, Referral, ReferralReminder

# A referral with no answer (and no reminder) for this many days is due a reminder.
REMIND_AFTER_DAYS = 7
_ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def partner_list(
    *, actor, station=None, kind: str | None = None, active: bool | None = True
) -> QuerySet[Partner]:
    """A station's partner directory with contact people and agreements, in three queries."""
    qs = Partner.objects.visible_to(actor)
    if station is not None:
        qs = qs.filter(station=station)
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(active=active)
    agreements = Agreement.objects.order_by("-signed_on", "-id")
    return qs.prefetch_related("people", Prefetch("agreements", queryset=agreements))


def partner_get(*, actor, pk: int) -> Partner:
    """One partner the actor may see, or 404 (another station's partner is not found)."""
    return get_object_or_404(Partner.objects.visible_to(actor), pk=pk)


def referral_list(*, actor, station=None, status: str | None = None) -> QuerySet[Referral]:
    """Referrals the actor may see, with elder, partner and maker in the same query."""
    qs = Referral.objects.visible_to(actor).select_related("elder", "partner", "made_by")
    if station is not None:
        qs = qs.filter(station=station)
    if status:
        qs = qs.filter(status=status)
    return qs


def referral_get(*, actor, pk: int) -> Referral:
    """One referral the actor may see, or 404."""
    return get_object_or_404(referral_list(actor=actor), pk=pk)


def referrals_awaiting_answer(*, actor, station, today: dt.date) -> list[Referral]:
    """Sent referrals silent for REMIND_AFTER_DAYS since sending and since the last reminder,
    oldest first, each with `days_waiting` (since sending) and `last_reminded_on`."""
    cutoff = today - dt.timedelta(days=REMIND_AFTER_DAYS)
    rows = (
        referral_list(actor=actor, station=station, status=Referral.Status.SENT)
        .filter(sent_on__lte=cutoff)
        .annotate(last_reminded_on=Max("reminders__reminded_on"))
        .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lte=cutoff))
        .order_by("sent_on", "id")
    )
    rows = list(rows)
    for referral in rows:
        referral.days_waiting = (today - referral.sent_on).days
    return rows


def _total(model, field: str):
    sums = (
        model.objects.filter(item=OuterRef("pk"))
        .order_by()
        .values("item")
        .annotate(t=Sum(field))
        .values("t")
    )
    return Coalesce(Subquery(sums, output_field=DecimalField(max_digits=14, decimal_places=2)),
                    _ZERO)  # fmt: skip


def stock_levels(*, actor, station) -> QuerySet[Item]:
    """Each item of the station with `received`, `given` and `stock` (received − given),
    in one query."""
    return (
        Item.objects.visible_to(actor)
        .filter(station=station)
        .annotate(received=_total(Receipt, "quantity"), given=_total(Distribution, "quantity"))
        .annotate(stock=F("received") - F("given"))
        .order_by("name", "unit")
    )


def five_party_summary(*, actor, station, start: dt.date, end: dt.date) -> list[dict]:
    """For referrals sent in [start, end]: how many went to each party and partner type.

    Rows are {"party", "kind", "referrals"}, by party then kind; activities join in issue 6.
    """
    return list(
        referral_list(actor=actor, station=station)
        .filter(sent_on__gte=start, sent_on__lte=end)
        .order_by()
        .values(party=F("partner__party"), kind=F("partner__kind"))
        .annotate(referrals=Count("id"))
        .order_by("party", "kind")
    )


# --- pages ---------------------------------------------------------------------------------
REFERRAL_PAGE = 50
RECENT_GOODS = 20


def _last_reminded():
    return Subquery(
        ReferralReminder.objects.filter(referral=OuterRef("pk"))
        .order_by("-reminded_on", "-id")
        .values("reminded_on")[:1]
    )


def referral_page(
    *, actor, station, status: str | None = None, before: tuple[dt.date, int] | None = None,
    limit: int | None = None,
) -> tuple[list[Referral], tuple[dt.date, int] | None]:  # fmt: skip
    """One page of a station's referrals, newest first, each with `last_reminded_on`; the
    second value is the (sent_on, id) to continue before, or None on the last page."""
    qs = referral_list(actor=actor, station=station, status=status).annotate(
        last_reminded_on=_last_reminded()
    )
    if before is not None:
        day, pk = before
        qs = qs.filter(Q(sent_on__lt=day) | Q(sent_on=day, id__lt=pk))
    limit = limit or REFERRAL_PAGE
    rows = list(qs.order_by("-sent_on", "-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, ((rows[-1].sent_on, rows[-1].pk) if more else None)


def referral_detail(*, actor, pk: int) -> Referral:
    """One referral with its origins and reminders (newest first), or 404."""
    reminders = ReferralReminder.objects.select_related("by").order_by("-reminded_on", "-id")
    qs = referral_list(actor=actor).select_related("case", "contact", "request")
    return get_object_or_404(qs.prefetch_related(Prefetch("reminders", queryset=reminders)),
                             pk=pk)  # fmt: skip


def receipts_recent(*, actor, station, limit: int = RECENT_GOODS) -> list[Receipt]:
    """The station's latest receipts with their item and partner."""
    qs = Receipt.objects.visible_to(actor).filter(station=station)
    return list(qs.select_related("item", "partner").order_by("-received_on", "-id")[:limit])


def distributions_recent(*, actor, station, limit: int = RECENT_GOODS) -> list[Distribution]:
    """The station's latest distributions with their item and elder."""
    qs = Distribution.objects.visible_to(actor).filter(station=station)
    return list(qs.select_related("item", "elder").order_by("-given_on", "-id")[:limit])
