"""The risk engine: a level (low, medium, high, urgent) and its reasons, from rules as data.

Rules come from default_risk.yaml or a station's own version. Each rule that holds adds its
points and may set a level the elder is at least at; the level is the higher of the level the
points reach and the highest floor (the worker's own judgement is a floor too). This module is
pure: it takes an elder's facts and a date and never reads the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.utils import translation
from django.utils.translation import gettext as _

from linli.elders.vocabulary import CATEGORY_ORDER, category_label
from linli.lib.language import is_chinese

from .engine import DefinitionError, Instrument, Text

LEVELS = ("low", "medium", "high", "urgent")
LIVING = ("alone", "spouse", "children", "relatives", "carer", "institution")
CONTACT_SIGNS = ("in_hospital", "health_change", "safety_concern", "distressed")
CONDITIONS = ("living", "category", "age_gte", "instrument", "contact")
DEFAULT_FILE = Path(__file__).with_name("default_risk.yaml")


@dataclass(frozen=True)
class RiskRule:
    code: str
    points: int = 0
    at_least: str = ""
    living: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    age_gte: int | None = None
    instrument: str = ""
    band: tuple[str, ...] = ()
    total_lt: int | None = None
    total_gte: int | None = None
    contact: str = ""
    within_days: int | None = None


@dataclass(frozen=True)
class RiskRules:
    thresholds: dict[str, int]
    rules: tuple[RiskRule, ...]


@dataclass(frozen=True)
class Latest:
    """The latest complete assessment of one instrument."""

    total: int | None
    band: str
    assessed_on: dt.date


@dataclass
class Facts:
    categories: set[str]
    living: str = ""
    age: int | None = None
    latest: dict[str, Latest] = field(default_factory=dict)
    # (day, signs) of recent contacts: the outcome and the flags raised
    contacts: list[tuple[dt.date, frozenset[str]]] = field(default_factory=list)
    floor: str = ""


@dataclass
class Judgement:
    level: str
    points: int
    reasons: list[dict]

    def summary(self) -> str:
        texts = "; ".join(str(Text(**r["text"])) for r in self.reasons)
        return f"{self.level}: {texts}" if texts else self.level


def parse_yaml(source: str) -> RiskRules:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        raise DefinitionError([_("The rules are not valid YAML.")]) from None
    return parse(data)


def parse(data) -> RiskRules:
    """Rules from plain data; DefinitionError lists every problem, each naming its rule."""
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise DefinitionError([_("The rules need thresholds and a list of rules.")])
    thresholds = data.get("thresholds") or {}
    if (
        not isinstance(thresholds, dict)
        or set(thresholds) != {"medium", "high", "urgent"}
        or not all(isinstance(v, int) and v > 0 for v in thresholds.values())
        or not thresholds["medium"] <= thresholds["high"] <= thresholds["urgent"]
    ):
        problems.append(
            _("thresholds: give medium, high and urgent as rising whole numbers of points")
        )
    rules, seen = [], set()
    for i, raw in enumerate(data["rules"]):
        rule, rule_problems = _rule(raw, i)
        problems += rule_problems
        if rule is not None:
            if rule.code in seen:
                problems.append(_("rule %(code)s appears twice") % {"code": rule.code})
            seen.add(rule.code)
            rules.append(rule)
    if problems:
        raise DefinitionError(problems)
    return RiskRules(thresholds=dict(thresholds), rules=tuple(rules))


def _rule(raw, index: int) -> tuple[RiskRule | None, list[str]]:
    where = _("rule %(n)s") % {"n": index + 1}
    if not isinstance(raw, dict) or not isinstance(raw.get("when"), dict):
        return None, [f"{where}: " + _("a rule has a code, points or at_least, and when")]
    code = str(raw.get("code") or "")
    where = _("rule %(code)s") % {"code": code or index + 1}
    problems = []
    when = raw["when"]
    unknown = set(when) - {*CONDITIONS, "band", "total_lt", "total_gte", "within_days"}
    if unknown or not set(when) & set(CONDITIONS):
        problems.append(f"{where}: " + _("when needs one of: %(c)s") % {"c": ", ".join(CONDITIONS)})
    points, at_least = raw.get("points", 0), raw.get("at_least", "")
    if not isinstance(points, int) or points < 0 or (not points and not at_least):
        problems.append(f"{where}: " + _("give points (a whole number) or at_least"))
    if at_least and at_least not in LEVELS:
        problems.append(f"{where}: " + _("at_least is one of: %(l)s") % {"l": ", ".join(LEVELS)})
    problems += _check_when(when, where)
    if problems:
        return None, problems
    return RiskRule(
        code=code,
        points=points,
        at_least=at_least,
        living=tuple(when.get("living") or ()),
        category=tuple(when.get("category") or ()),
        age_gte=when.get("age_gte"),
        instrument=str(when.get("instrument") or ""),
        band=tuple(when.get("band") or ()),
        total_lt=when.get("total_lt"),
        total_gte=when.get("total_gte"),
        contact=str(when.get("contact") or ""),
        within_days=when.get("within_days"),
    ), []


def _check_when(when: dict, where: str) -> list[str]:
    from .definitions import builtin

    problems = []
    if set(when.get("living") or ()) - set(LIVING):
        problems.append(f"{where}: " + _("unknown living arrangement"))
    if set(when.get("category") or ()) - set(CATEGORY_ORDER):
        problems.append(f"{where}: " + _("unknown category"))
    for key in ("age_gte", "total_lt", "total_gte", "within_days"):
        value = when.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            problems.append(f"{where}: " + _("%(k)s is a whole number") % {"k": key})
    code = when.get("instrument")
    if code:
        instrument = builtin().get(code)
        if instrument is None or not instrument.scored:
            problems.append(f"{where}: " + _("no scored instrument %(c)s") % {"c": code})
        elif set(when.get("band") or ()) - {b.code for b in instrument.bands}:
            problems.append(f"{where}: " + _("%(c)s has no such band") % {"c": code})
        if not (when.get("band") or when.get("total_lt") is not None or "total_gte" in when):
            problems.append(f"{where}: " + _("give band, total_lt or total_gte"))
    if when.get("contact") and when["contact"] not in CONTACT_SIGNS:
        problems.append(
            f"{where}: " + _("contact is one of: %(s)s") % {"s": ", ".join(CONTACT_SIGNS)}
        )
    return problems


@cache
def default_rules() -> RiskRules:
    return parse_yaml(DEFAULT_FILE.read_text(encoding="utf-8"))


def default_source() -> str:
    return DEFAULT_FILE.read_text(encoding="utf-8")


def evaluate(
    rules: RiskRules,
    facts: Facts,
    today: dt.date,
    instruments: dict[str, Instrument],
    explain: bool = True,
) -> Judgement:
    """The level for these facts on `today`, with every rule that holds as a reason (its words
    in both languages unless `explain` is off, as for a preview that only counts levels)."""
    reasons, points, floor = [], 0, facts.floor
    if facts.floor:
        reasons.append(_reason("worker_judgement", 0, _judgement_text(facts.floor), explain))
    for rule in rules.rules:
        text = _holds(rule, facts, today, instruments)
        if text is None:
            continue
        points += rule.points
        if rule.at_least and LEVELS.index(rule.at_least) > LEVELS.index(floor or "low"):
            floor = rule.at_least
        reasons.append(_reason(rule.code, rule.points, text, explain))
    level = "low"
    for name in ("medium", "high", "urgent"):
        if points >= rules.thresholds[name]:
            level = name
    if floor and LEVELS.index(floor) > LEVELS.index(level):
        level = floor
    reasons.sort(key=lambda r: -r["points"])
    return Judgement(level=level, points=points, reasons=reasons)


def _reason(code: str, points: int, text, explain: bool = True) -> dict:
    return {"rule": code, "points": points, "text": _both(text) if explain else {}}


def _both(text) -> dict[str, str]:
    """A reason's words in both languages, so a page shows them without re-evaluating."""
    out = {}
    for key, language in (("zh", "zh-hans"), ("en", "en")):
        with translation.override(language):
            out[key] = text()
    return out


