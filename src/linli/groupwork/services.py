"""Every write about group work: groups, members, sessions with attendance, outcome measures.

Callers fetch the group through ``Group.objects.visible_to(actor)`` first (tenancy); these
services check that the actor is staff of the group's station and, on a sensitive group, one of
its leaders or the head (who alone see and change its members).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from linli.accounts.services import access_log_record
from linli.assessments.definitions import builtin
from linli.assessments.models import Assessment
from linli.stations.selectors import can

from .models import Group, Measure, Member, Presence, Session
from .selectors import expected_members, members_visible_to

GROUP_FIELDS = (
    "name",
    "type",
    "purpose",
    "goals",
    "planned_sessions",
    "outcome_instrument",
    "restricted",
    "starts_on",
    "ends_on",
)


def outcome_instruments() -> dict:
    """Built-in instruments that can measure a change: a numeric total and a direction."""
    return {
        code: instrument
        for code, instrument in builtin().items()
        if instrument.total_range is not None and instrument.higher_is in ("better", "worse")
    }


def _require_staff(actor, station) -> None:
    if not can(actor, station, "edit_elders"):
        raise PermissionDenied(_("Only the station's staff may change its groups."))


def _require_member_access(actor, group: Group) -> None:
    _require_staff(actor, group.station)
    if not members_visible_to(actor, group):
        raise PermissionDenied(_("Only the group's leaders and the head may change its members."))


def _check_group(group: Group, leaders) -> None:
    errors = {}
    if group.outcome_instrument and group.outcome_instrument not in outcome_instruments():
        errors["outcome_instrument"] = [_("Choose a built-in instrument with a total score.")]
    if not leaders:
        errors["leaders"] = [_("A group needs at least one leader.")]
    elif any(not can(leader, group.station, "edit_elders") for leader in leaders):
        errors["leaders"] = [_("Leaders must be staff of the station.")]
    if group.ends_on and group.ends_on < group.starts_on:
        errors["ends_on"] = [_("A group cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_create(*, actor, station, leaders, **data) -> Group:
    """Start a group of the station with its leaders (staff of the station)."""
    _require_staff(actor, station)
    group = Group(
        station=station, created_by=actor, **{k: data[k] for k in data if k in GROUP_FIELDS}
    )
    group.full_clean()
    _check_group(group, leaders)
    group.save()
    group.leaders.set(leaders)
    access_log_record(actor=actor, station=station, action="groupwork.group.created", obj=group)
    return group


@transaction.atomic
def group_update(*, actor, group: Group, leaders, **data) -> Group:
    """Change a group's description, leaders, outcome measure or dates."""
    _require_staff(actor, group.station)
    if group.restricted and not members_visible_to(actor, group):
        raise PermissionDenied(_("Only the group's leaders and the head may change it."))
    changes_instrument = data.get("outcome_instrument", group.outcome_instrument) != (
        group.outcome_instrument
    )
    if changes_instrument and Measure.objects.filter(member__group=group).exists():
        message = _("Measures are attached already; the outcome measure cannot change.")
        raise ValidationError({"outcome_instrument": [message]})
    for key in GROUP_FIELDS:
        if key in data:
            setattr(group, key, data[key])
    group.full_clean()
    _check_group(group, leaders)
    group.save()
    group.leaders.set(leaders)
    access_log_record(
        actor=actor, station=group.station, action="groupwork.group.updated", obj=group
    )
    return group


@transaction.atomic
def group_end(*, actor, group: Group, ends_on: dt.date) -> Group:
    """Close a group on a day (on or after its last session)."""
    _require_staff(actor, group.station)
    last = group.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    if last and ends_on < last:
        raise ValidationError({"ends_on": [_("A group cannot end before its last session.")]})
    group.ends_on, group.status = ends_on, Group.Status.ENDED
    group.full_clean()
    group.save()
    access_log_record(actor=actor, station=group.station, action="groupwork.group.ended", obj=group)
    return group


@transaction.atomic
def member_add(
    *, actor, group: Group, joined_on: dt.date, elder=None, carer_name: str = "", carer_of=None
) -> Member:
    """Add an elder of the station, or a family carer by name, to a group."""
    _require_member_access(actor, group)
    if elder is None and not carer_name.strip():
        raise ValidationError(_("Choose an elder or give a family carer's name."))
    for person, field in ((elder, "elder"), (carer_of, "carer_of")):
        if person is not None and person.station_id != group.station_id:
            raise ValidationError({field: [_("The elder must be of the group's station.")]})
    if elder is not None and group.members.filter(elder=elder).exists():
        raise ValidationError({"elder": [_("This elder is a member already.")]})
    member = Member(
        group=group,
        elder=elder,
        carer_name="" if elder else carer_name.strip(),
        carer_of=None if elder else carer_of,
        joined_on=joined_on,
    )
    member.full_clean()
    member.save()
    access_log_record(
        actor=actor,
        station=group.station,
        action="groupwork.member.added",
        obj=member,
        detail={"group": group.pk},
    )
    return member


