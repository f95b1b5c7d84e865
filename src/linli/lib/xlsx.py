"""Writing one-sheet workbooks the way every Linli export does: bold frozen header, set widths,
rows streamed through openpyxl's write-only mode (memory stays flat for big registries)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

HIGHLIGHT = PatternFill("solid", fgColor="FFF1E0")


def table_workbook(
    *, title: str, headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence],
    highlight: Callable[[int], bool] | None = None,
) -> tuple[bytes, int]:  # fmt: skip
    """An xlsx with one sheet; returns its bytes and the number of data rows.

    `highlight(index)` marks a row (by its position in `rows`) with a soft fill.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_cell(sheet, value, font=bold) for value in headers])
    count = 0
    for count, values in enumerate(rows, start=1):
        fill = HIGHLIGHT if highlight and highlight(count - 1) else None
        sheet.append([_cell(sheet, value, fill=fill) for value in values] if fill else values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def _cell(sheet, value, *, font=None, fill=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell
