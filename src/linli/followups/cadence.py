"""The cadence engine: which rule sets an elder's calls and visits, and when they are due.

Rules are data (default_rules.toml, then each station's versions). This module is pure: it
takes an elder's facts and a date and never reads the database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from linli.lib.language import in_language

EVERY_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 91}
EVERY_LABELS = {
    ("call", "day"): _("daily call"),
    ("call", "week"): _("weekly call"),
    ("call", "fortnight"): _("call every two weeks"),
    ("call", "month"): _("monthly call"),
    ("call", "quarter"): _("quarterly call"),
    ("visit", "day"): _("daily visit"),
    ("visit", "week"): _("weekly visit"),
    ("visit", "fortnight"): _("visit every two weeks"),
    ("visit", "month"): _("monthly visit"),
    ("visit", "quarter"): _("quarterly home visit"),
}
KINDS = ("call", "visit")
RISKS = ("urgent", "high", "medium", "low")
RISK_RANK = {"urgent": 0, "high": 1, "medium": 2, "low": 3}
NO_RISK_RANK = 4


class RuleError(ValueError):
    """A rule set that cannot be used; the message names the rule."""


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    every: str
    categories: tuple[str, ...] = ()
    risk: tuple[str, ...] = ()
    label_zh: str = ""
    label_en: str = ""

    @property
    def days(self) -> int:
        return EVERY_DAYS[self.every]

    @property
    def label(self) -> str:
        return in_language(self.label_zh, self.label_en)

    def matches(self, categories: set[str], risk: str) -> bool:
        return bool(categories & set(self.categories)) or (bool(risk) and risk in self.risk)

    def as_dict(self) -> dict:
        return {"code": self.code, "kind": self.kind, "every": self.every,
                "categories": list(self.categories), "risk": list(self.risk),
                "label_zh": self.label_zh, "label_en": self.label_en}  # fmt: skip


@dataclass(frozen=True)
class Cadence:
    kind: str
    days: int
    rule_code: str
    rule_label: str  # the rule's own label, e.g. "高龄 80+"
    every_label: str  # e.g. "monthly call"


@cache
def default_rules() -> tuple[Rule, ...]:
    text = (Path(__file__).parent / "default_rules.toml").read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text)["rule"])


def parse_rules(raw: list[dict]) -> tuple[Rule, ...]:
    """Validate rules given as dicts (a file or a station's version); raise RuleError."""
    from linli.elders.vocabulary import CATEGORY_ORDER

    rules, codes = [], set()
    for item in raw:
        code = str(item.get("code", "")).strip()
        if not code or code in codes:
            raise RuleError(_("Each rule needs its own code (%(code)s).") % {"code": code})
        if item.get("kind") not in KINDS or item.get("every") not in EVERY_DAYS:
            raise RuleError(_("Rule %(code)s: unknown kind or frequency.") % {"code": code})
        categories = tuple(item.get("categories", ()))
        risk = tuple(item.get("risk", ()))
        if set(categories) - set(CATEGORY_ORDER) or set(risk) - set(RISKS):
            raise RuleError(_("Rule %(code)s: unknown category or risk level.") % {"code": code})
        if not categories and not risk:
            raise RuleError(_("Rule %(code)s applies to nobody.") % {"code": code})
        codes.add(code)
        rules.append(Rule(code=code, kind=item["kind"], every=item["every"],
                          categories=categories, risk=risk,
                          label_zh=str(item.get("label_zh", "")),
                          label_en=str(item.get("label_en", ""))))  # fmt: skip
    return tuple(rules)


def cadences_for(rules: tuple[Rule, ...], categories: set[str], risk: str) -> dict[str, Cadence]:
    """For each kind, the most frequent matching rule (the earlier one on a tie)."""
    chosen: dict[str, Rule] = {}
    for rule in rules:
        if not rule.matches(categories, risk):
            continue
        best = chosen.get(rule.kind)
        if best is None or rule.days < best.days:
            chosen[rule.kind] = rule
    return {
        kind: Cadence(kind=kind, days=rule.days, rule_code=rule.code, rule_label=rule.label,
                      every_label=str(EVERY_LABELS[(kind, rule.every)]))
        for kind, rule in chosen.items()
    }  # fmt: skip


def present_on(day: dt.date, *, migratory: bool, months_present: list[int]) -> bool:
    """Whether an elder is here on a day: migratory elders only in their months."""
    return not migratory or not months_present or day.month in months_present


def first_present_day(day: dt.date, *, migratory: bool, months_present: list[int]) -> dt.date:
    """`day`, or the first day of the next month the elder is present (migratory elders)."""
    if present_on(day, migratory=migratory, months_present=months_present):
        return day
    year, month = day.year, day.month
    for _step in range(12):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if month in months_present:
            return dt.date(year, month, 1)
    return day


def next_due(
    *, last_reached: dt.date | None, days: int, today: dt.date, migratory: bool,
    months_present: list[int],
) -> dt.date:  # fmt: skip
    """When the next contact is due: `days` after the last one reached (today if never),
    moved to the elder's next present month if they are away then."""
    due = today if last_reached is None else last_reached + dt.timedelta(days=days)
    if due <= today and not present_on(today, migratory=migratory, months_present=months_present):
        due = today  # fell due before they left: due again when they are back, not "overdue"
    return first_present_day(due, migratory=migratory, months_present=months_present)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)
