"""The demo's activities on a small station: every type, 重阳 and 中秋 on their dates, valid
counts, deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from linli.activities import selectors
from linli.activities.models import Activity, Attendance, Feedback, SignUp
from linli.demo.activities import station_activities_create
from linli.demo.partners import partners_create
from linli.lib.lunar import festivals_between
from tests.demo.test_demo_assessments import TODAY, small_station


def test_a_year_of_activities_on_a_small_station(world, django_assert_max_num_queries):
    station, head = world["zhuoda"], world["users"]["zhuoda-head"]
    small_station(world)
    partners_create(station=station, rng=random.Random(1), today=TODAY, head=head)
    counts = station_activities_create(station=station, seed=5, today=TODAY)
    activities = Activity.objects.filter(station=station)
    assert counts.activities == activities.count() >= 30
    assert set(activities.values_list("type", flat=True)) == set(Activity.Type.values)
    assert counts.cancelled == activities.filter(status="cancelled").count() == 1
    assert counts.held == activities.filter(status="held").count()
    assert counts.planned == activities.filter(status="planned").count() >= 1
    # the festivals on their dates
    dates = {f.code: f.date for f in festivals_between(TODAY - dt.timedelta(days=365), TODAY)}
    for code, title in (("double_ninth", "重阳敬老联欢会"), ("mid_autumn", "中秋团圆联欢会")):
        event = activities.get(title=title)
        shift = -1 if code == "mid_autumn" else 0
        assert timezone.localtime(event.starts_at).date() == dates[code] + dt.timedelta(days=shift)
    birthdays = activities.filter(type="birthday")
    assert birthdays.count() >= 12
    health = activities.filter(type="health_check").first()
    assert health.partners.filter(kind="health").exists()
    # attendance only for held activities, valid, nothing planned dated in the past
    assert not Attendance.objects.exclude(activity__status="held").exists()
    assert not activities.filter(
        status="planned", starts_at__lt=selectors.day_start(TODAY + dt.timedelta(days=1))
    ).exists()
    assert Attendance.objects.count() == counts.attendance_rows
    assert SignUp.objects.count() == counts.sign_ups > 0
    assert Feedback.objects.count() == counts.feedback > 0
    start = TODAY - dt.timedelta(days=304)
    args = {"station": station, "start": start, "end": TODAY}
    assert counts.person_times_ten_months == selectors.person_times(**args) > 0
    assert counts.unique_persons_ten_months == selectors.unique_persons(**args)
    assert counts.unique_persons_ten_months < counts.person_times_ten_months
    assert all(f.total == sum(f.answers[k] for k in
               ("attitude", "timeliness", "usefulness", "information", "overall"))
               for f in Feedback.objects.all())  # fmt: skip
    again = station_activities_create(station=world["wangcheng"], seed=5, today=TODAY)
    assert again.activities > 0 and again.attendance_rows == 0  # no elders there: no attendance
