"""Signing in and out, where people land afterwards, and the page in either language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def sign_in(username: str, password: str | None = None, **extra) -> tuple[Client, object]:
    client = Client()
    response = client.post(
        LOGIN, {"username": username, "password": password or f"pw-{username}", **extra}
    )
    return client, response


def test_login_page_renders_a_usable_form(db, client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "INVALID{" not in body
    assert 'name="username"' in body and 'name="password"' in body
    assert 'autocomplete="current-password"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert 'name="viewport"' in body  # usable on a phone


def test_station_member_lands_on_their_day(world):
    client, response = sign_in("zhuoda-sw1")
    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home.status_code == 302 and home["Location"] == reverse("followups:day")
    assert client.get(home["Location"]).status_code == 200


def test_next_is_followed_when_safe(world):
    _client, response = sign_in("zhuoda-sw1", next=reverse("elders:create"))
    assert response["Location"] == reverse("elders:create")
    _client, response = sign_in("zhuoda-sw2", next="https://evil.example/")
    assert "evil.example" not in response["Location"]


def test_viewer_lands_on_a_page_without_personal_data(world):
    from tests.conftest import add_elder

    add_elder(world, "zhuoda", name="张三", phones="13800138000")
    client, response = sign_in("jiyang-viewer")
    body = client.get(response["Location"]).content.decode()
    assert "卓达大社区社会工作服务站" in body  # the region's stations, by name
    assert "望城社区社会工作服务站" not in body  # not in the viewer's region
    assert "张三" not in body and "13800138000" not in body


def test_wrong_password_shows_an_error_and_signs_nobody_in(world):
    client, response = sign_in("zhuoda-sw1", password="wrong")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="alert alert-danger"' in body
    assert client.get(reverse("elders:list")).status_code == 302


def test_logout_by_post(world, client_for):
    client = client_for("zhuoda-sw1")
    body = client.get(reverse("elders:list")).content.decode()
    assert f'action="{reverse("accounts:logout")}" method="post"' in body
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("elders:list")).status_code == 302


def test_login_page_in_chinese_and_english(db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = Client()
    zh = client.get(LOGIN, headers={"Accept-Language": "zh-hans"}).content.decode()
    en = client.get(LOGIN, headers={"Accept-Language": "en"}).content.decode()
    assert '<html lang="zh-hans">' in zh and '<html lang="en">' in en
    # Django's own catalog translates the form's error and field strings already.
    assert "Password" in en
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    again = client.get(LOGIN, headers={"Accept-Language": "zh-hans"}).content.decode()
    assert '<html lang="en">' in again


def test_chinese_error_message_from_djangos_catalog(world, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = Client(headers={"Accept-Language": "zh-hans"})
    body = client.post(LOGIN, {"username": "zhuoda-sw1", "password": "wrong"}).content.decode()
    assert "请输入一个正确的" in body  # Django's zh-hans AuthenticationForm message


def test_signed_in_user_skips_the_login_page(world, client_for):
    response = client_for("zhuoda-sw1").get(LOGIN)
    assert response.status_code == 302


def test_too_many_failures_pause_sign_in(world):
    client = Client()
    for _attempt in range(6):
        response = client.post(LOGIN, {"username": "zhuoda-sw1", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code in (403, 429)
    assert "INVALID{" not in body and "Wait 15 minutes" in body
    _client, response = sign_in("zhuoda-sw1")  # even the right password waits
    assert response.status_code in (403, 429)
