"""Group-work services: who may write, members, sessions with a register, and the measure rules
(a refused measure leaves nothing saved)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from linli.groupwork import selectors, services
from linli.groupwork.models import Group, Measure, Presence
from tests.conftest import add_elder

from .factories import START, add_members, hold, make_group, ucla

D = dt.timedelta


def test_group_rules(world):
    users = world["users"]
    make_group(world, leader="zhuoda-sw1", name="居家安全教育小组")
    for outsider in ("zhuoda-vol1", "wangcheng-head"):
        with pytest.raises(PermissionDenied):
            services.group_create(
                actor=users[outsider],
                station=world["zhuoda"],
                leaders=[users["zhuoda-sw1"]],
                name="x",
                type="education",
                purpose="p",
                goals="g",
                planned_sessions=6,
                starts_on=START,
            )
    with pytest.raises(ValidationError) as exc:
        make_group(world, leader="wangcheng-head", name="别站的组长")
    assert "leaders" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_group(world, instrument="needs", name="无方向的量表")
    assert "outcome_instrument" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make_group(world, leader="zhuoda-vol1", name="志愿者组长")
    assert Group.objects.filter(station=world["zhuoda"]).count() == 1


def test_members_of_another_station_are_refused(world):
    group = make_group(world)
    other = add_elder(world, "wangcheng", name="外站老人")
    with pytest.raises(ValidationError):
        services.member_add(
            actor=world["users"]["zhuoda-head"], group=group, elder=other, joined_on=START
        )
    carer = services.member_add(
        actor=world["users"]["zhuoda-sw1"], group=group, carer_name="李家属", joined_on=START
    )
    assert carer.elder_id is None and group.members.count() == 1


def test_restricted_group_members_only_by_leaders_and_head(world):
    group = make_group(world, restricted=True, leader="zhuoda-sw1")
    elder = add_elder(world, "zhuoda", name="失独老人甲")
    with pytest.raises(PermissionDenied):
        services.member_add(
            actor=world["users"]["zhuoda-sw2"], group=group, elder=elder, joined_on=START
        )
    services.member_add(
        actor=world["users"]["zhuoda-sw1"], group=group, elder=elder, joined_on=START
    )
    assert selectors.members_visible_to(world["users"]["zhuoda-head"], group)
    assert selectors.members_visible_to(world["users"]["zhuoda-sw1"], group)
    assert not selectors.members_visible_to(world["users"]["zhuoda-sw2"], group)
    assert not selectors.members_visible_to(world["users"]["zhuoda-vol1"], group)


def test_session_register_and_attendance_by_hand(world):
    group = make_group(world)
    a, b, c = add_members(world, group, ["甲", "乙", "丙"])
    d = add_members(world, group, ["丁"], joined_on=START + D(14))[0]  # joins before session 3
    hold(world, group, 1, START + D(7), [a, b, c])
    hold(world, group, 2, START + D(10), [a, c])
    services.member_leave(
        actor=world["users"]["zhuoda-sw1"], member=c, left_on=START + D(12), reason="搬去女儿家"
    )
    hold(world, group, 3, START + D(21), [a, d])
    hold(world, group, 4, START + D(28), [d])
    # Register: session 1 and 2 expect a b c; 3 and 4 expect a b d (c left on day 12).
    assert Presence.objects.filter(session__number=1).count() == 3
    assert Presence.objects.filter(session__number=3).count() == 3
    assert not Presence.objects.filter(session__number=3, member=c).exists()
    with pytest.raises(ValidationError):  # c had left before session 5
        hold(world, group, 5, START + D(35), [c])
    detail = selectors.group_detail(actor=world["users"]["zhuoda-head"], group=group)
    rates = {r.member.pk: (r.attended, r.held) for r in detail.members}
    # a came to 1, 2, 3 of 4; b to 1 of 4; c to 1, 2 of the 2 held while a member;
    # d to 3, 4 of the 2 held since joining.
    assert rates == {a.pk: (3, 4), b.pk: (1, 4), c.pk: (2, 2), d.pk: (2, 2)}
    assert [r.member.pk for r in detail.dropouts] == [c.pk]
    assert detail.members[0].rate == pytest.approx(0.75)
    assert [(s.present, s.expected) for s in detail.sessions] == [(3, 3), (2, 3), (2, 3), (1, 3)]
    group.refresh_from_db()
    assert group.status == Group.Status.RUNNING
    with pytest.raises(ValidationError):  # number taken
        hold(world, group, 4, START + D(30), [])


def test_measure_rules_refuse_and_save_nothing(world):
    group = make_group(world)
    a, b = add_members(world, group, ["甲", "乙"])
    hold(world, group, 1, START + D(7), [a, b])
    hold(world, group, 2, START + D(14), [a, b])
    sw1 = world["users"]["zhuoda-sw1"]
    pre_a = ucla(world, a.elder, 8, START)
    refused = [
        (b, "pre", pre_a),  # another elder's assessment
        (a, "pre", ucla(world, a.elder, 7, START + D(8))),  # after the first session
        (a, "post", ucla(world, a.elder, 5, START + D(13))),  # before the last session
    ]
    other = make_group(world, instrument="lsns6", name="别的小组")
    services.member_add(actor=sw1, group=other, elder=a.elder, joined_on=START)
    for member, phase, assessment in refused:
        with pytest.raises(ValidationError):
            services.measure_attach(actor=sw1, member=member, phase=phase, assessment=assessment)
    with pytest.raises(ValidationError):  # the group's instrument is lsns6, not ucla3
        services.measure_attach(
            actor=sw1, member=other.members.get(), phase="pre", assessment=pre_a
        )
    assert not Measure.objects.exists()
    services.measure_attach(actor=sw1, member=a, phase="pre", assessment=pre_a)
    post = ucla(world, a.elder, 5, START + D(14))
    services.measure_attach(actor=sw1, member=a, phase="post", assessment=post)
    assert Measure.objects.count() == 2
    with pytest.raises(PermissionDenied):
        services.measure_attach(
            actor=world["users"]["zhuoda-vol1"], member=a, phase="post", assessment=post
        )


def test_outcome_rows_and_group_result(world):
    group = make_group(world)
    members = add_members(world, group, ["甲", "乙", "丙", "丁"])
    hold(world, group, 1, START + D(7), members)
    hold(world, group, 2, START + D(14), members)
    sw1 = world["users"]["zhuoda-sw1"]
    # loneliness before → after: 8→5, 7→6, 6→6, 5→7 (higher is worse)
    for member, (pre, post) in zip(members, [(8, 5), (7, 6), (6, 6), (5, 7)], strict=True):
        services.measure_attach(
            actor=sw1, member=member, phase="pre", assessment=ucla(world, member.elder, pre, START)
        )
        services.measure_attach(
            actor=sw1,
            member=member,
            phase="post",
            assessment=ucla(world, member.elder, post, START + D(20)),
        )
    found = selectors.outcome(actor=sw1, group=group)
    assert [r.change for r in found.rows] == [-3, -1, 0, 2]
    result = found.result
    assert result.n == 4 and result.mean_change == pytest.approx(-0.5)
    assert (result.improved, result.worse, result.same) == (2, 1, 1)
    assert result.test == "Wilcoxon signed-rank"
