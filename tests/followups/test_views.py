"""The follow-up pages: My day, one-tap logging, the contact form, tasks, alerts, overrides and
the elder page's care-rhythm panel."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.accounts.models import AccessLog
from linli.elders.models import Elder
from linli.followups import emergencies, services
from linli.followups.models import Alert, Contact, Plan, Task
from tests.conftest import add_elder
from tests.elders.test_views import DETAIL_QUERIES

pytestmark = pytest.mark.django_db

DAY = reverse("followups:day")
PHONE = "13800138000"
# Session, user, memberships; three plan sections, counts, tasks, alerts, open emergencies
# and the check-ins of each, the station's rules (12 measured); heads also the workers (13);
# staff on their own day also the services line (caseload and norms, request counts, overdue
# alerts, unanswered referrals: 5 more).
DAY_QUERIES = 18
# Session, user, memberships, the elder and its categories, the access log (6 measured).
CONTACT_QUERIES = 6
# The elder page with its panel (15 measured), as tests/elders/test_views.py bounds it.
PANEL_QUERIES = DETAIL_QUERIES


@pytest.fixture
def old(world, sw1):
    """Aged 80+: a monthly call, due today, for sw1."""
    return add_elder(
        world,
        "zhuoda",
        name="张三",
        birth_date=dt.date(1930, 5, 1),
        assigned_worker=sw1,
        phones=[PHONE],
        address="卓达社区1栋",
        area=world["zhuoda"].areas.get(name="卓达社区").pk,
        emergency_contacts=[{"name": "张小明", "relation": "儿子", "phone": "13900139000"}],
    )


def body_of(response) -> str:
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert "INVALID{" not in body, "a template used an undefined variable"
    return body


def text_of(response) -> str:
    return html.unescape(body_of(response))


def plain(body: str) -> str:
    """The text a reader sees: no tags, single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace(" — ", " — ")


def section(body: str, anchor: str) -> str:
    """The HTML of one section of My day, up to the next section."""
    start = body.index(f'id="{anchor}"')
    end = body.find("<section", start)
    return body[start : end if end > 0 else None]


def quick(client, elder, outcome="reached", kind="call", htmx=False, **extra):
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"outcome": outcome, "kind": kind, "next": DAY, **extra}
    return client.post(reverse("followups:quick", args=[elder.pk]), data, headers=headers)


def contact_post(client, elder, query="", **fields):
    now = timezone.localtime()
    data = {
        "kind": "call",
        "outcome": "reached",
        "day": now.date().isoformat(),
        "time": now.strftime("%H:%M"),
        "next": DAY,
        "phones": " ".join(elder.phone_list),
        "address": elder.address,
        "living_arrangement": elder.living_arrangement,
    }
    first = (elder.emergency_contacts or [{}])[0]
    for key in ("name", "relation", "phone"):
        data[f"ec_{key}"] = first.get(key, "")
    data.update(fields)
    return client.post(reverse("followups:contact", args=[elder.pk]) + query, data)


# --- My day -----------------------------------------------------------------------------------
def test_my_day_lists_the_due_elder_with_reason_age_area_and_phone(world, client_for, old):
    body = text_of(client_for("zhuoda-sw1").get(DAY))
    today = section(body, "s-today")
    assert "张三" in today and "卓达社区" in today
    assert "Monthly call — aged 80+, minimum allowance, extreme hardship" in today
    assert f'href="tel:{PHONE}"' in today
    assert "96 years old" in today or "95 years old" in today
    assert 'id="count-due_today">1<' in body
    assert reverse("followups:contact", args=[old.pk]) in today


def test_my_day_is_the_workers_own(world, client_for, old):
    body = text_of(client_for("zhuoda-sw2").get(DAY))
    assert "张三" not in body


def test_head_picks_a_worker_of_the_station_only(world, client_for, old, sw1):
    head = client_for("zhuoda-head")
    assert "张三" in text_of(head.get(DAY, {"worker": sw1.pk}))
    assert head.get(DAY, {"worker": world["users"]["wangcheng-sw1"].pk}).status_code == 404
    assert head.get(DAY, {"worker": world["users"]["zhuoda-vol1"].pk}).status_code == 404
    assert client_for("zhuoda-sw2").get(DAY, {"worker": sw1.pk}).status_code == 404


