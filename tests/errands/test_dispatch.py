"""Dispatch suggestions: paired first, then the assigned worker, area, skill, load."""

from __future__ import annotations

import datetime as dt

from linli.errands import services
from linli.errands.dispatch import Candidate, rank
from linli.errands.selectors import dispatch_candidates, dispatch_suggestions
from linli.stations import services as station_services
from linli.stations.models import Membership
from tests.conftest import make_user

from .factories import area_of, elder, raise_request


def test_rank_order_and_reasons():
    candidates = [
        Candidate(1, "load0", "volunteer"),
        Candidate(2, "load2", "volunteer", open_requests=2),
        Candidate(3, "skilled", "volunteer", skills=("repair",), open_requests=3),
        Candidate(4, "area", "volunteer", area_id=7, open_requests=4),
        Candidate(5, "worker", "worker", assigned_worker=True, open_requests=5),
        Candidate(6, "paired", "volunteer", paired=True, open_requests=1),
    ]
    ranked = rank(candidates, area_id=7, request_type="repair")
    assert [(s.name, s.reasons) for s in ranked] == [
        ("paired", ["paired with the elder", "1 open request"]),
        ("worker", ["the elder's assigned worker", "5 open requests"]),
        ("area", ["same area", "4 open requests"]),
        ("skilled", ["can do home repair", "3 open requests"]),
        ("load0", ["0 open requests"]),
        ("load2", ["2 open requests"]),
    ]


def test_rank_area_does_not_match_when_elder_has_no_area():
    ranked = rank([Candidate(1, "a", "volunteer")], area_id=None, request_type="repair")
    assert ranked[0].reasons == ["0 open requests"]


def test_suggestions_from_the_database(world):
    users = world["users"]
    station = world["zhuoda"]
    danzhou = area_of(world, "丹州社区")
    vol2 = make_user("zhuoda-vol2")
    station_services.membership_grant(user=vol2, role=Membership.Role.VOLUNTEER, station=station)
    gone = make_user("zhuoda-vol3")
    station_services.membership_grant(user=gone, role=Membership.Role.VOLUNTEER, station=station)
    Membership.objects.filter(user=gone).update(active=False)
    the_elder = elder(world, area=danzhou.pk)
    the_elder.volunteers.add(users["zhuoda-vol1"])
    the_elder.assigned_worker = users["zhuoda-sw2"]
    the_elder.save()
    services.helper_profile_save(
        actor=users["zhuoda-head"], station=station, user=users["zhuoda-sw1"],
        skills=["repair"], area=danzhou,
    )  # fmt: skip
    services.helper_profile_save(
        actor=users["zhuoda-head"], station=station, user=vol2, skills=["repair"]
    )
    busy = raise_request(world, elder(world, name="李四"))
    services.request_dispatch(actor=users["zhuoda-sw1"], request=busy, helper=vol2)
    request = raise_request(world, the_elder, type="repair")
    request.refresh_from_db()
    suggestions = dispatch_suggestions(request=request)
    assert [(s.name, s.role, s.reasons) for s in suggestions] == [
        ("zhuoda-vol1", "volunteer", ["paired with the elder", "0 open requests"]),
        ("zhuoda-sw2", "worker", ["the elder's assigned worker", "0 open requests"]),
        ("zhuoda-sw1", "worker", ["same area", "can do home repair", "0 open requests"]),
        ("zhuoda-vol2", "volunteer", ["can do home repair", "1 open request"]),
    ]


def test_candidates_in_bounded_queries(world, django_assert_num_queries):
    request = raise_request(world, elder(world))
    request.refresh_from_db()
    request.elder  # noqa: B018 - loaded before counting
    # members, pairings, helper profiles, registered volunteers, open requests
    with django_assert_num_queries(5):
        candidates = dispatch_candidates(request=request)
    assert {c.name for c in candidates} == {"zhuoda-sw1", "zhuoda-sw2", "zhuoda-vol1"}


def test_a_registered_volunteers_area_and_skills_count(world):
    """The volunteer registry's record of an account stands in for the interim helper profile:
    shopping lets vol1 do groceries and medicine pick-ups, in the elder's area."""
    from linli.volunteers import services as volunteers

    users = world["users"]
    the_elder = elder(world, area=area_of(world, "丹州社区"))
    volunteers.volunteer_create(actor=users["zhuoda-head"], station=world["zhuoda"], data={
        "name": "李志愿", "user": users["zhuoda-vol1"], "area": area_of(world, "丹州社区"),
        "skills": ["shopping"], "joined_on": dt.date(2026, 1, 5),
    })  # fmt: skip
    request = raise_request(world, the_elder, type="medicine")
    [first, *_rest] = dispatch_suggestions(request=request)
    assert first.name == "zhuoda-vol1"
    assert "same area" in first.reasons and "can do medicine pick-up" in first.reasons
