"""The station's month calendar: festivals, observances and birthdays, and the month's
birthday-party list (一岁一礼) as xlsx.

Staff see the station's elders, volunteers their paired elders only (Elder.visible_to).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

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

from .birthdays import LUNAR, birthdays_in_month, festivals_between, month_bounds

MONTH_PARAM = re.compile(r"^(\d{4})-(\d{1,2})$")
YEARS = (1901, 2099)
UPCOMING_MONTHS = 3
YEAR_DAYS = 366
CELL_BIRTHDAYS = 3
OPEN_ALL_UP_TO = 40  # birthdays in a month listed open; more are folded by day
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
    birthdays = birthdays_in_month(
        actor=request.user, station=request.station, year=year, month=month
    )
    who = _who(request)
    rows = [_birthday_row(b, request.role) for b in birthdays if WHO[who](b)]
    activities = _activities_by_day(request, weeks[0][0], weeks[-1][-1])
    days = _days(weeks, start, today, festivals, rows, activities)
    opened = _opened_day(request.GET.get("day"), len(rows))
    groups = [
        {**d, "open": opened is True or d["date"] == opened}
        for d in days
        if d["in_month"] and (d["festivals"] or d["birthdays"] or d["activities"])
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
        "birthdays": rows,
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


def _opened_day(value: str | None, count: int) -> dt.date | bool | None:
    """Which day's birthdays are shown open: all of them for a short list, else the asked day."""
    if count <= OPEN_ALL_UP_TO:
        return True
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


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
    born: dict[dt.date, list] = {}
    for row in sorted(rows, key=lambda row: not row["milestone"]):  # milestones first
        born.setdefault(row["date"], []).append(row)
    days = []
    for week in weeks:
        for day in week:
            in_month = day.month == start.month
            people = born.get(day, []) if in_month else []
            days.append(
                {
                    "date": day,
                    "in_month": in_month,
                    "today": day == today,
                    "weekend": day.weekday() >= 5,
                    "lunar": lunar.lunar_day_label(lunar.solar_to_lunar(day)),
                    "festivals": by_day.get(day, []),
                    "birthdays": people,
                    "shown": people[:CELL_BIRTHDAYS],
                    "more": max(0, len(people) - CELL_BIRTHDAYS),
                    "milestones": sum(1 for row in people if row["milestone"]),
                    "activities": activities.get(day, []),
                }
            )
    return days


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