def _judgement_text(level: str):
    from linli.elders.models import Elder

    return lambda: (
        _("worker's judgement: at least %(level)s")
        % {"level": str(dict(Elder.Risk.choices)[level])}
    )


def _holds(rule: RiskRule, facts: Facts, today: dt.date, instruments):
    """A function giving the reason's words if the rule holds, else None."""
    if rule.living and facts.living not in rule.living:
        return None
    if rule.category and not facts.categories & set(rule.category):
        return None
    if rule.age_gte is not None and (facts.age is None or facts.age < rule.age_gte):
        return None
    parts = []
    if rule.living:
        parts.append(lambda: _living_label(facts.living))
    if rule.category:
        found = [c for c in rule.category if c in facts.categories]
        parts.append(lambda: "、".join(category_label(c) for c in found))
    if rule.age_gte is not None:
        parts.append(lambda: _("aged %(age)s") % {"age": facts.age})
    if rule.instrument:
        part = _instrument_holds(rule, facts, today, instruments.get(rule.instrument))
        if part is None:
            return None
        parts.append(part)
    if rule.contact:
        part = _contact_holds(rule, facts, today)
        if part is None:
            return None
        parts.append(part)
    return lambda: "; ".join(p() for p in parts)


def _living_label(living: str) -> str:
    from linli.elders.models import Elder

    return str(dict(Elder.Living.choices).get(living, living))


