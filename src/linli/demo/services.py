"""Loading the demo community: regions, stations, demo users, ~9,000 generated elders and a
year of their contact history.

Elders are written in bulk (one transaction, batched inserts) with their initial history row,
their categories (and the categories' history), volunteer pairings and consent records, so
the whole demo loads in seconds rather than the minutes that one-by-one creation would take.
Their contacts (~115,000) are inserted as plain rows for the same reason.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from linli.accounts.models import User
from linli.elders import services as elder_services
from linli.elders.models import Consent, Elder
from linli.elders.selectors import birth_bounds
from linli.followups import cadence
from linli.followups.emergencies import covered_elders, emergency_close, emergency_open
from linli.followups.models import Alert, Contact, Emergency, Plan, Task
from linli.stations import services as station_services
from linli.stations.models import Membership, Region, Station

from .activities import ActivityCounts, station_activities_create
from .assessments import AssessmentCounts, station_assessments_create, station_risk_derive
from .casework import CaseworkCounts, station_casework_create
from .community import STATIONS, VIEWER, StationSpec
from .contacts import (
    EMERGENCIES,
    EMERGENCY_GROUPS,
    ElderFacts,
    History,
    HistoryCounts,
    Made,
    Track,
)
from .generator import StationSeed, generate_station
from .groupwork import GroupCounts, station_groups_create
from .projects import ProjectCounts, demo_projects_create
from .volunteers import VolunteerCounts, station_volunteers_create

DEMO_PASSWORD = "linli-demo"
HISTORY_REASON = "演示数据"  # stored text; the demo community is Chinese content anyway
BATCH = 500
ROWS_BATCH = 5000
STATION_ROLES = (
    ("head", Membership.Role.HEAD),
    ("sw1", Membership.Role.WORKER),
    ("sw2", Membership.Role.WORKER),
    ("vol1", Membership.Role.VOLUNTEER),
)
BANDS = ((60, 69), (70, 79), (80, 89), (90, 100))


@dataclass
class StationSummary:
    code: str
    active: int
    moved: int
    deceased: int
    migratory: int
    bands: dict[str, int]
    kept: bool  # True when elders were asked for but the station already had some
    history: HistoryCounts | None = None  # the year of contacts generated with the elders
    assessments: AssessmentCounts | None = None  # their assessments and risk levels
    casework: CaseworkCounts | None = None  # partners, cases, referrals, goods and requests
    activities: ActivityCounts | None = None  # a year of community activities
    groups: GroupCounts | None = None  # groups with sessions and pre/post measures
    volunteers: VolunteerCounts | None = None  # volunteers, teams, pairings and hours


@dataclass
class DemoSummary:
    seed: int
    today: dt.date
    seconds: float = 0.0
    history_seconds: float = 0.0
    stations: list[StationSummary] = field(default_factory=list)
    projects: ProjectCounts | None = None  # the service projects, when elders were loaded now


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


def database_has_data() -> bool:
    """Whether any station or elder exists (then `demo --if-empty` does nothing)."""
    return Station.objects.exists() or Elder.objects.exists()


def demo_logins() -> list[DemoLogin]:
    """The demo accounts, all with DEMO_PASSWORD."""
    logins = [DemoLogin("admin", "superuser", "site administration")]
    for spec in STATIONS:
        logins += [
            DemoLogin(f"{spec.code}-{suffix}", role.value, f"{spec.code} · {spec.name}")
            for suffix, role in STATION_ROLES
        ]
    username, region_code, _display = VIEWER
    region_name = next(n for s in STATIONS for c, n, _l in s.regions if c == region_code)
    logins.append(DemoLogin(username, "viewer", f"region {region_code} · {region_name}"))
    return logins


@transaction.atomic
def demo_load(*, seed: int, today: dt.date, elders: bool = True) -> DemoSummary:
    """Load (or complete) the demo: structure and users always, elders unless told not to."""
    started = time.perf_counter()
    summary = DemoSummary(seed=seed, today=today)
    stations = demo_structure_ensure()
    for spec in STATIONS:
        station = stations[spec.code]
        loaded = elders and not Elder.objects.filter(station=station).exists()
        history = assessed = casework = activities = groups = volunteers = None
        if loaded:
            station_seed = generate_station(spec, seed=seed, today=today)
            station_elders_create(station=station, seed=station_seed)
            assessed, active = station_assessments_create(station=station, seed=seed, today=today)
            history_started = time.perf_counter()
            history = station_history_create(station=station, seed=seed, today=today)
            summary.history_seconds += time.perf_counter() - history_started
            assessed.levels = station_risk_derive(station=station, elders=active, today=today)
            casework = station_casework_create(station=station, seed=seed, today=today)
            activities = station_activities_create(station=station, seed=seed, today=today)
            groups = station_groups_create(station=station, seed=seed, today=today)
            volunteers = station_volunteers_create(station=station, seed=seed, today=today)
        kept = elders and not loaded
        summary.stations.append(station_summary(station, today=today, kept=kept))
        summary.stations[-1].history = history
        summary.stations[-1].assessments = assessed
        summary.stations[-1].casework = casework
        summary.stations[-1].activities = activities
        summary.stations[-1].groups = groups
        summary.stations[-1].volunteers = volunteers
    if any(row.history is not None for row in summary.stations):
        summary.projects = demo_projects_create(today=today)
    summary.seconds = time.perf_counter() - started
    return summary


@transaction.atomic
def demo_structure_ensure() -> dict[str, Station]:
    """Regions, stations with their areas, the demo users and their memberships."""
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    _user_ensure("admin", "管理员", password, superuser=True)
    stations = {}
    for spec in STATIONS:
        region = _regions_ensure(spec)
        stations[spec.code] = station = station_services.station_ensure(
            code=spec.code, name=spec.name, region=region, areas=list(spec.areas)
        )
        for suffix, role in STATION_ROLES:
            user = _user_ensure(f"{spec.code}-{suffix}", spec.users.get(suffix, ""), password)
            _membership_ensure(user, role, station=station)
    username, region_code, display_name = VIEWER
    viewer = _user_ensure(username, display_name, password)
    region = Region.objects.get(code=region_code)
    _membership_ensure(viewer, Membership.Role.VIEWER, region=region)
    return stations


def _membership_ensure(user: User, role: str, *, station=None, region=None) -> None:
    """Grant the role unless the user already holds it (the demo can be loaded again)."""
    held = Membership.objects.filter(
        user=user, role=role, station=station, region=region, active=True
    ).exists()
    if not held:
        station_services.membership_grant(user=user, role=role, station=station, region=region)


def _regions_ensure(spec: StationSpec) -> Region:
    parent = None
    for code, name, level in spec.regions:
        parent = station_services.region_ensure(code=code, name=name, level=level, parent=parent)
    return parent


def _user_ensure(username: str, display_name: str, password: str, *, superuser=False) -> User:
    """Create a demo user; an existing user's password is never changed."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "display_name": display_name,
            "password": password,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if not created and not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def station_elders_create(*, station: Station, seed: StationSeed) -> list[Elder]:
    """Bulk-create a station's generated elders with history, categories, pairings, consent."""
    areas = {area.name: area.pk for area in station.areas.all()}
    users = {
        suffix: User.objects.get(username=f"{station.code}-{suffix}")
        for suffix, _role in STATION_ROLES
    }
    rows = [_elder_data(elder, areas, users) for elder in seed.elders]
    created, refused = elder_services.elder_bulk_create(
        actor=None, station=station, rows=rows, reason=HISTORY_REASON
    )
    if refused:  # the generator makes only valid people; anything else is a bug
        index, error = next(iter(refused.items()))
        raise ValueError(f"demo elder {index} refused: {error.message_dict}")
    Elder.volunteers.through.objects.bulk_create(
        [
            Elder.volunteers.through(elder_id=created[i].pk, user_id=users["vol1"].pk)
            for i in seed.volunteer_pairs
        ],
        batch_size=BATCH,
    )
    _consents_create(created, seed, users)
    return created


