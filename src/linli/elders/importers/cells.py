"""Reading one roster cell: dates, sex, yes/no marks, living arrangements, remarks, months.

Each parser takes a cell value as the spreadsheet gave it and returns a domain value, or
raises CellError with a translatable message that the importer reports as a warning.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import zhconv
from django.utils.translation import gettext as _

_DIGITS = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")
_SEP = r"\s*[.\-/年]\s*"
_FULL = re.compile(
    rf"^(\d{{4}}){_SEP}(\d{{1,2}})\s*[.\-/月]\s*(\d{{1,2}})\s*日?(?:[\sT]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?$"
)
_YEAR_MONTH = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")
_DATE_IN_TEXT = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}})(?:\s*[.\-/月]\s*(\d{{1,2}}))?")

SEXES = {
    "男": "M",
    "男性": "M",
    "m": "M",
    "male": "M",
    "女": "F",
    "女性": "F",
    "f": "F",
    "female": "F",
}
YES = frozenset({"是", "√", "✓", "✔", "☑", "有", "y", "yes", "是的", "1", "true", "对", "v"})
NO = frozenset({"否", "无", "n", "no", "×", "✗", "✘", "0", "false", "不是", "没有", "非"})
# Checked in order: 独居（子女在外地） is alone, 与老伴和子女同住 is with children.
LIVING_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("institution", ("养老院", "敬老院", "福利院", "护理院", "养老机构", "机构", "institution")),
    ("carer", ("保姆", "护工", "carer", "caregiver")),
    ("alone", ("独居", "独自", "一人居住", "单独居住", "alone")),
    ("spouse", ("空巢",)),
    ("children", ("子女", "儿子", "女儿", "儿女", "孙", "children")),
    ("spouse", ("老伴", "配偶", "夫妻", "夫妇", "与妻", "与夫", "spouse")),
    ("relatives", ("亲属", "亲戚", "兄弟", "姐妹", "侄", "relatives")),
]
DECEASED_WORDS = (
    "已去世",
    "已过世",
    "已死亡",
    "已故",
    "去世",
    "过世",
    "死亡",
    "病故",
    "逝世",
    "离世",
    "已逝",
    "deceased",
    "died",
)
MOVED_WORDS = (
    "已搬走",
    "已迁出",
    "已搬离",
    "已迁走",
    "搬走",
    "迁出",
    "搬离",
    "迁走",
    "外迁",
    "moved",
)
_STATUS_FILLER = re.compile(r"[\s，。、；;,.()（）:：已于在日月年\d\-/]+")


class CellError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def simplified(text: str) -> str:
    """Traditional characters folded to Simplified (zhconv)."""
    if zhconv.zhconv.zhcdicts is None:
        # zhconv's own loader leaves its dictionary file open; load it with a closed handle
        zhconv.loaddict(str(Path(zhconv.__file__).with_name("zhcdict.json")))
    return zhconv.convert(text, "zh-hans")


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Simplified Chinese, half-width digits, no surrounding space: for matching, not storing."""
    return simplified(str(text)).translate(_DIGITS).strip()


def text_of(value) -> str:
    """A cell as text: whole numbers without `.0`, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True)
class PartialDate:
    """A birth date as written: the day (or month) may be missing."""

    year: int
    month: int | None = None
    day: int | None = None
    alt_month: int | None = None  # a number cell 1938.1 may have been typed as 1938.10

    @property
    def complete(self) -> bool:
        return self.day is not None

    def as_date(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def agrees_with(self, day: dt.date) -> bool:
        if self.complete:
            return self.as_date() == day
        months = {self.month, self.alt_month} - {None}
        return day.year == self.year and (not months or day.month in months)


def parse_birth(value) -> PartialDate:
    """Date cells, 1938.05, 1938.5, 1938年5月, 1938年5月12日, 1938/5/12, 1938-05-12, 19380512."""
    if isinstance(value, dt.datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    text = text_of(value).translate(_DIGITS)
    found = _match_date(text)
    if found is None:
        raise CellError(_("“%(value)s” is not a date.") % {"value": text})
    if isinstance(value, float) and found.month == 1 and text.endswith(".1"):
        found = PartialDate(found.year, 1, None, alt_month=10)
    try:
        found.as_date()
    except ValueError:
        raise CellError(_("“%(value)s” is not a real date.") % {"value": text}) from None
    return found


def _match_date(text: str) -> PartialDate | None:
    for pattern in (_FULL, _COMPACT, _YEAR_MONTH, _YEAR):
        m = pattern.match(text)
        if m:
            parts = [int(g) for g in m.groups() if g is not None]
            return PartialDate(*parts)
    return None


def parse_sex(value) -> str:
    sex = SEXES.get(fold(text_of(value)).lower())
    if sex is None:
        raise CellError(_("“%(value)s” is not a sex (男 or 女).") % {"value": text_of(value)})
    return sex


def parse_yes_no(value, *, yes_words: tuple[str, ...] = ()) -> bool:
    """是/否/√/有/无/Y/N; a cell that repeats the column's own word (低保户) also means yes."""
    text = fold(text_of(value)).lower()
    if text in YES or (text and any(w in text for w in yes_words)):
        return True
    if text in NO:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": text_of(value)})


def parse_living(value) -> str:
    text = fold(text_of(value)).lower()
    for code, words in LIVING_WORDS:
        if any(word in text for word in words):
            return code
    raise CellError(
        _("“%(value)s” is not a living arrangement we know.") % {"value": text_of(value)}
    )


@dataclass(frozen=True)
class StatusMark:
    status: str  # "deceased" or "moved"
    on: dt.date | None
    only_status: bool  # the remark says nothing else, so it need not be kept as a note


def parse_status(value) -> StatusMark | None:
    """已故 / 2024年3月去世 / 已搬走 (2024.3.5) in a remark or status cell, else None."""
    text = fold(text_of(value))
    for status, words in (("deceased", DECEASED_WORDS), ("moved", MOVED_WORDS)):
        word = next((w for w in words if w in text.lower()), None)
        if word:
            rest = _STATUS_FILLER.sub("", text.lower().replace(word, ""))
            return StatusMark(status, _date_in(text), only_status=not rest)
    return None


def _date_in(text: str) -> dt.date | None:
    m = _DATE_IN_TEXT.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def parse_months(value) -> list[int]:
    """Months present: 11-4月, 11月至次年4月, 1、2、3、12月, 全年."""
    text = fold(text_of(value))
    if text in ("全年", "常住", "all year"):
        return list(range(1, 13))
    text = re.sub(r"(次年|至|到|~|～|—|－)", "-", text).replace("月份", "").replace("月", "")
    months: set[int] = set()
    for piece in re.split(r"[、,，;；/\s]+", text):
        if piece:
            months.update(_month_range(piece, value))
    if not months:
        raise CellError(_("“%(value)s” is not a list of months.") % {"value": text_of(value)})
    return sorted(months)


def _month_range(piece: str, value) -> list[int]:
    bounds = [p for p in piece.split("-") if p]
    if not all(b.isdigit() and 1 <= int(b) <= 12 for b in bounds) or len(bounds) > 2:
        raise CellError(_("“%(value)s” is not a list of months.") % {"value": text_of(value)})
    first, last = int(bounds[0]), int(bounds[-1])
    if first <= last:
        return list(range(first, last + 1))
    return [*range(first, 13), *range(1, last + 1)]  # 11-4: November to April


def split_words(value) -> list[str]:
    """Category words: split on 、 ; ； ， , and spaces."""
    return [w for w in re.split(r"[、;；，,\s]+", text_of(value)) if w]
