"""Every write about volunteers: the registry, teams, training, pairings, hours, the time bank."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.services import access_log_record
from linli.elders.models import Elder
from linli.errands.models import ServiceRequest
from linli.followups import services as followup_services
from linli.followups.models import Contact
from linli.lib.phones import phone_field
from linli.stations.models import Area, Membership
from linli.stations.selectors import can

from .models import HoursEntry, Pairing, Redemption, Skill, Team, Training, Volunteer

VOLUNTEER_FIELDS = (
    "name", "sex", "birth_year", "phone", "platform_id", "area", "area_id", "skills", "languages",
    "availability", "joined_on", "background_checked_on", "active", "notes", "elder", "user",
)  # fmt: skip
SLOT = re.compile(r"^[0-6](am|pm|eve)$")
# What a volunteer may report of a visit; a move or a death is for a worker to record.
VISIT_OUTCOMES = (
    Contact.Outcome.REACHED, Contact.Outcome.NO_ANSWER, Contact.Outcome.IN_HOSPITAL,
    Contact.Outcome.AWAY,
)  # fmt: skip
QUARTER = Decimal("0.25")
RS = ServiceRequest.Status
RT = ServiceRequest.Type
# The usual time a request of each type takes (hours), used when the time from taking it on to
# done is longer: that span also holds the waiting until the helper was free.
REQUEST_HOURS = {
    RT.GROCERIES: "1",
    RT.MEDICINE: "1",
    RT.MEALS: "1",
    RT.ESCORT: "3",
    RT.REPAIR: "1.5",
    RT.CLEANING: "2",
    RT.VISIT: "1",
    RT.PAPERWORK: "1.5",
}


def _require_staff(actor, station) -> None:
    """The registry, hours and the time bank are written by the station's head and workers."""
    if not can(actor, station, "edit_elders"):
        raise PermissionDenied(_("Only the station's staff may do this."))


def _check_lists(volunteer: Volunteer) -> None:
    errors = {}
    if any(s not in Skill.values for s in volunteer.skills):
        errors["skills"] = [_("Choose skills from the list.")]
    if any(not SLOT.match(str(s)) for s in volunteer.availability):
        errors["availability"] = [_("Give times as a weekday and a part of the day.")]
    volunteer.languages = [str(w).strip() for w in volunteer.languages if str(w).strip()]
    if errors:
        raise ValidationError(errors)


def _check_links(volunteer: Volunteer) -> None:
    """Area, elder and account belong to the volunteer's station; an elder gives the person."""
    station_id = volunteer.station_id
    if volunteer.area_id and not Area.objects.filter(pk=volunteer.area_id, station_id=station_id
                                                     ).exists():  # fmt: skip
        raise ValidationError({"area": [_("Choose an area of this station.")]})
    if volunteer.elder_id:
        elder = Elder.objects.filter(pk=volunteer.elder_id, station_id=station_id).first()
        if elder is None:
            raise ValidationError({"elder": [_("Choose an elder of this station.")]})
        volunteer.name, volunteer.sex = elder.name, elder.sex
        volunteer.birth_year = elder.birth_date.year if elder.birth_date else None
        volunteer.area_id = volunteer.area_id or elder.area_id
    if volunteer.user_id and not Membership.objects.filter(
        user_id=volunteer.user_id, station_id=station_id, role=Membership.Role.VOLUNTEER,
        active=True,
    ).exists():  # fmt: skip
        raise ValidationError({"user": [_("The account is not a volunteer of this station.")]})


