"""A station's own stuck-case norms: saved by the head as versions, used by every list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from linli.cases import selectors, services
from linli.cases.models import CaseNorms

from .factories import open_case, put_at

TODAY = dt.date(2026, 11, 23)


def test_defaults_until_the_station_saves_its_own(world):
    assert selectors.norms_for(world["zhuoda"])["intake"] == 14
    services.case_norms_save(actor=world["users"]["zhuoda-head"], station=world["zhuoda"],
                             norms={"intake": 7}, note="更快接案")  # fmt: skip
    norms = selectors.norms_for(world["zhuoda"])
    assert (norms["intake"], norms["intervention"]) == (7, 120)  # others keep the default
    assert selectors.norms_for(world["wangcheng"])["intake"] == 14  # another station unchanged


def test_every_list_uses_the_stations_norms(world):
    users = world["users"]
    case = put_at(open_case(world), "intake", TODAY - dt.timedelta(days=8))
    station = world["zhuoda"]
    assert selectors.cases_stuck(actor=users["zhuoda-head"], station=station, today=TODAY) == []
    services.case_norms_save(actor=users["zhuoda-head"], station=station, norms={"intake": 7})
    [row] = selectors.cases_stuck(actor=users["zhuoda-head"], station=station, today=TODAY)
    assert (row.case, row.stuck) == (case, True)
    [row] = selectors.cases_for_station(actor=users["zhuoda-head"], station=station, today=TODAY)
    assert row.stuck
    [row] = selectors.cases_for_worker(actor=users["zhuoda-sw1"], today=TODAY)
    assert row.stuck


def test_a_new_version_each_save(world):
    head, station = world["users"]["zhuoda-head"], world["zhuoda"]
    services.case_norms_save(actor=head, station=station, norms={"intake": 7})
    services.case_norms_save(actor=head, station=station, norms={"intake": 10})
    assert list(CaseNorms.objects.filter(station=station).values_list("version", flat=True)) == [
        2,
        1,
    ]
    assert selectors.norms_for(station)["intake"] == 10


@pytest.mark.parametrize(
    ("norms", "field"),
    [({"intake": 0}, "intake"), ({"plan": 366}, "plan"), ({"plan": "9"}, "plan"),
     ({"plan": True}, "plan"), ({"closed": 10}, "closed")],
)  # fmt: skip
def test_bad_norms_refused_and_nothing_saved(world, norms, field):
    with pytest.raises(ValidationError) as exc:
        services.case_norms_save(actor=world["users"]["zhuoda-head"], station=world["zhuoda"],
                                 norms=norms)  # fmt: skip
    assert list(exc.value.message_dict) == [field]
    assert not CaseNorms.objects.exists()


def test_only_the_head_sets_norms(world):
    with pytest.raises(PermissionDenied):
        services.case_norms_save(actor=world["users"]["zhuoda-sw1"], station=world["zhuoda"],
                                 norms={"intake": 7})  # fmt: skip
    assert not CaseNorms.objects.exists()
