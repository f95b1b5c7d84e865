"""Adding and changing partners, their contact people and agreements through the pages."""

import datetime as dt

import pytest
from django.urls import reverse

from linli.accounts.models import AccessLog
from linli.partners import services
from linli.partners.models import Agreement, Partner, PartnerPerson

GOOD = {
    "name": "吉阳卫生院",
    "kind": "health",
    "party": "social_org",
    "services": ["medical", "counselling"],
    "services_note": "每周二义诊",
    "address": "吉阳大道1号",
}


def test_the_new_partner_page_shows_the_form(world, client_for):
    page = client_for("zhuoda-sw1").get(reverse("partners:new"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="kind"' in html and 'name="party"' in html and 'value="medical"' in html
    assert 'name="active"' not in html  # a new partner is active
    assert "INVALID" not in html


def test_a_worker_adds_a_partner(world, client_for):
    page = client_for("zhuoda-sw1").post(reverse("partners:new"), GOOD)
    partner = Partner.objects.get()
    assert page.status_code == 302 and page.url == reverse("partners:detail", args=[partner.pk])
    assert (partner.station, partner.kind, partner.party) == (
        world["zhuoda"],
        "health",
        "social_org",
    )
    assert partner.services == ["medical", "counselling"] and partner.active
    assert partner.created_by == world["users"]["zhuoda-sw1"]
    assert AccessLog.objects.filter(action="partners.partner.created").count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"kind": "bakery"},
        {"party": ""},
        {"services": ["medical", "teleportation"]},
    ],
)
def test_bad_input_saves_no_partner(world, client_for, change):
    page = client_for("zhuoda-head").post(reverse("partners:new"), {**GOOD, **change})
    assert page.status_code == 200
    assert "Nothing was saved" in page.content.decode()
    assert Partner.objects.count() == 0


def test_a_name_already_used_is_refused(world, client_for, partner):
    page = client_for("zhuoda-head").post(reverse("partners:new"), {**GOOD, "name": partner.name})
    assert page.status_code == 200 and "already exists" in page.content.decode()
    assert Partner.objects.count() == 1


def test_the_directory_and_detail_offer_the_buttons(world, client_for, partner):
    client = client_for("zhuoda-sw1")
    html = client.get(reverse("partners:directory")).content.decode()
    assert reverse("partners:new") in html and reverse("partners:edit", args=[partner.pk]) in html
    html = client.get(reverse("partners:detail", args=[partner.pk])).content.decode()
    assert reverse("partners:edit", args=[partner.pk]) in html
    assert reverse("partners:person_add", args=[partner.pk]) in html
    assert reverse("partners:agreement_add", args=[partner.pk]) in html


def test_editing_a_partner(world, client_for, partner):
    url = reverse("partners:edit", args=[partner.pk])
    client = client_for("zhuoda-head")
    html = client.get(url).content.decode()
    assert 'value="丹州社区居委会"' in html and 'name="active"' in html
    assert html.count("checked") == 3  # benefits, company, active
    data = {**GOOD, "name": "丹州社区居委会", "kind": "community", "party": "community"}
    page = client.post(url, data)  # no "active" box ticked: switched off
    assert page.status_code == 302
    partner.refresh_from_db()
    assert partner.services == ["medical", "counselling"] and partner.address == "吉阳大道1号"
    assert partner.active is False
    detail = client.get(reverse("partners:detail", args=[partner.pk])).content.decode()
    assert "no longer active" in detail


def test_editing_with_bad_input_changes_nothing(world, client_for, partner):
    url = reverse("partners:edit", args=[partner.pk])
    page = client_for("zhuoda-head").post(url, {**GOOD, "kind": "", "active": "on"})
    assert page.status_code == 200 and "Nothing was saved" in page.content.decode()
    partner.refresh_from_db()
    assert partner.kind == "community" and partner.name == "丹州社区居委会"


def test_adding_a_contact_person(world, client_for, partner):
    url = reverse("partners:person_add", args=[partner.pk])
    page = client_for("zhuoda-sw1").post(url, {"name": "陈主任", "role": "主任",
                                               "phone": "0898-88661234"})  # fmt: skip
    assert page.status_code == 302
    person = PartnerPerson.objects.get()
    assert (person.partner, person.name, person.phone) == (partner, "陈主任", "0898-88661234")


def test_a_bad_phone_adds_no_contact_person(world, client_for, partner):
    url = reverse("partners:person_add", args=[partner.pk])
    page = client_for("zhuoda-sw1").post(url, {"name": "陈主任", "phone": "12"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nothing was saved" in html and 'id="p-people" open' in html
    assert PartnerPerson.objects.count() == 0


def test_adding_an_agreement(world, client_for, partner):
    url = reverse("partners:agreement_add", args=[partner.pk])
    page = client_for("zhuoda-head").post(url, {"title": "共建协议", "signed_on": "2026-01-05",
                                                "valid_until": "2027-01-04"})  # fmt: skip
    assert page.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.signed_on, agreement.valid_until) == (
        dt.date(2026, 1, 5),
        dt.date(2027, 1, 4),
    )


def test_an_agreement_ending_before_it_is_signed_is_refused(world, client_for, partner):
    url = reverse("partners:agreement_add", args=[partner.pk])
    page = client_for("zhuoda-head").post(url, {"title": "共建协议", "signed_on": "2026-01-05",
                                                "valid_until": "2025-01-04"})  # fmt: skip
    assert page.status_code == 200
    assert "An agreement cannot end before it is signed." in page.content.decode()
    assert Agreement.objects.count() == 0


def test_outsiders_and_volunteers_cannot_edit(world, client_for, partner, outsider_partner):
    outsider = client_for("wangcheng-head")
    for name in ("edit", "person_add", "agreement_add"):
        url = reverse(f"partners:{name}", args=[partner.pk])
        assert (
            outsider.post(url, {**GOOD, "title": "x", "signed_on": "2026-01-01"}).status_code == 404
        )
    volunteer = client_for("zhuoda-vol1")
    assert volunteer.get(reverse("partners:new")).status_code == 403
    assert volunteer.post(reverse("partners:new"), GOOD).status_code == 403
    url = reverse("partners:person_add", args=[partner.pk])
    assert volunteer.post(url, {"name": "x"}).status_code == 403
    assert Partner.objects.count() == 2 and PartnerPerson.objects.count() == 0
    partner.refresh_from_db()
    assert partner.name == "丹州社区居委会"


def test_adding_people_and_agreements_needs_post(world, client_for, partner):
    url = reverse("partners:person_add", args=[partner.pk])
    assert client_for("zhuoda-head").get(url).status_code == 405


def test_an_inactive_partner_can_still_be_edited(world, client_for, head, partner):
    services.partner_update(actor=head, partner=partner, data={"active": False})
    page = client_for("zhuoda-head").get(reverse("partners:edit", args=[partner.pk]))
    assert page.status_code == 200