def _apply(volunteer: Volunteer, data: dict[str, Any]) -> None:
    unknown = set(data) - set(VOLUNTEER_FIELDS)
    if unknown:
        raise ValueError(f"unknown volunteer fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(volunteer, field, value)
    volunteer.name = (volunteer.name or "").strip()
    volunteer.phone = phone_field(volunteer.phone or "")
    _check_lists(volunteer)
    _check_links(volunteer)


@transaction.atomic
def volunteer_create(*, actor, station, data: dict[str, Any]) -> Volunteer:
    """Add a volunteer (an elder of the station gives their name, sex and birth year)."""
    _require_staff(actor, station)
    data = {"joined_on": timezone.localdate(), **data}
    volunteer = Volunteer(station=station)
    _apply(volunteer, data)
    volunteer.full_clean()
    volunteer.save()
    access_log_record(actor=actor, station=station, action="volunteers.volunteer.created",
                      obj=volunteer)  # fmt: skip
    return volunteer


@transaction.atomic
def volunteer_update(*, actor, volunteer: Volunteer, data: dict[str, Any]) -> Volunteer:
    """Change a volunteer's record (active=False when they stop)."""
    _require_staff(actor, volunteer.station)
    before = Volunteer.objects.filter(pk=volunteer.pk).values_list("user_id", flat=True).first()
    _apply(volunteer, data)
    if not volunteer.active and volunteer.pairings.filter(ended_on__isnull=True).exists():
        # an account stopped as a volunteer must not keep seeing the elders it was paired with
        raise ValidationError({"active": [_("End this volunteer's pairings first.")]})
    volunteer.full_clean()
    volunteer.save()
    if before != volunteer.user_id:
        _mirror_move(volunteer, before)
    access_log_record(actor=actor, station=volunteer.station, action="volunteers.volunteer.updated",
                      obj=volunteer, detail={"fields": sorted(data)})  # fmt: skip
    return volunteer


def _mirror_move(volunteer: Volunteer, old_user_id: int | None) -> None:
    """The account linked to a volunteer changed: the open pairings' mirror follows it."""
    elder_ids = list(
        volunteer.pairings.filter(ended_on__isnull=True).values_list("elder_id", flat=True)
    )
    through = Elder.volunteers.through
    if old_user_id:
        through.objects.filter(user_id=old_user_id, elder_id__in=elder_ids).delete()
    if volunteer.user_id:
        have = set(through.objects.filter(user_id=volunteer.user_id, elder_id__in=elder_ids)
                   .values_list("elder_id", flat=True))  # fmt: skip
        through.objects.bulk_create([through(user_id=volunteer.user_id, elder_id=e)
                                     for e in elder_ids if e not in have])  # fmt: skip


# --- teams ------------------------------------------------------------------------------------
def _same_station(volunteer: Volunteer, station_id: int, field: str = "volunteer") -> None:
    if volunteer.station_id != station_id:
        raise ValidationError({field: [_("Choose a volunteer of this station.")]})


@transaction.atomic
def team_create(*, actor, station, name: str, purpose: str = "", leader=None) -> Team:
    """Start a volunteer team (服务队), optionally with its leader (队长)."""
    _require_staff(actor, station)
    team = Team(station=station, name=name.strip(), purpose=purpose.strip())
    team.full_clean()
    team.save()
    if leader is not None:
        team_set_leader(actor=actor, team=team, volunteer=leader)
    access_log_record(actor=actor, station=station, action="volunteers.team.created", obj=team)
    return team


@transaction.atomic
def team_update(*, actor, team: Team, name: str, purpose: str = "") -> Team:
    """Rename a team or change what it does."""
    _require_staff(actor, team.station)
    team.name, team.purpose = name.strip(), purpose.strip()
    team.full_clean()
    team.save()
    access_log_record(actor=actor, station=team.station, action="volunteers.team.updated", obj=team)
    return team


@transaction.atomic
def team_add_member(*, actor, team: Team, volunteer: Volunteer) -> Team:
    """Add a volunteer of the team's station to it."""
    _require_staff(actor, team.station)
    _same_station(volunteer, team.station_id)
    team.members.add(volunteer)
    access_log_record(actor=actor, station=team.station, action="volunteers.team.member_added",
                      obj=team, detail={"volunteer": volunteer.pk})  # fmt: skip
    return team


@transaction.atomic
def team_set_leader(*, actor, team: Team, volunteer: Volunteer) -> Team:
    """Make a volunteer the team's leader (and a member, if not yet)."""
    _require_staff(actor, team.station)
    _same_station(volunteer, team.station_id)
    team.members.add(volunteer)
    team.leader = volunteer
    team.save(update_fields=["leader"])
    access_log_record(actor=actor, station=team.station, action="volunteers.team.leader_set",
                      obj=team, detail={"volunteer": volunteer.pk})  # fmt: skip
    return team


# --- training ---------------------------------------------------------------------------------
@transaction.atomic
def training_add(
    *, actor, volunteer: Volunteer, title: str, on: dt.date, hours: Decimal,
    certificate: str = "", count_hours: bool = False,
) -> Training:  # fmt: skip
    """Record a training; with count_hours its hours go to the volunteer's service hours."""
    _require_staff(actor, volunteer.station)
    training = Training(volunteer=volunteer, station_id=volunteer.station_id, title=title.strip(),
                        on=on, hours=hours, certificate=certificate.strip())  # fmt: skip
    training.full_clean()
    training.save()
    if count_hours:
        hours_record(actor=actor, volunteer=volunteer, on=on, hours=hours,
                     source=HoursEntry.Source.TRAINING, description=training.title,
                     training=training)  # fmt: skip
    access_log_record(actor=actor, station=volunteer.station, action="volunteers.training.added",
                      obj=training, detail={"volunteer": volunteer.pk})  # fmt: skip
    return training


# --- pairings ---------------------------------------------------------------------------------
@transaction.atomic
def pairing_start(*, actor, volunteer: Volunteer, elder: Elder, started_on: dt.date) -> Pairing:
    """Pair a volunteer with an elder of the same station (one open pairing per two people);
    a volunteer who signs in may then see the elder as the registry allows paired volunteers."""
    _require_staff(actor, volunteer.station)
    if elder.station_id != volunteer.station_id:
        raise ValidationError({"elder": [_("Choose an elder of the volunteer's station.")]})
    if not volunteer.active:
        raise ValidationError({"volunteer": [_("This volunteer is no longer active.")]})
    if elder.status != Elder.Status.ACTIVE:
        raise ValidationError({"elder": [_("Only an elder the station still serves can be "
                                           "paired.")]})  # fmt: skip
    if Pairing.objects.filter(volunteer=volunteer, elder=elder, ended_on__isnull=True).exists():
        raise ValidationError(
            {
                "elder": [
                    _("%(volunteer)s is already paired with %(elder)s.")
                    % {"volunteer": volunteer.name, "elder": elder.name}
                ]
            }
        )
    pairing = Pairing(volunteer=volunteer, elder=elder, station_id=volunteer.station_id,
                      started_on=started_on, created_by=actor)  # fmt: skip
    pairing.full_clean()
    pairing.save()
    if volunteer.user_id:
        elder.volunteers.add(volunteer.user_id)
    access_log_record(
        actor=actor,
        station=volunteer.station,
        action="volunteers.pairing.started",
        obj=pairing,
        detail={"volunteer": volunteer.pk, "elder": elder.pk},
    )
    return pairing


@transaction.atomic
def pairing_end(*, actor, pairing: Pairing, ended_on: dt.date, reason: str = "") -> Pairing:
    """End a pairing; the account's view of the elder goes unless another pairing keeps it."""
    _require_staff(actor, pairing.station)
    pairing = Pairing.objects.select_for_update().select_related("volunteer").get(pk=pairing.pk)
    if pairing.ended_on is not None:
        raise ValidationError({"ended_on": [_("This pairing has already ended.")]})
    pairing.ended_on, pairing.end_reason = ended_on, reason.strip()
    pairing.full_clean()
    pairing.save()
    user_id = pairing.volunteer.user_id
    still_open = Pairing.objects.filter(
        volunteer__user_id=user_id, elder_id=pairing.elder_id, ended_on__isnull=True
    ).exists()  # fmt: skip
    if user_id and not still_open:
        Elder.volunteers.through.objects.filter(elder_id=pairing.elder_id, user_id=user_id).delete()
    access_log_record(actor=actor, station=pairing.station, action="volunteers.pairing.ended",
                      obj=pairing, detail={"reason": pairing.end_reason})  # fmt: skip
    return pairing


def _visit_moment(on: dt.date, now: dt.datetime) -> dt.datetime:
    """A visit logged by date only: ten in the morning, or now if that is still to come."""
    at = dt.datetime.combine(on, dt.time(10), timezone.get_current_timezone())
    return min(at, now)


@transaction.atomic
def pairing_visit_log(
    *, actor, pairing: Pairing, on: dt.date, outcome: str, note: str = "",
    hours: Decimal = Decimal("1"), now: dt.datetime | None = None,
) -> tuple[Contact, HoursEntry]:  # fmt: skip
    """A pairing visit: a home-visit contact (it counts in follow-up coverage) and the
    volunteer's unconfirmed hours for it. The volunteer themself or the station's staff."""
    now = now or timezone.now()
    pairing = Pairing.objects.select_related("volunteer", "elder", "station").get(pk=pairing.pk)
    volunteer = pairing.volunteer
    own = volunteer.user_id is not None and volunteer.user_id == getattr(actor, "pk", None)
    if not own:
        _require_staff(actor, pairing.station)
    if pairing.ended_on is not None:
        raise ValidationError({"pairing": [_("This pairing has ended.")]})
    if outcome not in VISIT_OUTCOMES:
        raise ValidationError({"outcome": [_("Choose what happened from the list.")]})
    if on > timezone.localdate(now) or on < pairing.started_on:
        raise ValidationError({"on": [_("Give a day between the pairing's start and today.")]})
    contact = followup_services.contact_log(
        actor=actor, elder=pairing.elder,
        data={"kind": Contact.Kind.VISIT, "at": _visit_moment(on, now), "outcome": outcome,
              "note": note.strip()},
    )  # fmt: skip
    entry = _hours_save(actor=actor, volunteer=volunteer, on=on, hours=hours,
                        source=HoursEntry.Source.PAIRING, description=_("pairing visit"),
                        links={"contact": contact})  # fmt: skip
    access_log_record(
        actor=actor,
        station=pairing.station,
        action="volunteers.pairing.visited",
        obj=pairing,
        detail={"contact": contact.pk, "hours": str(hours)},
    )
    return contact, entry


# --- hours and the time bank ------------------------------------------------------------------
def _check_unique(volunteer: Volunteer, links: dict) -> None:
    activity, request = links.get("activity"), links.get("request")
    if (
        activity is not None
        and HoursEntry.objects.filter(volunteer=volunteer, activity=activity).exists()
    ):
        message = _("Hours for %(name)s at this activity are already recorded.")
        raise ValidationError({"activity": [message % {"name": volunteer.name}]})
    if (
        request is not None
        and HoursEntry.objects.filter(volunteer=volunteer, request=request).exists()
    ):
        message = _("Hours for %(name)s for this request are already recorded.")
        raise ValidationError({"request": [message % {"name": volunteer.name}]})


def _hours_save(*, actor, volunteer, on, hours, source, description, links, confirmed=False):
    for field, linked in links.items():
        if linked is not None and linked.station_id != volunteer.station_id:
            raise ValidationError({field: [_("This belongs to another station.")]})
    _check_unique(volunteer, links)
    entry = HoursEntry(volunteer=volunteer, station_id=volunteer.station_id, on=on, hours=hours,
                       source=source, description=description.strip()[:200], recorded_by=actor,
                       **{k: v for k, v in links.items() if v is not None})  # fmt: skip
    if confirmed:
        entry.confirmed_by, entry.confirmed_at = actor, timezone.now()
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def hours_record(
    *, actor, volunteer: Volunteer, on: dt.date, hours: Decimal, source: str, description: str,
    activity=None, request=None, contact=None, training=None, confirmed: bool = False,
) -> HoursEntry:  # fmt: skip
    """Record service hours of any source (an activity or a request counts once per person)."""
    _require_staff(actor, volunteer.station)
    if confirmed and volunteer.user_id == actor.pk:
        raise PermissionDenied(_("Volunteers cannot confirm their own hours."))
    links = {"activity": activity, "request": request, "contact": contact, "training": training}
    entry = _hours_save(actor=actor, volunteer=volunteer, on=on, hours=hours, source=source,
                        description=description, links=links, confirmed=confirmed)  # fmt: skip
    access_log_record(
        actor=actor,
        station=volunteer.station,
        action="volunteers.hours.recorded",
        obj=entry,
        detail={"volunteer": volunteer.pk, "hours": str(hours)},
    )
    return entry


@transaction.atomic
def hours_confirm(*, actor, entry: HoursEntry, now: dt.datetime | None = None) -> HoursEntry:
    """A worker confirms hours; from then on they count in the time bank."""
    _require_staff(actor, entry.station)
    entry = HoursEntry.objects.select_for_update().select_related("volunteer").get(pk=entry.pk)
    if entry.volunteer.user_id is not None and entry.volunteer.user_id == actor.pk:
        raise PermissionDenied(_("Volunteers cannot confirm their own hours."))
    if entry.confirmed_at is not None:
        raise ValidationError({"hours": [_("These hours are already confirmed.")]})
    entry.confirmed_by, entry.confirmed_at = actor, now or timezone.now()
    entry.save(update_fields=["confirmed_by", "confirmed_at"])
    access_log_record(actor=actor, station=entry.station, action="volunteers.hours.confirmed",
                      obj=entry, detail={"volunteer": entry.volunteer_id})  # fmt: skip
    return entry


@transaction.atomic
def redemption_record(
    *, actor, volunteer: Volunteer, on: dt.date, hours: Decimal, service: str,
    beneficiary: str = "",
) -> Redemption:  # fmt: skip
    """Take hours out of the time bank as a service; refused, nothing written, beyond the
    volunteer's confirmed balance."""
    from .selectors import balance

    _require_staff(actor, volunteer.station)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)  # one at a time
    redemption = Redemption(volunteer=volunteer, station_id=volunteer.station_id, on=on,
                            hours=hours, service=service.strip(), beneficiary=beneficiary.strip(),
                            recorded_by=actor)  # fmt: skip
    redemption.full_clean()
    available = balance(volunteer)
    if hours > available:
        raise ValidationError({"hours": [
            _("%(name)s has %(balance)s confirmed hours; %(asked)s cannot be redeemed.")
            % {"name": volunteer.name, "balance": hours_text(available), "asked": hours_text(hours)}
        ]})  # fmt: skip
    redemption.save()
    access_log_record(
        actor=actor,
        station=volunteer.station,
        action="volunteers.hours.redeemed",
        obj=redemption,
        detail={"volunteer": volunteer.pk, "hours": str(hours)},
    )
    return redemption


