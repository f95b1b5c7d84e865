"""The catalogue of indicator measures: what a project's figures count, and the records behind
each figure. Indicators name a measure by its code and add filters; no figure is typed in.

Rules shared by every measure:
- a period is two local (Asia/Shanghai) dates, both included; timestamps are compared with the
  first moment of the first day and the first moment of the day after the last;
- `stations` are the project's stations; tenancy is decided by the caller (the selectors);
- filters are a dict: `areas` (area ids), `categories` (elder category codes) and
  `activity_type`; a measure uses the filters it lists in `filters` and ignores the others;
- records made for an elder while they lived here count even when the elder later died or
  moved away: the service was delivered. Rates are shares of the elders still active at the
  end of the period (status active, or a status date after the end), since a funder asks
  "how many of the elders we serve now did you reach"; the follow-up coverage rate counts
  only those of them with a follow-up plan, the elders the station is to keep in touch with.

The package, by subject: `base` (types, filters and the helpers of these rules), `cases`,
`activities` (groups, activities, attendance), `contact` (follow-ups), `volunteers`, `requests`
(service requests and satisfaction), `assessments`, and `catalogue` (the measures by code and
the functions the rest of Linli calls). Everything is importable from the package itself.
"""

from __future__ import annotations

from .activities import (
    activities_held,
    attendance,
    group_sessions,
    groups_run,
    person_times,
    unique_persons,
)
from .assessments import elders_assessed, needs_survey_coverage, year_before
from .base import (
    ACTIVITY_FILTERS,
    AREAS,
    CATEGORIES,
    ELDER_FILTERS,
    TYPE,
    Measure,
    Row,
    Value,
    active_at,
    at_in,
    bounds,
    count,
    elder_q,
    local_day,
    rate_of,
    share,
    timezone_date,
    while_active,
)
from .cases import cases_closed, cases_opened
from .catalogue import CATALOGUE, RELATED, clean_filters, measure_choices, records_of, value_of
from .contact import followup_coverage, home_visits
from .requests import DONE, feedback, request_satisfaction, requests_completed
from .volunteers import volunteer_hours, volunteer_hours_entries, volunteers_registered

__all__ = [
    "ACTIVITY_FILTERS", "AREAS", "CATALOGUE", "CATEGORIES", "DONE", "ELDER_FILTERS", "RELATED",
    "TYPE", "Measure", "Row", "Value", "active_at", "activities_held", "at_in", "attendance",
    "bounds", "cases_closed", "cases_opened", "clean_filters", "count", "elder_q",
    "elders_assessed", "feedback", "followup_coverage", "group_sessions", "groups_run",
    "home_visits", "local_day", "measure_choices", "needs_survey_coverage", "person_times",
    "rate_of", "records_of", "request_satisfaction", "requests_completed", "share",
    "timezone_date", "unique_persons", "value_of", "volunteer_hours", "volunteer_hours_entries",
    "volunteers_registered", "while_active", "year_before",
]  # fmt: skip
