"""Overdue requests raise one alert each, resolved when the request moves on."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.errands import services
from linli.errands.models import OverdueAlert
from linli.errands.selectors import URGENT_ACCEPT_WITHIN, requests_overdue

from .factories import T0, elder, raise_request

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def test_threshold_is_two_hours():
    assert dt.timedelta(hours=2) == URGENT_ACCEPT_WITHIN


@pytest.mark.parametrize(("after", "overdue"), [(H + 59 * M, False), (2 * H, True)])
def test_urgent_not_accepted_within_two_hours(world, after, overdue):
    request = raise_request(world, elder(world), urgency="urgent", needed_by=T0 + 24 * H)
    found = list(requests_overdue(station=world["zhuoda"], now=T0 + after))
    assert found == ([request] if overdue else [])


def test_urgent_needed_sooner_than_two_hours(world):
    request = raise_request(world, elder(world), urgency="urgent", needed_by=T0 + H)
    assert list(requests_overdue(station=world["zhuoda"], now=T0 + 59 * M)) == []
    assert list(requests_overdue(station=world["zhuoda"], now=T0 + H)) == [request]


def test_urgent_accepted_in_time_is_not_overdue(world):
    users = world["users"]
    request = raise_request(world, elder(world), urgency="urgent")
    services.request_dispatch(
        actor=users["zhuoda-sw1"], request=request, helper=users["zhuoda-vol1"]
    )
    services.request_accept(actor=users["zhuoda-vol1"], request=request, now=T0 + H)
    assert list(requests_overdue(station=world["zhuoda"], now=T0 + 3 * H)) == []


@pytest.mark.parametrize(("after", "overdue"), [(-M, False), (dt.timedelta(0), True)])
def test_normal_past_needed_by(world, after, overdue):
    needed_by = T0 + 24 * H
    request = raise_request(world, elder(world), needed_by=needed_by)
    found = list(requests_overdue(station=world["zhuoda"], now=needed_by + after))
    assert found == ([request] if overdue else [])


def test_normal_accepted_but_not_done_is_overdue_until_done(world):
    users = world["users"]
    needed_by = T0 + 24 * H
    request = raise_request(world, elder(world), needed_by=needed_by)
    services.request_dispatch(
        actor=users["zhuoda-sw1"], request=request, helper=users["zhuoda-vol1"]
    )
    services.request_accept(actor=users["zhuoda-vol1"], request=request, now=T0 + H)
    assert list(requests_overdue(station=world["zhuoda"], now=needed_by + H)) == [request]
    services.request_done(actor=users["zhuoda-vol1"], request=request, now=needed_by + 2 * H)
    assert list(requests_overdue(station=world["zhuoda"], now=needed_by + 3 * H)) == []


def test_alerts_once_per_request_and_resolved_when_accepted(world):
    users = world["users"]
    station = world["zhuoda"]
    request = raise_request(world, elder(world), urgency="urgent")
    raise_request(world, elder(world, name="李四"), urgency="urgent", raised_at=T0 + H)
    assert services.overdue_alerts_raise(station=station, now=T0 + 119 * M) == []
    first = services.overdue_alerts_raise(station=station, now=T0 + 2 * H)
    assert [a.request_id for a in first] == [request.pk]
    again = services.overdue_alerts_raise(station=station, now=T0 + 2 * H + M)
    assert again == []
    assert OverdueAlert.objects.filter(request=request).count() == 1
    services.request_dispatch(
        actor=users["zhuoda-sw1"], request=request, helper=users["zhuoda-vol1"]
    )
    services.request_accept(actor=users["zhuoda-vol1"], request=request, now=T0 + 150 * M)
    alert = OverdueAlert.objects.get(request=request)
    assert alert.resolved_at == T0 + 150 * M
    services.overdue_alerts_raise(station=station, now=T0 + 4 * H)
    assert OverdueAlert.objects.filter(request=request).count() == 1
    assert OverdueAlert.objects.filter(resolved_at__isnull=True).count() == 1


def test_alert_resolved_by_the_sweep_when_cancelled_elsewhere(world):
    station = world["zhuoda"]
    request = raise_request(world, elder(world), urgency="urgent")
    services.overdue_alerts_raise(station=station, now=T0 + 3 * H)
    request.status = "cancelled"
    request.save()
    services.overdue_alerts_raise(station=station, now=T0 + 4 * H)
    assert OverdueAlert.objects.get(request=request).resolved_at == T0 + 4 * H


def test_alerts_are_per_station_and_staff_only(world):
    users = world["users"]
    raise_request(world, elder(world), urgency="urgent")
    services.overdue_alerts_raise(station=world["wangcheng"], now=T0 + 3 * H)
    assert OverdueAlert.objects.count() == 0
    services.overdue_alerts_raise(station=world["zhuoda"], now=T0 + 3 * H)
    assert OverdueAlert.objects.visible_to(users["zhuoda-sw2"]).count() == 1
    assert OverdueAlert.objects.visible_to(users["zhuoda-vol1"]).count() == 0
    assert OverdueAlert.objects.visible_to(users["wangcheng-sw1"]).count() == 0
