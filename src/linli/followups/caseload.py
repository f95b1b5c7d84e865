"""Caseloads: which worker looks after which elders; bulk assignment and rebalancing.

Reassigning thousands of elders writes one history row per elder (in bulk, with its
categories, as the registry's own services do) and refreshes the worker copied onto their
plans with one UPDATE per worker, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from linli.accounts.services import access_log_record
from linli.elders.models import ELDER_HISTORY, Elder
from linli.elders.vocabulary import category_q
from linli.stations.models import Membership

from .models import STAFF, Plan

BATCH = 500
NEIGHBOUR_ORDER = (F("area__name").asc(nulls_last=True), "address", "name_pinyin", "id")


# --- reads -------------------------------------------------------------------------------------
def _staff_membership(station):
    return Membership.objects.filter(station=station, active=True, role__in=STAFF)


def station_staff(station) -> QuerySet:
    """Heads and social workers of the station: the people elders can be assigned to."""
    users = get_user_model().objects.filter(pk__in=_staff_membership(station).values("user_id"))
    return users.order_by("display_name", "username", "id")


def caseload_holders(*, station) -> QuerySet:
    """Users who hold active elders of the station (including workers who have left)."""
    holding = Elder.objects.filter(
        station=station, status=Elder.Status.ACTIVE, assigned_worker=OuterRef("pk")
    )
    return get_user_model().objects.filter(Exists(holding)).order_by("display_name", "username")


@dataclass
class CaseloadRow:
    worker: object | None  # a user, or None for the unassigned elders
    active: int
    overdue: int
    at_station: bool = True


def caseload_summary(*, actor, station, today: dt.date) -> list[CaseloadRow]:
    """Per worker: active elders and how many of them are overdue; then the unassigned."""
    elders = Elder.objects.visible_to(actor).filter(station=station, status=Elder.Status.ACTIVE)
    active = dict(elders.values_list("assigned_worker").annotate(n=Count("pk")).order_by())
    overdue_plans = Plan.objects.visible_to(actor).filter(station=station, next_due__lt=today)
    overdue = dict(
        overdue_plans.values_list("worker").annotate(n=Count("elder", distinct=True)).order_by()
    )
    is_staff = Exists(_staff_membership(station).filter(user=OuterRef("pk")))
    users = (
        get_user_model()
        .objects.annotate(is_staff_here=is_staff)
        .filter(Q(pk__in=[pk for pk in active if pk]) | Q(is_staff_here=True))
        .order_by("-is_staff_here", "display_name", "username", "id")
    )
    rows = [CaseloadRow(user, active.get(user.pk, 0), overdue.get(user.pk, 0), user.is_staff_here)
            for user in users]  # fmt: skip
    if active.get(None) or overdue.get(None):
        rows.append(CaseloadRow(None, active.get(None, 0), overdue.get(None, 0)))
    return rows


def _matching(elders: QuerySet, *, area, category, only_unassigned: bool, today: dt.date):
    elders = elders.filter(status=Elder.Status.ACTIVE)
    if area is not None:
        elders = elders.filter(area=area)
    if category:
        elders = elders.filter(category_q(category, today))
    if only_unassigned:
        elders = elders.filter(assigned_worker__isnull=True)
    return elders


def assign_preview(
    *, actor, station, worker, area=None, category=None, only_unassigned=False, today: dt.date
) -> int:
    """How many elders an assignment would move to `worker` (those already theirs excluded)."""
    elders = Elder.objects.visible_to(actor).filter(station=station)
    elders = _matching(elders, area=area, category=category, only_unassigned=only_unassigned,
                       today=today)  # fmt: skip
    return elders.exclude(assigned_worker=worker).count()


def split_evenly(items: list, parts: int) -> list[list]:
    """Consecutive runs whose sizes differ by at most one (the first runs are the longer)."""
    size, longer = divmod(len(items), parts)
    runs, start = [], 0
    for index in range(parts):
        end = start + size + (1 if index < longer else 0)
        runs.append(items[start:end])
        start = end
    return runs


def rebalance_preview(*, actor, station, from_worker, to_workers: list) -> list[dict]:
    """What a rebalance would do: for each receiving worker, how many elders and which areas."""
    to_workers = _receivers(from_worker, to_workers)
    elders = Elder.objects.visible_to(actor).filter(station=station)
    elders = list(_leaving(elders, from_worker).select_related("area"))
    return [
        {"worker": worker, "count": len(run),
         "areas": sorted({e.area.name if e.area_id else "" for e in run} - {""})}
        for worker, run in zip(to_workers, split_evenly(elders, len(to_workers)), strict=True)
    ]  # fmt: skip


def _leaving(elders: QuerySet, from_worker) -> QuerySet:
    """A worker's active elders, neighbours next to each other (area, then address)."""
    active = elders.filter(status=Elder.Status.ACTIVE, assigned_worker=from_worker)
    return active.order_by(*NEIGHBOUR_ORDER)


