"""Service requests completed, and satisfaction: with activities (feedback forms) and with
completed service requests (the elder's yes or no), two separate rates."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from linli.activities import selectors as activity_selectors
from linli.activities.models import Activity, Feedback
from linli.errands.models import ServiceRequest

from .base import (
    AREAS,
    TYPE,
    Row,
    at_in,
    elder_q,
    flag,
    local_day,
    name_of,
    timezone_date,
    while_active,
)

DONE = (ServiceRequest.Status.DONE, ServiceRequest.Status.CONFIRMED)


def requests_completed(stations, start, end, filters) -> QuerySet:
    """Service requests done (or done and confirmed by the elder) with `done_at` in the period,
    while the elder was still here."""
    qs = ServiceRequest.objects.filter(station__in=stations, status__in=DONE)
    qs = qs.filter(at_in("done_at", start, end), elder_q(filters))
    return qs.filter(while_active(local_day("done_at")))


def feedback(stations, start, end, filters) -> QuerySet:
    """Activity feedback forms of activities in the period (not cancelled), `hit` = satisfied.

    Only activity feedback counts: a service request's yes/no is a different question, and is
    its own measure (request_satisfaction_rate), so the two are never mixed in one rate."""
    qs = Feedback.objects.filter(station__in=stations).exclude(
        activity__status=Activity.Status.CANCELLED
    )
    qs = qs.filter(activity_selectors.period_q(start, end, "activity__"))
    if filters.get(AREAS):
        qs = qs.filter(activity__area_id__in=filters[AREAS])
    qs = qs.filter(activity__type=filters[TYPE]) if filters.get(TYPE) else qs
    return qs.annotate(hit=flag(Q(satisfied=True)))


def request_satisfaction(stations, start, end, filters) -> QuerySet:
    """Requests completed in the period whose elder said whether they were satisfied."""
    found = requests_completed(stations, start, end, filters).filter(satisfied__isnull=False)
    return found.annotate(hit=flag(Q(satisfied=True)))


def request_row(request) -> Row:
    what = str(request.get_type_display())
    return Row(timezone_date(request.done_at), what, name_of(request.elder))


def feedback_row(form) -> Row:
    verdict = _("satisfied") if form.satisfied else _("not satisfied")
    return Row(timezone_date(form.activity.starts_at), f"{form.activity.title} · {verdict}", "")
