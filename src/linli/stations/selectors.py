"""Reads about stations and memberships."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership, Station
from .roles import role_has


def memberships_of(user) -> list[Membership]:
    """The user's active memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_linli_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, active=True)
            .select_related("station", "station__region", "region")
            .order_by("station__code", "id")
        )
        user._linli_memberships = cached
    return cached


def station_roles(user) -> dict[int, str]:
    """Map of station id → role for the user's station memberships."""
    return {m.station_id: m.role for m in memberships_of(user) if m.station_id}


def role_at(user, station: Station | None) -> str | None:
    if station is None:
        return None
    return station_roles(user).get(station.pk)


def can(user, station: Station | None, capability: str) -> bool:
    """Whether the user holds a capability at a station."""
    return role_has(role_at(user, station), capability)


def stations_of(user) -> list[Station]:
    return [m.station for m in memberships_of(user) if m.station_id]


def station_for_code(user, code: str) -> Station | None:
    """A station the user belongs to, by code; None for non-members (never reveals existence)."""
    return next((s for s in stations_of(user) if s.code == code), None)


def stations_in_regions(user) -> QuerySet[Station]:
    """Stations a viewer may see aggregates for: every station under their regions."""
    region_ids = [m.region_id for m in memberships_of(user) if m.region_id]
    return Station.objects.filter(region_id__in=region_ids) | Station.objects.filter(
        region__parent_id__in=region_ids
    )
