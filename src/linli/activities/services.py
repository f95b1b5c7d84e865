"""Every write about community activities: the activity, sign-ups, attendance (roster, QR,
walk-ins), satisfaction feedback and photos.

Cancelled activities take no sign-ups, attendance or feedback, and count nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.services import access_log_record
from linli.assessments.definitions import builtin
from linli.elders.models import Elder
from linli.stations.selectors import can

from .models import Activity, ActivityPhoto, Attendance, Feedback, SignUp

ACTIVITY_FIELDS = (
    "title", "type", "starts_at", "ends_at", "place", "area", "target_group", "description",
    "capacity", "budget_yuan", "materials",
)  # fmt: skip
# QR sign-in attempts per client address and activity within the window.
QR_ATTEMPTS = 10
QR_WINDOW_SECONDS = 600
SATISFIED_MEAN = 4  # "satisfied" on the five-point ratings: 满意 or better on average


def _require_staff(actor, station) -> None:
    """Activities are written by the station's head and workers only."""
    if not can(actor, station, "edit_elders"):
        raise PermissionDenied(_("Only the station's staff may do this."))


def local_day(moment: dt.datetime) -> dt.date:
    """The Asia/Shanghai date of an aware moment."""
    return timezone.localtime(moment).date()


def _apply(activity: Activity, data: dict[str, Any]) -> None:
    unknown = set(data) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"unknown activity fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(activity, field, value)
    if activity.area_id and activity.area.station_id != activity.station_id:
        raise ValidationError({"area": [_("Choose an area of the station.")]})


def _set_partners(activity: Activity, partners) -> None:
    partners = list(partners)
    if any(p.station_id != activity.station_id for p in partners):
        raise ValidationError({"partners": [_("Choose partners of the station.")]})
    activity.partners.set(partners)


@transaction.atomic
def activity_create(*, actor, station, data: dict[str, Any], partners=()) -> Activity:
    """Plan an activity of a station, with its partners."""
    _require_staff(actor, station)
    activity = Activity(station=station, organiser=actor)
    _apply(activity, data)
    activity.full_clean()
    activity.save()
    _set_partners(activity, partners)
    access_log_record(actor=actor, station=station, action="activities.activity.created",
                      obj=activity)  # fmt: skip
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, data: dict[str, Any], partners=None) -> Activity:
    """Change an activity's facts (and its partners when given)."""
    _require_staff(actor, activity.station)
    _apply(activity, data)
    activity.full_clean()
    activity.save()
    if partners is not None:
        _set_partners(activity, partners)
    access_log_record(actor=actor, station=activity.station, action="activities.activity.updated",
                      obj=activity, detail={"fields": sorted(data)})  # fmt: skip
    return activity


def _set_status(*, actor, activity: Activity, status: str, allowed_from: set[str]) -> Activity:
    _require_staff(actor, activity.station)
    if activity.status not in allowed_from:
        raise ValidationError({"status": [_("This activity is already %(status)s.") % {
            "status": activity.get_status_display()}]})  # fmt: skip
    before = activity.status
    activity.status = status
    activity.save(update_fields=["status"])
    access_log_record(actor=actor, station=activity.station,
                      action=f"activities.activity.{status}", obj=activity,
                      detail={"from": before})  # fmt: skip
    return activity


@transaction.atomic
def activity_cancel(*, actor, activity: Activity) -> Activity:
    """Cancel a planned activity; it then takes no attendance and counts nothing."""
    return _set_status(actor=actor, activity=activity, status=Activity.Status.CANCELLED,
                       allowed_from={Activity.Status.PLANNED})  # fmt: skip


@transaction.atomic
def activity_mark_held(*, actor, activity: Activity) -> Activity:
    """Record that a planned activity took place."""
    return _set_status(actor=actor, activity=activity, status=Activity.Status.HELD,
                       allowed_from={Activity.Status.PLANNED})  # fmt: skip


def _require_open(activity: Activity) -> None:
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("This activity was cancelled."))


def _require_elder_of(activity: Activity, elder: Elder) -> None:
    if elder.station_id != activity.station_id or elder.status != Elder.Status.ACTIVE:
        raise ValidationError({"elder": [_("Choose an active elder of the station.")]})


