"""Satisfaction feedback: scored by the instrument engine; satisfied means a mean rating ≥ 4."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from linli.activities import selectors, services
from linli.activities.models import Feedback
from tests.activities.conftest import at, make_activity

KEYS = ("attitude", "timeliness", "usefulness", "information", "overall")


def _answers(*ratings, comment=""):
    return {**dict(zip(KEYS, ratings, strict=True)), "comment": comment}


def test_scoring_and_the_satisfied_rule_by_hand(world, head):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    record = lambda *r: services.feedback_record(  # noqa: E731
        activity=talk, answers=_answers(*r), channel="paper", actor=head
    )
    a = record(5, 4, 4, 3, 4)  # 20 = 4 × 5 items: mean exactly 4 → satisfied
    b = record(4, 4, 4, 4, 3)  # 19 < 20 → not satisfied
    c = record(5, 5, 5, 5, 5)  # 25 → satisfied
    assert [(f.total, f.satisfied) for f in (a, b, c)] == [(20, True), (19, False), (25, True)]
    assert a.instrument_version == "2026.1"
    assert a.answers == dict(zip(KEYS, (5, 4, 4, 3, 4), strict=True))  # empty comment dropped
    # mean total (20 + 19 + 25) / 3 = 21.33 → 21.3; 2 of 3 satisfied → 67 %
    assert selectors.satisfaction_summary(talk) == {
        "forms": 3, "mean_total": 21.3, "satisfied": 2, "pct_satisfied": 67,
    }  # fmt: skip


def test_incomplete_or_wrong_answers_are_refused(world, head):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    with pytest.raises(ValidationError) as missing:
        services.feedback_record(activity=talk, answers={"attitude": 5}, channel="paper",
                                 actor=head)  # fmt: skip
    assert "overall" in missing.value.message_dict
    with pytest.raises(ValidationError):
        services.feedback_record(activity=talk, answers=_answers(6, 4, 4, 4, 4), channel="paper",
                                 actor=head)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.feedback_record(activity=talk, answers=_answers(5, 5, 5, 5, 5), channel="paper",
                                 actor=world["users"]["zhuoda-vol1"])  # fmt: skip
    assert not Feedback.objects.exists()


def test_satisfaction_month_by_month(world, head):
    oct_talk = make_activity(world, starts_at=at(dt.date(2026, 10, 31), 23, 30))
    nov_talk = make_activity(world, starts_at=at(dt.date(2026, 11, 1), 9))
    gone = make_activity(world, starts_at=at(dt.date(2026, 11, 2), 9))
    for activity, ratings in ((oct_talk, (4, 4, 4, 4, 4)), (oct_talk, (2, 2, 2, 2, 2)),
                              (nov_talk, (5, 5, 5, 5, 4)), (gone, (1, 1, 1, 1, 1))):  # fmt: skip
        services.feedback_record(activity=activity, answers=_answers(*ratings), channel="paper",
                                 actor=head)  # fmt: skip
    services.activity_cancel(actor=head, activity=gone)
    rows = selectors.satisfaction_by_month(station=world["zhuoda"], start=dt.date(2026, 10, 1),
                                           end=dt.date(2026, 11, 30))  # fmt: skip
    got = [(r["month"].strftime("%Y-%m"), r["forms"], r["mean_total"], r["pct_satisfied"])
           for r in rows]  # fmt: skip
    # October: 20 and 10 → mean 15.0, 1 of 2 satisfied; November: 24, the cancelled one left out
    assert got == [("2026-10", 2, 15.0, 50), ("2026-11", 1, 24.0, 100)]


def test_the_public_feedback_page_once_per_session(world):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    url = reverse("activities:feedback_qr", args=[talk.feedback_token])
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and "The staff&#x27;s manner" in page.text
    assert "INVALID" not in page.text
    assert "name" not in [f for f in page.context["form"].fields]
    bad = client.post(url, {"attitude": "5"})
    assert bad.status_code == 200 and not Feedback.objects.exists()
    done = client.post(url, {k: "4" for k in KEYS} | {"comment": "很好"})
    assert "Thank you" in done.text
    client.post(url, {k: "1" for k in KEYS})  # the same browser again: not counted
    feedback = Feedback.objects.get()
    assert (feedback.total, feedback.satisfied, feedback.channel, feedback.recorded_by) == (
        20, True, "qr", None,
    )  # fmt: skip
    assert Client().get(reverse("activities:feedback_qr", args=["nope"])).status_code == 404
