"""The service-request API: raise, suggestions, dispatch, the helper's own view and steps."""

import datetime as dt

from django.utils import timezone

from linli.errands.models import ServiceRequest
from tests.conftest import token_client
from tests.errands.factories import elder


def _raise(world, client, the_elder, **extra):
    needed = (timezone.now() + dt.timedelta(hours=5)).isoformat()
    body = {"elder_id": the_elder.pk, "type": "groceries", "needed_by": needed, **extra}
    return client.post("/api/v1/requests", body, content_type="application/json")


def test_raise_suggest_dispatch_and_the_helpers_steps(world):
    the_elder = elder(world, name="王秀英", phones=["13800138000"])
    the_elder.volunteers.add(world["users"]["zhuoda-vol1"])
    sw1, vol = token_client("zhuoda-sw1"), token_client("zhuoda-vol1")
    made = _raise(world, sw1, the_elder, urgency="urgent")
    assert made.status_code == 201 and made.json()["status"] == "open"
    pk = made.json()["id"]
    suggestions = sw1.get(f"/api/v1/requests/{pk}/suggestions").json()
    assert suggestions[0]["user_id"] == world["users"]["zhuoda-vol1"].pk  # paired first
    assert suggestions[0]["reasons"][0] == "paired with the elder"
    vol_pk = world["users"]["zhuoda-vol1"].pk
    sent = sw1.post(f"/api/v1/requests/{pk}/dispatch", {"user_id": vol_pk},
                    content_type="application/json")  # fmt: skip
    assert sent.json()["status"] == "dispatched"
    mine = vol.get("/api/v1/requests/mine").json()
    assert set(mine[0]) == {"id", "type", "type_label", "status", "elder_name", "address",
                            "phone", "details", "needed_by"}  # fmt: skip
    assert (mine[0]["elder_name"], mine[0]["phone"]) == ("王老人", "138****8000")
    assert vol.post(f"/api/v1/requests/{pk}/accept").json()["status"] == "accepted"
    assert vol.get("/api/v1/requests/mine").json()[0]["phone"] == "13800138000"
    assert vol.get(f"/api/v1/requests/{pk}/suggestions").status_code == 404
    assert vol.post(f"/api/v1/requests/{pk}/done").json()["status"] == "done"
    confirmed = sw1.post(f"/api/v1/requests/{pk}/confirm", {"satisfied": True},
                         content_type="application/json")  # fmt: skip
    assert confirmed.json()["status"] == "confirmed"


def test_a_step_not_allowed_is_a_422_and_a_volunteer_cannot_raise(world):
    the_elder = elder(world)
    sw1 = token_client("zhuoda-sw1")
    pk = _raise(world, sw1, the_elder).json()["id"]
    refused = sw1.post(f"/api/v1/requests/{pk}/done")
    assert refused.status_code == 422 and ServiceRequest.objects.get().status == "open"
    the_elder.volunteers.add(world["users"]["zhuoda-vol1"])
    forbidden = _raise(world, token_client("zhuoda-vol1"), the_elder)
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "forbidden"


def test_another_stations_request_is_not_found(world):
    the_elder = elder(world)
    pk = _raise(world, token_client("zhuoda-sw1"), the_elder).json()["id"]
    other = token_client("wangcheng-sw1")
    assert other.get(f"/api/v1/requests/{pk}/suggestions").status_code == 404
    assert other.post(f"/api/v1/requests/{pk}/accept").status_code == 404
    assert other.get("/api/v1/requests").json() == []


def test_request_routes_queries_are_bounded(world, django_assert_max_num_queries):
    sw1 = token_client("zhuoda-sw1")
    for i in range(3):
        _raise(world, sw1, elder(world, name=f"李{i}"))
    with django_assert_max_num_queries(6):
        assert len(sw1.get("/api/v1/requests").json()) == 3
