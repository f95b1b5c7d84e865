"""Every write about service requests: raising, the status steps, feedback, overdue alerts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.services import access_log_record
from linli.elders.models import Elder
from linli.stations.models import Membership
from linli.stations.selectors import role_at

from .models import HELPER_ROLES, STAFF, HelperProfile, OverdueAlert, ServiceRequest
from .selectors import is_overdue, requests_overdue

S = ServiceRequest.Status

# The one place that says which step leads where: status → {step: next status}.
TRANSITIONS: dict[str, dict[str, str]] = {
    S.OPEN: {"dispatch": S.DISPATCHED, "cancel": S.CANCELLED},
    S.DISPATCHED: {"accept": S.ACCEPTED, "decline": S.OPEN, "cancel": S.CANCELLED},
    S.ACCEPTED: {"done": S.DONE, "cancel": S.CANCELLED},
    S.DONE: {"confirm": S.CONFIRMED},
    S.CONFIRMED: {},
    S.CANCELLED: {},
}
# Which timestamp each step stamps.
STAMPS = {
    "dispatch": "dispatched_at",
    "accept": "accepted_at",
    "done": "done_at",
    "confirm": "confirmed_at",
    "cancel": "cancelled_at",
}


def allowed_steps(status: str) -> list[str]:
    """The steps a request in this status may take."""
    return list(TRANSITIONS.get(status, {}))


def _require_staff(actor, station) -> None:
    if role_at(actor, station) not in STAFF:
        raise PermissionDenied(_("Only the station's staff may do this."))


def _require_helper(actor, request: ServiceRequest) -> None:
    if request.assigned_to_id != actor.pk:
        raise PermissionDenied(_("Only the person the request is assigned to may do this."))


def _step(*, actor, request: ServiceRequest, step: str, now: dt.datetime | None) -> None:
    """Move the request one step along TRANSITIONS, stamping the time and logging it."""
    target = TRANSITIONS.get(request.status, {}).get(step)
    if target is None:
        raise ValidationError(
            _("A request that is %(status)s cannot be moved this way.")
            % {"status": request.get_status_display()}
        )
    now = now or timezone.now()
    request.status = target
    if step in STAMPS:
        setattr(request, STAMPS[step], now)
    request.full_clean()
    request.save()
    _resolve_alert(request, now)
    access_log_record(
        actor=actor, station=request.station, action=f"errands.request.{step}", obj=request
    )


def _resolve_alert(request: ServiceRequest, now: dt.datetime) -> None:
    if not is_overdue(
        urgency=request.urgency,
        status=request.status,
        raised_at=request.raised_at,
        needed_by=request.needed_by,
        now=now,
    ):
        OverdueAlert.objects.filter(request=request, resolved_at__isnull=True).update(
            resolved_at=now
        )


@transaction.atomic
def request_raise(*, actor, elder: Elder, data: dict[str, Any]) -> ServiceRequest:
    """Record a new service request for an elder; the address defaults to the elder's."""
    _require_staff(actor, elder.station)
    request = ServiceRequest(elder=elder, station_id=elder.station_id, raised_by=actor, **data)
    if not request.address:
        request.address = elder.address
    request.full_clean()
    _check_source(request)
    request.save()
    access_log_record(
        actor=actor, station=elder.station, action="errands.request.raised", obj=request
    )
    return request


def _check_source(request: ServiceRequest) -> None:
    """A contact must be about this elder; an emergency must be this station's."""
    if request.contact is not None and request.contact.elder_id != request.elder_id:
        raise ValidationError({"contact": _("This contact is about another elder.")})
    if request.emergency is not None and request.emergency.station_id != request.station_id:
        raise ValidationError({"emergency": _("This emergency belongs to another station.")})


def _check_helper(station, user) -> None:
    ok = Membership.objects.filter(
        user=user, station=station, role__in=HELPER_ROLES, active=True, user__is_active=True
    ).exists()
    if not ok:
        raise ValidationError(
            {"assigned_to": _("Choose an active volunteer or worker of this station.")}
        )


@transaction.atomic
def request_dispatch(
    *, actor, request: ServiceRequest, helper, now: dt.datetime | None = None
) -> ServiceRequest:
    """Send an open request to a volunteer or worker of the station."""
    _require_staff(actor, request.station)
    _check_helper(request.station, helper)
    request.assigned_to = helper
    _step(actor=actor, request=request, step="dispatch", now=now)
    return request


@transaction.atomic
def request_accept(*, actor, request: ServiceRequest, now: dt.datetime | None = None):
    """The helper takes the request on."""
    _require_helper(actor, request)
    _step(actor=actor, request=request, step="accept", now=now)
    return request


@transaction.atomic
def request_decline(*, actor, request: ServiceRequest, now: dt.datetime | None = None):
    """The helper cannot do it: the request goes back to open, assigned to no one."""
    _require_helper(actor, request)
    request.assigned_to = None
    request.dispatched_at = None
    _step(actor=actor, request=request, step="decline", now=now)
    return request


@transaction.atomic
def request_done(*, actor, request: ServiceRequest, now: dt.datetime | None = None):
    """The helper (or the station's staff for them) says the work is done."""
    if request.assigned_to_id != actor.pk:
        _require_staff(actor, request.station)
    _step(actor=actor, request=request, step="done", now=now)
    return request


@transaction.atomic
def request_confirm(
    *,
    actor,
    request: ServiceRequest,
    satisfied: bool,
    feedback: str = "",
    now: dt.datetime | None = None,
) -> ServiceRequest:
    """Staff confirm with the elder that it was done, with the elder's feedback."""
    _require_staff(actor, request.station)
    request.satisfied = satisfied
    request.feedback = feedback
    _step(actor=actor, request=request, step="confirm", now=now)
    return request


@transaction.atomic
def request_cancel(*, actor, request: ServiceRequest, now: dt.datetime | None = None):
    """Staff cancel a request that is not done yet."""
    _require_staff(actor, request.station)
    _step(actor=actor, request=request, step="cancel", now=now)
    return request


@transaction.atomic
def overdue_alerts_raise(*, station, now: dt.datetime) -> list[OverdueAlert]:
    """Record one alert per overdue request (idempotent) and resolve those that moved on."""
    overdue_ids = set(requests_overdue(station=station, now=now).values_list("pk", flat=True))
    known = set(
        OverdueAlert.objects.filter(request_id__in=overdue_ids).values_list("request_id", flat=True)
    )
    new = [
        OverdueAlert(request_id=pk, station=station, raised_at=now)
        for pk in sorted(overdue_ids - known)
    ]
    OverdueAlert.objects.bulk_create(new, ignore_conflicts=True)
    OverdueAlert.objects.filter(station=station, resolved_at__isnull=True).exclude(
        request_id__in=overdue_ids
    ).update(resolved_at=now)
    return new


@transaction.atomic
def helper_profile_save(
    *, actor, station, user, skills: list[str], area=None, active: bool = True
) -> HelperProfile:
    """Set a helper's skills and area at a station (interim until issue 6's registry)."""
    _require_staff(actor, station)
    _check_helper(station, user)
    unknown = sorted(set(skills) - set(ServiceRequest.Type.values))
    if unknown:
        raise ValidationError(
            {"skills": _("Unknown skills: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    if area is not None and area.station_id != station.pk:
        raise ValidationError({"area": _("This area belongs to another station.")})
    profile, _created = HelperProfile.objects.update_or_create(
        station=station,
        user=user,
        defaults={"skills": sorted(skills), "area": area, "active": active},
    )
    return profile
