"""Groups, activities and attendance: the activities app's own selections, summed over the
project's stations, so that a figure here is exactly what the activities pages count."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from linli.activities import selectors as activity_selectors
from linli.activities.models import Activity, Attendance
from linli.groupwork.models import Group, Session

from .base import AREAS, TYPE, Row, name_of, timezone_date


# --- groups ------------------------------------------------------------------------------------
def group_sessions(stations, start, end, filters) -> QuerySet:
    """Group sessions held on a date of the period."""
    return Session.objects.filter(group__station__in=stations, held_on__range=(start, end))


def groups_run(stations, start, end, filters) -> QuerySet:
    """Groups with at least one session held in the period (planned sessions do not count)."""
    held = Session.objects.filter(group=OuterRef("pk"), held_on__range=(start, end))
    return Group.objects.filter(station__in=stations).filter(Exists(held))


def group_row(group) -> Row:
    return Row(group.starts_on, str(group.get_type_display()), group.name)


def session_row(session) -> Row:
    return Row(session.held_on, session.theme, session.group.name)


# --- activities --------------------------------------------------------------------------------
def activities_held(stations, start, end, filters) -> QuerySet:
    """Activities marked held that start on a date of the period; planned and cancelled ones
    count nothing."""
    qs = Activity.objects.filter(station__in=stations, status=Activity.Status.HELD)
    qs = qs.filter(activity_selectors.period_q(start, end))
    if filters.get(AREAS):
        qs = qs.filter(area_id__in=filters[AREAS])
    return qs.filter(type=filters[TYPE]) if filters.get(TYPE) else qs


def activity_row(activity) -> Row:
    return Row(timezone_date(activity.starts_at), str(activity.get_type_display()), activity.title)


# --- attendance --------------------------------------------------------------------------------
def attendance(stations, start, end, filters) -> QuerySet:
    """The attendance rows person-times and unique persons count, with the activities app's
    own selection (cancelled activities excluded, the activity's local start date)."""
    qs = None
    for station in stations:
        # the activities app's own selection, so that the rows are exactly what it counts
        rows = activity_selectors._attendance_in(station, start, end, filters.get(TYPE) or None)
        qs = rows if qs is None else qs | rows
    return qs if qs is not None else Attendance.objects.none()


def person_times(stations, start, end, filters) -> int:
    """Person-times (人次): the activities app's `person_times`, summed over the stations.
    Walk-ins count, an anonymous group by its head count; cancelled activities count nothing."""
    return sum(
        activity_selectors.person_times(station=s, start=start, end=end, type=filters.get(TYPE))
        for s in stations
    )


def unique_persons(stations, start, end, filters) -> int:
    """Unique named persons (人数): the activities app's `unique_persons`, summed over the
    stations (elders belong to one station; the same walk-in name at two stations is two)."""
    return sum(
        activity_selectors.unique_persons(station=s, start=start, end=end, type=filters.get(TYPE))
        for s in stations
    )


def attendance_row(row) -> Row:
    who = name_of(row.elder) or row.walk_in_name or str(_("anonymous walk-ins"))
    what = f"{row.activity.title} ×{row.count}"
    return Row(timezone_date(row.activity.starts_at), what, who)
