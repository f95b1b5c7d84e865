"""Fixtures shared by the follow-up tests."""

import datetime as dt

import pytest

from tests.conftest import add_elder


@pytest.fixture
def sw1(world):
    return world["users"]["zhuoda-sw1"]


@pytest.fixture
def outsider(world):
    """An elder of the other station, due a monthly call by its own worker."""
    return add_elder(world, "wangcheng", name="外站", birth_date=dt.date(1930, 1, 1),
                     assigned_worker=world["users"]["wangcheng-sw1"],
                     phones=["13622223333"])  # fmt: skip


@pytest.fixture
def typhoon(world, sw1):
    """An open typhoon emergency at zhuoda and the one elder it covers: sw1's, living alone."""
    from django.utils import timezone

    from linli.followups import emergencies

    elder = add_elder(world, "zhuoda", name="独居老人", birth_date=dt.date(1950, 1, 1),
                      living_arrangement="alone", assigned_worker=sw1)  # fmt: skip
    emergency = emergencies.emergency_open(
        actor=world["users"]["zhuoda-head"], station=world["zhuoda"], kind="typhoon",
        title="台风", starts_on=timezone.localdate(),
    )  # fmt: skip
    return elder, emergency
