"""The staff's request pages: the list with overdue alerts, raising, one request (dispatch,
confirm, cancel), statistics; another station's request is 404, volunteers are kept out."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.errands import services
from linli.errands.models import OverdueAlert, ServiceRequest
from linli.followups import services as followup_services

from .factories import SHANGHAI, area_of, elder, raise_request

H = dt.timedelta(hours=1)


@pytest.fixture
def wang(world):
    return elder(world, name="王秀英", address="丹州社区3栋201")


@pytest.fixture
def one(world, wang):
    return raise_request(world, wang, details="买两斤青菜", needed_by=timezone.now() + 24 * H)


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- the list ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["zhuoda-head", "zhuoda-sw1"])
def test_the_list_shows_the_stations_requests(world, client_for, one, username):
    page = _page(client_for(username).get(reverse("errands:list")))
    assert "王秀英" in page and "groceries" in page and "open" in page
    assert reverse("errands:detail", args=[one.pk]) in page
    assert 'class="st-tabs"' in page  # the services tabs under the heading


def test_the_list_puts_overdue_urgent_alerts_first_and_marks_late_requests(world, client_for):
    now = timezone.now()
    late = raise_request(world, elder(world, name="李迟到"), needed_by=now - H,
                         raised_at=now - 30 * H)  # fmt: skip
    urgent = raise_request(world, elder(world, name="赵紧急"), urgency="urgent",
                           raised_at=now - 3 * H, needed_by=now + 5 * H)  # fmt: skip
    services.overdue_alerts_raise(station=world["zhuoda"], now=now)
    assert OverdueAlert.objects.count() == 2
    page = _page(client_for("zhuoda-sw1").get(reverse("errands:list")))
    alerts = page[page.index("er-alert-list") : page.index("</ul>", page.index("er-alert-list"))]
    assert alerts.index("赵紧急") < alerts.index("李迟到")
    table = page[page.index("er-table") :]
    assert table.count('class="er-late"') == 1 and 'class="is-late"' in table
    assert late.pk and urgent.pk


def test_the_list_filters_by_status_type_and_urgency(world, client_for, wang):
    raise_request(world, wang, type="repair", urgency="urgent")
    done = raise_request(world, elder(world, name="钱已办"), type="meals")
    services.request_cancel(actor=world["users"]["zhuoda-sw1"], request=done)
    client = client_for("zhuoda-sw1")
    active = _page(client.get(reverse("errands:list"), {"status": "active"}))
    assert "王秀英" in active and "钱已办" not in active
    cancelled = _page(client.get(reverse("errands:list"), {"status": "cancelled"}))
    assert "钱已办" in cancelled and "王秀英" not in cancelled
    by_type = _page(client.get(reverse("errands:list"), {"type": "meals"}))
    assert "钱已办" in by_type and "王秀英" not in by_type
    urgent = _page(client.get(reverse("errands:list"), {"urgency": "urgent"}))
    assert "王秀英" in urgent and "钱已办" not in urgent
    # a value that is not a choice shows everything rather than failing
    assert "钱已办" in _page(client.get(reverse("errands:list"), {"status": "nonsense"}))


def test_the_list_pages_by_fifty(world, client_for, wang):
    now = timezone.now()
    for i in range(52):
        raise_request(world, wang, raised_at=now - i * H, details=f"第{i}件")
    client = client_for("zhuoda-sw1")
    first = _page(client.get(reverse("errands:list")))
    assert first.count("er-cell-name") == 50 and "Older requests" in first
    next_url = first.split('class="btn btn-outline-primary pager-more" href="')[1].split('"')[0]
    second = _page(client.get(next_url.replace("&amp;", "&")))
    assert second.count("er-cell-name") == 2 and "Older requests" not in second


@pytest.mark.parametrize("count", [5, 25])
def test_the_list_queries_are_bounded(world, client_for, django_assert_max_num_queries, count):
    now = timezone.now()
    for i in range(count):
        raise_request(world, elder(world, name=f"李{i}"), urgency="urgent",
                      raised_at=now - 3 * H, needed_by=now + H)  # fmt: skip
    services.overdue_alerts_raise(station=world["zhuoda"], now=now)
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(5):  # session, user, memberships, rows, alerts
        page = _page(client.get(reverse("errands:list")))
    assert page.count("er-cell-name") == count


# --- who may see -----------------------------------------------------------------------------


def test_another_stations_request_is_not_found(world, client_for, one):
    client = client_for("wangcheng-head")
    assert client.get(reverse("errands:detail", args=[one.pk])).status_code == 404
    for name in ("dispatch", "confirm", "cancel"):
        assert client.post(reverse(f"errands:{name}", args=[one.pk])).status_code == 404
    assert "王秀英" not in _page(client.get(reverse("errands:list")))
    url = reverse("errands:new") + f"?elder={one.elder_id}"
    assert client.get(url).status_code == 404
    assert ServiceRequest.objects.get().status == "open"


def test_a_volunteer_is_sent_to_their_own_requests(world, client_for, one):
    client = client_for("zhuoda-vol1")
    for url in (
        reverse("errands:list"),
        reverse("errands:detail", args=[one.pk]),
        reverse("errands:stats"),
        reverse("errands:new") + f"?elder={one.elder_id}",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("errands:mine")
    helper = world["users"]["zhuoda-vol1"].pk
    for name in ("dispatch", "confirm", "cancel"):
        url = reverse(f"errands:{name}", args=[one.pk])
        assert client.post(url, {"helper": helper}).status_code == 403
    assert ServiceRequest.objects.get().status == "open"


def test_a_regional_viewer_sees_no_staff_pages(world, client_for, one):
    response = client_for("jiyang-viewer").get(reverse("errands:detail", args=[one.pk]))
    assert response.status_code in (403, 404)


# --- raising ------------------------------------------------------------------------------


def _new_url(the_elder, contact=None) -> str:
    url = reverse("errands:new") + f"?elder={the_elder.pk}"
    return url + (f"&contact={contact.pk}" if contact else "")


def test_the_new_form_has_defaults(world, client_for, wang):
    page = _page(client_for("zhuoda-sw1").get(_new_url(wang)))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert f'value="{tomorrow:%Y-%m-%d}"' in page
    assert 'value="丹州社区3栋201"' in page
    assert 'value="phone" class="chip-input" id="id_source_2" required checked' in page


def test_raising_a_request(world, client_for, wang):
    client = client_for("zhuoda-sw1")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(_new_url(wang), {
        "type": "medicine", "urgency": "soon", "needed_day": f"{tomorrow:%Y-%m-%d}",
        "needed_time": "10:30", "address": "", "details": "降压药", "source": "family",
    })  # fmt: skip
    row = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("errands:detail", args=[row.pk])
    assert (row.type, row.urgency, row.source, row.details) == (
        "medicine",
        "soon",
        "family",
        "降压药",
    )
    assert row.address == "丹州社区3栋201"  # the elder's
    assert timezone.localtime(row.needed_by).strftime("%Y-%m-%d %H:%M") == f"{tomorrow} 10:30"
    assert row.raised_by == world["users"]["zhuoda-sw1"]


def test_bad_input_saves_nothing_and_says_why_in_the_users_language(world, client_for, wang):
    client = client_for("zhuoda-sw1")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    bad = {"type": "rocket", "urgency": "normal", "needed_day": f"{yesterday:%Y-%m-%d}",
           "needed_time": "09:00", "source": "phone"}  # fmt: skip
    response = client.post(_new_url(wang), bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page and "This time has already passed." in page
    assert "Select a valid choice" in page
    zh = client.post(_new_url(wang), bad, headers={"Accept-Language": "zh-hans"})
    zh = zh.content.decode()
    assert "Nothing was saved" not in zh and "Select a valid choice" not in zh
    assert "选择一个有效的选项" in zh
    assert ServiceRequest.objects.count() == 0


def _contact(world, the_elder):
    return followup_services.contact_log(
        actor=world["users"]["zhuoda-sw1"], elder=the_elder,
        data={"kind": "call", "outcome": "reached"},
    )  # fmt: skip


def test_raising_from_a_contact_links_it(world, client_for, wang):
    contact = _contact(world, wang)
    client = client_for("zhuoda-sw1")
    page = _page(client.get(_new_url(wang, contact)))
    assert 'value="contact" class="chip-input" id="id_source_0" required checked' in page
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client.post(_new_url(wang, contact), {
        "type": "visit", "urgency": "normal", "needed_day": f"{tomorrow:%Y-%m-%d}",
        "needed_time": "15:00", "address": "别处", "source": "contact",
    })  # fmt: skip
    row = ServiceRequest.objects.get()
    assert (row.contact_id, row.source, row.address) == (contact.pk, "contact", "别处")


def test_a_contact_with_another_elder_is_refused(world, client_for, wang):
    other = _contact(world, elder(world, name="李四"))
    client = client_for("zhuoda-sw1")
    assert client.get(_new_url(wang, other)).status_code == 404
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(_new_url(wang, other), {
        "type": "visit", "urgency": "normal", "needed_day": f"{tomorrow:%Y-%m-%d}",
        "needed_time": "15:00", "source": "contact",
    })  # fmt: skip
    assert response.status_code == 404 and ServiceRequest.objects.count() == 0


def test_new_without_an_elder_goes_to_the_registry(world, client_for):
    response = client_for("zhuoda-sw1").get(reverse("errands:new"))
    assert response.status_code == 302 and response["Location"] == reverse("elders:list")


# --- one request -----------------------------------------------------------------------------


def test_detail_shows_history_and_ranked_suggestions(world, client_for, wang, one):
    wang.volunteers.add(world["users"]["zhuoda-vol1"])
    page = _page(client_for("zhuoda-head").get(reverse("errands:detail", args=[one.pk])))
    assert "买两斤青菜" in page and "Raised" in page and "Dispatched" not in page
    suggestions = page[page.index("er-suggestions") : page.index("er-pick")]
    assert suggestions.index("zhuoda-vol1") < suggestions.index("zhuoda-sw1")
    assert "paired with the elder" in suggestions and "0 open requests" in suggestions
    assert suggestions.count(">Send</button>") == 3  # sw1, sw2, vol1 (the head is no helper)
    assert 'name="helper"' in page and "Cancel the request" in page
    assert "Confirm with the elder" not in page


def test_dispatching_from_the_suggestions(world, client_for, one):
    client = client_for("zhuoda-sw1")
    vol = world["users"]["zhuoda-vol1"]
    response = client.post(reverse("errands:dispatch", args=[one.pk]), {"helper": vol.pk})
    assert response.status_code == 302
    one.refresh_from_db()
    assert (one.status, one.assigned_to_id) == ("dispatched", vol.pk)
    page = _page(client.get(reverse("errands:detail", args=[one.pk])))
    assert "Dispatched" in page and "Sent to zhuoda-vol1." in page
    assert "er-suggestions" not in page and "Waiting for zhuoda-vol1" in page


def test_dispatching_to_an_outsider_or_nobody_changes_nothing(world, client_for, one):
    client = client_for("zhuoda-sw1")
    url = reverse("errands:dispatch", args=[one.pk])
    for helper in (world["users"]["wangcheng-vol1"].pk, world["users"]["zhuoda-head"].pk, "x"):
        response = client.post(url, {"helper": helper}, follow=True)
        assert "Choose an active volunteer or worker" in response.content.decode()
    one.refresh_from_db()
    assert (one.status, one.assigned_to_id) == ("open", None)
    assert client.get(url).status_code == 405


def _done(world, request):
    users = world["users"]
    services.request_dispatch(actor=users["zhuoda-sw1"], request=request,
                              helper=users["zhuoda-vol1"])  # fmt: skip
    services.request_accept(actor=users["zhuoda-vol1"], request=request)
    services.request_done(actor=users["zhuoda-vol1"], request=request)


def test_confirming_with_the_elder(world, client_for, one):
    _done(world, one)
    client = client_for("zhuoda-sw1")
    page = _page(client.get(reverse("errands:detail", args=[one.pk])))
    assert "Confirm with the elder" in page and "Cancel the request" not in page
    url = reverse("errands:confirm", args=[one.pk])
    response = client.post(url, {"satisfied": "", "feedback": "很好"})
    assert response.status_code == 400 and "Nothing was saved" in response.content.decode()
    one.refresh_from_db()
    assert one.status == "done"
    response = client.post(url, {"satisfied": "yes", "feedback": "很好"})
    assert response.status_code == 302
    one.refresh_from_db()
    assert (one.status, one.satisfied, one.feedback) == ("confirmed", True, "很好")
    page = _page(client.get(reverse("errands:detail", args=[one.pk])))
    assert "Confirmed with the elder" in page and "很好" in page


def test_confirming_an_open_request_is_refused(world, client_for, one):
    response = client_for("zhuoda-sw1").post(
        reverse("errands:confirm", args=[one.pk]), {"satisfied": "no"}, follow=True
    )
    assert "cannot be moved this way" in response.content.decode()
    one.refresh_from_db()
    assert one.status == "open"


def test_staff_may_mark_an_accepted_request_done(world, client_for, one):
    users = world["users"]
    services.request_dispatch(actor=users["zhuoda-sw1"], request=one, helper=users["zhuoda-vol1"])
    services.request_accept(actor=users["zhuoda-vol1"], request=one)
    client_for("zhuoda-sw2").post(reverse("errands:done", args=[one.pk]))
    one.refresh_from_db()
    assert one.status == "done"


def test_cancelling(world, client_for, one):
    client = client_for("zhuoda-head")
    response = client.post(reverse("errands:cancel", args=[one.pk]), follow=True)
    page = response.content.decode()
    assert "The request was cancelled." in page and "Cancelled" in page
    one.refresh_from_db()
    assert one.status == "cancelled" and one.cancelled_at is not None
    again = client.post(reverse("errands:cancel", args=[one.pk]), follow=True)
    assert "cannot be moved this way" in again.content.decode()


@pytest.mark.parametrize("count", [5, 25])
def test_the_detail_queries_are_bounded(
    world, client_for, django_assert_max_num_queries, wang, count
):
    users = world["users"]
    for _i in range(count):
        busy = raise_request(world, wang)
        services.request_dispatch(actor=users["zhuoda-sw1"], request=busy,
                                  helper=users["zhuoda-vol1"])  # fmt: skip
    row = raise_request(world, wang)
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(9):  # 3 for the user, request, 5 for suggestions
        page = _page(client.get(reverse("errands:detail", args=[row.pk])))
    assert f"{count} open requests" in page


# --- statistics ------------------------------------------------------------------------------


def _at(day: int, hour: int, minute: int = 0, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def october(world):
    """Five requests raised in October 2026, two just outside it."""
    users = world["users"]
    sw1, vol1, sw2 = users["zhuoda-sw1"], users["zhuoda-vol1"], users["zhuoda-sw2"]
    danzhou, hailan = area_of(world, "丹州社区").pk, area_of(world, "海澜社区").pk
    a = raise_request(world, elder(world, name="甲", area=danzhou), raised_at=_at(5, 9))
    services.request_dispatch(actor=sw1, request=a, helper=vol1, now=_at(5, 9, 10))
    services.request_accept(actor=vol1, request=a, now=_at(5, 10))  # 1 h
    services.request_done(actor=vol1, request=a, now=_at(5, 13))  # 4 h
    services.request_confirm(actor=sw1, request=a, satisfied=True, now=_at(6, 9))
    b = raise_request(world, elder(world, name="乙", area=danzhou), type="medicine",
                      raised_at=_at(10, 8))  # fmt: skip
    services.request_dispatch(actor=sw1, request=b, helper=sw2, now=_at(10, 9))
    services.request_accept(actor=sw2, request=b, now=_at(10, 11))  # 3 h
    services.request_done(actor=sw2, request=b, now=_at(11, 8))  # 24 h
    c = raise_request(world, elder(world, name="丙", area=hailan), raised_at=_at(20, 9))
    services.request_dispatch(actor=sw1, request=c, helper=vol1, now=_at(20, 9, 5))
    services.request_accept(actor=vol1, request=c, now=_at(20, 9, 30))  # 0.5 h
    raise_request(world, elder(world, name="丁"), type="repair", raised_at=_at(31, 23, 30))
    g = raise_request(world, elder(world, name="戊", area=hailan), type="meals",
                      raised_at=_at(15, 9))  # fmt: skip
    services.request_cancel(actor=sw1, request=g, now=_at(15, 10))
    raise_request(world, elder(world, name="己"), raised_at=_at(1, 0, month=11))
    raise_request(world, elder(world, name="庚"), raised_at=_at(30, 23, 59, month=9))


def _count(page: str, label: str) -> str:
    found = re.findall(rf'<th scope="row">{label}</th><td class="n num">(\d+)</td>', page)
    assert len(found) == 1, (label, found)
    return found[0]


def test_statistics_of_a_period(world, client_for, october):
    url = reverse("errands:stats")
    page = _page(client_for("zhuoda-head").get(url, {"from": "2026-10-01", "to": "2026-10-31"}))
    assert '<span class="stat-n num" id="er-total">5</span>' in page
    # accept: 1, 3, 0.5 h → median 1; done: 4, 24 h → median 14
    assert '<span class="stat-n num" id="er-accept">1.0</span>' in page
    assert '<span class="stat-n num" id="er-done">14.0</span>' in page
    expected = {
        "groceries": "2", "medicine pick-up": "1", "home repair": "1", "meal delivery": "1",
        "丹州社区": "2", "海澜社区": "2", "No area": "1",
        "confirmed": "1", "done": "1", "accepted": "1", "cancelled": "1",
        "zhuoda-vol1": "1", "zhuoda-sw2": "1",
    }  # fmt: skip
    assert {label: _count(page, label) for label in expected} == expected
    status = page[page.index('id="er-t-status"') : page.index('id="er-t-served"')]
    assert re.findall(r'<th scope="row">open</th><td class="n num">(\d+)</td>', status) == ["1"]


def test_statistics_default_to_this_month_and_bad_dates_say_so(world, client_for, october):
    client = client_for("zhuoda-sw1")
    today = timezone.localdate()
    first = today.replace(day=1)
    page = _page(client.get(reverse("errands:stats")))
    assert f'value="{first:%Y-%m-%d}"' in page and "Those dates could not be read" not in page
    bad = _page(client.get(reverse("errands:stats"), {"from": "2026-13-01", "to": "soon"}))
    assert "Those dates could not be read" in bad and f'value="{first:%Y-%m-%d}"' in bad
    backwards = _page(client.get(reverse("errands:stats"), {"from": "2026-10-31",
                                                             "to": "2026-10-01"}))  # fmt: skip
    assert "Those dates could not be read" in backwards


def test_statistics_are_the_stations_own(world, client_for, october):
    page = _page(client_for("wangcheng-head").get(
        reverse("errands:stats"), {"from": "2026-10-01", "to": "2026-10-31"}
    ))  # fmt: skip
    assert '<span class="stat-n num" id="er-total">0</span>' in page


@pytest.mark.parametrize("count", [5, 25])
def test_the_statistics_queries_are_bounded(
    world, client_for, django_assert_max_num_queries, wang, count
):
    for i in range(count):
        raise_request(world, wang, raised_at=_at(1 + i % 28, 9))
    client = client_for("zhuoda-sw1")
    with django_assert_max_num_queries(5):  # session, user, memberships, counts, times
        page = _page(client.get(reverse("errands:stats"), {"from": "2026-10-01",
                                                           "to": "2026-10-31"}))  # fmt: skip
    assert f'id="er-total">{count}<' in page


def test_request_page_links_a_referral_from_the_request(world, client_for):
    row = raise_request(world, elder(world))
    body = client_for("zhuoda-sw1").get(reverse("errands:detail", args=[row.pk])).content.decode()
    assert f"{reverse('referrals:new')}?elder={row.elder_id}&amp;request={row.pk}" in body
