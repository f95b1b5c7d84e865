"""Reads about volunteers: the registry, balances, hours, recognition, pairing suggestions, the
hours export and a volunteer's own phone page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from linli.elders.models import Elder

from . import matching
from .models import HoursEntry, Pairing, Redemption, Team, Volunteer

ZERO = Decimal("0")
LIST_LIMIT = 300
AMOUNT = DecimalField(max_digits=10, decimal_places=2)
# Roster columns (Elder.extra) that may say which languages or dialects an elder speaks.
LANGUAGE_KEYS = ("languages", "语言", "方言", "language", "dialect")
_WORDS = re.compile(r"[、,，;；/\s]+")


def _sum_of(model, *, year: int | None = None, confirmed: bool = False):
    """A subquery: the sum of a volunteer's hours (or redemptions), 0 when there are none."""
    rows = model.objects.filter(volunteer=OuterRef("pk"))
    if confirmed:
        rows = rows.filter(confirmed_at__isnull=False)
    if year is not None:
        rows = rows.filter(on__year=year)
    total = rows.order_by().values("volunteer").annotate(t=Sum("hours")).values("t")
    return Coalesce(Subquery(total, output_field=AMOUNT), ZERO, output_field=AMOUNT)


def with_hours(rows: QuerySet[Volunteer], *, year: int) -> QuerySet[Volunteer]:
    """Annotate confirmed hours of the year (hours_year), all confirmed hours (earned) and
    hours redeemed (redeemed): three subqueries, no join that multiplies rows."""
    return rows.annotate(
        hours_year=_sum_of(HoursEntry, year=year, confirmed=True),
        earned=_sum_of(HoursEntry, confirmed=True),
        redeemed=_sum_of(Redemption),
    )


def volunteer_list(
    *, actor, station, year: int, skill: str = "", team: int | None = None,
    elder: bool | None = None, active: bool | None = True, q: str = "",
) -> QuerySet[Volunteer]:  # fmt: skip
    """A station's volunteers the actor may see, filtered, with teams and the year's hours."""
    rows = Volunteer.objects.visible_to(actor).filter(station=station)
    if skill:
        rows = rows.filter(skills__icontains=f'"{skill}"')
    if team:
        rows = rows.filter(teams__id=team)
    if elder is not None:
        rows = rows.filter(elder__isnull=not elder)
    if active is not None:
        rows = rows.filter(active=active)
    if q.strip():
        q = q.strip()
        rows = rows.filter(
            Q(name__icontains=q) | Q(platform_id__icontains=q) | Q(phone__contains=q)
        )
    rows = rows.select_related("area").prefetch_related(
        Prefetch("teams", queryset=Team.objects.only("id", "name", "leader_id"))
    )
    return with_hours(rows, year=year).order_by("name", "id")


def volunteer_get(*, actor, pk: int) -> Volunteer:
    """One volunteer the actor may see, or Http404 (another station's is simply not found)."""
    row = Volunteer.objects.visible_to(actor).select_related("area", "elder", "user").filter(pk=pk)
    found = row.first()
    if found is None:
        raise Http404
    return found


def volunteer_detail(*, actor, pk: int) -> dict:
    """A volunteer with trainings, teams, pairings, hours and redemptions, in a few queries."""
    volunteer = volunteer_get(actor=actor, pk=pk)
    hours = list(
        volunteer.hours.select_related("activity", "request", "confirmed_by").order_by("-on", "-id")
    )
    return {
        "volunteer": volunteer,
        "trainings": list(volunteer.trainings.all()),
        "teams": list(volunteer.teams.select_related("leader")),
        "pairings": list(volunteer.pairings.select_related("elder", "elder__area")),
        "hours": hours,
        "redemptions": list(volunteer.redemptions.all()),
        "balance": balance(volunteer),
    }


def balance(volunteer: Volunteer) -> Decimal:
    """The time bank: confirmed hours minus hours redeemed."""
    earned = volunteer.hours.filter(confirmed_at__isnull=False).aggregate(t=Sum("hours"))["t"]
    redeemed = volunteer.redemptions.aggregate(t=Sum("hours"))["t"]
    return (earned or ZERO) - (redeemed or ZERO)


