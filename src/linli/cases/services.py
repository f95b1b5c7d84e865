"""Every write about case work: opening, the record of each stage, moves, closing, supervision.

Callers fetch the case through ``Case.objects.visible_to(actor)`` first (tenancy); these
services then check who may write what: on a restricted case only the lead worker and the head.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from linli.accounts.services import access_log_record
from linli.stations.selectors import can

from . import process
from .models import (
    AssessmentSummary,
    Case,
    CaseEvent,
    CaseNorms,
    ClosingSummary,
    Goal,
    Intake,
    Note,
)
from .selectors import notes_visible_to

MISSING = {
    process.INTAKE_RECORD: gettext_lazy("the intake record"),
    process.ASSESSMENT_RECORD: gettext_lazy("the assessment summary"),
    process.PLAN_RECORD: gettext_lazy("a service plan with at least one goal"),
    process.NOTE_RECORD: gettext_lazy("at least one process note"),
    process.EVALUATION_RECORD: gettext_lazy("an evaluation of every goal"),
    process.CLOSING_RECORD: gettext_lazy("a closing summary"),
    process.REFERRAL_RECORD: gettext_lazy("where the case is referred to"),
}


def _require_worker(actor, case: Case) -> None:
    if not notes_visible_to(actor, case):
        raise PermissionDenied(_("Only the case's workers and the head may change it."))


def _require_head(actor, case: Case) -> None:
    if not can(actor, case.station, "can_close_case"):
        raise PermissionDenied(_("Only the head of the station may do this."))


def _has_record(case: Case, code: str) -> bool:
    checks = {
        process.INTAKE_RECORD: lambda: Intake.objects.filter(case=case).exists(),
        process.ASSESSMENT_RECORD: lambda: AssessmentSummary.objects.filter(case=case).exists(),
        process.PLAN_RECORD: lambda: case.goals.exists(),
        process.NOTE_RECORD: lambda: case.notes.filter(kind=Note.Kind.PROCESS).exists(),
        process.EVALUATION_RECORD: lambda: (
            case.goals.exists() and not case.goals.filter(attainment="").exists()
        ),
        process.CLOSING_RECORD: lambda: ClosingSummary.objects.filter(case=case).exists(),
        process.REFERRAL_RECORD: lambda: bool(case.referred_to.strip()),
    }
    return checks[code]()


def _check_move(case: Case, to: str) -> None:
    if not process.can_move(case.stage, to):
        raise ValidationError(
            _("A case cannot move from %(from)s to %(to)s.")
            % {"from": case.get_stage_display(), "to": _stage_label(to)},
            code="not_allowed",
        )
    missing = [code for code in process.required_records(case.stage, to)
               if not _has_record(case, code)]  # fmt: skip
    if missing:
        raise ValidationError(
            _("Before moving to %(to)s, record %(missing)s.")
            % {"to": _stage_label(to), "missing": _("; ").join(str(MISSING[m]) for m in missing)},
            code="missing_record",
        )


def _stage_label(stage: str) -> str:
    return str(dict(Case._meta.get_field("stage").choices).get(stage, stage))


def _enter(*, actor, case: Case, to: str, reason: str, on: dt.date | None = None) -> Case:
    event = CaseEvent(case=case, from_stage=case.stage, to_stage=to, actor=actor, reason=reason)
    case.stage, case.stage_entered_on = to, on or timezone.localdate()
    case.full_clean()
    case.save()
    event.save()
    access_log_record(actor=actor, station=case.station, action=f"cases.case.{to}", obj=case,
                      detail={"from": event.from_stage, "reason": reason})  # fmt: skip
    return case


@transaction.atomic
def case_open(
    *, actor, elder, title: str, lead_worker, source: str, problem: str, consent_given: bool,
    consent_by: str = "", restricted_reason: str = "", co_workers=(),
    opened_on: dt.date | None = None,
) -> Case:  # fmt: skip
    """Open a case for an elder with its intake record (接案)."""
    if not can(actor, elder.station, "edit_elders"):
        raise PermissionDenied(_("Only the station's staff may open a case."))
    if not can(lead_worker, elder.station, "edit_elders"):
        raise ValidationError({"lead_worker": [_("The lead worker must be staff of the station.")]})
    opened_on = opened_on or timezone.localdate()
    case = Case(
        station=elder.station, elder=elder, lead_worker=lead_worker, title=title,
        opened_on=opened_on, stage=process.INTAKE, stage_entered_on=opened_on,
        restricted=bool(restricted_reason), restricted_reason=restricted_reason,
    )  # fmt: skip
    case.full_clean()
    case.save()
    case.co_workers.set(co_workers)
    intake = Intake(case=case, source=source, problem=problem, consent_given=consent_given,
                    consent_by=consent_by, recorded_by=actor)  # fmt: skip
    intake.full_clean()
    intake.save()
    CaseEvent.objects.create(case=case, to_stage=process.INTAKE, actor=actor, reason=problem[:200])
    access_log_record(actor=actor, station=case.station, action="cases.case.opened", obj=case)
    return case


@transaction.atomic
def case_record_assessment(*, actor, case: Case, text: str, assessments=()) -> AssessmentSummary:
    """Write (or rewrite) the assessment summary (预估), linking the elder's assessments."""
    _require_worker(actor, case)
    if any(a.elder_id != case.elder_id for a in assessments):
        raise ValidationError({"assessments": [_("Link only assessments of this elder.")]})
    summary = AssessmentSummary.objects.filter(case=case).first() or AssessmentSummary(case=case)
    summary.text, summary.recorded_by, summary.recorded_at = text, actor, timezone.now()
    summary.full_clean()
    summary.save()
    summary.assessments.set(assessments)
    access_log_record(actor=actor, station=case.station, action="cases.assessment.saved", obj=case)
    return summary


