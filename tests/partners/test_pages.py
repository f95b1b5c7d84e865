"""The partner directory and a partner's page: staff only, another station's partner is 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.partners import services


@pytest.fixture
def directory(world, head, partner, elder):
    services.partner_person_add(actor=head, partner=partner, name="陈主任", role="主任",
                                phone="0898-88661234")  # fmt: skip
    today = timezone.localdate()
    services.agreement_add(actor=head, partner=partner, title="共建协议",
                           signed_on=today - dt.timedelta(days=30))  # fmt: skip
    services.agreement_add(actor=head, partner=partner, title="过期协议",
                           signed_on=dt.date(2020, 1, 1),
                           valid_until=dt.date(2021, 1, 1))  # fmt: skip
    services.referral_create(actor=head, elder=elder, partner=partner, asked="申请临时救助",
                             sent_on=today - dt.timedelta(days=8))  # fmt: skip
    health = services.partner_create(
        actor=head,
        station=world["zhuoda"],
        data={
            "name": "吉阳卫生院",
            "kind": "health",
            "party": "social_org",
            "services": ["medical"],
        },
    )
    return partner, health


def test_the_directory_lists_partners_people_agreements_and_parties(world, client_for, directory):
    page = client_for("zhuoda-sw1").get(reverse("partners:directory")).content.decode()
    assert "丹州社区居委会" in page and "吉阳卫生院" in page
    assert 'href="tel:' in page and "陈主任" in page
    assert "共建协议" in page and "过期协议" not in page  # only agreements in force
    assert "Referrals with no answer for a week" in page and "8 days waiting" in page
    assert "<strong>1</strong> community" in page


def test_the_directory_filters_by_type(world, client_for, directory):
    page = client_for("zhuoda-sw1").get(reverse("partners:directory"), {"kind": "health"})
    html = page.content.decode()
    assert ">吉阳卫生院</a>" in html and ">丹州社区居委会</a>" not in html


def test_a_partners_page_shows_every_agreement_and_its_referrals(world, client_for, directory):
    partner, _health = directory
    html = client_for("zhuoda-head").get(reverse("partners:detail", args=[partner.pk]))
    html = html.content.decode()
    assert "过期协议" in html and "申请临时救助" in html and "李四" in html


def test_outsiders_volunteers_and_viewers_see_no_partners(world, client_for, directory):
    partner, _health = directory
    url = reverse("partners:detail", args=[partner.pk])
    assert client_for("wangcheng-head").get(url).status_code == 404
    assert client_for("zhuoda-vol1").get(reverse("partners:directory")).status_code == 403
    assert client_for("jiyang-viewer").get(reverse("partners:directory")).status_code in (403, 404)


@pytest.mark.parametrize("extra", [0, 10])
def test_partner_pages_queries_are_bounded(
    world, client_for, head, directory, django_assert_max_num_queries, extra
):
    for i in range(extra):
        other = services.partner_create(
            actor=head,
            station=world["zhuoda"],
            data={"name": f"企业{i}", "kind": "enterprise", "party": "charity"},
        )
        services.partner_person_add(actor=head, partner=other, name=f"联系人{i}")
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(8):  # session, user, memberships, partners, people,
        client.get(reverse("partners:directory"))  # agreements, awaiting referrals
    with django_assert_max_num_queries(8):
        client.get(reverse("partners:detail", args=[directory[0].pk]))
