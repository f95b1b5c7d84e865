"""My day's Services line: cases to act on, requests to dispatch and confirm, overdue request
alerts and referrals unanswered for a week, each counted by hand below."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from linli.cases import services as cases
from linli.errands import services as errands
from linli.followups.casework import casework_counts
from linli.partners import services as partners
from tests.cases.factories import goal_data, open_case, put_at
from tests.conftest import add_elder


def build(world):
    users = world["users"]
    sw1, head = users["zhuoda-sw1"], users["zhuoda-head"]
    today = timezone.localdate()
    soon = put_at(open_case(world), "intervention", today)  # (1) a next step within a week
    cases.case_add_note(
        actor=sw1,
        case=soon,
        text="家访",
        written_on=today,
        next_step="复诊",
        next_step_on=today + dt.timedelta(days=3),
    )  # fmt: skip
    later = put_at(open_case(world), "plan", today)
    cases.case_set_plan(actor=sw1, case=later,
                        goals=[goal_data(target_date=today + dt.timedelta(days=30))])  # fmt: skip
    put_at(open_case(world), "intake", today - dt.timedelta(days=20))  # (2) stuck: norm 14
    put_at(open_case(world, lead="zhuoda-sw2"), "intake", today - dt.timedelta(days=20))  # not mine
    elder = add_elder(world, "zhuoda", name="王五")
    now = timezone.now()

    def raise_(urgency="normal", hours_ago=0):
        at = now - dt.timedelta(hours=hours_ago)
        return errands.request_raise(actor=sw1, elder=elder, data={
            "type": "groceries", "source": "phone", "urgency": urgency, "raised_at": at,
            "needed_by": now + dt.timedelta(days=1),
        })  # fmt: skip

    raise_(), raise_()  # two open
    raise_("urgent", hours_ago=3)  # open, and overdue (not accepted within 2 hours)
    done = raise_()
    errands.request_dispatch(actor=sw1, request=done, helper=users["zhuoda-vol1"])
    errands.request_accept(actor=users["zhuoda-vol1"], request=done)
    errands.request_done(actor=users["zhuoda-vol1"], request=done)  # to confirm
    errands.overdue_alerts_raise(station=world["zhuoda"], now=now)
    partner = partners.partner_create(actor=head, station=world["zhuoda"], data={
        "name": "吉阳区公证处", "kind": "notary", "party": "social_org",
    })  # fmt: skip
    for days in (8, 3):  # only the first has waited a week
        partners.referral_create(actor=sw1, elder=elder, partner=partner, asked="遗嘱公证",
                                 sent_on=today - dt.timedelta(days=days))  # fmt: skip


def test_counts(world):
    build(world)
    counts = casework_counts(actor=world["users"]["zhuoda-sw1"], station=world["zhuoda"],
                             today=timezone.localdate())  # fmt: skip
    assert counts == {"cases_due": 2, "to_dispatch": 3, "to_confirm": 1, "overdue_requests": 1,
                      "referrals_waiting": 1}  # fmt: skip


def test_shown_on_my_own_day_only(world, client_for):
    build(world)
    mine = client_for("zhuoda-sw1").get(reverse("followups:day")).content.decode()
    assert "Requests to dispatch" in mine and "1 urgent request is overdue." in mine
    sw1 = world["users"]["zhuoda-sw1"]
    theirs = client_for("zhuoda-head").get(reverse("followups:day"), {"worker": sw1.pk})
    assert "Requests to dispatch" not in theirs.content.decode()
    volunteer = client_for("zhuoda-vol1").get(reverse("followups:day")).content.decode()
    assert "Requests to dispatch" not in volunteer
