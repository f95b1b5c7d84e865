"""Exporting the filtered registry to xlsx: masked by default, unmasked for heads, logged."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from linli.accounts.models import AccessLog
from linli.elders.exports import elders_workbook
from linli.elders.models import Elder
from tests.conftest import add_elder
from tests.elders.test_views import id_number

pytestmark = pytest.mark.django_db

EXPORT = reverse("elders:export")
ZHANG_ID = id_number(dt.date(1940, 3, 1), seq=12)
LI_ID = id_number(dt.date(1950, 6, 1), seq=3, sex="F")
OUTSIDER_ID = id_number(dt.date(1945, 1, 1), seq=7)
UNMASKED = {"purpose": "Mid-autumn visits with the street office", "confirm": "on"}


@pytest.fixture
def elders(world):
    return {
        "zhang": add_elder(
            world,
            "zhuoda",
            name="张三",
            id_number=ZHANG_ID,
            phones="13800138000 0898-88661234",
            categories=["dibao"],
        ),
        "li": add_elder(world, "zhuoda", name="李四", id_number=LI_ID, phones="13711112222"),
        "outsider": add_elder(
            world, "wangcheng", name="张山", id_number=OUTSIDER_ID, phones="13622223333"
        ),
    }


def sheet_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def column(rows: list[list], title: str) -> list:
    index = rows[0].index(title)
    return [row[index] for row in rows[1:]]


def test_masked_export_for_a_worker(world, client_for, elders):
    rows = sheet_rows(client_for("zhuoda-sw1").get(EXPORT))
    assert rows[0][:6] == ["Name", "Sex", "Birth date", "Age", "ID number", "Phones"]
    assert sorted(column(rows, "Name")) == ["张三", "李四"]
    ids = column(rows, "ID number")
    assert elders["zhang"].id_number_masked in ids and ZHANG_ID not in ids
    assert all("********" in value for value in ids)
    phones = " ".join(column(rows, "Phones"))
    assert "138****8000" in phones and "13800138000" not in phones
    flat = repr(rows)
    assert "张山" not in flat and OUTSIDER_ID[-4:] not in flat
    log = AccessLog.objects.get(action="elders.export.masked")
    assert log.user == world["users"]["zhuoda-sw1"] and log.station == world["zhuoda"]
    assert log.detail["rows"] == 2


def test_export_follows_the_filters(world, client_for, elders):
    rows = sheet_rows(client_for("zhuoda-sw1").get(EXPORT, {"q": "zs"}))
    assert column(rows, "Name") == ["张三"]
    assert column(rows, "Categories") == ["aged 80+、minimum living allowance"]
    assert AccessLog.objects.get(action="elders.export.masked").detail["q"] == "zs"


def test_outsider_gets_nothing_of_the_other_station(world, client_for, elders):
    for q in ("", "张山", "13622223333", OUTSIDER_ID[-4:]):
        rows = sheet_rows(client_for("wangcheng-head").get(EXPORT, {"q": q}))
        assert "张三" not in repr(rows) and "李四" not in repr(rows)
    rows = sheet_rows(client_for("zhuoda-head").post(f"{EXPORT}?q=张山", UNMASKED))
    assert rows[1:] == []


def test_unmasked_export_refused_for_a_worker(world, client_for, elders):
    response = client_for("zhuoda-sw1").post(EXPORT, UNMASKED)
    assert response.status_code in (403, 404)
    assert ZHANG_ID.encode() not in response.content
    assert not AccessLog.objects.filter(action="elders.export.unmasked").exists()


def test_unmasked_export_for_a_head_is_logged(world, client_for, elders):
    response = client_for("zhuoda-head").post(f"{EXPORT}?status=active&q=zs", UNMASKED)
    rows = sheet_rows(response)
    assert column(rows, "ID number") == [ZHANG_ID]
    assert column(rows, "Phones") == ["13800138000 / 0898-88661234"]
    log = AccessLog.objects.get(action="elders.export.unmasked")
    assert log.user == world["users"]["zhuoda-head"] and log.station == world["zhuoda"]
    assert log.detail["rows"] == 1
    assert log.detail["q"] == "zs" and log.detail["filters"]["status"] == "active"
    assert log.detail["purpose"] == UNMASKED["purpose"]


def test_unmasked_export_needs_purpose_and_confirmation(world, client_for, elders):
    client = client_for("zhuoda-head")
    for data in ({}, {"purpose": "visits"}, {"confirm": "on"}):
        response = client.post(EXPORT, data)
        assert response.status_code == 302
        assert not response.get("Content-Disposition")
    assert not AccessLog.objects.filter(action__startswith="elders.export").exists()


def test_unmasked_export_by_get_is_masked(world, client_for, elders):
    rows = sheet_rows(client_for("zhuoda-head").get(EXPORT, {"masked": "0"}))
    assert ZHANG_ID not in column(rows, "ID number")


def test_volunteers_and_viewers_cannot_export(world, client_for, elders):
    elders["zhang"].volunteers.add(world["users"]["zhuoda-vol1"])
    assert client_for("zhuoda-vol1").get(EXPORT).status_code == 403
    assert client_for("jiyang-viewer").get(EXPORT).status_code == 404
    assert not AccessLog.objects.filter(action__startswith="elders.export").exists()


def test_headers_and_labels_in_the_users_language(world, client_for, elders, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = client_for("zhuoda-sw1")
    en = sheet_rows(client.get(EXPORT, headers={"Accept-Language": "en"}))
    assert en[0][0] == "Name" and en[0][9] == "Categories"
    assert "minimum living allowance" in " ".join(filter(None, column(en, "Categories")))
    zh = sheet_rows(client.get(EXPORT, headers={"Accept-Language": "zh-hans"}))
    labels = " ".join(filter(None, (row[9] for row in zh[1:])))
    assert "低保" in labels and "allowance" not in labels


@pytest.mark.parametrize("count", [5, 60])
def test_export_queries_do_not_grow_with_rows(
    world, client_for, django_assert_max_num_queries, count
):
    head = world["users"]["zhuoda-head"]
    area = world["zhuoda"].areas.first()
    for i in range(count):
        add_elder(
            world,
            "zhuoda",
            name=f"王{'伟芳娜敏静'[i % 5]}",
            phones=f"139{i:08d}",
            area=area.pk,
            assigned_worker=head,
            categories=["dibao"],
        )
    client = client_for("zhuoda-head")
    # Session, user, memberships, the elders, their categories, the access log entry.
    with django_assert_max_num_queries(7):
        rows = sheet_rows(client.get(EXPORT))
    assert len(rows) == count + 1


def test_workbook_builder_masks_by_flag(world, elders):
    today = dt.date(2026, 11, 23)
    qs = Elder.objects.filter(pk=elders["zhang"].pk)
    masked, count = elders_workbook(qs, masked=True, today=today)
    full, _count = elders_workbook(qs, masked=False, today=today)
    assert count == 1
    masked_rows = list(load_workbook(io.BytesIO(masked)).active.iter_rows(values_only=True))
    full_rows = list(load_workbook(io.BytesIO(full)).active.iter_rows(values_only=True))
    assert masked_rows[1][4] == elders["zhang"].id_number_masked
    assert full_rows[1][4] == ZHANG_ID
    assert masked_rows[1][3] == 86  # age on the given day
