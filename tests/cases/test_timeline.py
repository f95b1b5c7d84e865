"""A case's timeline: the case's own records and what happened to its elder since it opened,
newest first, texts hidden from those who may not read the notes, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from linli.assessments.models import Assessment
from linli.cases import services
from linli.cases.timeline import case_timeline
from linli.errands.models import ServiceRequest
from linli.followups.models import Contact
from linli.partners import services as partner_services
from tests.cases.factories import open_case, put_at, with_all_records
from tests.conftest import add_elder


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, month, day, hour, minute))


@pytest.fixture
def elder(world):
    return add_elder(world, "zhuoda", name="李四")


def contact(world, elder, when, note="", outcome="reached"):
    return Contact.objects.create(
        elder=elder,
        station=elder.station,
        kind="call",
        at=when,
        by=world["users"]["zhuoda-sw2"],
        outcome=outcome,
        note=note,
    )


def assessment(world, elder, day, status="complete"):
    return Assessment.objects.create(
        elder=elder,
        station=elder.station,
        instrument="ucla3",
        instrument_version="1",
        status=status,
        assessed_on=day,
        assessor=world["users"]["zhuoda-sw1"],
        total=7,
        band="lonely",
    )


@pytest.fixture
def story(world, elder):
    """A case opened on 1 November (the factory's date) and what happened around it."""
    users = world["users"]
    case = open_case(world, elder=elder, restricted_reason="abuse")
    services.case_add_note(
        actor=users["zhuoda-sw1"], case=case, text="第一次家访", written_on=dt.date(2026, 11, 3)
    )
    contact(world, elder, at(30, month=10), note="开案前的电话")  # before opening: left out
    contact(world, elder, at(5, 9, 30), note="聊得很好")
    contact(world, add_elder(world, "zhuoda", name="王五"), at(6), note="别人的电话")
    ServiceRequest.objects.create(
        station=elder.station,
        elder=elder,
        type="groceries",
        needed_by=at(8),
        source="contact",
        raised_by=users["zhuoda-sw1"],
        raised_at=at(7, 14),
        details="买米",
    )
    assessment(world, elder, dt.date(2026, 11, 4))
    assessment(world, elder, dt.date(2026, 11, 6), status="draft")  # drafts left out
    assessment(world, elder, dt.date(2026, 10, 20))  # before opening: left out
    partner = partner_services.partner_create(
        actor=users["zhuoda-head"],
        station=world["zhuoda"],
        data={"name": "吉阳卫生院", "kind": "health", "party": "social_org"},
    )
    partner_services.referral_create(
        actor=users["zhuoda-sw1"],
        elder=elder,
        partner=partner,
        asked="上门问诊",
        sent_on=dt.date(2026, 11, 10),
        case=case,
    )
    return case


def test_everything_since_opening_newest_first(world, story):
    entries = case_timeline(actor=world["users"]["zhuoda-sw1"], case=story)
    assert [e.kind for e in entries] == [
        "referral",  # 10 Nov
        "request",  # 7 Nov 14:00
        "contact",  # 5 Nov 9:30
        "instrument",  # 4 Nov
        "note",  # 3 Nov
        "intake",  # 1 Nov (opened with that date, typed in today)
    ]
    referral, request, call, scale, note, intake = entries
    assert referral.summary == "To 吉阳卫生院: sent" and referral.detail == "上门问诊"
    assert request.summary == "groceries · open" and request.detail == "买米"
    assert request.at == at(7, 14) and not request.date_only
    assert call.summary == "phone call · reached" and call.detail == "聊得很好"
    assert call.who == "zhuoda-sw2"
    assert scale.summary.endswith(" · 7 (lonely)") and scale.date_only  # the band's words
    assert note.detail == "第一次家访" and note.label == "Process note"
    assert intake.at == at(1, 0) and intake.detail == "独居，情绪低落"
    assert intake.summary == "Case opened · source: community · consent given"


def test_other_staff_see_what_happened_but_no_texts_of_a_restricted_case(world, story):
    entries = case_timeline(actor=world["users"]["zhuoda-sw2"], case=story)
    assert len(entries) == 6
    assert all(e.detail == "" for e in entries)
    assert entries[0].summary == "sent"  # the partner's name would tell too much
    for user in ("zhuoda-head", "zhuoda-sw1"):
        details = [e.detail for e in case_timeline(actor=world["users"][user], case=story)]
        assert "第一次家访" in details and "聊得很好" in details


def test_the_case_records_and_moves_are_on_the_timeline(world, elder):
    sw1 = world["users"]["zhuoda-sw1"]
    case = with_all_records(open_case(world, elder=elder), sw1)
    services.case_move(actor=sw1, case=case, to="assessment", reason="已接案")
    summaries = {e.kind: e.summary for e in case_timeline(actor=sw1, case=case)}
    assert summaries["move"] == "intake → assessment"
    assert summaries["plan"] == "Service plan set with 1 goal"
    assert summaries["evaluation"] == "Goal 1: attained, score +1"
    assert summaries["assessment"] == "Assessment summary recorded, 0 assessments linked"
    assert summaries["closing"] == "Closing requested: goals met"
    details = {e.kind: e.detail for e in case_timeline(actor=sw1, case=case)}
    assert details["move"] == "已接案" and details["assessment"] == "社会支持弱"


def test_a_decision_on_closing_is_its_own_entry(world, elder):
    sw1, head = world["users"]["zhuoda-sw1"], world["users"]["zhuoda-head"]
    case = put_at(with_all_records(open_case(world, elder=elder), sw1), "evaluation")
    services.case_request_close(actor=sw1, case=case, reason="goals_met", text="目标全部达成")
    services.case_return(actor=head, case=case, note="补充评估")
    closing = [e for e in case_timeline(actor=sw1, case=case) if e.kind == "closing"]
    assert [e.summary for e in closing] == ["Closing returned", "Closing requested: goals met"]
    assert closing[0].detail == "补充评估" and closing[0].who == "zhuoda-head"


def test_the_case_page_shows_the_timeline_in_order(world, client_for, story):
    page = client_for("zhuoda-sw1").get(reverse("cases:detail", args=[story.pk])).content.decode()
    timeline = page[page.index('id="c-timeline"') :]
    positions = [timeline.index(text) for text in ("上门问诊", "买米", "聊得很好", "第一次家访")]
    assert positions == sorted(positions)
    assert "开案前的电话" not in timeline and "别人的电话" not in timeline


@pytest.mark.parametrize("notes", [10, 30])
def test_the_timeline_is_a_fixed_number_of_queries(
    world, story, notes, django_assert_max_num_queries
):
    sw1 = world["users"]["zhuoda-sw1"]
    with_all_records(story, sw1)
    for i in range(notes):
        services.case_add_note(
            actor=sw1, case=story, text=f"记录{i}", written_on=dt.date(2026, 11, 2)
        )
        contact(world, story.elder, at(12) + dt.timedelta(minutes=i))
    sw1 = type(sw1).objects.get(pk=sw1.pk)  # memberships not cached yet
    # memberships, moves, intake, summary, goals, plan history, notes, closing, referrals,
    # contacts, requests, assessments
    with django_assert_max_num_queries(12):
        entries = case_timeline(actor=sw1, case=story)
    assert len(entries) >= 2 * notes


def test_an_assessment_shows_its_bands_words_not_its_code(world, story):
    with translation.override("zh-hans"):
        entries = case_timeline(actor=world["users"]["zhuoda-sw1"], case=story)
    [scale] = [e for e in entries if e.kind == "instrument"]
    assert scale.summary.endswith(" · 7 (孤独)")


def test_contacts_another_station_made_with_the_elder_are_not_shown(world, story, elder):
    Contact.objects.create(elder=elder, station=world["wangcheng"], kind="call",
                           at=at(6, 10), outcome="reached", note="望城的记录")  # fmt: skip
    entries = case_timeline(actor=world["users"]["zhuoda-head"], case=story)
    assert [e.detail for e in entries if e.kind == "contact"] == ["聊得很好"]
