"""Donated goods pages: stock per item, receiving and giving out, with the arithmetic by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from linli.partners import services
from linli.partners.models import Distribution, Item, Receipt
from tests.conftest import add_elder


@pytest.fixture
def rice(world, head, partner):
    """20 bags of rice received (12 then 8) and 5 given to 李四: 15 in stock."""
    item = services.item_ensure(actor=head, station=world["zhuoda"], name="大米", unit="袋")
    services.goods_receive(actor=head, item=item, quantity=Decimal(12), partner=partner,
                           received_on=dt.date(2026, 11, 1), value_yuan=Decimal(600))  # fmt: skip
    services.goods_receive(actor=head, item=item, quantity=Decimal(8),
                           received_on=dt.date(2026, 11, 5))  # fmt: skip
    return item


@pytest.fixture
def given(rice, head, elder):
    return services.goods_distribute(actor=head, item=rice, elder=elder, quantity=Decimal(5),
                                     given_on=dt.date(2026, 11, 10))  # fmt: skip


def stock_row(html: str, name: str) -> str:
    start = html.index(f'<td class="pt-main">{name}</td>')
    return html[start : html.index("</tr>", start)]


def test_the_stock_page_shows_levels_receipts_and_distributions(world, client_for, given):
    page = client_for("zhuoda-sw1").get(reverse("goods:stock"))
    html = page.content.decode()
    assert page.status_code == 200 and "INVALID" not in html
    row = stock_row(html, "大米")
    assert ">20<" in row and ">5<" in row and ">15<" in row and "袋" in row  # 12 + 8 − 5
    assert "丹州社区居委会" in html and ">600<" in html  # from the partner, worth 600 yuan
    assert "李四" in html and "2026-11-10" in html
    assert reverse("goods:receive") in html and reverse("goods:distribute") in html
    assert 'aria-current="page"' in html  # the services tab


def test_the_stock_page_is_empty_at_first(world, client_for):
    html = client_for("zhuoda-sw1").get(reverse("goods:stock")).content.decode()
    assert "Nothing received yet." in html


def test_receiving_goods_from_a_partner(world, client_for, rice, partner):
    page = client_for("zhuoda-sw1").post(reverse("goods:receive"), {
        "partner": partner.pk, "item_name": " 大米 ", "unit": "袋", "quantity": "2.5",
        "value_yuan": "125", "received_on": "2026-11-20", "note": "爱心企业",
    })  # fmt: skip
    assert page.status_code == 302 and page.url == reverse("goods:stock")
    receipt = Receipt.objects.latest("id")
    assert (receipt.item, receipt.partner, receipt.quantity) == (rice, partner, Decimal("2.5"))
    assert receipt.value_yuan == Decimal(125) and receipt.recorded_by.username == "zhuoda-sw1"
    assert services.stock_of(rice) == Decimal("22.5")  # 20 + 2.5
    assert Item.objects.count() == 1  # the same name and unit: the same item


def test_receiving_funds_creates_the_yuan_item(world, client_for):
    client = client_for("zhuoda-head")
    data = {"item_name": "慰问金", "unit": "元", "quantity": "2000", "received_on": "2026-11-20"}
    client.post(reverse("goods:receive"), data)
    item = Item.objects.get()
    assert (item.name, item.unit, services.stock_of(item)) == ("慰问金", "元", Decimal(2000))
    assert Receipt.objects.get().partner is None
    html = client.get(reverse("goods:stock")).content.decode()
    assert ">2000<" in stock_row(html, "慰问金")


def test_the_receive_form_suggests_items_and_units(world, client_for, rice):
    html = client_for("zhuoda-sw1").get(reverse("goods:receive")).content.decode()
    assert '<datalist id="goods-items"><option value="大米">' in html
    assert '<option value="元">' in html and "INVALID" not in html


@pytest.mark.parametrize(
    "change",
    [{"quantity": "0"}, {"quantity": "-3"}, {"item_name": ""}, {"unit": ""},
     {"received_on": "soon"}, {"partner": "999999"}],
)  # fmt: skip
def test_bad_receipts_save_nothing(world, client_for, partner, change):
    data = {"partner": partner.pk, "item_name": "食用油", "unit": "桶", "quantity": "3",
            "received_on": "2026-11-20", **change}  # fmt: skip
    page = client_for("zhuoda-sw1").post(reverse("goods:receive"), data)
    assert page.status_code == 200 and "Nothing was saved" in page.content.decode()
    assert Receipt.objects.count() == 0 and Item.objects.count() == 0


def test_another_stations_partner_cannot_be_chosen(world, client_for, outsider_partner):
    data = {"partner": outsider_partner.pk, "item_name": "食用油", "unit": "桶", "quantity": "3",
            "received_on": "2026-11-20"}  # fmt: skip
    page = client_for("zhuoda-sw1").post(reverse("goods:receive"), data)
    assert page.status_code == 200 and Receipt.objects.count() == 0


def test_giving_out_by_registry_number(world, client_for, given, rice, elder):
    page = client_for("zhuoda-sw1").post(reverse("goods:distribute"), {
        "item": rice.pk, "elder": str(elder.pk), "quantity": "6", "given_on": "2026-11-21",
    })  # fmt: skip
    assert page.status_code == 302
    latest = Distribution.objects.latest("id")
    assert (latest.elder, latest.quantity, latest.given_on) == (
        elder,
        Decimal(6),
        dt.date(2026, 11, 21),
    )
    assert services.stock_of(rice) == Decimal(9)  # 20 − 5 − 6


def test_giving_out_by_name(world, client_for, rice, elder):
    client_for("zhuoda-sw1").post(reverse("goods:distribute"), {
        "item": rice.pk, "elder": "李四", "quantity": "20", "given_on": "2026-11-21",
    })  # fmt: skip
    assert Distribution.objects.get().elder == elder
    assert services.stock_of(rice) == Decimal(0)  # all 20 given


def test_giving_more_than_in_stock_is_refused_and_nothing_changes(
    world, client_for, given, rice, elder
):
    page = client_for("zhuoda-sw1").post(reverse("goods:distribute"), {
        "item": rice.pk, "elder": str(elder.pk), "quantity": "15.5", "given_on": "2026-11-21",
    })  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 200
    assert "Only 15 袋 of 大米 are in stock; 15.5 cannot be given." in html
    assert Distribution.objects.count() == 1 and services.stock_of(rice) == Decimal(15)


def test_an_ambiguous_or_unknown_elder_is_asked_again(world, client_for, rice, elder):
    other = add_elder(world, "zhuoda", name="李四海")
    client = client_for("zhuoda-sw1")
    data = {"item": rice.pk, "elder": "李四", "quantity": "1", "given_on": "2026-11-21"}
    html = client.post(reverse("goods:distribute"), data).content.decode()
    assert "Several elders match" in html and "李四海" in html and str(other.pk) in html
    html = client.post(reverse("goods:distribute"), {**data, "elder": "无此人"}).content.decode()
    assert "No elder of this station matches" in html
    assert Distribution.objects.count() == 0


def test_another_stations_elder_cannot_be_given_to(world, client_for, rice):
    outsider = add_elder(world, "wangcheng", name="赵六")
    data = {"item": rice.pk, "elder": str(outsider.pk), "quantity": "1", "given_on": "2026-11-21"}
    page = client_for("zhuoda-sw1").post(reverse("goods:distribute"), data)
    assert "No elder of this station matches" in page.content.decode()
    assert Distribution.objects.count() == 0
    url = f"{reverse('goods:distribute')}?elder={outsider.pk}"
    assert client_for("zhuoda-sw1").get(url).status_code == 404


def test_the_distribute_form_lists_items_with_stock(world, client_for, given, rice, elder):
    url = f"{reverse('goods:distribute')}?elder={elder.pk}"
    html = client_for("zhuoda-sw1").get(url).content.decode()
    assert "大米 (袋) — 15 in stock" in html and f'value="{elder.pk}"' in html
    assert "INVALID" not in html


def test_nothing_to_give_without_receipts(world, client_for):
    html = client_for("zhuoda-sw1").get(reverse("goods:distribute")).content.decode()
    assert "nothing can be given out" in html


def test_volunteers_and_outsiders_see_no_goods(world, client_for, given, rice):
    volunteer = client_for("zhuoda-vol1")
    for name in ("stock", "receive", "distribute"):
        assert volunteer.get(reverse(f"goods:{name}")).status_code == 403
    outsider = client_for("wangcheng-head")
    html = outsider.get(reverse("goods:stock")).content.decode()
    assert "大米" not in html and "李四" not in html
    data = {"item": rice.pk, "elder": "1", "quantity": "1", "given_on": "2026-11-21"}
    page = outsider.post(reverse("goods:distribute"), data)
    assert page.status_code == 200 and Distribution.objects.count() == 1  # not their item


@pytest.mark.parametrize("extra", [0, 8])
def test_goods_pages_queries_are_bounded(
    world, client_for, head, partner, given, django_assert_max_num_queries, extra
):
    for i in range(extra):
        item = services.item_ensure(actor=head, station=world["zhuoda"], name=f"物资{i}", unit="件")
        services.goods_receive(actor=head, item=item, quantity=Decimal(3), partner=partner,
                               received_on=dt.date(2026, 11, 2))  # fmt: skip
        other = add_elder(world, "zhuoda", name=f"老人{i}")
        services.goods_distribute(actor=head, item=item, elder=other, quantity=Decimal(1),
                                  given_on=dt.date(2026, 11, 3))  # fmt: skip
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(6):  # session, user, memberships, stock, in, out
        client.get(reverse("goods:stock"))
    with django_assert_max_num_queries(5):  # + partners, items
        client.get(reverse("goods:receive"))
    with django_assert_max_num_queries(4):  # + items with stock
        client.get(reverse("goods:distribute"))
