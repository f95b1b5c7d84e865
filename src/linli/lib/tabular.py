"""Read a spreadsheet (.xlsx or .csv) into rows of cell values, as stations really make them.

A `Table` is one sheet: `rows[i]` is the row Excel shows as number `i + 1`, text is stripped
and empty text is `None`. Merged cells are filled with their value (a community merged down
over its elders applies to each of them; a header merged over two columns names both), except
a merged range that is the only content of its rows, such as a title: that stays one value.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

import openpyxl
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import range_boundaries

from .errors import UserError

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls (and old .doc)
_DELIMITERS = (",", "\t", ";")
_BLANK = " \t\r\n\u3000\xa0\ufeff"


class TableError(UserError):
    """A file that cannot be read as a table."""


@dataclass
class Table:
    name: str
    rows: list[list[Any]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(any(v is not None for v in row) for row in self.rows)


def read_tables(source, filename: str = "") -> list[Table]:
    """Every sheet of a spreadsheet file (a path, bytes or a binary file object)."""
    data = _read_bytes(source)
    if not data.strip(_BLANK.encode()):
        raise TableError(_("The file is empty."), "empty")
    if data.startswith(_ZIP):
        tables = _read_xlsx(data)
    elif data.startswith(_OLE2):
        raise TableError(
            _("This is an old Excel 97-2003 (.xls) file; open it in Excel and save it as .xlsx."),
            "xls",
        )
    else:
        tables = [_read_csv(_decode(data), Path(filename).stem or "csv")]
    if all(table.is_empty() for table in tables):
        raise TableError(_("The spreadsheet is empty."), "empty")
    return tables


def read_table(source, filename: str = "", *, accept: Callable[[Table], Any]) -> tuple[Table, Any]:
    """The first sheet that `accept` recognises, with what `accept` returned for it."""
    for table in read_tables(source, filename):
        if table.is_empty():
            continue
        found = accept(table)
        if found:
            return table, found
    raise TableError(_("No sheet in this file has a recognisable header row."), "no_header")


def _read_bytes(source) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read()
    return data.encode() if isinstance(data, str) else data


# --- xlsx --------------------------------------------------------------------------------
def _read_xlsx(data: bytes) -> list[Table]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for files that are not workbooks
        raise TableError(_("This file is not a spreadsheet (.xlsx or .csv)."), "format") from exc
    try:
        return [_read_sheet(sheet) for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _read_sheet(sheet) -> Table:
    sheet.reset_dimensions()  # some writers record a wrong size; read what is really there
    rows = [_trim([_clean(v) for v in row]) for row in sheet.iter_rows(values_only=True)]
    _fill_merged(rows, _merged_ranges(sheet))
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    return Table(name=sheet.title, rows=rows)


def _merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range; read-only sheets omit them."""
    ranges = []
    try:
        with sheet._get_source() as source:
            for _event, element in iterparse(source):
                if element.tag.endswith("}mergeCell") and element.get("ref"):
                    ranges.append(range_boundaries(element.get("ref")))
                element.clear()
    except (AttributeError, KeyError, zipfile.BadZipFile, SyntaxError):
        return []
    return ranges


def _fill_merged(rows: list[list[Any]], ranges: Iterable[tuple[int, int, int, int]]) -> None:
    width = max((len(row) for row in rows), default=0)
    for min_col, min_row, max_col, max_row in ranges:
        if min_row > len(rows):
            continue
        max_row, max_col = min(max_row, len(rows)), min(max_col, width)
        value = _at(rows, min_row, min_col)
        if value is None or _only_content(rows, min_col, min_row, max_col, max_row):
            continue
        for r in range(min_row, max_row + 1):
            row = rows[r - 1]
            row.extend([None] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = value


def _only_content(rows, min_col: int, min_row: int, max_col: int, max_row: int) -> bool:
    for r in range(min_row, max_row + 1):
        for c, value in enumerate(rows[r - 1], start=1):
            if value is not None and not min_col <= c <= max_col:
                return False
    return True


def _at(rows: list[list[Any]], row: int, col: int) -> Any:
    cells = rows[row - 1]
    return cells[col - 1] if col <= len(cells) else None


# --- csv ---------------------------------------------------------------------------------
def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise TableError(_("This file is not a spreadsheet (.xlsx or .csv)."), "format")
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 is a superset of GBK and GB2312
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise TableError(_("This file is not a spreadsheet (.xlsx or .csv)."), "format")


def _looks_like_text(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls <= len(sample) // 100


def _read_csv(text: str, name: str) -> Table:
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [_trim([_clean(v) for v in row]) for row in reader]
    while rows and not rows[-1]:
        rows.pop()
    return Table(name=name, rows=rows)


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


# --- cells -------------------------------------------------------------------------------
def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip(_BLANK)
        return value or None
    return value


def _trim(row: list[Any]) -> list[Any]:
    while row and row[-1] is None:
        row.pop()
    return row
