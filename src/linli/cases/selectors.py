"""Reads about cases: who may see a case's notes, caseloads with their next action, stuck cases.

Each list is a fixed number of queries whatever its length: the next goal date and the latest
note's next step are annotated as subqueries, and roles come from the cached memberships.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Min, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404

from linli.stations.models import Membership
from linli.stations.selectors import role_at

from . import process
from .models import Case, CaseNorms, Note

LIST_FIELDS = ("station", "elder", "lead_worker")


def notes_visible_to(user, case: Case) -> bool:
    """Whether the user may read the case's notes and records' text: staff of the station; on
    a restricted case only its lead worker and the head."""
    role = role_at(user, case.station)
    if role not in (Membership.Role.HEAD, Membership.Role.WORKER):
        return False
    return not case.restricted or role == Membership.Role.HEAD or case.lead_worker_id == user.pk


@dataclass(frozen=True)
class CaseRow:
    case: Case
    days_open: int
    days_in_stage: int
    next_action_on: dt.date | None
    next_step: str  # empty when the actor may not read the notes
    stuck: bool


def _annotated(qs):
    latest = Note.objects.filter(case=OuterRef("pk"), kind=Note.Kind.PROCESS).order_by(
        "-written_on", "-id"
    )
    return qs.select_related(*LIST_FIELDS).annotate(
        next_goal_on=Min("goals__target_date", filter=Q(goals__attainment="")),
        next_step_text=Subquery(latest.values("next_step")[:1]),
        next_step_on=Subquery(latest.values("next_step_on")[:1]),
    )


def _row(actor, case: Case, today: dt.date, norms: dict[str, int] | None) -> CaseRow:
    dates = [d for d in (case.next_goal_on, case.next_step_on) if d is not None]
    in_stage = (today - case.stage_entered_on).days
    return CaseRow(
        case=case,
        days_open=(today - case.opened_on).days,
        days_in_stage=in_stage,
        next_action_on=min(dates) if dates else None,
        next_step=(case.next_step_text or "") if notes_visible_to(actor, case) else "",
        stuck=process.is_stuck(case.stage, in_stage, norms),
    )


def norms_for(station) -> dict[str, int]:
    """Days allowed in each stage at this station: its own norms over the defaults."""
    version = CaseNorms.in_force(station)
    return {**process.DEFAULT_NORMS, **(version.rules if version else {})}


def cases_for_worker(*, actor, today: dt.date, include_ended: bool = False) -> list[CaseRow]:
    """The actor's own caseload: cases they lead or work on, oldest stage first."""
    qs = Case.objects.visible_to(actor).filter(
        Q(pk__in=Case.objects.filter(lead_worker=actor).values("pk"))
        | Q(pk__in=Case.co_workers.through.objects.filter(user=actor).values("case_id"))
    )
    return _rows(actor, qs, today, include_ended, _NORMS_PER_STATION)


def cases_for_station(
    *, actor, station, today: dt.date, include_ended: bool = False
) -> list[CaseRow]:
    """Every case of one station the actor may see, oldest stage first."""
    qs = Case.objects.visible_to(actor).filter(station=station)
    return _rows(actor, qs, today, include_ended, norms_for(station))


def cases_stuck(
    *, actor, station, today: dt.date, norms: dict[str, int] | None = None
) -> list[CaseRow]:
    """Cases that have stayed in a stage longer than the norm for it (the station's norms unless
    others are given)."""
    norms = norms or norms_for(station)
    late = Q(pk__in=[])
    for stage, days in norms.items():
        late |= Q(stage=stage, stage_entered_on__lt=today - dt.timedelta(days=days))
    qs = Case.objects.visible_to(actor).filter(late, station=station)
    return _rows(actor, qs, today, True, norms)


_NORMS_PER_STATION = object()  # a worker's caseload may span stations, each with its norms


def _rows(actor, qs, today, include_ended, norms) -> list[CaseRow]:
    if not include_ended:
        qs = qs.exclude(stage__in=(process.CLOSED, process.FOLLOWUP))
    cases = list(_annotated(qs).order_by("stage_entered_on", "id"))
    by_station: dict[int, dict[str, int]] = {}
    if norms is _NORMS_PER_STATION:
        for case in cases:
            if case.station_id not in by_station:
                by_station[case.station_id] = norms_for(case.station)
    return [_row(actor, c, today, by_station.get(c.station_id, norms)) for c in cases]


# --- reads for the case pages ------------------------------------------------------------------
def case_get_or_404(*, actor, pk: int, station) -> Case:
    """One case of the station the actor may see, or 404 (another station's case is not found)."""
    qs = Case.objects.visible_to(actor).filter(station=station)
    return get_object_or_404(qs.select_related(*LIST_FIELDS, "elder__station"), pk=pk)


def station_people(station, *, volunteers: bool = False):
    """The station's heads and workers (and volunteers if asked): who may work on a case."""
    roles = [Membership.Role.HEAD, Membership.Role.WORKER]
    if volunteers:
        roles.append(Membership.Role.VOLUNTEER)
    members = Membership.objects.filter(station=station, active=True, role__in=roles)
    users = get_user_model().objects.filter(pk__in=members.values("user_id"))
    return users.order_by("display_name", "username", "id")


def stages_reached(case: Case) -> set[str]:
    """Every stage the case has ever entered (from its log of moves), and the current one."""
    return set(case.events.values_list("to_stage", flat=True)) | {case.stage}
