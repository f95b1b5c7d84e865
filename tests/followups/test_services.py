import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from linli.elders import services as elder_services
from linli.elders.models import Elder
from linli.followups import emergencies, selectors, services
from linli.followups.models import Alert, Contact, Plan, Task
from tests.conftest import add_elder

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def old(world, sw1):
    """Aged 80+ on any date this test suite runs: a monthly call."""
    return add_elder(world, "zhuoda", name="张三", birth_date=dt.date(1930, 5, 1),
                     assigned_worker=sw1, phones=["13800138000"])  # fmt: skip


def plan_of(elder, kind="call"):
    return Plan.objects.get(elder=elder, kind=kind)


def log(elder, actor, outcome="reached", day=None, confirm=False):
    data = {"kind": "call", "outcome": outcome, "at": at(day or timezone.localdate())}
    return services.contact_log(actor=actor, elder=elder, data=data, confirm_status=confirm)


def test_new_elder_gets_a_plan_due_today(old):
    plan = plan_of(old)
    assert (plan.rule_code, plan.interval_days) == ("monthly_call", 30)
    assert plan.next_due == timezone.localdate()
    assert not Plan.objects.filter(elder=old, kind="visit").exists()


def test_elder_without_a_matching_rule_has_no_plan(world):
    young = add_elder(world, "zhuoda", name="李四", birth_date=dt.date(1960, 1, 1))
    assert not young.plans.exists()


def test_a_change_of_category_replans(world, old, sw1):
    elder_services.elder_update(actor=sw1, elder=old, data={"living_arrangement": "alone"})
    assert plan_of(old).rule_code == "alone_fortnightly_call"
    assert plan_of(old, "visit").interval_days == 91


def test_a_reached_call_moves_the_due_date_at_once(old, sw1):
    day = timezone.localdate()
    log(old, sw1, day=day)
    assert plan_of(old).next_due == day + dt.timedelta(days=30)


def test_a_home_visit_counts_for_calls_and_visits(world, sw1):
    alone = add_elder(world, "zhuoda", name="王五", birth_date=dt.date(1950, 1, 1),
                      living_arrangement="alone", assigned_worker=sw1)  # fmt: skip
    day = timezone.localdate()
    services.contact_log(actor=sw1, elder=alone, data={"kind": "visit", "outcome": "reached",
                                                        "at": at(day)})  # fmt: skip
    assert plan_of(alone).next_due == day + dt.timedelta(days=14)
    assert plan_of(alone, "visit").next_due == day + dt.timedelta(days=91)


def test_three_unanswered_calls_raise_an_alert_and_a_visit_task(old, sw1):
    for _ in range(2):
        log(old, sw1, outcome="no_answer")
    assert not Alert.objects.exists()
    log(old, sw1, outcome="no_answer")
    assert list(Alert.objects.values_list("kind", flat=True)) == ["no_answer"]
    task = Task.objects.get()
    assert (task.kind, task.assigned_to, task.status) == ("visit", sw1, "open")
    log(old, sw1, outcome="no_answer")  # a fourth does not pile up alerts
    assert Alert.objects.count() == 1
    # Unanswered calls do not count as reaching the elder.
    assert plan_of(old).next_due == timezone.localdate()


def test_a_reached_call_breaks_the_streak(old, sw1):
    log(old, sw1, outcome="no_answer")
    log(old, sw1, outcome="no_answer")
    log(old, sw1, outcome="reached")
    log(old, sw1, outcome="no_answer")
    assert plan_of(old).no_answer_streak == 1
    assert not Alert.objects.exists()


def test_contacts_typed_in_late_leave_the_plan_as_the_calendar_says(old, sw1):
    """Logged out of order (a paper sheet typed in later): the plan is what the dates make it.
    By date: reached 1st, unanswered 10th and 12th. Typed: 12th, 1st, 10th."""
    today = timezone.localdate()
    first, tenth, twelfth = (today - dt.timedelta(days=d) for d in (11, 2, 0))
    log(old, sw1, outcome="no_answer", day=twelfth)
    log(old, sw1, outcome="reached", day=first)  # before the unanswered call: the streak stays
    plan = plan_of(old)
    assert (plan.no_answer_streak, plan.last_reached_at) == (1, at(first))
    log(old, sw1, outcome="no_answer", day=tenth)
    plan = plan_of(old)
    assert (plan.no_answer_streak, plan.last_attempt_at) == (2, at(twelfth))


def test_an_old_unanswered_call_typed_in_after_a_reach_does_not_count(old, sw1):
    today = timezone.localdate()
    log(old, sw1, outcome="reached", day=today)
    log(old, sw1, outcome="no_answer", day=today - dt.timedelta(days=5))
    assert plan_of(old).no_answer_streak == 0


