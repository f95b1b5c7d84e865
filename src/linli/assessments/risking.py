"""Writing risk levels: gathering an elder's facts, applying the station's rules, saving rules.

The level is derived, never typed: it changes when an assessment is completed, the record
changes, a contact reports a hospital stay or a change, the rules change, or time passes
(`linli assessments risk` each night, since old assessments and contacts stop counting).
"""

from __future__ import annotations

import datetime as dt

import yaml
from django.db import transaction
from django.utils import timezone

from linli.elders.models import Elder
from linli.followups.models import Contact
from linli.lib.bulk import update_rows
from linli.lib.identifiers import age_on

from . import definitions, risk
from .models import Assessment, RiskRuleSet

CONTACT_DAYS = 90  # the longest look-back a contact rule is likely to use


def rules_in_force(station) -> risk.RiskRules:
    """The newest version of the station's risk rules, or the defaults."""
    latest = RiskRuleSet.in_force(station)
    return risk.parse(latest.rules) if latest else risk.default_rules()


def _signs(contact) -> frozenset[str]:
    signs = set()
    if contact["outcome"] == Contact.Outcome.IN_HOSPITAL:
        signs.add("in_hospital")
    if contact["health_change"]:
        signs.add("health_change")
    if contact["safety_concern"]:
        signs.add("safety_concern")
    if contact["mood"] == Contact.Mood.DISTRESSED:
        signs.add("distressed")
    return frozenset(signs)


def facts_for(elders: list[Elder], today: dt.date) -> dict[int, risk.Facts]:
    """Risk facts of many elders in three queries (categories must be prefetched)."""
    ids = [e.pk for e in elders]
    latest: dict[int, dict[str, risk.Latest]] = {}
    rows = (
        Assessment.objects.filter(elder_id__in=ids, status=Assessment.Status.COMPLETE)
        .order_by("elder_id", "instrument", "-assessed_on", "-id")
        .values_list("elder_id", "instrument", "total", "band", "assessed_on")
    )
    for elder_id, code, total, band, on in rows:
        latest.setdefault(elder_id, {}).setdefault(code, risk.Latest(total, band, on))
    contacts: dict[int, list] = {}
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(CONTACT_DAYS), dt.time()))
    for row in Contact.objects.filter(elder_id__in=ids, at__gte=since).values(
        "elder_id", "at", "outcome", "health_change", "safety_concern", "mood"
    ):
        signs = _signs(row)
        if signs:
            day = timezone.localtime(row["at"]).date()
            contacts.setdefault(row["elder_id"], []).append((day, signs))
    return {
        e.pk: risk.Facts(
            categories=set(e.category_codes(today)),
            living=e.living_arrangement,
            age=age_on(e.birth_date, today) if e.birth_date else None,
            latest=latest.get(e.pk, {}),
            contacts=contacts.get(e.pk, []),
            floor=e.risk_floor,
        )
        for e in elders
    }


def _judge(elder: Elder, facts: risk.Facts, rules, today: dt.date) -> bool:
    """Set the elder's level and reasons; True if they changed."""
    judgement = risk.evaluate(rules, facts, today, definitions.builtin())
    changed = (elder.risk_level, elder.risk_reasons) != (judgement.level, judgement.reasons)
    elder.risk_level, elder.risk_reasons = judgement.level, judgement.reasons
    elder.risk_updated_at = timezone.now()
    return changed


@transaction.atomic
def risk_refresh(*, elder: Elder, today: dt.date, replan: bool = True) -> bool:
    """Re-derive one elder's risk level; re-plan their contacts if it changed."""
    if elder.status != Elder.Status.ACTIVE:
        return False
    facts = facts_for([elder], today)[elder.pk]
    changed = _judge(elder, facts, rules_in_force(elder.station), today)
    Elder.objects.filter(pk=elder.pk).update(
        risk_level=elder.risk_level,
        risk_reasons=elder.risk_reasons,
        risk_updated_at=elder.risk_updated_at,
    )
    if changed and replan:
        from linli.followups.plans import plan_refresh

        plan_refresh(elder=elder, today=today)
    return changed


@transaction.atomic
def risk_refresh_elders(
    *, elders: list[Elder], today: dt.date, rules=None, replan: bool = True
) -> int:
    """Re-derive the level of many elders of one station in a few queries; returns changes."""
    if not elders:
        return 0
    rules = rules if rules is not None else rules_in_force(elders[0].station)
    facts = facts_for(elders, today)
    changed = [e for e in elders if _judge(e, facts[e.pk], rules, today)]
    update_rows(changed, ["risk_level", "risk_reasons", "risk_updated_at"])
    if changed and replan:
        from linli.followups.plans import plans_refresh_elders

        plans_refresh_elders(elders=changed, today=today)
    return len(changed)


def station_elders(station) -> list[Elder]:
    return list(
        Elder.objects.filter(station=station, status=Elder.Status.ACTIVE)
        .select_related("station")
        .prefetch_related("categories")
    )


def risk_refresh_station(*, station, today: dt.date, rules=None) -> int:
    """Re-derive every active elder's level at a station (after a rule change, each night)."""
    return risk_refresh_elders(elders=station_elders(station), today=today, rules=rules)


def risk_preview(*, station, rules: risk.RiskRules, today: dt.date) -> dict[str, dict[str, int]]:
    """How many active elders each level would hold under `rules`, against today's levels."""
    elders = station_elders(station)
    facts = facts_for(elders, today)
    now = {level: 0 for level in risk.LEVELS}
    then = dict(now)
    for elder in elders:
        now[elder.risk_level or "low"] += 1
        judged = risk.evaluate(rules, facts[elder.pk], today, definitions.builtin(), explain=False)
        then[judged.level] += 1
    return {"now": now, "then": then}


@transaction.atomic
def risk_rules_save(*, actor, station, source_text: str, note: str = "") -> RiskRuleSet:
    """Save a new version of the station's risk rules and re-derive every level."""
    rules = risk.parse_yaml(source_text)
    row = RiskRuleSet.objects.create(
        station=station,
        version=RiskRuleSet.next_version(station),
        rules=yaml.safe_load(source_text),
        source_text=source_text,
        note=note,
        created_by=actor,
    )
    risk_refresh_station(station=station, today=timezone.localdate(), rules=rules)
    return row