def _elder_data(seed, areas: dict, users: dict) -> dict:
    """The generated elder as the values elder services take."""
    return {
        "name": seed.name,
        "id_number": seed.id_number,
        "area": areas[seed.area],
        "phones": seed.phones,
        "address": seed.address,
        "living_arrangement": seed.living,
        "categories": seed.categories,
        "migratory": seed.migratory,
        "months_present": seed.months_present,
        "emergency_contacts": seed.emergency_contacts,
        "status": seed.status,
        "status_date": seed.status_date,
        "notes": seed.notes,
        "assigned_worker": users[seed.worker] if seed.worker else None,
        "lunar_birthday": seed.lunar_birthday,
    }


def _consents_create(created: list[Elder], seed: StationSeed, users: dict) -> None:
    consents = [
        Consent(
            elder_id=elder.pk,
            recorded_by=users.get(generated.worker or "head"),
            **generated.consent,
        )
        for elder, generated in zip(created, seed.elders, strict=True)
        if generated.consent
    ]
    Consent.objects.bulk_create(consents, batch_size=BATCH)


def band_label(lo: int, hi: int) -> str:
    return f"{lo}–{hi}"


def station_summary(station: Station, *, today: dt.date, kept: bool = False) -> StationSummary:
    """Counts by status, and of active elders by age band, in one query."""
    active = Q(status=Elder.Status.ACTIVE)
    aggregates = {
        "active": Count("pk", filter=active),
        "moved": Count("pk", filter=Q(status=Elder.Status.MOVED)),
        "deceased": Count("pk", filter=Q(status=Elder.Status.DECEASED)),
        "migratory": Count("pk", filter=active & Q(migratory=True)),
    }
    for lo, hi in BANDS:
        earliest, latest = birth_bounds(today, lo, hi)
        aggregates[f"band_{lo}"] = Count(
            "pk", filter=active & Q(birth_date__gte=earliest, birth_date__lte=latest)
        )
    counts = Elder.objects.filter(station=station).aggregate(**aggregates)
    bands = {band_label(lo, hi): counts.pop(f"band_{lo}") for lo, hi in BANDS}
    return StationSummary(code=station.code, bands=bands, kept=kept, **counts)


