"""Reads about service requests: dispatch candidates, overdue requests, a helper's tasks,
statistics for reports."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import asdict, dataclass

from django.db.models import Count, Q, QuerySet

from linli.elders.models import Elder
from linli.lib.masking import mask_phone
from linli.stations.models import Membership

from . import dispatch
from .models import HELPER_ROLES, HelperProfile, ServiceRequest

S = ServiceRequest.Status
U = ServiceRequest.Urgency

# An urgent request must be accepted within this long (or by needed_by if sooner).
URGENT_ACCEPT_WITHIN = dt.timedelta(hours=2)
# Statuses in which a request still waits for someone to act.
URGENT_PENDING = (S.OPEN, S.DISPATCHED)
OTHER_PENDING = (S.OPEN, S.DISPATCHED, S.ACCEPTED)
# Statuses that count as someone's current load.
LOAD_STATUSES = (S.DISPATCHED, S.ACCEPTED)


def request_get(*, actor, pk: int) -> ServiceRequest:
    """One request the actor may see; another station's is simply not found."""
    return ServiceRequest.objects.visible_to(actor).select_related("station", "elder").get(pk=pk)


def requests_list(*, actor, station) -> QuerySet[ServiceRequest]:
    """A station's requests the actor may see, with what a list shows."""
    return (
        ServiceRequest.objects.visible_to(actor)
        .filter(station=station)
        .select_related("elder", "elder__area", "assigned_to")
    )


def is_overdue(
    *, urgency: str, status: str, raised_at: dt.datetime, needed_by: dt.datetime, now: dt.datetime
) -> bool:
    """Urgent: not accepted within URGENT_ACCEPT_WITHIN (or by needed_by if sooner); others:
    not done by needed_by."""
    if urgency == U.URGENT:
        deadline = min(raised_at + URGENT_ACCEPT_WITHIN, needed_by)
        return status in URGENT_PENDING and now >= deadline
    return status in OTHER_PENDING and now >= needed_by


def requests_overdue(*, station, now: dt.datetime) -> QuerySet[ServiceRequest]:
    """The station's overdue requests by is_overdue's rule, as one query."""
    urgent = Q(urgency=U.URGENT, status__in=URGENT_PENDING) & (
        Q(raised_at__lte=now - URGENT_ACCEPT_WITHIN) | Q(needed_by__lte=now)
    )
    other = ~Q(urgency=U.URGENT) & Q(status__in=OTHER_PENDING, needed_by__lte=now)
    return ServiceRequest.objects.filter(urgent | other, station=station)


def dispatch_candidates(*, request: ServiceRequest) -> list[dispatch.Candidate]:
    """The station's active volunteers and workers as plain data, in five queries."""
    station_id = request.station_id
    members = list(
        Membership.objects.filter(
            station_id=station_id, role__in=HELPER_ROLES, active=True, user__is_active=True
        ).select_related("user")
    )
    paired = set(
        Elder.volunteers.through.objects.filter(elder_id=request.elder_id).values_list(
            "user_id", flat=True
        )
    )
    profiles = _helper_profiles(station_id)
    load = dict(
        ServiceRequest.objects.filter(station_id=station_id, status__in=LOAD_STATUSES)
        .values_list("assigned_to_id")
        .annotate(n=Count("id"))
    )
    worker_id = request.elder.assigned_worker_id
    return [
        dispatch.Candidate(
            user_id=m.user_id,
            name=str(m.user),
            role=m.role,
            paired=m.user_id in paired,
            assigned_worker=m.user_id == worker_id,
            area_id=profiles[m.user_id][0] if m.user_id in profiles else None,
            skills=profiles[m.user_id][1] if m.user_id in profiles else (),
            open_requests=load.get(m.user_id, 0),
        )
        for m in members
    ]


# What a volunteer's registered skills let them do (volunteers.models.Skill → request types).
SKILL_TYPES: dict[str, tuple[str, ...]] = {
    "shopping": (ServiceRequest.Type.GROCERIES, ServiceRequest.Type.MEDICINE),
    "cooking": (ServiceRequest.Type.MEALS,),
    "escort": (ServiceRequest.Type.ESCORT,),
    "repairs": (ServiceRequest.Type.REPAIR,),
    "cleaning": (ServiceRequest.Type.CLEANING,),
    "companionship": (ServiceRequest.Type.VISIT,),
    "paperwork": (ServiceRequest.Type.PAPERWORK,),
}


def _helper_profiles(station_id: int) -> dict[int, tuple[int | None, tuple[str, ...]]]:
    """Area and request types per helper account: the volunteer registry's record (area,
    skills) where the account has one, else the interim helper profile. Two queries."""
    from linli.volunteers.models import Volunteer

    found = {
        p.user_id: (p.area_id, tuple(p.skills))
        for p in HelperProfile.objects.filter(station_id=station_id, active=True)
    }
    registered = Volunteer.objects.filter(
        station_id=station_id, active=True, user__isnull=False
    ).values_list("user_id", "area_id", "skills")
    for user_id, area_id, skills in registered:
        types = tuple(
            dict.fromkeys(t for skill in skills or () for t in SKILL_TYPES.get(skill, ()))
        )
        found[user_id] = (area_id, types)
    return found


def dispatch_suggestions(*, request: ServiceRequest) -> list[dispatch.Suggestion]:
    """Ranked helpers for a request, each with the reasons it ranks where it does."""
    return dispatch.rank(
        dispatch_candidates(request=request),
        area_id=request.elder.area_id,
        request_type=request.type,
    )


