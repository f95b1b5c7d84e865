"""The lunar calendar against published dates.

Sources of the expected dates (none taken from the code's output):
- DOMAIN.md §8: in 2026 春节 17 Feb, 端午 19 Jun, 中秋 25 Sep, 重阳 18 Oct.
- The State Council's public-holiday notices (国务院办公厅关于…节假日安排的通知): 春节 2025
  29 Jan, 端午 2025 31 May, 中秋 2025 6 Oct, 中秋 2023 29 Sep, 中秋 2024 17 Sep, 春节 2024
  10 Feb, 端午 2023 22 Jun; published calendars: 春节 2027 6 Feb, 重阳 2025 29 Oct,
  重阳 2023 23 Oct, 元宵 2026 3 Mar, 七夕 2026 19 Aug, 七夕 2025 29 Aug.
- Leap months in published calendars: 2023 闰二月 from 22 Mar (二月初一 20 Feb, 三月初一
  20 Apr; 清明 5 Apr 2023 was 闰二月十五); 2025 闰六月 from 25 Jul (六月初一 25 Jun).
- Derived by hand from those: 2026's 八月 runs from 11 Sep (中秋 25 Sep is 八月十五) to
  9 Oct, since 九月初一 is 10 Oct (重阳 18 Oct is 九月初九): 29 days. 2023's 八月 runs from
  15 Sep (中秋 29 Sep) to 14 Oct, since 九月初一 is 15 Oct (重阳 23 Oct): 30 days. 2026's
  腊月 (lunar year 2025) has 29 days (除夕 16 Feb is 腊月廿九), so 腊月初一 is 19 Jan.
- Social Work Day, the third Tuesday of March: 1 Mar 2026 is a Sunday → 17 Mar; 1 Mar 2025
  is a Saturday → 18 Mar.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from linli.lib import lunar
from linli.lib.lunar import LunarDate, LunarRule

D = dt.date


def festival_dates(year: int) -> dict[str, dt.date]:
    found = lunar.festivals_between(D(year, 1, 1), D(year, 12, 31))
    return {f.code: f.date for f in found}


@pytest.mark.parametrize(
    ("year", "code", "expected"),
    [
        (2026, "spring", D(2026, 2, 17)),
        (2026, "dragon_boat", D(2026, 6, 19)),
        (2026, "mid_autumn", D(2026, 9, 25)),
        (2026, "double_ninth", D(2026, 10, 18)),
        (2026, "lantern", D(2026, 3, 3)),
        (2026, "qixi", D(2026, 8, 19)),
        (2026, "new_years_eve", D(2026, 2, 16)),
        (2025, "spring", D(2025, 1, 29)),
        (2025, "new_years_eve", D(2025, 1, 28)),
        (2025, "dragon_boat", D(2025, 5, 31)),
        (2025, "qixi", D(2025, 8, 29)),
        (2025, "mid_autumn", D(2025, 10, 6)),
        (2025, "double_ninth", D(2025, 10, 29)),
        (2024, "spring", D(2024, 2, 10)),
        (2024, "mid_autumn", D(2024, 9, 17)),
        (2023, "dragon_boat", D(2023, 6, 22)),
        (2023, "mid_autumn", D(2023, 9, 29)),
        (2023, "double_ninth", D(2023, 10, 23)),
        (2027, "spring", D(2027, 2, 6)),
        (2026, "social_work", D(2026, 3, 17)),
        (2025, "social_work", D(2025, 3, 18)),
        (2026, "older_persons", D(2026, 10, 1)),
    ],
)
def test_festivals_on_published_dates(year, code, expected):
    assert festival_dates(year)[code] == expected


def test_a_year_has_each_festival_once_in_date_order():
    found = lunar.festivals_between(D(2026, 1, 1), D(2026, 12, 31))
    assert [f.code for f in found] == [
        "new_years_eve", "spring", "lantern", "social_work", "dragon_boat", "qixi",
        "mid_autumn", "older_persons", "double_ninth",
    ]  # fmt: skip
    by_code = {f.code: f for f in found}
    assert by_code["double_ninth"].name_zh == "重阳节"
    assert by_code["double_ninth"].elderly and by_code["older_persons"].elderly
    assert by_code["older_persons"].name_zh == "国际老年人日"
    assert not by_code["social_work"].lunar and by_code["spring"].lunar
    assert str(by_code["mid_autumn"].name_en) == "Mid-Autumn Festival"


def test_festivals_between_includes_both_ends_and_crosses_years():
    found = lunar.festivals_between(D(2026, 10, 18), D(2027, 2, 6))
    assert [(f.code, f.date) for f in found] == [
        ("double_ninth", D(2026, 10, 18)),
        ("new_years_eve", D(2027, 2, 5)),
        ("spring", D(2027, 2, 6)),
    ]
    assert lunar.festivals_between(D(2026, 11, 1), D(2027, 1, 31)) == []


def test_social_work_day_is_the_third_tuesday_of_march():
    for year in range(2020, 2040):
        day = lunar.social_work_day(year)
        assert day.month == 3 and day.weekday() == 1 and 15 <= day.day <= 21


@pytest.mark.parametrize(
    ("solar", "expected"),
    [
        (D(2026, 2, 17), LunarDate(2026, 1, 1)),
        (D(2026, 2, 16), LunarDate(2025, 12, 29)),
        (D(2026, 9, 25), LunarDate(2026, 8, 15)),
        (D(2026, 10, 9), LunarDate(2026, 8, 29)),
        (D(2026, 10, 10), LunarDate(2026, 9, 1)),
        (D(2023, 10, 14), LunarDate(2023, 8, 30)),
        (D(2023, 2, 20), LunarDate(2023, 2, 1)),
        (D(2023, 3, 22), LunarDate(2023, 2, 1, leap=True)),
        (D(2023, 4, 5), LunarDate(2023, 2, 15, leap=True)),
        (D(2023, 4, 20), LunarDate(2023, 3, 1)),
        (D(2025, 7, 25), LunarDate(2025, 6, 1, leap=True)),
        (D(2025, 6, 25), LunarDate(2025, 6, 1)),
    ],
)
def test_solar_to_lunar(solar, expected):
    assert lunar.solar_to_lunar(solar) == expected


def test_leap_months_and_month_lengths():
    assert lunar.leap_month(2023) == 2
    assert lunar.leap_month(2025) == 6
    assert lunar.leap_month(2026) == 0
    assert lunar.month_days(2026, 8) == 29
    assert lunar.month_days(2023, 8) == 30
    assert lunar.month_days(2025, 12) == 29
    with pytest.raises(KeyError):
        lunar.month_days(2026, 6, leap=True)


def test_lunar_to_solar_round_trip_and_refusals():
    assert lunar.lunar_to_solar(2026, 9, 9) == D(2026, 10, 18)
    assert lunar.lunar_to_solar(2023, 2, 15, leap=True) == D(2023, 4, 5)
    with pytest.raises(ValueError):
        lunar.lunar_to_solar(2026, 8, 30)
    with pytest.raises(KeyError):
        lunar.lunar_to_solar(2026, 6, 1, leap=True)


def test_leap_month_birthday_is_kept_in_the_ordinary_month_by_default():
    # 闰二月十五 in 2023: by default on 二月十五 (6 Mar), by the "leap" rule on 5 Apr.
    assert lunar.lunar_day_in_year(2023, 2, 15, leap=True) == D(2023, 3, 6)
    leap_rule = LunarRule(leap_month="leap")
    assert lunar.lunar_day_in_year(2023, 2, 15, leap=True, rule=leap_rule) == D(2023, 4, 5)
    # 闰六月初十 in 2025: 4 Jul by default, 3 Aug by the "leap" rule.
    assert lunar.lunar_day_in_year(2025, 6, 10, leap=True) == D(2025, 7, 4)
    assert lunar.lunar_day_in_year(2025, 6, 10, leap=True, rule=leap_rule) == D(2025, 8, 3)
    # In a year without that leap month both rules use the ordinary month: 2026 八月初十.
    assert lunar.lunar_day_in_year(2026, 8, 10, leap=True, rule=leap_rule) == D(2026, 9, 20)
    # An ordinary-month birthday stays in the ordinary month under either rule.
    assert lunar.lunar_day_in_year(2025, 6, 10, rule=leap_rule) == D(2025, 7, 4)


def test_a_missing_30th_is_kept_on_the_last_day_by_default():
    # 2026's 八月 has 29 days.
    assert lunar.lunar_day_in_year(2026, 8, 30) == D(2026, 10, 9)
    next_rule = LunarRule(missing_day="next")
    assert lunar.lunar_day_in_year(2026, 8, 30, rule=next_rule) == D(2026, 10, 10)
    # 2023's 八月 has 30 days: the 30th is kept on the 30th under either rule.
    assert lunar.lunar_day_in_year(2023, 8, 30) == D(2023, 10, 14)
    assert lunar.lunar_day_in_year(2023, 8, 30, rule=next_rule) == D(2023, 10, 14)
    # 2026's 腊月三十 does not exist: 除夕, 腊月廿九, 16 Feb 2026.
    assert lunar.lunar_day_in_year(2025, 12, 30) == D(2026, 2, 16)


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        LunarRule(leap_month="skip")


def test_lunar_days_between_finds_late_months_in_either_lunar_year():
    # 腊月二十: in January–February 2026 it belongs to lunar year 2025.
    assert lunar.lunar_days_between(12, 20, False, D(2026, 2, 1), D(2026, 2, 28)) == [
        (2025, D(2026, 2, 7))
    ]
    assert lunar.lunar_days_between(12, 20, False, D(2026, 3, 1), D(2026, 12, 31)) == []


def test_lunar_months_touching_a_solar_month():
    # October 2026 runs from 八月廿一 to 九月廿二; the day before (30 Sep) is in 八月 too.
    assert lunar.lunar_months_touching(D(2026, 10, 1), D(2026, 10, 31)) == {8, 9}
    # August 2025: the end of 闰六月 and the start of 七月 (23 Aug).
    assert lunar.lunar_months_touching(D(2025, 8, 1), D(2025, 8, 31)) == {6, 7}


def test_labels():
    with translation.override("zh-hans"):
        assert lunar.lunar_date_label(8, 15) == "农历八月十五"
        assert lunar.lunar_date_label(6, 1, leap=True) == "农历闰六月初一"
        assert lunar.lunar_date_label(12, 29) == "农历腊月廿九"
        assert lunar.lunar_day_label(LunarDate(2026, 9, 1)) == "九月"
        assert lunar.lunar_day_label(LunarDate(2026, 9, 9)) == "初九"
    with translation.override("en"):
        assert lunar.lunar_date_label(8, 15) == "lunar 8/15"
        assert lunar.lunar_date_label(6, 1, leap=True) == "lunar leap 6/1"
        assert lunar.lunar_day_label(LunarDate(2026, 9, 9)) == "9/9"
