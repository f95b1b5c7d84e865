"""The report as an xlsx workbook: a cover sheet, then a sheet per section, bold filled header
rows, numbers as numbers, rates formatted as percentages and native Excel charts."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .report_data import Report, as_fraction

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=16)
BOLD = Font(bold=True)
PERCENT = "0.0%"


class Sheet:
    """Writes a sheet top to bottom: headings, label–value pairs and tables."""

    def __init__(self, workbook: Workbook, title: str, widths: tuple[int, ...]):
        self.ws = workbook.create_sheet(title[:31])
        self.row = 1
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def heading(self, text: str) -> None:
        self.ws.cell(self.row, 1, text).font = Font(bold=True, size=13)
        self.row += 1

    def pair(self, label: str, value, percent: bool = False) -> None:
        self.ws.cell(self.row, 1, label).font = BOLD
        cell = self.ws.cell(self.row, 2, as_fraction(value) if percent else _num(value))
        if percent:
            cell.number_format = PERCENT
        self.row += 1

    def table(self, headers: list[str], rows: list[list], percent_columns=()) -> tuple[int, int]:
        """Writes the table and returns its header row and last row."""
        top = self.row
        for col, text in enumerate(headers, start=1):
            cell = self.ws.cell(top, col, text)
            cell.font, cell.fill = BOLD, HEADER_FILL
        if top == 1:  # a sheet that opens with its table keeps the header in view
            self.ws.freeze_panes = self.ws.cell(top + 1, 1)
        for offset, values in enumerate(rows, start=1):
            for col, value in enumerate(values, start=1):
                percent = col - 1 in percent_columns
                cell = self.ws.cell(top + offset, col, as_fraction(value) if percent else
                                    _num(value))  # fmt: skip
                if percent:
                    cell.number_format = PERCENT
        self.row = top + len(rows) + 2
        return top, top + len(rows)

    def bar_chart(self, title: str, top: int, last: int, value_cols=(2,), anchor="E2",
                  line: bool = False) -> None:  # fmt: skip
        chart = LineChart() if line else BarChart()
        chart.title, chart.height, chart.width = title, 7.5, 16
        for col in value_cols:
            data = Reference(self.ws, min_col=col, min_row=top, max_row=max(last, top + 1))
            chart.add_data(data, titles_from_data=True)
        cats = Reference(self.ws, min_col=1, min_row=top + 1, max_row=max(last, top + 1))
        chart.set_categories(cats)
        self.ws.add_chart(chart, anchor)


def _num(value):
    """Decimals as floats, so that Excel stores numbers, never text."""
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value


def report_workbook(report: Report) -> bytes:
    """The workbook's bytes (translated in the active language)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _cover(workbook, report)
    _background(workbook, report)
    _needs(workbook, report)
    _casework(workbook, report)
    _groupwork(workbook, report)
    _activities(workbook, report)
    _other_services(workbook, report)
    _indicators(workbook, report)
    _reflections(workbook, report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cover(workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Cover"), (60, 40))
    cell = sheet.ws.cell(2, 1, report.title)
    cell.font, cell.alignment = TITLE_FONT, Alignment(wrap_text=True)
    sheet.row = 4
    sheet.pair(_("Funder"), report.project.funder)
    sheet.pair(_("Stations"), "、".join(report.stations))
    sheet.pair(_("Period"), f"{report.start:%Y-%m-%d} – {report.end:%Y-%m-%d}")


def _background(workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Project background"), (24, 50))
    p = report.project
    sheet.table([pgettext("report cover", "Item"), _("Content")], [
        [_("Project"), p.name], [_("Funder"), p.funder],
        [_("Project period"), f"{p.starts_on:%Y-%m-%d} – {p.ends_on:%Y-%m-%d}"],
        [_("Report period"), f"{report.start:%Y-%m-%d} – {report.end:%Y-%m-%d}"],
        [_("Stations"), "、".join(report.stations)],
        [_("Budget (yuan)"), _num(p.budget_yuan)],
    ])  # fmt: skip


def _needs(workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Service needs"), (22, 12, 12, 12, 12))
    n = report.needs
    people = pgettext("number of people", "Elders")  # a count (人数), not the registry
    pyramid = [[r["band"], r["male"], r["female"], r["unknown"], n["age_bands"][r["band"]]]
               for r in n["pyramid"]]  # fmt: skip
    top, last = sheet.table([_("Age band"), _("Men"), _("Women"), _("Sex not recorded"),
                             people], pyramid)  # fmt: skip
    sheet.bar_chart(_("Elders by age band"), top, last, value_cols=(5,), anchor="G2")
    sheet.pair(_("Active elders"), n["active"])
    sheet.pair(_("Needs-survey coverage"), n["survey_coverage"], percent=True)
    sheet.row += 1
    sheet.table(
        [_("Category"), people],
        [[c["label"], c["count"]] for c in n["categories"]],
    )
    sheet.table([_("Living arrangement"), people],
                [[c["label"], c["count"]] for c in n["living"]])  # fmt: skip


def _casework(workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Case work"), (28, 12))
    c = report.cases
    sheet.table([_("Figure"), _("Value")], [
        [_("Cases opened"), c["opened"]], [_("Cases closed"), c["closed"]],
        [_("Open cases"), report.needs["open_cases_total"]],
        [_("Goals of closed cases attained"), c["goals_attained"]],
        [_("Goals of closed cases"), c["goals_total"]],
    ])  # fmt: skip
    sheet.table([_("Open cases by stage"), _("Cases")],
                [[s["label"], s["count"]] for s in report.needs["open_cases"]])  # fmt: skip
    sheet.table([_("Goals by attainment"), _("Goals")],
                [[g["label"], g["count"]] for g in c["goals"]])  # fmt: skip


def _groupwork(workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Group work"), (24, 14, 10, 10, 70))
    sheet.table([_("Group"), _("Type"), _("Sessions"), _("Members"), _("Outcome")],
                [[g["name"], g["type"], g["sessions"], g["members"], g["outcome"]]
                 for g in report.groups])  # fmt: skip


def _activities(workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Community activities"), (12, 30, 14, 30, 12))
    t = report.activity_totals
    sheet.table([_("Figure"), _("Value")], [
        [_("Activities held"), t["activities_held"]], [_("Person-times"), t["person_times"]],
        [_("Persons served"), t["unique_persons"]],
    ])  # fmt: skip
    top, last = sheet.table([_("Month"), _("Activities held"), _("Person-times")],
                            [[m["month"], m["activities"], m["person_times"]]
                             for m in report.trend])  # fmt: skip
    sheet.bar_chart(_("Person-times by month"), top, last, value_cols=(3,), anchor="G2",
                    line=True)  # fmt: skip
    sheet.table([_("Date"), _("Theme"), _("Type"), _("Partners"), _("Person-times")],
                [[a["date"], a["theme"], a["type"], a["partners"], a["person_times"]]
                 for a in report.activities])  # fmt: skip
    for row in sheet.ws.iter_rows(min_col=1, max_col=1):
        for cell in row:
            if hasattr(cell.value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"


def _other_services(workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Other services"), (30, 16, 12))
    f, v, s = report.followups, report.volunteers, report.satisfaction
    sheet.heading(_("Follow-ups"))
    sheet.pair(_("Follow-up coverage rate"), f["coverage_rate"], percent=True)
    sheet.pair(_("Elders reached"), f["reached"])
    sheet.pair(_("Home visits"), f["home_visits"])
    sheet.row += 1
    sheet.heading(_("Service requests"))
    sheet.pair(_("Service requests completed"), report.requests["completed"])
    sheet.table([_("Type of request"), _("Completed")],
                [[r["label"], r["count"]] for r in report.requests["by_type"]])  # fmt: skip
    sheet.heading(_("Resource linkage"))
    if report.referrals is None:
        sheet.pair(_("Referrals"), _("not included"))
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


def _indicators(workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Indicator attainment"), (30, 10, 10, 10, 14, 14, 12))
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
    sheet.bar_chart(_("Indicator attainment"), top, last, value_cols=(5, 6), anchor="I2")


def _reflections(workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Reflections"), (60,))
    for heading in report.reflections:
        sheet.heading(heading)
        sheet.row += 4
