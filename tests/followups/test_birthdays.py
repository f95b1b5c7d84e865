"""The month's birthdays, solar and lunar, for the station calendar.

Expected dates are worked out by hand from published calendars (see tests/lib/test_lunar.py):
in 2026 重阳 (九月初九) is 18 Oct, 八月 has 29 days (八月廿九 is 9 Oct), 腊月初一 of lunar
year 2025 is 19 Jan; in 2025 闰六月 begins 25 Jul and 六月初一 is 25 Jun. Birth dates for
lunar birthdays are built from their lunar date, since the birth date itself is not the point.
"""

from __future__ import annotations

import datetime as dt

import pytest

from linli.elders import services as elder_services
from linli.elders.models import Elder
from linli.followups.birthdays import (
    birthday_dates_in_month,
    birthdays_in_month,
    is_milestone,
    solar_birthday,
    with_elders,
)
from linli.lib import lunar
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db
D = dt.date


def born_lunar(year: int, month: int, day: int, leap: bool = False) -> dt.date:
    return lunar.lunar_to_solar(year, month, day, leap)


def first_year(predicate, years=range(1930, 1966)) -> int:
    return next(y for y in years if predicate(y))


def month_of(world, user="zhuoda-sw1", station="zhuoda", year=2026, month=10):
    """The month's birthdays, checking that the calendar's light read finds the same ones."""
    whom = {"actor": world["users"][user], "station": world[station], "year": year}
    found = birthdays_in_month(**whom, month=month)
    light = birthday_dates_in_month(**whom, month=month)
    keys = ("date", "age", "calendar", "milestone", "lunar_label")
    assert [(i["elder_id"], i["name"], *(i[k] for k in keys)) for i in light] == [
        (i["elder"].pk, i["elder"].name, *(i[k] for k in keys)) for i in found
    ]
    assert [(i["elder"], i["date"]) for i in with_elders(light)] == [
        (i["elder"], i["date"]) for i in found
    ]
    return found


def summary(items) -> list[tuple]:
    return [(i["elder"].name, i["date"], i["age"], i["calendar"], i["milestone"]) for i in items]


def test_milestones():
    assert [a for a in range(55, 106) if is_milestone(a)] == [60, 70, 80, 90, *range(100, 106)]


def test_29_february_is_kept_on_the_28th_in_a_common_year():
    assert solar_birthday(D(1948, 2, 29), 2026) == D(2026, 2, 28)
    assert solar_birthday(D(1948, 2, 29), 2028) == D(2028, 2, 29)
    assert solar_birthday(D(1948, 3, 1), 2026) == D(2026, 3, 1)


def test_solar_and_lunar_birthdays_of_october_2026(world):
    add_elder(world, "zhuoda", name="陈八十", birth_date=D(1946, 10, 5))
    add_elder(world, "zhuoda", name="林七六", birth_date=D(1950, 10, 20))
    add_elder(world, "zhuoda", name="周百一", birth_date=D(1925, 10, 3))
    # Kept by the lunar calendar: 九月初九 → 18 Oct 2026, turning 2026 − 1946 = 80.
    add_elder(
        world, "zhuoda", name="吴重阳", birth_date=born_lunar(1946, 9, 9), lunar_birthday=True
    )
    # 八月三十 (in a year whose 八月 had 30 days) → 八月廿九 2026 = 9 Oct by the default rule.
    year30 = first_year(lambda y: lunar.month_days(y, 8) == 30)
    add_elder(
        world, "zhuoda", name="郑三十", birth_date=born_lunar(year30, 8, 30), lunar_birthday=True
    )
    # Born in October but keeping the lunar birthday: 四月 is not October.
    add_elder(
        world, "zhuoda", name="孙四月", birth_date=born_lunar(1950, 4, 1), lunar_birthday=True
    )
    add_elder(world, "zhuoda", name="赵十一", birth_date=D(1950, 11, 1))
    add_elder(world, "zhuoda", name="钱无生日")
    gone = add_elder(world, "zhuoda", name="冯已故", birth_date=D(1940, 10, 8))
    elder_services.elder_mark_status(
        actor=None, elder=gone, status=Elder.Status.DECEASED, on=D(2026, 1, 1)
    )
    add_elder(world, "wangcheng", name="外站", birth_date=D(1946, 10, 5))

    assert summary(month_of(world)) == [
        ("周百一", D(2026, 10, 3), 101, "solar", True),
        ("陈八十", D(2026, 10, 5), 80, "solar", True),
        ("郑三十", D(2026, 10, 9), 2026 - year30, "lunar", is_milestone(2026 - year30)),
        ("吴重阳", D(2026, 10, 18), 80, "lunar", True),
        ("林七六", D(2026, 10, 20), 76, "solar", False),
    ]
    lunar_item = month_of(world)[3]
    assert lunar_item["elder"].lunar_birth_month == 9 and lunar_item["elder"].lunar_birth_day == 9