@transaction.atomic
def member_leave(*, actor, member: Member, left_on: dt.date, reason: str) -> Member:
    """Record that a member dropped out: the day and why."""
    _require_member_access(actor, member.group)
    if not reason.strip():
        raise ValidationError({"left_reason": [_("Say why the member left.")]})
    member.left_on, member.left_reason = left_on, reason.strip()
    member.full_clean()
    member.save()
    access_log_record(
        actor=actor,
        station=member.group.station,
        action="groupwork.member.left",
        obj=member,
        detail={"group": member.group_id},
    )
    return member


@transaction.atomic
def session_record(
    *,
    actor,
    group: Group,
    number: int,
    held_on: dt.date,
    theme: str,
    present,
    plan: str = "",
    record: str = "",
    reflection: str = "",
    session: Session | None = None,
) -> Session:
    """Record (or correct) a session and the attendance of every member on that day.

    `present` holds the ids of the members who came; every other member of the group on that
    day gets an absent row, so the register shows who was expected.
    """
    _require_member_access(actor, group)
    if held_on < group.starts_on:
        raise ValidationError({"held_on": [_("A session cannot be before the group starts.")]})
    if (
        Session.objects.filter(group=group, number=number)
        .exclude(pk=session.pk if session else None)
        .exists()
    ):
        raise ValidationError({"number": [_("This session number is recorded already.")]})
    row = session or Session(group=group)
    row.number, row.held_on, row.theme = number, held_on, theme
    row.plan, row.record, row.reflection, row.recorded_by = plan, record, reflection, actor
    row.full_clean()
    row.save()
    _register(row, expected_members(group, held_on), {int(pk) for pk in present})
    if group.status == Group.Status.PLANNED:
        group.status = Group.Status.RUNNING
        group.save(update_fields=["status"])
    access_log_record(
        actor=actor,
        station=group.station,
        action="groupwork.session.recorded",
        obj=row,
        detail={"group": group.pk},
    )
    return row


def _register(session: Session, members: list[Member], present: set[int]) -> None:
    ids = {m.pk for m in members}
    if present - ids:
        raise ValidationError(_("Only members of the group on that day can be present."))
    Presence.objects.filter(session=session).delete()
    Presence.objects.bulk_create(
        [Presence(session=session, member=m, present=m.pk in present) for m in members]
    )


def measure_window(group: Group) -> tuple[dt.date, dt.date | None]:
    """The rule for dates: a pre-measure on or before the first session (or the start, if none
    is recorded yet); a post-measure on or after the last session (none before any session)."""
    dates = list(group.sessions.order_by("held_on").values_list("held_on", flat=True))
    return (dates[0] if dates else group.starts_on), (dates[-1] if dates else None)


@transaction.atomic
def measure_attach(*, actor, member: Member, phase: str, assessment: Assessment) -> Measure:
    """Attach a complete assessment of the member's elder with the group's instrument as the
    member's pre- or post-measure (replacing the one attached before)."""
    group = member.group
    _require_member_access(actor, group)
    _check_measure(member, phase, assessment)
    Measure.objects.filter(member=member, phase=phase).delete()
    measure = Measure(member=member, phase=phase, assessment=assessment)
    measure.full_clean()
    measure.save()
    access_log_record(
        actor=actor,
        station=group.station,
        action="groupwork.measure.attached",
        obj=measure,
        detail={"group": group.pk, "phase": phase},
    )
    return measure


def _check_measure(member: Member, phase: str, assessment: Assessment) -> None:
    group = member.group
    if phase not in Measure.Phase.values:
        raise ValidationError({"phase": [_("Choose before or after.")]})
    if not group.outcome_instrument:
        raise ValidationError(_("The group has no outcome measure."))
    if member.elder_id is None or assessment.elder_id != member.elder_id:
        raise ValidationError(_("The assessment must be of the member's elder."))
    if assessment.instrument != group.outcome_instrument:
        raise ValidationError(_("The assessment must use the group's outcome measure."))
    if not assessment.complete or assessment.total is None:
        raise ValidationError(_("Only a complete, scored assessment can be a measure."))
    first, last = measure_window(group)
    if phase == Measure.Phase.PRE and assessment.assessed_on > first:
        raise ValidationError(
            _("A measure before the group must be dated on or before %(day)s.") % {"day": first}
        )
    if phase == Measure.Phase.POST and (last is None or assessment.assessed_on < last):
        raise ValidationError(
            _("A measure after the group must be dated on or after its last session.")
            if last
            else _("Record the sessions first.")
        )
    taken = Measure.objects.filter(assessment=assessment).exclude(member=member, phase=phase)
    if taken.exists():
        raise ValidationError(_("This assessment is attached as another measure already."))
