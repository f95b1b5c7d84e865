"""The demo's year of contact history: deterministic, consistent with the plans, believable.

Loading the demo takes ~15 s, so one test loads it and checks everything in turn (a module
fixture would load it once per xdist worker that runs one of the module's tests).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from linli.accounts.models import User
from linli.assessments import risking
from linli.assessments.models import Assessment
from linli.demo.generator import DEFAULT_SEED
from linli.demo.services import station_history_create
from linli.elders.models import Elder
from linli.followups import cadence, selectors
from linli.followups.models import REACHED_OUTCOMES, Alert, Contact, Emergency, Plan, Task
from linli.stations.models import Station

TODAY = dt.date(2026, 11, 23)  # a Monday
CJK = re.compile(r"[\u4e00-\u9fff]")
pytestmark = pytest.mark.django_db


def test_demo_history():
    out = io.StringIO()
    call_command("demo", "--today", TODAY.isoformat(), stdout=out)
    _assert_the_command_prints_the_counts(out.getvalue())
    _assert_about_a_year_at_each_plans_cadence()
    _assert_workers_call_on_weekdays_and_volunteers_visit()
    _assert_notes_wellbeing_and_verification()
    _assert_migratory_elders_are_contacted_only_in_their_months()
    _assert_plans_are_what_their_contacts_made_them()
    _assert_a_workers_day_is_a_believable_mix()
    _assert_this_months_coverage_is_partly_done()
    _assert_open_no_answer_alerts_are_three_unanswered_calls()
    _assert_wrong_numbers_raise_alerts_and_correction_tasks()
    _assert_last_summers_emergency_is_closed_with_a_summary()
    _assert_same_seed_same_history()


def test_no_elders_no_history():
    call_command("demo", "--no-elders", stdout=io.StringIO())
    assert not Contact.objects.exists() and not Emergency.objects.exists()


def contact_rows(contacts) -> list[tuple]:
    return list(
        contacts.order_by("elder_id", "at", "kind").values_list(
            "elder_id", "kind", "at", "by_id", "outcome", "note", "mood", "new_need"
        )
    )


def _assert_the_command_prints_the_counts(demo: str):
    assert re.search(r"zhuoda: [\d,]+ contacts, \d+ open alerts, \d+ open tasks", demo)
    assert "zhuoda-sw1's day:" in demo


def _assert_about_a_year_at_each_plans_cadence():
    contacts = Contact.objects.filter(station__code="zhuoda")
    assert 50_000 <= contacts.count() <= 120_000
    first, last = (timezone.localtime(contacts.order_by(f).first().at) for f in ("at", "-at"))
    assert first.date() >= TODAY - dt.timedelta(days=366)
    assert last.date() < TODAY  # nothing yet on the load day itself
    assert {"call", "visit", "video", "chance"} <= set(contacts.values_list("kind", flat=True))
    outcomes = Counter(contacts.values_list("outcome", flat=True))
    total = sum(outcomes.values())
    assert 0.80 <= outcomes["reached"] / total <= 0.90
    assert 0.05 <= outcomes["no_answer"] / total <= 0.11
    for outcome in ("wrong_number", "in_hospital", "away", "deceased"):
        assert 0 < outcomes[outcome] / total <= 0.05


def _assert_workers_call_on_weekdays_and_volunteers_visit():
    contacts = Contact.objects.filter(station__code="zhuoda", emergency__isnull=True)
    # volunteers' pairing visits (with their service hours) may fall on a weekend
    workers = contacts.filter(volunteer_hours__isnull=True)
    assert not workers.filter(at__week_day__in=[1, 7]).exists()  # Sunday, Saturday
    assert contacts.filter(at__week_day=2).exists()
    volunteer = User.objects.get(username="zhuoda-vol1")
    visits = Contact.objects.filter(by=volunteer)
    assert visits.exists() and set(visits.values_list("kind", flat=True)) == {"visit"}
    paired = set(Elder.objects.visible_to(volunteer).values_list("pk", flat=True))
    assert set(visits.values_list("elder_id", flat=True)) <= paired


def _assert_notes_wellbeing_and_verification():
    contacts = Contact.objects.filter(station__code="zhuoda")
    notes = list(contacts.exclude(note="").values_list("note", flat=True)[:500])
    assert len(notes) == 500 and all(CJK.search(note) for note in notes)
    total = contacts.count()
    for problem in (
        contacts.filter(health_change=True),
        contacts.filter(mood__in=["low", "distressed"]),
        contacts.exclude(new_need=""),
        contacts.filter(safety_concern=True),
    ):
        assert 0 < problem.count() / total < 0.1
    verified = contacts.exclude(verification={})
    assert 0 < verified.count() / total < 0.1
    assert "phones" in verified.first().verification["checked"]


def _assert_migratory_elders_are_contacted_only_in_their_months():
    migratory = dict(
        Elder.objects.filter(station__code="zhuoda", migratory=True, status="active")
        .order_by("pk")
        .values_list("pk", "months_present")[::40]
    )
    contacts = Contact.objects.filter(elder_id__in=migratory).values_list("elder_id", "at")
    assert contacts
    for elder_id, at in contacts:
        assert timezone.localtime(at).month in migratory[elder_id]


def _assert_plans_are_what_their_contacts_made_them():
    """For a sample of plans: last attempt, last reached, streak and next due as
    contact_log would have set them (a visit counts as a call too)."""
    plans = list(Plan.objects.filter(station__code="zhuoda").select_related("elder")[::25])
    by_elder = defaultdict(list)
    contacts = Contact.objects.filter(elder_id__in={p.elder_id for p in plans}).order_by("at")
    for contact in contacts:
        by_elder[contact.elder_id].append(contact)
    for plan in plans:
        counted = [c for c in by_elder[plan.elder_id] if plan.kind == "call" or c.kind == "visit"]
        reached = [c for c in counted if c.outcome in REACHED_OUTCOMES]
        assert reached, plan
        assert plan.last_reached_at == reached[-1].at
        assert plan.last_attempt_at == counted[-1].at
        since = [c for c in counted if c.at > reached[-1].at and c.outcome == "no_answer"]
        assert plan.no_answer_streak == (len(since) if plan.kind == "call" else 0)
        elder = plan.elder
        expected = cadence.next_due(
            last_reached=timezone.localdate(plan.last_reached_at),
            days=plan.interval_days,
            today=TODAY,
            migratory=elder.migratory,
            months_present=elder.months_present,
        )
        assert plan.next_due == expected
        assert cadence.present_on(
            plan.next_due, migratory=elder.migratory, months_present=elder.months_present
        )


def _assert_a_workers_day_is_a_believable_mix():
    station = Station.objects.get(code="zhuoda")
    worker = User.objects.get(username="zhuoda-sw1")
    day = selectors.worklist(actor=worker, station=station, worker=worker, today=TODAY)
    caseload = Plan.objects.filter(worker=worker).count()
    assert caseload > 2000
    assert 10 <= day.counts["overdue"] <= 0.05 * caseload
    assert 20 <= day.counts["due_today"] <= 0.1 * caseload
    assert day.counts["due_today"] < day.counts["due_week"] <= 0.5 * caseload
    assert day.tasks and day.alerts


def _assert_this_months_coverage_is_partly_done():
    """Day 23 of 30: most monthly calls are made, not all; fortnightly ones nearly all."""
    head = User.objects.get(username="zhuoda-head")
    station = Station.objects.get(code="zhuoda")
    rows = selectors.coverage(actor=head, station=station, month=TODAY, kind="call")
    monthly = next(row for row in rows["rule"] if row.key == "monthly_call")
    assert 0.5 <= monthly.rate <= 0.95
    total = rows["total"][0]
    assert total.not_attempted > 0 and total.attempted > 0 and total.rate < 1


def _assert_open_no_answer_alerts_are_three_unanswered_calls():
    alerts = Alert.objects.filter(kind="no_answer")
    assert alerts.count() > 50  # raised and resolved through the year
    streaks = set(
        Plan.objects.filter(kind="call", no_answer_streak__gte=3).values_list("elder_id", flat=True)
    )
    open_alerts = alerts.filter(resolved_at__isnull=True).select_related("contact")
    assert set(open_alerts.values_list("elder_id", flat=True)) == streaks
    for alert in list(alerts.select_related("contact")[::20]) + list(open_alerts):
        before = Contact.objects.filter(elder=alert.elder_id, at__lte=alert.contact.at)
        last_reached = before.filter(outcome__in=REACHED_OUTCOMES).aggregate(Max("at"))["at__max"]
        since = before.filter(at__gt=last_reached) if last_reached else before
        assert list(since.values_list("outcome", flat=True)).count("no_answer") == 3
        assert alert.contact.outcome == "no_answer"
        task = Task.objects.get(source_contact=alert.contact, kind="visit")
        assert (task.status == "open") == (alert.resolved_at is None)


def _assert_wrong_numbers_raise_alerts_and_correction_tasks():
    open_alerts = Alert.objects.filter(kind="wrong_number", resolved_at__isnull=True)
    assert open_alerts.exists()
    for alert in open_alerts.select_related("contact"):
        assert alert.contact.outcome == "wrong_number"
        assert Task.objects.get(source_contact=alert.contact).kind == "correction"
    assert not Alert.objects.filter(resolved_at__isnull=False, resolved_by__isnull=True).exists()


def _assert_last_summers_emergency_is_closed_with_a_summary():
    for code in ("zhuoda", "wangcheng"):
        emergency = Emergency.objects.get(station__code=code)
        assert emergency.closed_at is not None and emergency.closed_by is not None
        assert 6 <= emergency.starts_on.month <= 9
        assert TODAY - dt.timedelta(days=365) < emergency.starts_on < TODAY
        checkins = Contact.objects.filter(emergency=emergency)
        days = {timezone.localdate(at) for at in checkins.values_list("at", flat=True)}
        assert days == {emergency.starts_on + dt.timedelta(days=i) for i in range(3)}
        summary = emergency.summary
        assert summary["checkins"] == checkins.count() > 100
        assert summary["days"] == 3
        assert 0 < summary["needs"] == summary["needs_met"]
        assert summary["elders_reached"] <= summary["elders_covered"]
        assert timezone.localdate(emergency.closed_at) == emergency.ends_on


def _assert_same_seed_same_history():
    """From the state the history started in, the same history again. The year's contacts
    raised some risk levels (hospital stays) and so changed plans and who an emergency
    covers: they go first, and the levels are derived again without them."""
    station = Station.objects.get(code="wangcheng")
    # Later stages of the demo add to it: volunteers' pairing visits (contacts with hours) and
    # the groups' outcome measures (assessments that move risk levels, and so cadences).
    before = contact_rows(Contact.objects.filter(station=station, volunteer_hours__isnull=True))
    with transaction.atomic():
        Alert.objects.filter(station=station).delete()  # one open alert per kind and elder
        Task.objects.filter(station=station).delete()
        Contact.objects.filter(station=station).delete()
        Assessment.objects.filter(station=station, group_measure__isnull=False).delete()
        risking.risk_refresh_station(station=station, today=TODAY)
        counts = station_history_create(station=station, seed=DEFAULT_SEED, today=TODAY)
        again = contact_rows(Contact.objects.filter(station=station))
        transaction.set_rollback(True)
    assert counts.contacts == len(again) > 10_000
    assert again == before
