"""Computing and storing each elder's plans from the rules in force.

Plans are recomputed when an elder changes (signals from the registry), when a station's
rules change, and nightly (`linli followups replan`) so that elders who turn 80 are picked up.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from linli.elders.models import Elder
from linli.lib.bulk import update_rows

from . import cadence
from .models import CadenceRuleSet, Plan

BATCH = 1000
COPIED = ["station", "worker", "area", "risk_rank", "rule_code", "rule_label", "interval_days",
          "next_due"]  # fmt: skip


def rules_in_force(station) -> tuple[cadence.Rule, ...]:
    """The newest version of the station's rules, or the defaults."""
    latest = CadenceRuleSet.in_force(station)
    return cadence.parse_rules(latest.rules) if latest else cadence.default_rules()


def wanted_plans(elder: Elder, rules, today: dt.date) -> dict[str, cadence.Cadence]:
    if elder.status != Elder.Status.ACTIVE:
        return {}
    codes = set(elder.category_codes(today))
    return cadence.cadences_for(rules, codes, elder.risk_level)


@transaction.atomic
def plan_refresh(*, elder: Elder, today: dt.date, rules=None) -> list[Plan]:
    """Bring one elder's plans in line with the rules; overrides are kept."""
    rules = rules if rules is not None else rules_in_force(elder.station)
    existing = {p.kind: p for p in Plan.objects.filter(elder=elder)}
    plans, stale = _merge(elder, wanted_plans(elder, rules, today), existing, today)
    Plan.objects.filter(pk__in=[p.pk for p in stale]).delete()
    for plan in plans:
        plan.save()
    return plans


def _merge(elder, wanted: dict, existing: dict, today: dt.date):
    """(plans to save, plans to delete) for one elder."""
    plans, stale = [], []
    active = elder.status == Elder.Status.ACTIVE
    for kind in cadence.KINDS:
        plan = existing.get(kind)
        if plan is not None and plan.rule_code == "override" and active:
            plans.append(_filled(plan, elder, None, today))
        elif kind in wanted:
            plans.append(_filled(plan or Plan(elder=elder, kind=kind), elder, wanted[kind], today))
        elif plan is not None:
            stale.append(plan)
    return plans, stale


def _filled(plan: Plan, elder: Elder, chosen: cadence.Cadence | None, today: dt.date) -> Plan:
    plan.station_id, plan.worker_id, plan.area_id = (
        elder.station_id, elder.assigned_worker_id, elder.area_id)  # fmt: skip
    plan.risk_rank = cadence.RISK_RANK.get(elder.risk_level, cadence.NO_RISK_RANK)
    if chosen is not None:
        plan.rule_code, plan.rule_label = chosen.rule_code, chosen.rule_label[:120]
        plan.interval_days = chosen.days
    last = timezone.localdate(plan.last_reached_at) if plan.last_reached_at else None
    plan.next_due = cadence.next_due(last_reached=last, days=plan.interval_days, today=today,
                                     migratory=elder.migratory,
                                     months_present=elder.months_present)  # fmt: skip
    return plan


@transaction.atomic
def plans_refresh_elders(*, elders: list[Elder], today: dt.date) -> int:
    """Re-plan many elders of one or more stations in a few queries; returns plans written."""
    by_station: dict[int, tuple] = {}
    existing: dict[int, dict[str, Plan]] = {}
    for plan in Plan.objects.filter(elder__in=elders):
        existing.setdefault(plan.elder_id, {})[plan.kind] = plan
    new, changed, stale = [], [], []
    for elder in elders:
        if elder.station_id not in by_station:
            by_station[elder.station_id] = rules_in_force(elder.station)
        wanted = wanted_plans(elder, by_station[elder.station_id], today)
        plans, gone = _merge(elder, wanted, existing.get(elder.pk, {}), today)
        stale += gone
        for plan in plans:
            (changed if plan.pk else new).append(plan)
    Plan.objects.filter(pk__in=[p.pk for p in stale]).delete()
    Plan.objects.bulk_create(new, batch_size=BATCH)
    update_rows(changed, COPIED)
    return len(new) + len(changed)


def plans_refresh_station(*, station, today: dt.date) -> int:
    """Re-plan every elder of a station (after a rules change, and nightly)."""
    elders = list(
        Elder.objects.filter(station=station)
        .select_related("station")
        .prefetch_related("categories")
    )
    return plans_refresh_elders(elders=elders, today=today)
