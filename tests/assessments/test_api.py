"""The assessments API: instruments, stateless scoring, an elder's assessments and risk."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from linli.assessments import services
from linli.assessments.models import Assessment
from linli.elders.models import Elder
from tests.conftest import add_elder, token_client

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
# Worked by hand: 10 + 0 + 5 + 5 + 10 + 5 + 5 + 10 + 10 + 0 = 60, "moderate" (41–60).
BARTHEL_60 = {
    "feeding": 10,
    "bathing": 0,
    "grooming": 5,
    "dressing": 5,
    "bowels": 10,
    "bladder": 5,
    "toilet": 5,
    "transfer": 10,
    "mobility": 10,
    "stairs": 0,
}
QUESTIONNAIRE = """\
code: home_visit
version: 1
name: {zh: 上门探访, en: Home visit}
items:
  - key: tidy
    text: {zh: 家里整洁吗, en: Is the home tidy}
    options:
      - {value: 1, label: {zh: 是, en: "yes"}}
      - {value: 0, label: {zh: 否, en: "no"}}
"""
# Measured bounds. Every route: the token (and its user), its last use (once in five minutes),
# the memberships.
# The list, and a station's own questionnaire: the station's questionnaires in use.
LIST_QUERIES = 4
SCORE_QUERIES = 4
# The elder, the rows (assessor, questionnaire and survey joined), the access log.
ASSESSMENTS_QUERIES = 6
# The elder; the checks of full_clean, the row and its history; the risk refresh (facts,
# rules, the level) and the re-planning of contacts when the level changed: 24 measured.
POST_QUERIES = 24
# The elder, whose row holds the level and the reasons.
RISK_QUERIES = 4


def score(client, code, body, **extra):
    return client.post(
        f"/api/v1/instruments/{code}/score",
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        **extra,
    )


def post_assessment(client, elder, **body):
    body.setdefault("instrument", "barthel")
    body.setdefault("answers", BARTHEL_60)
    body.setdefault("complete", True)
    return client.post(
        f"/api/v1/elders/{elder.pk}/assessments", json.dumps(body), content_type="application/json"
    )


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    return body


@pytest.fixture
def elders(world):
    return {
        "zs": add_elder(world, "zhuoda", name="张三", birth_date=dt.date(1940, 2, 3)),
        "wc": add_elder(world, "wangcheng", name="张山", birth_date=dt.date(1938, 1, 1)),
    }


# --- instruments ------------------------------------------------------------------------------
def test_list_shows_the_built_ins(world, django_assert_max_num_queries):
    client = token_client("zhuoda-sw1")
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get("/api/v1/instruments")
    assert response.status_code == 200
    found = {row["code"]: row for row in response.json()}
    assert sorted(found) == [
        "barthel",
        "gbt42195",
        "gds15",
        "lawton_iadl",
        "lsns6",
        "needs",
        "satisfaction",
        "ssrs",
        "ucla3",
    ]
    barthel = found["barthel"]
    assert barthel["name"] == "Barthel Index (activities of daily living)"
    assert barthel["kind"] == "scale" and barthel["version"] == "2026.1"
    assert barthel["total_range"] == [0, 100] and barthel["item_count"] == 10
    assert barthel["own"] is False and barthel["source"].startswith("Mahoney FI")
    assert barthel["bands"][1] == {
        "code": "mild",
        "label": "mild dependence",
        "min": 61,
        "max": 99,
        "grade": 1,
    }
    assert found["lawton_iadl"]["bands"] == []
    assert found["gbt42195"]["item_count"] == 30  # 26 items and 4 grounds for adjusting


def test_list_includes_only_the_callers_station_questionnaires(world):
    services.questionnaire_upload(
        actor=world["users"]["zhuoda-head"], station=world["zhuoda"], source_text=QUESTIONNAIRE
    )
    own = {r["code"]: r for r in token_client("zhuoda-sw1").get("/api/v1/instruments").json()}
    assert own["home_visit"]["own"] is True and own["home_visit"]["name"] == "Home visit"
    assert own["home_visit"]["total_range"] == [0, 1]
    other = [r["code"] for r in token_client("wangcheng-sw1").get("/api/v1/instruments").json()]
    assert "home_visit" not in other
    assert token_client("wangcheng-sw1").get("/api/v1/instruments/home_visit").status_code == 404
    response = score(token_client("wangcheng-sw1"), "home_visit", {"answers": {"tidy": 1}})
    assert_error(response, 404, "not_found")
    response = score(token_client("zhuoda-sw1"), "home_visit", {"answers": {"tidy": 1}})
    assert response.json()["total"] == 1


def test_names_and_labels_follow_accept_language(world):
    client = token_client("zhuoda-sw1")
    rows = {r["code"]: r for r in client.get("/api/v1/instruments", **ZH).json()}
    assert rows["barthel"]["name"] == "巴氏指数（日常生活活动能力）"
    body = score(client, "barthel", {"answers": BARTHEL_60}, **ZH).json()
    assert body["band"] == {"code": "moderate", "label": "中度依赖", "grade": 2}


def test_definition(world, django_assert_max_num_queries):
    client = token_client("zhuoda-sw1")
    with django_assert_max_num_queries(SCORE_QUERIES):
        body = client.get("/api/v1/instruments/gds15").json()
    assert body["code"] == "gds15" and body["higher_is"] == "worse"
    assert [i["key"] for i in body["items"]] == [f"q{n}" for n in range(1, 16)]
    q1 = body["items"][0]
    assert q1["type"] == "choice" and q1["reverse"] is True and q1["required"] is True
    assert q1["text"] == "On the whole, are you satisfied with your life?"
    assert q1["options"] == [
        {"value": "yes", "score": 1, "label": "yes"},
        {"value": "no", "score": 0, "label": "no"},
    ]
    assert [b["code"] for b in body["bands"]] == ["normal", "mild", "moderate", "severe"]


def test_definition_of_sums_numbers_and_adjustments(world):
    client = token_client("zhuoda-sw1")
    ssrs = {i["key"]: i for i in client.get("/api/v1/instruments/ssrs").json()["items"]}
    assert ssrs["q5"]["type"] == "sum"
    assert ssrs["q5"]["parts"] == ["q5a", "q5b", "q5c", "q5d", "q5e"]
    assert ssrs["q6"]["type"] == "multi" and len(ssrs["q6"]["options"]) == 9
    assert ssrs["q5a"]["section"] == "family"
    gbt = client.get("/api/v1/instruments/gbt42195").json()
    items = {i["key"]: i for i in gbt["items"]}
    assert items["risk_events_30d"]["min"] == 0 and items["risk_events_30d"]["max"] == 99
    assert items["coma"]["type"] == "bool" and items["coma"]["default"] is False
    assert items["coma"]["required"] is False
    assert items["b1_1"]["min"] is None
    assert [s["key"] for s in gbt["subscales"]] == ["self_care", "mobility", "mental", "perception"]
    coma, one_up = gbt["adjustments"]
    assert coma == {
        "code": "coma",
        "set_band": "complete",
        "step": 0,
        "when_any": [{"item": "coma", "op": "equals", "value": True, "label": "in a coma"}],
    }
    assert one_up["step"] == 1 and one_up["set_band"] is None
    assert one_up["when_any"][2] == {
        "item": "risk_events_30d",
        "op": "gte",
        "value": 2,
        "label": "two or more risk events in 30 days",
    }
    lsns = client.get("/api/v1/instruments/lsns6").json()
    assert lsns["subscales"][0]["flag_below"] == 6
    assert lsns["subscales"][0]["flag_label"] == "few family ties"


def test_unknown_instrument_is_404(world):
    client = token_client("zhuoda-sw1")
    assert_error(client.get("/api/v1/instruments/nope"), 404, "not_found")
    assert_error(score(client, "nope", {"answers": {}}), 404, "not_found")


# --- scoring ----------------------------------------------------------------------------------
def test_score_happy_path(world, django_assert_max_num_queries):
    client = token_client("zhuoda-sw1")
    with django_assert_max_num_queries(SCORE_QUERIES):
        response = score(client, "barthel", {"answers": BARTHEL_60})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "total": 60,
        "subscales": {},
        "band": {"code": "moderate", "label": "moderate dependence", "grade": 2},
        "preliminary_band": {"code": "moderate", "label": "moderate dependence", "grade": 2},
        "adjustment": None,
        "flags": [],
        "item_scores": BARTHEL_60,
        "missing": [],
        "errors": [],
    }


def test_score_with_subscales_flags_and_an_adjustment(world):
    client = token_client("zhuoda-sw1")
    lsns = score(client, "lsns6", {"answers": {"q1": 2, "q2": 2, "q3": 1, "q4": 3, "q5": 3,
                                               "q6": 2}}).json()  # fmt: skip
    assert lsns["total"] == 13 and lsns["subscales"] == {"family": 5, "friends": 8}
    assert lsns["flags"] == [{"code": "family_low", "label": "few family ties"}]
    answers = dict.fromkeys([f"b1_{n}" for n in range(1, 9)], 4)
    answers |= {"b2_1": 4, "b2_2": 4, "b2_3": 4, "b2_4": 3}
    answers |= dict.fromkeys([f"b3_{n}" for n in range(1, 7)], 4)
    answers |= {"b3_7": 1, "b3_8": 1, "b3_9": 2, "b4_1": 2, "b4_2": 2, "b4_3": 4, "b4_4": 3}
    answers |= {"b4_5": 4, "dementia": True}
    body = score(client, "gbt42195", {"answers": answers}).json()
    assert body["total"] == 90
    assert body["preliminary_band"]["code"] == "intact"
    assert body["band"] == {"code": "mild", "label": "mildly disabled", "grade": 1}
    assert body["adjustment"] == {
        "code": "one_grade_up",
        "from": "intact",
        "to": "mild",
        "reasons": ["diagnosed dementia"],
    }


def test_missing_answers_are_422_naming_each_item(world):
    answers = {k: v for k, v in BARTHEL_60.items() if k not in ("stairs", "toilet")}
    body = assert_error(score(token_client("zhuoda-sw1"), "barthel", {"answers": answers}), 422,
                        "invalid_answers")  # fmt: skip
    assert set(body) == {"error", "missing", "errors"}
    assert body["missing"] == ["toilet", "stairs"]
    assert body["errors"] == []
    assert body["error"]["fields"] == {
        "toilet": ["This answer is missing."],
        "stairs": ["This answer is missing."],
    }
    assert body["error"]["message"] == "Some answers are missing or not valid."
    assert "total" not in body


def test_invalid_answers_are_422_naming_each_item(world):
    answers = {**BARTHEL_60, "feeding": 7, "bathing": True, "walking": 1}
    body = assert_error(score(token_client("zhuoda-sw1"), "barthel", {"answers": answers}), 422,
                        "invalid_answers")  # fmt: skip
    assert body["missing"] == []
    assert [e["item"] for e in body["errors"]] == ["walking", "feeding", "bathing"]
    assert body["error"]["fields"]["feeding"] == ["Not one of the allowed answers (10, 5, 0)."]
    assert body["error"]["fields"]["walking"] == ["There is no such item."]


def test_true_is_not_one(world):
    response = score(token_client("zhuoda-sw1"), "ucla3", {"answers": {"q1": True, "q2": 1,
                                                                       "q3": 1}})  # fmt: skip
    body = assert_error(response, 422, "invalid_answers")
    assert list(body["error"]["fields"]) == ["q1"]


def test_ssrs_duplicates_refused_over_the_api(world):
    answers = dict.fromkeys(["q1", "q2", "q3", "q4", "q5a", "q5b", "q5c", "q5d", "q5e"], 1)
    answers |= {"q6": ["spouse", "spouse"], "q7": [], "q8": 1, "q9": 1, "q10": 1}
    body = assert_error(score(token_client("zhuoda-sw1"), "ssrs", {"answers": answers}), 422,
                        "invalid_answers")  # fmt: skip
    assert body["error"]["fields"] == {"q6": ["A choice is given twice."]}


@pytest.mark.parametrize(
    "body", ['{"answers": []}', '{"answers": "all good"}', '{"answers": null}', '{"answers": 5}']
)
def test_answers_that_are_not_an_object(world, body):
    response = score(token_client("zhuoda-sw1"), "barthel", body)
    body = assert_error(response, 422, "invalid_answers")
    assert body["error"]["fields"] == {"answers": ["The answers must be an object."]}


@pytest.mark.parametrize("body", ["[]", '"x"', "null", "1", "true", "{}", '{"answer": {}}'])
def test_any_json_body_is_a_4xx_in_the_error_shape(world, body):
    response = score(token_client("zhuoda-sw1"), "barthel", body)
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"code", "message", "fields"}


@pytest.mark.parametrize(
    "body", ["[" * 100_000, '{"answers": {"feeding": ' + "9" * 5000 + "}}", "not json", "{"]
)
def test_unreadable_bodies_are_400_in_the_error_shape(world, body):
    response = score(token_client("zhuoda-sw1"), "barthel", body)
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_huge_and_odd_numbers_are_wrong_answers(world):
    client = token_client("zhuoda-sw1")
    for raw in ["1e999", "NaN", "-Infinity", "10.0", str(10**40)]:
        body = '{"answers": {"feeding": ' + raw + "}}"
        response = score(client, "barthel", body)
        assert response.status_code == 422, raw
        assert "feeding" in response.json()["error"]["fields"], raw


def test_session_login_works_too(client_for):
    response = score(client_for("zhuoda-vol1"), "barthel", {"answers": BARTHEL_60})
    assert response.json()["total"] == 60


def test_a_viewer_without_a_station_sees_the_built_ins(world):
    client = token_client("jiyang-viewer")
    assert len(client.get("/api/v1/instruments").json()) == 9
    body = score(client, "ucla3", {"answers": {"q1": 1, "q2": 1, "q3": 1}}).json()
    assert body["total"] == 3 and body["band"]["code"] == "not_lonely"


# --- authentication ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/instruments"),
        ("get", "/api/v1/instruments/barthel"),
        ("post", "/api/v1/instruments/barthel/score"),
        ("get", "/api/v1/elders/1/assessments"),
        ("post", "/api/v1/elders/1/assessments"),
        ("get", "/api/v1/elders/1/risk"),
    ],
)
def test_every_route_needs_a_login(world, method, path):
    client = Client()
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, json.dumps({"answers": {}}), content_type="application/json")
    assert_error(response, 401, "unauthenticated")
    bad = Client(headers={"Authorization": "Bearer nonsense"})
    assert bad.get("/api/v1/instruments").status_code == 401


# --- an elder's assessments -------------------------------------------------------------------
def test_create_a_complete_assessment(world, elders, django_assert_max_num_queries):
    client = token_client("zhuoda-sw1")
    with django_assert_max_num_queries(POST_QUERIES):
        response = post_assessment(
            client,
            elders["zs"],
            assessed_on="2026-01-05",
            respondent="family",
            respondent_note="女儿",
            note="上门评估",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["instrument"] == "barthel" and body["version"] == "2026.1"
    assert body["instrument_name"] == "Barthel Index (activities of daily living)"
    assert body["status"] == "complete" and body["assessed_on"] == "2026-01-05"
    assert body["total"] == 60
    assert body["band"] == {"code": "moderate", "label": "moderate dependence", "grade": 2}
    assert body["preliminary_band"] == "moderate" and body["adjustment"] is None
    assert body["respondent"] == "family" and body["respondent_note"] == "女儿"
    assert body["note"] == "上门评估" and body["answers"] == BARTHEL_60
    assert body["assessor"] == "zhuoda-sw1"
    assert body["completed_at"] is not None
    row = Assessment.objects.get(pk=body["id"])
    assert row.elder == elders["zs"] and row.station == world["zhuoda"]
    assert row.total == 60 and row.band == "moderate"


def test_create_a_draft_with_some_answers(world, elders):
    response = post_assessment(
        token_client("zhuoda-sw1"), elders["zs"], answers={"feeding": 5}, complete=False
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["total"] is None and body["band"] is None
    assert body["answers"] == {"feeding": 5}
    assert body["assessed_on"] == timezone.localdate().isoformat()


def test_create_with_missing_answers_is_422_and_saves_nothing(world, elders):
    answers = {k: v for k, v in BARTHEL_60.items() if k != "mobility"}
    response = post_assessment(token_client("zhuoda-sw1"), elders["zs"], answers=answers)
    body = assert_error(response, 422, "invalid_answers")
    assert body["missing"] == ["mobility"]
    assert body["error"]["fields"] == {"mobility": ["This answer is missing."]}
    assert not Assessment.objects.exists()


def test_a_draft_still_refuses_wrong_answers(world, elders):
    response = post_assessment(
        token_client("zhuoda-sw1"), elders["zs"], answers={"feeding": 3}, complete=False
    )
    body = assert_error(response, 422, "invalid_answers")
    assert body["missing"] == [] and [e["item"] for e in body["errors"]] == ["feeding"]
    assert not Assessment.objects.exists()


def test_create_refuses_junk_answers_and_bad_fields(world, elders):
    client = token_client("zhuoda-sw1")
    body = assert_error(post_assessment(client, elders["zs"], answers=[1, 2]), 422,
                        "invalid_answers")  # fmt: skip
    assert body["error"]["fields"] == {"answers": ["The answers must be an object."]}
    body = assert_error(post_assessment(client, elders["zs"], instrument="nope"), 422,
                        "unknown_instrument")  # fmt: skip
    assert list(body["error"]["fields"]) == ["instrument"]
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    body = assert_error(post_assessment(client, elders["zs"], assessed_on=future), 422, "date")
    assert list(body["error"]["fields"]) == ["assessed_on"]
    assert_error(post_assessment(client, elders["zs"], respondent="neighbour"), 422, "invalid")
    assert_error(post_assessment(client, elders["zs"], respondent_note="x" * 61), 422, "invalid")
    response = client.post(
        f"/api/v1/elders/{elders['zs'].pk}/assessments", "[]", content_type="application/json"
    )
    assert_error(response, 422, "invalid")
    assert not Assessment.objects.exists()


def test_list_newest_first_with_drafts(world, elders, django_assert_max_num_queries):
    client = token_client("zhuoda-sw1")
    post_assessment(client, elders["zs"], assessed_on="2025-06-01")
    post_assessment(client, elders["zs"], instrument="ucla3", answers={"q1": 3, "q2": 2, "q3": 2},
                    assessed_on="2026-01-10")  # fmt: skip
    post_assessment(client, elders["zs"], answers={"feeding": 10}, complete=False,
                    assessed_on="2025-12-01")  # fmt: skip
    with django_assert_max_num_queries(ASSESSMENTS_QUERIES):
        response = client.get(f"/api/v1/elders/{elders['zs'].pk}/assessments")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["instrument"], r["status"], r["assessed_on"]) for r in rows] == [
        ("ucla3", "complete", "2026-01-10"),
        ("barthel", "draft", "2025-12-01"),
        ("barthel", "complete", "2025-06-01"),
    ]
    assert rows[0]["total"] == 7
    assert rows[0]["band"] == {"code": "lonely", "label": "lonely", "grade": None}
    assert rows[0]["assessor"] == "zhuoda-sw1" and rows[0]["respondent"] == "self"
    assert rows[1]["total"] is None and rows[1]["band"] is None
    assert rows[2]["subscales"] == {} and rows[2]["version"] == "2026.1"
    assert set(rows[0]) == {
        "id",
        "instrument",
        "instrument_name",
        "version",
        "status",
        "assessed_on",
        "assessor",
        "respondent",
        "total",
        "band",
        "subscales",
        "campaign",
    }
    assert len(client.get(f"/api/v1/elders/{elders['zs'].pk}/assessments?limit=1").json()) == 1


def test_list_queries_do_not_grow_with_rows(world, elders, django_assert_max_num_queries):
    client = token_client("zhuoda-sw1")
    for day in range(1, 16):
        post_assessment(client, elders["zs"], assessed_on=f"2025-03-{day:02d}")
    with django_assert_max_num_queries(ASSESSMENTS_QUERIES):
        rows = client.get(f"/api/v1/elders/{elders['zs'].pk}/assessments").json()
    assert len(rows) == 15


def test_subscales_in_the_list(world, elders):
    client = token_client("zhuoda-sw1")
    answers = {"q1": 2, "q2": 2, "q3": 1, "q4": 3, "q5": 3, "q6": 2}
    post_assessment(client, elders["zs"], instrument="lsns6", answers=answers)
    row = client.get(f"/api/v1/elders/{elders['zs'].pk}/assessments").json()[0]
    assert row["subscales"] == {"family": 5, "friends": 8} and row["total"] == 13


def test_another_stations_elder_is_404(world, elders):
    client = token_client("zhuoda-head")
    wc = elders["wc"].pk
    assert_error(client.get(f"/api/v1/elders/{wc}/assessments"), 404, "not_found")
    assert_error(post_assessment(client, elders["wc"]), 404, "not_found")
    assert_error(client.get(f"/api/v1/elders/{wc}/risk"), 404, "not_found")
    assert_error(client.get("/api/v1/elders/999999/assessments"), 404, "not_found")
    assert not Assessment.objects.exists()


def test_volunteers_and_viewers_may_not_read_or_write(world, elders):
    zs = elders["zs"]
    post_assessment(token_client("zhuoda-sw1"), zs)
    volunteer = token_client("zhuoda-vol1")
    # Not paired: the elder does not exist for them.
    assert_error(volunteer.get(f"/api/v1/elders/{zs.pk}/assessments"), 404, "not_found")
    # Paired: they know the elder, but assessments and risk are for staff only.
    zs.volunteers.add(world["users"]["zhuoda-vol1"])
    assert_error(volunteer.get(f"/api/v1/elders/{zs.pk}/assessments"), 403, "forbidden")
    assert_error(volunteer.get(f"/api/v1/elders/{zs.pk}/risk"), 403, "forbidden")
    assert_error(post_assessment(volunteer, zs), 403, "forbidden")
    viewer = token_client("jiyang-viewer")
    assert_error(viewer.get(f"/api/v1/elders/{zs.pk}/assessments"), 404, "not_found")
    assert_error(viewer.get(f"/api/v1/elders/{zs.pk}/risk"), 404, "not_found")
    assert Assessment.objects.count() == 1


def test_the_head_may_assess_too(world, elders):
    response = post_assessment(token_client("zhuoda-head"), elders["zs"])
    assert response.status_code == 201


def test_reading_assessments_is_logged(world, elders):
    from linli.accounts.models import AccessLog

    token_client("zhuoda-sw1").get(f"/api/v1/elders/{elders['zs'].pk}/assessments")
    assert AccessLog.objects.filter(action="elders.elder.viewed.assessments").count() == 1


# --- risk -------------------------------------------------------------------------------------
def test_risk_before_and_after_an_assessment(world, elders, django_assert_max_num_queries):
    client = token_client("zhuoda-sw1")
    zs = elders["zs"]
    with django_assert_max_num_queries(RISK_QUERIES):
        before = client.get(f"/api/v1/elders/{zs.pk}/risk")
    assert before.status_code == 200
    assert before.json()["reasons"] == []
    post_assessment(client, zs)  # Barthel 60, moderate: the rule adl_moderate, 2 points
    body = client.get(f"/api/v1/elders/{zs.pk}/risk").json()
    assert body["level"] == "medium" and body["label"] == "medium"
    assert body["updated_at"] is not None and body["floor"] is None
    reasons = {r["rule"]: r for r in body["reasons"]}
    assert reasons["adl_moderate"]["points"] == 2
    stored = {r["rule"]: r for r in Elder.objects.get(pk=zs.pk).risk_reasons}
    assert reasons["adl_moderate"]["text"] == stored["adl_moderate"]["text"]["en"]
    chinese = client.get(f"/api/v1/elders/{zs.pk}/risk", **ZH).json()
    zh = {r["rule"]: r["text"] for r in chinese["reasons"]}
    assert zh["adl_moderate"] == stored["adl_moderate"]["text"]["zh"]
    assert zh["adl_moderate"] != reasons["adl_moderate"]["text"]


def test_a_body_that_is_not_json_is_a_400_in_the_callers_language(world, client_for):
    client = client_for("zhuoda-sw1")
    url = "/api/v1/instruments/ucla3/score"
    response = client.post(url, "{not json", content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_json"
