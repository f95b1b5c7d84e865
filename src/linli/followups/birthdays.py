"""Reads for the station's calendar: the month's birthdays (solar and lunar) and festivals.

One query finds the month's birthdays: solar ones by the birth month, lunar ones by the lunar
birth month kept on the elder (elders.rules keeps it with the birth date); the lunar months a
solar month touches, and the day each lunar birthday is kept this year, come from lib.lunar.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.db.models import Q

from linli.elders.models import Elder
from linli.lib import lunar
from linli.lib.lunar import Festival, LunarRule

MILESTONES = frozenset({60, 70, 80, 90})
CENTENARIAN = 100
SOLAR, LUNAR = "solar", "lunar"

__all__ = ["birthdays_in_month", "festivals_between", "is_milestone", "lunar_rule"]


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


def birthdays_in_month(*, actor, station, year: int, month: int) -> list[dict]:
    """Active elders the actor may see whose birthday falls in the solar month, by date."""
    start, end = month_bounds(year, month)
    lunar_months = lunar.lunar_months_touching(start, end)
    elders = (
        Elder.objects.visible_to(actor)
        .active()
        .filter(station=station, birth_date__isnull=False)
        .filter(
            Q(lunar_birthday=False, birth_date__month=month)
            | Q(lunar_birthday=True, lunar_birth_month__in=lunar_months)
        )
        .select_related("area", "assigned_worker")
        .order_by("name_pinyin", "id")
    )
    rule = lunar_rule()
    found = []
    for elder in elders:
        if elder.lunar_birthday:
            found += _lunar_items(elder, start, end, rule)
        elif elder.birth_date.year < year:
            found.append(_item(elder, solar_birthday(elder.birth_date, year), SOLAR, year))
    return sorted(found, key=lambda item: item["date"])


def _item(elder: Elder, day: dt.date, kind: str, age_year: int, birth_year: int | None = None):
    age = age_year - (birth_year if birth_year is not None else elder.birth_date.year)
    return {
        "elder": elder,
        "date": day,
        "age": age,
        "calendar": kind,
        "milestone": is_milestone(age),
        "lunar_label": elder.lunar_birth_label if kind == LUNAR else "",
    }


def _lunar_items(elder: Elder, start: dt.date, end: dt.date, rule: LunarRule) -> list[dict]:
    if elder.lunar_birth_month is None:
        return []
    days = _kept_days(
        elder.lunar_birth_month, elder.lunar_birth_day, elder.lunar_birth_leap, start, end, rule
    )
    birth_year = lunar.solar_to_lunar(elder.birth_date).year
    # The age turned is counted in lunar years: the year the birthday is kept in, less the
    # lunar year of birth (a birth in January may belong to the previous lunar year).
    return [_item(elder, day, LUNAR, year, birth_year) for year, day in days if year > birth_year]


@lru_cache(maxsize=4096)
def _kept_days(month, day, leap, start, end, rule) -> tuple[tuple[int, dt.date], ...]:
    return tuple(lunar.lunar_days_between(month, day, leap, start, end, rule))


def festivals_between(start: dt.date, end: dt.date) -> list[Festival]:
    """Traditional festivals and observances from start to end, in date order."""
    return lunar.festivals_between(start, end)