@transaction.atomic
def case_set_plan(*, actor, case: Case, goals: list[dict]) -> list[Goal]:
    """Replace the service plan's goals (计划); each goal has an indicator, baseline and target."""
    _require_worker(actor, case)
    if not goals:
        raise ValidationError({"goals": [_("A plan needs at least one goal.")]})
    rows = []
    for position, data in enumerate(goals):
        goal = Goal(case=case, position=position, **data)
        goal.full_clean()
        rows.append(goal)
    case.goals.all().delete()
    for goal in rows:
        goal.save()
    access_log_record(actor=actor, station=case.station, action="cases.plan.saved", obj=case,
                      detail={"goals": len(rows)})  # fmt: skip
    return rows


@transaction.atomic
def case_add_note(
    *, actor, case: Case, text: str, written_on: dt.date, next_step: str = "",
    next_step_on: dt.date | None = None,
) -> Note:  # fmt: skip
    """Add a dated process note (过程记录), with the next step if one is planned."""
    _require_worker(actor, case)
    note = Note(case=case, kind=Note.Kind.PROCESS, text=text, written_on=written_on,
                next_step=next_step, next_step_on=next_step_on, author=actor)  # fmt: skip
    note.full_clean()
    note.save()
    access_log_record(actor=actor, station=case.station, action="cases.note.added", obj=case)
    return note


@transaction.atomic
def case_evaluate_goal(*, actor, goal: Goal, attainment: str, score: int) -> Goal:
    """Evaluate one goal: attained, partly or not, with a goal-attainment score from -2 to +2."""
    _require_worker(actor, goal.case)
    if not attainment:
        raise ValidationError({"attainment": [_("Say whether the goal was attained.")]})
    goal.attainment, goal.score = attainment, score
    goal.evaluated_by, goal.evaluated_at = actor, timezone.now()
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def case_move(*, actor, case: Case, to: str, reason: str = "") -> Case:
    """Move a case to another stage, as the process table allows and its records permit."""
    _require_worker(actor, case)
    if to in process.APPROVAL_NEEDED:
        raise ValidationError(
            _("Closing needs the head's approval: request closing instead."), code="approval"
        )
    if ClosingSummary.objects.filter(case=case, status=ClosingSummary.Status.REQUESTED).exists():
        raise ValidationError(
            _("Closing has been requested: wait for the head's decision."), code="pending"
        )
    _check_move(case, to)
    return _enter(actor=actor, case=case, to=to, reason=reason)


@transaction.atomic
def case_refer_out(*, actor, case: Case, referred_to: str, reason: str = "") -> Case:
    """Refer the case out (转介) from any open stage, saying where to."""
    _require_worker(actor, case)
    if not referred_to.strip():
        raise ValidationError({"referred_to": [_("Say where the case is referred to.")]})
    if not process.can_move(case.stage, process.REFERRED):
        _check_move(case, process.REFERRED)
    case.referred_to = referred_to.strip()
    return _enter(actor=actor, case=case, to=process.REFERRED, reason=reason)


@transaction.atomic
def case_request_close(*, actor, case: Case, reason: str, text: str) -> ClosingSummary:
    """A worker asks to close the case with a closing summary; the head decides."""
    _require_worker(actor, case)
    summary = ClosingSummary.objects.filter(case=case).first() or ClosingSummary(case=case)
    if summary.status == ClosingSummary.Status.REQUESTED:
        raise ValidationError(_("Closing has already been requested."))
    summary.reason, summary.text, summary.status = reason, text, ClosingSummary.Status.REQUESTED
    summary.requested_by, summary.requested_at = actor, timezone.now()
    summary.decided_by = summary.decided_at = None
    summary.full_clean()
    with transaction.atomic():  # the summary must exist for the check, and vanish if it fails
        summary.save()
        _check_move(case, process.CLOSED)
    access_log_record(actor=actor, station=case.station, action="cases.close.requested", obj=case)
    return summary


