"""The xlsx and docx reports open with openpyxl and python-docx and hold the figures counted by
hand (see report_world), charts, and the empty reflection headings; no elder is named. The
layout tests read the files' own settings (widths, print set-up), not a rendering."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Emu
from openpyxl import load_workbook

from linli.reports.report_data import build_report
from linli.reports.report_docx import column_widths, report_document
from linli.reports.report_xlsx import report_workbook
from tests.reports.test_report_world import MARCH, NAMES, build

SHEETS = ("cover", "background", "needs", "cases", "groups", "acts", "act_list", "other",
          "indicators", "reflections")  # fmt: skip


@pytest.fixture
def report(world):
    project = build(world)
    return build_report(project=project, kind="monthly", start=MARCH[0], end=MARCH[1],
                        actor=world["users"]["zhuoda-head"])  # fmt: skip


@pytest.fixture
def sheets(report):
    with translation.override("en"):
        workbook = load_workbook(io.BytesIO(report_workbook(report)))
    assert len(workbook.worksheets) == len(SHEETS)
    return dict(zip(SHEETS, workbook.worksheets, strict=True))


def _cells(sheets) -> str:
    return "\n".join(str(c.value) for ws in sheets.values() for row in ws.iter_rows() for c in row
                     if c.value is not None)  # fmt: skip


def find(ws, text: str) -> tuple[int, int]:
    """Row and column of the first cell holding `text`."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not on {ws.title}")


def column_below(ws, text: str, count: int, offset: int = 0) -> list:
    row, col = find(ws, text)
    return [ws.cell(row + n, col + offset).value for n in range(1, count + 1)]


def test_xlsx_has_the_figures(report, sheets):
    s = sheets
    assert s["cover"]["A1"].value == report.title
    assert find(s["background"], "Content") == (5, 2)  # the table starts on row 5
    assert s["background"]["B6"].value == report.project.name
    assert s["background"]["B11"].value == 300000
    assert column_below(s["needs"], "Age band", 4) == ["60-69", "70-79", "80-89", "90+"]
    assert column_below(s["needs"], "Age band", 4, offset=4) == [1, 1, 1, 0]
    # opened, closed, open at the end, goals of closed cases attained, goals of closed cases
    assert column_below(s["cases"], "Figure", 5, offset=1) == [1, 1, 1, 1, 2]
    assert column_below(s["cases"], "Open cases at the end of the period, by stage", 5) == [
        "intake", "assessment", "plan", "intervention", "evaluation"]  # fmt: skip
    assert column_below(s["cases"], "Open cases at the end of the period, by stage", 5,
                        offset=1) == [1, 0, 0, 0, 0]  # fmt: skip
    assert column_below(s["groups"], "Group", 1) == ["邻里互助小组"]
    assert column_below(s["groups"], "Sessions", 1) == [2]
    assert column_below(s["acts"], "Figure", 3, offset=1) == [2, 9, 3]
    assert column_below(s["acts"], "Month", 1, offset=1) == [2]
    assert column_below(s["acts"], "Month", 1, offset=2) == [9]
    assert column_below(s["act_list"], "Theme", 2) == ["健康讲座", "手工编织"]
    assert column_below(s["act_list"], "Person-times", 2) == [7, 2]
    indicators = s["indicators"]
    row = find(indicators, "服务人次")[0]
    assert (indicators.cell(row, 3).value, indicators.cell(row, 4).value) == (100, 9)
    assert indicators.cell(row, 5).value == pytest.approx(0.09)
    assert indicators.cell(row, 5).number_format == "0.0%"
    assert s["reflections"]["A5"].value == report.reflections[0]
    text = _cells(sheets)
    assert not [name for name in NAMES if name in text]


