"""Assessments: needs-survey coverage and elders with a current assessment."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from linli.assessments.models import Assessment
from linli.elders.models import Elder

from .base import Row, active_at, elder_q


def year_before(end: dt.date) -> dt.date:
    """The day twelve months before `end` (28 February for a 29 February)."""
    try:
        return end.replace(year=end.year - 1)
    except ValueError:
        return end.replace(year=end.year - 1, day=28)


def needs_survey_coverage(stations, start, end, filters) -> QuerySet:
    """Elders active at the end, `hit` when a complete survey assessment (one taken in a survey
    campaign) is dated in the period. A project spans campaigns whose targets differ, so the
    base is every active elder the filters select."""
    surveyed = Assessment.objects.filter(
        elder=OuterRef("pk"), status=Assessment.Status.COMPLETE, campaign__isnull=False,
        assessed_on__range=(start, end),
    )  # fmt: skip
    elders = Elder.objects.filter(station__in=stations).filter(active_at(end), elder_q(filters, ""))
    return elders.annotate(hit=Exists(surveyed))


def elders_assessed(stations, start, end, filters) -> QuerySet:
    """Elders active at the end with a current assessment: a complete assessment of any
    instrument dated after the day twelve months before the end, up to the end."""
    current = Assessment.objects.filter(
        elder=OuterRef("pk"), status=Assessment.Status.COMPLETE,
        assessed_on__gt=year_before(end), assessed_on__lte=end,
    )  # fmt: skip
    elders = Elder.objects.filter(station__in=stations).filter(active_at(end), elder_q(filters, ""))
    return elders.filter(Exists(current))


def plain_elder_row(elder) -> Row:
    """An elder counted, with their area."""
    return Row(None, elder.area.name if elder.area_id else "", elder.name)
