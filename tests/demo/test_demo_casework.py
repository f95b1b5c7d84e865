"""The demo's case work, partners, referrals, donated goods and service requests: every stage,
status and type there, valid by the services' own rules, dated in the past, deterministic.

Run on a small station (the assessments' test station plus its contact history) to stay quick;
the whole demo prints the counts (test_demo.py runs it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from django.db import transaction
from django.db.models import Max

from linli.cases import process
from linli.cases.models import Case, CaseEvent, ClosingSummary, Goal, Note
from linli.demo.assessments import station_assessments_create, station_risk_derive
from linli.demo.casework import station_casework_create
from linli.demo.management.commands.demo import Command
from linli.demo.partners import moment
from linli.demo.services import DemoSummary, station_history_create, station_summary
from linli.errands.models import HelperProfile, OverdueAlert, ServiceRequest
from linli.lib.phones import parse_phone
from linli.partners.models import Agreement, Partner, PartnerPerson, Referral
from linli.partners.selectors import referrals_awaiting_answer, stock_levels
from linli.stations.models import Station
from tests.demo.test_demo_assessments import TODAY, small_station


def _load(world, seed: int = 5):
    station = world["zhuoda"]
    small_station(world)
    _counts, active = station_assessments_create(station=station, seed=seed, today=TODAY)
    station_history_create(station=station, seed=seed, today=TODAY)
    station_risk_derive(station=station, elders=active, today=TODAY)
    return station_casework_create(station=station, seed=seed, today=TODAY)


def test_casework_demo(world):
    counts = _load(world)
    station, head = world["zhuoda"], world["users"]["zhuoda-head"]
    _assert_cases_at_every_stage(station, counts)
    _assert_partners_of_every_kind_with_people_and_agreements(station)
    _assert_referrals_in_every_status(station, head)
    _assert_goods_never_below_zero(station, head, counts)
    _assert_requests_of_every_type_mostly_confirmed(station, counts)
    _assert_nothing_is_dated_after_today(station)
    _assert_the_command_prints_the_counts(counts)


def _assert_cases_at_every_stage(station, counts):
    cases = Case.objects.filter(station=station)
    assert set(cases.values_list("stage", flat=True)) == set(process.STAGES)
    assert counts.cases == {s: cases.filter(stage=s).count() for s in process.STAGES}
    assert 24 <= cases.count() <= 36  # zhuoda: the richest station
    closings = ClosingSummary.objects.filter(case__station=station)
    assert closings.filter(status="requested").count() == counts.closing_requested == 1
    assert closings.filter(status="returned").count() == counts.closing_returned == 1
    closed = cases.filter(stage__in=(process.CLOSED, process.FOLLOWUP))
    assert closings.filter(case__in=closed, status="approved").count() == closed.count()
    assert all(c.decided_by.username == "zhuoda-head" for c in closings.exclude(status="requested"))
    reasons = set(cases.filter(restricted=True).values_list("restricted_reason", flat=True))
    assert {"abuse", "lost_only_child", "mental_illness"} <= reasons
    assert counts.stuck >= 3
    assert Goal.objects.filter(case__station=station).exclude(attainment="").exists()
    assert Note.objects.filter(case__station=station, kind="supervision").exists()
    notes = Note.objects.filter(case__station=station, kind="process")
    assert notes.exclude(next_step="").exists()
    opened = cases.values_list("opened_on", flat=True)
    assert TODAY - dt.timedelta(days=300) <= min(opened) and max(opened) < TODAY
    for case in cases:  # the move log agrees with the case's stage and its dates
        last = CaseEvent.objects.filter(case=case).order_by("id").last()
        assert (last.to_stage, last.at.date()) == (case.stage, case.stage_entered_on)


def _assert_partners_of_every_kind_with_people_and_agreements(station):
    partners = Partner.objects.filter(station=station)
    kinds = set(partners.values_list("kind", flat=True))
    assert {"health", "police", "law_firm", "notary", "community", "enterprise"} <= kinds
    assert 10 <= partners.count() <= 16
    assert set(partners.values_list("party", flat=True)) == set(Partner.Party.values)
    assert not partners.filter(people__isnull=True).exists()
    people = PartnerPerson.objects.filter(partner__station=station)
    for phone in people.values_list("phone", flat=True):
        assert parse_phone(phone).number == phone
    agreements = Agreement.objects.filter(partner__station=station)
    assert agreements.filter(valid_until__lt=TODAY).count() == 1
    assert agreements.filter(signed_on__lte=TODAY).count() == agreements.count() > 8


def _assert_referrals_in_every_status(station, head):
    referrals = Referral.objects.filter(station=station)
    assert {"sent", "accepted", "declined", "done"} <= set(
        referrals.values_list("status", flat=True)
    )
    assert 15 <= referrals.count() <= 40
    assert referrals.filter(case__isnull=False).exists()
    assert referrals.filter(contact__isnull=False).exists()
    assert referrals.filter(request__isnull=False).exists()
    awaiting = referrals_awaiting_answer(actor=head, station=station, today=TODAY)
    assert 2 <= len(awaiting) <= 4 and all(r.days_waiting > 7 for r in awaiting)
    reminded = referrals.filter(reminders__isnull=False)
    assert reminded.exists() and set(reminded.values_list("status", flat=True)) == {"sent"}
    assert not referrals.filter(status="done", outcome="").exists()


def _assert_goods_never_below_zero(station, head, counts):
    levels = list(stock_levels(actor=head, station=station))
    assert {"大米（10公斤）", "食用油（5升）", "慰问金"} <= {i.name for i in levels}
    assert all(item.stock >= 0 for item in levels) and any(item.stock > 0 for item in levels)
    assert counts.partners.distributions > 0 and counts.partners.receipts > 0


def _assert_requests_of_every_type_mostly_confirmed(station, counts):
    requests = ServiceRequest.objects.filter(station=station)
    assert set(requests.values_list("type", flat=True)) == set(ServiceRequest.Type.values)
    assert set(requests.values_list("urgency", flat=True)) == {"normal", "soon", "urgent"}
    confirmed = requests.filter(status="confirmed")
    assert confirmed.count() / requests.count() > 0.6
    assert confirmed.exclude(feedback="").exists() and confirmed.filter(satisfied=False).exists()
    assert requests.filter(status="open").exists()
    assert counts.requests_overdue >= 2
    assert OverdueAlert.objects.filter(station=station, resolved_at__isnull=True).count() >= 2
    assert HelperProfile.objects.filter(station=station).count() == counts.helpers == 3
    assigned = set(requests.values_list("assigned_to__username", flat=True)) - {None}
    assert {"zhuoda-vol1", "zhuoda-sw1", "zhuoda-sw2"} <= assigned
    for request in confirmed:
        assert request.raised_at < request.dispatched_at < request.accepted_at
        assert request.accepted_at < request.done_at < request.confirmed_at


def _assert_nothing_is_dated_after_today(station):
    end = moment(TODAY, 8)
    assert ServiceRequest.objects.filter(station=station).aggregate(m=Max("raised_at"))["m"] < end
    assert Note.objects.filter(case__station=station).aggregate(m=Max("written_on"))["m"] <= TODAY
    assert Referral.objects.aggregate(m=Max("sent_on"))["m"] <= TODAY
    assert not Goal.objects.filter(evaluated_at__date__gt=TODAY).exists()


def _assert_the_command_prints_the_counts(counts):
    row = station_summary(Station.objects.get(code="zhuoda"), today=TODAY)
    row.casework = counts
    out = io.StringIO()
    Command(stdout=out)._print_casework(DemoSummary(seed=5, today=TODAY, stations=[row]))
    text = out.getvalue()
    assert f"{sum(counts.cases.values())} cases: intake " in text
    assert f"{counts.partners.awaiting} awaiting an answer > 7 days" in text
    assert "service requests: open " in text and "in stock: " in text


def test_same_seed_same_casework(world):
    runs = []
    for _ in range(2):
        with transaction.atomic():
            counts = dataclasses.asdict(_load(world, seed=8))
            counts.pop("seconds")
            runs.append(counts)
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
