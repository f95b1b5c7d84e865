import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from linli.partners import selectors, services
from linli.partners.models import Distribution, Partner, Referral
from tests.conftest import TODAY

OUTSIDERS = ["wangcheng-head", "wangcheng-sw1", "zhuoda-vol1", "jiyang-viewer"]


@pytest.fixture
def referral(partner, elder, head):
    return services.referral_create(actor=head, elder=elder, partner=partner, asked="敏感内容",
                                    sent_on=TODAY - dt.timedelta(days=8))  # fmt: skip


@pytest.fixture
def given(world, head, elder):
    rice = services.item_ensure(actor=head, station=world["zhuoda"], name="大米", unit="袋")
    services.goods_receive(actor=head, item=rice, quantity=Decimal("2"), received_on=TODAY)
    return services.goods_distribute(actor=head, item=rice, elder=elder, quantity=Decimal("1"),
                                     given_on=TODAY)  # fmt: skip


@pytest.mark.parametrize("username", ["zhuoda-head", "zhuoda-sw1"])
def test_station_staff_see_everything(world, referral, given, username):
    user = world["users"][username]
    assert selectors.partner_get(actor=user, pk=referral.partner_id) == referral.partner
    assert selectors.referral_get(actor=user, pk=referral.pk) == referral
    assert Distribution.objects.visible_to(user).count() == 1
    assert len(selectors.stock_levels(actor=user, station=world["zhuoda"])) == 1


@pytest.mark.parametrize("username", OUTSIDERS)
def test_others_get_404_and_empty_lists(world, referral, given, username):
    user = world["users"][username]
    with pytest.raises(Http404):
        selectors.partner_get(actor=user, pk=referral.partner_id)
    with pytest.raises(Http404):
        selectors.referral_get(actor=user, pk=referral.pk)
    assert list(selectors.partner_list(actor=user)) == []
    assert list(selectors.referral_list(actor=user)) == []
    assert Distribution.objects.visible_to(user).count() == 0
    assert list(selectors.stock_levels(actor=user, station=world["zhuoda"])) == []
    assert selectors.referrals_awaiting_answer(actor=user, station=world["zhuoda"],
                                               today=TODAY) == []  # fmt: skip
    assert (
        selectors.five_party_summary(
            actor=user, station=world["zhuoda"], start=TODAY - dt.timedelta(days=30), end=TODAY
        )
        == []
    )


def test_anonymous_sees_nothing(referral):
    from django.contrib.auth.models import AnonymousUser

    assert Referral.objects.visible_to(AnonymousUser()).count() == 0
    assert Partner.objects.visible_to(None).count() == 0


def _fill(world, head, elder, n: int) -> None:
    for i in range(n):
        partner = services.partner_create(actor=head, station=world["zhuoda"], data={
            "name": f"伙伴{i}", "kind": "school", "party": "community"})  # fmt: skip
        services.partner_person_add(actor=head, partner=partner, name="联系人",
                                    phone="13800138000")  # fmt: skip
        services.agreement_add(actor=head, partner=partner, title="协议",
                               signed_on=dt.date(2026, 1, 1))  # fmt: skip
        services.referral_create(actor=head, elder=elder, partner=partner, asked="x",
                                 sent_on=TODAY - dt.timedelta(days=10))  # fmt: skip
        item = services.item_ensure(actor=head, station=world["zhuoda"], name=f"物资{i}",
                                    unit="件")  # fmt: skip
        services.goods_receive(actor=head, item=item, quantity=Decimal("5"), received_on=TODAY)
        services.goods_distribute(actor=head, item=item, elder=elder, quantity=Decimal("1"),
                                  given_on=TODAY)  # fmt: skip


def _read_all(world, head) -> None:
    station = world["zhuoda"]
    for p in selectors.partner_list(actor=head, station=station):
        _ = [person.phone for person in p.people.all()]
        _ = [a.in_force(TODAY) for a in p.agreements.all()]
    for r in selectors.referral_list(actor=head, station=station):
        _ = (r.elder.name, r.partner.name, r.made_by.username)
    for r in selectors.referrals_awaiting_answer(actor=head, station=station, today=TODAY):
        _ = (r.elder.name, r.partner.name, r.days_waiting)
    for item in selectors.stock_levels(actor=head, station=station):
        _ = item.stock
    selectors.five_party_summary(actor=head, station=station, start=TODAY, end=TODAY)


@pytest.mark.parametrize("rows", [2, 20])
def test_list_selectors_query_count_is_constant(world, head, elder, rows,
                                                django_assert_num_queries):  # fmt: skip
    _fill(world, head, elder, rows)
    head = type(head).objects.get(pk=head.pk)  # a fresh user: memberships not yet cached
    # memberships 1, then partners 3, referrals 1, awaiting 1, stock 1, summary 1
    with django_assert_num_queries(8):
        _read_all(world, head)