@transaction.atomic
def sign_up(*, actor, activity: Activity, elder: Elder) -> SignUp:
    """Sign an elder up ahead of time; refused when the activity is full."""
    _require_staff(actor, activity.station)
    _require_open(activity)
    _require_elder_of(activity, elder)
    Activity.objects.select_for_update().filter(pk=activity.pk).values_list("pk").get()
    existing = SignUp.objects.filter(activity=activity, elder=elder).first()
    if existing:
        return existing
    taken = SignUp.objects.filter(activity=activity).count()
    if activity.capacity is not None and taken >= activity.capacity:
        raise ValidationError(_("The activity is full: %(capacity)s places are taken.")
                              % {"capacity": activity.capacity})  # fmt: skip
    entry = SignUp(activity=activity, station_id=activity.station_id, elder=elder, by=actor)
    entry.full_clean()
    entry.save()
    access_log_record(actor=actor, station=activity.station, action="activities.signup.added",
                      obj=entry, detail={"elder": elder.pk})  # fmt: skip
    return entry


@transaction.atomic
def sign_up_cancel(*, actor, activity: Activity, elder: Elder) -> bool:
    """Take an elder off the sign-up list; False when they were not on it."""
    _require_staff(actor, activity.station)
    deleted, _rows = SignUp.objects.filter(activity=activity, elder=elder).delete()
    if deleted:
        access_log_record(actor=actor, station=activity.station,
                          action="activities.signup.cancelled", obj=activity,
                          detail={"elder": elder.pk})  # fmt: skip
    return bool(deleted)


def _attend_elder(*, activity, elder, method, actor) -> tuple[Attendance, bool]:
    """One row per elder and activity: a second tick or scan returns the first row."""
    existing = Attendance.objects.filter(activity=activity, elder=elder).first()
    if existing:
        return existing, False
    row = Attendance(activity=activity, station_id=activity.station_id, elder=elder,
                     method=method, recorded_by=actor)  # fmt: skip
    row.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same elder ticked at the same moment elsewhere
        return Attendance.objects.get(activity=activity, elder=elder), False
    return row, True


@transaction.atomic
def attend_roster(
    *, actor, activity: Activity, elder: Elder, method: str = Attendance.Method.ROSTER
) -> tuple[Attendance, bool]:
    """Tick an elder as come (roster or paper sheet); ticking twice is one attendance."""
    _require_staff(actor, activity.station)
    _require_open(activity)
    _require_elder_of(activity, elder)
    row, created = _attend_elder(activity=activity, elder=elder, method=method, actor=actor)
    if created:
        access_log_record(actor=actor, station=activity.station,
                          action="activities.attendance.added", obj=row,
                          detail={"elder": elder.pk, "method": method})  # fmt: skip
    return row, created


@transaction.atomic
def attend_walk_in(*, actor, activity: Activity, name: str = "", count: int = 1) -> Attendance:
    """A walk-in: a named person (one row, one person) or a number of anonymous people."""
    _require_staff(actor, activity.station)
    _require_open(activity)
    name = name.strip()
    if name and count != 1:
        raise ValidationError({"count": [_("A named walk-in is one person.")]})
    if count < 1:
        raise ValidationError({"count": [_("Count at least one person.")]})
    row = Attendance(activity=activity, station_id=activity.station_id, walk_in_name=name,
                     count=count, method=Attendance.Method.WALK_IN, recorded_by=actor)  # fmt: skip
    row.full_clean()
    row.save()
    access_log_record(actor=actor, station=activity.station,
                      action="activities.attendance.walk_in", obj=row,
                      detail={"named": bool(name), "count": count})  # fmt: skip
    return row


@transaction.atomic
def attendance_remove(*, actor, attendance: Attendance) -> None:
    """Take back an attendance recorded by mistake."""
    _require_staff(actor, attendance.activity.station)
    access_log_record(actor=actor, station=attendance.activity.station,
                      action="activities.attendance.removed", obj=attendance,
                      detail={"elder": attendance.elder_id, "count": attendance.count})  # fmt: skip
    attendance.delete()


class QrOutcome(enum.StrEnum):
    SIGNED_IN = "signed_in"
    ALREADY = "already"
    NO_MATCH = "no_match"
    NOT_TODAY = "not_today"
    CLOSED = "closed"
    RATE_LIMITED = "rate_limited"


