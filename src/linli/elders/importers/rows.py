"""One roster row read into what the registry needs, with its warnings and errors.

Rules that are choices rather than facts:
- The ID number wins over birth-date and sex columns; a disagreement is a warning.
- A year-and-month birth date is only flagged when it is what gets recorded (no ID number):
  with an ID number that agrees, nothing is imprecise.
- An area that is not one of the station's is a warning and the elder is kept without an
  area: the person is still served and the area can be set later, while rejecting the row
  would leave them out of the registry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from linli.lib.crypto import blind_index
from linli.lib.identifiers import IdNumberError, normalise, parse_id_number
from linli.lib.phones import is_placeholder, split_phones

from . import cells
from .headers import Column, Header, category_code

NO_ID = frozenset({"无", "没有", "暂无", "待补", "不详", "未知", "/", "-", "--", "—"})
# The same message as linli.lib.identifiers gives for a number cell, so one translation.
EXCEL_NUMBER = gettext_lazy(
    "Excel stored this ID number as a number and lost its last digits; "
    "format the column as text and type the number again."
)
_CJK_NAME = re.compile(r"^[\u3400-\u9fff·•\s]+$")
_PHONE_IN_TEXT = re.compile(r"\+?\d[\d\s\-]{5,}\d")
_AREA_SUFFIXES = (
    "社区居民委员会",
    "村民委员会",
    "居民委员会",
    "社区居委会",
    "村委会",
    "居委会",
    "社区",
    "村",
    "居",
)


@dataclass
class RosterRow:
    number: int
    name: str = ""
    id_number: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    area_id: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # set as given: address, status, …
    phones: list[str] = field(default_factory=list)
    marks: dict[str, bool] = field(default_factory=dict)  # category code -> yes / no
    contact: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    # cells kept until the ID number is read, because it wins over them
    id_cell: tuple[Column, Any] | None = None
    birth_cell: tuple[Column, cells.PartialDate] | None = None
    sex_cell: tuple[Column, str] | None = None

    def warn(self, column: Column | str, message) -> None:
        self.warnings.append((_title(column), str(message)))

    def error(self, column: Column | str, message) -> None:
        self.errors.append((_title(column), str(message)))

    @property
    def id_hash(self) -> str:
        return blind_index(self.id_number) if self.id_number else ""


def _title(column: Column | str) -> str:
    return column.title if isinstance(column, Column) else column


class AreaIndex:
    """The station's areas by name, tolerant of 海罗 / 海罗村 / 海罗村委会."""

    def __init__(self, areas):
        self.exact = {cells.fold(a.name): a.pk for a in areas}
        self.core: dict[str, list[int]] = {}
        for area in areas:
            self.core.setdefault(_core(area.name), []).append(area.pk)

    def find(self, text: str) -> int | None:
        key = cells.fold(text)
        if key in self.exact:
            return self.exact[key]
        core = _core(text)
        found = {
            pk for name, pks in self.core.items() if name and core.endswith(name) for pk in pks
        }
        return found.pop() if len(found) == 1 else None


def _core(name: str) -> str:
    key = re.sub(r"\s+", "", cells.fold(name))
    for suffix in _AREA_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


@dataclass
class Context:
    header: Header
    areas: AreaIndex
    today: dt.date


def read_row(values: list, number: int, ctx: Context) -> RosterRow:
    """Read every known cell of a row, then settle identity, living and categories."""
    row = RosterRow(number=number)
    for column in ctx.header.columns:
        value = values[column.index] if column.index < len(values) else None
        if value is None:
            continue
        try:
            READERS[column.field](row, column, value, ctx)
        except cells.CellError as exc:
            row.warn(column, exc.message)
    _settle_identity(row, ctx)
    _settle_categories(row)
    return row


# --- one reader per field ------------------------------------------------------------------
def _name(row: RosterRow, column: Column, value, ctx: Context) -> None:
    text = re.sub(r"\s+", " ", cells.text_of(value))
    row.name = text.replace(" ", "") if _CJK_NAME.match(text) else text  # 张  三 → 张三


