"""The station's month calendar: festivals, observances, activities and how many birthdays
each day holds (the milestone ones by name), the month's birthday-party list (一岁一礼) a page
at a time, and the same list as xlsx.

The calendar reads a few columns of the month's elders (birthday_dates_in_month), so it stays
quick at a station of thousands; only the page of the list being shown loads whole elders.

Staff see the station's elders, volunteers their paired elders only (Elder.visible_to).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from linli.accounts.services import access_log_record
from linli.activities.selectors import activities_in_range
from linli.elders.exports import XLSX_TYPE
from linli.elders.presenting import phones_for
from linli.lib import lunar
from linli.lib.masking import mask_phone
from linli.lib.xlsx import table_workbook
from linli.stations.decorators import station_required
from linli.stations.roles import role_has

from .birthdays import (
    LUNAR,
    birthday_dates_in_month,
    birthdays_in_month,
    festivals_between,
    month_bounds,
    with_elders,
)

MONTH_PARAM = re.compile(r"^(\d{4})-(\d{1,2})$")
YEARS = (1901, 2099)
UPCOMING_MONTHS = 3
YEAR_DAYS = 366
CELL_MILESTONES = 3  # milestone birthdays named in a day's cell; the day's list has them all
LIST_PAGE = 50  # birthdays a page of the list
WHO = {
    "all": lambda birthday: True,
    "80": lambda birthday: birthday["age"] >= 80,
    "milestone": lambda birthday: birthday["milestone"],
}
WHO_LABELS = (
    ("all", pgettext_lazy("birthdays", "All")),
    ("80", gettext_lazy("Turning 80 or more")),
    ("milestone", gettext_lazy("Milestones (整寿)")),
)
WEEKDAYS = (
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
)


def parse_month(value: str | None, today: dt.date) -> tuple[int, int]:
    """(year, month) from "2026-10"; this month when the value is missing or wrong."""
    match = MONTH_PARAM.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if YEARS[0] <= year <= YEARS[1] and 1 <= month <= 12:
            return year, month
    return today.year, today.month


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + count
    return index // 12, index % 12 + 1


def _month_param(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@station_required("view_elders")
def month_view(request):
    """A month of festivals and birthdays: a grid on wide screens, a list by day on phones."""
    today = timezone.localdate()
    year, month = parse_month(request.GET.get("month"), today)
    context = month_context(request, year, month, today)
    return render(request, "followups/calendar/month.html", context)


def _who(request) -> str:
    who = request.GET.get("who") or "all"
    return who if who in WHO else "all"


def month_context(request, year: int, month: int, today: dt.date) -> dict:
    start, end = month_bounds(year, month)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    festivals = festivals_between(weeks[0][0], weeks[-1][-1])
    birthdays = birthday_dates_in_month(
        actor=request.user, station=request.station, year=year, month=month
    )
    who = _who(request)
    rows = [b for b in birthdays if WHO[who](b)]
    activities = _activities_by_day(request, weeks[0][0], weeks[-1][-1])
    days = _days(weeks, start, today, festivals, rows, activities)
    groups = [
        d for d in days if d["in_month"] and (d["festivals"] or d["count"] or d["activities"])
    ]
    next_start = dt.date(*add_months(year, month, 1), 1)
    upcoming_end = month_bounds(*add_months(year, month, UPCOMING_MONTHS))[1]
    return {
        "first": start,
        **_month_links(year, month, today),
        **_counts(birthdays),
        "who": who,
        "weekdays": WEEKDAYS,
        "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
        "groups": groups,
        "month_festivals": [_dated(f, today) for f in festivals if start <= f.date <= end],
        "shown_count": len(rows),
        "upcoming_end": upcoming_end,
        **_upcoming(next_start, upcoming_end, today),
        "can_export": role_has(request.role, "export_masked"),
        "can_plan": role_has(request.role, "edit_elders"),
    }


def _activities_by_day(request, first: dt.date, last: dt.date) -> dict[dt.date, list]:
    """The station's activities on the grid's days (one query), so a station plans its 重阳
    event and monthly birthday party next to the festivals and birthdays."""
    found: dict[dt.date, list] = {}
    for activity in activities_in_range(station=request.station, start=first, end=last):
        found.setdefault(timezone.localtime(activity.starts_at).date(), []).append(activity)
    return found


def _month_links(year: int, month: int, today: dt.date) -> dict:
    return {
        "month_param": _month_param(year, month),
        "prev_month": _month_param(*add_months(year, month, -1)),
        "next_month": _month_param(*add_months(year, month, 1)),
        "this_month": _month_param(today.year, today.month),
        "is_this_month": (year, month) == (today.year, today.month),
    }


def _counts(birthdays: list[dict]) -> dict:
    return {
        "who_choices": [
            (key, label, sum(1 for b in birthdays if WHO[key](b))) for key, label in WHO_LABELS
        ],
        "milestones": sum(1 for b in birthdays if b["milestone"]),
        "lunar_count": sum(1 for b in birthdays if b["calendar"] == LUNAR),
        "all_count": len(birthdays),
    }


def _upcoming(start: dt.date, end: dt.date, today: dt.date) -> dict:
    """The festivals of the coming months; when there are none, the next one after them."""
    found = festivals_between(start, end)
    later = not found
    if later:
        found = festivals_between(end, end + dt.timedelta(days=YEAR_DAYS))[:1]
    return {"upcoming": [_dated(f, today) for f in found], "upcoming_later": later}


def _dated(festival, today: dt.date) -> dict:
    """A festival with its lunar date and how many days away it is."""
    found = lunar.solar_to_lunar(festival.date)
    label = lunar.lunar_date_label(found.month, found.day, found.leap)
    return {
        "festival": festival,
        "lunar": label if festival.lunar else "",
        "days_away": (festival.date - today).days,
    }


def _birthday_row(item: dict, role: str | None) -> dict:
    return {**item, "phones": phones_for(item["elder"].phone_list, role)}


def _days(weeks, start: dt.date, today: dt.date, festivals, rows, activities) -> list[dict]:
    by_day: dict[dt.date, list] = {}
    for festival in festivals:
        by_day.setdefault(festival.date, []).append(festival)
    count: dict[dt.date, int] = {}
    milestones: dict[dt.date, list] = {}
    for row in rows:
        count[row["date"]] = count.get(row["date"], 0) + 1
        if row["milestone"]:
            milestones.setdefault(row["date"], []).append(row)
    days = []
    for week in weeks:
        for day in week:
            in_month = day.month == start.month
            named = milestones.get(day, []) if in_month else []
            days.append(
                {
                    "date": day,
                    "in_month": in_month,
                    "today": day == today,
                    "weekend": day.weekday() >= 5,
                    "lunar": lunar.lunar_day_label(lunar.solar_to_lunar(day)),
                    "festivals": by_day.get(day, []),
                    "count": count.get(day, 0) if in_month else 0,
                    "milestones": len(named),
                    "shown": named[:CELL_MILESTONES],
                    "more": max(0, len(named) - CELL_MILESTONES),
                    "activities": activities.get(day, []),
                }
            )
    return days


# --- the birthday-party list, a page at a time ------------------------------------------------


def _day_in(value: str | None, year: int, month: int) -> dt.date | None:
    """The asked day when it is a day of the month shown, else None (the whole month)."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if (day.year, day.month) == (year, month) else None


