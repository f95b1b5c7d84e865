"""What each person sees: the helper's task shape, tenancy, statistics, query bounds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist

from linli.errands import services
from linli.errands.models import ServiceRequest
from linli.errands.selectors import (
    request_get,
    request_statistics,
    requests_for_helper,
    requests_overdue,
)

from .factories import T0, area_of, elder, raise_request

H = dt.timedelta(hours=1)
TASK_KEYS = {
    "id", "type", "type_label", "status", "elder_name", "address", "phone", "details",
    "needed_by",
}  # fmt: skip


def dispatched(world, the_elder, **data):
    users = world["users"]
    request = raise_request(world, the_elder, **data)
    services.request_dispatch(
        actor=users["zhuoda-sw1"], request=request, helper=users["zhuoda-vol1"]
    )
    return request


def test_helper_sees_only_what_the_task_needs(world):
    the_elder = elder(world, id_number="11010519491231002X", notes="高血压", categories=["dibao"],
                      area=area_of(world, "丹州社区"))  # fmt: skip
    request = dispatched(world, the_elder, type="medicine", details="取降压药")
    vol = world["users"]["zhuoda-vol1"]
    [task] = requests_for_helper(vol)
    assert set(task.as_dict()) == TASK_KEYS
    assert task.as_dict() == {
        "id": request.pk,
        "type": "medicine",
        "type_label": "medicine pick-up",
        "status": "dispatched",
        "elder_name": "王老人",
        "address": "丹州社区",  # the community only, until the task is taken on
        "phone": "138****8000",
        "details": "取降压药",
        "needed_by": T0 + 24 * H,
    }
    services.request_accept(actor=vol, request=request)
    [task] = requests_for_helper(vol)
    assert (task.elder_name, task.phone, task.address) == (
        "王秀英",
        "13800138000",
        "丹州社区3栋201",
    )


def test_helper_sees_only_their_own_live_requests(world):
    users = world["users"]
    vol = users["zhuoda-vol1"]
    mine = dispatched(world, elder(world))
    raise_request(world, elder(world, name="李四"))
    done = dispatched(world, elder(world, name="赵五"))
    services.request_accept(actor=vol, request=done)
    services.request_done(actor=vol, request=done)
    assert [t.id for t in requests_for_helper(vol)] == [mine.pk]
    assert requests_for_helper(users["zhuoda-vol1"]) != requests_for_helper(users["zhuoda-sw1"])
    assert requests_for_helper(users["wangcheng-vol1"]) == []


def test_elder_without_phone(world):
    dispatched(world, elder(world, phones=[]))
    [task] = requests_for_helper(world["users"]["zhuoda-vol1"])
    assert task.phone == ""


def test_visibility_by_role_and_station(world):
    users = world["users"]
    request = raise_request(world, elder(world))
    assert request_get(actor=users["zhuoda-sw2"], pk=request.pk) == request
    assert request_get(actor=users["zhuoda-head"], pk=request.pk) == request
    for outsider in ("wangcheng-sw1", "wangcheng-head", "jiyang-viewer", "zhuoda-vol1"):
        with pytest.raises(ObjectDoesNotExist):
            request_get(actor=users[outsider], pk=request.pk)
    services.request_dispatch(
        actor=users["zhuoda-sw1"], request=request, helper=users["zhuoda-vol1"]
    )
    assert request_get(actor=users["zhuoda-vol1"], pk=request.pk) == request
    assert ServiceRequest.objects.visible_to(users["wangcheng-vol1"]).count() == 0


def test_statistics(world):
    users = world["users"]
    vol, sw2 = users["zhuoda-vol1"], users["zhuoda-sw2"]
    danzhou = area_of(world, "丹州社区").pk
    a = dispatched(world, elder(world, area=danzhou), type="repair")
    services.request_accept(actor=vol, request=a, now=T0 + H)
    services.request_done(actor=vol, request=a, now=T0 + 3 * H)
    b = raise_request(world, elder(world, name="李四", area=danzhou), type="repair")
    services.request_dispatch(actor=users["zhuoda-sw1"], request=b, helper=sw2)
    services.request_accept(actor=sw2, request=b, now=T0 + 2 * H)
    services.request_done(actor=sw2, request=b, now=T0 + 6 * H)
    services.request_confirm(actor=users["zhuoda-sw1"], request=b, satisfied=True)
    raise_request(world, elder(world, name="赵五"), type="meals")
    raise_request(world, elder(world, "wangcheng"), station="wangcheng")
    stats = request_statistics(actor=users["zhuoda-head"], station=world["zhuoda"])
    assert stats == {
        "total": 3,
        "by_type": {"repair": 2, "meals": 1},
        "by_area": {"丹州社区": 2, "": 1},
        "by_status": {"done": 1, "confirmed": 1, "open": 1},
        "served": {"zhuoda-vol1": 1, "zhuoda-sw2": 1},
        "median_hours_to_accept": 1.5,
        "median_hours_to_done": 4.5,
    }
    outsider = request_statistics(actor=users["wangcheng-head"], station=world["zhuoda"])
    assert outsider["total"] == 0


def test_statistics_time_window(world):
    raise_request(world, elder(world))
    raise_request(world, elder(world, name="李四"), raised_at=T0 + 48 * H)
    stats = request_statistics(
        actor=world["users"]["zhuoda-head"], station=world["zhuoda"], since=T0 + H
    )
    assert stats["total"] == 1
    assert stats["median_hours_to_accept"] is None


@pytest.mark.parametrize("count", [2, 20])
def test_selectors_query_counts_do_not_grow(world, count, django_assert_num_queries):
    users = world["users"]
    vol = users["zhuoda-vol1"]
    for i in range(count):
        request = dispatched(world, elder(world, name=f"老{i}"), urgency="urgent")
        if i % 2:
            services.request_accept(actor=vol, request=request)
            services.request_done(actor=vol, request=request)
    vol = type(vol).objects.get(pk=vol.pk)
    with django_assert_num_queries(2):  # memberships, requests
        tasks = requests_for_helper(vol)
    assert len(tasks) == count // 2
    head = type(vol).objects.get(pk=users["zhuoda-head"].pk)
    with django_assert_num_queries(3):  # memberships, grouped counts, response times
        stats = request_statistics(actor=head, station=world["zhuoda"])
    assert stats["total"] == count
    with django_assert_num_queries(1):
        overdue = list(
            requests_overdue(station=world["zhuoda"], now=T0 + 3 * H).select_related("elder")
        )
    assert len(overdue) == count // 2
    with django_assert_num_queries(6):  # savepoint, overdue ids, known, insert, resolve, release
        services.overdue_alerts_raise(station=world["zhuoda"], now=T0 + 3 * H)
