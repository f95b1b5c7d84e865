"""Every write about keeping in touch: rules, plans, contacts and their consequences, tasks,
alerts, caseloads and emergencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.services import access_log_record
from linli.elders import services as elder_services
from linli.elders.models import Elder

from . import cadence
from .emergencies import checkin_needs
from .models import REACHED_OUTCOMES, Alert, CadenceRuleSet, Contact, Plan, Task
from .plans import plan_refresh, plans_refresh_station, rules_in_force

__all__ = ["plan_refresh", "plans_refresh_station", "rules_in_force"]
NO_ANSWER_ALERT_AT = 3
STATUS_FOR_OUTCOME = {
    Contact.Outcome.DECEASED: Elder.Status.DECEASED,
    Contact.Outcome.MOVED: Elder.Status.MOVED,
}
VERIFIABLE = ("phones", "address", "living_arrangement", "emergency_contacts")


@transaction.atomic
def ruleset_save(*, actor, station, rules: list[dict], note: str = "") -> CadenceRuleSet:
    """Save a new version of a station's cadence rules and re-plan its elders."""
    try:
        parsed = cadence.parse_rules(rules)
    except cadence.RuleError as exc:
        raise ValidationError({"rules": [str(exc)]}) from None
    ruleset = CadenceRuleSet.objects.create(
        station=station, version=CadenceRuleSet.next_version(station),
        rules=[r.as_dict() for r in parsed], note=note, created_by=actor,
    )  # fmt: skip
    plans_refresh_station(station=station, today=timezone.localdate())
    access_log_record(actor=actor, station=station, action="followups.rules.saved", obj=ruleset)
    return ruleset


@transaction.atomic
def cadence_override(*, actor, elder: Elder, kind: str, days: int, reason: str) -> Plan:
    """Set one elder's cadence by hand; the reason is kept and shown with it."""
    if kind not in cadence.KINDS or not 1 <= days <= 366 or not reason.strip():
        raise ValidationError({"reason": [_("Give a kind, a number of days and a reason.")]})
    plan = Plan.objects.filter(elder=elder, kind=kind).first() or Plan(elder=elder, kind=kind)
    plan.rule_code, plan.rule_label = "override", reason.strip()[:120]
    plan.interval_days, plan.override_reason = days, reason.strip()
    _copy_elder(plan, elder)
    plan.next_due = _due_after(plan, elder, timezone.localdate())
    plan.save()
    access_log_record(actor=actor, station=elder.station, action="followups.cadence.overridden",
                      obj=elder, detail={"kind": kind, "days": days, "reason": reason})  # fmt: skip
    return plan


@transaction.atomic
def cadence_override_clear(*, actor, elder: Elder, kind: str) -> None:
    """Go back to the station's rules for one elder."""
    Plan.objects.filter(elder=elder, kind=kind, rule_code="override").delete()
    plan_refresh(elder=elder, today=timezone.localdate())


def _copy_elder(plan: Plan, elder: Elder) -> None:
    plan.station_id, plan.worker_id, plan.area_id = (
        elder.station_id, elder.assigned_worker_id, elder.area_id)  # fmt: skip
    plan.risk_rank = cadence.RISK_RANK.get(elder.risk_level, cadence.NO_RISK_RANK)


def _due_after(plan: Plan, elder: Elder, today: dt.date) -> dt.date:
    last = timezone.localdate(plan.last_reached_at) if plan.last_reached_at else None
    return cadence.next_due(
        last_reached=last,
        days=plan.interval_days,
        today=today,
        migratory=elder.migratory,
        months_present=elder.months_present,
    )


# --- contacts ---------------------------------------------------------------------------------
@transaction.atomic
def contact_log(
    *, actor, elder: Elder, data: dict[str, Any], corrections: dict[str, Any] | None = None,
    confirm_status: bool = False, follow_ups: list[dict] | None = None,
) -> Contact:  # fmt: skip
    """Record a contact and everything that follows from it, all or nothing."""
    contact = Contact(elder=elder, station_id=elder.station_id, by=actor, **data)
    contact.full_clean(exclude=["elder", "station", "by", "emergency"])
    _check_status_outcome(contact, confirm_status)
    contact.save()
    if corrections:
        _apply_corrections(actor, elder, contact, corrections)
    _advance_plans(elder, contact)
    _consequences(actor, elder, contact)
    for follow_up in follow_ups or []:
        task_create(actor=actor, elder=elder, source_contact=contact, **follow_up)
    return contact


def _check_status_outcome(contact: Contact, confirmed: bool) -> None:
    if contact.outcome in (Contact.Outcome.DECEASED, Contact.Outcome.MOVED) and not confirmed:
        message = _("Confirm the change of status: the elder will leave every worklist.")
        raise ValidationError({"confirm_status": [message]})


def _apply_corrections(actor, elder: Elder, contact: Contact, corrections: dict) -> None:
    """Corrections land in the elder's history with the contact as their source."""
    wanted = {k: v for k, v in corrections.items() if k in VERIFIABLE}
    before = {k: getattr(elder, k) for k in wanted}
    reason = _("Corrected during contact #%(id)s") % {"id": contact.pk}
    updated = elder_services.elder_update(actor=actor, elder=elder, data=wanted, reason=reason)
    changed = {k: [before[k], getattr(updated, k)] for k in wanted
               if before[k] != getattr(updated, k)}  # fmt: skip
    contact.verification = {"checked": sorted(wanted), "corrected": changed}
    contact.save(update_fields=["verification"])


