"""`linli report`: writes each format, prints JSON with --json, exits 2 on bad input."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

from tests.reports.test_report_world import NAMES, build


@pytest.fixture
def project(world):
    return build(world)


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_writes_each_format(project, tmp_path):
    xlsx, docx, html = tmp_path / "r.xlsx", tmp_path / "r.docx", tmp_path / "r.html"
    found = json.loads(run("monthly", "--project", str(project.pk), "--period", "2026-03",
                           "-o", str(xlsx), "--json"))  # fmt: skip
    assert found["activities_held"] == 2 and found["person_times"] == 9
    assert (found["start"], found["end"]) == ("2026-03-01", "2026-03-31")
    assert (
        load_workbook(xlsx).worksheets[5]["B7"].value == 9
    )  # person-times, under the header on row 5
    run("midterm", "--project", str(project.pk), "--period", "2026-01-01..2026-06-30", "-o",
        str(docx), "--user", "zhuoda-head", "--language", "en")  # fmt: skip
    text = "\n".join(p.text for p in Document(docx).paragraphs)
    assert "3 community activities were held in the period, serving 10 person-times" in text
    run("final", "--project", str(project.pk), "--period", "2026-01-01..2026-06-30", "-o",
        str(html))  # fmt: skip
    page = html.read_text()
    assert "春季郊游" in page and not [n for n in NAMES if n in page]


@pytest.mark.parametrize("args", [
    ["monthly", "--project", "{pk}", "--period", "2026-13", "-o", "{dir}/r.xlsx"],
    ["monthly", "--project", "{pk}", "--period", "2026-06-30..2026-01-01", "-o", "{dir}/r.xlsx"],
    ["monthly", "--project", "999999", "--period", "2026-03", "-o", "{dir}/r.xlsx"],
    ["monthly", "--project", "abc", "--period", "2026-03", "-o", "{dir}/r.xlsx"],
    ["monthly", "--project", "{pk}", "--period", "2026-03", "-o", "{dir}/r.pdf"],
    ["monthly", "--project", "{pk}", "--period", "2026-03", "-o", "{dir}/r.xlsx", "--user", "x"],
])  # fmt: skip
def test_bad_input_exits_2(project, tmp_path, args):
    args = [a.format(pk=project.pk, dir=tmp_path) for a in args]
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert raised.value.returncode == 2
    assert not list(tmp_path.iterdir())
