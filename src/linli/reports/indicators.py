"""An indicator's progress: its value against the target and against the time elapsed, the value
projected to the end of the project at the current pace, and whether it is behind.

Rules:
- the value is the measure over the project's first day up to `today` (or the last day, once
  the project has ended); the records page lists the same records;
- share of time = days elapsed (today included) / days of the project, as a percentage;
- projected value at the end: for counts and coverage rates, value / days elapsed × days of the
  project (a linear pace; a rate is capped at 100); for levels (stocks such as volunteers
  registered, and satisfaction rates) it is today's value;
- status `behind`: for counts and coverage rates, when the projection falls short of the target
  (which is the same as the share of the target trailing the share of time), or when the share
  of the target trails the share of time by more than 10 points; for levels only the second
  rule applies, since today's value of a stock or a satisfaction rate is no projection and a
  stock built up over the period would otherwise be "behind" until the day it is met.
  Otherwise `on_track`; before the first day `not_started`, and `no_data` when a rate has
  nothing to divide by yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse

from . import measures
from .models import Indicator

SLACK = Decimal(10)  # points of the target a station may trail the calendar by
ONE = Decimal("0.1")
ON_TRACK, BEHIND, NOT_STARTED, NO_DATA = "on_track", "behind", "not_started", "no_data"


@dataclass(frozen=True)
class Progress:
    value: int | Decimal | None
    target: Decimal
    share_of_target: Decimal | None
    share_of_time: Decimal
    projected: Decimal | None
    status: str
    as_of: dt.date
    elapsed_days: int
    total_days: int

    @property
    def behind(self) -> bool:
        return self.status == BEHIND


def _pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE, ROUND_HALF_UP)


def period_so_far(project, today: dt.date) -> tuple[dt.date, int, int]:
    """The last day counted so far, the days elapsed and the days of the project."""
    total = (project.ends_on - project.starts_on).days + 1
    as_of = min(today, project.ends_on)
    elapsed = max(0, min(total, (as_of - project.starts_on).days + 1))
    return as_of, elapsed, total


def project_to_end(measure, value, elapsed: int, total: int) -> Decimal | None:
    """The value at the end of the project at the current pace (see the module's rules)."""
    if value is None or not elapsed:
        return None
    if measure.level:
        return Decimal(value).quantize(ONE, ROUND_HALF_UP)
    projected = Decimal(value) * total / elapsed
    if measure.rate:
        projected = min(projected, Decimal(100))
    return projected.quantize(ONE, ROUND_HALF_UP)


def status_of(measure, projected, share_of_target, share_of_time, target, elapsed: int) -> str:
    if not elapsed:
        return NOT_STARTED
    if projected is None:
        return NO_DATA
    if not measure.level and projected < target:
        return BEHIND
    if share_of_target is not None and share_of_target < share_of_time - SLACK:
        return BEHIND
    return ON_TRACK


def progress(indicator: Indicator, today: dt.date, stations=None) -> Progress:
    """The indicator's progress on `today` (`stations`: the project's, if already loaded)."""
    project = indicator.project
    measure = measures.CATALOGUE[indicator.measure]
    as_of, elapsed, total = period_so_far(project, today)
    stations = list(project.stations.all()) if stations is None else stations
    value = None
    if elapsed:
        value = measures.value_of(indicator.measure, stations=stations, start=project.starts_on,
                                  end=as_of, filters=indicator.filters)  # fmt: skip
    projected = project_to_end(measure, value, elapsed, total)
    share_target = _pct(value, indicator.target)
    share_time = _pct(elapsed, total)
    status = status_of(measure, projected, share_target, share_time, indicator.target, elapsed)
    return Progress(value, indicator.target, share_target, share_time, projected, status, as_of,
                    elapsed, total)  # fmt: skip


def records_url(indicator: Indicator) -> str:
    """The page listing the records behind the indicator's figure."""
    return reverse("projects:records", args=[indicator.project_id, indicator.pk])
