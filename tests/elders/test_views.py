"""The registry pages: list and search, an elder's page, edit and create, import."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from linli.accounts.models import AccessLog
from linli.elders import services
from linli.elders.models import Elder
from linli.lib.identifiers import check_character
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db

LIST = reverse("elders:list")
# Session, user, memberships, page of elders, categories, areas and workers for the filters.
LIST_QUERIES = 8
# The same plus the elder, consents, history (records, categories, workers), the access log,
# the care-rhythm panel (plans, the station's rules, contacts, open tasks, open alerts) and the
# assessments panel (assessments, the station's questionnaires), the services panel (cases,
# requests, referrals) and the activities panel (attended, their count, signed up for).
DETAIL_QUERIES = 26
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静丽强磊军洋"


def id_number(birth: dt.date, seq: int = 1, sex: str = "M", area: str = "460203") -> str:
    """A valid 18-digit ID number (odd sequence for men, even for women)."""
    first17 = f"{area}{birth:%Y%m%d}{(seq * 2 + (sex == 'M')) % 1000:03d}"
    return first17 + check_character(first17)


ZHANG_ID = id_number(dt.date(1940, 3, 1), seq=12)  # ends in its own last 4
ZHANG_PHONE = "13800138000"


@pytest.fixture
def zhang(world):
    """张三 of zhuoda with an ID number, two phones and an emergency contact."""
    return add_elder(
        world,
        "zhuoda",
        name="张三",
        id_number=ZHANG_ID,
        phones=f"{ZHANG_PHONE} 0898-88661234",
        area=world["zhuoda"].areas.get(name="卓达社区").pk,
        categories=["dibao"],
        migratory=True,
        months_present=[1, 2, 3, 11, 12],
        emergency_contacts=[{"name": "张小明", "relation": "儿子", "phone": "13900139000"}],
    )


@pytest.fixture
def li(world):
    return add_elder(
        world, "zhuoda", name="李四", birth_date=dt.date(1950, 6, 1), phones="13711112222"
    )


@pytest.fixture
def outsider_elder(world):
    return add_elder(
        world,
        "wangcheng",
        name="张山",
        id_number=id_number(dt.date(1945, 1, 1), 7),
        phones="13622223333",
    )


def page(client, url=LIST, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "INVALID{" not in body, "a template used an undefined variable"
    return body


def detail_ids(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/elders/(\d+)/"', body)]


def paired(elder, user):
    elder.volunteers.add(user)
    return elder


# --- the list -------------------------------------------------------------------------------


def test_list_shows_own_station_only(world, client_for, zhang, li, outsider_elder):
    body = page(client_for("zhuoda-sw1"))
    assert "张三" in body and "李四" in body
    assert "张山" not in body
    assert outsider_elder.pk not in detail_ids(body)
    # Searching for the other station's elder by name, phone or ID finds nothing.
    for q in ("张山", "13622223333", outsider_elder.id_last4, "zs"):
        assert outsider_elder.pk not in detail_ids(page(client_for("zhuoda-sw1"), q=q))


def test_search_by_pinyin_initials_and_full_pinyin(world, client_for, zhang, li):
    client = client_for("zhuoda-sw1")
    for q in ("zs", "zhangsan", "张"):
        ids = detail_ids(page(client, q=q))
        assert ids == [zhang.pk], q


def test_search_by_id_last4_and_by_phone(world, client_for, zhang, li):
    client = client_for("zhuoda-sw1")
    assert detail_ids(page(client, q=ZHANG_ID[-4:])) == [zhang.pk]
    assert detail_ids(page(client, q=ZHANG_ID[-6:])) == [zhang.pk]
    assert detail_ids(page(client, q=ZHANG_PHONE)) == [zhang.pk]
    assert detail_ids(page(client, q="13711112222")) == [li.pk]


def test_filters(world, client_for, zhang, li):
    client = client_for("zhuoda-sw1")
    area = world["zhuoda"].areas.get(name="卓达社区")
    assert detail_ids(page(client, area=area.pk)) == [zhang.pk]
    assert detail_ids(page(client, category="dibao")) == [zhang.pk]
    assert detail_ids(page(client, category="migratory")) == [zhang.pk]
    # 张三 was born in 1940: 80–89 at any date from 2020 to 2029.
    assert detail_ids(page(client, age="80-89")) == [zhang.pk]
    assert detail_ids(page(client, age="70-79")) == [li.pk]
    assert detail_ids(page(client, age="nonsense")) == [li.pk, zhang.pk]  # ignored
    services.elder_mark_status(
        actor=world["users"]["zhuoda-head"], elder=li, status="deceased", on=dt.date(2026, 1, 5)
    )
    assert detail_ids(page(client)) == [zhang.pk]  # active by default
    assert detail_ids(page(client, status="deceased")) == [li.pk]
    assert sorted(detail_ids(page(client, status="all"))) == sorted([zhang.pk, li.pk])
    head = world["users"]["zhuoda-head"]
    services.elder_update(actor=head, elder=zhang, data={"assigned_worker": head})
    assert detail_ids(page(client, worker=head.pk)) == [zhang.pk]


def test_head_sees_full_id_worker_sees_masked(world, client_for, zhang):
    masked = zhang.id_number_masked
    assert ZHANG_ID in page(client_for("zhuoda-head"))
    body = page(client_for("zhuoda-sw1"))
    assert ZHANG_ID not in body and masked in body
    # Workers see phones in full, as tel: links.
    assert f'href="tel:{ZHANG_PHONE}"' in body


def test_volunteer_sees_only_paired_masked_and_no_edit(world, client_for, zhang, li):
    vol = world["users"]["zhuoda-vol1"]
    assert detail_ids(page(client_for("zhuoda-vol1"))) == []
    paired(zhang, vol)
    body = page(client_for("zhuoda-vol1"))
    assert detail_ids(body) == [zhang.pk]
    assert "李四" not in body
    assert ZHANG_ID not in body and zhang.id_number_masked in body
    assert ZHANG_PHONE not in body and "138****8000" in body
    assert "tel:" not in body
    assert reverse("elders:create") not in body and reverse("elders:export") not in body


def test_pagination_walks_120_elders_without_duplicates_or_gaps(world, client_for, settings):
    settings.LINLI_PAGE_SIZE = 50
    created = set()
    for i in range(120):  # repeated names: the keyset must break ties by id
        name = SURNAMES[i % 10] + GIVEN[(i // 10) % 3]
        created.add(add_elder(world, "zhuoda", name=name).pk)
    client = client_for("zhuoda-sw1")
    seen: list[int] = []
    body = page(client)
    assert "50+" in body
    for _ in range(10):
        seen += detail_ids(body)
        found = re.search(r'href="(/elders/\?cursor=[^"]+)"', body)
        if not found:
            break
        body = page(
            client, cursor=parse_qs(urlparse(html.unescape(found.group(1))).query)["cursor"][0]
        )
    assert len(seen) == len(set(seen)) == 120
    assert set(seen) == created


def test_htmx_requests_get_partials(world, client_for, zhang, li, settings):
    settings.LINLI_PAGE_SIZE = 1
    client = client_for("zhuoda-sw1")
    full = client.get(LIST)
    assert b"<html" in full.content
    assert "HX-Request" in full["Vary"]
    results = client.get(LIST, {"q": ""}, headers={"HX-Request": "true", "HX-Target": "results"})
    text = results.content.decode()
    assert "<html" not in text and 'id="results"' in text
    next_url = html.unescape(re.search(r'hx-get="([^"]+)"', text).group(1))
    cursor = parse_qs(urlparse(next_url).query)["cursor"][0]
    rows = client.get(LIST, {"cursor": cursor}, headers={"HX-Request": "true", "HX-Target": "rows"})
    text = rows.content.decode()
    assert "<html" not in text and 'id="results"' not in text
    assert text.strip().startswith("<tr") and 'hx-swap-oob="true"' in text
    assert detail_ids(text) == [zhang.pk]  # li < zhang in pinyin order


def test_bad_cursor_starts_again(world, client_for, zhang):
    assert detail_ids(page(client_for("zhuoda-sw1"), cursor="garbage")) == [zhang.pk]


def _make_elders(world, count: int):
    head = world["users"]["zhuoda-head"]
    areas = list(world["zhuoda"].areas.all())
    for i in range(count):
        add_elder(
            world,
            "zhuoda",
            name=SURNAMES[i % 10] + GIVEN[i % 7],
            id_number=id_number(dt.date(1930 + i % 30, 1 + i % 12, 1 + i % 27), seq=i),
            phones=f"139{i:08d}",
            area=areas[i % len(areas)].pk,
            categories=["dibao", "tekun"][: i % 3],
            assigned_worker=head,
            living_arrangement="alone",
        )


@pytest.mark.parametrize("count", [5, 60])
def test_list_queries_do_not_grow_with_rows(
    world, client_for, django_assert_max_num_queries, count
):
    _make_elders(world, count)
    client = client_for("zhuoda-head")
    with django_assert_max_num_queries(LIST_QUERIES):
        body = page(client)
    assert len(detail_ids(body)) == min(count, 50)
    with django_assert_max_num_queries(LIST_QUERIES):
        page(client, q="wang", category="dibao", age="80-89")


# --- an elder's page ------------------------------------------------------------------------


def test_detail_shows_record_and_logs_the_view(world, client_for, zhang):
    body = page(client_for("zhuoda-head"), reverse("elders:detail", args=[zhang.pk]))
    for text in (
        "张三",
        ZHANG_ID,
        "卓达社区",
        "张小明",
        "儿子",
        "13900139000",
        "minimum living allowance",
        f'href="tel:{ZHANG_PHONE}"',
        reverse("elders:edit", args=[zhang.pk]),
    ):
        assert text in body, text
    assert body.count('class="is-present"') == 5
    assert AccessLog.objects.filter(
        action="elders.elder.viewed.record",
        object_id=str(zhang.pk),
        user=world["users"]["zhuoda-head"],
    ).exists()


def test_detail_worker_sees_masked_id(world, client_for, zhang):
    body = page(client_for("zhuoda-sw1"), reverse("elders:detail", args=[zhang.pk]))
    assert ZHANG_ID not in body and zhang.id_number_masked in body
    assert reverse("elders:edit", args=[zhang.pk]) in body


def test_detail_of_another_station_is_404(world, client_for, outsider_elder):
    url = reverse("elders:detail", args=[outsider_elder.pk])
    for username in ("zhuoda-head", "zhuoda-sw1", "zhuoda-vol1"):
        response = client_for(username).get(url)
        assert response.status_code == 404
        assert "张山" not in response.content.decode()
        assert "not part of your station" in response.content.decode()  # our 404 page
    assert not AccessLog.objects.filter(object_id=str(outsider_elder.pk)).exists()


def test_detail_volunteer_paired_only_masked_no_edit(world, client_for, zhang, li):
    vol = world["users"]["zhuoda-vol1"]
    client = client_for("zhuoda-vol1")
    assert client.get(reverse("elders:detail", args=[zhang.pk])).status_code == 404
    paired(zhang, vol)
    body = page(client, reverse("elders:detail", args=[zhang.pk]))
    assert ZHANG_ID not in body and zhang.id_number_masked in body
    assert ZHANG_PHONE not in body and "13900139000" not in body and "tel:" not in body
    assert reverse("elders:edit", args=[zhang.pk]) not in body
    assert client.get(reverse("elders:detail", args=[li.pk])).status_code == 404
    assert client.get(reverse("elders:edit", args=[zhang.pk])).status_code in (403, 404)


def test_detail_history_masks_identifiers_for_volunteers(world, client_for, zhang):
    head = world["users"]["zhuoda-head"]
    services.elder_update(actor=head, elder=zhang, data={"phones": "13512345678"})
    paired(zhang, world["users"]["zhuoda-vol1"])
    body = page(client_for("zhuoda-vol1"), reverse("elders:detail", args=[zhang.pk]))
    assert "13512345678" not in body and "135****5678" in body
    assert ZHANG_PHONE not in body


@pytest.mark.parametrize("changes", [0, 12])
def test_detail_queries_are_bounded(
    world, client_for, zhang, django_assert_max_num_queries, changes
):
    head = world["users"]["zhuoda-head"]
    for i in range(changes):
        data = {"notes": f"visit {i}", "categories": ["dibao", "tekun"][: 1 + i % 2]}
        zhang = services.elder_update(actor=head, elder=zhang, data=data)
    client = client_for("zhuoda-head")
    with django_assert_max_num_queries(DETAIL_QUERIES):
        page(client, reverse("elders:detail", args=[zhang.pk]))


# --- edit and create ------------------------------------------------------------------------


def edit_data(elder: Elder, **changes) -> dict:
    data = {
        "version": elder.version,
        "name": elder.name,
        "sex": elder.sex,
        "birth_date": elder.birth_date.isoformat() if elder.birth_date else "",
        "id_number": elder.id_number,
        "phones": " ".join(elder.phone_list),
        "address": elder.address,
        "area": elder.area_id or "",
        "living_arrangement": elder.living_arrangement,
        "categories": [c.code for c in elder.categories.all()],
        "migratory": "on" if elder.migratory else "",
        "months_present": elder.months_present,
        "status": elder.status,
        "status_date": "",
        "assigned_worker": "",
        "notes": elder.notes,
    }
    for i, contact in enumerate(elder.emergency_contacts):
        for key, value in contact.items():
            data[f"contact_{i}_{key}"] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v not in (None, False)}


def test_edit_saves_and_history_shows_on_the_page(world, client_for, zhang):
    client = client_for("zhuoda-sw1")
    url = reverse("elders:edit", args=[zhang.pk])
    assert page(client, url)
    response = client.post(url, edit_data(zhang, address="卓达社区3栋201", id_number=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    zhang.refresh_from_db()
    assert zhang.address == "卓达社区3栋201"
    assert zhang.version == 2
    assert zhang.id_number == ZHANG_ID  # a worker's empty ID field keeps the number
    assert [c.code for c in zhang.categories.all()] == ["dibao"]
    body = page(client, reverse("elders:detail", args=[zhang.pk]))
    history = body[body.index('id="s-history"') :]
    assert "Address" in history and "卓达社区3栋201" in history
    assert "zhuoda-sw1" in history


def test_edit_with_stale_version_changes_nothing(world, client_for, zhang):
    head = world["users"]["zhuoda-head"]
    stale = edit_data(zhang, notes="my visit notes")
    services.elder_update(actor=head, elder=zhang, data={"address": "新地址"}, version=1)
    client = client_for("zhuoda-sw1")
    response = client.post(reverse("elders:edit", args=[zhang.pk]), stale)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed this record" in body
    assert "新地址" in body  # the current values are shown
    assert 'name="version" value="2"' in body
    zhang.refresh_from_db()
    assert zhang.notes == "" and zhang.address == "新地址" and zhang.version == 2


def test_edit_shows_service_errors_next_to_fields(world, client_for, zhang):
    client = client_for("zhuoda-head")
    response = client.post(
        reverse("elders:edit", args=[zhang.pk]),
        edit_data(zhang, id_number="110105194912310021", phones="12345"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="field-error"') >= 2
    zhang.refresh_from_db()
    assert zhang.version == 1


def test_edit_of_another_station_is_404(world, client_for, outsider_elder):
    client = client_for("zhuoda-head")
    url = reverse("elders:edit", args=[outsider_elder.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(outsider_elder, notes="x")).status_code == 404
    outsider_elder.refresh_from_db()
    assert outsider_elder.notes == ""


def test_create(world, client_for):
    client = client_for("zhuoda-sw1")
    page(client, reverse("elders:create"))
    area = world["zhuoda"].areas.get(name="海罗村")
    response = client.post(
        reverse("elders:create"),
        {
            "name": "王五",
            "id_number": id_number(dt.date(1944, 2, 2), 3),
            "phones": "13900001111",
            "area": area.pk,
            "status": "active",
            "categories": ["tekun"],
            "living_arrangement": "alone",
            "contact_0_name": "王小五",
            "contact_0_relation": "女儿",
            "contact_0_phone": "13900002222",
        },
    )
    assert response.status_code == 302
    elder = Elder.objects.get(name="王五")
    assert response["Location"] == reverse("elders:detail", args=[elder.pk])
    assert elder.station == world["zhuoda"] and elder.area == area
    assert elder.birth_date == dt.date(1944, 2, 2)
    assert elder.emergency_contacts == [
        {"name": "王小五", "relation": "女儿", "phone": "13900002222"}
    ]
    assert [c.code for c in elder.categories.all()] == ["tekun"]


def test_create_refused_for_volunteers(world, client_for):
    client = client_for("zhuoda-vol1")
    refused = client.get(reverse("elders:create"))
    assert refused.status_code == 403 and "Not allowed" in refused.content.decode()
    assert (
        client.post(reverse("elders:create"), {"name": "王五", "status": "active"}).status_code
        == 403
    )
    assert not Elder.objects.exists()


def test_create_with_another_stations_area_is_refused(world, client_for):
    other_area = world["wangcheng"].areas.get()
    response = client_for("zhuoda-sw1").post(
        reverse("elders:create"), {"name": "王五", "status": "active", "area": other_area.pk}
    )
    assert response.status_code == 200
    assert not Elder.objects.exists()


def test_anonymous_is_sent_to_login(db, client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_viewer_has_no_registry(world, client_for, zhang):
    client = client_for("jiyang-viewer")
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("elders:detail", args=[zhang.pk])).status_code == 404
    body = page(client, reverse("home"))
    assert "卓达大社区社会工作服务站" in body
    assert "张三" not in body and "望城" not in body


# --- language -------------------------------------------------------------------------------


def test_language_follows_the_browser_and_the_cookie(world, client_for, zhang, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = client_for("zhuoda-sw1")
    en = client.get(LIST, headers={"Accept-Language": "en"}).content.decode()
    zh = client.get(LIST, headers={"Accept-Language": "zh-hans"}).content.decode()
    assert '<html lang="en">' in en and '<html lang="zh-hans">' in zh
    assert 'value="zh-hans"' in en and 'value="en"' in zh  # the switch offers the other one
    client.post(reverse("set_language"), {"language": "en", "next": LIST})
    assert (
        '<html lang="en">'
        in client.get(LIST, headers={"Accept-Language": "zh-hans"}).content.decode()
    )


def test_no_inline_scripts_or_styles(world, client_for, zhang):
    client = client_for("zhuoda-head")
    for url in (
        LIST,
        reverse("elders:detail", args=[zhang.pk]),
        reverse("elders:edit", args=[zhang.pk]),
        reverse("elders:import"),
    ):
        body = page(client, url)
        assert " style=" not in body and "onclick" not in body and "hx-on" not in body, url
        for script in re.findall(r"<script[^>]*>", body):
            assert "src=" in script, url


# --- import ---------------------------------------------------------------------------------


def roster_xlsx(rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["卓达大社区高龄老人建档信息汇总表"])
    sheet.append(["序号", "姓名", "身份证号码", "联系电话", "所属村（居）", "备注"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "roster.xlsx"
    return buffer


ROSTER = [
    [1, "赵六", id_number(dt.date(1938, 5, 12), 4), "13911112222", "海澜社区", ""],
    [2, "钱七", id_number(dt.date(1942, 8, 3), 5, sex="F"), "无", "丹州社区", ""],
    [3, "孙八", "4.60203E+17", "", "海澜社区", ""],
]


def test_import_preview_then_apply(world, client_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("zhuoda-sw1")
    page(client, reverse("elders:import"))
    response = client.post(reverse("elders:import"), {"file": roster_xlsx(ROSTER)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "INVALID{" not in body
    assert response.context["report"]["created"] == 2
    assert response.context["report"]["rejected"] == 1
    assert ">5<" in body or "5" in body  # the rejected row's Excel row number
    assert not Elder.objects.exists()  # a preview saves nothing
    token = response.context["token"]
    preview = client.get(reverse("elders:import_report", args=["preview"]), {"token": token})
    assert preview.status_code == 200
    load_workbook(io.BytesIO(preview.content))
    done = client.post(reverse("elders:import_apply"), {"token": token})
    assert done.status_code == 200
    assert set(Elder.objects.values_list("name", flat=True)) == {"赵六", "钱七"}
    assert set(Elder.objects.values_list("station__code", flat=True)) == {"zhuoda"}
    result = client.get(reverse("elders:import_report", args=["result"]), {"token": token})
    assert result.status_code == 200
    # The upload is gone after applying; the same token cannot apply twice.
    again = client.post(reverse("elders:import_apply"), {"token": token})
    assert again.status_code == 302
    assert Elder.objects.count() == 2


def test_import_token_is_bound_to_user_and_station(world, client_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    response = client_for("zhuoda-sw1").post(
        reverse("elders:import"), {"file": roster_xlsx(ROSTER)}
    )
    token = response.context["token"]
    for username in ("wangcheng-sw1", "zhuoda-sw2"):
        client = client_for(username)
        assert client.post(reverse("elders:import_apply"), {"token": token}).status_code == 302
        report_url = reverse("elders:import_report", args=["preview"])
        assert client.get(report_url, {"token": token}).status_code == 404
    assert not Elder.objects.exists()


def test_import_bad_file_gets_one_message(world, client_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(b"this is not a spreadsheet at all")
    upload.name = "roster.xlsx"
    response = client_for("zhuoda-sw1").post(
        reverse("elders:import"), {"file": upload}, follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert not Elder.objects.exists()
    assert not list((tmp_path / "imports").glob("*")) if (tmp_path / "imports").exists() else True


def test_import_wrong_extension_is_a_form_error(world, client_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO(b"x")
    upload.name = "roster.pdf"
    response = client_for("zhuoda-sw1").post(reverse("elders:import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_import_refused_for_volunteers(world, client_for):
    client = client_for("zhuoda-vol1")
    assert client.get(reverse("elders:import")).status_code == 403
