"""Helpers that make volunteers, pairings and hours through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from linli.volunteers import services

TODAY = dt.date(2026, 11, 23)


def head(world, code: str = "zhuoda"):
    return world["users"][f"{code}-head"]


def add_volunteer(world, code: str = "zhuoda", **data):
    data.setdefault("name", "志愿者甲")
    data.setdefault("joined_on", dt.date(2025, 1, 1))
    return services.volunteer_create(actor=head(world, code), station=world[code], data=data)


def add_hours(world, volunteer, hours: str, *, on=TODAY, confirmed=True, code="zhuoda", **kw):
    kw.setdefault("source", "other")
    kw.setdefault("description", "服务")
    return services.hours_record(actor=head(world, code), volunteer=volunteer, on=on,
                                 hours=Decimal(hours), confirmed=confirmed, **kw)  # fmt: skip
