"""Referral pages: the list with the week-old ones on top, a new referral from a case, a
contact or a service request, and one referral with its reminders and status."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.accounts.models import AccessLog
from linli.cases import services as case_services
from linli.errands import services as errand_services
from linli.followups.models import Contact
from linli.partners import services
from linli.partners.models import Referral, ReferralReminder
from tests.conftest import add_elder


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def refer(head, elder, partner, *, sent_on, asked="申请临时救助", **origins):
    return services.referral_create(actor=head, elder=elder, partner=partner, asked=asked,
                                    sent_on=sent_on, **origins)  # fmt: skip


@pytest.fixture
def case(head, elder):
    return case_services.case_open(actor=head, elder=elder, title="独居照护", lead_worker=head,
                                   source="contact", problem="需要法律援助",
                                   consent_given=True)  # fmt: skip


@pytest.fixture
def contact(elder):
    return Contact.objects.create(elder=elder, station=elder.station, outcome="reached")


@pytest.fixture
def service_request(head, elder):
    return errand_services.request_raise(actor=head, elder=elder, data={
        "type": "paperwork", "needed_by": timezone.now() + dt.timedelta(days=2),
        "source": "phone", "details": "办理高龄补贴",
    })  # fmt: skip


def new_url(elder, **origins) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"elder": elder.pk, **origins}.items())
    return f"{reverse('referrals:new')}?{query}"


# --- the list ----------------------------------------------------------------------------------
def test_the_list_shows_referrals_and_filters_by_status(world, client_for, head, partner, elder):
    sent = refer(head, elder, partner, sent_on=days_ago(2), asked="申请临时救助")
    done = refer(head, elder, partner, sent_on=days_ago(3), asked="法律咨询")
    services.referral_set_status(actor=head, referral=done, status="accepted", on=days_ago(1))
    client = client_for("zhuoda-sw1")
    html = client.get(reverse("referrals:list")).content.decode()
    assert "申请临时救助" in html and "法律咨询" in html and "李四" in html
    assert reverse("referrals:detail", args=[sent.pk]) in html
    assert 'href="/referrals/?status=accepted"' in html and "INVALID" not in html
    assert reverse("referrals:new") in html and 'aria-current="page"' in html  # services tab
    html = client.get(reverse("referrals:list"), {"status": "accepted"}).content.decode()
    assert "法律咨询" in html and "申请临时救助" not in html


def test_a_referral_silent_for_seven_days_is_on_top_with_a_remind_button(
    world, client_for, head, partner, elder
):
    late = refer(head, elder, partner, sent_on=days_ago(7), asked="七天未答复")
    fresh = refer(head, elder, partner, sent_on=days_ago(6), asked="六天")
    html = client_for("zhuoda-sw1").get(reverse("referrals:list")).content.decode()
    assert "No answer for a week" in html and "7 days waiting" in html
    assert reverse("referrals:remind", args=[late.pk]) in html
    assert reverse("referrals:remind", args=[fresh.pk]) not in html  # six days: not yet
    assert "Not reminded yet" in html


def test_nothing_is_on_top_before_seven_days(world, client_for, head, partner, elder):
    refer(head, elder, partner, sent_on=days_ago(6))
    html = client_for("zhuoda-sw1").get(reverse("referrals:list")).content.decode()
    assert "No answer for a week" not in html


def test_remind_records_a_reminder_and_shows_when(world, client_for, head, partner, elder):
    late = refer(head, elder, partner, sent_on=days_ago(9))
    client = client_for("zhuoda-sw1")
    list_url = reverse("referrals:list")
    page = client.post(reverse("referrals:remind", args=[late.pk]), {"next": list_url})
    assert page.status_code == 302 and page.url == list_url
    reminder = ReferralReminder.objects.get()
    assert (reminder.referral, reminder.reminded_on) == (late, timezone.localdate())
    assert reminder.by == world["users"]["zhuoda-sw1"]
    html = client.get(list_url).content.decode()
    assert "No answer for a week" not in html  # reminded today: quiet for another week
    assert timezone.localdate().isoformat() in html  # the "last reminded" column
    assert "The reminder to 丹州社区居委会 was recorded." in html


def test_reminded_eight_days_ago_is_due_again(world, client_for, head, partner, elder):
    late = refer(head, elder, partner, sent_on=days_ago(20))
    services.referral_remind(actor=head, referral=late, on=days_ago(8))
    html = client_for("zhuoda-sw1").get(reverse("referrals:list")).content.decode()
    assert "No answer for a week" in html and "20 days waiting" in html
    assert f"Last reminded {days_ago(8).isoformat()}" in html


def test_remind_goes_only_to_a_safe_next(world, client_for, head, partner, elder):
    late = refer(head, elder, partner, sent_on=days_ago(9))
    url = reverse("referrals:remind", args=[late.pk])
    page = client_for("zhuoda-sw1").post(url, {"next": "https://evil.example/"})
    assert page.url == reverse("referrals:detail", args=[late.pk])


def test_a_referral_already_answered_cannot_be_reminded(world, client_for, head, partner, elder):
    referral = refer(head, elder, partner, sent_on=days_ago(9))
    services.referral_set_status(actor=head, referral=referral, status="declined", on=days_ago(1))
    page = client_for("zhuoda-sw1").post(reverse("referrals:remind", args=[referral.pk]))
    assert page.status_code == 302
    assert ReferralReminder.objects.count() == 0


# --- a new referral ----------------------------------------------------------------------------
def test_the_new_page_groups_active_partners_by_type(world, client_for, head, partner, elder):
    services.partner_create(
        actor=head,
        station=world["zhuoda"],
        data={
            "name": "吉阳卫生院",
            "kind": "health",
            "party": "social_org",
            "services": ["medical"],
        },
    )
    services.partner_create(
        actor=head,
        station=world["zhuoda"],
        data={"name": "旧合作方", "kind": "enterprise", "party": "charity", "active": False},
    )
    page = client_for("zhuoda-sw1").get(new_url(elder))
    html = page.content.decode()
    assert page.status_code == 200 and "李四" in html and "INVALID" not in html
    assert '<optgroup label="health centre or hospital">' in html
    assert '<optgroup label="community or village committee">' in html
    assert "吉阳卫生院 — medical care" in html and "旧合作方" not in html
    assert 'name="sent_on"' in html and timezone.localdate().isoformat() in html


def test_a_referral_from_a_case(world, client_for, partner, elder, case):
    url = new_url(elder, case=case.pk)
    client = client_for("zhuoda-sw1")
    assert "独居照护" in client.get(url).content.decode()
    page = client.post(url, {"partner": partner.pk, "asked": "法律援助", "sent_on": "2026-11-20"})
    referral = Referral.objects.get()
    assert page.status_code == 302 and page.url == reverse("referrals:detail", args=[referral.pk])
    assert (referral.elder, referral.partner, referral.case) == (elder, partner, case)
    assert (referral.contact, referral.request, referral.sent_on) == (
        None,
        None,
        dt.date(2026, 11, 20),
    )
    assert referral.made_by == world["users"]["zhuoda-sw1"]


def test_a_referral_from_a_contact(world, client_for, partner, elder, contact):
    url = new_url(elder, contact=contact.pk)
    client_for("zhuoda-sw1").post(
        url, {"partner": partner.pk, "asked": "x", "sent_on": "2026-11-20"}
    )
    assert Referral.objects.get().contact == contact


def test_a_referral_from_a_service_request(world, client_for, partner, elder, service_request):
    url = new_url(elder, request=service_request.pk)
    client = client_for("zhuoda-sw1")
    assert "paperwork" in client.get(url).content.decode()
    client.post(url, {"partner": partner.pk, "asked": "x", "sent_on": "2026-11-20"})
    assert Referral.objects.get().request == service_request


def test_an_origin_about_another_elder_is_refused(world, client_for, head, partner, elder):
    other = add_elder(world, "zhuoda", name="王五")
    contact = Contact.objects.create(elder=other, station=other.station, outcome="reached")
    url = new_url(elder, contact=contact.pk)
    client = client_for("zhuoda-sw1")
    assert "about another elder" in client.get(url).content.decode()
    page = client.post(url, {"partner": partner.pk, "asked": "x", "sent_on": "2026-11-20"})
    assert (
        page.status_code == 200 and "This record is about another elder." in page.content.decode()
    )
    assert Referral.objects.count() == 0


def test_another_stations_origin_or_elder_is_not_found(world, client_for, head, partner, elder):
    outsider_elder = add_elder(world, "wangcheng", name="赵六")
    contact = Contact.objects.create(
        elder=outsider_elder, station=outsider_elder.station, outcome="reached"
    )
    client = client_for("zhuoda-sw1")
    assert client.get(new_url(elder, contact=contact.pk)).status_code == 404
    assert client.get(new_url(outsider_elder)).status_code == 404
    assert client.get(new_url(elder, case="x")).status_code == 404


@pytest.mark.parametrize(
    "change, message",
    [
        ({"asked": ""}, "This field is required."),
        ({"partner": ""}, "This field is required."),
        ({"partner": "999999"}, "Select a valid choice."),
        ({"sent_on": "yesterday"}, "Enter a valid date."),
    ],
)
def test_bad_referral_input_saves_nothing(world, client_for, partner, elder, change, message):
    data = {"partner": partner.pk, "asked": "x", "sent_on": "2026-11-20", **change}
    page = client_for("zhuoda-sw1").post(new_url(elder), data)
    assert page.status_code == 200 and message in page.content.decode()
    assert Referral.objects.count() == 0


def test_another_stations_partner_cannot_be_chosen(
    world, client_for, partner, elder, outsider_partner
):
    data = {"partner": outsider_partner.pk, "asked": "x", "sent_on": "2026-11-20"}
    page = client_for("zhuoda-head").post(new_url(elder), data)
    assert "Select a valid choice." in page.content.decode()
    assert Referral.objects.count() == 0


def test_without_an_elder_the_page_looks_one_up(world, client_for, elder):
    add_elder(world, "zhuoda", name="李四海")
    client = client_for("zhuoda-sw1")
    page = client.get(reverse("referrals:new"))
    assert page.status_code == 200 and 'name="q"' in page.content.decode()
    page = client.get(reverse("referrals:new"), {"q": str(elder.pk)})
    assert page.status_code == 302 and page.url == new_url(elder)
    html = client.get(reverse("referrals:new"), {"q": "李四"}).content.decode()
    assert "李四海" in html and new_url(elder) in html  # two match: choose one
    html = client.get(reverse("referrals:new"), {"q": "不存在"}).content.decode()
    assert "No elder of this station matches" in html


# --- one referral ------------------------------------------------------------------------------
@pytest.fixture
def referral(head, partner, elder, contact):
    return refer(head, elder, partner, sent_on=days_ago(10), contact=contact)


def test_the_detail_shows_the_referral_reminders_and_status_form(world, client_for, head, referral):
    services.referral_remind(actor=head, referral=referral, on=days_ago(2), note="电话催办")
    page = client_for("zhuoda-sw1").get(reverse("referrals:detail", args=[referral.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "INVALID" not in html
    assert "申请临时救助" in html and "丹州社区居委会" in html and "李四" in html
    assert "电话催办" in html and days_ago(2).isoformat() in html
    assert 'name="status"' in html and '<option value="sent"' not in html
    assert "From contact" in html


@pytest.mark.parametrize(
    "path, final",
    [(["accepted"], "accepted"), (["declined"], "declined"), (["cancelled"], "cancelled"),
     (["accepted", "done"], "done")],
)  # fmt: skip
def test_status_moves(world, client_for, referral, path, final):
    client = client_for("zhuoda-sw1")
    url = reverse("referrals:status", args=[referral.pk])
    for status in path:
        data = {"status": status, "on": timezone.localdate().isoformat(), "outcome": "已办理"}
        page = client.post(url, data)
        assert page.status_code == 302
    referral.refresh_from_db()
    assert referral.status == final and referral.outcome == "已办理"
    if final in ("accepted", "declined"):
        assert referral.responded_on == timezone.localdate()


@pytest.mark.parametrize(
    "before, move", [([], "done"), (["declined"], "accepted"), (["cancelled"], "cancelled")]
)
def test_a_move_not_allowed_shows_why_and_changes_nothing(
    world, client_for, head, referral, before, move
):
    for status in before:
        services.referral_set_status(actor=head, referral=referral, status=status, on=days_ago(1))
    referral.refresh_from_db()
    status_before, logs = referral.status, AccessLog.objects.count()
    url = reverse("referrals:status", args=[referral.pk])
    page = client_for("zhuoda-sw1").post(url, {"status": move, "on": days_ago(0).isoformat()})
    html = page.content.decode()
    assert page.status_code == 200 and "cannot become" in html
    referral.refresh_from_db()
    assert referral.status == status_before and AccessLog.objects.count() == logs


def test_an_answer_before_sending_is_refused(world, client_for, referral):
    url = reverse("referrals:status", args=[referral.pk])
    page = client_for("zhuoda-sw1").post(url, {"status": "accepted", "on": "2000-01-01"})
    assert "An answer cannot come before sending." in page.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_a_finished_referral_offers_no_status_form(world, client_for, head, referral):
    services.referral_set_status(actor=head, referral=referral, status="declined", on=days_ago(1))
    html = client_for("zhuoda-sw1").get(reverse("referrals:detail", args=[referral.pk]))
    html = html.content.decode()
    assert reverse("referrals:status", args=[referral.pk]) not in html
    assert reverse("referrals:remind", args=[referral.pk]) not in html


def test_outsiders_get_404_and_volunteers_403(world, client_for, referral):
    outsider = client_for("wangcheng-head")
    for name in ("detail", "status", "remind"):
        url = reverse(f"referrals:{name}", args=[referral.pk])
        response = outsider.get(url) if name == "detail" else outsider.post(url, {"status": "done"})
        assert response.status_code == 404
    volunteer = client_for("zhuoda-vol1")
    assert volunteer.get(reverse("referrals:list")).status_code == 403
    assert volunteer.get(reverse("referrals:detail", args=[referral.pk])).status_code == 403
    url = reverse("referrals:remind", args=[referral.pk])
    assert volunteer.post(url).status_code == 403
    assert ReferralReminder.objects.count() == 0
    html = outsider.get(reverse("referrals:list")).content.decode()
    assert "申请临时救助" not in html


# --- query counts ------------------------------------------------------------------------------
@pytest.mark.parametrize("extra", [0, 12])
def test_referral_pages_queries_are_bounded(
    world, client_for, head, partner, elder, contact, django_assert_max_num_queries, extra
):
    first = refer(head, elder, partner, sent_on=days_ago(9), contact=contact)
    for i in range(extra):
        other = add_elder(world, "zhuoda", name=f"老人{i}")
        r = refer(head, other, partner, sent_on=days_ago(8 + i % 5))
        services.referral_remind(actor=head, referral=r, on=days_ago(1))
        services.referral_remind(actor=head, referral=first, on=days_ago(30 + i))
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(5):  # session, user, memberships, page, awaiting
        client.get(reverse("referrals:list"))
    with django_assert_max_num_queries(5):  # referral with its origins, reminders
        client.get(reverse("referrals:detail", args=[first.pk]))
    with django_assert_max_num_queries(7):  # elder, its categories, contact, partners
        client.get(new_url(elder, contact=contact.pk))


def test_the_list_pages_by_keyset(world, client_for, head, partner, elder, monkeypatch):
    from linli.partners import selectors

    monkeypatch.setattr(selectors, "REFERRAL_PAGE", 2)
    same_day = [
        refer(head, elder, partner, sent_on=days_ago(1), asked=f"第{i}件") for i in range(3)
    ]
    oldest = refer(head, elder, partner, sent_on=days_ago(2), asked="最早")
    client = client_for("zhuoda-sw1")
    html = client.get(reverse("referrals:list")).content.decode()
    assert "第2件" in html and "第1件" in html and "第0件" not in html  # newest first
    cursor = f"{days_ago(1).isoformat()}.{same_day[1].pk}"
    assert f"before={cursor}" in html
    html = client.get(reverse("referrals:list"), {"before": cursor}).content.decode()
    assert "第0件" in html and "最早" in html and "第1件" not in html
    assert reverse("referrals:detail", args=[oldest.pk]) in html and "Older referrals" not in html
    html = client.get(reverse("referrals:list"), {"before": "rubbish"}).content.decode()
    assert "第2件" in html  # a bad cursor starts from the top


def test_the_status_form_offers_only_the_moves_allowed_now(world, client_for, head, referral):
    url = reverse("referrals:detail", args=[referral.pk])
    client = client_for("zhuoda-sw1")
    html = client.get(url).content.decode()
    for status in ("accepted", "declined", "cancelled"):
        assert f'<option value="{status}"' in html
    assert '<option value="done"' not in html
    services.referral_set_status(actor=head, referral=referral, status="accepted", on=days_ago(1))
    html = client.get(url).content.decode()
    assert '<option value="done"' in html and '<option value="cancelled"' in html
    assert '<option value="accepted"' not in html and '<option value="declined"' not in html
