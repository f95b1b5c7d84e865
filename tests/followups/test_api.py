"""GET /api/v1/worklist and POST /api/v1/elders/{id}/contacts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from linli.elders.models import Elder
from linli.followups import emergencies, services
from linli.followups.models import Contact, Plan, Task
from tests.conftest import add_elder, token_client

pytestmark = pytest.mark.django_db

WORKLIST = "/api/v1/worklist"
PHONE = "13800138000"
# Token and its user, memberships; three plan sections, counts, tasks, alerts, emergencies
# and the check-ins of each, the station's rules (12 measured); a head's choice of worker 13.
API_QUERIES = 13
# Token, memberships, the elder; the contact, the correction (locked row, history, the risk
# level re-derived: assessments, contacts, categories, rules, update; re-plan), the plans moved
# on, the follow-up task, the response (38 measured, whatever the history).
POST_QUERIES = 38


@pytest.fixture
def old(world, sw1):
    return add_elder(
        world,
        "zhuoda",
        name="张三",
        birth_date=dt.date(1930, 5, 1),
        assigned_worker=sw1,
        phones=[PHONE],
        area=world["zhuoda"].areas.get(name="卓达社区").pk,
    )


def post_contact(client, elder, **body):
    body.setdefault("outcome", "reached")
    return client.post(f"/api/v1/elders/{elder.pk}/contacts", body, content_type="application/json")


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


# --- the worklist -----------------------------------------------------------------------------
def test_worklist_shape(world, old, sw1):
    for _ in range(3):
        services.contact_log(actor=sw1, elder=old, data={"kind": "call", "outcome": "no_answer"})
    body = token_client("zhuoda-sw1").get(WORKLIST).json()
    assert set(body) == {
        "date",
        "worker",
        "counts",
        "overdue",
        "due_today",
        "due_week",
        "tasks",
        "alerts",
        "checkins",
    }
    assert body["date"] == timezone.localdate().isoformat() and body["worker"] == sw1.pk
    assert body["counts"]["due_today"] == 1 and body["counts"]["tasks"] == 1
    row = body["due_today"][0]
    assert row["elder"] == {
        "id": old.pk,
        "name": "张三",
        "age": old.age_on(timezone.localdate()),
        "area": "卓达社区",
        "phones": [PHONE],
    }
    assert row["kind"] == "call" and row["every"] == "monthly call"
    assert row["rule"] == "aged 80+, minimum allowance, extreme hardship"
    assert row["next_due"] == timezone.localdate().isoformat() and row["days_overdue"] == 0
    assert row["no_answer_streak"] == 3 and row["override"] is False
    assert body["tasks"][0]["kind"] == "visit" and body["tasks"][0]["elder"]["id"] == old.pk
    assert body["alerts"][0]["kind"] == "no_answer"


def test_worklist_for_a_date_counts_days_overdue(world, old):
    later = timezone.localdate() + dt.timedelta(days=4)
    body = token_client("zhuoda-sw1").get(WORKLIST, {"date": later.isoformat()}).json()
    assert body["overdue"][0]["days_overdue"] == 4 and body["due_today"] == []


def test_worklist_override_reason(world, old, sw1):
    services.cadence_override(actor=sw1, elder=old, kind="call", days=7, reason="刚出院")
    Plan.objects.filter(elder=old).update(next_due=timezone.localdate())
    row = token_client("zhuoda-sw1").get(WORKLIST).json()["due_today"][0]
    assert (row["every"], row["rule"], row["override"]) == ("weekly call", "刚出院", True)


def test_worklist_checkins(typhoon):
    alone, emergency = typhoon
    checkins = token_client("zhuoda-sw1").get(WORKLIST).json()["checkins"]
    assert checkins == [
        {
            "emergency": {"id": emergency.pk, "kind": "typhoon", "title": "台风"},
            "elders": [
                {
                    "id": alone.pk,
                    "name": "独居老人",
                    "age": alone.age_on(timezone.localdate()),
                    "area": None,
                    "phones": [],
                }
            ],
        }
    ]


def test_worklist_tenancy(world, old, outsider, sw1):
    body = token_client("wangcheng-sw1").get(WORKLIST).json()
    assert [r["elder"]["name"] for r in body["due_today"]] == ["外站"]
    head = token_client("wangcheng-head")
    assert_error(head.get(WORKLIST, {"worker": sw1.pk}), 404, "not_found")
    assert_error(head.get(WORKLIST, {"station": "zhuoda"}), 404, "not_found")
    assert_error(token_client("jiyang-viewer").get(WORKLIST), 404, "not_found")


def test_worklist_other_worker_is_for_the_head_only(world, old, sw1):
    body = token_client("zhuoda-head").get(WORKLIST, {"worker": sw1.pk}).json()
    assert [r["elder"]["name"] for r in body["due_today"]] == ["张三"]
    assert_error(token_client("zhuoda-sw2").get(WORKLIST, {"worker": sw1.pk}), 403, "error")
    vol = world["users"]["zhuoda-vol1"]
    assert_error(token_client("zhuoda-head").get(WORKLIST, {"worker": vol.pk}), 404, "not_found")


def test_worklist_volunteer_sees_paired_elders_masked(world, old):
    client = token_client("zhuoda-vol1")
    assert client.get(WORKLIST).json()["due_today"] == []
    old.volunteers.add(world["users"]["zhuoda-vol1"])
    row = client.get(WORKLIST).json()["due_today"][0]
    assert row["elder"]["phones"] == ["138****8000"]


def test_worklist_needs_authentication(world):
    from django.test import Client

    assert_error(Client().get(WORKLIST), 401, "unauthenticated")


def test_worklist_bad_date_is_invalid(world):
    error = assert_error(
        token_client("zhuoda-sw1").get(WORKLIST, {"date": "tomorrow"}), 422, "invalid"
    )
    assert "date" in error["fields"]


@pytest.mark.parametrize("count", [5, 60])
@pytest.mark.parametrize("username", ["zhuoda-sw1", "zhuoda-head"])
def test_worklist_queries_do_not_grow(world, sw1, django_assert_max_num_queries, count, username):
    for i in range(count):
        elder = add_elder(
            world,
            "zhuoda",
            name=f"王{i:03d}",
            birth_date=dt.date(1935, 1, 1),
            assigned_worker=sw1,
            phones=[PHONE],
            living_arrangement="alone",
        )
    for _ in range(3):
        services.contact_log(actor=sw1, elder=elder, data={"kind": "call", "outcome": "no_answer"})
    emergencies.emergency_open(
        actor=world["users"]["zhuoda-head"],
        station=world["zhuoda"],
        kind="heat",
        title="高温",
        starts_on=timezone.localdate(),
    )
    client = token_client(username)
    with django_assert_max_num_queries(API_QUERIES):
        body = client.get(WORKLIST, {"worker": sw1.pk}).json()
    # Alone: a call and a home visit each; a section holds at most 100 rows.
    assert body["counts"]["due_today"] == 2 * count
    assert len(body["due_today"]) == min(2 * count, 100)
    assert len(body["checkins"][0]["elders"]) == count


# --- logging a contact ------------------------------------------------------------------------
def test_post_contact_returns_it_and_moves_the_plan(world, old):
    response = post_contact(token_client("zhuoda-sw1"), old, mood="good", note="都好")
    assert response.status_code == 201
    body = response.json()
    contact = Contact.objects.get()
    assert body["id"] == contact.pk and body["elder"] == old.pk
    assert (body["outcome"], body["mood"], body["note"], body["by"]) == (
        "reached",
        "good",
        "都好",
        "zhuoda-sw1",
    )
    plan = Plan.objects.get(elder=old, kind="call")
    assert plan.next_due == timezone.localdate() + dt.timedelta(days=30)


def test_post_contact_with_corrections_and_follow_ups(world, old):
    response = post_contact(
        token_client("zhuoda-sw1"),
        old,
        at="2026-11-20T09:30:00",
        corrections={"phones": ["13912345678"], "address": "卓达社区5栋"},
        follow_ups=[{"kind": "service", "note": "买菜"}],
    )
    body = response.json()
    assert response.status_code == 201, body
    old.refresh_from_db()
    assert (old.phones, old.address) == ("13912345678", "卓达社区5栋")
    assert body["verification"]["corrected"]["address"] == ["", "卓达社区5栋"]
    assert body["tasks"] == [Task.objects.get(kind="service").pk]
    contact = Contact.objects.get()
    assert timezone.localtime(contact.at).strftime("%Y-%m-%d %H:%M") == "2026-11-20 09:30"
    latest = old.history.order_by("-history_id").first()
    assert latest.history_change_reason == f"Corrected during contact #{contact.pk}"


def test_post_deceased_needs_confirmation(world, old):
    client = token_client("zhuoda-sw1")
    error = assert_error(post_contact(client, old, outcome="deceased"), 422, "invalid")
    assert "confirm_status" in error["fields"]
    assert not Contact.objects.exists()
    assert post_contact(client, old, outcome="deceased", confirm_status=True).status_code == 201
    assert Elder.objects.get(pk=old.pk).status == "deceased"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "perhaps"}, "outcome"),
        ({"kind": "letter"}, "kind"),
        ({"corrections": {"phones": ["12345"]}}, "phones"),
        ({"at": "2099-01-01T10:00:00"}, "at"),
        ({"emergency": 99999}, "emergency"),
        ({"follow_ups": [{"kind": "party"}]}, "follow_ups.0.kind"),
    ],
)
def test_post_contact_bad_input_saves_nothing(world, old, body, field):
    error = assert_error(post_contact(token_client("zhuoda-sw1"), old, **body), 422, "invalid")
    assert any(key.endswith(field) for key in error["fields"]), error
    assert not Contact.objects.exists() and not Task.objects.exists()
    assert Elder.objects.get(pk=old.pk).phones == PHONE


def test_post_emergency_checkin_creates_a_service_request(typhoon):
    alone, emergency = typhoon
    body = post_contact(
        token_client("zhuoda-sw1"),
        alone,
        emergency=emergency.pk,
        meals_secured=False,
        medicines_sufficient=True,
        new_need="medicine",
    ).json()
    assert body["emergency"] == emergency.pk and body["meals_secured"] is False
    assert Task.objects.get().kind == "service"


def test_post_contact_tenancy_and_volunteers(world, old, outsider):
    assert_error(post_contact(token_client("zhuoda-sw1"), outsider), 404, "not_found")
    vol = token_client("zhuoda-vol1")
    assert_error(post_contact(vol, old), 404, "not_found")
    old.volunteers.add(world["users"]["zhuoda-vol1"])
    error = assert_error(
        post_contact(vol, old, corrections={"phones": ["13912345678"]}), 403, "error"
    )
    assert "phone" in error["message"]
    assert post_contact(vol, old, corrections={"address": "新地址"}).status_code == 201
    assert Elder.objects.get(pk=old.pk).phones == PHONE
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("earlier", [0, 20])
def test_post_contact_queries(world, old, sw1, django_assert_max_num_queries, earlier):
    for _ in range(earlier):
        services.contact_log(actor=sw1, elder=old, data={"kind": "call", "outcome": "reached"})
    client = token_client("zhuoda-sw1")
    with django_assert_max_num_queries(POST_QUERIES):
        response = post_contact(
            client,
            old,
            corrections={"address": "卓达社区5栋"},
            follow_ups=[{"kind": "visit", "note": "看看"}],
        )
    assert response.status_code == 201
