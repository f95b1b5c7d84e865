"""Fixtures for the partner tests: a head, a partner of each station, an elder each."""

from __future__ import annotations

import pytest

from linli.partners import services
from tests.conftest import add_elder


@pytest.fixture
def head(world):
    return world["users"]["zhuoda-head"]


@pytest.fixture
def partner(world, head):
    return services.partner_create(actor=head, station=world["zhuoda"], data={
        "name": "丹州社区居委会", "kind": "community", "party": "community",
        "services": ["benefits", "company"],
    })  # fmt: skip


@pytest.fixture
def elder(world):
    return add_elder(world, "zhuoda", name="李四")


@pytest.fixture
def outsider_partner(world):
    return services.partner_create(
        actor=world["users"]["wangcheng-head"], station=world["wangcheng"],
        data={"name": "望城律师事务所", "kind": "law_firm", "party": "social_org"},
    )  # fmt: skip