def _over_rate_limit(activity: Activity, client: str) -> bool:
    """Count an attempt; True once the client has used up its attempts for the window."""
    key = f"activities:qr:{activity.pk}:{client}"
    cache.add(key, 0, QR_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, QR_WINDOW_SECONDS)
        attempts = 1
    return attempts > QR_ATTEMPTS


def _match_elder(activity: Activity, name: str, last4: str) -> Elder | None:
    """The one active elder of the activity's station with this name and a phone ending in
    these four digits; None when there is none or more than one."""
    name = name.strip()
    if not name or len(last4) != 4 or not last4.isdigit():
        return None
    candidates = Elder.objects.filter(
        station_id=activity.station_id, status=Elder.Status.ACTIVE, name=name
    )
    found = [e for e in candidates if any(p.endswith(last4) for p in e.phone_list)]
    return found[0] if len(found) == 1 else None


@transaction.atomic
def attend_by_qr(*, activity: Activity, name: str, last4: str, client: str, now: dt.datetime
                 ) -> QrOutcome:  # fmt: skip
    """An elder (or a family member) confirms attendance by the activity's QR code: name and
    the last four digits of a phone, matched among the active elders of that activity's station
    only, on the activity's day only, once per person; attempts are rate-limited per client."""
    if _over_rate_limit(activity, client):
        return QrOutcome.RATE_LIMITED
    if activity.status == Activity.Status.CANCELLED:
        return QrOutcome.CLOSED
    if local_day(now) != local_day(activity.starts_at):
        return QrOutcome.NOT_TODAY
    elder = _match_elder(activity, name, last4.strip())
    if elder is None:
        return QrOutcome.NO_MATCH
    row, created = _attend_elder(activity=activity, elder=elder, method=Attendance.Method.QR,
                                 actor=None)  # fmt: skip
    if not created:
        return QrOutcome.ALREADY
    access_log_record(actor=None, station=activity.station, action="activities.attendance.qr",
                      obj=row, detail={"elder": elder.pk})  # fmt: skip
    return QrOutcome.SIGNED_IN


@functools.cache
def satisfaction_instrument():
    """The engine's satisfaction form (read once: the shipped definitions do not change)."""
    return builtin()["satisfaction"]


def is_satisfied(total: int, rated_items: int) -> bool:
    """Satisfied means a mean rating of at least 4 (满意) over the rated items, that is
    total ≥ 4 × the number of rated items (20 of 25 on the five-item form)."""
    return total >= SATISFIED_MEAN * rated_items


@transaction.atomic
def feedback_record(
    *, activity: Activity, answers: dict, channel: str, actor=None, elder: Elder | None = None
) -> Feedback:
    """Score a satisfaction form with the instrument engine and keep it with its total and
    whether it is satisfied (mean rating ≥ 4, see `is_satisfied`). Paper forms are entered by
    staff; QR forms come without an actor."""
    if channel == Feedback.Channel.PAPER or actor is not None:
        _require_staff(actor, activity.station)
    _require_open(activity)
    instrument = satisfaction_instrument()
    answers = {k: v for k, v in answers.items() if v not in (None, "")}
    result = instrument.score(answers)
    if not result.complete:
        problems = {e["item"]: [str(e["message"])] for e in result.errors}
        for key in result.missing:
            problems[key] = [_("Please answer this question.")]
        raise ValidationError(problems)
    entry = Feedback(
        activity=activity, station_id=activity.station_id, elder=elder,
        instrument_version=instrument.version, answers=answers, total=result.total,
        satisfied=is_satisfied(result.total, len(instrument.total_items)), channel=channel,
        recorded_by=actor,
    )  # fmt: skip
    entry.full_clean()
    entry.save()
    access_log_record(actor=actor, station=activity.station, action="activities.feedback.added",
                      obj=entry, detail={"channel": channel})  # fmt: skip
    return entry


@transaction.atomic
def photo_add(*, actor, activity: Activity, image, caption: str = "") -> ActivityPhoto:
    """Add a photo of an activity."""
    _require_staff(actor, activity.station)
    photo = ActivityPhoto(activity=activity, station_id=activity.station_id, image=image,
                          caption=caption.strip(), uploaded_by=actor)  # fmt: skip
    photo.full_clean()
    photo.save()
    access_log_record(actor=actor, station=activity.station, action="activities.photo.added",
                      obj=photo)  # fmt: skip
    return photo