# --- a year of contact history ----------------------------------------------------------------
@transaction.atomic
def station_history_create(*, station, seed: int, today: dt.date) -> HistoryCounts:
    """A year of contacts for a station's demo elders, with the alerts, tasks, emergency and
    plan dates that follow from them."""
    rng = random.Random(f"linli-demo-contacts:{seed}:{station.code}")
    prefix = f"{station.code}-"
    staff = {u.username.removeprefix(prefix): u
             for u in User.objects.filter(username__startswith=prefix)}  # fmt: skip
    history = History(rng, today=today, station_id=station.pk, head_id=staff["head"].pk)
    history.emergency = _emergency_open(station, staff["head"], history.start, today)
    elders, formers, tracks = _elders(station, history)
    plan_rows = []
    for facts in elders:
        history.elder(facts, tracks.get(facts.pk, []))
        plan_rows += [_plan_row(track, facts, today) for track in tracks.get(facts.pk, [])]
    for pk, status, status_date, worker_id in formers:
        history.former(pk, status, status_date, worker_id)
    _contacts_write(station.pk, history.made)
    _plans_write(plan_rows)
    if history.emergency is not None:
        _emergency_close(history.emergency, staff["head"])
    spawned = [row for made in history.made for row in made.spawned]
    return HistoryCounts(
        contacts=len(history.made),
        alerts_open=sum(isinstance(r, Alert) and r.resolved_at is None for r in spawned),
        tasks_open=sum(isinstance(r, Task) and r.status == Task.Status.OPEN for r in spawned),
        emergencies=int(history.emergency is not None),
        days=worker_days(station, today),
    )


