"""Every page and route has a bounded number of queries that does not grow with the data."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from tests.conftest import add_elder
from tests.elders.roster_files import id_number

pytestmark = pytest.mark.django_db


def _populate(world, count: int) -> list:
    area = world["zhuoda"].areas.first().pk
    return [
        add_elder(world, "zhuoda", name=f"王{i:03d}", id_number=id_number(dt.date(1940, 1, 1), i),
                  area=area, categories=["dibao"], phones=["13800138000"])
        for i in range(count)
    ]  # fmt: skip


def _roster(rows: int) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号码", "联系电话", "所属村（居）", "类别"])
    for i in range(rows):
        sheet.append([f"赵{i:03d}", id_number(dt.date(1945, 3, 1), 500 + i), "13900139000",
                      "海澜社区", "低保、独居"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "roster.xlsx"
    return buffer


@pytest.mark.parametrize("count", [2, 25])
@pytest.mark.parametrize(
    ("username", "route", "bound"),
    [
        ("zhuoda-sw1", "home", 8),
        ("zhuoda-sw1", "elders:create", 10),
        ("zhuoda-sw1", "elders:import", 8),
        ("jiyang-viewer", "home", 8),
        ("zhuoda-sw1", "healthz", 4),
    ],
)
def test_pages_without_an_elder(world, client_for, django_assert_max_num_queries, count,
                                username, route, bound):  # fmt: skip
    _populate(world, count)
    client = client_for(username)
    with django_assert_max_num_queries(bound):
        response = client.get(reverse(route))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("count", [2, 25])
def test_edit_page(world, client_for, django_assert_max_num_queries, count):
    elder = _populate(world, count)[0]
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("elders:edit", args=[elder.pk])).status_code == 200


def test_login_page(client, django_assert_max_num_queries, db):
    with django_assert_max_num_queries(2):
        assert client.get(reverse("accounts:login")).status_code == 200


@pytest.mark.parametrize("rows", [3, 40])
def test_import_preview_and_apply(world, client_for, tmp_path, settings, rows,
                                  django_assert_max_num_queries):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    client = client_for("zhuoda-sw1")
    # New elders, their history and their plans are inserted in batches: SQLite's limit on
    # variables per statement splits 40 rows into two INSERTs each, hence the small margin.
    # Deriving their risk levels adds a constant few: the elders again with their categories,
    # the station's risk rules, their assessments and contacts, and the batched update.
    with django_assert_max_num_queries(40):
        response = client.post(reverse("elders:import"), {"file": _roster(rows)})
    assert response.context["report"]["created"] == rows
    with django_assert_max_num_queries(40):
        done = client.post(reverse("elders:import_apply"), {"token": response.context["token"]})
    assert done.status_code == 200
    assert world["zhuoda"].elders.count() == rows


def test_station_switch(world, client_for, django_assert_max_num_queries):
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(6):
        response = client.post(reverse("stations:switch"), {"station": "zhuoda"})
    assert response.status_code == 302


@pytest.mark.parametrize("count", [2, 25])
def test_consent_page(world, client_for, django_assert_max_num_queries, count):
    elder = _populate(world, count)[0]
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("elders:consent_add", args=[elder.pk])).status_code == 200