def test_outsider_sees_nothing_and_gets_404_everywhere(world, client_for, old, sw1):
    for _ in range(3):
        services.contact_log(actor=sw1, elder=old, data={"kind": "call", "outcome": "no_answer"})
    task, alert = Task.objects.get(), Alert.objects.get()
    services.cadence_override(actor=sw1, elder=old, kind="call", days=7, reason="刚出院")
    for username in ("wangcheng-head", "wangcheng-sw1", "wangcheng-vol1"):
        client = client_for(username)
        assert "张三" not in text_of(client.get(DAY))
        gets = [reverse("followups:contact", args=[old.pk])]
        posts = {
            reverse("followups:quick", args=[old.pk]): {"outcome": "reached", "kind": "call"},
            reverse("followups:contact", args=[old.pk]): {"outcome": "reached"},
            reverse("followups:task_finish", args=[task.pk]): {"status": "done"},
            reverse("followups:alert_resolve", args=[alert.pk]): {},
            reverse("followups:override", args=[old.pk]): {
                "kind": "call",
                "days": 3,
                "reason": "x",
            },
            reverse("followups:override_clear", args=[old.pk]): {"kind": "call"},
        }
        for url in gets:
            assert client.get(url).status_code == 404, (username, url)
        for url, data in posts.items():
            expected = (403, 404) if username.endswith("vol1") else (404,)
            assert client.post(url, data).status_code in expected, (username, url)
    assert Contact.objects.count() == 3
    assert Task.objects.get().status == "open" and Alert.objects.get().resolved_at is None
    assert Plan.objects.get(elder=old, kind="call").interval_days == 7


def test_viewer_without_a_station_gets_404(world, client_for, old):
    client = client_for("jiyang-viewer")
    assert client.get(DAY).status_code == 404
    assert client.get(reverse("followups:contact", args=[old.pk])).status_code == 404


def test_volunteer_sees_paired_elders_masked_and_cannot_correct_phones(world, client_for, old):
    vol = world["users"]["zhuoda-vol1"]
    unpaired = add_elder(
        world, "zhuoda", name="李四", birth_date=dt.date(1931, 1, 1), phones=["13711112222"]
    )
    client = client_for("zhuoda-vol1")
    assert "张三" not in text_of(client.get(DAY))
    old.volunteers.add(vol)
    body = text_of(client.get(DAY))
    assert "张三" in body and "李四" not in body
    assert PHONE not in body and "138****8000" in body and "tel:" not in body
    url = reverse("followups:contact", args=[old.pk])
    form = text_of(client.get(url))
    assert PHONE not in form and "13900139000" not in form
    assert 'name="phones"' not in form and 'name="ec_phone"' not in form
    assert client.get(reverse("followups:contact", args=[unpaired.pk])).status_code == 404
    response = contact_post(
        client, old, phones="13512345678", ec_phone="13512345678", address="卓达社区2栋"
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.phones, old.address) == (PHONE, "卓达社区2栋")
    assert old.emergency_contacts[0]["phone"] == "13900139000"
    assert Contact.objects.get().by == vol


# --- one-tap logging --------------------------------------------------------------------------
def test_reached_all_well_moves_the_elder_out_of_due_today(world, client_for, old):
    client = client_for("zhuoda-sw1")
    body = body_of(client.get(DAY))
    assert 'name="outcome" value="reached"' in section(body, "s-today")
    response = quick(client, old)
    assert response.status_code == 302 and response["Location"] == DAY
    contact = Contact.objects.get()
    assert (contact.kind, contact.outcome, contact.has_problem) == ("call", "reached", False)
    today = timezone.localdate()
    assert Plan.objects.get(elder=old, kind="call").next_due == today + dt.timedelta(days=30)
    body = text_of(client.get(DAY))
    assert "张三" not in section(body, "s-today")
    assert "张三: reached, all well." in body  # the message after the redirect


def test_reached_with_htmx_swaps_the_row_and_updates_counts(world, client_for, old):
    response = quick(client_for("zhuoda-sw1"), old, htmx=True)
    body = text_of(response)
    assert "done-row" in body and "Next due" in body
    assert 'id="count-due_today" hx-swap-oob="true">0<' in body
    assert 'id="plan-' not in body


