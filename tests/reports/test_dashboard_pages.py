"""The summary API and the dashboards: who may see them, what they show, and a bounded cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import add_elder, make_user

URL = "/api/v1/stations/{code}/summary"
NAMES = ("王秀英", "李建国", "张桂兰")
ID_NUMBER = "460200195001011234"


@pytest.fixture
def elders(world):
    born = (dt.date(1956, 11, 23), dt.date(1946, 1, 1), dt.date(1930, 6, 1))
    found = [add_elder(world, "zhuoda", name=n, birth_date=b, sex=s, phones="13800138000")
             for n, b, s in zip(NAMES, born, ("F", "M", "F"), strict=True)]  # fmt: skip
    add_elder(world, "wangcheng", name="望城老人", birth_date=dt.date(1950, 5, 5), sex="F")
    return found


def _no_personal_data(text: str):
    for name in (*NAMES, "望城老人", "13800138000", ID_NUMBER):
        assert name not in text


# --- the API ---------------------------------------------------------------------------------
@pytest.mark.parametrize("username", ["zhuoda-head", "zhuoda-sw1", "jiyang-viewer"])
def test_staff_and_region_viewer_get_the_figures(world, client_for, elders, username):
    response = client_for(username).get(URL.format(code="zhuoda"), {"on": "2026-11-23"})
    assert response.status_code == 200
    body = response.json()
    assert body["on"] == "2026-11-23" and body["active"] == 3
    # born 1956-11-23 (70 that day), 1946-01-01 (80) and 1930-06-01 (96)
    assert body["age_bands"] == {"60-69": 0, "70-79": 1, "80-89": 1, "90+": 1}
    _no_personal_data(response.content.decode())


@pytest.mark.parametrize("username", ["wangcheng-head", "zhuoda-vol1", "wangcheng-vol1"])
def test_others_get_404(world, client_for, elders, username):
    response = client_for(username).get(URL.format(code="zhuoda"))
    assert response.status_code == 404
    _no_personal_data(response.content.decode())


def test_a_viewer_reaches_only_their_region(world, client_for, elders):
    assert client_for("jiyang-viewer").get(URL.format(code="wangcheng")).status_code == 404
    assert client_for("jiyang-viewer").get(URL.format(code="nowhere")).status_code == 404


def test_the_api_needs_a_signed_in_user(world, elders):
    from django.test import Client

    assert Client().get(URL.format(code="zhuoda")).status_code == 401


def test_a_bad_date_is_invalid(world, client_for):
    response = client_for("zhuoda-head").get(URL.format(code="zhuoda"), {"on": "2026-13-01"})
    assert response.status_code == 422


# --- the pages -------------------------------------------------------------------------------
def test_station_dashboard_for_staff(world, client_for, elders):
    response = client_for("zhuoda-head").get(reverse("dashboard:station"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "卓达大社区社会工作服务站" in text
    assert 'data-chart="st-pyramid"' in text and 'id="st-pyramid"' in text
    assert "<table" in text and "echarts.min.js" in text and "linli/charts.js" in text
    assert "style=" not in text and "onclick" not in text
    _no_personal_data(text)


def test_a_volunteer_may_not_see_the_station_dashboard(world, client_for, elders):
    assert client_for("zhuoda-vol1").get(reverse("dashboard:station")).status_code == 403


def test_a_viewer_is_sent_to_the_region(world, client_for):
    response = client_for("jiyang-viewer").get(reverse("dashboard:station"))
    assert response.status_code == 302 and response.url == reverse("dashboard:region")


def test_region_dashboard_for_the_viewer(world, client_for, elders):
    response = client_for("jiyang-viewer").get(reverse("dashboard:region"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "吉阳区" in text and "卓达大社区社会工作服务站" in text
    assert "望城社区社会工作服务站" not in text  # another region's station
    assert 'data-chart="rg-pyramid"' in text and "style=" not in text
    _no_personal_data(text)


@pytest.mark.parametrize("username", ["zhuoda-head", "zhuoda-vol1"])
def test_the_region_dashboard_is_for_viewers_only(world, client_for, username):
    assert client_for(username).get(reverse("dashboard:region")).status_code == 404


def test_signed_out_users_are_sent_to_sign_in(world):
    from django.test import Client

    for name in ("dashboard:station", "dashboard:region"):
        assert Client().get(reverse(name)).status_code == 302


def test_a_user_of_no_station_gets_404(world):
    from django.test import Client

    client = Client()
    client.force_login(make_user("nobody"))
    assert client.get(reverse("dashboard:station")).status_code == 404


def test_the_station_dashboard_costs_the_same_with_few_and_many_elders(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("zhuoda-head")
    add_elder(world, "zhuoda", name="一位", birth_date=dt.date(1950, 1, 1), sex="M")
    with django_assert_max_num_queries(16) as few:
        assert client.get(reverse("dashboard:station")).status_code == 200
    for i in range(20):
        add_elder(world, "zhuoda", name=f"老人{i}", birth_date=dt.date(1930 + i, 2, 2), sex="F")
    with django_assert_max_num_queries(16) as many:
        assert client.get(reverse("dashboard:station")).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_region_viewer_finds_the_dashboard_and_projects_in_the_nav(world, client_for):
    from django.urls import reverse as url

    body = client_for("jiyang-viewer").get(url("dashboard:region")).content.decode()
    assert f'href="{url("dashboard:region")}"' in body and f'href="{url("projects:list")}"' in body
    staff = client_for("zhuoda-sw1").get(url("dashboard:station")).content.decode()
    assert f'href="{url("dashboard:station")}"' in staff and url("dashboard:region") not in staff
