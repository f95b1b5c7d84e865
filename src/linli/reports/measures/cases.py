"""Case work: cases opened and closed in a period."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, QuerySet

from linli.cases import process
from linli.cases.models import Case, CaseEvent

from .base import Row, at_in, elder_q, name_of, while_active


def cases_opened(stations, start, end, filters) -> QuerySet:
    """Cases opened (接案) on a date of the period, while the elder was still here. A closed
    case never reopens in Linli: help for the same elder later is a new case, so it counts as
    another case opened."""
    qs = Case.objects.filter(station__in=stations, opened_on__range=(start, end))
    return qs.filter(elder_q(filters), while_active(F("opened_on")))


def cases_closed(stations, start, end, filters) -> QuerySet:
    """Cases that entered the closed stage (结案 approved by the head) during the period; a case
    closed after the elder died or moved counts (closing is how such a case ends)."""
    closing = CaseEvent.objects.filter(case=OuterRef("pk"), to_stage=process.CLOSED).filter(
        at_in("at", start, end)
    )
    return Case.objects.filter(station__in=stations).filter(Exists(closing), elder_q(filters))


def case_row(case) -> Row:
    who = "" if case.restricted else name_of(case.elder)
    return Row(case.opened_on, str(case.get_stage_display()), who)