def test_no_answer_three_times_raises_alert_and_visit_task_on_my_day(world, client_for, old):
    client = client_for("zhuoda-sw1")
    response = quick(client, old, outcome="no_answer", htmx=True)
    row = text_of(response)
    assert 'id="plan-' in row and "No answer 1 time in a row" in row
    quick(client, old, outcome="no_answer")
    response = quick(client, old, outcome="no_answer", htmx=True)
    assert response.status_code == 204 and response["HX-Redirect"] == DAY
    body = text_of(client.get(DAY))
    alerts = section(body, "s-alerts")
    assert "Three calls unanswered" in alerts and "张三" in alerts
    tasks = section(body, "s-tasks")
    assert "Home visit" in tasks and "张三" in tasks
    assert "张三" in section(body, "s-today")  # still due: nobody reached them
    assert "No answer 3 times in a row" in body
    assert Alert.objects.get().kind == "no_answer"


def test_quick_log_refuses_bad_input(world, client_for, old):
    client = client_for("zhuoda-sw1")
    assert quick(client, old, outcome="deceased").status_code == 404
    assert client.get(reverse("followups:quick", args=[old.pk])).status_code == 405
    assert not Contact.objects.exists()


def test_next_must_be_local(world, client_for, old):
    response = quick(client_for("zhuoda-sw1"), old, next="https://evil.example/")
    assert response["Location"] == DAY


# --- the contact form -------------------------------------------------------------------------
def test_contact_form_is_prefilled_and_sections_collapsed(world, client_for, old):
    body = text_of(client_for("zhuoda-sw1").get(reverse("followups:contact", args=[old.pk])))
    log = AccessLog.objects.get(action="elders.elder.viewed.contact_form")
    assert (log.user, log.object_id) == (world["users"]["zhuoda-sw1"], str(old.pk))
    assert f'value="{PHONE}"' in body and 'value="卓达社区1栋"' in body
    assert 'value="张小明"' in body
    assert 'value="reached" class="chip-input" id="id_outcome_0" required checked' in body
    assert '<details class="card-soft fold" data-open-unless-outcome="reached">' in body
    assert 'data-show-for-outcomes="deceased moved"' in body


def test_contact_with_corrections_changes_the_elder_and_names_the_contact(world, client_for, old):
    response = contact_post(
        client_for("zhuoda-sw1"),
        old,
        phones="13912345678 / 0898-88661234",
        address="卓达社区5栋",
        ec_phone="13522223333",
        mood="low",
        note="说腿疼",
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    old.refresh_from_db()
    assert old.phones == "13912345678 0898-88661234" and old.address == "卓达社区5栋"
    assert old.emergency_contacts == [
        {"name": "张小明", "relation": "儿子", "phone": "13522223333"}
    ]
    latest = old.history.order_by("-history_id").first()
    assert latest.history_change_reason == f"Corrected during contact #{contact.pk}"
    assert sorted(contact.verification["corrected"]) == ["address", "emergency_contacts", "phones"]
    assert (contact.mood, contact.note) == ("low", "说腿疼")


def test_unchanged_details_are_not_sent_as_corrections(world, client_for, old):
    contact_post(client_for("zhuoda-sw1"), old)
    assert Contact.objects.get().verification == {}
    assert old.history.count() == 1


def test_deceased_without_confirmation_is_refused_and_changes_nothing(world, client_for, old):
    client = client_for("zhuoda-sw1")
    body = text_of(contact_post(client, old, outcome="deceased", address="别处"))
    assert "Tick the confirmation" in body and "Nothing was saved" in body
    old.refresh_from_db()
    assert (old.status, old.address) == ("active", "卓达社区1栋")
    assert not Contact.objects.exists()
    response = contact_post(client, old, outcome="deceased", confirm_status="on")
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == Elder.Status.DECEASED and not old.plans.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phones": "12345"}, "Not a phone number: 12345"),
        ({"ec_phone": "abc"}, "This is not a phone number."),
        ({"day": "2099-01-01"}, "A contact cannot be in the future."),
        ({"outcome": "perhaps"}, "Select a valid choice."),
        ({"follow_up": "visit"}, "Say what needs doing."),
    ],
)
def test_bad_input_saves_nothing_and_says_why(world, client_for, old, fields, message):
    body = text_of(contact_post(client_for("zhuoda-sw1"), old, **fields))
    assert message in body
    assert not Contact.objects.exists() and not Task.objects.exists()
    old.refresh_from_db()
    assert old.phones == PHONE


