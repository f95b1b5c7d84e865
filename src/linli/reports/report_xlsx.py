"""The report as an xlsx workbook: a cover sheet, then a sheet per section, numbers as numbers,
rates formatted as percentages and native Excel charts.

Formatted as stations in China hand workbooks to a funder: every sheet opens with its title and
the report's name and period, tables have a bold shaded header row and thin borders, columns
are as wide as what they hold (long text wraps), a sheet that opens with its table keeps the
header in view, and every sheet prints on A4 fitted to the page width (landscape when wide),
with the table's header repeated on every printed page and page numbers in the footer. Each
chart sits below the table it draws, no wider than the table, and starts a new printed page
when it would not fit on the current one, so that it always prints whole.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from .report_data import Report, as_fraction

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FONT = "Calibri"  # the workbook's default; Chinese text falls back to the system's CJK font
TITLE_FONT = Font(name=FONT, bold=True, size=16)
SHEET_TITLE_FONT = Font(name=FONT, bold=True, size=14)
HEADING_FONT = Font(name=FONT, bold=True, size=13)
SUBTITLE_FONT = Font(name=FONT, size=10, color="595959")
BOLD = Font(name=FONT, bold=True)
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
MIDDLE = Alignment(vertical="center")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
PERCENT = "0.0%"
DECIMAL = "#,##0.00"
DATE = "yyyy-mm-dd"
FIRST_ROW = 5  # rows 1–3: the sheet's title, the report's name and its period; row 4 empty
MAX_WIDTH = 50  # characters; longer text wraps
HEADER_WIDTH = 14  # a header longer than this wraps rather than widening a column of numbers
LANDSCAPE_FROM = 120  # characters of column width from which a sheet prints landscape
# The printable width and height of A4 in cm, within the margins set below (0.6 in left and
# right, Excel's 0.75 in top and bottom), by orientation.
PRINTABLE_CM = {"portrait": (17.95, 25.89), "landscape": (26.65, 17.19)}
CHART_CM = (16.0, 7.5)  # largest width, height
LINE_PT = 15  # the default row height, in points: one line of text
ROW_CM = LINE_PT / 72 * 2.54
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters


def display_width(text: str) -> int:
    """The width of a text in Excel's character units: a Chinese character takes two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def column_cm(width: float) -> float:
    """A column's width in cm from Excel's character units (7 px per character + 5 px)."""
    return (width * 7 + 5) / 96 * 2.54


