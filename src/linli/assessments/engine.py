"""The instrument engine: reads an instrument definition and scores a set of answers.

Instruments are data (instruments/*.yaml, and station questionnaires in the same format).
This module is pure: it never reads the database. Every rule an instrument needs is a general
feature here — option scores, reverse scoring, multiple choice counted per choice, items that
are the sum of their parts, sub-scales with a "few ties" flag, bands on the total and band
adjustments triggered by extra answers — never a special case for one instrument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from linli.lib.language import in_language

ITEM_TYPES = ("choice", "multi", "bool", "number", "text", "sum")
KINDS = ("scale", "questionnaire")
OPERATORS = ("equals", "gte", "lte", "in")
MAX_ITEMS = 200
MAX_TEXT = 2000


class DefinitionError(ValueError):
    """A definition that cannot be used; `problems` are readable, each naming its place."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Text:
    """Words in both languages (a station's own questionnaire may give only one)."""

    zh: str
    en: str

    def __str__(self) -> str:
        return in_language(self.zh, self.en)

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Option:
    value: int | str
    score: int
    label: Text


@dataclass(frozen=True)
class Item:
    key: str
    type: str
    text: Text
    options: tuple[Option, ...] = ()
    required: bool = True
    reverse: bool = False
    minimum: int = 0
    maximum: int = 0
    parts: tuple[str, ...] = ()
    default: Any = None
    scored: bool = True
    need: bool = False
    section: str = ""
    help: Text | None = None

    def option(self, value) -> Option | None:
        for opt in self.options:
            # bool is an int in Python; an answer of true is never the option 1.
            if type(value) is type(opt.value) and value == opt.value:
                return opt
        return None

    @property
    def score_span(self) -> tuple[int, int]:
        scores = [o.score for o in self.options]
        return (min(scores), max(scores)) if scores else (0, 0)

    def option_score(self, opt: Option) -> int:
        low, high = self.score_span
        return low + high - opt.score if self.reverse else opt.score


@dataclass(frozen=True)
class Subscale:
    key: str
    label: Text
    items: tuple[str, ...]
    flag_below: int | None = None
    flag_label: Text | None = None


@dataclass(frozen=True)
class Band:
    code: str
    label: Text
    minimum: int
    maximum: int
    grade: int | None = None

    def as_dict(self) -> dict:
        out = {"code": self.code, "label": str(self.label)}
        if self.grade is not None:
            out["grade"] = self.grade
        return out


@dataclass(frozen=True)
class Condition:
    item: str
    op: str
    value: Any
    label: Text

    def holds(self, answers: dict) -> bool:
        got = answers.get(self.item)
        if got is None:
            return False
        if self.op == "equals":
            return type(got) is type(self.value) and got == self.value
        if self.op == "in":
            return got in self.value
        if isinstance(got, bool) or not isinstance(got, int):
            return False
        return got >= self.value if self.op == "gte" else got <= self.value


@dataclass(frozen=True)
class Adjustment:
    code: str
    when_any: tuple[Condition, ...]
    set_band: str = ""
    step: int = 0


