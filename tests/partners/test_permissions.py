"""Only the station's head and workers write partners, referrals and goods: a volunteer, a
viewer or another station's head is refused by the services themselves, and nothing is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from linli.partners import services
from linli.partners.models import Distribution, Item, Partner, Receipt, Referral, ReferralReminder

DAY = dt.date(2026, 11, 2)
REFUSED = ("zhuoda-vol1", "jiyang-viewer", "wangcheng-head")


@pytest.mark.parametrize("username", REFUSED)
def test_partner_writes_refused(world, partner, username):
    actor = world["users"][username]
    with pytest.raises(PermissionDenied):
        data = {"name": "x", "kind": "school", "party": "community"}
        services.partner_create(actor=actor, station=world["zhuoda"], data=data)
    with pytest.raises(PermissionDenied):
        services.partner_update(actor=actor, partner=partner, data={"active": False})
    with pytest.raises(PermissionDenied):
        services.partner_person_add(actor=actor, partner=partner, name="王主任")
    with pytest.raises(PermissionDenied):
        services.agreement_add(actor=actor, partner=partner, title="协议", signed_on=DAY)
    partner.refresh_from_db()
    assert (Partner.objects.count(), partner.active) == (1, True)
    assert not partner.people.exists() and not partner.agreements.exists()


@pytest.mark.parametrize("username", REFUSED)
def test_referral_writes_refused(world, partner, elder, head, username):
    actor = world["users"][username]
    with pytest.raises(PermissionDenied):
        services.referral_create(actor=actor, elder=elder, partner=partner, asked="x",
                                 sent_on=DAY)  # fmt: skip
    referral = services.referral_create(actor=head, elder=elder, partner=partner, asked="x",
                                        sent_on=DAY)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.referral_set_status(actor=actor, referral=referral, status="accepted", on=DAY)
    with pytest.raises(PermissionDenied):
        services.referral_remind(actor=actor, referral=referral, on=DAY + dt.timedelta(days=8))
    assert list(Referral.objects.values_list("status", flat=True)) == ["sent"]
    assert not ReferralReminder.objects.exists()


@pytest.mark.parametrize("username", REFUSED)
def test_goods_writes_refused(world, elder, head, username):
    actor = world["users"][username]
    with pytest.raises(PermissionDenied):
        services.item_ensure(actor=actor, station=world["zhuoda"], name="大米", unit="袋")
    item = services.item_ensure(actor=head, station=world["zhuoda"], name="大米", unit="袋")
    with pytest.raises(PermissionDenied):
        services.goods_receive(actor=actor, item=item, quantity=Decimal(5), received_on=DAY)
    services.goods_receive(actor=head, item=item, quantity=Decimal(5), received_on=DAY)
    with pytest.raises(PermissionDenied):
        services.goods_distribute(actor=actor, item=item, elder=elder, quantity=Decimal(1),
                                  given_on=DAY)  # fmt: skip
    assert (Item.objects.count(), Receipt.objects.count(), Distribution.objects.count()) == (
        1,
        1,
        0,
    )