def _num(value):
    """Decimals as numbers, so that Excel stores numbers, never text (30.00 as 30)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _value_cell(cell, value, percent: bool = False) -> None:
    """Writes a value with its number format: percentages, decimals (hours, yuan), dates."""
    cell.value = as_fraction(value) if percent and value is not None else _num(value)
    if percent:
        cell.number_format = PERCENT
    elif isinstance(cell.value, float):
        cell.number_format = DECIMAL
    elif hasattr(value, "isoformat"):
        cell.number_format = DATE


class Sheet:
    """Writes a sheet top to bottom: headings, label–value pairs, tables and charts, then lays
    it out for screen and print (`finish`)."""

    def __init__(self, workbook: Workbook, report: Report, title: str,
                 widths: tuple[int, ...]):  # fmt: skip
        self.ws = workbook.create_sheet(title[:31])
        self.widths = list(widths)  # the least width of each column
        self.row = FIRST_ROW
        self.header_row: int | None = None  # of a table that opens the sheet
        self.charts: list[tuple[object, int, int]] = []  # each chart, its first row, its rows
        self.tables = 0
        self.blocks: list[tuple[int, int]] = []  # first and last row of each table and chart
        self.headers: set[str] = set()  # coordinates of the tables' header cells
        self.headings: set[str] = set()
        self.ws.cell(1, 1, title).font = SHEET_TITLE_FONT
        self.ws.cell(2, 1, report.title).font = SUBTITLE_FONT
        period = f"{report.start:%Y-%m-%d} – {report.end:%Y-%m-%d}"
        self.ws.cell(3, 1, _("Report period: %(period)s") % {"period": period}).font = \
            SUBTITLE_FONT  # fmt: skip

    def heading(self, text: str) -> None:
        cell = self.ws.cell(self.row, 1, text)
        cell.font = HEADING_FONT
        self.headings.add(cell.coordinate)
        self.row += 1

    def pair(self, label: str, value, percent: bool = False) -> None:
        label_cell = self.ws.cell(self.row, 1, label)
        label_cell.font, label_cell.fill, label_cell.border = BOLD, HEADER_FILL, BORDER
        cell = self.ws.cell(self.row, 2)
        _value_cell(cell, value, percent)
        cell.border = BORDER
        self.row += 1

    def table(self, headers: list[str], rows: list[list], percent_columns=()) -> tuple[int, int]:
        """Writes the table and returns its header row and last row."""
        top = self.row
        self.tables += 1
        if top == FIRST_ROW:
            self.header_row = top
        for col, text in enumerate(headers, start=1):
            cell = self.ws.cell(top, col, text)
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
            cell.alignment = HEADER_ALIGN
            self.headers.add(cell.coordinate)
        for offset, values in enumerate(rows, start=1):
            for col, value in enumerate(values, start=1):
                cell = self.ws.cell(top + offset, col)
                _value_cell(cell, value, col - 1 in percent_columns)
                cell.border, cell.alignment = BORDER, MIDDLE
        self.row = top + len(rows) + 2
        self.blocks.append((top, top + len(rows)))
        return top, top + len(rows)

    def chart(self, title: str, top: int, last: int, value_cols=(2,), kind: str = "column",
              percent: bool = False) -> None:  # fmt: skip
        """A native chart of the table from `top` to `last` (categories in column A), placed
        below it: `column` (vertical bars), `bar` (horizontal bars, for long category names,
        one row per category) or `line`."""
        chart = LineChart() if kind == "line" else BarChart()
        chart.title = title
        categories = max(last - top, 1)
        chart.height = max(CHART_CM[1], 2.5 + 0.6 * categories) if kind == "bar" else CHART_CM[1]
        for col in value_cols:
            data = Reference(self.ws, min_col=col, min_row=top, max_row=top + categories)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(self.ws, min_col=1, min_row=top + 1,
                                       max_row=top + categories))  # fmt: skip
        chart.x_axis.delete = chart.y_axis.delete = False  # Excel hides axes left unset
        if kind == "bar":
            chart.type = "bar"
            chart.x_axis.scaling.orientation = "maxMin"  # the table's first row on top
            chart.y_axis.crosses = "max"  # and the values' axis below, where it is read
        if kind == "line":
            for series in chart.series:
                series.smooth = False  # a smoothed line invents values between months
                series.marker.symbol = "circle"
        if percent:
            chart.y_axis.number_format = "0%"
        if len(value_cols) == 1:
            chart.legend = None  # the title names the only series
        else:
            chart.legend.position = "b"
        rows = math.ceil(chart.height / ROW_CM) + 1
        self.ws.add_chart(chart, f"A{self.row}")
        self.charts.append((chart, self.row, rows))
        self.blocks.append((self.row, self.row + rows - 1))
        self.row += rows + 1

    def finish(self) -> None:
        """Column widths, title rows, frozen header, and the page set-up."""
        self._fit_columns()
        ws = self.ws
        table_cm = sum(column_cm(w) for w in self.widths)
        for chart, _top, _rows in self.charts:
            chart.width = min(max(table_cm, CHART_CM[0] * 0.75), CHART_CM[0])
        columns = self._print_columns()
        self._title_rows(columns)
        if self.header_row and self.tables == 1:
            ws.freeze_panes = ws.cell(self.header_row + 1, 1)
            ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        elif self.tables:  # a header frozen over another table misleads: keep the title
            ws.freeze_panes = ws.cell(FIRST_ROW - 1, 1)
        wide = sum(self.widths) >= LANDSCAPE_FROM
        orientation = "landscape" if wide else "portrait"
        ws.page_setup.orientation = orientation
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.6
        ws.oddFooter.center.text = _("Page &P of &N")
        last_row = max(ws.max_row, self.row - 1)
        ws.print_area = f"A1:{get_column_letter(columns)}{last_row}"
        self._keep_blocks_whole(self._page_rows(orientation, columns))

    def _print_columns(self) -> int:
        """The sheet's columns, and as many more as a chart wider than them covers."""
        columns, covered = len(self.widths), sum(column_cm(w) for w in self.widths)
        widest = max((chart.width for chart, _top, _rows in self.charts), default=0)
        while covered < widest:
            columns += 1
            covered += column_cm(DEFAULT_WIDTH)
        return columns

    def _title_rows(self, columns: int) -> None:
        """The sheet's title, the report's name and its period over the printed width."""
        last = get_column_letter(columns)
        width = sum(self.widths) + DEFAULT_WIDTH * (columns - len(self.widths))
        for row in (1, 2, 3):
            cell = self.ws.cell(row, 1)
            if cell.value is None:
                continue
            if columns > 1:
                self.ws.merge_cells(f"A{row}:{last}{row}")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            lines = math.ceil(display_width(str(cell.value)) * cell.font.sz / 11 / width)
            if lines > 1:
                self.ws.row_dimensions[row].height = LINE_PT * cell.font.sz / 11 * lines + 4

    def _fit_columns(self) -> None:
        """Each column as wide as its longest text (a header counts up to HEADER_WIDTH, a
        heading not at all: it runs over the empty cells beside it), at most MAX_WIDTH; text
        longer than its column wraps, and its row grows to show every line."""
        cells = [c for row in self.ws.iter_rows(min_row=FIRST_ROW) for c in row
                 if isinstance(c.value, str) and c.coordinate not in self.headings]  # fmt: skip
        for cell in cells:
            width = display_width(cell.value) + 2
            if cell.coordinate in self.headers:
                width = min(width, HEADER_WIDTH + 2)
            index = cell.column - 1
            self.widths[index] = min(MAX_WIDTH, max(self.widths[index], width))
        for index, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        lines: dict[int, int] = {}
        for cell in cells:
            room = self.widths[cell.column - 1] - 2
            if display_width(cell.value) > room:
                cell.alignment = HEADER_ALIGN if cell.coordinate in self.headers else WRAP
                need = math.ceil(display_width(cell.value) / room)
                lines[cell.row] = max(lines.get(cell.row, 1), need)
        for row, count in lines.items():
            self.ws.row_dimensions[row].height = LINE_PT * count + 3

    def _page_rows(self, orientation: str, columns: int) -> float:
        """Rows of the default height on a printed page, once fitted to the page width (with a
        twentieth to spare for what the estimate misses)."""
        width_cm, height_cm = PRINTABLE_CM[orientation]
        printed = sum(column_cm(w) for w in self.widths)
        printed += column_cm(DEFAULT_WIDTH) * (columns - len(self.widths))
        scale = min(1.0, width_cm / printed)
        return 0.95 * height_cm / (ROW_CM * scale)

    def _keep_blocks_whole(self, page_rows: float) -> None:
        """A table or chart that fits on a page but would cross the end of the page it starts
        on starts a new page instead (a manual break before it); a longer table runs on over
        pages. Pages are estimated in lines: rows at the default height, wrapped rows by their
        lines, title rows included."""
        page_start = 0.0
        for top, last in sorted(self.blocks):
            if self._lines_to(last) - page_start <= page_rows:
                continue
            if self._lines_to(last) - self._lines_to(top - 1) <= page_rows and top > FIRST_ROW:
                self.ws.row_breaks.append(Break(id=top - 1))
                page_start = self._lines_to(top - 1)
            else:
                while self._lines_to(last) - page_start > page_rows:
                    page_start += page_rows

    def _lines_to(self, last: int) -> float:
        """The height of rows 1 to `last` in lines of the default height."""
        heights = self.ws.row_dimensions
        return sum((heights[r].height or LINE_PT) / LINE_PT if r in heights else 1
                   for r in range(1, last + 1))  # fmt: skip


