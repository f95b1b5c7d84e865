"""The "Services" line of My day: what is waiting in case work, requests and referrals.

Five queries: the worker's caseload (two), request counts by status, open overdue alerts and
referrals with no answer for a week.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from linli.cases.selectors import cases_for_worker
from linli.errands.models import OverdueAlert, ServiceRequest
from linli.partners.selectors import referrals_awaiting_answer

SOON = dt.timedelta(days=7)


def casework_counts(*, actor, station, today: dt.date) -> dict[str, int]:
    """Cases of mine with an action due within a week or stuck; the station's requests to
    dispatch and to confirm; overdue request alerts; referrals waiting for an answer."""
    cases = cases_for_worker(actor=actor, today=today)
    due = sum(
        1 for r in cases if r.stuck or (r.next_action_on and r.next_action_on <= today + SOON)
    )
    S = ServiceRequest.Status
    requests = (
        ServiceRequest.objects.visible_to(actor)
        .filter(station=station)
        .aggregate(
            to_dispatch=Count("id", filter=Q(status=S.OPEN)),
            to_confirm=Count("id", filter=Q(status=S.DONE)),
        )
    )
    alerts = (
        OverdueAlert.objects.visible_to(actor)
        .filter(station=station, resolved_at__isnull=True)
        .count()
    )
    waiting = referrals_awaiting_answer(actor=actor, station=station, today=today)
    return {
        "cases_due": due,
        "to_dispatch": requests["to_dispatch"],
        "to_confirm": requests["to_confirm"],
        "overdue_requests": alerts,
        "referrals_waiting": len(waiting),
    }
