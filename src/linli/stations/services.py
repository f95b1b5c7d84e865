"""Writes about stations, areas and memberships."""

from __future__ import annotations

from django.db import transaction

from .models import Area, Membership, Region, Station


@transaction.atomic
def region_ensure(*, code: str, name: str, level: str, parent: Region | None = None) -> Region:
    """Create a region or update its name, by division code."""
    region, _created = Region.objects.update_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return region


@transaction.atomic
def station_ensure(*, code: str, name: str, region: Region, areas: list[tuple[str, str]]):
    """Create a station with its areas (name, kind), or bring an existing one up to date."""
    station, _created = Station.objects.update_or_create(
        code=code, defaults={"name": name, "region": region}
    )
    for area_name, kind in areas:
        Area.objects.get_or_create(station=station, name=area_name, defaults={"kind": kind})
    return station


@transaction.atomic
def membership_grant(
    *, user, role: str, station: Station | None = None, region: Region | None = None
) -> Membership:
    """Give a user a role at a station (or, for viewers, over a region)."""
    membership = Membership.objects.filter(
        user=user, station=station, region=region
    ).first() or Membership(user=user, station=station, region=region)
    membership.role, membership.active = role, True
    membership.full_clean()
    membership.save()
    return membership
