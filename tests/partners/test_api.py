"""The partners and referrals API: staff of the station only, one error shape."""

import datetime as dt

import pytest
from django.utils import timezone

from linli.partners import services
from linli.partners.models import Referral
from tests.conftest import token_client


@pytest.fixture
def sw1():
    return token_client("zhuoda-sw1")


def test_the_directory_and_one_partner(world, head, partner, sw1):
    services.partner_person_add(actor=head, partner=partner, name="陈主任", phone="13912345678")
    rows = sw1.get("/api/v1/partners").json()
    assert [(r["name"], r["kind"], [p["name"] for p in r["people"]]) for r in rows] == [
        ("丹州社区居委会", "community", ["陈主任"])
    ]
    assert sw1.get(f"/api/v1/partners/{partner.pk}").json()["party"] == "community"


def test_refer_answer_and_list_waiting(world, partner, elder, sw1):
    sent = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    body = {"elder_id": elder.pk, "partner_id": partner.pk, "asked": "申请临时救助",
            "sent_on": sent}  # fmt: skip
    made = sw1.post("/api/v1/referrals", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "sent"
    waiting = sw1.get("/api/v1/referrals", {"awaiting": "true"}).json()
    assert [(r["id"], r["days_waiting"]) for r in waiting] == [(made.json()["id"], 7)]
    url = f"/api/v1/referrals/{made.json()['id']}/status"
    answered = sw1.post(url, {"status": "accepted"}, content_type="application/json")
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    back = sw1.post(url, {"status": "sent"}, content_type="application/json")
    assert back.status_code == 422 and back.json()["error"]["code"] == "invalid"
    assert Referral.objects.get().status == "accepted"


def test_another_stations_partner_and_referrals_are_not_found(world, outsider_partner, elder, sw1):
    assert sw1.get(f"/api/v1/partners/{outsider_partner.pk}").status_code == 404
    body = {"elder_id": elder.pk, "partner_id": outsider_partner.pk, "asked": "x"}
    assert sw1.post("/api/v1/referrals", body, content_type="application/json").status_code == 404
    assert token_client("zhuoda-vol1").get("/api/v1/partners").json() == []


def test_partner_routes_queries_are_bounded(world, partner, sw1, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert sw1.get("/api/v1/partners").status_code == 200
    with django_assert_max_num_queries(6):
        assert sw1.get("/api/v1/referrals").status_code == 200
