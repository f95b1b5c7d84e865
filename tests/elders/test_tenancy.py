"""The tenancy rule at the queryset level: the one place every page and route relies on."""

import datetime as dt

import pytest

from linli.elders.models import Elder
from linli.elders.selectors import elder_search
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def two(world):
    return add_elder(world, "zhuoda", name="张三"), add_elder(world, "wangcheng", name="张山")


@pytest.mark.parametrize("username", ["zhuoda-head", "zhuoda-sw1"])
def test_staff_see_only_their_station(world, two, username):
    visible = set(Elder.objects.visible_to(world["users"][username]))
    assert visible == {two[0]}


def test_search_by_station_of_other_tenant_returns_nothing(world, two):
    found = elder_search(
        actor=world["users"]["zhuoda-sw1"], station=world["wangcheng"], q="张", today=TODAY
    )
    assert list(found) == []


def test_volunteer_sees_only_paired_even_when_paired_twice(world, two):
    vol = world["users"]["zhuoda-vol1"]
    assert list(Elder.objects.visible_to(vol)) == []
    two[0].volunteers.add(vol, world["users"]["zhuoda-sw1"])
    assert list(Elder.objects.visible_to(vol)) == [two[0]]
    # A volunteer paired with another station's elder still sees nothing there.
    two[1].volunteers.add(vol)
    assert list(Elder.objects.visible_to(vol)) == [two[0]]


def test_viewer_anonymous_and_inactive_see_nothing(world, two):
    from django.contrib.auth.models import AnonymousUser

    assert not Elder.objects.visible_to(world["users"]["jiyang-viewer"]).exists()
    assert not Elder.objects.visible_to(AnonymousUser()).exists()
    head = world["users"]["zhuoda-head"]
    head.is_active = False
    assert not Elder.objects.visible_to(head).exists()


def test_inactive_membership_sees_nothing(world, two):
    from linli.accounts.models import User

    membership = world["users"]["zhuoda-sw1"].memberships.get()
    membership.active = False
    membership.save()
    fresh = User.objects.get(pk=world["users"]["zhuoda-sw1"].pk)
    assert not Elder.objects.visible_to(fresh).exists()