def hours_text(hours: Decimal) -> str:
    """2.50 → "2.5", 3.00 → "3"."""
    return f"{Decimal(hours).normalize():f}"


def quarter_hours(span: dt.timedelta, *, low: str = "0.5", high: str = "8") -> Decimal:
    """A span rounded to the quarter hour, kept within [low, high]."""
    raw = Decimal(span.total_seconds()) / 3600
    rounded = (raw / QUARTER).quantize(Decimal(1), rounding=ROUND_HALF_UP) * QUARTER
    return min(max(rounded, Decimal(low)), Decimal(high))


def _volunteer_of(user, station) -> Volunteer:
    volunteer = Volunteer.objects.filter(user=user, station=station).first() if user else None
    if volunteer is None:
        raise ValidationError({"request": [_("The helper has no volunteer record at this "
                                             "station.")]})  # fmt: skip
    return volunteer


@transaction.atomic
def hours_from_request(
    *, actor, request: ServiceRequest, hours: Decimal | None = None, confirmed: bool = False
) -> HoursEntry:
    """Hours for the volunteer who did a done (or confirmed) request: by default the time from
    taking it on to done, rounded to the quarter hour, at most the usual time for the type."""
    if request.status not in (RS.DONE, RS.CONFIRMED):
        raise ValidationError({"request": [_("Only a request that is done gives hours.")]})
    volunteer = _volunteer_of(request.assigned_to, request.station)
    if hours is None:
        start = request.accepted_at or request.dispatched_at or request.raised_at
        hours = quarter_hours(request.done_at - start, high=REQUEST_HOURS.get(request.type, "2"))
    return hours_record(actor=actor, volunteer=volunteer,
                        on=timezone.localdate(request.done_at), hours=hours,
                        source=HoursEntry.Source.REQUEST,
                        description=str(request.get_type_display()), request=request,
                        confirmed=confirmed)  # fmt: skip


@transaction.atomic
def hours_from_activity(
    *, actor, activity, volunteers: list[Volunteer], hours: Decimal | None = None,
    confirmed: bool = False, now: dt.datetime | None = None,
) -> list[HoursEntry]:  # fmt: skip
    """Hours for the volunteers who helped at an activity (all or none are recorded)."""
    if activity.status == "cancelled" or activity.starts_at > (now or timezone.now()):
        raise ValidationError({"activity": [_("Only an activity that took place gives hours.")]})
    if hours is None:
        span = (
            (activity.ends_at - activity.starts_at) if activity.ends_at else dt.timedelta(hours=2)
        )
        hours = quarter_hours(span)
    on = timezone.localdate(activity.starts_at)
    return [
        hours_record(
            actor=actor,
            volunteer=v,
            on=on,
            hours=hours,
            source=HoursEntry.Source.ACTIVITY,
            description=activity.title,
            activity=activity,
            confirmed=confirmed,
        )  # fmt: skip
        for v in volunteers
    ]
