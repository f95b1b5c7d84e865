"""Hours, confirmation, the time-bank balance, redemptions and the export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from linli.accounts.models import AccessLog
from linli.volunteers import selectors, services
from linli.volunteers.models import HoursEntry, Redemption
from linli.volunteers.views import EXPORT_HEADER, export_csv

from .factories import TODAY, add_hours, add_volunteer, head


def test_only_confirmed_hours_count_in_the_balance(world):
    v = add_volunteer(world)
    add_hours(world, v, "2.5")
    waiting = add_hours(world, v, "4", confirmed=False)
    assert selectors.balance(v) == Decimal("2.5")
    services.hours_confirm(actor=world["users"]["zhuoda-sw1"], entry=waiting)
    assert selectors.balance(v) == Decimal("6.5")
    services.redemption_record(actor=head(world), volunteer=v, on=TODAY, hours=Decimal("1.25"),
                               service="理发", beneficiary="本人")  # fmt: skip
    assert selectors.balance(v) == Decimal("5.25")
    assert isinstance(selectors.balance(v), Decimal)


def test_redemption_beyond_the_balance_is_refused_and_nothing_is_written(world):
    v = add_volunteer(world)
    add_hours(world, v, "3")
    add_hours(world, v, "5", confirmed=False)  # not confirmed: not in the bank
    logs = AccessLog.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.redemption_record(actor=head(world), volunteer=v, on=TODAY,
                                   hours=Decimal("3.5"), service="家政")  # fmt: skip
    assert "3" in str(caught.value)
    assert not Redemption.objects.exists()
    assert AccessLog.objects.count() == logs
    assert selectors.balance(v) == Decimal("3")


def test_a_worker_confirms_and_a_volunteer_cannot_confirm_own_hours(world):
    vol_user = world["users"]["zhuoda-vol1"]
    v = add_volunteer(world, user=vol_user)
    entry = add_hours(world, v, "2", confirmed=False)
    with pytest.raises(PermissionDenied):
        services.hours_confirm(actor=vol_user, entry=entry)
    with pytest.raises(PermissionDenied):  # another station's head
        services.hours_confirm(actor=head(world, "wangcheng"), entry=entry)
    services.hours_confirm(actor=world["users"]["zhuoda-sw2"], entry=entry)
    entry.refresh_from_db()
    assert entry.confirmed_by.username == "zhuoda-sw2"
    with pytest.raises(ValidationError):
        services.hours_confirm(actor=head(world), entry=entry)


def test_hours_for_the_same_request_count_once_with_a_clear_message(world):
    from linli.errands import services as errand_services
    from tests.conftest import add_elder

    vol_user = world["users"]["zhuoda-vol1"]
    v = add_volunteer(world, user=vol_user)
    elder = add_elder(world, "zhuoda", name="李四")
    sw1 = world["users"]["zhuoda-sw1"]
    now = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    request = errand_services.request_raise(actor=sw1, elder=elder, data={
        "type": "groceries", "needed_by": now + dt.timedelta(days=1), "source": "phone",
        "raised_at": now})  # fmt: skip
    errand_services.request_dispatch(actor=sw1, request=request, helper=vol_user,
                                     now=now + dt.timedelta(minutes=10))  # fmt: skip
    errand_services.request_accept(actor=vol_user, request=request,
                                   now=now + dt.timedelta(minutes=20))  # fmt: skip
    with pytest.raises(ValidationError):  # not done yet
        services.hours_from_request(actor=sw1, request=request)
    errand_services.request_done(actor=vol_user, request=request,
                                 now=now + dt.timedelta(hours=1, minutes=50))  # fmt: skip
    entry = services.hours_from_request(actor=sw1, request=request)
    assert entry.hours == Decimal("1") and entry.source == "request"  # 1.5 h, groceries take 1
    assert entry.volunteer == v and entry.confirmed_at is None
    with pytest.raises(ValidationError) as caught:
        services.hours_from_request(actor=sw1, request=request)
    assert "already recorded" in str(caught.value)
    assert HoursEntry.objects.count() == 1


def test_export_rows_and_csv_computed_by_hand(world):
    a = add_volunteer(world, name="王芳", platform_id="ZYH-001")
    b = add_volunteer(world, name="陈明")
    add_hours(world, a, "2", on=dt.date(2026, 3, 1), description="敬老院探访")
    add_hours(world, b, "1.5", on=dt.date(2026, 3, 1), description="垃圾分类宣传")
    add_hours(world, a, "3.25", on=dt.date(2026, 4, 2), description="义诊")
    add_hours(world, a, "9", on=dt.date(2026, 4, 3), confirmed=False)  # not confirmed
    add_hours(world, a, "1", on=dt.date(2026, 5, 1))  # after the period
    other = add_volunteer(world, "wangcheng", name="外站")
    add_hours(world, other, "2", on=dt.date(2026, 3, 1), code="wangcheng")
    rows = selectors.hours_export_rows(
        actor=head(world),
        station=world["zhuoda"],
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 4, 30),
    )
    assert [(r.name, r.platform_id, r.on, r.hours, r.activity) for r in rows] == [
        ("王芳", "ZYH-001", dt.date(2026, 3, 1), Decimal("2"), "敬老院探访"),
        ("陈明", "", dt.date(2026, 3, 1), Decimal("1.5"), "垃圾分类宣传"),
        ("王芳", "ZYH-001", dt.date(2026, 4, 2), Decimal("3.25"), "义诊"),
    ]
    body = export_csv(rows)
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig") == (
        ",".join(EXPORT_HEADER) + "\r\n"
        "王芳,ZYH-001,2026-03-01,2,敬老院探访\r\n"
        "陈明,,2026-03-01,1.5,垃圾分类宣传\r\n"
        "王芳,ZYH-001,2026-04-02,3.25,义诊\r\n"
    )


def test_hours_summary_per_volunteer_for_a_year(world):
    a = add_volunteer(world, name="王芳")
    add_hours(world, a, "2", on=dt.date(2026, 3, 1))
    add_hours(world, a, "1", on=dt.date(2026, 3, 2), source="training")
    add_hours(world, a, "4", on=dt.date(2026, 3, 3), confirmed=False)
    add_hours(world, a, "8", on=dt.date(2025, 3, 3))
    [row] = selectors.hours_summary(actor=head(world), station=world["zhuoda"], year=2026)
    assert (row.confirmed, row.unconfirmed) == (Decimal("3"), Decimal("4"))
    assert row.by_source["other"] == Decimal("2") and row.by_source["training"] == Decimal("1")


def test_training_with_hours_adds_service_hours(world):
    v = add_volunteer(world)
    services.training_add(actor=head(world), volunteer=v, title="急救培训", on=TODAY,
                          hours=Decimal("3"), count_hours=True)  # fmt: skip
    entry = HoursEntry.objects.get()
    assert (entry.source, entry.hours, entry.training.title) == (
        "training",
        Decimal("3"),
        "急救培训",
    )