def _instrument_holds(rule: RiskRule, facts: Facts, today, instrument):
    latest = facts.latest.get(rule.instrument)
    if latest is None or instrument is None:
        return None
    if (today - latest.assessed_on).days > (rule.within_days or 365):
        return None
    if rule.band and latest.band not in rule.band:
        return None
    if latest.total is None:
        return None
    if rule.total_lt is not None and not latest.total < rule.total_lt:
        return None
    if rule.total_gte is not None and not latest.total >= rule.total_gte:
        return None

    def text():
        said = f"{instrument.short} = {latest.total}"
        if rule.total_lt is not None:
            return f"{said} < {rule.total_lt}"
        band = next((b for b in instrument.bands if b.code == latest.band), None)
        if band is None:
            return said
        return f"{said}（{band.label}）" if is_chinese() else f"{said} ({band.label})"

    return text


def _contact_holds(rule: RiskRule, facts: Facts, today):
    days = rule.within_days or 30
    hits = [d for d, signs in facts.contacts if rule.contact in signs and (today - d).days <= days]
    if not hits:
        return None
    latest = max(hits)
    return lambda: (
        _("%(what)s (contact on %(day)s)")
        % {
            "what": _contact_label(rule.contact),
            "day": latest.isoformat(),
        }
    )


def describe(rule: RiskRule, instruments: dict[str, Instrument]) -> str:
    """When the rule holds, in words of the active language (for the rules page)."""
    parts = []
    if rule.living:
        parts.append(" / ".join(_living_label(v) for v in rule.living))
    if rule.category:
        parts.append(" / ".join(category_label(c) for c in rule.category))
    if rule.age_gte is not None:
        parts.append(_("aged %(age)s or over") % {"age": rule.age_gte})
    if rule.instrument:
        parts.append(_describe_instrument(rule, instruments.get(rule.instrument)))
    if rule.contact:
        parts.append(
            _("a contact in the last %(n)s days: %(what)s")
            % {"n": rule.within_days or 30, "what": _contact_label(rule.contact)}
        )
    return "; ".join(parts)


def _describe_instrument(rule: RiskRule, instrument: Instrument | None) -> str:
    name = str(instrument.short) if instrument else rule.instrument
    if rule.band and instrument is not None:
        labels = {b.code: str(b.label) for b in instrument.bands}
        colon = "：" if is_chinese() else ": "
        text = name + colon + " / ".join(labels.get(b, b) for b in rule.band)
    elif rule.total_lt is not None:
        text = f"{name} < {rule.total_lt}"
    else:
        text = f"{name} ≥ {rule.total_gte}"
    days = rule.within_days or 365
    return text if days == 365 else text + " " + _("(within %(n)s days)") % {"n": days}


def _contact_label(sign: str) -> str:
    return {
        "in_hospital": _("in hospital"),
        "health_change": _("health changed"),
        "safety_concern": _("safety concern"),
        "distressed": _("distressed"),
    }[sign]
