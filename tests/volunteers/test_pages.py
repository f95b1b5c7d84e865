"""The staff's pages, the volunteer's phone page and what it shows of elders, the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from linli.accounts.models import AccessLog
from linli.followups.models import Contact
from linli.volunteers import services
from linli.volunteers.models import HoursEntry, Pairing, Team, Volunteer
from tests.conftest import add_elder, token_client

from .factories import TODAY, add_hours, add_volunteer, head

DAY = dt.date(2026, 10, 1)
SECRET_ID = "460203194501011239"
STAFF_PAGES = ("volunteers:list", "volunteers:new", "volunteers:teams", "volunteers:hours",
               "volunteers:recognition", "volunteers:export", "volunteers:pair")  # fmt: skip


def _paired_world(world):
    """zhuoda-vol1's volunteer record paired with an elder whose record holds much more."""
    vol = world["users"]["zhuoda-vol1"]
    volunteer = add_volunteer(world, name="小林", user=vol, skills=["companionship"])
    area = world["zhuoda"].areas.get(name="海罗村")
    elder = add_elder(world, "zhuoda", name="符秀英", area=area.pk, phones=["13907550001"],
                      address="海罗村三巷8号", notes="儿子去世，情绪低落", id_number=SECRET_ID,
                      categories=["lost_only_child", "dibao"])  # fmt: skip
    pairing = services.pairing_start(actor=head(world), volunteer=volunteer, elder=elder,
                                     started_on=DAY)  # fmt: skip
    return volunteer, elder, pairing


def _assert_nothing_more(text: str):
    for secret in (
        SECRET_ID,
        "1239",
        "13907550001",
        "0001",
        "海罗村三巷",
        "儿子去世",
        "失独",
        "lost only child",
        "低保",
        "minimum living",
    ):
        assert secret not in text, secret


def test_the_phone_view_shows_only_names_and_areas_of_paired_elders(world, client_for):
    volunteer, elder, pairing = _paired_world(world)
    add_hours(world, volunteer, "2.5", on=TODAY)
    response = client_for("zhuoda-vol1").get(reverse("volunteers:me"))
    text = response.content.decode()
    assert response.status_code == 200 and "INVALID" not in text
    assert "符秀英" in text and "海罗村" in text
    assert reverse("volunteers:me_visit", args=[pairing.pk]) in text
    assert reverse("errands:mine") in text and "2.5" in text
    _assert_nothing_more(text)


def test_the_api_me_shows_only_names_and_areas(world):
    volunteer, elder, pairing = _paired_world(world)
    response = token_client("zhuoda-vol1").get("/api/v1/volunteers/me")
    assert response.status_code == 200
    body = response.json()
    assert body["pairings"] == [{"pairing_id": pairing.pk, "elder_name": "符秀英",
                                 "area": "海罗村", "since": "2026-10-01"}]  # fmt: skip
    assert set(body) == {"volunteer_id", "name", "pairings", "requests", "activities",
                         "hours_year", "balance"}  # fmt: skip
    _assert_nothing_more(response.content.decode())
    assert token_client("zhuoda-sw1").get("/api/v1/volunteers/me").status_code == 404


def test_a_volunteer_logs_a_visit_from_the_phone(world, client_for):
    volunteer, elder, pairing = _paired_world(world)
    client = client_for("zhuoda-vol1")
    url = reverse("volunteers:me_visit", args=[pairing.pk])
    page = client.get(url)
    assert page.status_code == 200 and "符秀英" in page.content.decode()
    _assert_nothing_more(page.content.decode())
    bad = client.post(url, {"on": "2030-01-01", "outcome": "reached", "hours": "1"})
    assert bad.status_code == 200 and not Contact.objects.exists()
    bad = client.post(url, {"on": "2026-10-02", "outcome": "deceased", "hours": "1"})
    assert bad.status_code == 200 and not Contact.objects.exists()
    ok = client.post(url, {"on": "2026-10-02", "outcome": "reached", "note": "精神不错",
                           "hours": "1.5"})  # fmt: skip
    assert ok.status_code == 302
    contact = Contact.objects.get()
    assert (contact.kind, contact.by.username, contact.note) == ("visit", "zhuoda-vol1", "精神不错")
    assert HoursEntry.objects.get().hours == Decimal("1.5")