def test_the_other_station_sees_only_its_own(world):
    add_elder(world, "zhuoda", name="陈八十", birth_date=D(1946, 10, 5))
    add_elder(world, "wangcheng", name="外站", birth_date=D(1946, 10, 5))
    assert [i["elder"].name for i in month_of(world, "wangcheng-sw1", "wangcheng")] == ["外站"]
    # Asking for another station's month with one's own account finds nothing.
    assert month_of(world, "wangcheng-sw1", "zhuoda") == []


def test_volunteers_see_only_their_paired_elders(world):
    paired = add_elder(world, "zhuoda", name="结对", birth_date=D(1946, 10, 5))
    add_elder(world, "zhuoda", name="未结对", birth_date=D(1946, 10, 6))
    paired.volunteers.add(world["users"]["zhuoda-vol1"])
    assert [i["elder"].name for i in month_of(world, "zhuoda-vol1")] == ["结对"]


def test_29_february_birthday_in_february_2026(world):
    add_elder(world, "zhuoda", name="闰日", birth_date=D(1948, 2, 29))
    assert summary(month_of(world, month=2)) == [("闰日", D(2026, 2, 28), 78, "solar", False)]


def test_lunar_birthday_early_in_the_year_counts_lunar_years(world):
    # 腊月二十 of lunar 1946 fell in January 1947; in 2026 it is kept on 7 Feb (lunar year
    # 2025's 腊月), when the elder turns 2025 − 1946 = 79, not 2026 − 1947.
    birth = born_lunar(1946, 12, 20)
    assert birth.year == 1947
    add_elder(world, "zhuoda", name="腊月", birth_date=birth, lunar_birthday=True)
    assert summary(month_of(world, month=2)) == [("腊月", D(2026, 2, 7), 79, "lunar", False)]


def test_leap_month_birthday_follows_the_rule(world, settings):
    year = first_year(lambda y: lunar.leap_month(y) == 6)
    add_elder(
        world, "zhuoda", name="闰六月", birth_date=born_lunar(year, 6, 10, leap=True),
        lunar_birthday=True,
    )  # fmt: skip
    elder = Elder.objects.get(name="闰六月")
    assert (elder.lunar_birth_month, elder.lunar_birth_day, elder.lunar_birth_leap) == (6, 10, True)
    # Default: the ordinary 六月初十 of 2025, 4 Jul; nothing in August.
    assert [i["date"] for i in month_of(world, year=2025, month=7)] == [D(2025, 7, 4)]
    assert month_of(world, year=2025, month=8) == []
    # The "leap" rule keeps it in 2025's own 闰六月: 3 Aug.
    settings.LINLI_LUNAR_BIRTHDAY_RULE = {"leap_month": "leap"}
    assert month_of(world, year=2025, month=7) == []
    assert [i["date"] for i in month_of(world, year=2025, month=8)] == [D(2025, 8, 3)]


def test_missing_30th_by_the_next_day_rule(world, settings):
    year30 = first_year(lambda y: lunar.month_days(y, 8) == 30)
    add_elder(
        world, "zhuoda", name="郑三十", birth_date=born_lunar(year30, 8, 30), lunar_birthday=True
    )
    settings.LINLI_LUNAR_BIRTHDAY_RULE = {"missing_day": "next"}
    assert [i["date"] for i in month_of(world)] == [D(2026, 10, 10)]


@pytest.mark.parametrize("count", [5, 60])
def test_query_count_does_not_grow(world, django_assert_max_num_queries, count):
    for i in range(count):
        add_elder(
            world, "zhuoda", name=f"寿星{i}", birth_date=D(1940 + i % 20, 10, 1 + i % 28),
            lunar_birthday=bool(i % 2),
        )  # fmt: skip
    actor = world["users"]["zhuoda-sw1"]
    actor.refresh_from_db()  # no cached memberships
    with django_assert_max_num_queries(2):
        items = birthdays_in_month(actor=actor, station=world["zhuoda"], year=2026, month=10)
        for item in items:
            assert item["elder"].area_id is None or item["elder"].area.name
    assert len([i for i in items if i["calendar"] == "solar"]) == (count + 1) // 2
    actor.refresh_from_db()
    with django_assert_max_num_queries(2):  # the calendar's read: a few columns, no joins
        light = birthday_dates_in_month(actor=actor, station=world["zhuoda"], year=2026, month=10)
    assert len(light) == len(items)