def _receivers(from_worker, to_workers: list) -> list:
    unique = {w.pk: w for w in to_workers if w.pk != from_worker.pk}
    if not unique:
        raise ValidationError({"to_workers": [_("Choose at least one other worker.")]})
    return sorted(unique.values(), key=lambda w: (str(w), w.pk))


# --- writes ------------------------------------------------------------------------------------
def _check_staff(station, workers: list) -> None:
    members = _staff_membership(station).filter(user__in=workers)
    staff = set(members.values_list("user_id", flat=True))
    if any(w.pk not in staff for w in workers):
        raise ValidationError(
            {"worker": [_("Elders can only be assigned to the station's head and workers.")]}
        )


@transaction.atomic
def caseload_assign(
    *, actor, station, worker, area=None, category=None, only_unassigned: bool = False
) -> int:
    """Assign the station's active elders of an area and/or category to a worker.

    Returns how many elders changed worker; those already with `worker` are left alone.
    """
    if area is None and not category and not only_unassigned:
        message = _("Choose an area, a category or only the unassigned elders.")
        raise ValidationError({"area": [message]})
    if area is not None and area.station_id != station.pk:
        raise ValidationError({"area": [_("This area belongs to another station.")]})
    _check_staff(station, [worker])
    elders = _matching(Elder.objects.filter(station=station), area=area, category=category,
                       only_unassigned=only_unassigned, today=timezone.localdate())  # fmt: skip
    moved = list(elders.exclude(assigned_worker=worker).order_by("id"))
    _reassign(actor, station, [(worker, moved)], reason=_("Caseload assigned"))
    access_log_record(actor=actor, station=station, action="followups.caseload.assigned",
                      detail={"worker": worker.pk, "area": area.pk if area else None,
                              "category": category or "", "only_unassigned": only_unassigned,
                              "elders": len(moved)})  # fmt: skip
    return len(moved)


@transaction.atomic
def caseload_rebalance(*, actor, station, from_worker, to_workers: list) -> dict[int, int]:
    """Spread a worker's active elders evenly over other workers (when they leave).

    The elders are ordered by area and address and cut into consecutive runs of equal size
    (differing by at most one), so each worker takes whole neighbourhoods where possible.
    Returns the number of elders each receiving worker got, by worker id.
    """
    to_workers = _receivers(from_worker, to_workers)
    _check_staff(station, to_workers)
    elders = list(_leaving(Elder.objects.filter(station=station), from_worker))
    shares = list(zip(to_workers, split_evenly(elders, len(to_workers)), strict=True))
    _reassign(actor, station, shares, reason=_("Caseload reassigned"))
    counts = {worker.pk: len(run) for worker, run in shares}
    access_log_record(actor=actor, station=station, action="followups.caseload.rebalanced",
                      detail={"from": from_worker.pk,
                              "to": {str(k): v for k, v in counts.items()}})  # fmt: skip
    return counts


def _reassign(actor, station, shares: list[tuple], *, reason: str) -> None:
    """Set the worker of each share's elders: one history row each, then the plans' copies."""
    stamp = timezone.now()
    changed = []
    for worker, elders in shares:
        for elder in elders:
            elder.assigned_worker, elder.updated_at = worker, stamp
            elder.version += 1
            changed.append(elder)
    if not changed:
        return
    bulk_update_with_history(
        changed, Elder, ["assigned_worker", "version", "updated_at"], batch_size=BATCH,
        default_user=actor if getattr(actor, "is_authenticated", False) else None,
        default_change_reason=reason, default_date=stamp,
    )  # fmt: skip
    _copy_categories_to_history(station, stamp)
    for worker, elders in shares:
        if elders:
            Plan.objects.filter(station=station, elder__assigned_worker=worker).exclude(
                worker=worker
            ).update(worker=worker)


def _copy_categories_to_history(station, stamp) -> None:
    """The new history rows carry the elders' categories, so the timeline shows no change."""
    historical = ELDER_HISTORY.m2m_models[Elder._meta.get_field("categories")]
    rows = Elder.history.filter(station=station, history_date=stamp, history_type="~")
    history_ids = dict(rows.values_list("id", "history_id"))
    links = Elder.categories.through.objects.filter(elder_id__in=rows.values("id"))
    historical.objects.bulk_create(
        [historical(id=link_id, elder_id=elder_id, category_id=category_id,
                    history_id=history_ids[elder_id])
         for link_id, elder_id, category_id in links.values_list("id", "elder_id", "category_id")],
        batch_size=BATCH,
    )  # fmt: skip
