"""Emergency mode: open, daily check-ins for the groups covered, the live board, closing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.services import access_log_record
from linli.elders.models import Elder
from linli.elders.vocabulary import category_q

from .models import Alert, Contact, Emergency, Task

DEFAULT_GROUPS = ["alone", "empty_nest", "disabled", "dementia", "high_risk"]
GROUP_CHOICES = [*DEFAULT_GROUPS, "aged80", "dibao", "tekun", "lost_only_child", "disability"]


@transaction.atomic
def emergency_open(
    *, actor, station, kind: str, title: str, starts_on: dt.date,
    ends_on: dt.date | None = None, groups: list[str] | None = None,
) -> Emergency:  # fmt: skip
    """Open an emergency at a station: its covered elders are due a check-in every day."""
    emergency = Emergency(station=station, kind=kind, title=title.strip(), starts_on=starts_on,
                          ends_on=ends_on, groups=list(groups or DEFAULT_GROUPS),
                          opened_by=actor)  # fmt: skip
    emergency.full_clean(exclude=["opened_by", "closed_by"])
    if set(emergency.groups) - set(GROUP_CHOICES) or not emergency.groups:
        raise ValidationError({"groups": [_("Choose the groups the emergency covers.")]})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end comes before the start.")]})
    emergency.save()
    access_log_record(actor=actor, station=station, action="followups.emergency.opened",
                      obj=emergency, detail={"kind": kind, "groups": emergency.groups})  # fmt: skip
    return emergency


@transaction.atomic
def emergency_open_region(*, actor, stations: list, **fields: Any) -> list[Emergency]:
    """A region viewer opens the same emergency for every station of their region."""
    return [emergency_open(actor=actor, station=station, **fields) for station in stations]


@transaction.atomic
def emergency_close(*, actor, emergency: Emergency) -> Emergency:
    """Close it (normal cadence resumes) and keep a summary of what was done."""
    if not emergency.is_open:
        raise ValidationError(_("This emergency is already closed."))
    emergency.closed_at, emergency.closed_by = timezone.now(), actor
    emergency.summary = emergency_summary(emergency)
    emergency.save(update_fields=["closed_at", "closed_by", "summary"])
    access_log_record(actor=actor, station=emergency.station, action="followups.emergency.closed",
                      obj=emergency, detail=emergency.summary)  # fmt: skip
    return emergency


def covered_elders(emergency: Emergency, *, today: dt.date) -> QuerySet[Elder]:
    """Active elders of the station in any of the emergency's groups."""
    match = Q(pk__in=[])
    for group in emergency.groups:
        match |= (
            Q(risk_level__in=["high", "urgent"])
            if group == "high_risk"
            else category_q(group, today)
        )
    return Elder.objects.filter(station_id=emergency.station_id, status=Elder.Status.ACTIVE).filter(
        match
    )


def emergency_summary(emergency: Emergency) -> dict:
    """Elders covered, check-ins made, elders reached, urgent needs raised and met."""
    today = timezone.localdate()
    checkins = Contact.objects.filter(emergency=emergency)
    counts = checkins.aggregate(
        checkins=Count("pk"),
        elders_reached=Count("elder", distinct=True, filter=Q(outcome__in=["reached",
                                                                            "in_hospital"])),
        needs=Count("pk", filter=~Q(new_need="")),
    )  # fmt: skip
    tasks = Task.objects.filter(source_contact__emergency=emergency, kind=Task.Kind.SERVICE)
    return {
        "elders_covered": covered_elders(emergency, today=today).count(),
        **counts,
        "needs_met": tasks.filter(status=Task.Status.DONE).count(),
        "days": (today - emergency.starts_on).days + 1,
    }


def checkin_needs(actor, elder: Elder, contact: Contact) -> None:
    """An urgent need in an emergency check-in becomes a service request and an alert."""
    from .services import alert_raise, task_create

    if not contact.new_need:
        return
    note = _("Urgent need during %(title)s: %(need)s") % {
        "title": contact.emergency.title, "need": contact.get_new_need_display()}  # fmt: skip
    task_create(actor=actor, elder=elder, kind=Task.Kind.SERVICE, note=note, source_contact=contact)
    alert_raise(elder=elder, kind=Alert.Kind.URGENT_NEED, contact=contact)
