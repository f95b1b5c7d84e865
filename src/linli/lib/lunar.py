"""The Chinese lunar calendar: conversions, lunar birthdays and the festivals (DOMAIN.md §8).

The month tables come from lunar-python (a maintained library, no tables of our own); each
lunar year's months are read from it once and kept, so converting the birth dates of a whole
roster costs one library call per year, not per elder.

A lunar birthday falls on a day some years do not have: a leap month (闰月) the year lacks,
or the 30th of a month that has 29 days. `LunarRule` says what to do; the default keeps the
birthday in the ordinary (non-leap) month and moves a missing 30th to the month's last day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from lunar_python import LunarYear
from lunar_python.util import LunarUtil

from linli.lib.language import in_language, is_chinese

# Julian day number of 0001-01-01 minus Python's ordinal of that day.
_JULIAN_OFFSET = 1721425


@dataclass(frozen=True)
class LunarDate:
    year: int
    month: int
    day: int
    leap: bool = False

    @property
    def text_zh(self) -> str:
        """八月十五, 闰六月初一."""
        return lunar_month_zh(self.month, self.leap) + LunarUtil.DAY[self.day]


@dataclass(frozen=True)
class LunarRule:
    """How a lunar birthday falls in a year that lacks its day.

    leap_month: "regular" — a birthday in a leap month is kept in the ordinary month of the
    same number; "leap" — in the leap month when the year has one of that number, otherwise
    in the ordinary month. missing_day: "last" — the 30th of a 29-day month is kept on the
    29th; "next" — on the first day of the following month.
    """

    leap_month: str = "regular"
    missing_day: str = "last"

    def __post_init__(self):
        if self.leap_month not in ("regular", "leap") or self.missing_day not in ("last", "next"):
            raise ValueError(f"Unknown lunar birthday rule {self!r}")


DEFAULT_RULE = LunarRule()


@dataclass(frozen=True)
class _Month:
    start: dt.date
    month: int
    leap: bool
    days: int


@lru_cache(maxsize=512)
def _months(year: int) -> tuple[_Month, ...]:
    """The months of one lunar year in order (a leap month follows its ordinary month)."""
    months = []
    for m in LunarYear.fromYear(year).getMonths():
        if m.getYear() != year:
            continue
        start = dt.date.fromordinal(int(m.getFirstJulianDay()) - _JULIAN_OFFSET)
        months.append(_Month(start, abs(m.getMonth()), m.getMonth() < 0, m.getDayCount()))
    return tuple(months)


@lru_cache(maxsize=512)
def _starts(year: int) -> list[dt.date]:
    return [m.start for m in _months(year)]


def new_year(year: int) -> dt.date:
    """春节: the first day of the lunar year that begins in the solar `year`."""
    return _months(year)[0].start


def solar_to_lunar(day: dt.date) -> LunarDate:
    """The lunar date of a solar date."""
    year = day.year if day >= new_year(day.year) else day.year - 1
    index = bisect.bisect_right(_starts(year), day) - 1
    month = _months(year)[index]
    return LunarDate(year, month.month, (day - month.start).days + 1, month.leap)


def leap_month(year: int) -> int:
    """The number of the lunar year's leap month, or 0."""
    return next((m.month for m in _months(year) if m.leap), 0)


def month_days(year: int, month: int, leap: bool = False) -> int:
    """29 or 30: the length of a lunar month (KeyError if the year has no such month)."""
    return _month(year, month, leap).days


def _month(year: int, month: int, leap: bool) -> _Month:
    for m in _months(year):
        if m.month == month and m.leap == leap:
            return m
    raise KeyError(f"lunar year {year} has no {'leap ' if leap else ''}month {month}")


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> dt.date:
    """The solar date of an existing lunar date (KeyError or ValueError if there is none)."""
    found = _month(year, month, leap)
    if not 1 <= day <= found.days:
        raise ValueError(f"lunar {year}-{month} has {found.days} days, not {day}")
    return found.start + dt.timedelta(days=day - 1)


def lunar_day_in_year(
    year: int, month: int, day: int, leap: bool = False, rule: LunarRule = DEFAULT_RULE
) -> dt.date:
    """The solar date on which lunar month/day is kept in lunar `year`, following `rule`."""
    use_leap = leap and rule.leap_month == "leap" and leap_month(year) == month
    found = _month(year, month, use_leap)
    if day <= found.days:
        return found.start + dt.timedelta(days=day - 1)
    if rule.missing_day == "next":
        return found.start + dt.timedelta(days=found.days)
    return found.start + dt.timedelta(days=found.days - 1)