@dataclass(frozen=True)
class HelperTask:
    """What a helper sees of a request: only what the task needs."""

    id: int
    type: str
    type_label: str
    status: str
    elder_name: str
    address: str
    phone: str
    details: str
    needed_by: dt.datetime

    def as_dict(self) -> dict:
        return asdict(self)


def _polite_name(name: str) -> str:
    return f"{name[:1]}老人" if name else ""


def _helper_task(request: ServiceRequest) -> HelperTask:
    elder = request.elder
    accepted = request.status == S.ACCEPTED
    phone = elder.phone_list[0] if elder.phone_list else ""
    # before taking the task on, the community is enough to decide; the door number comes after
    area = elder.area.name if elder.area_id else ""
    return HelperTask(
        id=request.pk,
        type=request.type,
        type_label=str(request.get_type_display()),
        status=request.status,
        elder_name=elder.name if accepted else _polite_name(elder.name),
        address=request.address if accepted else area,
        phone=phone if accepted or not phone else mask_phone(phone),
        details=request.details,
        needed_by=request.needed_by,
    )


def requests_for_helper(user) -> list[HelperTask]:
    """The requests assigned to a helper that are still theirs to do, in one query."""
    rows = (
        ServiceRequest.objects.visible_to(user)
        .filter(assigned_to=user, status__in=(S.DISPATCHED, S.ACCEPTED))
        .select_related("elder", "elder__area")
        .only(
            "id",
            "type",
            "status",
            "address",
            "details",
            "needed_by",
            "assigned_to_id",
            "elder__id",
            "elder__name",
            "elder__phones",
            "elder__area__name",
        )  # fmt: skip
        .order_by("needed_by", "id")
    )
    return [_helper_task(r) for r in rows]


def _median_hours(durations: list[dt.timedelta]) -> float | None:
    if not durations:
        return None
    return round(statistics.median(d.total_seconds() for d in durations) / 3600, 2)


def request_statistics(
    *, actor, station, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> dict:
    """Counts by type, area, status and helper, and median response times, in two queries."""
    rows = ServiceRequest.objects.visible_to(actor).filter(station=station)
    if since is not None:
        rows = rows.filter(raised_at__gte=since)
    if until is not None:
        rows = rows.filter(raised_at__lt=until)
    grouped = rows.values(
        "type", "elder__area__name", "status", "assigned_to__username",
        "assigned_to__display_name",
    ).annotate(n=Count("id"))  # fmt: skip
    by_type, by_area, by_status, served = Counter(), Counter(), Counter(), Counter()
    for g in grouped:
        by_type[g["type"]] += g["n"]
        by_area[g["elder__area__name"] or ""] += g["n"]
        by_status[g["status"]] += g["n"]
        if g["status"] in (S.DONE, S.CONFIRMED) and g["assigned_to__username"]:
            name = g["assigned_to__display_name"] or g["assigned_to__username"]
            served[name] += g["n"]
    times = list(
        rows.filter(accepted_at__isnull=False).values_list("raised_at", "accepted_at", "done_at")
    )
    return {
        "total": sum(by_status.values()),
        "by_type": dict(by_type),
        "by_area": dict(by_area),
        "by_status": dict(by_status),
        "served": dict(served.most_common()),
        "median_hours_to_accept": _median_hours([a - r for r, a, _d in times]),
        "median_hours_to_done": _median_hours([d - r for r, _a, d in times if d]),
    }


# --- staff pages ----------------------------------------------------------------------------

# Statuses in which a request is still being worked on ("open or in progress").
ACTIVE_STATUSES = (S.OPEN, S.DISPATCHED, S.ACCEPTED)
PAGE_SIZE = 50


def requests_filtered(
    *,
    actor,
    station,
    status: str = "",
    type: str = "",
    urgency: str = "",
    before: tuple[dt.datetime, int] | None = None,
    limit: int = PAGE_SIZE,
) -> list[ServiceRequest]:
    """One page of a station's requests, newest raised first, after the keyset `before`."""
    rows = requests_list(actor=actor, station=station).order_by("-raised_at", "-id")
    if status == "active":
        rows = rows.filter(status__in=ACTIVE_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if type:
        rows = rows.filter(type=type)
    if urgency:
        rows = rows.filter(urgency=urgency)
    if before is not None:
        raised_at, pk = before
        rows = rows.filter(Q(raised_at__lt=raised_at) | Q(raised_at=raised_at, id__lt=pk))
    return list(rows[:limit])


def alerts_unresolved(*, actor, station, limit: int = PAGE_SIZE) -> list:
    """The station's unresolved overdue alerts, urgent requests first, then the oldest need."""
    from django.db.models import Case, IntegerField, Value, When

    from .models import OverdueAlert

    urgent_first = Case(
        When(request__urgency=U.URGENT, then=Value(0)),
        When(request__urgency=U.SOON, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(
        OverdueAlert.objects.visible_to(actor)
        .filter(station=station, resolved_at__isnull=True)
        .select_related("request", "request__elder", "request__assigned_to")
        .order_by(urgent_first, "request__needed_by", "id")[:limit]
    )


def request_for_station(*, actor, station, pk: int) -> ServiceRequest:
    """One request of the station with what its page shows, or ServiceRequest.DoesNotExist."""
    return (
        ServiceRequest.objects.visible_to(actor)
        .filter(station=station)
        .select_related("station", "elder", "elder__area", "assigned_to", "raised_by")
        .get(pk=pk)
    )
