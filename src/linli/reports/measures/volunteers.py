"""Volunteers: those registered at the end of a period and their confirmed hours."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum

from linli.volunteers.models import HoursEntry, Volunteer

from .base import AREAS, Row


def volunteers_registered(stations, start, end, filters) -> QuerySet:
    """Volunteers who joined on or before the end of the period and are active (a volunteer
    who left is no longer counted, whenever they left: the registry keeps no leaving date)."""
    qs = Volunteer.objects.filter(station__in=stations, active=True, joined_on__lte=end)
    return qs.filter(area_id__in=filters[AREAS]) if filters.get(AREAS) else qs


def volunteer_hours_entries(stations, start, end, filters) -> QuerySet:
    """Confirmed hours entries dated (`on`) in the period; unconfirmed hours do not count."""
    qs = HoursEntry.objects.filter(station__in=stations, confirmed_at__isnull=False)
    qs = qs.filter(on__range=(start, end))
    return qs.filter(volunteer__area_id__in=filters[AREAS]) if filters.get(AREAS) else qs


def volunteer_hours(stations, start, end, filters) -> Decimal:
    total = volunteer_hours_entries(stations, start, end, filters).aggregate(n=Sum("hours"))["n"]
    return total or Decimal("0.00")


def volunteer_row(volunteer) -> Row:
    return Row(volunteer.joined_on, "", volunteer.name)


def hours_row(entry) -> Row:
    return Row(entry.on, f"{entry.description} · {entry.hours}", entry.volunteer.name)
