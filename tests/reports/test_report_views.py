"""The report pages: staff of the project's station and viewers of its region get the printable
view and the downloads, an outsider gets 404; nobody ever sees an elder's name."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.reports.test_report_world import NAMES, build

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def project(world):
    return build(world)


def client_of(world, username: str) -> Client:
    client = Client()
    client.force_login(world["users"][username])
    return client


@pytest.mark.parametrize("username", ["zhuoda-head", "zhuoda-sw1", "jiyang-viewer"])
def test_view_and_downloads_without_names(world, project, username):
    client = client_of(world, username)
    page = client.get(reverse("reports:view", args=[project.pk, "monthly"]), MARCH)
    assert page.status_code == 200
    html = page.content.decode()
    assert "健康讲座" in html and "手工编织" in html
    assert not [name for name in NAMES if name in html]
    assert "style=" not in html
    xlsx = client.get(reverse("reports:xlsx", args=[project.pk, "midterm"]), MARCH)
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content))
    text = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row)
    assert not [name for name in NAMES if name in text]
    docx = client.get(reverse("reports:docx", args=[project.pk, "final"]), MARCH)
    assert docx.status_code == 200
    assert docx["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(docx.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = " ".join([p.text for p in document.paragraphs] + cells)
    assert "健康讲座" in text and not [name for name in NAMES if name in text]


def test_outsider_and_bad_input(world, project):
    outsider = client_of(world, "wangcheng-head")
    assert outsider.get(reverse("reports:view", args=[project.pk, "monthly"])).status_code == 404
    staff = client_of(world, "zhuoda-head")
    assert staff.get(reverse("reports:view", args=[project.pk, "weekly"])).status_code == 404
    bad = staff.get(reverse("reports:view", args=[project.pk, "monthly"]),
                    {"from": "2026-03-31", "to": "2026-03-01"})  # fmt: skip
    assert bad.status_code == 400
    assert staff.get(reverse("reports:view", args=[project.pk, "final"]),
                     {"from": "nope"}).status_code == 400  # fmt: skip


def test_anonymous_is_sent_to_log_in(project):
    response = Client().get(reverse("reports:view", args=[project.pk, "monthly"]))
    assert response.status_code == 302


def test_the_project_page_links_its_three_reports(world, project, client_for):
    body = client_for("zhuoda-head").get(reverse("projects:detail", args=[project.pk]))
    for kind in ("monthly", "midterm", "final"):
        assert reverse("reports:view", args=[project.pk, kind]) in body.content.decode()


def test_the_report_page_costs_the_same_queries_with_more_cases(world, project):
    """Open cases at the end of the period are counted in one query, not one per case."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.cases.factories import open_case
    from tests.conftest import add_elder

    client = client_of(world, "zhuoda-head")
    url = reverse("reports:view", args=[project.pk, "monthly"])
    client.get(url, MARCH)  # warm the caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, MARCH).status_code == 200
    for n in range(5):
        elder = add_elder(world, "zhuoda", name=f"个案{n}")
        open_case(world, elder=elder, opened_on=dt.date(2026, 3, 1))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, MARCH)
    assert len(many) == len(few)
    assert '<td class="num">6</td>' in page.content.decode()  # 1 + 5 cases in intake
