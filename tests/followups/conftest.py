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
