"""The worker's risk floor and the lunar birthday on the elder form and page (the risk level
itself is derived); the stored lunar birth date.

Lunar dates used: 中秋 (八月十五) was 17 Sep 2024 and 6 Oct 2025 (State Council holiday notices)
and is 25 Sep 2026 (DOMAIN.md §8); 2023's 闰二月 began on
22 Mar 2023 (published calendars).
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from linli.elders import services
from linli.elders.models import Elder
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db
D = dt.date
fill_migration = importlib.import_module("linli.elders.migrations.0005_fill_lunar_birth_date")


def lunar_fields(elder: Elder) -> tuple:
    elder.refresh_from_db()
    return elder.lunar_birth_month, elder.lunar_birth_day, elder.lunar_birth_leap


def test_the_lunar_birth_date_follows_the_birth_date(world):
    elder = add_elder(world, "zhuoda", name="中秋", birth_date=D(2026, 9, 25))
    assert lunar_fields(elder) == (8, 15, False)
    actor = world["users"]["zhuoda-sw1"]
    services.elder_update(actor=actor, elder=elder, data={"birth_date": D(2023, 3, 22)})
    assert lunar_fields(elder) == (2, 1, True)
    services.elder_update(actor=actor, elder=elder, data={"birth_date": None})
    assert lunar_fields(elder) == (None, None, False)


def test_the_lunar_birth_date_is_not_in_the_history(world):
    elder = add_elder(world, "zhuoda", name="中秋", birth_date=D(2026, 9, 25))
    historical = elder.history.model
    names = {f.name for f in historical._meta.get_fields()}
    assert "lunar_birth_month" not in names and "birth_date" in names


def test_bulk_creation_fills_the_lunar_birth_date(world):
    created, refused = services.elder_bulk_create(
        actor=world["users"]["zhuoda-head"],
        station=world["zhuoda"],
        rows=[{"name": "甲", "birth_date": D(2026, 9, 25)}, {"name": "乙"}],
        reason="test",
    )
    assert not refused
    assert [lunar_fields(e) for e in created] == [(8, 15, False), (None, None, False)]


def test_the_data_migration_fills_existing_rows_in_batches(world, monkeypatch):
    elders = [
        add_elder(world, "zhuoda", name=f"老{i}", birth_date=D(2026, 9, 25)) for i in range(5)
    ]
    elders.append(add_elder(world, "zhuoda", name="闰", birth_date=D(2023, 3, 22)))
    elders.append(add_elder(world, "zhuoda", name="无"))
    Elder.objects.update(lunar_birth_month=None, lunar_birth_day=None, lunar_birth_leap=False)
    monkeypatch.setattr(fill_migration, "BATCH", 2)
    fill_migration.fill(apps, None)
    assert [lunar_fields(e) for e in elders] == [(8, 15, False)] * 5 + [
        (2, 1, True),
        (None, None, False),
    ]


def form_data(elder: Elder, **changes) -> dict:
    data = {
        "version": elder.version,
        "name": elder.name,
        "birth_date": elder.birth_date.isoformat() if elder.birth_date else "",
        "status": elder.status,
    }
    data.update(changes)
    return data


def test_form_sets_risk_floor_and_lunar_birthday_and_the_page_shows_them(world, client_for):
    elder = add_elder(world, "zhuoda", name="中秋", birth_date=D(2024, 9, 17))
    client = client_for("zhuoda-sw1")
    edit = reverse("elders:edit", args=[elder.pk])
    form_page = client.get(edit).content.decode()
    assert 'name="risk_floor"' in form_page and 'name="lunar_birthday"' in form_page
    assert 'name="risk_level"' not in form_page  # derived, never typed
    assert "Risk at least" in form_page
    response = client.post(edit, form_data(elder, risk_floor="high", lunar_birthday="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    elder.refresh_from_db()
    assert (elder.risk_floor, elder.risk_level) == ("high", "high") and elder.lunar_birthday
    assert [r["rule"] for r in elder.risk_reasons] == ["worker_judgement"]
    assert elder.risk_reasons[0]["text"]["en"] == "worker's judgement: at least high"
    body = client.get(reverse("elders:detail", args=[elder.pk])).content.decode()
    assert "INVALID{" not in body
    assert "lunar 8/15" in body  # 中秋 2024 (State Council notice)
    assert "kept by the lunar calendar" in body
    assert "Risk level" in body and ">high<" in body
    with translation.override("zh-hans"):
        client.cookies["django_language"] = "zh-hans"
        body = client.get(reverse("elders:detail", args=[elder.pk])).content.decode()
    assert "农历八月十五" in body


def test_form_clears_risk_floor_and_lunar_birthday(world, client_for):
    elder = add_elder(
        world, "zhuoda", name="中秋", birth_date=D(2024, 9, 17), risk_floor="medium",
        lunar_birthday=True,
    )  # fmt: skip
    assert elder.risk_level == "medium"
    client = client_for("zhuoda-sw1")
    edit = reverse("elders:edit", args=[elder.pk])
    form_page = client.get(edit).content.decode()
    assert 'value="medium" selected' in form_page
    assert 'name="lunar_birthday"' in form_page and "checked" in form_page
    response = client.post(edit, form_data(elder, risk_floor=""))
    assert response.status_code == 302
    elder.refresh_from_db()
    assert (elder.risk_floor, elder.risk_level, elder.risk_reasons) == ("", "low", [])
    assert not elder.lunar_birthday


def test_create_with_risk_floor(world, client_for):
    response = client_for("zhuoda-sw1").post(
        reverse("elders:create"),
        {"name": "王五", "status": "active", "risk_floor": "urgent", "lunar_birthday": "on",
         "birth_date": "2025-10-06"},
    )  # fmt: skip
    assert response.status_code == 302
    elder = Elder.objects.get(name="王五")
    assert (elder.risk_floor, elder.risk_level) == ("urgent", "urgent") and elder.lunar_birthday
    assert (elder.lunar_birth_month, elder.lunar_birth_day) == (8, 15)  # 中秋 2025


def test_the_derived_level_cannot_be_typed(world, client_for):
    elder = add_elder(world, "zhuoda", name="中秋", birth_date=D(2024, 9, 17))
    response = client_for("zhuoda-sw1").post(
        reverse("elders:edit", args=[elder.pk]), form_data(elder, risk_level="urgent")
    )
    assert response.status_code == 302
    elder.refresh_from_db()
    assert (elder.risk_floor, elder.risk_level) == ("", "low")


def test_invalid_risk_floor_is_refused(world, client_for):
    elder = add_elder(world, "zhuoda", name="中秋", birth_date=D(2024, 9, 17))
    response = client_for("zhuoda-sw1").post(
        reverse("elders:edit", args=[elder.pk]), form_data(elder, risk_floor="extreme")
    )
    assert response.status_code == 200
    elder.refresh_from_db()
    assert (elder.risk_floor, elder.risk_level) == ("", "low")
