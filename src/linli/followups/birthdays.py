"""Reads for the station's calendar: the month's birthdays (solar and lunar) and festivals.

One query finds the month's birthdays: solar ones by the birth month, lunar ones by the lunar
birth month kept on the elder (elders.rules keeps it with the birth date); the lunar months a
solar month touches, and the day each lunar birthday is kept this year, come from lib.lunar.
birthday_dates_in_month finds the same birthdays from a few columns (the calendar's counts and
the paged list at thousands of elders); with_elders loads the elders of one page of them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q

from linli.elders.models import Elder
from linli.lib import lunar
from linli.lib.lunar import Festival, LunarRule

MILESTONES = frozenset({60, 70, 80, 90})
CENTENARIAN = 100
SOLAR, LUNAR = "solar", "lunar"

__all__ = [
    "birthday_dates_in_month",
    "birthdays_in_month",
    "festivals_between",
    "is_milestone",
    "lunar_rule",
    "with_elders",
]


def lunar_rule() -> LunarRule:
    """The station-wide rule for lunar birthdays on days a year lacks (DOMAIN.md §8)."""
    return LunarRule(**getattr(settings, "LINLI_LUNAR_BIRTHDAY_RULE", {}))


def is_milestone(age: int) -> bool:
    """整寿: 60, 70, 80, 90, and every birthday from 100."""
    return age in MILESTONES or age >= CENTENARIAN


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def solar_birthday(birth: dt.date, year: int) -> dt.date:
    """The solar birthday in `year`; 29 February is kept on the 28th in a common year."""
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return birth.replace(year=year)


def _month_elders(*, actor, station, year: int, month: int):
    """Active elders the actor may see whose birthday may fall in the solar month."""
    start, end = month_bounds(year, month)
    lunar_months = lunar.lunar_months_touching(start, end)
    return (
        Elder.objects.visible_to(actor)
        .active()
        .filter(station=station, birth_date__isnull=False)
        .filter(
            Q(lunar_birthday=False, birth_date__month=month)
            | Q(lunar_birthday=True, lunar_birth_month__in=lunar_months)
        )
        .order_by("name_pinyin", "id")
    )


def _kept(birth, year: int, start: dt.date, end: dt.date, rule: LunarRule):
    """(day, age, calendar) of each birthday of `birth` (an elder, or a row of BIRTH_FIELDS)
    kept from start to end in the solar month of `year`."""
    if not birth.lunar_birthday:
        if birth.birth_date.year >= year:
            return []
        return [(solar_birthday(birth.birth_date, year), year - birth.birth_date.year, SOLAR)]
    if birth.lunar_birth_month is None:
        return []
    days = _kept_days(
        birth.lunar_birth_month, birth.lunar_birth_day, birth.lunar_birth_leap, start, end, rule
    )
    birth_year = lunar.solar_to_lunar(birth.birth_date).year
    # The age turned is counted in lunar years: the year the birthday is kept in, less the
    # lunar year of birth (a birth in January may belong to the previous lunar year).
    return [(day, kept - birth_year, LUNAR) for kept, day in days if kept > birth_year]


def birthdays_in_month(*, actor, station, year: int, month: int) -> list[dict]:
    """Active elders the actor may see whose birthday falls in the solar month, by date."""
    start, end = month_bounds(year, month)
    elders = _month_elders(actor=actor, station=station, year=year, month=month).select_related(
        "area", "assigned_worker"
    )
    rule = lunar_rule()
    found = []
    for elder in elders:
        for day, age, kind in _kept(elder, year, start, end, rule):
            found.append(_item(elder, day, age, kind))
    return sorted(found, key=lambda item: item["date"])


BIRTH_FIELDS = (
    "id", "name", "birth_date", "lunar_birthday", "lunar_birth_month", "lunar_birth_day",
    "lunar_birth_leap",
)  # fmt: skip


class _Birth(NamedTuple):
    id: int
    name: str
    birth_date: dt.date
    lunar_birthday: bool
    lunar_birth_month: int | None
    lunar_birth_day: int | None
    lunar_birth_leap: bool


def birthday_dates_in_month(*, actor, station, year: int, month: int) -> list[dict]:
    """The month's birthdays as birthdays_in_month finds them, in the same order, but light:
    the elder's id and name instead of the elder (one query of a few columns, for the calendar
    and for paging the list)."""
    start, end = month_bounds(year, month)
    rows = _month_elders(actor=actor, station=station, year=year, month=month)
    rule = lunar_rule()
    found = []
    for birth in map(_Birth._make, rows.values_list(*BIRTH_FIELDS)):
        for day, age, kind in _kept(birth, year, start, end, rule):
            label = ""
            if kind == LUNAR:
                label = lunar.lunar_date_label(
                    birth.lunar_birth_month, birth.lunar_birth_day, birth.lunar_birth_leap
                )
            found.append(
                {
                    "elder_id": birth.id,
                    "name": birth.name,
                    "date": day,
                    "age": age,
                    "calendar": kind,
                    "milestone": is_milestone(age),
                    "lunar_label": label,
                }
            )
    return sorted(found, key=lambda item: item["date"])


def with_elders(items: list[dict]) -> list[dict]:
    """Light birthdays (birthday_dates_in_month) with their elders, area and worker loaded, as
    birthdays_in_month gives them (one query)."""
    elders = Elder.objects.select_related("area", "assigned_worker").in_bulk(
        [item["elder_id"] for item in items]
    )
    return [
        {**item, "elder": elders[item["elder_id"]]} for item in items if item["elder_id"] in elders
    ]


def _item(elder: Elder, day: dt.date, age: int, kind: str) -> dict:
    return {
        "elder": elder,
        "date": day,
        "age": age,
        "calendar": kind,
        "milestone": is_milestone(age),
        "lunar_label": elder.lunar_birth_label if kind == LUNAR else "",
    }


@lru_cache(maxsize=4096)
def _kept_days(month, day, leap, start, end, rule) -> tuple[tuple[int, dt.date], ...]:
    return tuple(lunar.lunar_days_between(month, day, leap, start, end, rule))


def festivals_between(start: dt.date, end: dt.date) -> list[Festival]:
    """Traditional festivals and observances from start to end, in date order."""
    return lunar.festivals_between(start, end)
