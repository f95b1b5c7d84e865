import datetime as dt
import json

import pytest
from django.test import Client

from linli.accounts.models import AccessLog
from linli.elders.models import Elder
from tests.conftest import add_elder, token_client

pytestmark = pytest.mark.django_db

ID_ZHUODA = "46020319340712403X"
ID_WANGCHENG = "520115192804294050"


@pytest.fixture
def elders(world):
    zs = add_elder(
        world,
        "zhuoda",
        name="张三",
        id_number=ID_ZHUODA,
        phones=["13800138000"],
        area=world["zhuoda"].areas.get(name="丹州社区").pk,
        categories=["dibao"],
    )
    ls = add_elder(world, "zhuoda", name="李四", birth_date=dt.date(1960, 3, 1))
    wc = add_elder(world, "wangcheng", name="张山", id_number=ID_WANGCHENG, phones=["13900139000"])
    return {"zs": zs, "ls": ls, "wc": wc}


def test_list_with_token_is_scoped_to_the_station(world, elders):
    client = token_client("zhuoda-sw1")
    body = client.get("/api/v1/elders").json()
    names = sorted(item["name"] for item in body["items"])
    assert names == ["张三", "李四"]
    assert body["next"] is None


def test_elder_shape_and_masking_for_worker(world, elders):
    body = token_client("zhuoda-sw1").get(f"/api/v1/elders/{elders['zs'].pk}").json()
    assert body["id_number"] == "460203********403X"
    assert body["sex"] == "M"
    assert body["birth_date"] == "1934-07-12"
    assert body["area"] == "丹州社区"
    assert body["phones"] == ["13800138000"]
    assert "低保" in body["categories"] and "高龄" in body["categories"]
    assert body["status"] == "active"
    assert body["version"] == 1


def test_head_sees_full_id(world, elders):
    body = token_client("zhuoda-head").get(f"/api/v1/elders/{elders['zs'].pk}").json()
    assert body["id_number"] == ID_ZHUODA


def test_other_station_is_404_with_error_shape(world, elders):
    response = token_client("zhuoda-head").get(f"/api/v1/elders/{elders['wc'].pk}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_search_never_crosses_stations(world, elders):
    client = token_client("zhuoda-sw1")
    for q in ["zs", "张", "4050", "13900139000", ID_WANGCHENG]:
        names = [i["name"] for i in client.get("/api/v1/elders", {"q": q}).json()["items"]]
        assert "张山" not in names, q
    assert [i["name"] for i in client.get("/api/v1/elders", {"q": "zs"}).json()["items"]] == [
        "张三"
    ]


def test_volunteer_sees_only_paired_and_masked(world, elders):
    vol = world["users"]["zhuoda-vol1"]
    client = token_client("zhuoda-vol1")
    assert client.get("/api/v1/elders").json()["items"] == []
    elders["zs"].volunteers.add(vol)
    items = client.get("/api/v1/elders").json()["items"]
    assert [i["name"] for i in items] == ["张三"]
    assert items[0]["id_number"] == "460203********403X"
    assert items[0]["phones"] == ["138****8000"]
    assert client.get(f"/api/v1/elders/{elders['ls'].pk}").status_code == 404


def test_viewer_sees_no_personal_data(world, elders):
    client = token_client("jiyang-viewer")
    assert client.get("/api/v1/elders").json()["items"] == []
    assert client.get(f"/api/v1/elders/{elders['zs'].pk}").status_code == 404


def test_filters(world, elders):
    client = token_client("zhuoda-sw1")
    get = lambda **p: [i["name"] for i in client.get("/api/v1/elders", p).json()["items"]]  # noqa: E731
    assert get(area="丹州社区") == ["张三"]
    assert get(category="dibao") == ["张三"]
    assert get(category="aged80") == ["张三"]
    assert get(age_min=60, age_max=69) == ["李四"]


def test_cursor_pagination_walks_everything_once(world):
    for i in range(7):
        add_elder(world, "zhuoda", name=f"王{'一二三四五六七'[i]}")
    client = token_client("zhuoda-sw1")
    seen, cursor = [], None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/elders", params).json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next"]
        if not cursor:
            break
    assert len(seen) == 7 == len(set(seen))