def test_xlsx_number_formats(sheets):
    row, col = find(sheets["act_list"], "Date")
    assert sheets["act_list"].cell(row + 1, col).number_format == "yyyy-mm-dd"
    row, col = find(sheets["other"], "Volunteer hours")
    hours = sheets["other"].cell(row, col + 1)
    assert (hours.value, hours.number_format) == (2.5, "#,##0.00")
    assert sheets["background"]["B11"].number_format == "#,##0.00"  # the budget, in yuan


def test_every_sheet_has_a_title_and_prints_on_a4_fitted_to_the_width(report, sheets):
    for key, ws in sheets.items():
        if key != "cover":
            assert ws["A1"].value == ws.title
            assert ws["A2"].value == report.title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_area
        assert "&P" in ws.oddFooter.center.text


def test_xlsx_headers_are_bold_filled_bordered_and_frozen_with_a_single_table(sheets):
    ws = sheets["act_list"]
    row, _col = find(ws, "Date")
    assert row == 5
    for cell in ws[row][:5]:
        assert cell.font.b and cell.fill.fgColor.rgb.endswith("DDEBF7")
        assert cell.border.bottom.style == "thin"
    assert ws.cell(row + 1, 2).border.left.style == "thin"
    # a sheet of one table keeps its header in view and prints it on every page
    assert ws.freeze_panes == "A6"
    assert ws.print_title_rows == "$5:$5"
    # a sheet of several tables repeats none of them (it would head another table)
    assert sheets["needs"].print_title_rows is None
    assert sheets["needs"].freeze_panes == "A4"


def test_xlsx_columns_fit_their_text(sheets):
    ws = sheets["cases"]
    label = "Goals of closed cases attained"
    # the longest label of column A (30 characters) sets its width: 30 + 2
    assert ws.column_dimensions["A"].width >= len(label) + 2


def test_charts_sit_below_their_table_and_inside_the_print_area(sheets):
    for key, header in (("needs", "Age band"), ("acts", "Month"), ("indicators", "Indicator")):
        ws = sheets[key]
        (chart,) = ws._charts
        first = chart.anchor._from.row + 1  # the anchor counts rows from 0
        table_top, _col = find(ws, header)
        table_last = next(r for r in range(table_top, ws.max_row + 2)
                          if ws.cell(r, 1).value is None) - 1  # fmt: skip
        assert chart.anchor._from.col == 0 and first > table_last
        assert chart.width <= 16
        last_printed = int(ws.print_area.rsplit("$", 1)[-1])
        assert first + chart.height / 0.53 <= last_printed + 1


def test_a_chart_that_would_cross_the_page_end_starts_a_new_page(report):
    from openpyxl import Workbook

    from linli.reports.report_xlsx import Sheet

    short, long = Sheet(Workbook(), report, "short", (20, 10)), Sheet(Workbook(), report, "long",
                                                                      (20, 10))  # fmt: skip
    top, last = short.table(["month", "n"], [[f"m{i}", i] for i in range(6)])
    short.chart("n", top, last)
    short.finish()
    assert not short.ws.row_breaks.brk  # rows 5–11 and a chart of 16 rows fit on page 1
    top, last = long.table(["month", "n"], [[f"m{i}", i] for i in range(30)])
    long.chart("n", top, last)
    long.finish()
    (chart,) = long.ws._charts
    # 3 title rows, an empty one, the table on rows 5–35, an empty one: a chart of 16 rows
    # from row 37 would end past the ~46 lines of an A4 page, so a break comes after row 36
    assert chart.anchor == "A37"
    assert [b.id for b in long.ws.row_breaks.brk] == [36]


def test_long_text_wraps_and_its_row_grows(report):
    from openpyxl import Workbook

    from linli.reports.report_xlsx import MAX_WIDTH, Sheet

    sheet = Sheet(Workbook(), report, "t", (10, 10))
    sheet.table(["name", "outcome"], [["甲", "字" * 60]])
    sheet.finish()
    assert sheet.ws.column_dimensions["B"].width == MAX_WIDTH
    assert sheet.ws["B6"].alignment.wrap_text
    # 120 units of width in a column of 48: 3 lines of 15 points (+3)
    assert sheet.ws.row_dimensions[6].height == 48