def _id(row: RosterRow, column: Column, value, ctx: Context) -> None:
    if not (isinstance(value, str) and (value.strip() in NO_ID or is_placeholder(value))):
        row.id_cell = (column, value)


def _birth(row: RosterRow, column: Column, value, ctx: Context) -> None:
    row.birth_cell = (column, cells.parse_birth(value))


def _sex(row: RosterRow, column: Column, value, ctx: Context) -> None:
    row.sex_cell = (column, cells.parse_sex(value))


def _phone(row: RosterRow, column: Column, value, ctx: Context) -> None:
    phones, rejected = split_phones(value)
    row.phones.extend(p.number for p in phones if p.number not in row.phones)
    for piece in rejected:
        row.warn(
            column, _("“%(piece)s” is not a phone number; it was left out.") % {"piece": piece}
        )


def _area(row: RosterRow, column: Column, value, ctx: Context) -> None:
    row.area_id = ctx.areas.find(cells.text_of(value))
    if row.area_id is None:
        row.warn(
            column,
            _(
                "“%(area)s” is not one of this station's areas; the elder was "
                "imported without an area."
            )
            % {"area": cells.text_of(value)},
        )


def _text_field(name: str):
    def read(row: RosterRow, column: Column, value, ctx: Context) -> None:
        row.fields[name] = cells.text_of(value)

    return read


def _living(row: RosterRow, column: Column, value, ctx: Context) -> None:
    row.fields["living_arrangement"] = cells.parse_living(value)


def _categories(row: RosterRow, column: Column, value, ctx: Context) -> None:
    unknown = []
    for word in cells.split_words(value):
        codes = [category_code(word)]
        if codes[0] is None and "/" in word:  # 低保/残疾, but 军属/优抚 is one word
            codes = [category_code(w) for w in word.split("/") if w]
        for code in codes:
            if code is None:
                unknown.append(word)
            else:
                row.marks[code] = True
    if unknown:
        row.warn(
            column,
            _("Unknown category “%(words)s”; it was not recorded.")
            % {"words": "、".join(dict.fromkeys(unknown))},
        )


def _flag(row: RosterRow, column: Column, value, ctx: Context) -> None:
    text = cells.text_of(value)
    row.marks[column.code] = category_code(text) == column.code or cells.parse_yes_no(value)


def _migratory(row: RosterRow, column: Column, value, ctx: Context) -> None:
    yes = category_code(cells.text_of(value)) == "migratory" or cells.parse_yes_no(value)
    row.fields["migratory"] = yes


def _months(row: RosterRow, column: Column, value, ctx: Context) -> None:
    row.fields["months_present"] = cells.parse_months(value)


def _notes(row: RosterRow, column: Column, value, ctx: Context) -> None:
    mark = cells.parse_status(value)
    if mark is not None:
        _mark_status(row, mark)
    if mark is None or not mark.only_status:
        row.notes.append(cells.text_of(value))


def _status(row: RosterRow, column: Column, value, ctx: Context) -> None:
    mark = cells.parse_status(value)
    if mark is not None:
        _mark_status(row, mark)
    elif cells.fold(cells.text_of(value)).lower() not in (
        "在世",
        "健在",
        "正常",
        "在册",
        "active",
        "alive",
    ):
        row.warn(
            column, _("“%(value)s” is not a status we know.") % {"value": cells.text_of(value)}
        )


def _mark_status(row: RosterRow, mark: cells.StatusMark) -> None:
    row.fields["status"] = mark.status
    if mark.on is not None:
        row.fields["status_date"] = mark.on


def _contact_name(row: RosterRow, column: Column, value, ctx: Context) -> None:
    text = cells.text_of(value)
    found = _PHONE_IN_TEXT.search(text)  # 李四 13800000000 in one cell
    if found:
        _contact_phone(row, column, found.group(), ctx)
        text = text.replace(found.group(), " ")
    name = re.sub(r"[\s:：,，/、()（）]+", " ", text).strip()
    if name:
        row.contact["name"] = name


def _contact_phone(row: RosterRow, column: Column, value, ctx: Context) -> None:
    phones, rejected = split_phones(value)
    if phones:
        row.contact["phone"] = " ".join(p.number for p in phones)
    for piece in rejected:
        row.warn(
            column, _("“%(piece)s” is not a phone number; it was left out.") % {"piece": piece}
        )


