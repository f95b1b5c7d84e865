"""The xlsx and docx reports open with openpyxl and python-docx and hold the figures counted by
hand (see report_world), charts, and the empty reflection headings; no elder is named."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from linli.reports.report_data import build_report
from linli.reports.report_docx import report_document
from linli.reports.report_xlsx import report_workbook
from tests.reports.test_report_world import MARCH, NAMES, build


@pytest.fixture
def report(world):
    project = build(world)
    return build_report(project=project, kind="monthly", start=MARCH[0], end=MARCH[1],
                        actor=world["users"]["zhuoda-head"])  # fmt: skip


def _cells(workbook) -> str:
    return "\n".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row
                     if c.value is not None)  # fmt: skip


def test_xlsx_has_the_figures_charts_and_formats(report):
    workbook = load_workbook(io.BytesIO(report_workbook(report)))
    cover, background, needs, cases, groups, acts, other, indicators, reflections = workbook
    assert cover["A2"].value == report.title
    assert background["B2"].value == report.project.name
    assert background["B7"].value == 300000
    # the age bands: header row 1, then 60-69, 70-79, 80-89, 90+ (column E = all elders)
    assert [needs.cell(r, 1).value for r in range(2, 6)] == ["60-69", "70-79", "80-89", "90+"]
    assert [needs.cell(r, 5).value for r in range(2, 6)] == [1, 1, 1, 0]
    assert needs.freeze_panes == "A2"
    # opened, closed, open, goals of closed cases attained, goals of closed cases
    assert [cases[f"B{r}"].value for r in range(2, 7)] == [1, 1, 1, 1, 2]
    assert (groups["A2"].value, groups["C2"].value) == ("邻里互助小组", 2)
    assert [acts[f"B{r}"].value for r in (2, 3, 4)] == [2, 9, 3]
    assert (acts["A7"].value, acts["B7"].value, acts["C7"].value) == ("2026-03", 2, 9)
    themes = [acts.cell(r, 2).value for r in range(10, 12)]
    assert themes == ["健康讲座", "手工编织"]
    assert [acts.cell(r, 5).value for r in range(10, 12)] == [7, 2]
    # indicators: value as a number, % of target as a fraction formatted as a percentage
    rows = {indicators.cell(r, 1).value: r for r in range(2, 5)}
    row = rows["服务人次"]
    assert (indicators.cell(row, 3).value, indicators.cell(row, 4).value) == (100, 9)
    assert indicators.cell(row, 5).value == pytest.approx(0.09)
    assert indicators.cell(row, 5).number_format == "0.0%"
    assert needs._charts and acts._charts and indicators._charts
    assert len(reflections["A1"].value or "") > 0
    text = _cells(workbook)
    assert not [name for name in NAMES if name in text]


def test_docx_has_the_figures_in_sentences_tables_and_empty_reflections(report):
    with translation.override("en"):
        document = Document(io.BytesIO(report_document(report)))
    paragraphs = [p.text for p in document.paragraphs]
    text = "\n".join(paragraphs)
    assert report.title in text
    assert (
        "2 community activities were held in the period, serving 9 person-times and 3 persons."
    ) in paragraphs
    assert (
        "1 cases were opened and 1 closed in the period; 1 cases are open. Of the 2 goals of the "
        "closed cases, 1 were attained."
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
