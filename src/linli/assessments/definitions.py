"""Reading instrument definitions (YAML) into the engine's objects, with readable problems.

The built-in instruments are the files in instruments/; a station's own questionnaires are
uploaded in the same format and checked by the same code, so a mistake in either is reported
the same way: every problem at once, each naming its place ("items[3].options: …").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from .engine import (
    ITEM_TYPES,
    KINDS,
    MAX_ITEMS,
    OPERATORS,
    Adjustment,
    Band,
    Condition,
    DefinitionError,
    Instrument,
    Item,
    Option,
    Subscale,
    Text,
)

BUILTIN_DIR = Path(__file__).with_name("instruments")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_BYTES = 200_000


class _Reader:
    """Collects problems while turning plain data into engine objects."""

    def __init__(self):
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, raw, where: str, required: bool = True) -> Text | None:
        if isinstance(raw, str | int | float) and not isinstance(raw, bool) and str(raw).strip():
            return Text(str(raw).strip(), str(raw).strip())
        if isinstance(raw, dict) and set(raw) <= {"zh", "en"} and raw:
            zh = str(raw.get("zh") or raw.get("en") or "").strip()
            en = str(raw.get("en") or raw.get("zh") or "").strip()
            if zh:
                return Text(zh, en)
        if raw is not None or required:
            self.problem(where, _("give the words as text, or as zh and en"))
        return None

    def key(self, raw, where: str) -> str:
        if isinstance(raw, str) and KEY.match(raw):
            return raw
        self.problem(where, _("a key is lower-case letters, digits and _, starting with a letter"))
        return ""

    def whole(self, raw, where: str) -> int | None:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        self.problem(where, _("give a whole number"))
        return None


def parse_yaml(source: str | bytes) -> Instrument:
    """An instrument from YAML text; DefinitionError lists every problem."""
    if len(source) > MAX_BYTES:
        raise DefinitionError([_("The file is too large (at most 200 KB).")])
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(n)s") % {"n": mark.line + 1} if mark else _("the file")
        raise DefinitionError([f"{where}: {_('this is not valid YAML')}"]) from None
    return parse(data)


def parse(data) -> Instrument:
    """An instrument from plain data (a parsed YAML or JSON document)."""
    reader = _Reader()
    if not isinstance(data, dict):
        raise DefinitionError([_("The definition must be a mapping with code, name and items.")])
    code = reader.key(data.get("code"), "code")
    kind = data.get("kind", "questionnaire")
    if kind not in KINDS:
        reader.problem("kind", _("must be scale or questionnaire"))
    version = data.get("version")
    if not isinstance(version, str | int | float) or isinstance(version, bool):
        reader.problem("version", _("give a version, such as 1 or 2026.1"))
    name = reader.text(data.get("name"), "name")
    sets = _option_sets(reader, data.get("option_sets") or {})
    sections = {
        str(k): reader.text(v, f"sections.{k}")
        for k, v in _mapping(reader, data.get("sections"), "sections").items()
    }
    items = _items(reader, data.get("items"), sets, sections)
    draft = Instrument(
        code=code,
        version=str(version),
        kind=kind,
        name=name or Text(code, code),
        short=reader.text(data.get("short"), "short", required=False) or name or Text(code, code),
        source=reader.text(data.get("source"), "source", required=False) or Text("", ""),
        description=reader.text(data.get("description"), "description", required=False)
        or Text("", ""),
        items=tuple(items),
        sections=sections,
        higher_is=str(data.get("higher_is") or ""),
    )
    if reader.problems:
        raise DefinitionError(reader.problems)
    instrument = _scoring(reader, draft, data)
    if reader.problems:
        raise DefinitionError(reader.problems)
    return instrument


def _mapping(reader: _Reader, raw, where: str) -> dict:
    if raw is None or isinstance(raw, dict):
        return raw or {}
    reader.problem(where, _("give names with their values"))
    return {}


def _listed(reader: _Reader, raw, where: str) -> list:
    if raw is None or isinstance(raw, list):
        return raw or []
    reader.problem(where, _("give a list"))
    return []


def _option_sets(reader: _Reader, raw) -> dict[str, tuple[Option, ...]]:
    if not isinstance(raw, dict):
        reader.problem("option_sets", _("give named lists of options"))
        return {}
    return {str(k): _options(reader, v, f"option_sets.{k}") for k, v in raw.items()}


def _options(reader: _Reader, raw, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        reader.problem(where, _("give a list of options"))
        return ()
    options, seen = [], set()
    for i, entry in enumerate(raw):
        here = f"{where}[{i}]"
        if not isinstance(entry, dict):
            reader.problem(here, _("an option has a value and a label"))
            continue
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, int | str):
            reader.problem(here, _("an option's value is a whole number or a word"))
            continue
        if str(value) in seen:
            reader.problem(here, _("the value %(v)s appears twice") % {"v": value})
        seen.add(str(value))
        score = entry.get("score", value if isinstance(value, int) else 0)
        score = reader.whole(score, f"{here}.score")
        label = reader.text(entry.get("label"), f"{here}.label")
        if score is not None and label is not None:
            options.append(Option(value=value, score=score, label=label))
    return tuple(options)


def _items(reader: _Reader, raw, sets, sections) -> list[Item]:
    if not isinstance(raw, list) or not raw:
        reader.problem("items", _("give a list of items"))
        return []
    if len(raw) > MAX_ITEMS:
        reader.problem("items", _("at most %(n)s items") % {"n": MAX_ITEMS})
        return []
    items, seen = [], set()
    for i, entry in enumerate(raw):
        item = _item(reader, entry, f"items[{i}]", sets, sections)
        if item is None:
            continue
        if item.key in seen:
            reader.problem(f"items[{i}].key", _("the key %(k)s appears twice") % {"k": item.key})
        seen.add(item.key)
        items.append(item)
    _check_parts(reader, items)
    return items


def _item(reader: _Reader, entry, where: str, sets, sections) -> Item | None:
    if not isinstance(entry, dict):
        reader.problem(where, _("an item has a key, a type and text"))
        return None
    key = reader.key(entry.get("key"), f"{where}.key")
    kind = entry.get("type", "choice")
    if kind not in ITEM_TYPES:
        reader.problem(f"{where}.type", _("one of: %(types)s") % {"types": ", ".join(ITEM_TYPES)})
        return None
    text = reader.text(entry.get("text"), f"{where}.text")
    options: tuple[Option, ...] = ()
    if kind in ("choice", "multi"):
        raw = entry.get("options")
        if isinstance(raw, str):
            if raw not in sets:
                reader.problem(f"{where}.options", _("no option set named %(n)s") % {"n": raw})
            options = sets.get(raw, ())
        else:
            options = _options(reader, raw, f"{where}.options")
        if kind == "choice" and 0 < len(options) < 2:
            reader.problem(f"{where}.options", _("a choice needs at least two options"))
    lo = hi = 0
    if kind == "number":
        lo = reader.whole(entry.get("min"), f"{where}.min") or 0
        hi = reader.whole(entry.get("max"), f"{where}.max") or 0
        if lo > hi:
            reader.problem(where, _("min is above max"))
    section = str(entry.get("section") or "")
    if section and section not in sections:
        reader.problem(f"{where}.section", _("no section named %(n)s") % {"n": section})
    default = entry.get("default")
    if default is not None and not _default_fits(kind, default, lo, hi):
        reader.problem(f"{where}.default", _("the default does not fit the item's type"))
    parts = entry.get("parts") or []
    if kind == "sum" and (not isinstance(parts, list) or not parts):
        reader.problem(f"{where}.parts", _("list the items this one is the sum of"))
    if not key or text is None:
        return None
    return Item(
        key=key,
        type=kind,
        text=text,
        options=options,
        required=bool(entry.get("required", kind != "text" and default is None)),
        reverse=bool(entry.get("reverse", False)),
        minimum=lo,
        maximum=hi,
        parts=tuple(str(p) for p in parts) if isinstance(parts, list) else (),
        default=default,
        scored=bool(entry.get("scored", kind in ("choice", "multi", "sum"))),
        need=bool(entry.get("need", False)),
        section=section,
        help=reader.text(entry.get("help"), f"{where}.help", required=False),
    )


def _default_fits(kind: str, default, lo: int, hi: int) -> bool:
    if kind == "bool":
        return isinstance(default, bool)
    if kind == "number":
        return isinstance(default, int) and not isinstance(default, bool) and lo <= default <= hi
    return False


def _check_parts(reader: _Reader, items: list[Item]) -> None:
    by_key = {item.key: item for item in items}
    used: set[str] = set()
    for item in items:
        for part in item.parts:
            target = by_key.get(part)
            if target is None or target.type == "sum" or not target.scored:
                reader.problem(
                    f"{item.key}.parts",
                    _("%(p)s is not a scored item of this instrument") % {"p": part},
                )
            elif part in used:
                reader.problem(f"{item.key}.parts", _("%(p)s is already a part") % {"p": part})
            used.add(part)


def _scoring(reader: _Reader, draft: Instrument, data: dict) -> Instrument:
    """Add the total, sub-scales, bands and adjustments, checking them against the items."""
    by_key = draft.by_key
    parts = draft.part_keys
    total = data.get("total") or {}
    default_total = [i.key for i in draft.items if i.scored and i.key not in parts]
    total_items = (
        tuple(_listed(reader, total.get("items"), "total.items") or default_total)
        if isinstance(total, dict)
        else ()
    )
    _check_keys(reader, "total.items", total_items, by_key, scored_only=True)
    subscales = tuple(
        _subscale(reader, raw, f"subscales[{i}]", by_key)
        for i, raw in enumerate(_listed(reader, data.get("subscales"), "subscales"))
    )
    label = total.get("label") if isinstance(total, dict) else None
    instrument = replace(
        draft,
        total_items=total_items,
        subscales=subscales,
        total_label=reader.text(label, "total.label", required=False),
    )
    if reader.problems:
        return instrument
    declared = total.get("range") if isinstance(total, dict) else None
    if declared is not None and list(instrument.total_range or ()) != declared:
        reader.problem(
            "total.range",
            _("the items give %(got)s, not %(said)s")
            % {"got": list(instrument.total_range or ()), "said": declared},
        )
    bands = _bands(reader, data.get("bands") or [], instrument)
    adjustments = tuple(
        _adjustment(reader, raw, f"adjustments[{i}]", by_key, bands)
        for i, raw in enumerate(_listed(reader, data.get("adjustments"), "adjustments"))
    )
    return replace(instrument, bands=bands, adjustments=adjustments)


def _check_keys(reader, where, keys, by_key, scored_only=False) -> None:
    for key in keys:
        item = by_key.get(key) if isinstance(key, str) else None
        if item is None or (scored_only and not item.scored):
            reader.problem(where, _("%(k)s is not a scored item of this instrument") % {"k": key})
        elif scored_only and not item.required and item.default is None and item.type != "sum":
            reader.problem(where, _("%(k)s is counted, so it must be required") % {"k": key})


def _subscale(reader, raw, where, by_key) -> Subscale:
    raw = raw if isinstance(raw, dict) else {}
    items = tuple(_listed(reader, raw.get("items"), f"{where}.items"))
    if not items:
        reader.problem(f"{where}.items", _("list the items of the sub-scale"))
    _check_keys(reader, f"{where}.items", items, by_key, scored_only=True)
    flag = raw.get("flag_below")
    if flag is not None:
        flag = reader.whole(flag, f"{where}.flag_below")
    return Subscale(
        key=reader.key(raw.get("key"), f"{where}.key"),
        label=reader.text(raw.get("label"), f"{where}.label") or Text("", ""),
        items=items,
        flag_below=flag,
        flag_label=reader.text(raw.get("flag_label"), f"{where}.flag_label", required=False),
    )


def _bands(reader, raw, instrument: Instrument) -> tuple[Band, ...]:
    if not raw:
        return ()
    if not instrument.scored or not isinstance(raw, list):
        reader.problem("bands", _("bands need a scored total"))
        return ()
    bands = []
    for i, entry in enumerate(raw):
        where = f"bands[{i}]"
        entry = entry if isinstance(entry, dict) else {}
        low, high = entry.get("min"), entry.get("max")
        low = reader.whole(low, f"{where}.min")
        high = reader.whole(high, f"{where}.max")
        grade = entry.get("grade")
        bands.append(
            Band(
                code=reader.key(entry.get("code"), f"{where}.code"),
                label=reader.text(entry.get("label"), f"{where}.label") or Text("", ""),
                minimum=low if low is not None else 0,
                maximum=high if high is not None else 0,
                grade=grade if isinstance(grade, int) else None,
            )
        )
    _check_cover(reader, bands, instrument.total_range)
    return tuple(bands)


def _check_cover(reader, bands: list[Band], span) -> None:
    """Every possible total falls in exactly one band."""
    if reader.problems:
        return
    low, high = span
    ordered = sorted(bands, key=lambda b: b.minimum)
    expected = low
    for band in ordered:
        if band.minimum > band.maximum or band.minimum != expected:
            reader.problem(
                "bands",
                _("the bands must cover %(low)s to %(high)s without gaps or overlaps")
                % {"low": low, "high": high},
            )
            return
        expected = band.maximum + 1
    if expected != high + 1:
        reader.problem(
            "bands",
            _("the bands must cover %(low)s to %(high)s without gaps or overlaps")
            % {"low": low, "high": high},
        )


def _adjustment(reader, raw, where, by_key, bands) -> Adjustment:
    raw = raw if isinstance(raw, dict) else {}
    conditions = []
    when = raw.get("when_any") or []
    if not isinstance(when, list) or not when:
        reader.problem(f"{where}.when_any", _("list the conditions"))
        when = []
    for i, cond in enumerate(when):
        here = f"{where}.when_any[{i}]"
        cond = cond if isinstance(cond, dict) else {}
        ops = [op for op in OPERATORS if op in cond]
        if not isinstance(cond.get("item"), str) or cond["item"] not in by_key or len(ops) != 1:
            reader.problem(here, _("a condition names an item and one of: equals, gte, lte, in"))
            continue
        if not _operand_fits(ops[0], cond[ops[0]]):
            reader.problem(here, _("gte and lte take a whole number, in takes a list"))
            continue
        conditions.append(
            Condition(
                item=cond["item"],
                op=ops[0],
                value=cond[ops[0]],
                label=reader.text(cond.get("label"), f"{here}.label") or Text("", ""),
            )
        )
    set_band = str(raw.get("set_band") or "")
    step = raw.get("step", 0)
    codes = [b.code for b in bands]
    if set_band and set_band not in codes:
        reader.problem(f"{where}.set_band", _("no band named %(n)s") % {"n": set_band})
    if not set_band and (not isinstance(step, int) or step < 1):
        reader.problem(where, _("give set_band or a step of 1 or more"))
    return Adjustment(
        code=reader.key(raw.get("code"), f"{where}.code"),
        when_any=tuple(conditions),
        set_band=set_band,
        step=step if isinstance(step, int) else 0,
    )


def _operand_fits(op: str, value) -> bool:
    """Whether a condition's value can be compared with an answer (never a crash when scoring)."""
    if op in ("gte", "lte"):
        return isinstance(value, int) and not isinstance(value, bool)
    if op == "in":
        return isinstance(value, list)
    return True


@cache
def builtin() -> dict[str, Instrument]:
    """The instruments shipped with Linli, by code."""
    found = {}
    for path in sorted(BUILTIN_DIR.glob("*.yaml")):
        instrument = parse_yaml(path.read_text(encoding="utf-8"))
        found[instrument.code] = instrument
    return found
