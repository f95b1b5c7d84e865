"""Person-times (人次) and unique persons (人数), worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from linli.activities import selectors, services
from linli.activities.models import Attendance, SignUp
from tests.activities.conftest import at, make_activity

NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _counts(world, start=NOV[0], end=NOV[1], type=None):
    args = {"station": world["zhuoda"], "start": start, "end": end, "type": type}
    return selectors.person_times(**args), selectors.unique_persons(**args)


def test_one_person_at_two_activities_is_two_person_times_and_one_person(world, head, elders):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    check = make_activity(world, starts_at=at(dt.date(2026, 11, 10)), type="health_check")
    services.attend_roster(actor=head, activity=talk, elder=elders["wang"])
    services.attend_roster(actor=head, activity=check, elder=elders["wang"])
    assert _counts(world) == (2, 1)
    services.attend_roster(actor=head, activity=check, elder=elders["li"])
    assert _counts(world) == (3, 2)  # 王 twice + 李 once; two persons
    assert _counts(world, type="talk") == (1, 1)


def test_ticking_twice_is_one_attendance(world, head, sw1, elders):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    first, created = services.attend_roster(actor=head, activity=talk, elder=elders["wang"])
    again, created_again = services.attend_roster(actor=sw1, activity=talk, elder=elders["wang"])
    assert created and not created_again and first.pk == again.pk
    assert Attendance.objects.count() == 1 and _counts(world) == (1, 1)


def test_walk_ins_named_and_anonymous(world, head, elders):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    party = make_activity(world, starts_at=at(dt.date(2026, 11, 20)), type="birthday")
    services.attend_roster(actor=head, activity=talk, elder=elders["wang"])
    services.attend_walk_in(actor=head, activity=talk, name="赵大爷")
    services.attend_walk_in(actor=head, activity=party, name=" 赵大爷 ")  # the same name: 1 person
    services.attend_walk_in(actor=head, activity=talk, count=12)  # anonymous: 12 person-times
    services.attend_walk_in(actor=head, activity=party, count=5)
    # person-times: 王 1 + 赵 2 + 12 + 5 = 20; persons: 王 and 赵 = 2
    assert _counts(world) == (20, 2)
    rows = {a.pk: a for a in selectors.with_counts(talk.__class__.objects.all())}
    assert (rows[talk.pk].attended_elders, rows[talk.pk].walk_ins, rows[talk.pk].person_times) == (
        1, 13, 14,
    )  # fmt: skip
    assert (rows[party.pk].walk_ins, rows[party.pk].person_times) == (6, 6)


def test_a_named_walk_in_is_one_person_and_a_count_is_at_least_one(world, head):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    with pytest.raises(ValidationError):
        services.attend_walk_in(actor=head, activity=talk, name="赵大爷", count=3)
    with pytest.raises(ValidationError):
        services.attend_walk_in(actor=head, activity=talk, count=0)
    assert not Attendance.objects.exists()


def test_cancelled_activities_count_nothing_and_take_no_attendance(world, head, elders):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    other = make_activity(world, starts_at=at(dt.date(2026, 11, 4)))
    services.attend_roster(actor=head, activity=talk, elder=elders["wang"])
    services.attend_walk_in(actor=head, activity=talk, count=4)
    services.attend_roster(actor=head, activity=other, elder=elders["li"])
    assert _counts(world) == (6, 2)
    services.activity_cancel(actor=head, activity=talk)
    assert _counts(world) == (1, 1)
    with pytest.raises(ValidationError):
        services.attend_roster(actor=head, activity=talk, elder=elders["zhang"])
    with pytest.raises(ValidationError):
        services.attend_walk_in(actor=head, activity=talk, count=2)
    with pytest.raises(ValidationError):
        services.activity_mark_held(actor=head, activity=talk)


def test_period_boundaries_are_local_dates(world, head, elders):
    # 23:30 on 30 November in Shanghai is 15:30 UTC: it belongs to November
    late = make_activity(world, starts_at=at(dt.date(2026, 11, 30), 23, 30))
    # 00:10 on 1 December in Shanghai is still 30 November in UTC: it belongs to December
    early = make_activity(world, starts_at=at(dt.date(2026, 12, 1), 0, 10))
    services.attend_roster(actor=head, activity=late, elder=elders["wang"])
    services.attend_roster(actor=head, activity=early, elder=elders["li"])
    services.attend_walk_in(actor=head, activity=early, count=3)
    assert _counts(world) == (1, 1)
    assert _counts(world, dt.date(2026, 12, 1), dt.date(2026, 12, 31)) == (4, 1)
    assert _counts(world, dt.date(2026, 11, 30), dt.date(2026, 11, 30)) == (1, 1)


def test_other_stations_do_not_count(world, elders):
    wc_head = world["users"]["wangcheng-head"]
    theirs = make_activity(world, "wangcheng", starts_at=at(dt.date(2026, 11, 3)))
    services.attend_roster(actor=wc_head, activity=theirs, elder=elders["other"])
    assert _counts(world) == (0, 0)


def test_only_the_stations_active_elders_and_staff(world, head, elders):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)))
    with pytest.raises(ValidationError):
        services.attend_roster(actor=head, activity=talk, elder=elders["other"])
    for outsider in ("wangcheng-head", "zhuoda-vol1", "jiyang-viewer"):
        with pytest.raises(PermissionDenied):
            services.attend_roster(actor=world["users"][outsider], activity=talk,
                                   elder=elders["wang"])  # fmt: skip
    assert not Attendance.objects.exists()


def test_capacity_is_enforced_with_a_clear_message(world, head, elders):
    talk = make_activity(world, starts_at=at(dt.date(2026, 11, 3)), capacity=2)
    services.sign_up(actor=head, activity=talk, elder=elders["wang"])
    services.sign_up(actor=head, activity=talk, elder=elders["wang"])  # again: no new place
    services.sign_up(actor=head, activity=talk, elder=elders["li"])
    with pytest.raises(ValidationError, match="full: 2 places"):
        services.sign_up(actor=head, activity=talk, elder=elders["zhang"])
    assert SignUp.objects.count() == 2
    assert services.sign_up_cancel(actor=head, activity=talk, elder=elders["li"])
    services.sign_up(actor=head, activity=talk, elder=elders["zhang"])
    assert set(SignUp.objects.values_list("elder__name", flat=True)) == {"王秀英", "张桂兰"}


def test_an_elders_activities_and_upcoming(world, head, elders):
    today = dt.date(2026, 11, 23)
    past = make_activity(world, starts_at=at(dt.date(2026, 11, 3)), title="中秋联欢")
    make_activity(world, starts_at=at(today, 8), title="今天早上")
    soon = make_activity(world, starts_at=at(dt.date(2026, 11, 25)), title="手工")
    gone = make_activity(world, starts_at=at(dt.date(2026, 11, 26)), title="取消")
    services.activity_cancel(actor=head, activity=gone)
    make_activity(world, "wangcheng", starts_at=at(dt.date(2026, 11, 24)), title="别站")
    services.attend_roster(actor=head, activity=past, elder=elders["wang"])
    got = selectors.upcoming_activities(station=world["zhuoda"], today=today)
    assert [a.title for a in got] == ["今天早上", "手工"]
    assert [
        r.activity_id for r in selectors.elder_activities(actor=head, elder=elders["wang"])
    ] == [past.pk]
    in_range = selectors.activities_in_range(
        station=world["zhuoda"], start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 24)
    )
    assert soon.pk not in [a.pk for a in in_range] and past.pk in [a.pk for a in in_range]
