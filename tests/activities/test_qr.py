"""QR sign-in: the elder's name and the last 4 digits of a phone, among the active elders of that
activity's station only, on the day, once per person, rate-limited."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from linli.activities import services
from linli.activities.models import Attendance
from linli.activities.services import QrOutcome
from linli.elders.models import Elder
from tests.activities.conftest import at, make_activity

DAY = dt.date(2026, 11, 23)


def _qr(activity, name, last4, *, now=None, client="1.2.3.4"):
    return services.attend_by_qr(activity=activity, name=name, last4=last4, client=client,
                                 now=now or at(DAY, 10))  # fmt: skip


def test_single_use_per_person_and_activity(world, elders):
    talk = make_activity(world, starts_at=at(DAY, 9))
    assert _qr(talk, "王秀英", "5678") == QrOutcome.SIGNED_IN
    assert _qr(talk, "王秀英", "5678") == QrOutcome.ALREADY
    assert _qr(talk, " 李建国 ", "1111") == QrOutcome.SIGNED_IN  # the landline's last 4
    rows = Attendance.objects.order_by("id")
    assert [(r.elder.name, r.method, r.count) for r in rows] == [
        ("王秀英", "qr", 1), ("李建国", "qr", 1),
    ]  # fmt: skip
    # a second activity the same day is another sign-in, and only for that activity
    party = make_activity(world, starts_at=at(DAY, 15), type="birthday")
    assert _qr(party, "王秀英", "5678") == QrOutcome.SIGNED_IN
    assert Attendance.objects.filter(activity=talk).count() == 2
    assert Attendance.objects.filter(activity=party).count() == 1


def test_a_roster_tick_then_a_scan_is_one_attendance(world, head, elders):
    talk = make_activity(world, starts_at=at(DAY, 9))
    services.attend_roster(actor=head, activity=talk, elder=elders["wang"])
    assert _qr(talk, "王秀英", "5678") == QrOutcome.ALREADY
    assert Attendance.objects.count() == 1


def test_no_sign_in_to_another_stations_activity(world, elders):
    # 王秀英 of wangcheng (phone ending 5678) with the token of zhuoda's activity … and the
    # reverse: zhuoda's 王秀英 with wangcheng's token
    theirs = make_activity(world, "wangcheng", starts_at=at(DAY, 9))
    ours = make_activity(world, starts_at=at(DAY, 9))
    assert _qr(theirs, "王秀英", "5678") == QrOutcome.SIGNED_IN  # their own elder: fine
    assert _qr(ours, "王秀英", "5678") == QrOutcome.SIGNED_IN  # ours, ours
    assert Attendance.objects.get(activity=theirs).elder == elders["other"]
    assert Attendance.objects.get(activity=ours).elder == elders["wang"]
    assert _qr(theirs, "李建国", "1234") == QrOutcome.NO_MATCH  # zhuoda's elder, their token
    assert Attendance.objects.count() == 2


def test_wrong_name_or_digits_and_inactive_elders_give_no_row(world, elders):
    talk = make_activity(world, starts_at=at(DAY, 9))
    for name, last4 in (("王秀英", "0000"), ("王秀", "5678"), ("", "5678"), ("王秀英", "56a8"),
                        ("王秀英", "45678"), ("张桂兰", "5678")):  # fmt: skip
        assert _qr(talk, name, last4) == QrOutcome.NO_MATCH
    Elder.objects.filter(pk=elders["zhang"].pk).update(status="deceased")
    assert _qr(talk, "张桂兰", "5555") == QrOutcome.NO_MATCH
    assert not Attendance.objects.exists()


def test_only_on_the_day_in_shanghai(world, elders):
    talk = make_activity(world, starts_at=at(DAY, 9))
    assert _qr(talk, "王秀英", "5678", now=at(DAY - dt.timedelta(days=1), 23, 59)) == "not_today"
    assert _qr(talk, "王秀英", "5678", now=at(DAY + dt.timedelta(days=1), 0, 0)) == "not_today"
    # 23:50 in Shanghai is 15:50 UTC the same day: still the day
    assert _qr(talk, "王秀英", "5678", now=at(DAY, 23, 50)) == QrOutcome.SIGNED_IN


def test_cancelled_activity_takes_no_sign_in(world, head, elders):
    talk = make_activity(world, starts_at=at(DAY, 9))
    services.activity_cancel(actor=head, activity=talk)
    assert _qr(talk, "王秀英", "5678") == QrOutcome.CLOSED
    assert not Attendance.objects.exists()


def test_rate_limited_per_client_and_activity(world, elders):
    talk = make_activity(world, starts_at=at(DAY, 9))
    other = make_activity(world, starts_at=at(DAY, 14))
    for _ in range(services.QR_ATTEMPTS):
        assert _qr(talk, "王秀英", "9999") == QrOutcome.NO_MATCH
    assert _qr(talk, "王秀英", "5678") == QrOutcome.RATE_LIMITED  # even the right answer
    assert _qr(talk, "王秀英", "5678", client="5.6.7.8") == QrOutcome.SIGNED_IN
    assert _qr(other, "王秀英", "5678") == QrOutcome.SIGNED_IN  # another activity
    assert Attendance.objects.filter(activity=talk).count() == 1


def test_the_public_page(world, elders):
    talk = make_activity(world, starts_at=timezone.now())
    url = reverse("activities:qr", args=[talk.sign_in_token])
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and "防诈骗讲座" in page.text and "INVALID" not in page.text
    wrong = client.post(url, {"name": "王秀英", "last4": "0000"})
    assert "could not sign you in" in wrong.text and not Attendance.objects.exists()
    unknown = client.post(url, {"name": "没有这个人", "last4": "0000"})
    assert _alert(unknown.text) == _alert(wrong.text)  # an unknown name looks the same
    done = client.post(url, {"name": "王秀英", "last4": "5678"})
    assert "Signed in." in done.text
    again = client.post(url, {"name": "王秀英", "last4": "5678"})
    assert "Already signed in" in again.text
    assert Attendance.objects.get().elder == elders["wang"]
    assert client.get(reverse("activities:qr", args=["no-such-token"])).status_code == 404
    for _ in range(services.QR_ATTEMPTS):
        client.post(url, {"name": "李建国", "last4": "0000"})
    assert client.post(url, {"name": "李建国", "last4": "1234"}).status_code == 429


def _alert(text: str) -> str:
    start = text.index('role="status">')
    return text[start : text.index("</div>", start)]
