"""Pairings mirrored on Elder.volunteers, visits logged as contacts with hours, suggestions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from linli.elders.models import Elder
from linli.followups.models import Contact
from linli.volunteers import matching, selectors, services
from linli.volunteers.models import HoursEntry, Pairing, Volunteer
from tests.conftest import add_elder

from .factories import add_volunteer, head

DAY = dt.date(2026, 10, 1)


def _mirror(elder) -> set[str]:
    return set(Elder.objects.get(pk=elder.pk).volunteers.values_list("username", flat=True))


def test_start_and_end_mirror_the_account_on_the_elder(world):
    vol = world["users"]["zhuoda-vol1"]
    v = add_volunteer(world, user=vol)
    elder = add_elder(world, "zhuoda", name="李奶奶")
    pairing = services.pairing_start(actor=head(world), volunteer=v, elder=elder, started_on=DAY)
    assert _mirror(elder) == {"zhuoda-vol1"}
    assert Elder.objects.visible_to(vol).filter(pk=elder.pk).exists()
    with pytest.raises(ValidationError):  # one open pairing per volunteer and elder
        services.pairing_start(actor=head(world), volunteer=v, elder=elder, started_on=DAY)
    services.pairing_end(actor=head(world), pairing=pairing, ended_on=DAY, reason="搬家")
    assert _mirror(elder) == set()
    assert not Elder.objects.visible_to(vol).filter(pk=elder.pk).exists()
    again = services.pairing_start(actor=head(world), volunteer=v, elder=elder, started_on=DAY)
    assert _mirror(elder) == {"zhuoda-vol1"} and again.pk != pairing.pk


def test_two_pairings_of_one_elder_end_separately(world):
    vol = world["users"]["zhuoda-vol1"]
    with_account = add_volunteer(world, name="甲", user=vol)
    without = add_volunteer(world, name="乙")
    elder = add_elder(world, "zhuoda", name="王爷爷")
    first = services.pairing_start(actor=head(world), volunteer=with_account, elder=elder,
                                   started_on=DAY)  # fmt: skip
    second = services.pairing_start(actor=head(world), volunteer=without, elder=elder,
                                    started_on=DAY)  # fmt: skip
    assert _mirror(elder) == {"zhuoda-vol1"}
    services.pairing_end(actor=head(world), pairing=second, ended_on=DAY)
    assert _mirror(elder) == {"zhuoda-vol1"}  # the other pairing keeps the account's view
    services.pairing_end(actor=head(world), pairing=first, ended_on=DAY)
    assert _mirror(elder) == set()
    with pytest.raises(ValidationError):
        services.pairing_end(actor=head(world), pairing=first, ended_on=DAY)


def test_pairing_refuses_another_station_and_non_staff(world):
    v = add_volunteer(world)
    elsewhere = add_elder(world, "wangcheng", name="外站老人")
    with pytest.raises(ValidationError):
        services.pairing_start(actor=head(world), volunteer=v, elder=elsewhere, started_on=DAY)
    elder = add_elder(world, "zhuoda", name="本站老人")
    with pytest.raises(PermissionDenied):
        services.pairing_start(actor=world["users"]["zhuoda-vol1"], volunteer=v, elder=elder,
                               started_on=DAY)  # fmt: skip
    assert not Pairing.objects.exists()


def test_a_visit_is_a_contact_with_hours_and_only_the_own_volunteer_logs_it(world):
    vol = world["users"]["zhuoda-vol1"]
    v = add_volunteer(world, user=vol)
    other = add_volunteer(world, name="乙")
    elder = add_elder(world, "zhuoda", name="李奶奶")
    pairing = services.pairing_start(actor=head(world), volunteer=v, elder=elder, started_on=DAY)
    contact, entry = services.pairing_visit_log(
        actor=vol, pairing=pairing, on=DAY, outcome="reached", note="聊天，身体好"
    )
    assert (contact.kind, contact.by, contact.elder) == ("visit", vol, elder)
    assert (entry.source, entry.contact, entry.hours) == ("pairing", contact, Decimal("1"))
    assert entry.confirmed_at is None
    other_pairing = services.pairing_start(actor=head(world), volunteer=other, elder=elder,
                                           started_on=DAY)  # fmt: skip
    with pytest.raises(PermissionDenied):  # not the volunteer's own pairing
        services.pairing_visit_log(actor=vol, pairing=other_pairing, on=DAY, outcome="reached")
    with pytest.raises(ValidationError):  # a volunteer does not report a death
        services.pairing_visit_log(actor=vol, pairing=pairing, on=DAY, outcome="deceased")
    services.pairing_end(actor=head(world), pairing=pairing, ended_on=DAY)
    with pytest.raises(ValidationError):
        services.pairing_visit_log(actor=vol, pairing=pairing, on=DAY, outcome="reached")
    assert Contact.objects.count() == 1 and HoursEntry.objects.count() == 1


def test_elder_volunteer_takes_name_sex_and_year_from_the_registry(world):
    elder = add_elder(world, "zhuoda", name="赵大爷", sex="M", birth_date=dt.date(1955, 5, 1))
    v = add_volunteer(world, name="", elder=elder, phone="138 0013 8000")
    assert (v.name, v.sex, v.birth_year, v.is_elder) == ("赵大爷", "M", 1955, True)
    assert v.phone == "13800138000"
    with pytest.raises(ValidationError):
        add_volunteer(world, name="坏号码", phone="12345")
    with pytest.raises(ValidationError):
        add_volunteer(world, name="外站", elder=add_elder(world, "wangcheng", name="外站老人"))


# --- ranking on plain data ------------------------------------------------------------------
def test_suggestions_rank_by_area_language_availability_then_load():
    need = matching.Need(area_id=1, languages=("海南话", "普通话"), slots=("0am", "2pm"))
    candidates = [
        matching.Candidate(1, "甲", area_id=2, languages=("海南话", "普通话"),
                           availability=("0am", "2pm")),  # other area, everything else
        matching.Candidate(2, "乙", area_id=1, languages=("普通话",), availability=("0am",),
                           open_pairings=2),
        matching.Candidate(3, "丙", area_id=1, languages=("普通话",), availability=("0am",),
                           open_pairings=0),
        matching.Candidate(4, "丁", area_id=1, languages=("海南话", "普通话"), availability=()),
        matching.Candidate(5, "戊", area_id=1, languages=("粤语",), availability=("0am", "2pm")),
    ]  # fmt: skip
    # Same area first (2, 3, 4, 5), among them two languages (4) before one (2, 3) before
    # none (5); 2 and 3 tie on one slot, so fewer pairings (3) first; 1 is last (other area).
    ranked = matching.rank(candidates, need)
    assert [s.volunteer_id for s in ranked] == [4, 3, 2, 5, 1]
    assert ranked[0].reasons == ["lives in the same area", "speaks 海南话、普通话",
                                 "0 current pairings"]  # fmt: skip
    assert ranked[3].reasons[1] == "free at 2 of the times that suit"


def test_suggestions_from_the_database_skip_paired_and_inactive(world):
    zhuoda = world["zhuoda"]
    area = zhuoda.areas.get(name="海罗村")
    elder = add_elder(world, "zhuoda", name="符阿婆", area=area.pk, extra={"方言": "海南话"})
    add_volunteer(world, name="近", area_id=area.pk, languages=["海南话"])
    add_volunteer(world, name="远", languages=["海南话"])
    add_volunteer(world, name="停", area_id=area.pk, active=False)
    paired = add_volunteer(world, name="已", area_id=area.pk)
    services.pairing_start(actor=head(world), volunteer=paired, elder=elder, started_on=DAY)
    ranked = selectors.pairing_suggestions(actor=head(world), elder=elder)
    assert [s.name for s in ranked] == ["近", "远"]
    assert "speaks 海南话" in ranked[0].reasons


def test_recognition_list_by_hours_then_name(world):
    from .factories import add_hours

    rows = {}
    for name, hours in (("丙", "10"), ("乙", "12"), ("甲", "10"), ("丁", "3")):
        rows[name] = add_volunteer(world, name=name)
        add_hours(world, rows[name], hours, on=dt.date(2026, 6, 1))
    add_hours(world, rows["丁"], "20", on=dt.date(2025, 6, 1))  # another year
    add_hours(world, rows["丁"], "20", on=dt.date(2026, 6, 2), confirmed=False)
    got = selectors.recognition_list(actor=head(world), station=world["zhuoda"], year=2026)
    # 丙 and 甲 tie on 10 hours: by name in code-point order (丙 U+4E19 < 甲 U+7532)
    assert [(v.name, v.hours_year) for v in got] == [
        ("乙", Decimal("12")),
        ("丙", Decimal("10")),
        ("甲", Decimal("10")),
        ("丁", Decimal("3")),
    ]
    top = selectors.recognition_list(actor=head(world), station=world["zhuoda"], year=2026,
                                     top=None, min_hours=Decimal("10"))  # fmt: skip
    assert [v.name for v in top] == ["乙", "丙", "甲"]


def test_linking_an_account_later_moves_the_mirror(world, client_for):
    v = add_volunteer(world, name="后来有账号")
    elder = add_elder(world, "zhuoda", name="李奶奶")
    services.pairing_start(actor=head(world), volunteer=v, elder=elder, started_on=DAY)
    assert _mirror(elder) == set()
    client = client_for("zhuoda-sw1")
    from django.urls import reverse

    page = client.get(reverse("volunteers:edit", args=[v.pk])).content.decode()
    vol = world["users"]["zhuoda-vol1"]
    assert f'value="{vol.pk}"' in page
    client.post(
        reverse("volunteers:edit", args=[v.pk]),
        {"name": "后来有账号", "joined_on": "2025-01-01", "active": "on", "user": vol.pk},
    )
    assert _mirror(elder) == {"zhuoda-vol1"}
    services.volunteer_update(actor=head(world), volunteer=v, data={"user": None})
    assert _mirror(elder) == set()
    with pytest.raises(ValidationError):  # a worker's account is not a volunteer's
        services.volunteer_update(
            actor=head(world), volunteer=v, data={"user": world["users"]["zhuoda-sw2"]}
        )


def test_a_volunteer_with_open_pairings_cannot_be_stopped(world):
    v = add_volunteer(world, name="要离开", user=world["users"]["zhuoda-vol1"])
    elder = add_elder(world, "zhuoda", name="李奶奶")
    pairing = services.pairing_start(actor=head(world), volunteer=v, elder=elder, started_on=DAY)
    with pytest.raises(ValidationError):
        services.volunteer_update(actor=head(world), volunteer=v, data={"active": False})
    assert Volunteer.objects.get(pk=v.pk).active
    services.pairing_end(actor=head(world), pairing=pairing, ended_on=DAY)
    services.volunteer_update(actor=head(world), volunteer=v, data={"active": False})
    assert not Volunteer.objects.get(pk=v.pk).active and _mirror(elder) == set()
