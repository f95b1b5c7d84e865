"""Group pages: staff see them with their content, another station gets 404, a volunteer is
refused, a sensitive group hides names from non-leaders, forms record through the services, and
each page's query count does not grow with members and sessions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from linli.groupwork import services
from linli.groupwork.models import Group, Measure, Member, Session

from .factories import START, add_members, hold, make_group, ucla

D = dt.timedelta


def _full_group(world, size=4, sessions=2, **data):
    group = make_group(world, **data)
    members = add_members(world, group, [f"组员{i}" for i in range(size)])
    for n in range(1, sessions + 1):
        hold(world, group, n, START + D(7 * n), members[: max(1, size - n % 2)])
    sw1 = world["users"]["zhuoda-sw1"]
    for i, member in enumerate(members):
        services.measure_attach(
            actor=sw1,
            member=member,
            phase="pre",
            assessment=ucla(world, member.elder, 8 - i % 3, START),
        )
        post_on = START + D(7 * sessions + 1)
        services.measure_attach(
            actor=sw1,
            member=member,
            phase="post",
            assessment=ucla(world, member.elder, 6 - i % 2, post_on),
        )
    return group, members


def _urls(group):
    return [
        reverse("groupwork:list"),
        reverse("groupwork:new"),
        reverse("groupwork:detail", args=[group.pk]),
        reverse("groupwork:edit", args=[group.pk]),
        reverse("groupwork:session_new", args=[group.pk]),
        reverse("groupwork:session_edit", args=[group.pk, 1]),
        reverse("groupwork:outcome", args=[group.pk]),
    ]


def test_staff_pages_show_the_content(world, client_for):
    group, _members = _full_group(world)
    client = client_for("zhuoda-sw2")
    for url in _urls(group):
        assert client.get(url).status_code == 200, url
    text = client.get(reverse("groupwork:detail", args=[group.pk])).content.decode()
    assert "组员0" in text and "结识新朋友" in text and "Attendance rate" in text
    outcome = client.get(reverse("groupwork:outcome", args=[group.pk])).content.decode()
    assert "Wilcoxon signed-rank test" in outcome and "<svg" in outcome
    assert "too small to generalise" in outcome and not re.search(r"\bprove", outcome)
    assert "caused" not in outcome.replace("not what caused it", "")


def test_outsider_404_and_volunteer_refused(world, client_for):
    group, _members = _full_group(world)
    outsider, volunteer = client_for("wangcheng-head"), client_for("zhuoda-vol1")
    for url in _urls(group)[2:]:
        assert outsider.get(url).status_code == 404, url
    for url in _urls(group):
        assert volunteer.get(url).status_code == 403, url
    posted = outsider.post(reverse("groupwork:member_leave", args=[group.pk]), {})
    assert posted.status_code == 404
    assert "组员0" not in outsider.get(reverse("groupwork:list")).content.decode()


def test_restricted_group_hides_names_from_non_leaders(world, client_for):
    group, _members = _full_group(world, restricted=True, leader="zhuoda-sw1")
    for username, sees in (("zhuoda-sw1", True), ("zhuoda-head", True), ("zhuoda-sw2", False)):
        client = client_for(username)
        for name in ("detail", "outcome"):
            text = client.get(reverse(f"groupwork:{name}", args=[group.pk])).content.decode()
            assert ("组员0" in text) is sees, (username, name)
        session = client.get(reverse("groupwork:session_edit", args=[group.pk, 1]))
        assert ("组员0" in session.content.decode()) is sees
    api = client_for("zhuoda-sw2").get(f"/api/v1/groups/{group.pk}").json()
    assert all(m["name"].startswith("Member") and m["elder_id"] is None for m in api["members"])


def test_create_group_record_session_and_attach_by_post(world, client_for):
    client = client_for("zhuoda-sw1")
    sw1 = world["users"]["zhuoda-sw1"]
    response = client.post(
        reverse("groupwork:new"),
        {
            "name": "居家安全教育小组",
            "type": "education",
            "purpose": "防跌倒",
            "goals": "会用扶手",
            "planned_sessions": 6,
            "leaders": [sw1.pk],
            "outcome_instrument": "ucla3",
            "starts_on": "2026-09-01",
        },
    )
    group = Group.objects.get(name="居家安全教育小组")
    assert response.status_code == 302 and list(group.leaders.all()) == [sw1]
    a, b = add_members(world, group, ["甲", "乙"])
    ucla(world, a.elder, 8, START)
    response = client.post(
        reverse("groupwork:session_new", args=[group.pk]),
        {
            "number": 1,
            "held_on": "2026-09-08",
            "theme": "认识家中的风险",
            "present": [str(a.pk)],
        },
    )
    assert response.status_code == 302
    assert Session.objects.get(group=group).presence.filter(present=True).get().member == a
    url = reverse("groupwork:measure_attach", args=[group.pk])
    assert client.post(url, {"member": a.pk, "phase": "pre"}).status_code == 302
    refused = client.post(url, {"member": b.pk, "phase": "pre"})  # b has no assessment
    assert refused.status_code == 422 and Measure.objects.count() == 1
    leave = client.post(
        reverse("groupwork:member_leave", args=[group.pk]),
        {"member": b.pk, "left_on": "2026-09-10", "left_reason": "住院"},
    )
    assert leave.status_code == 302 and Member.objects.get(pk=b.pk).left_reason == "住院"
    bad = client.post(reverse("groupwork:new"), {"name": "x"})
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("name", "bound"), [("list", 6), ("detail", 13), ("outcome", 10), ("session_edit", 11)]
)
def test_query_counts_do_not_grow(world, client_for, django_assert_max_num_queries, name, bound):
    small, _ = _full_group(world, size=2, sessions=1, name="小")
    big, _ = _full_group(world, size=9, sessions=6, name="大")
    client = client_for("zhuoda-head")
    counts = []
    for group in (small, big):
        args = [] if name == "list" else [group.pk]
        if name == "session_edit":
            args.append(1)
        with django_assert_max_num_queries(bound) as captured:
            assert client.get(reverse(f"groupwork:{name}", args=args)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_api(world, client_for):
    group, members = _full_group(world)
    client = client_for("zhuoda-sw2")
    rows = client.get("/api/v1/groups").json()
    assert [r["id"] for r in rows] == [group.pk] and rows[0]["members"] == 4
    detail = client.get(f"/api/v1/groups/{group.pk}").json()
    assert len(detail["members"]) == 4 and len(detail["sessions"]) == 2
    assert detail["members"][0]["sessions_held"] == 2
    outcome = client.get(f"/api/v1/groups/{group.pk}/outcome").json()
    assert outcome["result"]["n"] == 4 and outcome["result"]["test"] == "Wilcoxon signed-rank"
    assert client_for("wangcheng-head").get(f"/api/v1/groups/{group.pk}").status_code == 404
    assert client_for("wangcheng-head").get("/api/v1/groups").json() == []
    assert client_for("zhuoda-vol1").get("/api/v1/groups").status_code == 403


def test_group_without_measure_and_member_choices_by_name(world, client_for):
    group = make_group(world, instrument="", name="居家安全教育小组", type="education")
    (member,) = add_members(world, group, ["王阿姨"])
    client = client_for("zhuoda-sw1")
    outcome = client.get(reverse("groupwork:outcome", args=[group.pk])).content.decode()
    assert "This group has no outcome measure" in outcome
    detail = client.get(reverse("groupwork:detail", args=[group.pk])).content.decode()
    assert f'<option value="{member.pk}">王阿姨</option>' in detail


@pytest.mark.parametrize("path", ["", "/outcome"])
def test_api_query_counts_do_not_grow(world, client_for, django_assert_max_num_queries, path):
    small, _ = _full_group(world, size=2, sessions=1, name="小")
    big, _ = _full_group(world, size=9, sessions=6, name="大")
    client = client_for("zhuoda-head")
    counts = []
    for group in (small, big):
        with django_assert_max_num_queries(12) as captured:
            assert client.get(f"/api/v1/groups/{group.pk}{path}").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
