import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from linli.accounts.models import AccessLog
from linli.partners import selectors, services
from linli.partners.models import Distribution, Item
from tests.conftest import TODAY, add_elder


@pytest.fixture
def rice(world, head):
    return services.item_ensure(actor=head, station=world["zhuoda"], name="大米", unit="袋")


@pytest.fixture
def funds(world, head):
    return services.item_ensure(actor=head, station=world["zhuoda"], name="慰问金", unit="元")


def _levels(world, head):
    rows = selectors.stock_levels(actor=head, station=world["zhuoda"])
    return [(i.name, i.received, i.given, i.stock) for i in rows]


def test_item_ensure_reuses_the_item(world, head, rice):
    again = services.item_ensure(actor=head, station=world["zhuoda"], name=" 大米 ", unit="袋")
    assert again == rice
    assert Item.objects.count() == 1


def test_stock_is_received_minus_given(world, head, partner, elder, rice, funds):
    services.goods_receive(actor=head, item=rice, partner=partner, quantity=Decimal("20"),
                           value_yuan=Decimal("1200.00"), received_on=TODAY)  # fmt: skip
    services.goods_receive(actor=head, item=rice, quantity=Decimal("5"), received_on=TODAY)
    services.goods_receive(actor=head, item=funds, partner=partner, quantity=Decimal("3000"),
                           value_yuan=Decimal("3000"), received_on=TODAY)  # fmt: skip
    services.goods_distribute(actor=head, item=rice, elder=elder, quantity=Decimal("2"),
                              given_on=TODAY)  # fmt: skip
    services.goods_distribute(actor=head, item=funds, elder=elder, quantity=Decimal("500.50"),
                              given_on=TODAY)  # fmt: skip
    assert _levels(world, head) == [
        ("大米", Decimal("25"), Decimal("2"), Decimal("23")),
        ("慰问金", Decimal("3000"), Decimal("500.50"), Decimal("2499.50")),
    ]


def test_item_never_received_has_zero_stock(world, head, rice):
    assert _levels(world, head) == [("大米", Decimal("0"), Decimal("0"), Decimal("0"))]


def test_over_distribution_refused_and_nothing_written(world, head, elder, rice):
    services.goods_receive(actor=head, item=rice, quantity=Decimal("3"), received_on=TODAY)
    logged = AccessLog.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.goods_distribute(actor=head, item=rice, elder=elder, quantity=Decimal("4"),
                                  given_on=TODAY)  # fmt: skip
    assert exc.value.message_dict == {
        "quantity": ["Only 3 袋 of 大米 are in stock; 4 cannot be given."]
    }
    assert Distribution.objects.count() == 0
    assert AccessLog.objects.count() == logged
    assert _levels(world, head) == [("大米", Decimal("3"), Decimal("0"), Decimal("3"))]


def test_giving_exactly_the_stock_is_allowed(world, head, elder, rice):
    services.goods_receive(actor=head, item=rice, quantity=Decimal("3"), received_on=TODAY)
    services.goods_distribute(actor=head, item=rice, elder=elder, quantity=Decimal("3"),
                              given_on=TODAY)  # fmt: skip
    assert _levels(world, head) == [("大米", Decimal("3"), Decimal("3"), Decimal("0"))]
    with pytest.raises(ValidationError):
        services.goods_distribute(actor=head, item=rice, elder=elder, quantity=Decimal("0.01"),
                                  given_on=TODAY)  # fmt: skip


@pytest.mark.parametrize("quantity", [Decimal("0"), Decimal("-1")])
def test_quantities_must_be_positive(head, elder, rice, quantity):
    with pytest.raises(ValidationError):
        services.goods_receive(actor=head, item=rice, quantity=quantity, received_on=TODAY)
    with pytest.raises(ValidationError):
        services.goods_distribute(actor=head, item=rice, elder=elder, quantity=quantity,
                                  given_on=TODAY)  # fmt: skip


def test_goods_cross_station_refused(world, head, rice, outsider_partner):
    with pytest.raises(ValidationError):
        services.goods_receive(actor=head, item=rice, partner=outsider_partner,
                               quantity=Decimal("1"), received_on=TODAY)  # fmt: skip
    services.goods_receive(actor=head, item=rice, quantity=Decimal("1"), received_on=TODAY)
    stranger = add_elder(world, "wangcheng", name="外站")
    with pytest.raises(ValidationError):
        services.goods_distribute(actor=head, item=rice, elder=stranger, quantity=Decimal("1"),
                                  given_on=dt.date(2026, 11, 23))  # fmt: skip
    assert Distribution.objects.count() == 0