@dataclass
class Result:
    """A scored (or, with missing answers or errors, unscored) set of answers."""

    total: int | None = None
    subscales: dict[str, int] = field(default_factory=dict)
    band: Band | None = None
    preliminary_band: Band | None = None
    adjustment: dict | None = None
    flags: list[dict] = field(default_factory=list)
    item_scores: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.errors

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "subscales": self.subscales,
            "band": self.band.as_dict() if self.band else None,
            "preliminary_band": self.preliminary_band.as_dict() if self.preliminary_band else None,
            "adjustment": self.adjustment,
            "flags": self.flags,
            "item_scores": self.item_scores,
            "missing": self.missing,
            "errors": self.errors,
        }


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    kind: str
    name: Text
    short: Text
    source: Text
    description: Text
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...] = ()
    total_items: tuple[str, ...] = ()
    total_label: Text | None = None
    bands: tuple[Band, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    sections: dict[str, Text] = field(default_factory=dict)
    higher_is: str = ""  # "better", "worse" or "" (no direction)

    @property
    def by_key(self) -> dict[str, Item]:
        return {item.key: item for item in self.items}

    @property
    def scored(self) -> bool:
        return bool(self.total_items)

    @property
    def part_keys(self) -> set[str]:
        return {p for item in self.items for p in item.parts}

    def span(self, key: str) -> tuple[int, int]:
        """The lowest and highest score an item (or a sum of parts) can take."""
        item = self.by_key[key]
        if item.type == "sum":
            spans = [self.span(p) for p in item.parts]
            return sum(s[0] for s in spans), sum(s[1] for s in spans)
        if item.type == "multi":
            return 0, sum(max(o.score, 0) for o in item.options)
        if item.type == "number":
            return item.minimum, item.maximum
        return item.score_span

    @property
    def total_range(self) -> tuple[int, int] | None:
        if not self.scored:
            return None
        spans = [self.span(k) for k in self.total_items]
        return sum(s[0] for s in spans), sum(s[1] for s in spans)

    def band_for(self, total: int) -> Band | None:
        return next((b for b in self.bands if b.minimum <= total <= b.maximum), None)

    def score(self, answers: dict) -> Result:
        """Check the answers and, when complete and valid, score them."""
        result = Result()
        if not isinstance(answers, dict):
            result.errors.append({"item": "", "message": _("The answers must be an object.")})
            return result
        values = _check_answers(self, answers, result)
        if not result.complete:
            return result
        _score_items(self, values, result)
        if self.scored:
            result.total = sum(result.item_scores[k] for k in self.total_items)
            result.subscales = {
                s.key: sum(result.item_scores[k] for k in s.items) for s in self.subscales
            }
            result.flags = [
                {"code": f"{s.key}_low", "label": str(s.flag_label or s.label)}
                for s in self.subscales
                if s.flag_below is not None and result.subscales[s.key] < s.flag_below
            ]
            result.preliminary_band = result.band = self.band_for(result.total)
            _adjust(self, values, result)
        return result


def _check_answers(instrument: Instrument, answers: dict, result: Result) -> dict:
    """Valid answers by item key, with defaults filled in; problems go to `result`."""
    items = instrument.by_key
    values: dict = {}
    for key in answers:
        item = items.get(key) if isinstance(key, str) else None
        if item is None:
            result.errors.append({"item": str(key), "message": _("There is no such item.")})
        elif item.type == "sum":
            result.errors.append(
                {"item": key, "message": _("This item is the sum of its parts; answer the parts.")}
            )
    for item in instrument.items:
        if item.type == "sum":
            continue
        raw = answers.get(item.key)
        if raw is None or raw == "":
            if item.required:
                result.missing.append(item.key)
            elif item.default is not None:
                values[item.key] = item.default
            continue
        problem = _problem(item, raw)
        if problem:
            result.errors.append({"item": item.key, "message": problem})
        else:
            values[item.key] = raw
    return values


def _problem(item: Item, raw) -> str:
    """What is wrong with one answer, or ""."""
    if item.type == "choice":
        if item.option(raw) is None:
            allowed = ", ".join(str(o.value) for o in item.options)
            return _("Not one of the allowed answers (%(allowed)s).") % {"allowed": allowed}
    elif item.type == "multi":
        if not isinstance(raw, list):
            return _("Give a list of choices (an empty list for none).")
        if any(item.option(v) is None for v in raw):
            allowed = ", ".join(str(o.value) for o in item.options)
            return _("A choice is not one of the allowed answers (%(allowed)s).") % {
                "allowed": allowed
            }
        if len({str(v) for v in raw}) != len(raw):
            return _("A choice is given twice.")
    elif item.type == "bool":
        if not isinstance(raw, bool):
            return _("Answer true or false.")
    elif item.type == "number":
        if isinstance(raw, bool) or not isinstance(raw, int):
            return _("Give a whole number.")
        if not item.minimum <= raw <= item.maximum:
            return _("Give a number from %(min)s to %(max)s.") % {
                "min": item.minimum,
                "max": item.maximum,
            }
    elif item.type == "text":
        if not isinstance(raw, str):
            return _("Give text.")
        if len(raw) > MAX_TEXT:
            return _("At most %(n)s characters.") % {"n": MAX_TEXT}
    return ""


def _score_items(instrument: Instrument, values: dict, result: Result) -> None:
    for item in instrument.items:
        if item.key not in values:
            continue
        if item.type == "choice":
            result.item_scores[item.key] = item.option_score(item.option(values[item.key]))
        elif item.type == "multi":
            result.item_scores[item.key] = sum(item.option(v).score for v in values[item.key])
        elif item.type == "number" and item.scored:
            result.item_scores[item.key] = values[item.key]
    for item in instrument.items:
        if item.type == "sum":
            result.item_scores[item.key] = sum(result.item_scores[p] for p in item.parts)


def _adjust(instrument: Instrument, values: dict, result: Result) -> None:
    """Apply the first adjustment whose condition holds (at most one applies)."""
    if result.band is None:
        return
    # Steps follow the grade numbers when the bands have them, else the file's order.
    graded = all(b.grade is not None for b in instrument.bands)
    ordered = sorted(instrument.bands, key=lambda b: b.grade) if graded else instrument.bands
    order = [b.code for b in ordered]
    for adjustment in instrument.adjustments:
        held = [c for c in adjustment.when_any if c.holds(values)]
        if not held:
            continue
        if adjustment.set_band:
            target = adjustment.set_band
        else:
            index = min(order.index(result.band.code) + adjustment.step, len(order) - 1)
            target = order[index]
        if target != result.band.code:
            result.adjustment = {
                "code": adjustment.code,
                "from": result.band.code,
                "to": target,
                "reasons": [str(c.label) for c in held],
            }
            result.band = next(b for b in instrument.bands if b.code == target)
        return