def report_workbook(report: Report) -> bytes:
    """The workbook's bytes (translated in the active language)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for write in (_cover, _background, _needs, _casework, _groupwork, _activities,
                  _activity_list, _other_services, _indicators, _reflections):  # fmt: skip
        write(workbook, report).finish()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cover(workbook, report: Report) -> Sheet:
    sheet = Sheet(workbook, report, _("Cover"), (24, 50))
    cell = sheet.ws.cell(1, 1, report.title)
    cell.font, cell.alignment = TITLE_FONT, Alignment(wrap_text=True, vertical="center")
    sheet.ws.cell(2, 1).value = sheet.ws.cell(3, 1).value = None  # the cover's own title
    sheet.pair(_("Project"), report.project.name)
    sheet.pair(pgettext("report cover", "Report"), report.kind_label)
    sheet.pair(_("Funder"), report.project.funder)
    sheet.pair(_("Stations"), "、".join(report.stations))
    sheet.pair(_("Period"), f"{report.start:%Y-%m-%d} – {report.end:%Y-%m-%d}")
    return sheet


def _background(workbook, report: Report) -> Sheet:
    sheet = Sheet(workbook, report, _("Project background"), (16, 40))
    p = report.project
    sheet.table([pgettext("report cover", "Item"), _("Content")], [
        [_("Project"), p.name], [_("Funder"), p.funder],
        [_("Project period"), f"{p.starts_on:%Y-%m-%d} – {p.ends_on:%Y-%m-%d}"],
        [_("Report period"), f"{report.start:%Y-%m-%d} – {report.end:%Y-%m-%d}"],
        [_("Stations"), "、".join(report.stations)],
        [_("Budget (yuan)"), None if p.budget_yuan is None else float(p.budget_yuan)],
    ])  # fmt: skip
    return sheet


def _needs(workbook, report: Report) -> Sheet:
    sheet = Sheet(workbook, report, _("Service needs"), (16, 10, 10, 10, 10))
    n = report.needs
    people = pgettext("number of people", "Elders")  # a count (人数), not the registry
    pyramid = [[r["band"], r["male"], r["female"], r["unknown"], n["age_bands"][r["band"]]]
               for r in n["pyramid"]]  # fmt: skip
    top, last = sheet.table([_("Age band"), _("Men"), _("Women"), _("Sex not recorded"),
                             people], pyramid)  # fmt: skip
    sheet.chart(_("Elders by age band"), top, last, value_cols=(5,))
    sheet.pair(_("Active elders"), n["active"])
    sheet.pair(_("Needs-survey coverage"), n["survey_coverage"], percent=True)
    sheet.row += 1
    sheet.table([_("Category"), people], [[c["label"], c["count"]] for c in n["categories"]])
    sheet.table([_("Living arrangement"), people],
                [[c["label"], c["count"]] for c in n["living"]])  # fmt: skip
    return sheet


def _casework(workbook, report: Report) -> Sheet:
    sheet = Sheet(workbook, report, _("Case work"), (28, 10))
    c = report.cases
    sheet.table([_("Figure"), _("Value")], [
        [_("Cases opened"), c["opened"]], [_("Cases closed"), c["closed"]],
        [_("Cases open at the end of the period"), c["open"]],
        [_("Goals of closed cases attained"), c["goals_attained"]],
        [_("Goals of closed cases"), c["goals_total"]],
    ])  # fmt: skip
    sheet.table([_("Open cases at the end of the period, by stage"), _("Cases")],
                [[s["label"], s["count"]] for s in c["open_by_stage"]])  # fmt: skip
    sheet.table([_("Goals by attainment"), _("Goals")],
                [[g["label"], g["count"]] for g in c["goals"]])  # fmt: skip
    return sheet


def _groupwork(workbook, report: Report) -> Sheet:
    sheet = Sheet(workbook, report, _("Group work"), (20, 12, 8, 8, 50))
    sheet.table([_("Group"), _("Type"), _("Sessions"), _("Members"), _("Outcome")],
                [[g["name"], g["type"], g["sessions"], g["members"], g["outcome"]]
                 for g in report.groups])  # fmt: skip
    return sheet


def _activities(workbook, report: Report) -> Sheet:
    sheet = Sheet(workbook, report, _("Community activities"), (16, 12, 12))
    t = report.activity_totals
    sheet.table([_("Figure"), _("Value")], [
        [_("Activities held"), t["activities_held"]], [_("Person-times"), t["person_times"]],
        [_("Persons served"), t["unique_persons"]],
    ])  # fmt: skip
    top, last = sheet.table([_("Month"), _("Activities held"), _("Person-times")],
                            [[m["month"], m["activities"], m["person_times"]]
                             for m in report.trend])  # fmt: skip
    sheet.chart(_("Person-times by month"), top, last, value_cols=(3,), kind="line")
    return sheet


def _activity_list(workbook, report: Report) -> Sheet:
    """The activities one by one, on a sheet of their own: the one table of the report that
    runs over many printed pages, each with its header."""
    sheet = Sheet(workbook, report, _("Activity list"), (12, 24, 12, 24, 10))
    sheet.table([_("Date"), _("Theme"), _("Type"), _("Partners"), _("Person-times")],
                [[a["date"], a["theme"], a["type"], a["partners"], a["person_times"]]
                 for a in report.activities])  # fmt: skip
    return sheet


def _other_services(workbook, report: Report) -> Sheet:
    sheet = Sheet(workbook, report, _("Other services"), (30, 16, 12))
    f, v, s = report.followups, report.volunteers, report.satisfaction
    sheet.heading(_("Follow-ups"))
    sheet.pair(_("Follow-up coverage rate"), f["coverage_rate"], percent=True)
    sheet.pair(_("Elders reached"), f["reached"])
    sheet.pair(_("Home visits"), f["home_visits"])
    sheet.row += 1
    sheet.heading(_("Service requests"))
    sheet.pair(_("Service requests completed"), report.requests["completed"])
    sheet.row += 1
    sheet.table([_("Type of request"), _("Completed")],
                [[r["label"], r["count"]] for r in report.requests["by_type"]])  # fmt: skip
    sheet.heading(_("Resource linkage"))
    if report.referrals is None:
        sheet.pair(_("Referrals"), _("not included"))
        sheet.row += 1
    else:
        sheet.table(
            [_("Party"), _("Type of partner"), _("Referrals")],
            [[r["party"], r["kind"], r["referrals"]] for r in report.referrals],
        )
    sheet.heading(_("Volunteer service"))
    sheet.pair(_("Volunteers registered"), v["registered"])
    sheet.pair(_("Volunteer hours"), v["hours"])
    sheet.pair(_("Pairings"), v["pairings"])
    sheet.row += 1
    sheet.heading(_("Satisfaction"))
    sheet.pair(_("Satisfaction rate"), s["rate"], percent=True)
    sheet.pair(_("Feedback forms"), s["forms"])
    return sheet


def _indicators(workbook, report: Report) -> Sheet:
    sheet = Sheet(workbook, report, _("Indicator attainment"), (30, 8, 10, 10, 12, 12, 10))
    rows = [[i["label"], i["unit"], i["target"], i["value"], i["share_of_target"],
             i["share_of_time"], i["status"]] for i in report.indicators]  # fmt: skip
    top, last = sheet.table(
        [
            _("Indicator"),
            _("Unit"),
            _("Target"),
            _("Value"),
            _("Share of target"),
            _("Share of time"),
            _("Status"),
        ],
        rows,
        percent_columns=(4, 5),
    )
    sheet.chart(_("Indicator attainment"), top, last, value_cols=(5, 6), kind="bar", percent=True)
    return sheet


def _reflections(workbook, report: Report) -> Sheet:
    sheet = Sheet(workbook, report, _("Reflections"), (80,))
    for heading in report.reflections:
        sheet.heading(heading)
        sheet.row += 4
    return sheet
