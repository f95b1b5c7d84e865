"""The activities API: staff only, another station's activity is a 404."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from linli.activities import services
from linli.activities.models import Attendance
from tests.activities.conftest import at, make_activity
from tests.conftest import token_client


def test_list_detail_attendance_and_person_times(world, elders, head):
    talk = make_activity(world, starts_at=timezone.now() + dt.timedelta(hours=1))
    services.attend_roster(actor=head, activity=talk, elder=elders["li"])
    sw1 = token_client("zhuoda-sw1")
    rows = sw1.get("/api/v1/activities", {"when": "upcoming"}).json()
    assert [(r["id"], r["person_times"], r["attended_elders"]) for r in rows] == [(talk.pk, 1, 1)]
    url = f"/api/v1/activities/{talk.pk}/attendance"
    made = sw1.post(url, {"elder_id": elders["wang"].pk}, content_type="application/json")
    assert made.status_code == 201 and made.json()["method"] == "roster"
    again = sw1.post(url, {"elder_id": elders["wang"].pk}, content_type="application/json")
    assert again.status_code == 200 and again.json()["created"] is False
    walk = sw1.post(url, {"count": 5}, content_type="application/json")
    assert walk.status_code == 201 and walk.json()["count"] == 5
    named = sw1.post(url, {"walk_in_name": "赵大爷"}, content_type="application/json")
    assert named.status_code == 201
    bad = sw1.post(url, {"walk_in_name": "赵大爷", "count": 2}, content_type="application/json")
    assert bad.status_code == 422
    one = sw1.get(f"/api/v1/activities/{talk.pk}").json()
    assert (one["person_times"], one["walk_ins"], one["attended_elders"]) == (8, 6, 2)
    day = timezone.localdate().isoformat()
    totals = sw1.get("/api/v1/activities/person-times", {"from": day, "to": day}).json()
    assert (totals["person_times"], totals["unique_persons"]) == (8, 3)


def test_other_stations_and_volunteers(world, elders):
    theirs = make_activity(world, "wangcheng", starts_at=at(dt.date(2026, 11, 3)))
    sw1 = token_client("zhuoda-sw1")
    assert sw1.get(f"/api/v1/activities/{theirs.pk}").status_code == 404
    url = f"/api/v1/activities/{theirs.pk}/attendance"
    assert sw1.post(url, {"count": 3}, content_type="application/json").status_code == 404
    ours = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    other_elder = {"elder_id": elders["other"].pk}
    url = f"/api/v1/activities/{ours.pk}/attendance"
    assert sw1.post(url, other_elder, content_type="application/json").status_code == 404
    volunteer = token_client("zhuoda-vol1")
    assert volunteer.get("/api/v1/activities").status_code == 403
    assert volunteer.get(f"/api/v1/activities/{ours.pk}").status_code == 403
    assert not Attendance.objects.exists()
    assert sw1.get("/api/v1/activities/person-times", {"from": "x"}).status_code == 422


def test_the_list_route_queries_are_bounded(world, head, elders, django_assert_max_num_queries):
    for i in range(5):
        activity = make_activity(world, starts_at=at(dt.date(2026, 11, 3 + i)))
        services.attend_walk_in(actor=head, activity=activity, count=2)
    sw1 = token_client("zhuoda-sw1")
    with django_assert_max_num_queries(8):
        assert len(sw1.get("/api/v1/activities").json()) == 5
