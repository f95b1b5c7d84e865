"""Reads about group work: the station's groups, one group with attendance and drop-outs, and
the outcome (each member's change and the group's paired result).

Each read is a fixed number of queries whatever the number of members and sessions: rows are
fetched once and the rates are counted in Python."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from linli.assessments.definitions import builtin
from linli.assessments.models import Assessment
from linli.lib.stats import PairedResult, paired_outcome
from linli.stations.models import Membership
from linli.stations.selectors import role_at

from .models import Group, Measure, Member, Presence, Session


def members_visible_to(user, group: Group) -> bool:
    """Whether the user may see the members' names: staff of the station; on a sensitive group
    only its leaders and the head."""
    role = role_at(user, group.station)
    if role not in (Membership.Role.HEAD, Membership.Role.WORKER):
        return False
    if not group.restricted or role == Membership.Role.HEAD:
        return True
    return any(leader.pk == user.pk for leader in group.leaders.all())


def group_list(*, actor, station):
    """The station's groups, newest first, with their leaders and counts."""
    return (
        Group.objects.visible_to(actor)
        .filter(station=station)
        .prefetch_related("leaders")
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("-starts_on", "-id")  # Meta.ordering does not apply to grouped queries
    )


def group_get_or_404(*, actor, pk: int, station=None) -> Group:
    """One group the actor may see (of the current station, if given), or Http404."""
    rows = Group.objects.visible_to(actor).select_related("station").prefetch_related("leaders")
    if station is not None:
        rows = rows.filter(station=station)
    return get_object_or_404(rows, pk=pk)


def expected_members(group: Group, on: dt.date) -> list[Member]:
    """The members of the group on a day: joined by then and not left before it."""
    return [
        m
        for m in group.members.all().order_by("joined_on", "id")
        if m.joined_on <= on and (m.left_on is None or m.left_on >= on)
    ]


def member_name(member: Member, number: int, reveal: bool) -> str:
    if not reveal:
        return _("Member %(n)s") % {"n": number}
    if member.elder_id:
        return member.elder.name
    return _("%(name)s (family carer)") % {"name": member.carer_name}


@dataclass(frozen=True)
class MemberRow:
    member: Member
    number: int
    name: str
    held: int  # sessions held while a member (from joining to leaving)
    attended: int
    rate: float | None  # attended / held, None before any session

    @property
    def left(self) -> bool:
        return self.member.left_on is not None


@dataclass(frozen=True)
class SessionRow:
    session: Session
    present: int  # members who came
    expected: int  # members of the group on that day


@dataclass(frozen=True)
class GroupDetail:
    group: Group
    reveal: bool
    members: list[MemberRow]
    dropouts: list[MemberRow]
    sessions: list[SessionRow]


def group_detail(*, actor, group: Group) -> GroupDetail:
    """A group's members with their attendance rates, its drop-outs and its sessions."""
    reveal = members_visible_to(actor, group)
    sessions = list(group.sessions.order_by("number"))
    members = list(group.members.select_related("elder").order_by("joined_on", "id"))
    came, present, expected = Counter(), Counter(), Counter()
    for member_id, session_id, here in Presence.objects.filter(session__group=group).values_list(
        "member_id", "session_id", "present"
    ):
        expected[session_id] += 1
        if here:
            came[member_id] += 1
            present[session_id] += 1
    rows = [_member_row(m, i, reveal, sessions, came) for i, m in enumerate(members, start=1)]
    return GroupDetail(
        group=group,
        reveal=reveal,
        members=rows,
        dropouts=[r for r in rows if r.left],
        sessions=[SessionRow(s, present[s.pk], expected[s.pk]) for s in sessions],
    )


def _member_row(member: Member, number: int, reveal: bool, sessions, came) -> MemberRow:
    held = sum(
        1
        for s in sessions
        if s.held_on >= member.joined_on and (member.left_on is None or s.held_on <= member.left_on)
    )
    attended = came[member.pk]
    return MemberRow(
        member=member,
        number=number,
        name=member_name(member, number, reveal),
        held=held,
        attended=attended,
        rate=attended / held if held else None,
    )


@dataclass(frozen=True)
class OutcomeRow:
    member: Member
    number: int
    name: str
    pre: int | None
    post: int | None
    pre_on: dt.date | None
    post_on: dt.date | None

    @property
    def change(self) -> int | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


@dataclass(frozen=True)
class Outcome:
    group: Group
    instrument: object | None  # the engine's Instrument
    higher_is: str
    rows: list[OutcomeRow]
    result: PairedResult | None

    @property
    def paired(self) -> list[OutcomeRow]:
        return [r for r in self.rows if r.change is not None]


def outcome(*, actor, group: Group) -> Outcome:
    """Each elder member's pre and post total, the change, and the group's paired result."""
    reveal = members_visible_to(actor, group)
    instrument = builtin().get(group.outcome_instrument)
    higher_is = instrument.higher_is if instrument else ""
    members = list(group.members.select_related("elder").order_by("joined_on", "id"))
    measures = Measure.objects.filter(member__group=group).select_related("assessment")
    by_member: dict[int, dict[str, Assessment]] = {}
    for m in measures:
        by_member.setdefault(m.member_id, {})[m.phase] = m.assessment
    rows = []
    for number, member in enumerate(members, start=1):
        if member.elder_id is None:
            continue
        got = by_member.get(member.pk, {})
        pre, post = got.get(Measure.Phase.PRE), got.get(Measure.Phase.POST)
        rows.append(
            OutcomeRow(
                member=member,
                number=number,
                name=member_name(member, number, reveal),
                pre=pre.total if pre else None,
                post=post.total if post else None,
                pre_on=pre.assessed_on if pre else None,
                post_on=post.assessed_on if post else None,
            )
        )
    paired = [r for r in rows if r.change is not None]
    result = (
        paired_outcome([r.pre for r in paired], [r.post for r in paired], higher_is=higher_is)
        if instrument
        else None
    )
    return Outcome(
        group=group, instrument=instrument, higher_is=higher_is, rows=rows, result=result
    )


def latest_assessment(
    *, actor, member: Member, instrument: str, before: dt.date | None = None
) -> Assessment | None:
    """The member's elder's latest complete assessment with the instrument (dated on or before
    `before`, if given), or None."""
    if member.elder_id is None or not instrument:
        return None
    rows = Assessment.objects.visible_to(actor).filter(
        elder_id=member.elder_id, instrument=instrument, status=Assessment.Status.COMPLETE
    )
    if before is not None:
        rows = rows.filter(assessed_on__lte=before)
    return rows.order_by("-assessed_on", "-id").first()