def lunar_days_between(
    month: int, day: int, leap: bool, start: dt.date, end: dt.date, rule: LunarRule = DEFAULT_RULE
) -> list[tuple[int, dt.date]]:
    """(lunar year, solar date) of each time lunar month/day is kept from start to end."""
    found = []
    for year in range(start.year - 1, end.year + 1):
        day_kept = lunar_day_in_year(year, month, day, leap, rule)
        if start <= day_kept <= end:
            found.append((year, day_kept))
    return found


def lunar_months_touching(start: dt.date, end: dt.date) -> set[int]:
    """Numbers of the lunar months whose days (or, by the rules, birthdays) fall in a range.

    The day before `start` is included: by the "next" rule a missing 30th of that month is
    kept on the first day of the range.
    """
    months = set()
    day = start - dt.timedelta(days=1)
    while day <= end:
        months.add(solar_to_lunar(day).month)
        day += dt.timedelta(days=1)
    return months


def lunar_month_zh(month: int, leap: bool = False) -> str:
    """正月, 闰六月, 冬月, 腊月."""
    return ("闰" if leap else "") + LunarUtil.MONTH[month] + "月"


def lunar_date_label(month: int, day: int, leap: bool = False) -> str:
    """A lunar month/day for people: 农历八月十五 in Chinese, "lunar 8/15" otherwise."""
    if is_chinese():
        return "农历" + lunar_month_zh(month, leap) + LunarUtil.DAY[day]
    if leap:
        return str(_("lunar leap %(month)s/%(day)s") % {"month": month, "day": day})
    return str(_("lunar %(month)s/%(day)s") % {"month": month, "day": day})


def lunar_day_label(lunar: LunarDate) -> str:
    """What a calendar cell shows under the solar day: 初五, or the month's name on its 1st."""
    if is_chinese():
        return lunar_month_zh(lunar.month, lunar.leap) if lunar.day == 1 else lunar.text_zh[-2:]
    return f"{'*' if lunar.leap else ''}{lunar.month}/{lunar.day}"


# --- festivals and observances ------------------------------------------------------------


@dataclass(frozen=True)
class Festival:
    code: str
    date: dt.date
    name_zh: str
    name_en: Promise
    lunar: bool
    elderly: bool = False  # a day for the elderly (重阳, the International Day)

    @property
    def label(self) -> str:
        """The Chinese name for Chinese, the (translatable) English label otherwise."""
        return in_language(self.name_zh, str(self.name_en))


# (code, lunar month, lunar day, Chinese name, English label, a day for the elderly)
LUNAR_FESTIVALS = (
    ("spring", 1, 1, "春节", _("Spring Festival"), False),
    ("lantern", 1, 15, "元宵节", _("Lantern Festival"), False),
    ("dragon_boat", 5, 5, "端午节", _("Dragon Boat Festival"), False),
    ("qixi", 7, 7, "七夕节", _("Qixi Festival"), False),
    ("mid_autumn", 8, 15, "中秋节", _("Mid-Autumn Festival"), False),
    ("double_ninth", 9, 9, "重阳节", _("Double Ninth Festival"), True),
)
NEW_YEARS_EVE = ("new_years_eve", "除夕", _("Chinese New Year's Eve"))
OLDER_PERSONS_DAY = ("older_persons", "国际老年人日", _("International Day of Older Persons"))
SOCIAL_WORK_DAY = ("social_work", "国际社工日", _("Social Work Day"))


def social_work_day(year: int) -> dt.date:
    """The third Tuesday of March."""
    first = dt.date(year, 3, 1)
    return first + dt.timedelta(days=(1 - first.weekday()) % 7 + 14)


def festivals_of_lunar_year(year: int) -> list[Festival]:
    """The lunar festivals of lunar `year`, with 除夕 (the day before the next 春节)."""
    found = [
        Festival(code, lunar_to_solar(year, month, day), zh, en, lunar=True, elderly=elderly)
        for code, month, day, zh, en, elderly in LUNAR_FESTIVALS
    ]
    code, zh, en = NEW_YEARS_EVE
    found.append(Festival(code, new_year(year + 1) - dt.timedelta(days=1), zh, en, lunar=True))
    return found


def observances_of_year(year: int) -> list[Festival]:
    """The solar observances of a year: Social Work Day and the Day of Older Persons."""
    code, zh, en = SOCIAL_WORK_DAY
    found = [Festival(code, social_work_day(year), zh, en, lunar=False)]
    code, zh, en = OLDER_PERSONS_DAY
    found.append(Festival(code, dt.date(year, 10, 1), zh, en, lunar=False, elderly=True))
    return found


def festivals_between(start: dt.date, end: dt.date) -> list[Festival]:
    """Festivals and observances from start to end (both included), in date order."""
    found = []
    for year in range(start.year - 1, end.year + 1):
        found += festivals_of_lunar_year(year)
        found += observances_of_year(year + 1)
    return sorted((f for f in found if start <= f.date <= end), key=lambda f: (f.date, f.code))
