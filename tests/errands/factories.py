"""Helpers for the service-request tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from linli.errands import services
from linli.errands.models import ServiceRequest
from tests.conftest import add_elder

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


def area_of(world, name: str):
    return world["zhuoda"].areas.get(name=name)


def elder(world, station: str = "zhuoda", **data):
    data.setdefault("name", "王秀英")
    data.setdefault("address", "丹州社区3栋201")
    data.setdefault("phones", ["13800138000"])
    return add_elder(world, station, **data)


def raise_request(world, the_elder, *, station: str = "zhuoda", **data) -> ServiceRequest:
    data.setdefault("type", ServiceRequest.Type.GROCERIES)
    data.setdefault("source", ServiceRequest.Source.PHONE)
    data.setdefault("raised_at", T0)
    data.setdefault("needed_by", T0 + dt.timedelta(days=1))
    return services.request_raise(
        actor=world["users"][f"{station}-sw1"], elder=the_elder, data=data
    )
