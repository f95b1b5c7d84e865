"""Activities of the two test stations, and elders to attend them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from linli.activities import services
from tests.conftest import add_elder

SHANGHAI = timezone.get_fixed_timezone(8 * 60)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A local (Asia/Shanghai) moment."""
    return dt.datetime.combine(day, dt.time(hour, minute), timezone.get_current_timezone())


def make_activity(world, station_code: str = "zhuoda", *, starts_at=None, **data):
    station = world[station_code]
    data = {"title": "防诈骗讲座", "type": "talk", "place": "活动室",
            "starts_at": starts_at or timezone.now(), **data}  # fmt: skip
    return services.activity_create(actor=world["users"][f"{station_code}-head"], station=station,
                                    data=data)  # fmt: skip


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def head(world):
    return world["users"]["zhuoda-head"]


@pytest.fixture
def sw1(world):
    return world["users"]["zhuoda-sw1"]


@pytest.fixture
def elders(world):
    """Three active elders of zhuoda with phones, one of wangcheng with the same name."""
    return {
        "wang": add_elder(world, "zhuoda", name="王秀英", phones=["13812345678"]),
        "li": add_elder(world, "zhuoda", name="李建国", phones=["13998761234", "0898-88881111"]),
        "zhang": add_elder(world, "zhuoda", name="张桂兰", phones=["13700005555"]),
        "other": add_elder(world, "wangcheng", name="王秀英", phones=["13612345678"]),
    }