@dataclass(frozen=True)
class HoursSummary:
    volunteer_id: int
    name: str
    confirmed: Decimal
    unconfirmed: Decimal
    by_source: dict[str, Decimal]


def hours_summary(*, actor, station, year: int) -> list[HoursSummary]:
    """Each volunteer's hours of the year: confirmed, waiting, and confirmed by source."""
    rows = (
        HoursEntry.objects.visible_to(actor)
        .filter(station=station, on__year=year)
        .values("volunteer_id", "volunteer__name", "source")
        .annotate(
            done=Sum("hours", filter=Q(confirmed_at__isnull=False)),
            waiting=Sum("hours", filter=Q(confirmed_at__isnull=True)),
        )  # fmt: skip
        .order_by("volunteer__name", "volunteer_id")
    )
    found: dict[int, HoursSummary] = {}
    for row in rows:
        key = row["volunteer_id"]
        summary = found.setdefault(key, HoursSummary(key, row["volunteer__name"], ZERO, ZERO, {}))
        done, waiting = row["done"] or ZERO, row["waiting"] or ZERO
        found[key] = HoursSummary(key, summary.name, summary.confirmed + done,
                                  summary.unconfirmed + waiting,
                                  {**summary.by_source, row["source"]: done})  # fmt: skip
    return list(found.values())


def hours_unconfirmed(*, actor, station, limit: int = 200) -> list[HoursEntry]:
    """Hours waiting for a worker's confirmation, oldest first."""
    return list(
        HoursEntry.objects.visible_to(actor)
        .filter(station=station, confirmed_at__isnull=True)
        .select_related("volunteer", "activity", "request")
        .order_by("on", "id")[:limit]
    )


def recognition_list(
    *, actor, station, year: int, top: int | None = 10, min_hours: Decimal | None = None
) -> list[Volunteer]:
    """优秀志愿者: the year's volunteers by confirmed hours, ties by name (then record)."""
    rows = Volunteer.objects.visible_to(actor).filter(station=station).annotate(
        hours_year=_sum_of(HoursEntry, year=year, confirmed=True)
    ).filter(hours_year__gt=0)  # fmt: skip
    if min_hours is not None:
        rows = rows.filter(hours_year__gte=min_hours)
    rows = rows.select_related("area").order_by("-hours_year", "name", "id")
    return list(rows[:top] if top else rows)


def elder_languages(elder: Elder) -> tuple[str, ...]:
    """The languages or dialects the elder's record names (roster columns), if any."""
    extra = elder.extra if isinstance(elder.extra, dict) else {}
    words: list[str] = []
    for key in LANGUAGE_KEYS:
        value = extra.get(key)
        pieces = value if isinstance(value, list) else _WORDS.split(str(value or ""))
        words += [str(p).strip() for p in pieces if str(p).strip() and str(p).strip() not in words]
    return tuple(words)


def pairing_candidates(*, actor, elder: Elder) -> list[matching.Candidate]:
    """The station's active volunteers not yet paired with the elder, as plain data."""
    rows = (
        Volunteer.objects.visible_to(actor)
        .filter(station_id=elder.station_id, active=True)
        .exclude(pairings__elder=elder, pairings__ended_on__isnull=True)
        .exclude(elder=elder)
        .annotate(open_pairings=Count("pairings", filter=Q(pairings__ended_on__isnull=True)))
        .only("id", "name", "area_id", "languages", "availability")
    )
    return [
        matching.Candidate(
            v.pk, v.name, v.area_id, tuple(v.languages), tuple(v.availability), v.open_pairings
        )  # fmt: skip
        for v in rows
    ]


def pairing_suggestions(
    *, actor, elder: Elder, languages: tuple[str, ...] = (), slots: tuple[str, ...] = (),
    limit: int = 10,
) -> list[matching.Suggestion]:  # fmt: skip
    """Ranked volunteers for an elder, each with the reasons it ranks where it does."""
    need = matching.Need(elder.area_id, languages or elder_languages(elder), tuple(slots))
    return matching.rank(pairing_candidates(actor=actor, elder=elder), need)[:limit]


