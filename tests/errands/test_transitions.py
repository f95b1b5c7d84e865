"""Every status step, allowed and forbidden, and who may take it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from linli.errands import services
from linli.errands.models import ServiceRequest

from .factories import T0, elder, raise_request

STATUSES = ["open", "dispatched", "accepted", "done", "confirmed", "cancelled"]
STEPS = ["dispatch", "accept", "decline", "done", "confirm", "cancel"]
# (status, step) → the status after the step; every pair not listed is refused.
ALLOWED = {
    ("open", "dispatch"): "dispatched",
    ("open", "cancel"): "cancelled",
    ("dispatched", "accept"): "accepted",
    ("dispatched", "decline"): "open",
    ("dispatched", "cancel"): "cancelled",
    ("accepted", "done"): "done",
    ("accepted", "cancel"): "cancelled",
    ("done", "confirm"): "confirmed",
}


def take(world, request, step: str):
    users = world["users"]
    vol, staff = users["zhuoda-vol1"], users["zhuoda-sw1"]
    now = T0 + dt.timedelta(hours=1)
    if step == "dispatch":
        return services.request_dispatch(actor=staff, request=request, helper=vol, now=now)
    if step == "confirm":
        return services.request_confirm(
            actor=staff, request=request, satisfied=True, feedback="很好", now=now
        )
    if step == "cancel":
        return services.request_cancel(actor=staff, request=request, now=now)
    service = {
        "accept": services.request_accept,
        "decline": services.request_decline,
        "done": services.request_done,
    }[step]
    return service(actor=vol, request=request, now=now)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("step", STEPS)
def test_every_step_from_every_status(world, status, step):
    request = raise_request(world, elder(world))
    ServiceRequest.objects.filter(pk=request.pk).update(
        status=status, assigned_to=world["users"]["zhuoda-vol1"]
    )
    request.refresh_from_db()
    expected = ALLOWED.get((status, step))
    if expected is None:
        with pytest.raises(ValidationError):
            take(world, request, step)
        request.refresh_from_db()
        assert request.status == status
    else:
        take(world, request, step)
        request.refresh_from_db()
        assert request.status == expected


def test_allowed_steps_table():
    assert services.allowed_steps("open") == ["dispatch", "cancel"]
    assert services.allowed_steps("dispatched") == ["accept", "decline", "cancel"]
    assert services.allowed_steps("accepted") == ["done", "cancel"]
    assert services.allowed_steps("done") == ["confirm"]
    assert services.allowed_steps("confirmed") == []
    assert services.allowed_steps("cancelled") == []


def test_whole_life_stamps_times_and_response_times(world):
    users = world["users"]
    request = raise_request(world, elder(world), details="买米和油")
    assert request.address == "丹州社区3栋201"
    assert request.station == world["zhuoda"]
    assert request.raised_by == users["zhuoda-sw1"]
    services.request_dispatch(
        actor=users["zhuoda-sw1"],
        request=request,
        helper=users["zhuoda-vol1"],
        now=T0 + dt.timedelta(minutes=10),
    )
    services.request_accept(
        actor=users["zhuoda-vol1"], request=request, now=T0 + dt.timedelta(minutes=30)
    )
    services.request_done(
        actor=users["zhuoda-vol1"], request=request, now=T0 + dt.timedelta(hours=3)
    )
    services.request_confirm(
        actor=users["zhuoda-sw2"],
        request=request,
        satisfied=False,
        feedback="来晚了",
        now=T0 + dt.timedelta(hours=4),
    )
    request.refresh_from_db()
    assert request.status == "confirmed"
    assert request.time_to_accept == dt.timedelta(minutes=30)
    assert request.time_to_done == dt.timedelta(hours=3)
    assert (request.satisfied, request.feedback) == (False, "来晚了")
    assert request.confirmed_at == T0 + dt.timedelta(hours=4)


def test_decline_returns_to_open_unassigned(world):
    users = world["users"]
    request = raise_request(world, elder(world))
    services.request_dispatch(
        actor=users["zhuoda-sw1"], request=request, helper=users["zhuoda-vol1"]
    )
    services.request_decline(actor=users["zhuoda-vol1"], request=request)
    request.refresh_from_db()
    assert (request.status, request.assigned_to, request.dispatched_at) == ("open", None, None)


def test_address_given_is_kept(world):
    request = raise_request(world, elder(world), address="医院门口")
    assert request.address == "医院门口"


def test_only_the_assigned_helper_accepts(world):
    users = world["users"]
    request = raise_request(world, elder(world))
    services.request_dispatch(
        actor=users["zhuoda-sw1"], request=request, helper=users["zhuoda-vol1"]
    )
    with pytest.raises(PermissionDenied):
        services.request_accept(actor=users["zhuoda-sw2"], request=request)


def test_volunteer_cannot_raise_dispatch_or_cancel(world):
    users = world["users"]
    the_elder = elder(world)
    vol = users["zhuoda-vol1"]
    with pytest.raises(PermissionDenied):
        services.request_raise(
            actor=vol,
            elder=the_elder,
            data={"type": "groceries", "source": "phone", "needed_by": T0},
        )
    request = raise_request(world, the_elder)
    with pytest.raises(PermissionDenied):
        services.request_dispatch(actor=vol, request=request, helper=vol)
    with pytest.raises(PermissionDenied):
        services.request_cancel(actor=vol, request=request)


def test_other_station_staff_cannot_act(world):
    request = raise_request(world, elder(world))
    with pytest.raises(PermissionDenied):
        services.request_cancel(actor=world["users"]["wangcheng-sw1"], request=request)


def test_dispatch_only_to_this_stations_helpers(world):
    users = world["users"]
    request = raise_request(world, elder(world))
    for outsider in (users["wangcheng-vol1"], users["jiyang-viewer"], users["zhuoda-head"]):
        with pytest.raises(ValidationError):
            services.request_dispatch(actor=users["zhuoda-sw1"], request=request, helper=outsider)
    request.refresh_from_db()
    assert request.status == "open"


def test_bad_type_is_refused(world):
    with pytest.raises(ValidationError):
        raise_request(world, elder(world), type="haircut")
