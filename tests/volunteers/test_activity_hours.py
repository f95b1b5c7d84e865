"""Hours from an activity (once per volunteer) and the phone page's coming activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from linli.activities.models import Activity
from linli.volunteers import services
from linli.volunteers.models import HoursEntry

from .factories import add_volunteer, head


def _activity(world, *, days: int, status: str, title: str) -> Activity:
    starts = timezone.now() + dt.timedelta(days=days)
    return Activity.objects.create(station=world["zhuoda"], title=title, type="talk",
                                   starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                   place="卓达社区活动室", status=status)  # fmt: skip


def test_activity_hours_once_per_volunteer_all_or_nothing(world):
    held = _activity(world, days=-3, status="held", title="防诈骗讲座")
    a, b = add_volunteer(world, name="甲"), add_volunteer(world, name="乙")
    [entry] = services.hours_from_activity(actor=head(world), activity=held, volunteers=[a])
    assert (entry.hours, entry.source, entry.description) == (
        Decimal("2"),
        "activity",
        "防诈骗讲座",
    )
    with pytest.raises(ValidationError) as caught:
        services.hours_from_activity(actor=head(world), activity=held, volunteers=[b, a])
    assert "already recorded" in str(caught.value)
    assert HoursEntry.objects.count() == 1  # b's entry went with the refusal
    coming = _activity(world, days=3, status="planned", title="重阳节游园")
    with pytest.raises(ValidationError):
        services.hours_from_activity(actor=head(world), activity=coming, volunteers=[b])


def test_the_phone_page_lists_coming_activities(world, client_for):
    add_volunteer(world, name="小林", user=world["users"]["zhuoda-vol1"])
    _activity(world, days=3, status="planned", title="重阳节游园")
    _activity(world, days=-3, status="held", title="已经办过")
    text = client_for("zhuoda-vol1").get(reverse("volunteers:me")).content.decode()
    assert "重阳节游园" in text and "卓达社区活动室" in text and "已经办过" not in text
