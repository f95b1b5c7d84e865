"""Writes of projects and indicators. Only a head of every station of a project may change it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from linli.accounts.services import access_log_record
from linli.stations.selectors import can

from . import measures
from .models import Indicator, Project


def _require_head(actor, stations) -> None:
    if not stations or not all(can(actor, s, "manage_station") for s in stations):
        raise PermissionDenied(_("Only the head of every station of a project may change it."))


def _log(actor, project: Project, action: str, stations) -> None:
    access_log_record(actor=actor, action=f"reports.project.{action}",
                      station=stations[0] if stations else None, obj=project)  # fmt: skip


@transaction.atomic
def project_create(
    *, actor, funder: str, name: str, starts_on: dt.date, ends_on: dt.date, stations,
    budget_yuan: Decimal | None = None,
) -> Project:  # fmt: skip
    """Create a service project (服务项目) for stations the actor heads."""
    stations = list(stations)
    _require_head(actor, stations)
    project = Project(funder=funder, name=name, starts_on=starts_on, ends_on=ends_on,
                      budget_yuan=budget_yuan, created_by=actor)  # fmt: skip
    project.full_clean()
    project.save()
    project.stations.set(stations)
    _log(actor, project, "created", stations)
    return project


@transaction.atomic
def project_update(*, actor, project: Project, data: dict, stations=None) -> Project:
    """Change a project's facts (and stations); the actor heads the old and the new stations."""
    old = list(project.stations.all())
    new = old if stations is None else list(stations)
    _require_head(actor, old + new)
    for field in ("funder", "name", "starts_on", "ends_on", "budget_yuan"):
        if field in data:
            setattr(project, field, data[field])
    project.full_clean()
    project.save()
    if stations is not None:
        project.stations.set(new)
    _log(actor, project, "updated", new)
    return project


def _validated(measure: str, filters: dict | None, target: Decimal) -> dict:
    if measure not in measures.CATALOGUE:
        raise ValidationError({"measure": [_("Choose a measure from the catalogue.")]})
    if target is None or Decimal(target) < 0:
        raise ValidationError({"target": [_("The target cannot be negative.")]})
    return measures.clean_filters(measure, filters)


@transaction.atomic
def indicator_add(
    *, actor, project: Project, measure: str, target: Decimal, filters: dict | None = None,
    label: str = "",
) -> Indicator:  # fmt: skip
    """Add an indicator: a target for a measure of the catalogue, with its filters."""
    stations = list(project.stations.all())
    _require_head(actor, stations)
    filters = _validated(measure, filters, target)
    position = project.indicators.count()
    indicator = Indicator(project=project, measure=measure, filters=filters, target=target,
                          label=label, position=position)  # fmt: skip
    indicator.full_clean()
    indicator.save()
    _log(actor, project, "indicator_added", stations)
    return indicator


@transaction.atomic
def indicator_remove(*, actor, indicator: Indicator) -> None:
    """Remove an indicator from its project."""
    project = indicator.project
    stations = list(project.stations.all())
    _require_head(actor, stations)
    indicator.delete()
    _log(actor, project, "indicator_removed", stations)