def test_a_volunteer_cannot_log_for_another_pairing_or_open_staff_pages(world, client_for):
    _volunteer, elder, _pairing = _paired_world(world)
    other = add_volunteer(world, name="别人")
    theirs = services.pairing_start(actor=head(world), volunteer=other, elder=elder,
                                    started_on=DAY)  # fmt: skip
    client = client_for("zhuoda-vol1")
    url = reverse("volunteers:me_visit", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"on": "2026-10-02", "outcome": "reached"}).status_code == 404
    for name in STAFF_PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("volunteers:detail", args=[other.pk])).status_code == 403
    vol = token_client("zhuoda-vol1")
    assert vol.get("/api/v1/volunteers").status_code == 404
    assert vol.get(f"/api/v1/volunteers/{other.pk}").status_code == 404


def test_an_account_without_a_volunteer_record_has_no_phone_page(world, client_for):
    assert client_for("zhuoda-vol1").get(reverse("volunteers:me")).status_code == 404
    assert client_for("zhuoda-sw1").get(reverse("volunteers:me")).status_code == 404


def test_another_stations_volunteer_is_not_found(world, client_for):
    theirs = add_volunteer(world, "wangcheng", name="外站志愿者")
    client = client_for("zhuoda-head")
    for name in ("volunteers:detail", "volunteers:edit"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    entry = add_hours(world, theirs, "2", confirmed=False, code="wangcheng")
    assert client.post(reverse("volunteers:hours_confirm", args=[entry.pk])).status_code == 404
    assert token_client("zhuoda-head").get(f"/api/v1/volunteers/{theirs.pk}").status_code == 404
    assert "外站志愿者" not in client.get(reverse("volunteers:list")).content.decode()
    their_elder = add_elder(world, "wangcheng", name="外站老人")
    pair = reverse("volunteers:pair") + f"?elder={their_elder.pk}"
    assert client.get(pair).status_code == 404
    viewer = client_for("jiyang-viewer")
    assert viewer.get(reverse("volunteers:list")).status_code in (403, 404)


def test_staff_pages_show_their_key_content(world, client_for):
    volunteer, elder, pairing = _paired_world(world)
    elder_vol = add_volunteer(world, name="", elder=add_elder(world, "zhuoda", name="吴伯"))
    team = services.team_create(actor=head(world), station=world["zhuoda"], name="敬老服务队",
                                leader=volunteer)  # fmt: skip
    services.team_add_member(actor=head(world), team=team, volunteer=elder_vol)
    add_hours(world, volunteer, "3", on=TODAY)
    waiting = add_hours(world, elder_vol, "2", on=TODAY, confirmed=False, description="读报")
    client = client_for("zhuoda-sw1")
    detail, confirm = (
        reverse("volunteers:detail", args=[volunteer.pk]),
        reverse("volunteers:hours_confirm", args=[waiting.pk]),
    )
    checks = {
        reverse("volunteers:list"): ["小林", "吴伯", "敬老服务队", "elder volunteer"],
        reverse("volunteers:list") + f"?team={team.pk}&kind=elder": ["吴伯"],
        detail: ["符秀英", "敬老服务队", "companionship"],
        reverse("volunteers:teams"): ["敬老服务队", "小林"],
        reverse("volunteers:hours"): ["读报", confirm],
        reverse("volunteers:recognition") + "?year=2026": ["小林"],
        reverse("volunteers:pair") + f"?elder={elder.pk}": ["吴伯", "Paired now"],
        reverse("volunteers:export"): ["Download CSV"],
        reverse("volunteers:new"): ["Elder registry number"],
        reverse("volunteers:edit", args=[volunteer.pk]): ["小林"],
    }  # fmt: skip
    for url, needles in checks.items():
        response = client.get(url)
        text = response.content.decode()
        assert response.status_code == 200, url
        assert "INVALID" not in text, url
        for needle in needles:
            assert needle in text, (url, needle)
    assert "小林" not in client.get(reverse("volunteers:list") + "?kind=elder").content.decode()


def test_forms_save_through_the_services_and_bad_input_changes_nothing(world, client_for):
    client = client_for("zhuoda-sw1")
    bad = client.post(reverse("volunteers:new"), {"name": "坏", "phone": "123",
                                                  "joined_on": "2026-01-01"})  # fmt: skip
    assert bad.status_code == 200 and not Volunteer.objects.exists()
    bad = client.post(reverse("volunteers:new"), {"elder": "999999", "joined_on": "2026-01-01"})
    assert bad.status_code == 200 and not Volunteer.objects.exists()
    made = client.post(reverse("volunteers:new"), {
        "name": "新人", "phone": "13800138000", "skills": ["haircut"], "languages": "普通话、粤语",
        "availability": ["0am", "5eve"], "joined_on": "2026-01-01"})  # fmt: skip
    assert made.status_code == 302
    v = Volunteer.objects.get()
    assert (v.languages, v.availability, v.skills) == (["普通话", "粤语"], ["0am", "5eve"],
                                                       ["haircut"])  # fmt: skip
    redeem = client.post(reverse("volunteers:redemption_add", args=[v.pk]),
                         {"on": "2026-11-01", "hours": "2", "service": "理发"})  # fmt: skip
    assert redeem.status_code == 200 and "cannot be redeemed" in redeem.content.decode()
    client.post(
        reverse("volunteers:hours_add", args=[v.pk]),
        {"on": "2026-11-01", "hours": "2", "source": "other", "description": "帮忙"},
    )
    entry = HoursEntry.objects.get()
    client.post(reverse("volunteers:hours_confirm", args=[entry.pk]))
    assert HoursEntry.objects.get().confirmed_at is not None
    elder = add_elder(world, "zhuoda", name="钱奶奶")
    client.post(reverse("volunteers:pair"), {"elder": elder.pk, "volunteer": v.pk})
    pairing = Pairing.objects.get()
    client.post(reverse("volunteers:pairing_end", args=[pairing.pk]), {"ended_on": "bad"})
    assert Pairing.objects.get().ended_on is None
    client.post(reverse("volunteers:teams"), {"name": "环保服务队"})
    team = Team.objects.get()
    client.post(reverse("volunteers:team_member", args=[team.pk]),
                {"volunteer": v.pk, "leader": "on"})  # fmt: skip
    assert Team.objects.get().leader == v


def test_export_csv_download_is_logged(world, client_for):
    v = add_volunteer(world, name="王芳", platform_id="P1")
    add_hours(world, v, "2", on=dt.date(2026, 3, 1), description="探访")
    response = client_for("zhuoda-head").get(reverse("volunteers:export") +
                                             "?from=2026-01-01&to=2026-12-31")  # fmt: skip
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").splitlines()[1] == "王芳,P1,2026-03-01,2,探访"
    assert AccessLog.objects.filter(action="volunteers.hours.exported").count() == 1
    api = token_client("zhuoda-head").get("/api/v1/volunteers/export?from=2026-01-01&to=2026-12-31")
    assert api.json() == [{"name": "王芳", "platform_id": "P1", "on": "2026-03-01",
                           "hours": "2.00", "activity": "探访"}]  # fmt: skip
    csv_api = token_client("zhuoda-head").get("/api/v1/volunteers/export?format=csv")
    assert csv_api.content.startswith(b"\xef\xbb\xbf")


def test_api_list_and_detail(world):
    v = add_volunteer(world, name="王芳", skills=["legal"])
    add_hours(world, v, "2", on=TODAY)
    body = token_client("zhuoda-sw1").get("/api/v1/volunteers?skill=legal").json()
    assert [(r["name"], r["hours_year"], r["balance"]) for r in body] == [("王芳", "2.00", "2.00")]
    assert token_client("zhuoda-sw1").get("/api/v1/volunteers?skill=haircut").json() == []
    one = token_client("zhuoda-sw1").get(f"/api/v1/volunteers/{v.pk}")
    assert one.json()["skills"] == ["legal"]


@pytest.mark.parametrize("count", [2, 12])
def test_pages_query_counts_do_not_grow(world, client_for, django_assert_max_num_queries, count):
    volunteer, elder, _pairing = _paired_world(world)
    team = services.team_create(actor=head(world), station=world["zhuoda"], name="文化服务队")
    for i in range(count):
        v = add_volunteer(world, name=f"志愿者{i}", skills=["singing"])
        services.team_add_member(actor=head(world), team=team, volunteer=v)
        add_hours(world, v, "1", on=TODAY)
        add_hours(world, v, "1", on=TODAY, confirmed=False)
        services.pairing_start(actor=head(world), volunteer=v, elder=elder, started_on=DAY)
        add_hours(world, volunteer, "1", on=TODAY, confirmed=bool(i % 2))
        another = add_elder(world, "zhuoda", name=f"老人{i}")
        services.pairing_start(actor=head(world), volunteer=volunteer, elder=another,
                               started_on=DAY)  # fmt: skip
    staff = client_for("zhuoda-sw1")
    for url, most in ((reverse("volunteers:list"), 10), (reverse("volunteers:hours"), 9),
                      (reverse("volunteers:recognition"), 9), (reverse("volunteers:teams"), 10),
                      (reverse("volunteers:pair") + f"?elder={elder.pk}", 12),
                      (reverse("volunteers:detail", args=[volunteer.pk]), 14)):  # fmt: skip
        with django_assert_max_num_queries(most):
            assert staff.get(url).status_code == 200
    phone = client_for("zhuoda-vol1")
    # session, user, memberships, volunteer, pairings, requests, activities, hours, balance (2)
    with django_assert_max_num_queries(10):
        assert phone.get(reverse("volunteers:me")).status_code == 200