def _pending_closing(case: Case) -> ClosingSummary:
    summary = ClosingSummary.objects.filter(case=case).first()
    if summary is None or summary.status != ClosingSummary.Status.REQUESTED:
        raise ValidationError(_("No request to close this case is waiting."))
    return summary


@transaction.atomic
def case_approve_close(*, actor, case: Case, note: str = "") -> Case:
    """The head approves closing (结案); the case enters the closed stage."""
    _require_head(actor, case)
    summary = _pending_closing(case)
    _check_move(case, process.CLOSED)
    summary.status, summary.decided_by, summary.decided_at = (
        ClosingSummary.Status.APPROVED, actor, timezone.now())  # fmt: skip
    summary.save()
    return _enter(actor=actor, case=case, to=process.CLOSED, reason=note or summary.text[:200])


@transaction.atomic
def case_return(*, actor, case: Case, note: str) -> ClosingSummary:
    """The head returns a request to close, saying why; the case stays where it is."""
    _require_head(actor, case)
    if not note.strip():
        raise ValidationError({"return_note": [_("Say why the request is returned.")]})
    summary = _pending_closing(case)
    summary.status, summary.return_note = ClosingSummary.Status.RETURNED, note.strip()
    summary.decided_by, summary.decided_at = actor, timezone.now()
    summary.save()
    access_log_record(actor=actor, station=case.station, action="cases.close.returned", obj=case)
    return summary


@transaction.atomic
def case_add_supervision(*, actor, case: Case, text: str, written_on: dt.date) -> Note:
    """The head adds a supervision note (督导记录)."""
    _require_head(actor, case)
    note = Note(case=case, kind=Note.Kind.SUPERVISION, text=text, written_on=written_on,
                author=actor)  # fmt: skip
    note.full_clean()
    note.save()
    access_log_record(actor=actor, station=case.station, action="cases.supervision.added", obj=case)
    return note


@transaction.atomic
def case_norms_save(*, actor, station, norms: dict[str, int], note: str = "") -> CaseNorms:
    """Save a new version of the station's stuck-case norms (head only): days for each stage,
    a whole number from 1 to 365."""
    if not can(actor, station, "manage_rules"):
        raise PermissionDenied(_("Only the head of the station may do this."))
    errors = {}
    for stage, days in norms.items():
        if stage not in process.DEFAULT_NORMS:
            errors[stage] = [_("This stage has no norm.")]
        elif isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
            errors[stage] = [_("Enter a number of days from 1 to 365.")]
    if errors:
        raise ValidationError(errors)
    version = CaseNorms(station=station, version=CaseNorms.next_version(station), rules=norms,
                        note=note, created_by=actor)  # fmt: skip
    version.full_clean()
    version.save()
    access_log_record(actor=actor, station=station, action="cases.norms.saved", obj=version,
                      detail={"norms": norms})  # fmt: skip
    return version


# --- for the case pages ------------------------------------------------------------------------
def case_moves(case: Case) -> list[dict]:
    """The moves the process allows from the case's stage, each with the records still missing
    (labels from MISSING), in the order of the process; one query per record checked at most."""
    found: dict[str, bool] = {}

    def has(code: str) -> bool:
        if code not in found:
            found[code] = _has_record(case, code)
        return found[code]

    moves = []
    for to in process.STAGES:
        if process.can_move(case.stage, to):
            missing = [MISSING[c] for c in process.required_records(case.stage, to) if not has(c)]
            moves.append({"to": to, "label": _stage_label(to), "missing": missing})
    return moves


@transaction.atomic
def case_refer_out_to_partner(
    *, actor, case: Case, referred_to: str, reason: str = "", partner=None, asked: str = "",
    sent_on: dt.date | None = None,
) -> Case:  # fmt: skip
    """Refer the case out and, when a partner of the station is named, send it a referral: both
    or neither."""
    from linli.partners.services import referral_create

    case = case_refer_out(actor=actor, case=case, referred_to=referred_to, reason=reason)
    if partner is not None:
        referral_create(actor=actor, elder=case.elder, partner=partner,
                        asked=asked.strip() or referred_to, case=case,
                        sent_on=sent_on or timezone.localdate())  # fmt: skip
    return case
