"""The station calendar page and the birthday-party list export.

Dates: October 2026 holds 重阳 on 18 Oct (DOMAIN.md §8) and the International Day of Older
Persons on 1 Oct; November 2026 – January 2027 hold no festival of the list, and the next
is 除夕 on 5 Feb 2027 (春节 2027 is 6 Feb, published calendars).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from linli.accounts.models import AccessLog
from linli.followups.birthdays import birthdays_in_month
from linli.followups.calendar_views import (
    LIST_PAGE,
    add_months,
    birthdays_workbook,
    parse_month,
)
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db
D = dt.date
MONTH = reverse("calendar:month")
XLSX = reverse("calendar:birthdays_xlsx")
BIRTHDAYS = reverse("calendar:birthdays")
# Session, user, memberships (middleware), memberships (visible_to) and the birthdays.
PAGE_QUERIES = 5


def page(client, url=MONTH, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "INVALID{" not in body, "a template used an undefined variable"
    return body


@pytest.fixture
def october(world):
    """Birthdays in October 2026 at zhuoda, and one at wangcheng."""
    area = world["zhuoda"].areas.get(name="卓达社区").pk
    return {
        "eighty": add_elder(world, "zhuoda", name="陈八十", birth_date=D(1946, 10, 5),
                            phones="13800138000", area=area),
        "seventy_six": add_elder(world, "zhuoda", name="林七六", birth_date=D(1950, 10, 20)),
        "outsider": add_elder(world, "wangcheng", name="外站寿星", birth_date=D(1946, 10, 6)),
    }  # fmt: skip


def test_parse_month():
    today = D(2026, 11, 23)
    assert parse_month("2026-10", today) == (2026, 10)
    assert parse_month("2026-1", today) == (2026, 1)
    for bad in (None, "", "2026-13", "2026-00", "oct", "1800-01", "2026-10-01"):
        assert parse_month(bad, today) == (2026, 11)
    assert add_months(2026, 12, 1) == (2027, 1)
    assert add_months(2026, 1, -1) == (2025, 12)
    assert add_months(2026, 10, 3) == (2027, 1)


def test_worker_sees_the_month(world, client_for, october):
    client = client_for("zhuoda-sw1")
    body = page(client, month="2026-10")
    assert "October 2026" in body
    assert "Double Ninth Festival" in body and "International Day of Older Persons" in body
    # The calendar counts birthdays and names the milestones (80); the list has everyone.
    assert "陈八十" in body and "林七六" not in body and "外站寿星" not in body
    assert f'href="{BIRTHDAYS}?month=2026-10&amp;who=all&amp;day=2026-10-20"' in body
    assert f'href="{BIRTHDAYS}?month=2026-10&amp;who=all"' in body
    assert 'href="/calendar/?month=2026-09' in body and 'href="/calendar/?month=2026-11' in body
    assert f'href="{XLSX}?month=2026-10' in body
    listed = page(client, BIRTHDAYS, month="2026-10")
    assert "陈八十" in listed and "林七六" in listed and "外站寿星" not in listed
    assert "turns 80" in listed and "13800138000" in listed and "卓达社区" in listed
    assert f'href="{XLSX}?month=2026-10' in listed


def test_milestone_filter(world, client_for, october):
    body = page(client_for("zhuoda-sw1"), month="2026-10", who="milestone")
    list_part = body[body.index('id="birthdays"') :]
    assert "陈八十" in list_part and "林七六" not in list_part


def test_festivals_of_the_coming_months(world, client_for):
    client = client_for("zhuoda-sw1")
    body = page(client, month="2026-07")
    upcoming = body[body.index('id="s-upcoming"') :]
    # August–October 2026: 七夕 19 Aug, 中秋 25 Sep, the Day of Older Persons, 重阳 18 Oct.
    for day in ("2026-08-19", "2026-09-25", "2026-10-01", "2026-10-18"):
        assert day in upcoming
    body = page(client, month="2026-10")
    upcoming = body[body.index('id="s-upcoming"') :]
    assert "2027-02-05" in upcoming and "Chinese New Year&#x27;s Eve" in upcoming


def test_other_station_sees_only_its_own(world, client_for, october):
    body = page(client_for("wangcheng-sw1"), month="2026-10")
    assert "外站寿星" in body and "陈八十" not in body


def test_no_station_is_404_and_viewer_has_no_calendar(world, client_for, october):
    from tests.conftest import make_user

    nobody = make_user("nobody")
    client = client_for("zhuoda-sw1")
    client.force_login(nobody)
    assert client.get(MONTH).status_code == 404
    assert client.get(XLSX).status_code == 404
    viewer = client_for("jiyang-viewer")
    assert viewer.get(MONTH).status_code in (403, 404)


def test_anonymous_goes_to_login(db, client):
    response = client.get(MONTH)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_volunteer_sees_only_paired_masked_and_cannot_export(world, client_for, october):
    october["eighty"].volunteers.add(world["users"]["zhuoda-vol1"])
    client = client_for("zhuoda-vol1")
    body = page(client, month="2026-10")
    assert "陈八十" in body and "林七六" not in body
    assert XLSX not in body
    listed = page(client, BIRTHDAYS, month="2026-10")
    assert "陈八十" in listed and "林七六" not in listed
    assert "13800138000" not in listed and "138****8000" in listed
    assert XLSX not in listed
    assert client.get(XLSX, {"month": "2026-10"}).status_code == 403


def test_export_lists_the_month_and_is_logged(world, client_for, october):
    response = client_for("zhuoda-head").get(XLSX, {"month": "2026-10"})
    assert response.status_code == 200
    assert "birthdays-zhuoda-2026-10-full.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Birthday", "Name", "Sex", "Age turning")
    assert [(r[0].date(), r[1], r[3], r[4]) for r in rows[1:]] == [
        (D(2026, 10, 5), "陈八十", 80, "yes"),
        (D(2026, 10, 20), "林七六", 76, None),
    ]
    assert rows[1][8] == "13800138000"
    log = AccessLog.objects.get(action="followups.birthdays.exported")
    assert log.user == world["users"]["zhuoda-head"] and log.station == world["zhuoda"]
    assert log.detail == {"month": "2026-10", "who": "all", "rows": 2, "masked": False}


def test_workbook_masks_phones(world, october):
    items = birthdays_in_month(
        actor=world["users"]["zhuoda-head"], station=world["zhuoda"], year=2026, month=10
    )
    sheet = load_workbook(io.BytesIO(birthdays_workbook(items, masked=True))).active
    phones = [row[8] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert phones[0] == "138****8000"


def test_no_inline_scripts_or_styles(world, client_for, october):
    body = page(client_for("zhuoda-head"), month="2026-10")
    assert " style=" not in body and "onclick" not in body and "hx-on" not in body
    for script in re.findall(r"<script[^>]*>", body):
        assert "src=" in script


def test_chinese_page(world, client_for, october):
    client = client_for("zhuoda-sw1")
    client.cookies["django_language"] = "zh-hans"
    body = page(client, month="2026-10")
    assert "2026年10月" in body and "重阳节" in body and "国际老年人日" in body


@pytest.mark.parametrize("count", [5, 60])
def test_page_queries_do_not_grow(world, client_for, django_assert_max_num_queries, count):
    for i in range(count):
        add_elder(
            world, "zhuoda", name=f"寿星{i}", birth_date=D(1940 + i % 20, 10, 1 + i % 28),
            phones="13800138000", lunar_birthday=bool(i % 3 == 0),
        )  # fmt: skip
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(PAGE_QUERIES):
        body = page(client, month="2026-10")
    assert f"{BIRTHDAYS}?month=2026-10&amp;who=all&amp;day=2026-10-02" in body
    with django_assert_max_num_queries(PAGE_QUERIES + 1):  # and the page's elders
        body = page(client, BIRTHDAYS, month="2026-10")
    assert "寿星0" in body
    with django_assert_max_num_queries(PAGE_QUERIES + 1):  # and the access log
        assert client.get(XLSX, {"month": "2026-10"}).status_code == 200


def test_day_cells_count_birthdays_and_name_only_milestones(world, client_for, october):
    # 20 Oct 2026: 林七六 (76, from the fixture), 王九十 (90) and 赵六五 (65): 3 birthdays, one
    # milestone. 25 Oct: four milestones (60, 70, 80, 100); a cell names three of them.
    add_elder(world, "zhuoda", name="王九十", birth_date=D(1936, 10, 20))
    add_elder(world, "zhuoda", name="赵六五", birth_date=D(1961, 10, 20))
    fours = {"甲六十": 1966, "乙七十": 1956, "丙八十": 1946, "丁一百": 1926}
    for name, year in fours.items():
        add_elder(world, "zhuoda", name=name, birth_date=D(year, 10, 25))
    body = page(client_for("zhuoda-sw1"), month="2026-10")
    grid = body[body.index('class="cal-grid"') : body.index('id="birthdays"')]
    cell = grid[grid.index("day=2026-10-20") - 400 : grid.index("day=2026-10-20") + 200]
    assert "王九十" in cell and "3 birthdays" in cell and "1 more milestone" not in cell
    assert "林七六" not in body and "赵六五" not in body
    assert "1 birthday<" in grid  # 5 Oct: 陈八十 alone
    named = [name for name in fours if name in grid]
    assert len(named) == 3 and "4 birthdays · 1 more milestone" in grid
    days = body[body.index('id="birthdays"') :]
    assert "3 birthdays" in days and "1 milestone" in days and "4 milestones" in days
    assert "List the month's 8 birthdays" in days


def test_birthday_list_of_a_day_and_its_pages(world, client_for, october):
    for i in range(LIST_PAGE + 2):  # 52 on 3 Oct, turning 77 (not milestones)
        add_elder(world, "zhuoda", name=f"寿星{i:02d}", birth_date=D(1949, 10, 3))
    client = client_for("zhuoda-sw1")
    day = page(client, BIRTHDAYS, month="2026-10", day="2026-10-05")
    assert "陈八十" in day and "13800138000" in day and "寿星" not in day and "林七六" not in day
    assert "Birthdays on October 5" in day and "Page 1" not in day
    first = page(client, BIRTHDAYS, month="2026-10", day="2026-10-03")
    second = page(client, BIRTHDAYS, month="2026-10", day="2026-10-03", page="2")
    assert first.count("turns 77") == LIST_PAGE and second.count("turns 77") == 2
    assert "Page 1 of 2" in first and "Page 2 of 2" in second and "陈八十" not in first
    names = set(re.findall(r"寿星\d\d", first)) | set(re.findall(r"寿星\d\d", second))
    assert len(names) == LIST_PAGE + 2
    # The whole month: 52 + 陈八十 + 林七六 = 54 on two pages, by date (3 Oct, 5 Oct, 20 Oct).
    month = page(client, BIRTHDAYS, month="2026-10", page="2")
    assert month.count("turns 77") == 2 and month.index("陈八十") < month.index("林七六")
    # A day outside the month shows the whole month; milestones only leaves 陈八十.
    other = page(client, BIRTHDAYS, month="2026-10", day="2026-11-05", who="milestone")
    assert "陈八十" in other and "寿星" not in other and "林七六" not in other
