"""The report as a Word narrative: a title, a heading per section, the figures in sentences,
tables for the tables, and the reflection sections left empty under their headings.

Laid out as Chinese funders receive documents: A4 with Word's Chinese default margins, 宋体
text and 黑体 headings, and tables that fill the text width with columns sized by what they hold
(names and themes wide, numbers narrow), a shaded header row repeated on every page a table
runs onto, and rows that never break across pages."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .report_data import Report

# (Latin, Chinese): Times New Roman with 宋体 (SimSun) for text, Arial with 黑体 (SimHei) for
# headings, as documents in China are set; every Word there has them
BODY_FONT, HEADING_FONT = ("Times New Roman", "宋体"), ("Arial", "黑体")
TABLE_SIZE = Pt(10.5)  # 五号, the size of tables in Chinese documents
HEADER_SHADE = "D9E2F3"
# A figure (a count, a share, a date): centred under its heading rather than wrapped text
FIGURE = re.compile(r"^[-+]?[\d,.]+%?$|^—$|^\d{4}-\d{2}-\d{2}$")


def _people() -> str:
    """The column heading of a count of elders (人数), not the registry (老人档案)."""
    return pgettext("number of people", "Elders")


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _number(value) -> str:
    """A target or value without trailing zeros (30.00 → 30, 12.50 → 12.5)."""
    if value is None:
        return "—"
    text = f"{value:f}" if isinstance(value, Decimal) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def text_width(document) -> int:
    """The width between the margins of the last section, in EMU."""
    section = document.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def column_widths(total: int, weights: tuple[float, ...]) -> list[int]:
    """`total` split in proportion to the weights (the last column takes the rounding)."""
    unit = total / sum(weights)
    widths = [int(unit * w) for w in weights[:-1]]
    return [*widths, total - sum(widths)]


def _table(document, headers: list[str], rows: list[list], weights: tuple[float, ...]) -> None:
    """A table over the text width, its columns in proportion to `weights`; the header row is
    repeated on every page the table runs onto."""
    if len(weights) != len(headers):
        raise ValueError("one weight per column")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: Word and LibreOffice keep the widths given
    _fill(table.rows[0], [str(h) for h in headers], header=True)
    for values in rows:
        _fill(table.add_row(), ["" if v is None else str(v) for v in values], header=False)
    for column, width in zip(table.columns, column_widths(text_width(document), weights),
                             strict=True):  # fmt: skip
        column.width = width  # the grid, read by LibreOffice
        for cell in column.cells:
            cell.width = width  # each cell, read by Word
    document.add_paragraph()


def _fill(row, texts: list[str], *, header: bool) -> None:
    _row_property(row, "w:cantSplit")
    if header:
        _row_property(row, "w:tblHeader")
    for cell, text in zip(row.cells, texts, strict=True):
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(text)
        run.font.size, run.bold = TABLE_SIZE, header
        if header or FIGURE.match(text):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if header:
            shade = OxmlElement("w:shd")
            shade.set(qn("w:val"), "clear")
            shade.set(qn("w:fill"), HEADER_SHADE)
            cell._tc.get_or_add_tcPr().append(shade)


def _row_property(row, tag: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _page_and_fonts(document) -> None:
    """A4 with Word's Chinese default margins; 宋体 text, 黑体 black headings."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(3.17)
    styles = document.styles
    for name, (latin, chinese) in (("Normal", BODY_FONT), ("Title", HEADING_FONT),
                                   ("Heading 1", HEADING_FONT),
                                   ("Heading 2", HEADING_FONT)):  # fmt: skip
        style = styles[name]
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would win over ours
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:eastAsia"), chinese)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
    styles["Title"].font.size = Pt(22)  # 二号, the size of a Chinese document's title