# --- docx ------------------------------------------------------------------------------------
@pytest.fixture
def document(report):
    with translation.override("en"):
        return Document(io.BytesIO(report_document(report)))


def test_docx_has_the_figures_in_sentences_tables_and_empty_reflections(report, document):
    paragraphs = [p.text for p in document.paragraphs]
    text = "\n".join(paragraphs)
    assert report.title in text
    assert (
        "2 community activities were held in the period, serving 9 person-times and 3 persons."
    ) in paragraphs
    assert (
        "1 cases were opened and 1 closed in the period; 1 cases were open at its end. Of the 2 "
        "goals of the closed cases, 1 were attained."
    ) in paragraphs
    assert any(
        p.startswith(
            "1 volunteers are registered; they gave 2.5 hours of service in the period, and "
            "0 pairings"
        )
        for p in paragraphs
    )
    tables = ["\n".join(c.text for row in t.rows for c in row.cells) for t in document.tables]
    assert any("健康讲座" in t and "7" in t for t in tables)
    assert any("60-69" in t for t in tables)
    # the last three headings are the reflections, each followed by nothing
    headings = [(i, p.text) for i, p in enumerate(document.paragraphs)
                if p.style.name.startswith("Heading 1")]  # fmt: skip
    last = headings[-3:]
    assert [h for _i, h in last] == [f"{n}. {r}" for n, r in enumerate(report.reflections, 5)]
    after = [p.text for p in document.paragraphs[last[0][0] + 1 :] if p.style.name == "Normal"]
    assert not any(after)
    everything = text + "\n".join(tables)
    assert not [name for name in NAMES if name in everything]


def test_docx_is_a4_with_chinese_fonts(document):
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 3.17
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:eastAsia"))) == ("Times New Roman", "宋体")
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_docx_tables_fill_the_text_width_in_fixed_columns_with_a_repeated_header(document):
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    assert abs(width - (Cm(21) - 2 * Cm(3.17))) < Cm(0.01)
    # age bands, categories, living, open cases, groups, activities, indicators (no request
    # was completed and no referral made in March)
    assert len(document.tables) == 7
    for table in document.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        # the grid is in twentieths of a point; the text width is 14.66 cm = 8311 twips
        assert abs(sum(grid) - Emu(width).twips) <= len(grid)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        for row in table.rows:  # Word reads the cells' widths, LibreOffice the grid's
            assert [c.width.twips for c in row.cells] == pytest.approx(grid, abs=1)


def test_docx_groups_table_gives_names_and_outcomes_room(document):
    groups = next(t for t in document.tables if t.rows[0].cells[0].text == "Group")
    name, kind, sessions, members, outcome = (c.width for c in groups.rows[0].cells)
    assert outcome > name > kind > sessions == members
    # the weights 3, 2.2, 2, 2, 4.8 (14 in all) of 14.66 cm: the name 3.14 cm, the outcome 5.03
    assert round(name.cm, 1) == 3.1 and round(outcome.cm, 1) == 5.0


def test_docx_figures_are_centred_and_text_is_not(document):
    acts = next(t for t in document.tables if t.rows[0].cells[1].text == "Theme")
    date, theme, _kind, _partners, times = acts.rows[1].cells
    assert date.paragraphs[0].alignment == times.paragraphs[0].alignment == 1  # CENTER
    assert theme.paragraphs[0].alignment is None


@pytest.mark.parametrize(("total", "weights", "expected"), [
    (1000, (1, 3), [250, 750]),
    (100, (1, 1, 1), [33, 33, 34]),  # the last column takes the rounding
    (14, (2, 1.5, 3.5), [4, 3, 7]),
])  # fmt: skip
def test_column_widths(total, weights, expected):
    assert column_widths(total, weights) == expected
