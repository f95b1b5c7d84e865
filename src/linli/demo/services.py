"""Loading the demo community: regions, stations, demo users and ~9,000 generated elders.

Elders are written in bulk (one transaction, batched inserts) with their initial history row,
their categories (and the categories' history), volunteer pairings and consent records, so
the whole demo loads in seconds rather than the minutes that one-by-one creation would take.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Q

from linli.accounts.models import User
from linli.elders import services as elder_services
from linli.elders.models import Consent, Elder
from linli.elders.selectors import birth_bounds
from linli.stations import services as station_services
from linli.stations.models import Membership, Region, Station

from .community import STATIONS, VIEWER, StationSpec
from .generator import StationSeed, generate_station

DEMO_PASSWORD = "linli-demo"
HISTORY_REASON = "演示数据"  # stored text; the demo community is Chinese content anyway
BATCH = 500
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


@dataclass
class DemoSummary:
    seed: int
    today: dt.date
    seconds: float = 0.0
    stations: list[StationSummary] = field(default_factory=list)


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
        if loaded:
            station_seed = generate_station(spec, seed=seed, today=today)
            station_elders_create(station=station, seed=station_seed)
        kept = elders and not loaded
        summary.stations.append(station_summary(station, today=today, kept=kept))
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
