"""The catalogue: every measure an indicator may name, by code, in the order the forms offer
them; what each records page loads with its rows; and the calls the rest of Linli makes."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import activities, assessments, cases, contact, requests, volunteers
from .base import ACTIVITY_FILTERS, AREAS, ELDER_FILTERS, TYPE, Measure, Value, count, rate_of


def _measure(code, label, unit, records, row, *, compute=None, keys=("pk",), filters=(),
             rate=False, level=False):  # fmt: skip
    compute = compute or (rate_of(records) if rate else count(records))
    return code, Measure(code, label, unit, records, compute, row, keys, frozenset(filters), rate,
                         level)  # fmt: skip


# fmt: off
CATALOGUE: dict[str, Measure] = dict([
    _measure("cases_opened", _("cases opened"), pgettext_lazy("unit", "cases"),
             cases.cases_opened, cases.case_row, filters=ELDER_FILTERS),
    _measure("cases_closed", _("cases closed"), pgettext_lazy("unit", "cases"),
             cases.cases_closed, cases.case_row, filters=ELDER_FILTERS),
    _measure("groups_run", _("groups run"), pgettext_lazy("unit", "groups"),
             activities.groups_run, activities.group_row),
    _measure("group_sessions", _("group sessions held"), pgettext_lazy("unit", "sessions"),
             activities.group_sessions, activities.session_row),
    _measure("activities_held", _("activities held"), pgettext_lazy("unit", "activities"),
             activities.activities_held, activities.activity_row, filters=ACTIVITY_FILTERS),
    _measure("person_times", _("person-times"), pgettext_lazy("unit", "person-times"),
             activities.attendance, activities.attendance_row,
             compute=activities.person_times, filters=(TYPE,)),
    _measure("unique_persons", _("unique persons served"), pgettext_lazy("unit", "persons"),
             activities.attendance, activities.attendance_row,
             compute=activities.unique_persons, filters=(TYPE,)),
    _measure("followup_coverage_rate", _("follow-up coverage rate"), "%",
             contact.followup_coverage, contact.elder_row, filters=ELDER_FILTERS, rate=True),
    _measure("home_visits", _("home visits"), pgettext_lazy("unit", "visits"),
             contact.home_visits, contact.contact_row, filters=ELDER_FILTERS),
    _measure("volunteers_registered", _("volunteers registered"),
             pgettext_lazy("unit", "volunteers"), volunteers.volunteers_registered,
             volunteers.volunteer_row, filters=(AREAS,), level=True),
    _measure("volunteer_hours", _("volunteer hours"), pgettext_lazy("unit", "hours"),
             volunteers.volunteer_hours_entries, volunteers.hours_row,
             compute=volunteers.volunteer_hours, filters=(AREAS,)),
    _measure("requests_completed", _("service requests completed"),
             pgettext_lazy("unit", "requests"), requests.requests_completed,
             requests.request_row, filters=ELDER_FILTERS),
    _measure("satisfaction_rate", _("satisfaction rate"), "%",
             requests.feedback, requests.feedback_row, filters=ACTIVITY_FILTERS, rate=True,
             level=True),
    _measure("request_satisfaction_rate", _("service request satisfaction rate"), "%",
             requests.request_satisfaction, requests.request_row, filters=ELDER_FILTERS,
             rate=True, level=True),
    _measure("needs_survey_coverage", _("needs-survey coverage"), "%",
             assessments.needs_survey_coverage, contact.elder_row, filters=ELDER_FILTERS,
             rate=True),
    _measure("elders_assessed", _("elders with a current assessment"),
             pgettext_lazy("unit", "elders"), assessments.elders_assessed,
             assessments.plain_elder_row, filters=ELDER_FILTERS, level=True),
])

# What each records page loads with the rows, so that a page is a fixed number of queries.
RELATED: dict[str, tuple[str, ...]] = {
    "cases_opened": ("elder",), "cases_closed": ("elder",), "group_sessions": ("group",),
    "person_times": ("elder", "activity"), "unique_persons": ("elder", "activity"),
    "home_visits": ("elder",), "volunteer_hours": ("volunteer",),
    "requests_completed": ("elder",), "request_satisfaction_rate": ("elder",),
    "satisfaction_rate": ("activity",), "elders_assessed": ("area",),
}
# fmt: on


def measure_choices() -> list[tuple[str, str]]:
    return [(code, str(m.label)) for code, m in CATALOGUE.items()]


def clean_filters(code: str, filters: dict | None) -> dict:
    """The filters the measure uses, with empty values dropped."""
    measure = CATALOGUE[code]
    return {k: v for k, v in (filters or {}).items() if k in measure.filters and v}


def value_of(code: str, *, stations, start: dt.date, end: dt.date, filters: dict) -> Value:
    """The measure's figure for the stations and period."""
    return CATALOGUE[code].compute(list(stations), start, end, clean_filters(code, filters))


def records_of(code: str, *, stations, start: dt.date, end: dt.date, filters: dict) -> QuerySet:
    """The records behind the figure (for rates: the base population, marked `hit`)."""
    qs = CATALOGUE[code].records(list(stations), start, end, clean_filters(code, filters))
    related = RELATED.get(code)
    return qs.select_related(*related) if related else qs