@station_required("view_elders")
def birthdays_view(request):
    """The month's (or one day's) birthdays with phones and area, LIST_PAGE at a time."""
    today = timezone.localdate()
    year, month = parse_month(request.GET.get("month"), today)
    day = _day_in(request.GET.get("day"), year, month)
    birthdays = birthday_dates_in_month(
        actor=request.user, station=request.station, year=year, month=month
    )
    if day is not None:
        birthdays = [b for b in birthdays if b["date"] == day]
    who = _who(request)
    chosen = [b for b in birthdays if WHO[who](b)]
    page = Paginator(chosen, LIST_PAGE).get_page(request.GET.get("page"))
    rows = [_birthday_row(b, request.role) for b in with_elders(list(page.object_list))]
    context = {
        "first": dt.date(year, month, 1),
        "day": day,
        **_month_links(year, month, today),
        **_counts(birthdays),
        "who": who,
        "page": page,
        "birthdays": rows,
        "shown_count": len(chosen),
        "can_export": role_has(request.role, "export_masked"),
    }
    return render(request, "followups/calendar/birthdays.html", context)


# --- the birthday-party list as xlsx ----------------------------------------------------------


@station_required("export_masked")
def birthdays_xlsx(request):
    """The month's birthday-party list; phones masked unless the role may see them."""
    today = timezone.localdate()
    year, month = parse_month(request.GET.get("month"), today)
    birthdays = birthdays_in_month(
        actor=request.user, station=request.station, year=year, month=month
    )
    who = _who(request)
    birthdays = [b for b in birthdays if WHO[who](b)]
    masked = not role_has(request.role, "see_phones")
    content = birthdays_workbook(birthdays, masked=masked)
    access_log_record(
        actor=request.user,
        station=request.station,
        action="followups.birthdays.exported",
        detail={
            "month": _month_param(year, month),
            "who": who,
            "rows": len(birthdays),
            "masked": masked,
        },
    )
    kind = "masked" if masked else "full"
    filename = f"birthdays-{request.station.code}-{_month_param(year, month)}-{kind}.xlsx"
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _headers() -> list[str]:
    return [
        _("Birthday"),
        _("Name"),
        _("Sex"),
        _("Age turning"),
        _("Milestone (整寿)"),
        _("Solar or lunar"),
        _("Birth date"),
        _("Service area"),
        _("Phones"),
        _("Assigned worker"),
    ]


def _xlsx_row(item: dict, *, masked: bool) -> list:
    elder = item["elder"]
    phones = [mask_phone(p) for p in elder.phone_list] if masked else elder.phone_list
    kind = item["lunar_label"] if item["calendar"] == LUNAR else _("solar")
    return [
        item["date"],
        elder.name,
        elder.get_sex_display(),
        item["age"],
        _("yes") if item["milestone"] else "",
        kind,
        elder.birth_date,
        elder.area.name if elder.area_id else "",
        " / ".join(phones),
        str(elder.assigned_worker) if elder.assigned_worker_id else "",
    ]


def birthdays_workbook(birthdays: list[dict], *, masked: bool) -> bytes:
    """One sheet: a row per birthday, milestones highlighted."""
    content, _count = table_workbook(
        title=_("Birthdays"), headers=_headers(), widths=(12, 10, 6, 8, 10, 16, 12, 12, 26, 10),
        rows=(_xlsx_row(item, masked=masked) for item in birthdays),
        highlight=lambda index: birthdays[index]["milestone"],
    )  # fmt: skip
    return content