def test_wrong_number_flags_the_record(old, sw1):
    log(old, sw1, outcome="wrong_number")
    assert Alert.objects.get().kind == "wrong_number"


@pytest.mark.parametrize(("outcome", "status"), [("deceased", "deceased"), ("moved", "moved")])
def test_deceased_and_moved_need_confirmation_then_change_status(old, sw1, outcome, status):
    with pytest.raises(ValidationError):
        log(old, sw1, outcome=outcome)
    assert Elder.objects.get(pk=old.pk).status == "active"
    assert not Contact.objects.exists()
    log(old, sw1, outcome=outcome, confirm=True)
    old.refresh_from_db()
    assert (old.status, old.status_date) == (status, timezone.localdate())
    assert not old.plans.exists()  # out of every worklist


def test_verification_corrections_land_in_history_with_the_contact(old, sw1):
    contact = services.contact_log(
        actor=sw1, elder=old, data={"kind": "call", "outcome": "reached"},
        corrections={"phones": ["13900139000"], "address": "卓达社区5栋"},
    )  # fmt: skip
    old.refresh_from_db()
    assert (old.phones, old.address) == ("13900139000", "卓达社区5栋")
    latest = old.history.order_by("-history_id").first()
    assert latest.history_change_reason == f"Corrected during contact #{contact.pk}"
    assert contact.verification["corrected"]["phones"] == ["13800138000", "13900139000"]


def test_a_bad_correction_saves_nothing(old, sw1):
    with pytest.raises(ValidationError):
        services.contact_log(actor=sw1, elder=old, data={"kind": "call", "outcome": "reached"},
                             corrections={"phones": ["12345"]})  # fmt: skip
    assert not Contact.objects.exists()
    assert plan_of(old).last_reached_at is None


def test_override_with_reason_and_back_to_rules(old, sw1):
    plan = services.cadence_override(actor=sw1, elder=old, kind="call", days=7,
                                     reason="刚出院")  # fmt: skip
    assert (plan.rule_code, plan.interval_days, plan.override_reason) == ("override", 7, "刚出院")
    elder_services.elder_update(actor=sw1, elder=old, data={"notes": "x"})  # replans, keeps it
    assert plan_of(old).interval_days == 7
    services.cadence_override_clear(actor=sw1, elder=old, kind="call")
    assert plan_of(old).rule_code == "monthly_call"


def test_rules_are_versioned_and_replan(world, old):
    head = world["users"]["zhuoda-head"]
    rules = [{"code": "weekly_old", "kind": "call", "every": "week", "categories": ["aged80"],
              "label_zh": "高龄", "label_en": "aged"}]  # fmt: skip
    first = services.ruleset_save(actor=head, station=world["zhuoda"], rules=rules)
    second = services.ruleset_save(actor=head, station=world["zhuoda"], rules=rules, note="again")
    assert (first.version, second.version) == (1, 2)
    assert plan_of(old).interval_days == 7
    with pytest.raises(ValidationError):
        services.ruleset_save(actor=head, station=world["zhuoda"], rules=[{"code": ""}])


def test_migratory_elder_absent_this_month_is_not_due(world, sw1):
    today = timezone.localdate()
    months = [m for m in range(1, 13) if m != today.month]
    elder = add_elder(world, "zhuoda", name="候鸟", birth_date=dt.date(1930, 1, 1),
                      migratory=True, months_present=months, assigned_worker=sw1)  # fmt: skip
    assert plan_of(elder).next_due.month != today.month
    assert plan_of(elder).next_due > today


def test_worklist_orders_overdue_by_risk_then_age(world, sw1):
    # The level is derived; the worker's floor sets it here (urgent ranks before high).
    today = timezone.localdate()
    a = add_elder(world, "zhuoda", name="甲", birth_date=dt.date(1930, 1, 1), assigned_worker=sw1)
    b = add_elder(world, "zhuoda", name="乙", birth_date=dt.date(1930, 1, 1), assigned_worker=sw1,
                  risk_floor="high")  # fmt: skip
    c = add_elder(world, "zhuoda", name="丙", birth_date=dt.date(1930, 1, 1), assigned_worker=sw1)
    d = add_elder(world, "zhuoda", name="丁", birth_date=dt.date(1930, 1, 1), assigned_worker=sw1,
                  risk_floor="urgent")  # fmt: skip
    assert (b.risk_level, d.risk_level) == ("high", "urgent")
    Plan.objects.filter(elder=a).update(next_due=today - dt.timedelta(days=20))
    Plan.objects.filter(elder=b).update(next_due=today - dt.timedelta(days=2))
    Plan.objects.filter(elder=c).update(next_due=today - dt.timedelta(days=40))
    Plan.objects.filter(elder=d).update(next_due=today - dt.timedelta(days=1))
    day = selectors.worklist(actor=sw1, station=world["zhuoda"], worker=sw1, today=today)
    assert [p.elder.name for p in day.overdue] == ["丁", "乙", "丙", "甲"]
    assert [p.risk_rank for p in day.overdue] == [0, 1, 3, 3]
    assert day.counts["overdue"] == 4