def _contact_relation(row: RosterRow, column: Column, value, ctx: Context) -> None:
    row.contact["relation"] = cells.text_of(value)


def _extra(row: RosterRow, column: Column, value, ctx: Context) -> None:
    """Kept as JSON: numbers stay numbers, dates become ISO text."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    row.extra[column.title] = value if isinstance(value, int | float) else cells.text_of(value)


def _ignore(row: RosterRow, column: Column, value, ctx: Context) -> None:
    return None


READERS = {
    "name": _name,
    "id_number": _id,
    "birth_date": _birth,
    "sex": _sex,
    "phone": _phone,
    "area": _area,
    "address": _text_field("address"),
    "living": _living,
    "categories": _categories,
    "flag": _flag,
    "migratory": _migratory,
    "months": _months,
    "notes": _notes,
    "status": _status,
    "contact_name": _contact_name,
    "contact_phone": _contact_phone,
    "contact_relation": _contact_relation,
    "extra": _extra,
    "serial": _ignore,
    "age": _ignore,
}


# --- settling what depends on several cells ----------------------------------------------
def _settle_identity(row: RosterRow, ctx: Context) -> None:
    if row.id_cell is not None:
        _read_id(row, ctx)
        return
    id_title = _first_title(ctx.header, "id_number")
    if row.birth_cell is None:
        row.error(
            id_title or _first_title(ctx.header, "birth_date"),
            _(
                "There is no ID number and no birth date; one of them is needed to tell "
                "this elder apart from others."
            ),
        )
        return
    column, birth = row.birth_cell
    row.birth_date = birth.as_date()
    row.sex = row.sex_cell[1] if row.sex_cell else ""
    row.warn(
        id_title, _("There is no ID number; the elder is matched by name, birth date and area.")
    )
    if not birth.complete:
        row.warn(
            column,
            _("Only the year and month of birth are given; the 1st of the month was recorded."),
        )


def _first_title(header: Header, name: str) -> str:
    columns = header.of(name)
    return columns[0].title if columns else ""


def _read_id(row: RosterRow, ctx: Context) -> None:
    column, raw = row.id_cell
    try:
        parsed = parse_id_number(raw, today=ctx.today)
    except IdNumberError as exc:
        row.error(column, _id_message(exc, raw))
        return
    row.id_number, row.birth_date, row.sex = parsed.number, parsed.birth_date, parsed.sex
    if len(normalise(raw)) == 15:
        row.warn(column, _("The old 15-digit ID number was converted to 18 digits."))
    if row.birth_cell and not row.birth_cell[1].agrees_with(parsed.birth_date):
        row.warn(
            row.birth_cell[0],
            _(
                "The birth date differs from the one in the ID number "
                "(%(date)s); the ID number's was kept."
            )
            % {"date": parsed.birth_date.isoformat()},
        )
    if row.sex_cell and row.sex_cell[1] != parsed.sex:
        row.warn(
            row.sex_cell[0],
            _("The sex differs from the one in the ID number; the ID number's was kept."),
        )


def _id_message(exc: IdNumberError, raw) -> str:
    if exc.code == "checksum" and normalise(raw).endswith("000"):
        # Excel kept 15 significant digits and a CSV export then wrote the number out in full.
        return str(EXCEL_NUMBER)
    return str(exc.message)


def _settle_categories(row: RosterRow) -> None:
    """Derived categories become the facts they come from (DOMAIN.md §1)."""
    marks, living = row.marks, row.fields.get("living_arrangement")
    marks.pop("aged80", None)  # follows from the birth date, never recorded
    if marks.pop("migratory", False) and "migratory" not in row.fields:
        row.fields["migratory"] = True
    months = row.fields.get("months_present")
    if months and len(months) < 12 and "migratory" not in row.fields:
        row.fields["migratory"] = True
    if marks.get("alone") and living in (None, "alone"):
        row.fields["living_arrangement"] = living = "alone"
        marks.pop("alone")
    if marks.get("empty_nest") and living in ("alone", "spouse"):
        marks.pop("empty_nest")
