"""The elder page's Services panel: open cases, requests in progress and the latest referrals,
with a restricted case's title hidden from staff who may not read it, and none of it shown to
volunteers."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from linli.cases.models import Case
from linli.errands import services as errands
from linli.partners import services as partners
from tests.cases.factories import open_case, put_at
from tests.conftest import add_elder

DAY = dt.date(2026, 11, 2)


def body(client, elder) -> str:
    response = client.get(reverse("elders:detail", args=[elder.pk]))
    assert response.status_code == 200
    return response.content.decode()


def world_with_services(world):
    users = world["users"]
    elder = add_elder(world, "zhuoda", name="李四")
    open_case(world, elder=elder)  # 独居老人支持; every case here is led by sw1
    Case.objects.filter(pk=open_case(world, elder=elder, restricted_reason="abuse").pk).update(
        title="疑似家庭暴力"
    )
    put_at(open_case(world, elder=elder), "closed")  # ended: not listed
    now = timezone.now()
    errands.request_raise(actor=users["zhuoda-sw1"], elder=elder, data={
        "type": "medicine", "source": "phone", "raised_at": now,
        "needed_by": now + dt.timedelta(days=1),
    })  # fmt: skip
    partner = partners.partner_create(actor=users["zhuoda-head"], station=world["zhuoda"], data={
        "name": "丹州社区卫生服务中心", "kind": "health", "party": "community",
    })  # fmt: skip
    partners.referral_create(actor=users["zhuoda-sw1"], elder=elder, partner=partner,
                             asked="上门体检", sent_on=DAY)  # fmt: skip
    return elder


def test_the_lead_worker_sees_cases_requests_and_referrals(world, client_for):
    elder = world_with_services(world)
    page = body(client_for("zhuoda-sw1"), elder)
    assert page.count("独居老人支持") == 1  # the closed case of the same title is not listed
    assert "疑似家庭暴力" in page  # sw1 leads the restricted case too
    assert "medicine pick-up" in page and "丹州社区卫生服务中心" in page
    assert f"{reverse('cases:new')}?elder={elder.pk}" in page
    assert f"{reverse('errands:new')}?elder={elder.pk}" in page
    assert f"{reverse('referrals:new')}?elder={elder.pk}" in page


def test_a_restricted_title_only_for_its_readers(world, client_for):
    elder = world_with_services(world)
    assert "疑似家庭暴力" in body(client_for("zhuoda-head"), elder)
    other = body(client_for("zhuoda-sw2"), elder)
    assert "疑似家庭暴力" not in other and "Restricted case" in other


def test_volunteers_see_no_services_panel(world, client_for):
    elder = world_with_services(world)
    elder.volunteers.add(world["users"]["zhuoda-vol1"])
    page = body(client_for("zhuoda-vol1"), elder)
    assert "独居老人支持" not in page and "丹州社区卫生服务中心" not in page
    assert reverse("cases:new") not in page


def test_the_activities_an_elder_attended_for_staff_only(world, client_for):
    from linli.activities import services as activities

    head = world["users"]["zhuoda-head"]
    elder = add_elder(world, "zhuoda", name="李四")
    elder.volunteers.add(world["users"]["zhuoda-vol1"])
    for title in ("重阳敬老宴", "防诈骗讲座"):
        activity = activities.activity_create(actor=head, station=world["zhuoda"], data={
            "title": title, "type": "talk", "place": "活动室", "starts_at": timezone.now(),
        })  # fmt: skip
        activities.attend_roster(actor=head, activity=activity, elder=elder)
    staff = body(client_for("zhuoda-sw1"), elder)
    assert "重阳敬老宴" in staff and "防诈骗讲座" in staff and "2 activities attended" in staff
    volunteer = body(client_for("zhuoda-vol1"), elder)
    assert "重阳敬老宴" not in volunteer and "activities attended" not in volunteer


def test_pairing_a_volunteer_starts_from_the_elders_page(world, client_for):
    elder = add_elder(world, "zhuoda", name="李四")
    page = body(client_for("zhuoda-sw1"), elder)
    assert f"{reverse('volunteers:pair')}?elder={elder.pk}" in page
