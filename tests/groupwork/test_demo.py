"""The demo's groups on a small station: four groups through the services, the sensitive one
of elders who lost their only child, the social one of migratory elders, sessions with
attendance and drop-outs, pre and post measures (mostly improving), one group still running."""

from __future__ import annotations

from linli.demo.groupwork import station_groups_create
from linli.groupwork import selectors
from linli.groupwork.models import Group, Measure, Member, Presence, Session
from tests.demo.test_demo_assessments import TODAY, small_station


def test_demo_groups(world):
    small_station(world)
    station, head = world["zhuoda"], world["users"]["zhuoda-head"]
    counts = station_groups_create(station=station, seed=3, today=TODAY)
    groups = {g.type: g for g in Group.objects.filter(station=station)}
    assert counts.groups == len(groups) == 4
    lost = groups["mutual_aid"]
    assert lost.restricted and lost.outcome_instrument == "ssrs"
    assert all(
        m.elder.categories.filter(code="lost_only_child").exists() for m in lost.members.all()
    )
    assert all(m.elder.migratory for m in groups["recreational"].members.all())
    assert Session.objects.filter(group__station=station).count() == counts.sessions == 24
    assert Presence.objects.filter(present=True).count() == counts.present
    assert Member.objects.exclude(left_on=None).count() == counts.dropouts >= 3
    assert Measure.objects.count() == counts.measures
    running = groups["therapeutic"]
    assert (
        running.status == "running"
        and not Measure.objects.filter(member__group=running, phase="post").exists()
    )
    assert Group.objects.filter(status="ended").count() == 3
    for group in (lost, groups["recreational"]):
        result = selectors.outcome(actor=head, group=group).result
        assert result.n >= 6 and result.improved > result.worse
    assert max(Session.objects.values_list("held_on", flat=True)) < TODAY
    again = station_groups_create(station=world["wangcheng"], seed=3, today=TODAY)
    assert again.groups == 0  # no elders there: nothing made, nothing broken


def _signature(station):
    return [
        (g.name, g.status, g.starts_on, g.ends_on,
         [(m.elder_id, m.left_on) for m in g.members.order_by("id")],
         list(Presence.objects.filter(session__group=g, present=True).order_by(
             "session__number", "member_id").values_list("session__number", "member__elder_id")),
         list(Measure.objects.filter(member__group=g).order_by("member_id", "phase").values_list(
             "member__elder_id", "phase", "assessment__total", "assessment__assessed_on")))
        for g in Group.objects.filter(station=station).order_by("id")
    ]  # fmt: skip


def test_demo_groups_are_deterministic(world):
    small_station(world)
    station = world["zhuoda"]
    station_groups_create(station=station, seed=9, today=TODAY)
    first = _signature(station)
    Group.objects.filter(station=station).delete()
    station_groups_create(station=station, seed=9, today=TODAY)
    assert _signature(station) == first
