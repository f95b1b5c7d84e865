import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.accounts.models import AccessLog
from linli.elders.models import Consent
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder(world):
    return add_elder(world, "zhuoda", name="张三")


def _post(client, elder, **data):
    payload = {"given_by": "张三", "relation": "self", "given_on": "2026-03-01",
               "purposes": ["services", "sensitive"]} | data  # fmt: skip
    return client.post(reverse("elders:consent_add", args=[elder.pk]), payload)


def test_worker_records_consent_and_it_shows(world, client_for, elder):
    client = client_for("zhuoda-sw1")
    assert client.get(reverse("elders:consent_add", args=[elder.pk])).status_code == 200
    response = _post(client, elder)
    assert response.status_code == 302
    consent = Consent.objects.get(elder=elder)
    assert (consent.given_on, consent.purposes) == (dt.date(2026, 3, 1), ["services", "sensitive"])
    assert consent.recorded_by == world["users"]["zhuoda-sw1"]
    page = client.get(reverse("elders:detail", args=[elder.pk])).content.decode()
    assert "processing sensitive information" in page


def test_bad_input_changes_nothing_and_says_why(world, client_for, elder):
    response = _post(client_for("zhuoda-sw1"), elder, purposes=[], given_on="2026-02-30")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"purposes", "given_on"}
    assert not Consent.objects.exists()


def test_withdraw_keeps_the_record(world, client_for, elder):
    client = client_for("zhuoda-head")
    _post(client, elder)
    consent = Consent.objects.get()
    url = reverse("elders:consent_withdraw", args=[elder.pk, consent.pk])
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert AccessLog.objects.filter(action="elders.consent.withdrawn").count() == 1
    assert client.post(url).status_code == 404  # already withdrawn


@pytest.mark.parametrize("username", ["wangcheng-head", "zhuoda-vol1", "jiyang-viewer"])
def test_outsiders_volunteers_and_viewers_cannot(world, client_for, elder, username):
    elder.volunteers.add(world["users"]["zhuoda-vol1"])
    client = client_for(username)
    assert _post(client, elder).status_code in (403, 404)
    assert not Consent.objects.exists()