def test_bad_input_is_explained_in_chinese(world, client_for, old, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    body = text_of(contact_post(client_for("zhuoda-sw1"), old, outcome="moved"))
    assert "未保存" in body


def test_follow_up_creates_a_task(world, client_for, old, sw1):
    contact_post(client_for("zhuoda-sw1"), old, follow_up="service", follow_up_note="买菜")
    task = Task.objects.get()
    assert (task.kind, task.note, task.assigned_to) == ("service", "买菜", sw1)
    assert task.source_contact == Contact.objects.get()


def test_emergency_checkin_through_the_form_creates_a_service_request(world, client_for, typhoon):
    alone, emergency = typhoon
    client = client_for("zhuoda-sw1")
    body = text_of(client.get(DAY))
    checkins = section(body, f"s-checkin-{emergency.pk}")
    url = reverse("followups:contact", args=[alone.pk]) + f"?emergency={emergency.pk}"
    assert "独居老人" in checkins and html.escape(url).replace("&amp;", "&") in checkins
    form = text_of(client.get(url))
    assert "Meals secured" in form and "Urgent need" in form
    response = contact_post(
        client,
        alone,
        query=f"?emergency={emergency.pk}",
        meals_secured="no",
        medicines_sufficient="yes",
        new_need="groceries",
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.emergency, contact.meals_secured, contact.medicines_sufficient) == (
        emergency,
        False,
        True,
    )
    assert Task.objects.get().kind == "service"
    assert "s-checkin-" not in text_of(client.get(DAY))  # checked in today
    closed = emergencies.emergency_close(actor=world["users"]["zhuoda-head"], emergency=emergency)
    assert (
        client.get(
            reverse("followups:contact", args=[alone.pk]), {"emergency": closed.pk}
        ).status_code
        == 404
    )


# --- tasks, alerts, overrides -----------------------------------------------------------------
@pytest.fixture
def unanswered(old, sw1):
    for _ in range(3):
        services.contact_log(actor=sw1, elder=old, data={"kind": "call", "outcome": "no_answer"})
    return Task.objects.get(), Alert.objects.get()


def test_task_done_and_alert_resolved_from_my_day(world, client_for, unanswered):
    task, alert = unanswered
    client = client_for("zhuoda-sw1")
    url = reverse("followups:task_finish", args=[task.pk])
    response = client.post(url, {"status": "done", "next": DAY}, headers={"HX-Request": "true"})
    assert "Task marked done." in text_of(response)
    task.refresh_from_db()
    assert task.status == "done" and task.done_at is not None
    assert client.post(url, {"status": "done"}).status_code == 404  # no longer open
    response = client.post(reverse("followups:alert_resolve", args=[alert.pk]), {"next": DAY})
    assert response.status_code == 302 and response["Location"] == DAY
    alert.refresh_from_db()
    assert alert.resolved_by == world["users"]["zhuoda-sw1"]
    body = text_of(client.get(DAY))
    assert "s-alerts" not in body and "Alert resolved." in body


def test_task_cancelled_from_the_elder_page(world, client_for, old, unanswered):
    task, _alert = unanswered
    page = reverse("elders:detail", args=[old.pk])
    response = client_for("zhuoda-head").post(
        reverse("followups:task_finish", args=[task.pk]), {"status": "cancelled", "next": page}
    )
    assert response["Location"] == page
    task.refresh_from_db()
    assert task.status == "cancelled"


def test_volunteer_may_not_finish_tasks(world, client_for, old, unanswered):
    task, alert = unanswered
    old.volunteers.add(world["users"]["zhuoda-vol1"])
    client = client_for("zhuoda-vol1")
    assert (
        client.post(
            reverse("followups:task_finish", args=[task.pk]), {"status": "done"}
        ).status_code
        == 403
    )
    assert client.post(reverse("followups:alert_resolve", args=[alert.pk])).status_code == 403


def test_override_and_back_to_the_rules(world, client_for, old):
    client = client_for("zhuoda-sw1")
    url = reverse("followups:override", args=[old.pk])
    client.post(url, {"kind": "call", "days": "", "reason": "刚出院"})
    assert Plan.objects.get(elder=old, kind="call").rule_code == "monthly_call"
    response = client.post(url, {"kind": "call", "days": 7, "reason": "刚出院"})
    assert response["Location"].endswith("#s-rhythm")
    page = plain(text_of(client.get(reverse("elders:detail", args=[old.pk]))))
    assert "Override: weekly call — 刚出院" in page
    client.post(reverse("followups:override_clear", args=[old.pk]), {"kind": "call"})
    assert Plan.objects.get(elder=old, kind="call").rule_code == "monthly_call"


# --- the elder page's panel -------------------------------------------------------------------
def test_elder_panel_shows_plans_contacts_tasks_and_alerts(world, client_for, old, unanswered):
    sw1 = world["users"]["zhuoda-sw1"]
    services.contact_log(
        actor=sw1,
        elder=old,
        data={"kind": "visit", "outcome": "reached", "health_change": True, "note": "腿疼"},
        corrections={"address": "卓达社区9栋"},
    )
    body = text_of(client_for("zhuoda-sw1").get(reverse("elders:detail", args=[old.pk])))
    raw = body[body.index('id="s-rhythm"') : body.index('id="s-identity"')]
    panel = plain(raw)
    assert "Monthly call — aged 80+" in panel
    assert "Home visit" in panel and "health changed" in panel and "corrected: address" in panel
    assert "腿疼" in panel and panel.count("no answer") >= 3
    assert "Three calls unanswered" in panel and "Three calls in a row" in panel
    assert reverse("followups:contact", args=[old.pk]) in raw
    assert reverse("followups:override", args=[old.pk]) in raw


def test_elder_panel_for_a_volunteer_has_no_management(world, client_for, old):
    old.volunteers.add(world["users"]["zhuoda-vol1"])
    body = text_of(client_for("zhuoda-vol1").get(reverse("elders:detail", args=[old.pk])))
    assert reverse("followups:contact", args=[old.pk]) in body
    assert reverse("followups:override", args=[old.pk]) not in body


# --- query counts -----------------------------------------------------------------------------
def _due_elders(world, worker, count: int) -> None:
    area = world["zhuoda"].areas.first().pk
    for i in range(count):
        add_elder(
            world,
            "zhuoda",
            name=f"王{i:03d}",
            birth_date=dt.date(1935, 1, 1),
            area=area,
            assigned_worker=worker,
            phones=[PHONE],
            categories=["dibao"],
        )


@pytest.mark.parametrize("count", [5, 60])
@pytest.mark.parametrize("username", ["zhuoda-sw1", "zhuoda-head"])
def test_my_day_queries_do_not_grow(
    world, client_for, django_assert_max_num_queries, sw1, count, username
):
    _due_elders(world, sw1, count)
    elder = Elder.objects.filter(station=world["zhuoda"]).first()
    for outcome in ("no_answer",) * 3:  # an alert and a task
        services.contact_log(actor=sw1, elder=elder, data={"kind": "call", "outcome": outcome})
    Plan.objects.filter(elder__name__in=["王001", "王002"]).update(
        next_due=timezone.localdate() - dt.timedelta(days=3)
    )
    emergencies.emergency_open(
        actor=world["users"]["zhuoda-head"],
        station=world["zhuoda"],
        kind="heat",
        title="高温",
        starts_on=timezone.localdate(),
        groups=["aged80", "dibao"],
    )
    client = client_for(username)
    with django_assert_max_num_queries(DAY_QUERIES):
        body = text_of(client.get(DAY, {"worker": sw1.pk}))
    assert body.count('class="due-row') >= count


@pytest.mark.parametrize("count", [5, 60])
def test_contact_form_queries(world, client_for, django_assert_max_num_queries, old, count):
    _due_elders(world, world["users"]["zhuoda-sw1"], count)
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(CONTACT_QUERIES):
        text_of(client.get(reverse("followups:contact", args=[old.pk])))


@pytest.mark.parametrize("contacts", [1, 25])
def test_elder_panel_queries(world, client_for, django_assert_max_num_queries, old, contacts):
    sw1 = world["users"]["zhuoda-sw1"]
    for i in range(contacts):
        services.contact_log(
            actor=sw1,
            elder=old,
            data={"kind": "call", "outcome": "no_answer" if i % 2 else "reached", "note": f"#{i}"},
        )
    services.task_create(actor=sw1, elder=old, kind="visit", note="看看")
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(PANEL_QUERIES):
        text_of(client.get(reverse("elders:detail", args=[old.pk])))
