"""The demo community: exact age bands, plausible data, valid identifiers, determinism, options.

The expected numbers come from issue 2 (zhuoda's survey bands), not from the generator's output.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from linli.accounts.models import User
from linli.demo.community import WANGCHENG, ZHUODA
from linli.demo.generator import DEFAULT_SEED, generate_station
from linli.demo.services import DEMO_PASSWORD
from linli.elders.models import Consent, Elder
from linli.lib.identifiers import age_on, parse_id_number
from linli.lib.phones import parse_phone
from linli.stations.models import Area, Membership, Region, Station
from tests.conftest import add_elder
from tests.demo.test_demo_assessments import assert_demo_assessments

TODAY = dt.date(2026, 11, 23)
ZHUODA_BANDS = {60: 3567, 70: 2425, 80: 1004, 90: 24}
DEMO_USERS = {
    "zhuoda-head": ("head", "zhuoda"),
    "zhuoda-sw1": ("worker", "zhuoda"),
    "zhuoda-sw2": ("worker", "zhuoda"),
    "zhuoda-vol1": ("volunteer", "zhuoda"),
    "wangcheng-head": ("head", "wangcheng"),
    "wangcheng-sw1": ("worker", "wangcheng"),
    "wangcheng-sw2": ("worker", "wangcheng"),
    "wangcheng-vol1": ("volunteer", "wangcheng"),
}


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def band(age: int) -> int:
    return min(90, age // 10 * 10)


# --- the generator alone (no database) ----------------------------------------------------------


def test_same_seed_same_elders_other_seed_other_elders():
    first = generate_station(ZHUODA, seed=7, today=TODAY).elders
    again = generate_station(ZHUODA, seed=7, today=TODAY).elders
    other = generate_station(ZHUODA, seed=8, today=TODAY).elders
    sample = slice(0, 200)
    assert [(e.name, e.id_number) for e in first[sample]] == [
        (e.name, e.id_number) for e in again[sample]
    ]
    assert first == again
    assert [e.id_number for e in first[sample]] != [e.id_number for e in other[sample]]


def test_bands_are_exact_on_a_leap_day():
    leap_day = dt.date(2028, 2, 29)
    elders = generate_station(ZHUODA, seed=3, today=leap_day).elders
    active = [e for e in elders if e.status == "active"]
    assert Counter(band(age_on(e.birth_date, leap_day)) for e in active) == ZHUODA_BANDS
    assert all(60 <= age_on(e.birth_date, leap_day) <= 100 for e in elders)


def test_wangcheng_is_a_relocation_community_of_guizhou():
    elders = generate_station(WANGCHENG, seed=DEFAULT_SEED, today=TODAY).elders
    active = [e for e in elders if e.status == "active"]
    assert 1900 <= len(active) <= 2100
    assert all(e.id_number.startswith("52") for e in elders)
    relocated = sum("relocated" in e.categories for e in active) / len(active)
    assert 0.4 <= relocated <= 0.8
    assert any("left_behind" in e.categories for e in active)
    assert not any(e.migratory for e in active)


# --- the whole demo in the database --------------------------------------------------------------


@pytest.mark.django_db
def test_full_demo_load():
    output = run_demo("--today", TODAY.isoformat())
    assert "zhuoda" in output and "7020" in output

    zhuoda = Elder.objects.filter(station__code="zhuoda")
    active = list(zhuoda.filter(status="active").values_list("birth_date", "migratory"))
    ages = [age_on(birth, TODAY) for birth, _migratory in active]
    assert len(active) == 7020
    assert Counter(band(age) for age in ages) == ZHUODA_BANDS
    assert min(ages) >= 60 and max(ages) <= 100
    # the station summary API gives the seed station's survey figures exactly
    client = Client()
    client.force_login(User.objects.get(username="zhuoda-head"))
    body = client.get("/api/v1/stations/zhuoda/summary", {"on": TODAY.isoformat()}).json()
    assert body["age_bands"] == {"60-69": 3567, "70-79": 2425, "80-89": 1004, "90+": 24}
    assert body["active"] == 7020 and body["under_60"] == body["no_birth_date"] == 0
    assert 0.78 <= sum(m for _b, m in active) / len(active) <= 0.82

    _assert_statuses_beyond_the_active()
    _assert_identities_and_phones_are_valid()
    _assert_plausible_rates(zhuoda.filter(status="active"))
    _assert_history_pairings_and_consent()
    assert_demo_assessments()

    # Loading again adds nothing.
    run_demo("--today", TODAY.isoformat())
    assert zhuoda.filter(status="active").count() == 7020


def _assert_statuses_beyond_the_active():
    for code in ("zhuoda", "wangcheng"):
        statuses = Counter(
            Elder.objects.filter(station__code=code).values_list("status", flat=True)
        )
        assert statuses["moved"] > 0 and statuses["deceased"] > 0
    former = Elder.objects.exclude(status="active")
    assert not former.filter(status_date__isnull=True).exists()
    assert 1900 <= Elder.objects.filter(station__code="wangcheng", status="active").count() <= 2100


def _assert_identities_and_phones_are_valid():
    elders = Elder.objects.only("id_number_enc", "birth_date", "sex", "phones", "id_last4")
    for elder in elders:
        parsed = parse_id_number(elder.id_number, today=TODAY)
        assert (parsed.birth_date, parsed.sex) == (elder.birth_date, elder.sex)
        assert elder.id_last4 == parsed.last4
        for number in elder.phone_list:
            assert parse_phone(number).number == number


def _assert_plausible_rates(active):
    total = active.count()

    def share(code):
        return active.filter(categories__code=code).count() / total

    assert 0.03 <= share("dibao") <= 0.07
    assert 0.002 <= share("tekun") <= 0.02
    assert 0.02 <= share("disabled") <= 0.07
    assert 0.05 <= active.filter(living_arrangement="alone").count() / total <= 0.2
    assert 0.35 <= active.filter(living_arrangement="spouse").count() / total <= 0.55
    for months, migratory in active.values_list("months_present", "migratory"):
        # Migratory retirees winter in Sanya (always January, never July); others stay.
        assert (1 in months and 7 not in months) if migratory else months == []
    assert active.filter(phones="").count() / total < 0.1
    with_contacts = active.exclude(emergency_contacts=[]).count()
    assert with_contacts / total > 0.8


def _assert_history_pairings_and_consent():
    assert Elder.history.filter(history_type="+").count() == Elder.objects.count()
    assert set(Elder.history.values_list("history_change_reason", flat=True)) == {"演示数据"}
    historical_links = apps.get_model("elders", "HistoricalElder_categories").objects.count()
    assert historical_links == Elder.categories.through.objects.count() > 0
    volunteer = User.objects.get(username="zhuoda-vol1")
    assert Elder.objects.visible_to(volunteer).count() == 10
    worker = User.objects.get(username="zhuoda-sw1")
    assert not Elder.objects.visible_to(worker).filter(station__code="wangcheng").exists()
    caseloads = Counter(
        Elder.objects.filter(station__code="zhuoda").values_list(
            "assigned_worker__username", flat=True
        )
    )
    assert 0.4 <= caseloads["zhuoda-sw1"] / caseloads["zhuoda-sw2"] <= 2.5
    assert Consent.objects.count() / Elder.objects.count() > 0.85


# --- options ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_elders_loads_stations_areas_and_users():
    run_demo("--no-elders")
    assert Elder.objects.count() == 0
    assert set(Station.objects.values_list("code", flat=True)) == {"zhuoda", "wangcheng"}
    assert set(Area.objects.filter(station__code="zhuoda").values_list("name", flat=True)) == {
        "丹州社区",
        "海澜社区",
        "卓达社区",
        "海罗村",
    }
    assert Area.objects.get(station__code="zhuoda", name="海罗村").kind == "village"
    jiyang = Region.objects.get(code="460203")
    assert (jiyang.name, jiyang.parent.code, jiyang.parent.parent.code) == (
        "吉阳区",
        "460200",
        "460000",
    )
    assert Station.objects.get(code="wangcheng").region.code == "520112"
    for username, (role, station) in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.memberships.get().role == role
        assert user.memberships.get().station.code == station
    viewer = User.objects.get(username="jiyang-viewer").memberships.get()
    assert (viewer.role, viewer.region, viewer.station) == (Membership.Role.VIEWER, jiyang, None)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_if_empty_does_nothing_the_second_time():
    run_demo("--if-empty", "--no-elders")
    users = User.objects.count()
    assert "not loaded" in run_demo("--if-empty", "--no-elders")
    assert User.objects.count() == users
    assert Station.objects.count() == 2


def test_if_empty_does_nothing_when_a_station_has_elders(world):
    add_elder(world, "zhuoda", name="张三")
    assert "not loaded" in run_demo("--if-empty")
    assert Elder.objects.count() == 1
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_logins_are_printed_and_nothing_is_loaded():
    output = run_demo("--logins")
    for username in [*DEMO_USERS, "jiyang-viewer", "admin"]:
        assert username in output
    assert DEMO_PASSWORD in output
    assert Station.objects.count() == 0 and User.objects.count() == 0


def test_some_elders_keep_the_lunar_birthday_older_ones_more():
    from linli.demo.community import STATIONS
    from linli.demo.generator import generate_station

    elders = generate_station(STATIONS[0], seed=3, today=dt.date(2026, 11, 23)).elders
    old = [e.lunar_birthday for e in elders if e.birth_date.year < 1945]
    young = [e.lunar_birthday for e in elders if e.birth_date.year >= 1955]
    # Rates 0.6 (+0.1 in the village) and 0.2 (+0.1): the shares land near them.
    assert 0.55 < sum(old) / len(old) < 0.72
    assert 0.17 < sum(young) / len(young) < 0.3