@dataclass(frozen=True)
class ExportRow:
    name: str
    platform_id: str
    on: dt.date
    hours: Decimal
    activity: str


def hours_export_rows(*, actor, station, start: dt.date, end: dt.date) -> list[ExportRow]:
    """Confirmed hours between two days (inclusive) as a volunteer platform imports them."""
    rows = (
        HoursEntry.objects.visible_to(actor)
        .filter(station=station, on__gte=start, on__lte=end, confirmed_at__isnull=False)
        .select_related("volunteer", "activity")
        .order_by("on", "volunteer__name", "id")
    )
    return [
        ExportRow(
            e.volunteer.name,
            e.volunteer.platform_id,
            e.on,
            e.hours,
            e.activity.title if e.activity_id else e.description,
        )  # fmt: skip
        for e in rows
    ]


# --- a volunteer's own page -------------------------------------------------------------------
@dataclass(frozen=True)
class MyPairing:
    """What a volunteer sees of a paired elder: the name and the area, nothing else."""

    pairing_id: int
    elder_name: str
    area: str
    since: dt.date


@dataclass(frozen=True)
class MyActivity:
    id: int
    title: str
    type: str
    type_label: str
    starts_at: dt.datetime
    place: str


@dataclass
class MyPage:
    volunteer_id: int
    name: str
    pairings: list[MyPairing] = field(default_factory=list)
    requests: int = 0
    activities: list[MyActivity] = field(default_factory=list)
    hours_year: Decimal = ZERO
    balance: Decimal = ZERO


def own_volunteer(user, station) -> Volunteer | None:
    """The volunteer record an account signs in as at a station, if any."""
    if not getattr(user, "is_authenticated", False) or station is None:
        return None
    rows = Volunteer.objects.filter(user=user, station=station, active=True)
    return rows.select_related("station").first()


def own_pairing(*, volunteer: Volunteer, pk: int) -> Pairing:
    """One of the volunteer's own open pairings, or Http404."""
    found = Pairing.objects.filter(pk=pk, volunteer=volunteer, ended_on__isnull=True)
    pairing = found.select_related("elder", "elder__area").first()
    if pairing is None:
        raise Http404
    return pairing


def _upcoming(station, today: dt.date, limit: int = 10) -> list:
    """The station's planned activities from today on (the activities app decides which)."""
    from linli.activities.selectors import upcoming_activities

    return list(upcoming_activities(station=station, today=today)[:limit])


def my_page(*, volunteer: Volunteer, today: dt.date) -> MyPage:
    """A volunteer's phone page: their pairings (name and area), the number of requests asked
    of them, the station's coming activities, their hours this year and their balance."""
    from linli.errands.models import ServiceRequest

    pairings = (
        volunteer.pairings.filter(ended_on__isnull=True)
        .select_related("elder__area")
        .only("id", "volunteer_id", "started_on", "elder__name", "elder__area__name")
        .order_by("started_on", "id")
    )
    requests = 0
    if volunteer.user_id:
        requests = ServiceRequest.objects.filter(
            assigned_to_id=volunteer.user_id, station_id=volunteer.station_id,
            status__in=(ServiceRequest.Status.DISPATCHED, ServiceRequest.Status.ACCEPTED),
        ).count()  # fmt: skip
    year = volunteer.hours.filter(confirmed_at__isnull=False, on__year=today.year)
    return MyPage(
        volunteer_id=volunteer.pk,
        name=volunteer.name,
        pairings=[
            MyPairing(p.pk, p.elder.name, p.elder.area.name if p.elder.area else "", p.started_on)
            for p in pairings
        ],  # fmt: skip
        requests=requests,
        activities=[
            MyActivity(a.pk, a.title, a.type, str(a.get_type_display()), a.starts_at, a.place)
            for a in _upcoming(volunteer.station, today)
        ],  # fmt: skip
        hours_year=year.aggregate(t=Sum("hours"))["t"] or ZERO,
        balance=balance(volunteer),
    )
