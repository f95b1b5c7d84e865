"""A helper's own requests on a phone: only what the task needs, and the steps they may take."""

import pytest
from django.urls import reverse

from linli.errands import services
from linli.errands.models import ServiceRequest
from tests.errands.factories import elder, raise_request


@pytest.fixture
def dispatched(world):
    the_elder = elder(world, name="王秀英", phones=["13800138000"])
    request = raise_request(world, the_elder, details="买两斤青菜")
    services.request_dispatch(
        actor=world["users"]["zhuoda-sw1"], request=request, helper=world["users"]["zhuoda-vol1"]
    )
    return request


def test_before_taking_it_on_the_volunteer_sees_surname_masked_phone_no_door_number(
    world, client_for, dispatched
):
    page = client_for("zhuoda-vol1").get(reverse("errands:mine")).content.decode()
    assert "王老人" in page and "王秀英" not in page
    assert "138****8000" in page and "13800138000" not in page
    assert "买两斤青菜" in page and "3栋201" not in page


def test_taking_it_on_shows_the_full_name_and_a_number_to_call(world, client_for, dispatched):
    client = client_for("zhuoda-vol1")
    response = client.post(reverse("errands:step", args=[dispatched.pk, "accept"]))
    assert response.status_code == 302
    page = client.get(reverse("errands:mine")).content.decode()
    assert "王秀英" in page and 'href="tel:13800138000"' in page and "丹州社区3栋201" in page
    assert ServiceRequest.objects.get().status == "accepted"


def test_done_takes_it_off_the_list(world, client_for, dispatched):
    client = client_for("zhuoda-vol1")
    client.post(reverse("errands:step", args=[dispatched.pk, "accept"]))
    client.post(reverse("errands:step", args=[dispatched.pk, "done"]))
    assert ServiceRequest.objects.get().status == "done"
    assert "王秀英" not in client.get(reverse("errands:mine")).content.decode()


def test_declining_gives_it_back(world, client_for, dispatched):
    client_for("zhuoda-vol1").post(reverse("errands:step", args=[dispatched.pk, "decline"]))
    row = ServiceRequest.objects.get()
    assert (row.status, row.assigned_to_id) == ("open", None)


def test_someone_elses_request_is_not_found(world, client_for, dispatched):
    for username in ("zhuoda-sw2", "wangcheng-sw1"):
        response = client_for(username).post(
            reverse("errands:step", args=[dispatched.pk, "accept"])
        )
        assert response.status_code == 404
    assert ServiceRequest.objects.get().status == "dispatched"


def test_an_unknown_step_is_not_found(world, client_for, dispatched):
    url = reverse("errands:step", args=[dispatched.pk, "confirm"])
    assert client_for("zhuoda-vol1").post(url).status_code == 404


def test_the_volunteers_nav_has_my_requests(world, client_for):
    page = client_for("zhuoda-vol1").get(reverse("errands:mine")).content.decode()
    assert reverse("errands:mine") in page
    staff = client_for("zhuoda-sw1").get(reverse("elders:list")).content.decode()
    assert reverse("errands:mine") not in staff


@pytest.mark.parametrize("count", [1, 8])
def test_my_requests_queries_are_bounded(world, client_for, django_assert_max_num_queries, count):
    for i in range(count):
        the_elder = elder(world, name=f"李{i}")
        request = raise_request(world, the_elder)
        services.request_dispatch(actor=world["users"]["zhuoda-sw1"], request=request,
                                  helper=world["users"]["zhuoda-vol1"])  # fmt: skip
    client = client_for("zhuoda-vol1")
    with django_assert_max_num_queries(5):  # session, user, memberships, station, requests
        assert client.get(reverse("errands:mine")).status_code == 200
