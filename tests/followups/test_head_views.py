"""The head's pages: coverage and the overdue export, cadence rules, caseloads, emergencies."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from linli.accounts.models import AccessLog
from linli.elders.models import Elder
from linli.followups import services
from linli.followups.models import CadenceRuleSet, Contact, Emergency, Plan
from linli.stations import roles
from linli.stations.models import Membership
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db

COVERAGE = reverse("followups_head:coverage")
EXPORT = reverse("followups_head:overdue_export")
RULES = reverse("followups_head:rules")
CASELOAD = reverse("followups_head:caseload")
EMERGENCIES = reverse("followups_head:emergencies")
OPEN = reverse("followups_head:emergency_open")
MONTHLY = "monthly call — aged 80+, minimum allowance, extreme hardship"


def body_of(response, status=200) -> str:
    assert response.status_code == status
    body = response.content.decode()
    assert "INVALID{" not in body, "a template used an undefined variable"
    return body


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def log(elder, actor, outcome: str, hour: int = 10, **data) -> Contact:
    data = {"kind": "call", "outcome": outcome, "at": at(timezone.localdate(), hour), **data}
    return services.contact_log(actor=actor, elder=elder, data=data)


def old(world, name, area=None, worker=None, **data):
    """Aged 80+ at any date the suite runs: a monthly call."""
    area_pk = world["zhuoda"].areas.get(name=area).pk if area else None
    return add_elder(world, "zhuoda", name=name, birth_date=dt.date(1930, 1, 1), area=area_pk,
                     assigned_worker=worker, **data)  # fmt: skip


@pytest.fixture
def five(world):
    """Five elders due this month, with contacts at known outcomes:

    卓一 (丹州, sw1) reached · 卓二 (丹州, sw1) no answer · 卓三 (丹州, sw1) no answer, then
    reached · 卓四 (海澜, sw2) no answer · 卓五 (no area, unassigned) nobody tried.
    """
    users = world["users"]
    sw1, sw2 = users["zhuoda-sw1"], users["zhuoda-sw2"]
    elders = [
        old(world, "卓一", "丹州社区", sw1, phones=["13800138001"]),
        old(world, "卓二", "丹州社区", sw1, phones=["13800138002"]),
        old(world, "卓三", "丹州社区", sw1),
        old(world, "卓四", "海澜社区", sw2),
        old(world, "卓五", phones=["13800138005"]),
    ]
    log(elders[0], sw1, "reached")
    log(elders[1], sw1, "no_answer")
    log(elders[2], sw1, "no_answer", hour=9)
    log(elders[2], sw1, "reached", hour=11)
    log(elders[3], sw2, "no_answer")
    return elders


def figures(row) -> tuple:
    return (row["label"], row["due"], row["reached"], row["attempted"], row["not_attempted"],
            row["rate"])  # fmt: skip


# --- coverage ----------------------------------------------------------------------------------
def test_coverage_figures_by_rule_area_and_worker(world, client_for, five):
    response = client_for("zhuoda-head").get(COVERAGE)
    body = body_of(response)
    context = response.context
    assert figures(context["total"]) == ("", 5, 2, 2, 1, 40)
    tables = {t["id"]: [figures(r) for r in t["rows"]] for t in context["tables"]}
    assert tables["rule"] == [(MONTHLY, 5, 2, 2, 1, 40)]
    assert sorted(tables["area"]) == sorted([
        ("丹州社区", 3, 2, 1, 0, 67), ("海澜社区", 1, 0, 1, 0, 0),
        ("No area", 1, 0, 0, 1, 0)])  # fmt: skip
    assert sorted(tables["worker"]) == sorted([
        ("zhuoda-sw1", 3, 2, 1, 0, 67), ("zhuoda-sw2", 1, 0, 1, 0, 0),
        ("Unassigned", 1, 0, 0, 1, 0)])  # fmt: skip
    assert MONTHLY in body
    assert '<meter class="st-meter" min="0" max="100"' in body and 'value="40"' in body
    assert "style=" not in body and "onclick" not in body


def test_coverage_of_home_visits_and_another_month(world, client_for, five):
    client = client_for("zhuoda-head")
    response = client.get(COVERAGE, {"kind": "visit"})
    assert figures(response.context["total"]) == ("", 0, 0, 0, 0, None)
    nonsense = client.get(COVERAGE, {"month": "2026-13", "kind": "fax"})
    assert body_of(nonsense) and nonsense.context["kind"] == "call"  # bad input: this month
    assert nonsense.context["month"] == timezone.localdate().replace(day=1)


def test_overdue_list_oldest_first_with_tel_links(world, client_for, five):
    today = timezone.localdate()
    Plan.objects.filter(elder=five[4]).update(next_due=today - dt.timedelta(days=10))
    Plan.objects.filter(elder=five[1]).update(next_due=today - dt.timedelta(days=3))
    response = client_for("zhuoda-head").get(COVERAGE)
    body = body_of(response)
    assert [r["elder"].name for r in response.context["overdue"]] == ["卓五", "卓二"]
    assert [r["days"] for r in response.context["overdue"]] == [10, 3]
    assert response.context["overdue_count"] == 2
    assert 'href="tel:13800138005"' in body


def test_workers_read_coverage_volunteers_and_viewers_do_not(world, client_for, five):
    assert body_of(client_for("zhuoda-sw2").get(COVERAGE))
    assert client_for("zhuoda-vol1").get(COVERAGE).status_code == 403
    assert client_for("jiyang-viewer").get(COVERAGE).status_code == 404


def test_outsider_sees_none_of_zhuoda_in_coverage(world, client_for, five):
    today = timezone.localdate()
    Plan.objects.filter(elder__in=five).update(next_due=today - dt.timedelta(days=5))
    response = client_for("wangcheng-head").get(COVERAGE)
    body = body_of(response)
    assert figures(response.context["total"]) == ("", 0, 0, 0, 0, None)
    assert not any(name in body for name in ("卓一", "卓五", "丹州社区", "zhuoda-sw1"))
    rows = sheet(client_for("wangcheng-head").get(EXPORT))
    assert len(rows) == 1  # the header only


def sheet(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_overdue_export_contents_and_log(world, client_for, five):
    today = timezone.localdate()
    Plan.objects.filter(elder=five[4]).update(next_due=today - dt.timedelta(days=10))
    Plan.objects.filter(elder=five[1]).update(next_due=today - dt.timedelta(days=3))
    rows = sheet(client_for("zhuoda-head").get(EXPORT, {"kind": "call"}))
    assert rows[0] == ["Name", "Service area", "Worker", "Plan", "Next due", "Days overdue",
                       "Last reached", "Phones"]  # fmt: skip
    due_5, due_2 = (today - dt.timedelta(days=d) for d in (10, 3))
    assert [row[:7] for row in rows[1:]] == [
        ["卓五", None, None, MONTHLY, dt.datetime.combine(due_5, dt.time()), 10, None],
        ["卓二", "丹州社区", "zhuoda-sw1", MONTHLY, dt.datetime.combine(due_2, dt.time()), 3, None],
    ]
    assert [row[7] for row in rows[1:]] == ["13800138005", "13800138002"]
    entry = AccessLog.objects.get(action="followups.overdue.exported")
    assert entry.detail == {"kind": "call", "rows": 2, "masked": False}
    assert entry.user == world["users"]["zhuoda-head"]


def test_overdue_export_masks_phones_without_the_capability(world, client_for, five,
                                                            monkeypatch):  # fmt: skip
    Plan.objects.filter(elder=five[4]).update(next_due=timezone.localdate() - dt.timedelta(1))
    worker_caps = roles.ROLE_CAPABILITIES[Membership.Role.WORKER] - {"see_phones"}
    monkeypatch.setitem(roles.ROLE_CAPABILITIES, Membership.Role.WORKER, worker_caps)
    rows = sheet(client_for("zhuoda-sw1").get(EXPORT))
    assert [row[7] for row in rows[1:]] == ["138****8005"]
    assert AccessLog.objects.get(action="followups.overdue.exported").detail["masked"] is True
    body = body_of(client_for("zhuoda-sw1").get(COVERAGE))
    assert "138****8005" in body and "tel:13800138005" not in body


def test_overdue_export_header_in_the_users_language(world, client_for, five, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = client_for("zhuoda-head")
    header = sheet(client.get(EXPORT, headers={"Accept-Language": "zh-hans"}))[0]
    assert header[0] == "姓名" and header[5] == "逾期天数"
    assert client.get(EXPORT).status_code == 200
    assert client_for("zhuoda-vol1").get(EXPORT).status_code == 403


# --- cadence rules -----------------------------------------------------------------------------
def formset_data(rules: list[dict], note: str = "", **extra) -> dict:
    data = {"form-TOTAL_FORMS": str(len(rules)), "form-INITIAL_FORMS": str(len(rules)),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000", "note": note,
            "save": "1", **extra}  # fmt: skip
    for i, rule in enumerate(rules):
        for key, value in rule.items():
            data[f"form-{i}-{key}"] = value
    return data


def rule(code="monthly_old", kind="call", every="month", categories=("aged80",), risk=(),
         label_zh="高龄", label_en="aged 80+", delete=False) -> dict:  # fmt: skip
    row = {"code": code, "kind": kind, "every": every, "categories": list(categories),
           "risk": list(risk), "label_zh": label_zh, "label_en": label_en}  # fmt: skip
    if delete:
        row["DELETE"] = "on"
    return row


@pytest.fixture
def version1(world):
    head = world["users"]["zhuoda-head"]
    return services.ruleset_save(actor=head, station=world["zhuoda"], note="first",
                                 rules=[rule(), rule("visit_alone", "visit", "quarter",
                                                     ["alone"])])  # fmt: skip


def test_rules_page_shows_version_and_form(world, client_for, version1):
    body = body_of(client_for("zhuoda-head").get(RULES))
    assert "Version 1, saved by zhuoda-head" in body
    assert 'name="form-0-code"' in body and 'value="monthly_old"' in body
    assert 'name="form-1-DELETE"' in body


def test_editing_rules_saves_version_2_and_replans(world, client_for, version1):
    elder = old(world, "卓一", "丹州社区")
    assert Plan.objects.get(elder=elder, kind="call").interval_days == 30
    gone = rule("visit_alone", "visit", "quarter", ["alone"], delete=True)
    data = formset_data([rule(every="week"), gone], note="old people weekly")
    response = client_for("zhuoda-head").post(RULES, data)
    assert response.status_code == 302
    latest = CadenceRuleSet.objects.filter(station=world["zhuoda"]).order_by("-version").first()
    assert (latest.version, latest.note, latest.created_by) == (
        2, "old people weekly", world["users"]["zhuoda-head"])  # fmt: skip
    assert [r["code"] for r in latest.rules] == ["monthly_old"]
    assert Plan.objects.get(elder=elder, kind="call").interval_days == 7
    body = body_of(client_for("zhuoda-head").get(RULES))
    assert "Version 2" in body and "old people weekly" in body
    old_version = body_of(client_for("zhuoda-sw1").get(reverse("followups_head:rules_version",
                                                               args=[1])))  # fmt: skip
    assert "quarterly home visit" in old_version and "first" in old_version


@pytest.mark.parametrize(
    "data",
    [
        formset_data([rule(categories=["martian"])], note="bad category"),
        formset_data([rule(categories=[])], note="applies to nobody"),
        formset_data([rule(), rule()], note="same code twice"),
        formset_data([rule(every="century")], note="bad frequency"),
        formset_data([rule(every="week")], note=""),  # the note is required
        formset_data([rule(delete=True)], note="no rule left"),
    ],
)
def test_a_bad_rule_changes_nothing(world, client_for, version1, data):
    elder = old(world, "卓一", "丹州社区")
    response = client_for("zhuoda-head").post(RULES, data)
    body = body_of(response)
    assert "The rules were not saved" in body
    assert CadenceRuleSet.objects.filter(station=world["zhuoda"]).count() == 1
    assert Plan.objects.get(elder=elder, kind="call").interval_days == 30


def test_add_a_rule_row_without_saving(world, client_for, version1):
    data = formset_data([rule(), rule("visit_alone", "visit", "quarter", ["alone"])], add="1")
    del data["save"]
    body = body_of(client_for("zhuoda-head").post(RULES, data))
    assert 'name="form-2-code"' in body
    assert CadenceRuleSet.objects.count() == 1


def test_workers_read_rules_but_cannot_save(world, client_for, version1):
    body = body_of(client_for("zhuoda-sw1").get(RULES))
    assert "monthly call — aged 80+" in body and 'name="form-0-code"' not in body
    response = client_for("zhuoda-sw1").post(RULES, formset_data([rule()], note="x"))
    assert response.status_code == 403
    assert CadenceRuleSet.objects.count() == 1


# --- caseloads ---------------------------------------------------------------------------------
def test_caseload_page_counts_and_is_for_heads_only(world, client_for, five):
    response = client_for("zhuoda-head").get(CASELOAD)
    body_of(response)
    shown = {str(r.worker) if r.worker else None: (r.active, r.overdue)
             for r in response.context["summary"]}  # fmt: skip
    assert shown == {"zhuoda-head": (0, 0), "zhuoda-sw1": (3, 0), "zhuoda-sw2": (1, 0),
                     None: (1, 0)}  # fmt: skip
    assign = reverse("followups_head:caseload_assign")
    for who in ("zhuoda-sw1", "zhuoda-vol1"):
        assert client_for(who).get(CASELOAD).status_code == 403
        assert client_for(who).post(assign, {}).status_code == 403
    assert client_for("jiyang-viewer").get(CASELOAD).status_code == 404


def test_assign_previews_then_confirms(world, client_for, five):
    client = client_for("zhuoda-head")
    url = reverse("followups_head:caseload_assign")
    area = world["zhuoda"].areas.get(name="丹州社区")
    data = {"area": area.pk, "worker": world["users"]["zhuoda-sw2"].pk}
    body = body_of(client.post(url, data))
    assert "3 elders will be assigned to zhuoda-sw2." in body
    assert Elder.objects.filter(assigned_worker=world["users"]["zhuoda-sw2"]).count() == 1
    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 302
    assert Elder.objects.filter(assigned_worker=world["users"]["zhuoda-sw2"]).count() == 4
    assert Plan.objects.filter(worker=world["users"]["zhuoda-sw2"]).count() == 4
    body = body_of(client.post(url, {"worker": world["users"]["zhuoda-sw2"].pk}), 400)
    assert "Choose an area, a category or only the unassigned elders." in body


def test_rebalance_previews_then_confirms(world, client_for, five):
    client = client_for("zhuoda-head")
    url = reverse("followups_head:caseload_rebalance")
    users = world["users"]
    data = {"from_worker": users["zhuoda-sw1"].pk,
            "to_workers": [users["zhuoda-sw2"].pk, users["zhuoda-head"].pk]}  # fmt: skip
    response = client.post(url, data)
    body_of(response)
    assert [(s["worker"], s["count"]) for s in response.context["preview"]["shares"]] == [
        (users["zhuoda-head"], 2), (users["zhuoda-sw2"], 1)]  # fmt: skip
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    assert not Elder.objects.filter(assigned_worker=users["zhuoda-sw1"]).exists()
    assert Elder.objects.filter(assigned_worker=users["zhuoda-head"]).count() == 2
    outsider = {"from_worker": users["zhuoda-sw2"].pk, "to_workers": [users["wangcheng-sw1"].pk]}
    assert client.post(url, {**outsider, "confirm": "1"}).status_code == 400
    assert Elder.objects.filter(assigned_worker=users["zhuoda-sw2"]).count() == 2


# --- emergencies -------------------------------------------------------------------------------
def emergency_data(**extra) -> dict:
    return {"kind": "typhoon", "title": "台风“摩羯”", "starts_on": timezone.localdate().isoformat(),
            "groups": ["alone", "high_risk"], **extra}  # fmt: skip


@pytest.fixture
def alone_elders(world):
    sw1 = world["users"]["zhuoda-sw1"]
    return [
        old(world, "独一", "丹州社区", sw1, living_arrangement="alone", phones=["13900139001"]),
        old(world, "独二", "丹州社区", sw1, living_arrangement="alone"),
        old(world, "独三", "海澜社区", sw1, living_arrangement="alone"),
        old(world, "同住", "海澜社区", sw1, living_arrangement="children"),
    ]


def test_head_opens_watches_and_closes_an_emergency(world, client_for, alone_elders):
    client = client_for("zhuoda-head")
    form = body_of(client.get(OPEN))
    checked = re.findall(r'name="groups" value="(\w+)"[^>]* checked', form)
    assert checked == ["alone", "empty_nest", "disabled", "dementia", "high_risk"]
    response = client.post(OPEN, emergency_data())
    emergency = Emergency.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("followups_head:emergency", args=[emergency.pk])
    assert (emergency.station, emergency.groups) == (world["zhuoda"], ["alone", "high_risk"])
    sw1 = world["users"]["zhuoda-sw1"]
    log(alone_elders[0], sw1, "reached", emergency=emergency, meals_secured=True)
    board = client.get(response["Location"])
    body = body_of(board)
    areas = {a["area_name"]: (a["covered"], a["reached"], [w["elder"].name for w in a["waiting"]])
             for a in board.context["areas"]}  # fmt: skip
    assert areas == {"丹州社区": (2, 1, ["独二"]), "海澜社区": (1, 0, ["独三"])}
    assert "同住" not in body and 'hx-trigger="every 60s"' in body
    close_url = reverse("followups_head:emergency_close", args=[emergency.pk])
    assert "Close “台风“摩羯””?" in body_of(client.get(close_url))
    assert client.post(close_url).status_code == 302
    emergency.refresh_from_db()
    assert not emergency.is_open
    assert (emergency.summary["elders_covered"], emergency.summary["checkins"]) == (3, 1)
    closed = body_of(client.get(reverse("followups_head:emergency", args=[emergency.pk])))
    assert "elders covered" in closed and "独二" not in closed


def test_board_partial_for_htmx(world, client_for, alone_elders):
    head = world["users"]["zhuoda-head"]
    emergency = services_open(world, head)
    url = reverse("followups_head:emergency", args=[emergency.pk])
    body = body_of(client_for("zhuoda-head").get(url, {"part": "board"},
                                                 headers={"HX-Request": "true"}))  # fmt: skip
    assert body.lstrip().startswith('<section id="board"') and "<html" not in body
    assert 'href="tel:13900139001"' in body


def test_board_partial_of_a_closed_emergency_reloads_the_page(world, client_for, alone_elders):
    from linli.followups.emergencies import emergency_close

    head = world["users"]["zhuoda-head"]
    emergency = emergency_close(actor=head, emergency=services_open(world, head))
    url = reverse("followups_head:emergency", args=[emergency.pk])
    response = client_for("zhuoda-head").get(url, {"part": "board"},
                                             headers={"HX-Request": "true"})  # fmt: skip
    assert response["HX-Refresh"] == "true"
    assert 'hx-trigger="every 60s"' not in body_of(response)


def services_open(world, actor, station="zhuoda"):
    from linli.followups.emergencies import emergency_open

    return emergency_open(actor=actor, station=world[station], kind="typhoon", title="台风",
                          starts_on=timezone.localdate())  # fmt: skip


def test_workers_see_the_board_but_cannot_open_or_close(world, client_for, alone_elders):
    emergency = services_open(world, world["users"]["zhuoda-head"])
    client = client_for("zhuoda-sw2")
    assert "独二" in body_of(client.get(reverse("followups_head:emergency", args=[emergency.pk])))
    assert client.get(OPEN).status_code == 403
    assert client.post(OPEN, emergency_data()).status_code == 403
    close_url = reverse("followups_head:emergency_close", args=[emergency.pk])
    assert client.post(close_url).status_code == 403
    assert Emergency.objects.get().is_open
    assert client_for("zhuoda-vol1").get(EMERGENCIES).status_code == 403


def test_outsider_gets_404_for_the_board(world, client_for, alone_elders):
    emergency = services_open(world, world["users"]["zhuoda-head"])
    client = client_for("wangcheng-head")
    for name in ("emergency", "emergency_close"):
        url = reverse(f"followups_head:{name}", args=[emergency.pk])
        assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404  # closing it
    assert "台风" not in body_of(client.get(EMERGENCIES))
    assert Emergency.objects.get().is_open


def test_region_viewer_opens_for_the_region_and_sees_counts_only(world, client_for, alone_elders):
    viewer = client_for("jiyang-viewer")
    form = body_of(viewer.get(OPEN))
    assert "卓达大社区社会工作服务站" in form
    response = viewer.post(OPEN, emergency_data())
    emergency = Emergency.objects.get()  # 吉阳区 holds zhuoda only, not wangcheng
    assert emergency.station == world["zhuoda"]
    assert emergency.opened_by == world["users"]["jiyang-viewer"]
    board = viewer.get(reverse("followups_head:emergency", args=[emergency.pk]))
    body = body_of(board)
    counts = {a["area_name"]: (a["covered"], a["reached"], a["waiting_count"])
              for a in board.context["areas"]}  # fmt: skip
    assert counts == {"丹州社区": (2, 0, 2), "海澜社区": (1, 0, 1)}
    assert not any(name in body for name in ("独一", "独二", "独三", "13900139001", "tel:"))
    assert response.status_code == 302
    listing = body_of(viewer.get(EMERGENCIES))
    assert "台风“摩羯”" in listing
    close_url = reverse("followups_head:emergency_close", args=[emergency.pk])
    assert viewer.post(close_url).status_code == 302
    assert not Emergency.objects.get().is_open


def test_bad_emergency_input_opens_nothing(world, client_for):
    client = client_for("zhuoda-head")
    today = timezone.localdate()
    for data in (emergency_data(groups=[]), emergency_data(title=""),
                 emergency_data(ends_on=(today - dt.timedelta(days=1)).isoformat())):  # fmt: skip
        assert "Please correct" in body_of(client.post(OPEN, data))
    assert not Emergency.objects.exists()


# --- query counts ------------------------------------------------------------------------------
def populate(world, count: int) -> list:
    users = world["users"]
    areas = list(world["zhuoda"].areas.all())
    workers = [users["zhuoda-sw1"], users["zhuoda-sw2"], None]
    elders = [
        add_elder(world, "zhuoda", name=f"老{i:03d}", birth_date=dt.date(1930, 1, 1),
                  area=areas[i % 4].pk, assigned_worker=workers[i % 3], phones=["13800138000"],
                  living_arrangement="alone" if i % 2 else "spouse")
        for i in range(count)
    ]  # fmt: skip
    # All but two overdue: past the 50 the coverage page lists, so it counts them too.
    Plan.objects.filter(elder__in=elders[:-2]).update(
        next_due=timezone.localdate() - dt.timedelta(days=4)
    )
    return elders


@pytest.mark.parametrize("count", [5, 60])
@pytest.mark.parametrize(
    ("username", "url", "bound"),
    [
        # Session, user, memberships; four coverage aggregates, the rules in force, the overdue
        # page (and its count past 50), the workers' names, open emergencies.
        ("zhuoda-head", COVERAGE, 12),
        ("zhuoda-sw1", COVERAGE + "?kind=visit", 12),
        ("zhuoda-head", EXPORT, 6),
        ("zhuoda-head", RULES, 6),
        # Active and overdue per worker, the users, areas, staff, elders' holders.
        ("zhuoda-head", CASELOAD, 10),
        ("zhuoda-head", EMERGENCIES, 4),
        ("jiyang-viewer", EMERGENCIES, 5),
        ("zhuoda-head", OPEN, 3),
    ],
)
def test_query_counts(world, client_for, django_assert_max_num_queries, count, username, url,
                      bound):  # fmt: skip
    populate(world, count)
    client = client_for(username)
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [5, 60])
# Session, user, memberships, the emergency; then per-area counts, the areas and the elders not
# reached yet (staff), or the counts alone and the region's stations (viewers).
@pytest.mark.parametrize(("username", "bound"), [("zhuoda-head", 7), ("jiyang-viewer", 6)])
def test_board_query_counts(world, client_for, django_assert_max_num_queries, count, username,
                            bound):  # fmt: skip
    elders = populate(world, count)
    emergency = services_open(world, world["users"]["zhuoda-head"])
    log(elders[1], world["users"]["zhuoda-sw1"], "reached", emergency=emergency)
    client = client_for(username)
    with django_assert_max_num_queries(bound):
        response = client.get(reverse("followups_head:emergency", args=[emergency.pk]))
    assert response.status_code == 200
