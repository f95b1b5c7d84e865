"""Shared fixtures: two stations, each with a head, two workers and a volunteer, and a viewer."""

from __future__ import annotations

import datetime as dt
import warnings
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from linli.accounts.models import User
from linli.elders import services as elder_services
from linli.stations import services as station_services
from linli.stations.models import Membership

# Naive datetimes are errors in tests.
warnings.filterwarnings("error", r"DateTimeField .* received a naive datetime")

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


def make_user(username: str) -> User:
    return User.objects.create_user(username=username, password="pw-" + username)


@pytest.fixture
def world(db):
    """Two stations with their people, the same shape as the demo community."""
    city = station_services.region_ensure(code="460200", name="三亚市", level="city")
    jiyang = station_services.region_ensure(
        code="460203", name="吉阳区", level="district", parent=city
    )
    wudang = station_services.region_ensure(code="520112", name="乌当区", level="district")
    zhuoda = station_services.station_ensure(
        code="zhuoda",
        name="卓达大社区社会工作服务站",
        region=jiyang,
        areas=[
            ("丹州社区", "community"),
            ("海澜社区", "community"),
            ("卓达社区", "community"),
            ("海罗村", "village"),
        ],
    )
    wangcheng = station_services.station_ensure(
        code="wangcheng",
        name="望城社区社会工作服务站",
        region=wudang,
        areas=[("望城社区", "community")],
    )
    people = {}
    for station in (zhuoda, wangcheng):
        for suffix, role in (
            ("head", Membership.Role.HEAD),
            ("sw1", Membership.Role.WORKER),
            ("sw2", Membership.Role.WORKER),
            ("vol1", Membership.Role.VOLUNTEER),
        ):
            user = make_user(f"{station.code}-{suffix}")
            station_services.membership_grant(user=user, role=role, station=station)
            people[f"{station.code}-{suffix}"] = user
    viewer = make_user("jiyang-viewer")
    station_services.membership_grant(user=viewer, role=Membership.Role.VIEWER, region=jiyang)
    people["jiyang-viewer"] = viewer
    return {"zhuoda": zhuoda, "wangcheng": wangcheng, "jiyang": jiyang, "users": people}


def add_elder(world, station_code: str, **data):
    station = world[station_code]
    actor = world["users"][f"{station_code}-head"]
    data.setdefault("name", "张三")
    return elder_services.elder_create(actor=actor, station=station, data=data)


@pytest.fixture
def client_for(world):
    def login(username: str) -> Client:
        client = Client()
        client.force_login(world["users"][username])
        return client

    return login


def token_client(username: str) -> Client:
    out = StringIO()
    call_command("token", "create", username, stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    return Client(headers={"Authorization": f"Bearer {raw}"})
