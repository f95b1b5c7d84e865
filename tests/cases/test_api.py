"""The case API: caseloads, a case's timeline, opening with intake, notes, moving on; the notes
of a restricted case only for its lead worker and the head."""

from linli.cases.models import Case
from tests.cases.factories import open_case
from tests.conftest import add_elder, token_client


def test_open_a_case_add_a_note_and_read_the_timeline(world):
    elder = add_elder(world, "zhuoda", name="张大爷")
    sw1 = token_client("zhuoda-sw1")
    body = {"elder_id": elder.pk, "title": "独居支持", "source": "community",
            "problem": "独居，情绪低落", "consent_given": True, "consent_by": "本人"}  # fmt: skip
    made = sw1.post("/api/v1/cases", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["stage"] == "intake"
    pk = made.json()["id"]
    note = {"text": "第一次家访", "next_step": "联系社区", "next_step_on": "2027-01-05"}
    assert sw1.post(f"/api/v1/cases/{pk}/notes", note,
                    content_type="application/json").status_code == 201  # fmt: skip
    case = sw1.get(f"/api/v1/cases/{pk}").json()
    assert [e["to_stage"] for e in case["events"]] == ["intake"]
    assert [n["text"] for n in case["notes"]] == ["第一次家访"]
    rows = sw1.get("/api/v1/cases", {"mine": "true"}).json()
    assert [(r["id"], r["next_step"]) for r in rows] == [(pk, "联系社区")]


def test_a_move_that_is_not_allowed_is_a_422_naming_it(world):
    case = open_case(world)
    sw1 = token_client("zhuoda-sw1")
    skip = sw1.post(f"/api/v1/cases/{case.pk}/move", {"to": "intervention"},
                    content_type="application/json")  # fmt: skip
    assert skip.status_code == 422 and skip.json()["error"]["code"] == "invalid"
    assert Case.objects.get().stage == "intake"
    on = sw1.post(f"/api/v1/cases/{case.pk}/move", {"to": "assessment"},
                  content_type="application/json")  # fmt: skip
    assert on.status_code == 200 and on.json()["stage"] == "assessment"


def test_restricted_notes_only_for_the_lead_and_the_head(world):
    case = open_case(world, restricted_reason="lost_only_child")
    token_client("zhuoda-sw1").post(f"/api/v1/cases/{case.pk}/notes", {"text": "谈到孩子"},
                                    content_type="application/json")  # fmt: skip
    assert token_client("zhuoda-sw2").get(f"/api/v1/cases/{case.pk}").json()["notes"] is None
    head = token_client("zhuoda-head").get(f"/api/v1/cases/{case.pk}").json()
    assert [n["text"] for n in head["notes"]] == ["谈到孩子"]
    assert token_client("wangcheng-head").get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert token_client("zhuoda-vol1").get("/api/v1/cases").json() == []


def test_case_routes_queries_are_bounded(world, django_assert_max_num_queries):
    for i in range(4):
        open_case(world, elder=add_elder(world, "zhuoda", name=f"李{i}"))
    sw1 = token_client("zhuoda-sw1")
    with django_assert_max_num_queries(6):
        assert len(sw1.get("/api/v1/cases").json()) == 4
    with django_assert_max_num_queries(8):
        assert sw1.get(f"/api/v1/cases/{Case.objects.first().pk}").status_code == 200