def _advance_plans(elder: Elder, contact: Contact) -> None:
    """A contact moves the elder's next due date at once (a visit counts as a call too).

    Contacts are often typed in late (a paper sheet, a volunteer's visit): one dated before the
    last reach leaves the streak of unanswered calls alone, and a reach dated before later
    unanswered calls leaves those calls in the streak."""
    kinds = ["call", "visit"] if contact.kind == Contact.Kind.VISIT else ["call"]
    today = timezone.localdate(contact.at)
    for plan in Plan.objects.select_for_update().filter(elder=elder, kind__in=kinds):
        late = plan.last_attempt_at is not None and contact.at < plan.last_attempt_at
        plan.last_attempt_at = max(filter(None, [plan.last_attempt_at, contact.at]))
        after_last_reach = plan.last_reached_at is None or contact.at >= plan.last_reached_at
        if contact.outcome in REACHED_OUTCOMES and after_last_reach:
            plan.last_reached_at = contact.at
            plan.no_answer_streak = _unanswered_since(elder, contact) if late else 0
        elif contact.outcome == Contact.Outcome.NO_ANSWER and plan.kind == "call":
            plan.no_answer_streak += 1 if after_last_reach else 0
        plan.next_due = _due_after(plan, elder, today)
        plan.save()


def _unanswered_since(elder: Elder, contact: Contact) -> int:
    """Unanswered contacts of the elder after this one (any kind counts for calls)."""
    return Contact.objects.filter(
        elder=elder, at__gt=contact.at, outcome=Contact.Outcome.NO_ANSWER
    ).count()


def _consequences(actor, elder: Elder, contact: Contact) -> None:
    outcome = contact.outcome
    if outcome in (Contact.Outcome.DECEASED, Contact.Outcome.MOVED):
        status = STATUS_FOR_OUTCOME[outcome]
        reason = _("Reported during contact #%(id)s") % {"id": contact.pk}
        elder_services.elder_mark_status(
            actor=actor,
            elder=elder,
            status=status,
            on=timezone.localdate(contact.at),
            reason=reason,
        )
    elif outcome == Contact.Outcome.WRONG_NUMBER:
        alert_raise(elder=elder, kind=Alert.Kind.WRONG_NUMBER, contact=contact)
    elif outcome == Contact.Outcome.NO_ANSWER and _streak(elder) == NO_ANSWER_ALERT_AT:
        alert_raise(elder=elder, kind=Alert.Kind.NO_ANSWER, contact=contact)
        note = _("Three calls in a row were not answered: visit to check on them.")
        task_create(actor=actor, elder=elder, kind=Task.Kind.VISIT, note=note,
                    source_contact=contact)  # fmt: skip
    if contact.safety_concern:
        alert_raise(elder=elder, kind=Alert.Kind.SAFETY, contact=contact)
    if contact.emergency_id:
        checkin_needs(actor, elder, contact)


def _streak(elder: Elder) -> int:
    plan = Plan.objects.filter(elder=elder, kind="call").first()
    return plan.no_answer_streak if plan else 0


# --- tasks and alerts -------------------------------------------------------------------------
@transaction.atomic
def task_create(
    *, actor, elder: Elder, kind: str, note: str = "", due_on: dt.date | None = None,
    assigned_to=None, source_contact: Contact | None = None,
) -> Task:  # fmt: skip
    """A follow-up action for an elder, by default for their worker, due today."""
    task = Task(elder=elder, station_id=elder.station_id, kind=kind, note=note,
                due_on=due_on or timezone.localdate(),
                assigned_to=assigned_to or elder.assigned_worker or actor,
                source_contact=source_contact, created_by=actor)  # fmt: skip
    task.full_clean(exclude=["elder", "station", "assigned_to", "source_contact", "created_by"])
    task.save()
    return task


@transaction.atomic
def task_finish(*, actor, task: Task, status: str = Task.Status.DONE) -> Task:
    """Mark a task done or cancelled."""
    task.status, task.done_at = status, timezone.now()
    task.full_clean(exclude=["elder", "station", "assigned_to", "source_contact", "created_by"])
    task.save(update_fields=["status", "done_at"])
    return task


def alert_raise(*, elder: Elder, kind: str, contact: Contact | None = None) -> Alert:
    """Open an alert unless the same one is already open for the elder."""
    open_alert = Alert.objects.filter(elder=elder, kind=kind, resolved_at__isnull=True).first()
    return open_alert or Alert.objects.create(elder=elder, station_id=elder.station_id, kind=kind,
                                              contact=contact)  # fmt: skip


@transaction.atomic
def alert_resolve(*, actor, alert: Alert) -> Alert:
    alert.resolved_at, alert.resolved_by = timezone.now(), actor
    alert.save(update_fields=["resolved_at", "resolved_by"])
    return alert