def test_worklist_is_per_worker_and_per_station(world, old, sw1):
    today = timezone.localdate()
    sw2 = world["users"]["zhuoda-sw2"]
    assert selectors.worklist(actor=sw2, station=world["zhuoda"], worker=sw2,
                              today=today).due_today == []  # fmt: skip
    outsider = world["users"]["wangcheng-head"]
    assert selectors.worklist(actor=outsider, station=world["zhuoda"], worker=sw1,
                              today=today).due_today == []  # fmt: skip


def test_coverage_counts(world, sw1):
    today = timezone.localdate()
    elders = [add_elder(world, "zhuoda", name=f"老{i}", birth_date=dt.date(1930, 1, 1),
                        assigned_worker=sw1) for i in range(4)]  # fmt: skip
    log(elders[0], sw1, outcome="reached")
    log(elders[1], sw1, outcome="no_answer")
    log(elders[2], sw1, outcome="no_answer")
    log(elders[2], sw1, outcome="reached")
    rows = selectors.coverage(actor=world["users"]["zhuoda-head"], station=world["zhuoda"],
                              month=today)  # fmt: skip
    total = rows["total"][0]
    # 4 due: two reached (0 and 2), one attempted without success (1), one not attempted (3).
    assert (total.due, total.reached, total.attempted, total.not_attempted) == (4, 2, 1, 1)
    assert [(r.key, r.due) for r in rows["rule"]] == [("monthly_call", 4)]
    assert [(r.key, r.reached) for r in rows["worker"]] == [(sw1.pk, 2)]


def test_emergency_open_checkin_close(world, sw1):
    today = timezone.localdate()
    head = world["users"]["zhuoda-head"]
    alone = add_elder(world, "zhuoda", name="独居老人", birth_date=dt.date(1950, 1, 1),
                      living_arrangement="alone", assigned_worker=sw1)  # fmt: skip
    add_elder(world, "zhuoda", name="与子女同住", birth_date=dt.date(1950, 1, 1),
              living_arrangement="children", assigned_worker=sw1)  # fmt: skip
    emergency = emergencies.emergency_open(actor=head, station=world["zhuoda"], kind="typhoon",
                                           title="台风“摩羯”", starts_on=today)  # fmt: skip
    due = selectors.checkins_due(actor=sw1, station=world["zhuoda"], worker=sw1, today=today)
    assert [e.name for e in due[0][1]] == ["独居老人"]
    services.contact_log(actor=sw1, elder=alone, data={
        "kind": "call", "outcome": "reached", "emergency": emergency, "meals_secured": True,
        "medicines_sufficient": False, "new_need": "medicine"})  # fmt: skip
    assert Task.objects.get().kind == "service"
    assert Alert.objects.get().kind == "urgent_need"
    due = selectors.checkins_due(actor=sw1, station=world["zhuoda"], worker=sw1, today=today)
    assert due[0][1] == []
    board = selectors.emergency_board(emergency=emergency, actor=head, today=today)
    assert (board[0]["covered"], board[0]["reached"]) == (1, 1)
    closed = emergencies.emergency_close(actor=head, emergency=emergency)
    assert closed.summary["elders_covered"] == 1
    assert closed.summary["checkins"] == 1
    assert closed.summary["needs"] == 1
    assert selectors.checkins_due(actor=sw1, station=world["zhuoda"], worker=sw1,
                                  today=today) == []  # fmt: skip


@pytest.mark.parametrize(
    ("outcome", "due_in", "streak"),
    [("in_hospital", 7, 0), ("away", 0, 0), ("no_answer", 0, 1), ("wrong_number", 0, 0)],
)  # fmt: skip
def test_every_other_outcome(old, sw1, outcome, due_in, streak):
    # In hospital: we know how they are (reached), and the stay makes them high risk (at
    # least high for 30 days), so the call becomes weekly. Away or wrong number: an attempt.
    log(old, sw1, outcome=outcome)
    plan = plan_of(old)
    expected = timezone.localdate() + dt.timedelta(days=due_in)
    assert (plan.next_due, plan.no_answer_streak) == (expected, streak)
    assert plan.last_attempt_at is not None
    assert Elder.objects.get(pk=old.pk).status == "active"
