import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from linli.accounts.models import AccessLog
from linli.followups.models import Contact
from linli.partners import selectors, services
from linli.partners.models import Referral
from tests.conftest import TODAY, add_elder

SENT = dt.date(2026, 11, 2)


@pytest.fixture
def referral(partner, elder, head):
    return services.referral_create(actor=head, elder=elder, partner=partner,
                                    asked="申请临时救助", sent_on=SENT)  # fmt: skip


def test_referral_create_from_a_contact(partner, elder, head):
    contact = Contact.objects.create(elder=elder, station=elder.station, outcome="reached")
    referral = services.referral_create(actor=head, elder=elder, partner=partner, asked="法律咨询",
                                        sent_on=SENT, contact=contact)  # fmt: skip
    assert (referral.station_id, referral.status, referral.made_by) == (
        elder.station_id,
        "sent",
        head,
    )
    assert (referral.contact, referral.case, referral.request) == (contact, None, None)
    assert AccessLog.objects.filter(action="partners.referral.sent").count() == 1


def test_referral_to_another_stations_partner_refused(world, elder, head, outsider_partner):
    with pytest.raises(ValidationError) as exc:
        services.referral_create(actor=head, elder=elder, partner=outsider_partner,
                                 asked="x", sent_on=SENT)  # fmt: skip
    assert exc.value.message_dict == {"partner": ["Choose a partner of the elder's station."]}
    assert Referral.objects.count() == 0


def test_referral_contact_of_another_elder_refused(world, partner, elder, head):
    other = add_elder(world, "zhuoda", name="王五")
    contact = Contact.objects.create(elder=other, station=other.station, outcome="reached")
    with pytest.raises(ValidationError):
        services.referral_create(actor=head, elder=elder, partner=partner, asked="x",
                                 sent_on=SENT, contact=contact)  # fmt: skip


def test_referral_to_inactive_partner_refused(partner, elder, head):
    services.partner_update(actor=head, partner=partner, data={"active": False})
    with pytest.raises(ValidationError):
        services.referral_create(actor=head, elder=elder, partner=partner, asked="x",
                                 sent_on=SENT)  # fmt: skip


@pytest.mark.parametrize(
    "path, allowed",
    [
        (["accepted"], True),
        (["declined"], True),
        (["cancelled"], True),
        (["accepted", "done"], True),
        (["accepted", "cancelled"], True),
        (["done"], False),
        (["sent"], False),
        (["accepted", "declined"], False),
        (["declined", "accepted"], False),
        (["accepted", "done", "cancelled"], False),
        (["cancelled", "accepted"], False),
        (["bogus"], False),
    ],
)
def test_status_transitions(referral, head, path, allowed):
    *before, last = path
    for status in before:
        services.referral_set_status(actor=head, referral=referral, status=status, on=TODAY)
    if allowed:
        services.referral_set_status(actor=head, referral=referral, status=last, on=TODAY)
        referral.refresh_from_db()
        assert referral.status == last
    else:
        with pytest.raises(ValidationError) as exc:
            services.referral_set_status(actor=head, referral=referral, status=last, on=TODAY)
        assert "status" in exc.value.message_dict
        referral.refresh_from_db()
        assert referral.status == (before[-1] if before else "sent")


def test_forbidden_transition_message(referral, head):
    services.referral_set_status(actor=head, referral=referral, status="declined", on=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.referral_set_status(actor=head, referral=referral, status="done", on=TODAY)
    assert exc.value.message_dict == {"status": ["A referral that is declined cannot become done."]}


def test_answer_sets_responded_on_and_done_keeps_outcome(referral, head):
    services.referral_set_status(actor=head, referral=referral, status="accepted",
                                 on=dt.date(2026, 11, 5))  # fmt: skip
    services.referral_set_status(actor=head, referral=referral, status="done",
                                 on=dt.date(2026, 11, 20), outcome="已获救助 2000 元")  # fmt: skip
    referral.refresh_from_db()
    assert (referral.responded_on, referral.outcome) == (dt.date(2026, 11, 5), "已获救助 2000 元")
    actions = AccessLog.objects.filter(action__startswith="partners.referral.")
    assert sorted(actions.values_list("action", flat=True)) == [
        "partners.referral.accepted",
        "partners.referral.done",
        "partners.referral.sent",
    ]
    assert referral.history.count() == 3


def test_answer_before_sending_refused(referral, head):
    with pytest.raises(ValidationError):
        services.referral_set_status(actor=head, referral=referral, status="accepted",
                                     on=SENT - dt.timedelta(days=1))  # fmt: skip


def _awaiting(world, head, today):
    found = selectors.referrals_awaiting_answer(actor=head, station=world["zhuoda"], today=today)
    return [(r.asked, r.days_waiting) for r in found]


def test_reminder_edge_six_days_no_seven_days_yes(world, partner, elder, head):
    for days in (6, 7, 9):
        services.referral_create(actor=head, elder=elder, partner=partner, asked=f"{days}天",
                                 sent_on=TODAY - dt.timedelta(days=days))  # fmt: skip
    assert _awaiting(world, head, TODAY) == [("9天", 9), ("7天", 7)]


@pytest.mark.parametrize("status", ["accepted", "declined", "cancelled"])
def test_answered_referrals_never_need_a_reminder(world, partner, elder, head, status):
    old = services.referral_create(actor=head, elder=elder, partner=partner, asked="old",
                                   sent_on=TODAY - dt.timedelta(days=30))  # fmt: skip
    services.referral_set_status(actor=head, referral=old, status=status,
                                 on=TODAY - dt.timedelta(days=29))  # fmt: skip
    assert _awaiting(world, head, TODAY) == []


def test_reminder_recorded_and_clock_restarts(world, partner, elder, head):
    referral = services.referral_create(actor=head, elder=elder, partner=partner, asked="a",
                                        sent_on=TODAY - dt.timedelta(days=10))  # fmt: skip
    services.referral_remind(actor=head, referral=referral, on=TODAY, note="电话催办")
    assert referral.reminders.count() == 1
    assert AccessLog.objects.filter(action="partners.referral.reminded").count() == 1
    assert _awaiting(world, head, TODAY) == []
    assert _awaiting(world, head, TODAY + dt.timedelta(days=6)) == []
    assert _awaiting(world, head, TODAY + dt.timedelta(days=7)) == [("a", 17)]


def test_reminder_on_answered_referral_refused(referral, head):
    services.referral_set_status(actor=head, referral=referral, status="accepted", on=TODAY)
    with pytest.raises(ValidationError):
        services.referral_remind(actor=head, referral=referral, on=TODAY)
    assert referral.reminders.count() == 0


def test_five_party_summary(world, head, partner, elder):
    firm = services.partner_create(actor=head, station=world["zhuoda"], data={
        "name": "海澜律所", "kind": "law_firm", "party": "social_org"})  # fmt: skip
    for target, day in ((partner, 1), (partner, 2), (firm, 3), (firm, 30)):
        services.referral_create(actor=head, elder=elder, partner=target, asked="x",
                                 sent_on=dt.date(2026, 11, day))  # fmt: skip
    summary = selectors.five_party_summary(actor=head, station=world["zhuoda"],
                                           start=dt.date(2026, 11, 1),
                                           end=dt.date(2026, 11, 15))  # fmt: skip
    assert summary == [
        {"party": "community", "kind": "community", "referrals": 2},
        {"party": "social_org", "kind": "law_firm", "referrals": 1},
    ]
