"""Raising a request from a contact or an emergency; helper profiles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from linli.errands import services
from linli.errands.models import HelperProfile
from linli.followups.models import Contact, Emergency

from .factories import area_of, elder, raise_request


def contact_with(the_elder):
    return Contact.objects.create(
        elder=the_elder, station_id=the_elder.station_id, outcome="reached"
    )


def emergency_at(station):
    return Emergency.objects.create(
        station=station, kind="typhoon", title="台风", starts_on=dt.date(2026, 11, 23)
    )


def test_from_a_contact_about_this_elder(world):
    the_elder = elder(world)
    contact = contact_with(the_elder)
    request = raise_request(world, the_elder, source="contact", contact=contact)
    assert (request.source, request.contact) == ("contact", contact)


def test_contact_about_another_elder_is_refused(world):
    other = contact_with(elder(world, name="李四"))
    with pytest.raises(ValidationError) as error:
        raise_request(world, elder(world), source="contact", contact=other)
    assert list(error.value.message_dict) == ["contact"]


def test_from_this_stations_emergency(world):
    emergency = emergency_at(world["zhuoda"])
    request = raise_request(world, elder(world), source="emergency", emergency=emergency)
    assert request.emergency == emergency


def test_another_stations_emergency_is_refused(world):
    with pytest.raises(ValidationError) as error:
        raise_request(
            world, elder(world), source="emergency", emergency=emergency_at(world["wangcheng"])
        )
    assert list(error.value.message_dict) == ["emergency"]


def test_helper_profile_saved_and_updated(world):
    users = world["users"]
    station = world["zhuoda"]
    kwargs = {"actor": users["zhuoda-head"], "station": station, "user": users["zhuoda-vol1"]}
    services.helper_profile_save(
        **kwargs, skills=["repair", "escort"], area=area_of(world, "海罗村")
    )
    services.helper_profile_save(**kwargs, skills=["cleaning"])
    profile = HelperProfile.objects.get()
    assert (profile.skills, profile.area, profile.active) == (["cleaning"], None, True)


def test_helper_profile_refuses_bad_input(world):
    users = world["users"]
    kwargs = {"actor": users["zhuoda-head"], "station": world["zhuoda"]}
    with pytest.raises(ValidationError):
        services.helper_profile_save(**kwargs, user=users["zhuoda-vol1"], skills=["haircut"])
    wang_area = world["wangcheng"].areas.get()
    with pytest.raises(ValidationError):
        services.helper_profile_save(**kwargs, user=users["zhuoda-vol1"], skills=[], area=wang_area)
    with pytest.raises(ValidationError):
        services.helper_profile_save(**kwargs, user=users["wangcheng-vol1"], skills=[])
    with pytest.raises(PermissionDenied):
        services.helper_profile_save(
            actor=users["zhuoda-vol1"], station=world["zhuoda"], user=users["zhuoda-vol1"],
            skills=[],
        )  # fmt: skip
    assert HelperProfile.objects.count() == 0