def report_document(report: Report) -> bytes:
    """The document's bytes (translated in the active language)."""
    document = Document()
    _page_and_fonts(document)
    title = document.add_heading(report.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _background(document, report)
    _needs(document, report)
    _services(document, report)
    _indicators(document, report)
    for number, heading in enumerate(report.reflections, start=5):
        document.add_heading(f"{number}. {heading}", level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _background(document, report: Report) -> None:
    p = report.project
    document.add_heading(f"1. {_('Project background')}", level=1)
    budget = "—" if p.budget_yuan is None else f"{p.budget_yuan:,.2f}"
    document.add_paragraph(_(
        "The project %(project)s is funded by %(funder)s and runs from %(starts)s to %(ends)s "
        "with a budget of %(budget)s yuan, at %(stations)s. This report covers %(start)s to "
        "%(end)s."
    ) % {"project": p.name, "funder": p.funder, "starts": p.starts_on, "ends": p.ends_on,
         "budget": budget, "stations": "、".join(report.stations), "start": report.start,
         "end": report.end})  # fmt: skip


def _outside_bands(report: Report) -> str:
    """Why the age bands do not add up to the elders served (ages are on the last day)."""
    return _(
        "Ages are on %(end)s: %(under)s were not yet 60 that day and %(unknown)s have no birth "
        "date recorded."
    ) % {"end": report.end, "under": report.needs["under_60"],
         "unknown": report.needs["no_birth_date"]}  # fmt: skip


def _needs(document, report: Report) -> None:
    n = report.needs
    document.add_heading(f"2. {_('Service needs')}", level=1)
    bands = n["age_bands"]
    document.add_paragraph(_(
        "The stations serve %(active)s elders: %(b60)s aged 60–69, %(b70)s aged 70–79, "
        "%(b80)s aged 80–89 and %(b90)s aged 90 or more."
    ) % {"active": n["active"], "b60": bands["60-69"], "b70": bands["70-79"],
         "b80": bands["80-89"], "b90": bands["90+"]})  # fmt: skip
    if n["under_60"] or n["no_birth_date"]:
        document.add_paragraph(_outside_bands(report))
    _table(
        document,
        [_("Age band"), _("Men"), _("Women"), _("Sex not recorded")],
        [[r["band"], r["male"], r["female"], r["unknown"]] for r in n["pyramid"]],
        (3, 2, 2, 2),
    )
    _table(
        document,
        [_("Category"), _people()],
        [[c["label"], c["count"]] for c in n["categories"]],
        (2, 1),
    )
    _table(
        document,
        [_("Living arrangement"), _people()],
        [[c["label"], c["count"]] for c in n["living"]],
        (2, 1),
    )
    if n["survey_coverage"] is not None:
        document.add_paragraph(_("Needs-survey coverage in the period: %(rate)s.")
                               % {"rate": _pct(n["survey_coverage"])})  # fmt: skip


def _services(document, report: Report) -> None:
    document.add_heading(f"3. {_('Services delivered')}", level=1)
    c = report.cases
    document.add_heading(_("Case work"), level=2)
    document.add_paragraph(_(
        "%(opened)s cases were opened and %(closed)s closed in the period; %(open)s cases were "
        "open at its end. Of the %(goals)s goals of the closed cases, %(attained)s were attained."
    ) % {"opened": c["opened"], "closed": c["closed"], "open": c["open"],
         "goals": c["goals_total"], "attained": c["goals_attained"]})  # fmt: skip
    _table(
        document,
        [_("Open cases at the end of the period, by stage"), _("Cases")],
        [[s["label"], s["count"]] for s in c["open_by_stage"]],
        (2, 1),
    )
    document.add_heading(_("Group work"), level=2)
    document.add_paragraph(_("%(n)s groups ran in the period.") % {"n": len(report.groups)})
    _table(document, [_("Group"), _("Type"), _("Sessions"), _("Members"), _("Outcome")],
           [[g["name"], g["type"], g["sessions"], g["members"], g["outcome"]]
            for g in report.groups], (3, 2.2, 2, 2, 4.8))  # fmt: skip
    _activities(document, report)
    _other(document, report)


def _activities(document, report: Report) -> None:
    t = report.activity_totals
    document.add_heading(_("Community activities"), level=2)
    document.add_paragraph(_(
        "%(held)s community activities were held in the period, serving %(times)s person-times "
        "and %(persons)s persons."
    ) % {"held": t["activities_held"], "times": t["person_times"],
         "persons": t["unique_persons"]})  # fmt: skip
    _table(document, [_("Date"), _("Theme"), _("Type"), _("Partners"), _("Person-times")],
           [[a["date"], a["theme"], a["type"], a["partners"], a["person_times"]]
            for a in report.activities], (3, 3.8, 2.4, 3.2, 2))  # fmt: skip


def _other(document, report: Report) -> None:
    f, r, v, s = report.followups, report.requests, report.volunteers, report.satisfaction
    document.add_heading(_("Follow-ups"), level=2)
    document.add_paragraph(_(
        "Follow-up coverage was %(rate)s (%(reached)s of %(elders)s elders reached), with "
        "%(visits)s home visits."
    ) % {"rate": _pct(f["coverage_rate"]), "reached": f["reached"], "elders": f["elders"],
         "visits": f["home_visits"]})  # fmt: skip
    document.add_heading(_("Service requests"), level=2)
    document.add_paragraph(_("%(n)s service requests were completed.") % {"n": r["completed"]})
    if r["by_type"]:
        _table(
            document,
            [_("Type of request"), _("Completed")],
            [[row["label"], row["count"]] for row in r["by_type"]],
            (2, 1),
        )
    document.add_heading(_("Resource linkage"), level=2)
    if report.referrals:
        _table(
            document,
            [_("Party"), _("Type of partner"), _("Referrals")],
            [[row["party"], row["kind"], row["referrals"]] for row in report.referrals],
            (2, 2, 1),
        )
    else:
        document.add_paragraph(_("No referrals are included in this report."))
    document.add_heading(_("Volunteer service"), level=2)
    document.add_paragraph(_(
        "%(registered)s volunteers are registered; they gave %(hours)s hours of service in the "
        "period, and %(pairings)s pairings with elders were active."
    ) % {"registered": v["registered"], "hours": _number(v["hours"]),
         "pairings": v["pairings"]})  # fmt: skip
    document.add_heading(_("Satisfaction"), level=2)
    document.add_paragraph(_("The satisfaction rate was %(rate)s over %(forms)s feedback forms.")
                           % {"rate": _pct(s["rate"]), "forms": s["forms"]})  # fmt: skip


def _indicators(document, report: Report) -> None:
    document.add_heading(f"4. {_('Indicator attainment')}", level=1)
    headers = [_("Indicator"), _("Unit"), _("Target"), _("Value"), _("Share of target"),
               _("Share of time"), _("Status")]  # fmt: skip
    rows = [[i["label"], i["unit"], _number(i["target"]), _number(i["value"]),
             _pct(i["share_of_target"]), _pct(i["share_of_time"]), i["status"]]
            for i in report.indicators]  # fmt: skip
    _table(document, headers, rows, (4, 1.4, 1.4, 1.4, 1.7, 1.7, 1.7))