def test_bad_cursor_and_bad_limit_are_422(world, elders):
    client = token_client("zhuoda-sw1")
    assert client.get("/api/v1/elders", {"cursor": "nonsense"}).status_code == 422
    response = client.get("/api/v1/elders", {"limit": 0})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_patch_with_version_and_conflict(world, elders):
    client = token_client("zhuoda-sw1")
    url = f"/api/v1/elders/{elders['zs'].pk}"
    ok = client.patch(
        url, json.dumps({"version": 1, "address": "卓达社区3栋"}), content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["version"] == 2
    stale = client.patch(
        url, json.dumps({"version": 1, "address": "别处"}), content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert Elder.objects.get(pk=elders["zs"].pk).address == "卓达社区3栋"


def test_patch_invalid_id_is_422_and_changes_nothing(world, elders):
    client = token_client("zhuoda-sw1")
    url = f"/api/v1/elders/{elders['ls'].pk}"
    response = client.patch(
        url,
        json.dumps({"version": 1, "id_number": "110105194912310021"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "id_number" in response.json()["error"]["fields"]
    assert Elder.objects.get(pk=elders["ls"].pk).version == 1


def test_patch_refused_for_volunteer_and_outsider(world, elders):
    elders["zs"].volunteers.add(world["users"]["zhuoda-vol1"])
    body = json.dumps({"version": 1, "notes": "x"})
    vol = token_client("zhuoda-vol1").patch(
        f"/api/v1/elders/{elders['zs'].pk}", body, content_type="application/json"
    )
    assert vol.status_code == 403
    outsider = token_client("wangcheng-head").patch(
        f"/api/v1/elders/{elders['zs'].pk}", body, content_type="application/json"
    )
    assert outsider.status_code == 404


def test_error_message_in_callers_language(world, elders):
    client = token_client("zhuoda-sw1")
    url = f"/api/v1/elders/{elders['wc'].pk}"
    zh = client.get(url, headers={"Accept-Language": "zh-hans"}).json()["error"]["message"]
    en = client.get(url, headers={"Accept-Language": "en"}).json()["error"]["message"]
    assert en == "Not found."
    assert zh != en


def test_unauthenticated_is_401(world, elders):
    response = Client().get("/api/v1/elders")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    bad = Client(headers={"Authorization": "Bearer linli_nope"}).get("/api/v1/elders")
    assert bad.status_code == 401


def test_session_auth_works(world, elders, client_for):
    assert client_for("zhuoda-sw1").get("/api/v1/elders").status_code == 200


def test_detail_view_is_logged(world, elders):
    token_client("zhuoda-sw1").get(f"/api/v1/elders/{elders['zs'].pk}")
    assert AccessLog.objects.filter(
        action="elders.elder.viewed.api", object_id=str(elders["zs"].pk)
    ).exists()


def test_openapi_document(world):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/elders" in schema["paths"]
    assert "patch" in schema["paths"]["/api/v1/elders/{elder_id}"]


def test_list_query_count_is_constant(world, django_assert_max_num_queries):
    client = token_client("zhuoda-sw1")
    for i in range(3):
        add_elder(world, "zhuoda", name=f"赵{i}", categories=["dibao"])
    with django_assert_max_num_queries(8):
        client.get("/api/v1/elders")
    for i in range(30):
        add_elder(world, "zhuoda", name=f"钱{i}", categories=["tekun"])
    with django_assert_max_num_queries(8):
        client.get("/api/v1/elders")


def test_station_parameter_only_for_own_stations(world, elders):
    client = token_client("zhuoda-sw1")
    assert client.get("/api/v1/elders", {"station": "wangcheng"}).status_code == 404
    names = [i["name"] for i in client.get("/api/v1/elders", {"station": "zhuoda"}).json()["items"]]
    assert sorted(names) == ["张三", "李四"]


def test_status_filter(world, elders):
    from linli.elders import services

    services.elder_mark_status(
        actor=world["users"]["zhuoda-head"],
        elder=elders["ls"],
        status="deceased",
        on=dt.date(2026, 1, 5),
    )
    client = token_client("zhuoda-sw1")

    def names(status):
        items = client.get("/api/v1/elders", {"status": status}).json()["items"]
        return sorted(i["name"] for i in items)

    assert names("active") == ["张三"]
    assert names("deceased") == ["李四"]
    assert names("all") == ["张三", "李四"]
    assert client.get("/api/v1/elders", {"status": "gone"}).status_code == 422