def worker_days(station, today: dt.date) -> dict[str, dict[str, int]]:
    """For each worker: plans overdue, due today and due in the rest of the week."""
    week_end = today + dt.timedelta(days=6)
    rows = (
        Plan.objects.filter(station=station, worker__isnull=False)
        .values("worker__username")
        .annotate(overdue=Count("pk", filter=Q(next_due__lt=today)),
                  due_today=Count("pk", filter=Q(next_due=today)),
                  due_week=Count("pk", filter=Q(next_due__gt=today, next_due__lte=week_end)))
        .order_by("worker__username")
    )  # fmt: skip
    return {row.pop("worker__username"): row for row in rows}


def _emergency_open(station, head, start: dt.date, today: dt.date) -> Emergency | None:
    """Last summer's emergency (within the year of history), opened through the service."""
    if station.code not in EMERGENCIES:
        return None
    kind, month, day, title = EMERGENCIES[station.code]
    starts = dt.date(today.year, month, day)
    if starts > today - dt.timedelta(days=21):
        starts = dt.date(today.year - 1, month, day)
    starts = max(starts, start + dt.timedelta(days=14))
    emergency = emergency_open(actor=head, station=station, kind=kind, title=title,
                               starts_on=starts, ends_on=starts + dt.timedelta(days=2),
                               groups=EMERGENCY_GROUPS)  # fmt: skip
    emergency.opened_at = dt.datetime.combine(
        starts, dt.time(7, 30), timezone.get_current_timezone()
    )
    Emergency.objects.filter(pk=emergency.pk).update(opened_at=emergency.opened_at)
    return emergency


def _emergency_close(emergency: Emergency, head) -> None:
    """Closed through the service, then dated when it really ended."""
    emergency = emergency_close(actor=head, emergency=emergency)
    ends = emergency.ends_on
    summary = {**emergency.summary, "days": (ends - emergency.starts_on).days + 1}
    closed_at = dt.datetime.combine(ends, dt.time(20), timezone.get_current_timezone())
    Emergency.objects.filter(pk=emergency.pk).update(closed_at=closed_at, summary=summary)


def _elders(station, history: History):
    """(active elders' facts, former elders, plans by elder), elders in creation order."""
    emergency = history.emergency
    days, covered = [], set()
    if emergency is not None:
        days = [emergency.starts_on + dt.timedelta(days=i) for i in range(3)]
        covered = set(
            covered_elders(emergency, today=emergency.starts_on).values_list("pk", flat=True)
        )
    paired = dict(Elder.volunteers.through.objects.filter(elder__station=station)
                  .values_list("elder_id", "user_id"))  # fmt: skip
    elders, formers = [], []
    rows = (
        Elder.objects.filter(station=station)
        .order_by("pk")
        .values_list(
            "pk",
            "status",
            "status_date",
            "migratory",
            "months_present",
            "phones",
            "assigned_worker_id",
        )
    )
    for pk, status, status_date, migratory, months, phones, worker_id in rows:
        if status != Elder.Status.ACTIVE:
            formers.append((pk, status, status_date, worker_id))
            continue
        facts = ElderFacts(pk=pk, worker_id=worker_id, phoned=bool(phones), migratory=migratory,
                           months_present=months, volunteer_id=paired.get(pk),
                           checkin_days=[])  # fmt: skip
        facts.checkin_days = [d for d in days if pk in covered and facts.present(d)]
        elders.append(facts)
    tracks: dict[int, list[Track]] = {}
    plans = Plan.objects.filter(station=station).order_by("elder_id", "kind")
    for pk, elder_id, kind, days_ in plans.values_list("pk", "elder_id", "kind", "interval_days"):
        tracks.setdefault(elder_id, []).append(Track(pk, kind, days_, due=history.start))
    return elders, formers, tracks


