"""What the elder page shows of an elder's community activities."""

from __future__ import annotations

from django.utils import timezone

from linli.stations.roles import role_has

from . import selectors
from .models import Activity, Attendance, SignUp

PANEL_ROWS = 10


def elder_activities_panel(elder, *, actor, role) -> dict:
    """The activities an elder attended (latest first) and is signed up for, for staff; an
    empty panel for other roles. Four queries, whatever the number of rows."""
    if not role_has(role, "edit_elders"):
        return {"activities_panel": {"attended": [], "upcoming": [], "count": 0, "link": False}}
    attended = list(selectors.elder_activities(actor=actor, elder=elder, limit=PANEL_ROWS))
    count = (
        Attendance.objects.visible_to(actor)
        .filter(elder=elder)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .count()
    )
    upcoming = list(
        SignUp.objects.visible_to(actor)
        .filter(
            elder=elder,
            activity__status=Activity.Status.PLANNED,
            activity__starts_at__gte=selectors.day_start(timezone.localdate()),
        )  # fmt: skip
        .select_related("activity")
        .order_by("activity__starts_at")[:PANEL_ROWS]
    )
    return {"activities_panel": {"attended": attended, "upcoming": upcoming, "count": count,
                                 "link": True}}  # fmt: skip
