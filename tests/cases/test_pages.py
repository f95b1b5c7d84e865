"""The case pages: the caseload, opening a case, the case page with its actions, the norms.
Staff of the station only; another station's case is 404; restricted notes stay hidden."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.assessments.models import Assessment
from linli.cases import services
from linli.cases.models import AssessmentSummary, Case, CaseEvent, ClosingSummary, Goal, Note
from linli.cases.selectors import norms_for
from linli.partners import services as partner_services
from linli.partners.models import Referral
from tests.cases.factories import goal_data, open_case, put_at, with_all_records
from tests.conftest import add_elder


def html(response) -> str:
    text = response.content.decode()
    assert "INVALID{" not in text
    return text


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def elder(world):
    return add_elder(world, "zhuoda", name="李四")


@pytest.fixture
def case(world, elder):
    return open_case(world, elder=elder)


def detail(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def action(name: str, case, *args) -> str:
    return reverse(f"cases:{name}", args=[case.pk, *args])


# --- the caseload ------------------------------------------------------------------------------
def test_the_caseload_shows_my_cases_with_their_stage_and_days(world, client_for, case, today):
    put_at(case, "plan", today - dt.timedelta(days=3))
    Case.objects.filter(pk=case.pk).update(opened_on=today - dt.timedelta(days=10))
    page = html(client_for("zhuoda-sw1").get(reverse("cases:list")))
    assert "李四" in page and "独居老人支持" in page
    assert 'class="stage-badge stage-plan">plan<' in page
    assert "10 days" in page and "3 days" in page
    assert "Stuck" in page  # the switch; the case itself (3 of 14 days in plan) is not stuck
    assert "tag-stuck" not in page
    assert reverse("cases:norms") not in page  # the norms link is the head's


def test_a_worker_not_on_the_case_sees_it_under_station_not_mine(world, client_for, case):
    client = client_for("zhuoda-sw2")
    assert "独居老人支持" not in html(client.get(reverse("cases:list")))
    assert "独居老人支持" in html(client.get(reverse("cases:list"), {"view": "station"}))


def test_the_head_sees_the_station_and_the_norms_link(world, client_for, case):
    page = html(client_for("zhuoda-head").get(reverse("cases:list"), {"view": "station"}))
    assert "独居老人支持" in page and reverse("cases:norms") in page


def test_stuck_cases_are_marked_and_listed(world, client_for, case, today):
    put_at(case, "intake", today - dt.timedelta(days=15))  # intake norm: 14 days
    other = open_case(world, elder=add_elder(world, "zhuoda", name="王五"))
    put_at(other, "intake", today - dt.timedelta(days=14))  # exactly the norm: not stuck
    page = html(client_for("zhuoda-head").get(reverse("cases:list"), {"view": "stuck"}))
    assert "李四" in page and "王五" not in page and "tag-stuck" in page
    assert "15 days" in page


def test_the_caseload_filters_by_stage(world, client_for, case):
    other = open_case(world, elder=add_elder(world, "zhuoda", name="王五"))
    put_at(other, "plan")
    page = html(
        client_for("zhuoda-head").get(reverse("cases:list"), {"view": "station", "stage": "plan"})
    )
    assert "王五" in page and "李四" not in page
    closed = html(
        client_for("zhuoda-head").get(reverse("cases:list"), {"view": "station", "stage": "closed"})
    )
    assert "No cases here." in closed


def test_the_next_step_is_hidden_from_those_who_may_not_read_the_notes(world, client_for, elder):
    case = open_case(world, elder=elder, restricted_reason="abuse")
    services.case_add_note(
        actor=world["users"]["zhuoda-sw1"],
        case=case,
        text="秘密",
        written_on=dt.date(2026, 11, 2),
        next_step="再次家访",
        next_step_on=dt.date(2026, 12, 5),
    )
    mine = html(client_for("zhuoda-sw1").get(reverse("cases:list")))
    assert "再次家访" in mine and "2026-12-05" in mine and "tag-restricted" in mine
    theirs = html(client_for("zhuoda-sw2").get(reverse("cases:list"), {"view": "station"}))
    assert "李四" in theirs and "再次家访" not in theirs and "2026-12-05" in theirs
    assert "Restricted case" in theirs and "独居老人支持" not in theirs


def test_volunteers_and_viewers_get_no_case_pages(world, client_for, case):
    assert client_for("zhuoda-vol1").get(reverse("cases:list")).status_code == 403
    assert client_for("zhuoda-vol1").get(detail(case)).status_code == 403
    assert client_for("jiyang-viewer").get(reverse("cases:list")).status_code in (403, 404)


@pytest.mark.parametrize("extra", [2, 12])
def test_the_caseload_queries_are_bounded(
    world, client_for, elder, extra, django_assert_max_num_queries
):
    for i in range(extra):
        case = open_case(world, elder=elder)
        services.case_add_note(
            actor=world["users"]["zhuoda-sw1"],
            case=case,
            text=f"记录{i}",
            written_on=dt.date(2026, 11, 2),
            next_step="回访",
        )
    client = client_for("zhuoda-sw1")
    for view in ("mine", "station", "stuck"):
        # session, user, memberships, cases with their next step, the norms in force
        with django_assert_max_num_queries(6):
            assert client.get(reverse("cases:list"), {"view": view}).status_code == 200


# --- opening a case ----------------------------------------------------------------------------
def test_the_intake_form_shows_the_station_staff(world, client_for, elder):
    page = html(client_for("zhuoda-sw1").get(reverse("cases:new"), {"elder": elder.pk}))
    assert "Open a case" in page and "李四" in page
    assert "zhuoda-sw2" in page and "zhuoda-vol1" in page  # co-workers include volunteers
    assert "wangcheng-sw1" not in page
    assert '<option value="{}" selected>'.format(world["users"]["zhuoda-sw1"].pk) in page


def test_opening_a_case_saves_the_intake(world, client_for, elder):
    users = world["users"]
    response = client_for("zhuoda-sw1").post(
        f"{reverse('cases:new')}?elder={elder.pk}",
        {
            "title": "失独老人支持",
            "lead_worker": users["zhuoda-sw2"].pk,
            "source": "family",
            "problem": "情绪低落",
            "consent_given": "on",
            "consent_by": "本人",
            "restricted_reason": "lost_only_child",
            "co_workers": [users["zhuoda-vol1"].pk],
        },
    )
    case = Case.objects.get(title="失独老人支持")
    assert response.status_code == 302 and response["Location"] == detail(case)
    assert case.lead_worker == users["zhuoda-sw2"] and case.stage == "intake"
    assert case.restricted and case.restricted_reason == "lost_only_child"
    assert case.intake.problem == "情绪低落" and case.intake.consent_by == "本人"
    assert list(case.co_workers.all()) == [users["zhuoda-vol1"]]


def test_a_bad_intake_shows_errors_and_saves_nothing(world, client_for, elder):
    response = client_for("zhuoda-sw1").post(
        f"{reverse('cases:new')}?elder={elder.pk}",
        {
            "title": "",
            "lead_worker": world["users"]["wangcheng-sw1"].pk,
            "source": "family",
            "problem": "x",
            "consent_given": "on",
            "consent_by": "",
        },
    )
    page = html(response)
    assert response.status_code == 422
    assert "This field is required." in page and "Say who gave consent." in page
    assert "Select a valid choice." in page  # another station's worker cannot lead
    assert not Case.objects.exists()


def test_opening_a_case_for_another_stations_elder_is_404(world, client_for, elder):
    assert (
        client_for("wangcheng-head").get(reverse("cases:new"), {"elder": elder.pk}).status_code
        == 404
    )
    assert client_for("zhuoda-sw1").get(reverse("cases:new")).status_code == 404
    assert (
        client_for("zhuoda-vol1").get(reverse("cases:new"), {"elder": elder.pk}).status_code == 403
    )


# --- the case page -----------------------------------------------------------------------------
def test_the_case_page_shows_header_strip_moves_and_timeline(world, client_for, case):
    for user in ("zhuoda-head", "zhuoda-sw1"):
        page = html(client_for(user).get(detail(case)))
        assert "独居老人支持" in page and reverse("elders:detail", args=[case.elder_id]) in page
        assert 'aria-current="step"' in page and "To move on" in page
        assert "To assessment" in page and "To referred out" in page
        assert "Move to assessment" in page  # the intake is recorded: nothing missing
        assert "独居，情绪低落" in page  # the presenting problem
        assert "Timeline" in page and "Case opened" in page


def test_the_moves_panel_lists_the_missing_records(world, client_for, case):
    put_at(case, "assessment")
    page = html(client_for("zhuoda-sw1").get(detail(case)))
    assert "To plan" in page and "Still missing:" in page and "the assessment summary" in page
    assert "Move to plan" not in page


def test_another_stations_case_is_404(world, client_for, case):
    assert client_for("wangcheng-head").get(detail(case)).status_code == 404
    response = client_for("wangcheng-head").post(
        action("note", case), {"written_on": "2026-11-02", "text": "x"}
    )
    assert response.status_code == 404 and not Note.objects.exists()


def test_a_restricted_case_hides_its_texts_from_other_workers(world, client_for, elder):
    case = open_case(world, elder=elder, restricted_reason="abuse")
    services.case_add_note(
        actor=world["users"]["zhuoda-sw1"],
        case=case,
        text="儿子打骂",
        written_on=dt.date(2026, 11, 3),
    )
    other = html(client_for("zhuoda-sw2").get(detail(case)))
    assert "stage-intake" in other and "tag-restricted" in other
    assert "Restricted case" in other and "独居老人支持" not in other  # nor its title
    assert "2026-11-01" in other and "2026-11-03" in other  # dates stay visible
    assert "儿子打骂" not in other and "独居，情绪低落" not in other
    assert "Add a process note" not in other and "Move to assessment" not in other
    for user in ("zhuoda-head", "zhuoda-sw1"):
        page = html(client_for(user).get(detail(case)))
        assert "儿子打骂" in page and "独居，情绪低落" in page


def test_another_worker_cannot_write_to_a_restricted_case(world, client_for, elder):
    case = open_case(world, elder=elder, restricted_reason="abuse")
    response = client_for("zhuoda-sw2").post(
        action("note", case), {"written_on": "2026-11-02", "text": "x"}
    )
    assert response.status_code == 403 and not Note.objects.exists()


@pytest.mark.parametrize("notes", [10, 30])
def test_the_case_page_queries_are_bounded(
    world, client_for, case, notes, django_assert_max_num_queries
):
    sw1 = world["users"]["zhuoda-sw1"]
    put_at(with_all_records(case, sw1), "evaluation")  # every record and form on the page
    for i in range(notes):
        services.case_add_note(
            actor=sw1, case=case, text=f"记录{i}", written_on=dt.date(2026, 11, 2)
        )
    client = client_for("zhuoda-head")
    # session, user, memberships, case, access log, closing, records checked for the moves (3),
    # stages reached, intake, summary + its assessments, goals, co-workers, the timeline (12),
    # the forms' choices (finished assessments, partners + people + agreements)
    with django_assert_max_num_queries(30):
        assert client.get(detail(case)).status_code == 200


# --- the actions -------------------------------------------------------------------------------
def test_recording_the_assessment_summary_links_finished_assessments(world, client_for, case):
    sw1 = world["users"]["zhuoda-sw1"]
    done = Assessment.objects.create(
        elder=case.elder,
        station=case.station,
        instrument="ucla3",
        instrument_version="1",
        status="complete",
        assessed_on=dt.date(2026, 11, 5),
        assessor=sw1,
        total=7,
    )
    Assessment.objects.create(
        elder=case.elder,
        station=case.station,
        instrument="gds15",
        instrument_version="1",
        status="draft",
        assessed_on=dt.date(2026, 11, 6),
        assessor=sw1,
    )
    client = client_for("zhuoda-sw1")
    page = html(client.get(detail(case)))
    assert "2026-11-05" in page and "2026-11-06" not in page  # drafts are not offered
    response = client.post(
        action("assessment", case), {"text": "社会支持弱", "assessments": [done.pk]}
    )
    assert response.status_code == 302
    summary = AssessmentSummary.objects.get(case=case)
    assert summary.text == "社会支持弱" and list(summary.assessments.all()) == [done]
    page = html(client.get(detail(case)))
    assert "Assessment summary saved." in page
    assert reverse("assessments:detail", args=[done.pk]) in page  # the linked assessment


def test_moving_on_records_the_move(world, client_for, case):
    response = client_for("zhuoda-sw1").post(
        action("move", case), {"to": "assessment", "reason": "已接案"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "assessment"
    assert CaseEvent.objects.filter(case=case, to_stage="assessment", reason="已接案").exists()


def test_moving_without_the_needed_record_shows_why_and_changes_nothing(world, client_for, case):
    put_at(case, "assessment")
    response = client_for("zhuoda-sw1").post(action("move", case), {"to": "plan", "reason": ""})
    page = html(response)
    assert response.status_code == 422
    assert "Before moving to plan, record the assessment summary." in page
    case.refresh_from_db()
    assert case.stage == "assessment" and not CaseEvent.objects.filter(to_stage="plan").exists()


def test_moving_to_closed_directly_is_refused(world, client_for, case):
    put_at(with_all_records(case, world["users"]["zhuoda-sw1"]), "evaluation")
    response = client_for("zhuoda-sw1").post(action("move", case), {"to": "closed"})
    assert response.status_code == 422
    assert "Closing needs the head&#x27;s approval" in html(response)
    case.refresh_from_db()
    assert case.stage == "evaluation"


def plan_post(rows: list[dict]) -> dict:
    data = {"goal-TOTAL_FORMS": str(len(rows)), "goal-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"goal-{i}-{k}": v for k, v in row.items()})
    return data


BLANK = {"description": "", "indicator": "", "baseline": "", "target": "", "target_date": ""}


def test_setting_the_plan_ignores_blank_rows(world, client_for, case):
    put_at(case, "plan")
    page = html(client_for("zhuoda-sw1").get(detail(case)))
    assert 'name="goal-TOTAL_FORMS" value="3"' in page  # three blank rows to start with
    row = {
        "description": "每周参加活动",
        "indicator": "每月参加次数",
        "baseline": "0",
        "target": "4",
        "target_date": "2027-01-31",
    }
    response = client_for("zhuoda-sw1").post(action("plan", case), plan_post([BLANK, row, BLANK]))
    assert response.status_code == 302
    goal = Goal.objects.get(case=case)
    assert goal.description == "每周参加活动" and goal.target_date == dt.date(2027, 1, 31)


def test_a_plan_with_no_goals_is_refused(world, client_for, case):
    put_at(case, "plan")
    services.case_set_plan(actor=world["users"]["zhuoda-sw1"], case=case, goals=[goal_data()])
    response = client_for("zhuoda-sw1").post(action("plan", case), plan_post([BLANK] * 3))
    assert response.status_code == 422
    assert "A plan needs at least one goal." in html(response)
    assert list(Goal.objects.filter(case=case).values_list("description", flat=True)) == [
        "减少孤独感"
    ]


def test_a_half_filled_goal_row_is_an_error(world, client_for, case):
    put_at(case, "plan")
    row = {**BLANK, "description": "只写了目标"}
    response = client_for("zhuoda-sw1").post(action("plan", case), plan_post([row]))
    assert response.status_code == 422 and "This field is required." in html(response)
    assert not Goal.objects.exists()


def test_adding_a_process_note(world, client_for, case):
    response = client_for("zhuoda-sw1").post(
        action("note", case),
        {
            "written_on": "2026-11-04",
            "text": "第二次家访",
            "next_step": "联系女儿",
            "next_step_on": "2026-11-10",
        },
    )
    assert response.status_code == 302
    note = Note.objects.get(case=case)
    assert (note.kind, note.text, note.next_step_on) == (
        "process",
        "第二次家访",
        dt.date(2026, 11, 10),
    )


def test_a_note_without_text_is_refused(world, client_for, case):
    response = client_for("zhuoda-sw1").post(action("note", case), {"written_on": "2026-11-04"})
    assert response.status_code == 422 and "This field is required." in html(response)
    assert not Note.objects.exists()


@pytest.fixture
def evaluating(world, case):
    services.case_set_plan(actor=world["users"]["zhuoda-sw1"], case=case, goals=[goal_data()])
    return put_at(case, "evaluation")


def test_evaluating_a_goal(world, client_for, evaluating):
    goal = evaluating.goals.get()
    page = html(client_for("zhuoda-sw1").get(detail(evaluating)))
    assert "Evaluate each goal" in page
    response = client_for("zhuoda-sw1").post(
        action("evaluate", evaluating, goal.pk),
        {f"goal{goal.pk}-attainment": "partly", f"goal{goal.pk}-score": "-1"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.attainment, goal.score) == ("partly", -1)


def test_a_score_out_of_range_is_refused(world, client_for, evaluating):
    goal = evaluating.goals.get()
    response = client_for("zhuoda-sw1").post(
        action("evaluate", evaluating, goal.pk),
        {f"goal{goal.pk}-attainment": "attained", f"goal{goal.pk}-score": "3"},
    )
    assert response.status_code == 422
    assert "Ensure this value is less than or equal to 2." in html(response)
    goal.refresh_from_db()
    assert (goal.attainment, goal.score) == ("", None)


def test_referring_out_to_a_partner_sends_a_referral(world, client_for, case):
    partner = partner_services.partner_create(
        actor=world["users"]["zhuoda-head"],
        station=world["zhuoda"],
        data={"name": "吉阳卫生院", "kind": "health", "party": "social_org"},
    )
    page = html(client_for("zhuoda-sw1").get(detail(case)))
    assert "吉阳卫生院" in page
    response = client_for("zhuoda-sw1").post(
        action("refer", case),
        {
            "referred_to": "吉阳卫生院",
            "reason": "需要医疗",
            "partner": partner.pk,
            "asked": "上门问诊",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "referred" and case.referred_to == "吉阳卫生院"
    referral = Referral.objects.get()
    assert (referral.case, referral.partner, referral.asked) == (case, partner, "上门问诊")


def test_referring_out_without_saying_where_is_refused(world, client_for, case):
    response = client_for("zhuoda-sw1").post(action("refer", case), {"referred_to": " "})
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.stage == "intake" and not Referral.objects.exists()


@pytest.fixture
def ready(world, case):
    """A case in evaluation with every record: it may be asked to close."""
    return put_at(with_all_records(case, world["users"]["zhuoda-sw1"]), "evaluation")


def test_requesting_closing(world, client_for, ready):
    page = html(client_for("zhuoda-sw1").get(detail(ready)))
    assert "Request closing" in page
    response = client_for("zhuoda-sw1").post(
        action("request_close", ready), {"reason": "goals_met", "text": "目标全部达成"}
    )
    assert response.status_code == 302
    closing = ClosingSummary.objects.get(case=ready)
    assert (closing.status, closing.text) == ("requested", "目标全部达成")
    page = html(client_for("zhuoda-sw1").get(detail(ready)))
    assert "Waiting for the head's decision." in page and "Approve closing" not in page


def test_requesting_closing_before_the_evaluation_is_refused(world, client_for, case):
    put_at(case, "evaluation")
    services.case_set_plan(actor=world["users"]["zhuoda-sw1"], case=case, goals=[goal_data()])
    response = client_for("zhuoda-sw1").post(
        action("request_close", case), {"reason": "goals_met", "text": "x"}
    )
    assert response.status_code == 422
    assert "an evaluation of every goal" in html(response)
    assert not ClosingSummary.objects.exists()


@pytest.fixture
def pending(world, ready):
    services.case_request_close(
        actor=world["users"]["zhuoda-sw1"], case=ready, reason="goals_met", text="目标全部达成"
    )
    return ready


def test_the_head_approves_closing(world, client_for, pending):
    page = html(client_for("zhuoda-head").get(detail(pending)))
    assert "Approve closing" in page and "Return with a note" in page
    response = client_for("zhuoda-head").post(action("approve_close", pending), {"note": "同意"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.stage == "closed"
    assert ClosingSummary.objects.get(case=pending).status == "approved"


def test_the_head_returns_a_request_with_a_note(world, client_for, pending):
    client = client_for("zhuoda-head")
    response = client.post(action("return_close", pending), {"return_note": ""})
    assert response.status_code == 422 and "This field is required." in html(response)
    assert ClosingSummary.objects.get(case=pending).status == "requested"
    response = client.post(action("return_close", pending), {"return_note": "补充评估"})
    assert response.status_code == 302
    closing = ClosingSummary.objects.get(case=pending)
    assert (closing.status, closing.return_note) == ("returned", "补充评估")


def test_workers_cannot_decide_on_closing_or_supervise(world, client_for, pending):
    client = client_for("zhuoda-sw1")
    page = html(client.get(detail(pending)))
    assert "Approve closing" not in page and "Add a supervision note" not in page
    assert client.post(action("approve_close", pending), {}).status_code == 403
    assert client.post(action("return_close", pending), {"return_note": "x"}).status_code == 403
    response = client.post(
        action("supervision", pending), {"written_on": "2026-11-05", "text": "x"}
    )
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.stage == "evaluation"
    assert ClosingSummary.objects.get(case=pending).status == "requested"
    assert not Note.objects.filter(kind="supervision").exists()


def test_another_stations_head_gets_404_on_closing_and_supervision(world, client_for, pending):
    client = client_for("wangcheng-head")
    for name in ("approve_close", "return_close", "supervision"):
        assert client.post(action(name, pending), {"return_note": "x"}).status_code == 404
    assert ClosingSummary.objects.get(case=pending).status == "requested"


def test_the_head_adds_a_supervision_note(world, client_for, case):
    client = client_for("zhuoda-head")
    assert "Add a supervision note" in html(client.get(detail(case)))
    response = client.post(
        action("supervision", case), {"written_on": "2026-11-05", "text": "注意情绪风险"}
    )
    assert response.status_code == 302
    note = Note.objects.get(case=case)
    assert (note.kind, note.text, note.author) == (
        "supervision",
        "注意情绪风险",
        world["users"]["zhuoda-head"],
    )


def test_after_closing_the_case_moves_to_follow_up(world, client_for, case):
    put_at(case, "closed")
    page = html(client_for("zhuoda-sw1").get(detail(case)))
    assert "Move to follow-up" in page and "Add a process note" not in page
    response = client_for("zhuoda-sw1").post(action("move", case), {"to": "followup"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "followup"
    page = html(client_for("zhuoda-sw1").get(detail(case)))
    assert "This is the last stage of the process." in page
    assert "Add a process note" in page  # follow-up contacts are written down


def test_actions_are_post_only(world, client_for, case):
    assert client_for("zhuoda-sw1").get(action("move", case)).status_code == 405


# --- norms -------------------------------------------------------------------------------------
def test_the_head_edits_the_norms(world, client_for):
    client = client_for("zhuoda-head")
    page = html(client.get(reverse("cases:norms")))
    assert "Save norms" in page and 'value="120"' in page  # intervention's default
    data = {
        "intake": "10",
        "assessment": "21",
        "plan": "14",
        "intervention": "90",
        "evaluation": "21",
        "referred": "30",
        "note": "更严格",
    }
    assert client.post(reverse("cases:norms"), data).status_code == 302
    norms = norms_for(world["zhuoda"])
    assert norms["intake"] == 10 and norms["intervention"] == 90


def test_norms_out_of_range_are_refused(world, client_for):
    data = {
        "intake": "400",
        "assessment": "21",
        "plan": "14",
        "intervention": "120",
        "evaluation": "21",
        "referred": "0",
    }
    response = client_for("zhuoda-head").post(reverse("cases:norms"), data)
    page = html(response)
    assert response.status_code == 422
    assert "Ensure this value is less than or equal to 365." in page
    assert "Ensure this value is greater than or equal to 1." in page
    assert norms_for(world["zhuoda"])["intake"] == 14


def test_workers_read_the_norms_but_cannot_change_them(world, client_for):
    client = client_for("zhuoda-sw1")
    page = html(client.get(reverse("cases:norms")))
    assert "Save norms" not in page and "Only the head of the station changes the norms." in page
    assert client.post(reverse("cases:norms"), {"intake": "5"}).status_code == 403
    assert norms_for(world["zhuoda"])["intake"] == 14
    assert client_for("zhuoda-vol1").get(reverse("cases:norms")).status_code == 403


def test_the_case_templates_carry_no_inline_code():
    folder = pathlib.Path(__file__).parents[2] / "src/linli/cases/templates/cases"
    for template in folder.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\sstyle=|\son[a-z]+=", text), template.name


def test_case_page_links_a_referral_that_keeps_the_case_where_it_is(world, client_for):
    case = open_case(world)
    body = client_for("zhuoda-sw1").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f"{reverse('referrals:new')}?elder={case.elder_id}&amp;case={case.pk}" in body
    other = client_for("zhuoda-sw2").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f"case={case.pk}" in other  # not restricted: every worker may link a resource