def _plan_row(track: Track, facts: ElderFacts, today: dt.date) -> tuple:
    """The plan as contact_log leaves it: next due from the last contact that reached them."""
    last = timezone.localdate(track.last_reached) if track.last_reached else None
    due = cadence.next_due(last_reached=last, days=track.days, today=today,
                           migratory=facts.migratory,
                           months_present=facts.months_present)  # fmt: skip
    return (due, track.last_attempt, track.last_reached, track.streak, track.plan_id)


def _plans_write(rows: list[tuple]) -> None:
    """One prepared UPDATE run for every plan (bulk_update's CASE expressions took 4 s)."""
    ops = connection.ops
    sql = (f"UPDATE {ops.quote_name(Plan._meta.db_table)} SET next_due = %s, last_attempt_at"
           " = %s, last_reached_at = %s, no_answer_streak = %s WHERE id = %s")  # fmt: skip
    values = [(ops.adapt_datefield_value(due), ops.adapt_datetimefield_value(attempt),
               ops.adapt_datetimefield_value(reached), streak, pk)
              for due, attempt, reached, streak, pk in rows]  # fmt: skip
    _execute_many(sql, values)


CONTACT_COLUMNS = ("elder_id", "kind", "at", "by_id", "outcome", "note", "health_change", "mood",
                   "new_need", "safety_concern", "verification", "emergency_id", "meals_secured",
                   "medicines_sufficient")  # fmt: skip


def _contacts_write(station_id: int, made: list[Made]) -> None:
    """Contacts that set off an alert or a task are created with bulk_create, for their ids;
    the others, nearly all, are inserted as plain rows (bulk_create builds and compiles a model
    instance per row: 13 s for 130,000 contacts on SQLite, against under 1 s)."""
    _contacts_insert(station_id, [m for m in made if not m.spawned])
    linked = [m for m in made if m.spawned]
    contacts = Contact.objects.bulk_create(
        [Contact(station_id=station_id, **{c: getattr(m, c) for c in CONTACT_COLUMNS})
         for m in linked], batch_size=BATCH)  # fmt: skip
    alerts, tasks = [], []
    for made_, contact in zip(linked, contacts, strict=True):
        for row in made_.spawned:
            if isinstance(row, Alert):
                row.contact_id = contact.pk
                alerts.append(row)
            else:
                row.source_contact_id = contact.pk
                tasks.append(row)
    Alert.objects.bulk_create(alerts, batch_size=BATCH)
    Task.objects.bulk_create(tasks, batch_size=BATCH)


def _contacts_insert(station_id: int, made: list[Made]) -> None:
    ops = connection.ops
    verification = Contact._meta.get_field("verification")
    unchecked = verification.get_db_prep_save({}, connection)
    columns = [*CONTACT_COLUMNS, "station_id", "created_at"]
    sql = (f"INSERT INTO {ops.quote_name(Contact._meta.db_table)} "
           f"({', '.join(ops.quote_name(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")  # fmt: skip
    created_at = ops.adapt_datetimefield_value(timezone.now())
    rows = [(m.elder_id, m.kind, ops.adapt_datetimefield_value(m.at), m.by_id, m.outcome, m.note,
             m.health_change, m.mood, m.new_need, m.safety_concern,
             verification.get_db_prep_save(m.verification, connection) if m.verification
             else unchecked, m.emergency_id,
             m.meals_secured, m.medicines_sufficient, station_id, created_at)
            for m in made]  # fmt: skip
    _execute_many(sql, rows)


def _execute_many(sql: str, rows: list[tuple]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_BATCH):
            cursor.executemany(sql, rows[start : start + ROWS_BATCH])
