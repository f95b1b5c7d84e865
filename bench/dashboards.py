"""The dashboards at scale on PostgreSQL: a region of 100 stations and a million elders.

    .venv/bin/python bench/dashboards.py [--elders 1000000] [--stations 100] [--repeat 10]
                                         [--db linli_scale] [--keep] [--reuse]

Builds the scratch database with bench/scale.py's builder (stations, elders, plans, a year of
contacts, alerts and tasks; see that file), then adds with bulk inserts what the dashboards
count that scale.py does not build: at each station a year of activities (40, one cancelled)
with attendance (20 elders and 60 anonymous walk-ins each) and feedback forms, 50 volunteers
with 600 confirmed hours, 150 completed service requests and 30 cases; and a service project
per station for the year (the demo's 14 indicators: bench/../src/linli/demo/projects.py), the
way a district buys each station's service under its own contract. A viewer of the city that
holds the stations (`scale-viewer`) is added.

Then takes the nightly dashboard snapshots (`linli dashboards snapshot`: every station's
figures at the end of yesterday, timed and printed) and times, through django.test.Client, the
region dashboard for the viewer (every station's figures read from the snapshots, the total,
and the comparison of the projects and stations on the indicators) and one station's live
dashboard for its head: median and p95 over --repeat requests, and the query count. Targets
(issue 7): region < 1 s, station < 200 ms (medians); exits 1 when over, 2 when it cannot run.
`--reuse` times an existing database (adding the rows above when they are missing); the
database is dropped at the end unless --keep. A benchmark prints numbers; it is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from decimal import Decimal

import pages as registry  # bench/pages.py
import scale  # bench/scale.py: the scratch database and its builder

TARGETS_MS = {"region": 1000.0, "station": 200.0}
VIEWER = "scale-viewer"
ACTIVITIES, ELDERS_PER_ACTIVITY, WALK_INS = 40, 20, 60
FEEDBACK_PER_ACTIVITY, VOLUNTEERS, HOURS, REQUESTS, CASES = 10, 50, 600, 150, 30
BATCH = 5000


def _stations():
    from linli.stations.models import Station

    return list(Station.objects.filter(code__startswith="scale").order_by("code"))


def extras(today: dt.date) -> None:
    """The rows the dashboards count that scale.py does not build (see the module's doc)."""
    from linli.accounts.models import User
    from linli.reports.models import Project

    stations = _stations()
    if not stations:
        registry.die("no scale stations in this database; build it (without --reuse).")
    if Project.objects.filter(stations__in=stations).exists():
        print("  (activities, volunteers, requests, cases and projects already there)")
        return
    heads = {u.username: u for u in User.objects.filter(username__endswith="-head",
                                                         username__startswith="scale")}  # fmt: skip
    with scale.Step("activities, attendance and feedback"):
        _activities(stations, heads, today)
    with scale.Step("volunteers and hours"):
        _volunteers(stations, heads, today)
    with scale.Step("service requests and cases"):
        _requests_and_cases(stations, heads, today)
    with scale.Step("a project per station with the demo's indicators; the viewer"):
        _projects(stations, heads, today)
        _viewer()
    with scale.Step("ANALYZE"):
        scale.run("ANALYZE")


def _elders_of(station, count: int) -> list[int]:
    from linli.elders.models import Elder

    found = Elder.objects.filter(station=station, status="active").order_by("pk")
    return list(found.values_list("pk", flat=True)[:count])


def _moment(day: dt.date, hour: int = 9) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(hour), timezone.get_current_timezone())


def _activities(stations, heads, today: dt.date) -> None:
    from linli.activities.models import Activity, Attendance, Feedback

    types = list(Activity.Type.values)
    made = []
    for station in stations:
        for i in range(ACTIVITIES):
            day = today - dt.timedelta(days=3 + 9 * i)
            status = Activity.Status.CANCELLED if i == 7 else Activity.Status.HELD
            made.append(Activity(station=station, title=f"活动{i}", type=types[i % len(types)],
                                 starts_at=_moment(day), place="活动室",
                                 status=status))  # fmt: skip
    made = Activity.objects.bulk_create(made, batch_size=BATCH)
    attendance, feedback = [], []
    by_station = {s.pk: _elders_of(s, 200) for s in stations}
    for n, activity in enumerate(made):
        if activity.status != Activity.Status.HELD:
            continue
        pool = by_station[activity.station_id]
        for j in range(min(ELDERS_PER_ACTIVITY, len(pool))):
            elder = pool[(n * 7 + j * 3) % len(pool)]
            attendance.append(Attendance(activity=activity, station_id=activity.station_id,
                                         elder_id=elder, method="roster", count=1,
                                         at=activity.starts_at))  # fmt: skip
        attendance.append(Attendance(activity=activity, station_id=activity.station_id,
                                     method="walk_in", count=WALK_INS,
                                     at=activity.starts_at))  # fmt: skip
        for k in range(FEEDBACK_PER_ACTIVITY):
            feedback.append(Feedback(activity=activity, station_id=activity.station_id,
                                     instrument_version="v1", total=4 if k % 5 else 2,
                                     satisfied=bool(k % 5), channel="paper",
                                     answers={}))  # fmt: skip
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    Feedback.objects.bulk_create(feedback, batch_size=BATCH)


def _volunteers(stations, heads, today: dt.date) -> None:
    from linli.volunteers.models import HoursEntry, Volunteer

    made = Volunteer.objects.bulk_create(
        [Volunteer(station=s, name=f"志愿者{i}", joined_on=today - dt.timedelta(days=30 + i))
         for s in stations for i in range(VOLUNTEERS)], batch_size=BATCH,
    )  # fmt: skip
    hours = []
    for n, volunteer in enumerate(made):
        head = heads.get(f"{stations[n // VOLUNTEERS].code}-head")
        for i in range(HOURS // VOLUNTEERS):
            day = today - dt.timedelta(days=1 + (n * 13 + i * 29) % 330)
            hours.append(HoursEntry(volunteer=volunteer, station_id=volunteer.station_id, on=day,
                                    hours=Decimal(1), source="activity", description="活动协助",
                                    recorded_by=head, confirmed_at=_moment(day, 18)))  # fmt: skip
    HoursEntry.objects.bulk_create(hours, batch_size=BATCH)


def _requests_and_cases(stations, heads, today: dt.date) -> None:
    from linli.cases.models import Case
    from linli.errands.models import ServiceRequest

    requests, cases = [], []
    types = ServiceRequest.Type.values
    stages = ("intake", "assessment", "plan", "intervention", "evaluation", "closed")
    for station in stations:
        head = heads.get(f"{station.code}-head")
        elders = _elders_of(station, REQUESTS)
        for i, elder in enumerate(elders):
            day = today - dt.timedelta(days=2 + (i * 17) % 320)
            requests.append(ServiceRequest(station=station, elder_id=elder,
                                           type=types[i % len(types)], needed_by=_moment(day, 12),
                                           source="phone", raised_by=head, status="confirmed",
                                           done_at=_moment(day, 15),
                                           satisfied=i % 9 != 0))  # fmt: skip
        for i, elder in enumerate(elders[:CASES]):
            day = today - dt.timedelta(days=5 + i * 10)
            cases.append(Case(station=station, elder_id=elder, lead_worker=head, title="个案",
                              opened_on=day, stage=stages[i % len(stages)],
                              stage_entered_on=day))  # fmt: skip
    ServiceRequest.objects.bulk_create(requests, batch_size=BATCH)
    Case.objects.bulk_create(cases, batch_size=BATCH)


def _projects(stations, heads, today: dt.date) -> None:
    from linli.demo.projects import INDICATORS, project_period
    from linli.reports.models import Indicator, Project

    starts, ends = project_period(today)
    projects = Project.objects.bulk_create(
        [Project(funder="规模测试市民政局", name=f"{s.name}项目（{starts.year}年度）",
                 starts_on=starts, ends_on=ends, budget_yuan=Decimal(600_000),
                 created_by=heads.get(f"{s.code}-head")) for s in stations]
    )  # fmt: skip
    Project.stations.through.objects.bulk_create(
        [Project.stations.through(project_id=p.pk, station_id=s.pk)
         for p, s in zip(projects, stations, strict=True)]
    )  # fmt: skip
    Indicator.objects.bulk_create(
        [Indicator(project=p, measure=row[0], label=row[1], target=Decimal(row[2]), position=i)
         for p in projects for i, row in enumerate(INDICATORS)], batch_size=BATCH,
    )  # fmt: skip


def _viewer() -> None:
    from linli.accounts.models import User
    from linli.stations import services
    from linli.stations.models import Region

    user, _created = User.objects.get_or_create(
        username=VIEWER, defaults={"display_name": "观察员"}
    )
    city = Region.objects.get(code="990100")
    services.membership_grant(user=user, role="viewer", region=city)


# --- timing -------------------------------------------------------------------------------------
def take_snapshots(today: dt.date) -> float:
    """What cron runs after midnight: every station's figures at the end of yesterday, which
    the region dashboard reads (reports.snapshots). Seconds it took."""
    from linli.reports import snapshots

    with scale.Step("the nightly dashboard snapshots of yesterday"):
        started = time.perf_counter()
        snapshots.take(stations=_stations(), on=today - dt.timedelta(days=1))
        return time.perf_counter() - started


def time_pages(repeat: int) -> list[tuple[str, str, registry.Result]]:
    import followups as demo_bench  # bench/followups.py: signed-in clients

    stations = _stations()
    code = stations[len(stations) // 2].code
    region = registry.Page("region dashboard", registry.route("dashboard:region"))
    station = registry.Page(f"station dashboard ({code})", registry.route("dashboard:station"))
    return [
        ("region", VIEWER, registry.measure(demo_bench.client_for(VIEWER), region, repeat)),
        ("station", f"{code}-head",
         registry.measure(demo_bench.client_for(f"{code}-head"), station, repeat)),
    ]  # fmt: skip


def report(timed, repeat: int) -> list:
    from django.db import connection

    from linli.activities.models import Attendance
    from linli.elders.models import Elder
    from linli.reports.models import Indicator

    stations = _stations()
    print(f"\n{connection.vendor} · {len(stations)} stations · {Elder.objects.count():,} elders · "
          f"{Attendance.objects.count():,} attendance rows · {Indicator.objects.count():,} "
          f"indicators · {repeat} requests per page")  # fmt: skip
    print(f"{'page':<30} {'user':<14} {'status':>6} {'median ms':>10} {'p95 ms':>8} "
          f"{'queries':>8} {'target':>8}")  # fmt: skip
    over = []
    for kind, username, r in timed:
        median = f"{r.median:.1f}" if r.median is not None else "-"
        p95 = f"{r.p95:.1f}" if r.p95 is not None else "-"
        late = r.median is not None and r.median > TARGETS_MS[kind]
        if late or not r.ok:
            over.append(r)
        print(f"{r.page.label:<30} {username:<14} {str(r.status)[:6]:>6} {median:>10} {p95:>8} "
              f"{r.queries!s:>8} {TARGETS_MS[kind]:>8.0f}{'  ← over' if late else ''}")  # fmt: skip
        if not r.ok:
            print(f"  ! {r.status}")
    return over


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=1_000_000, help="elders to build")
    parser.add_argument("--stations", type=int, default=100, help="stations to spread them over")
    parser.add_argument("--repeat", type=int, default=10, help="timed requests per page")
    parser.add_argument("--db", default="linli_scale", help="scratch database name")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="time an existing database")
    args = parser.parse_args(argv)
    if args.elders < args.stations or args.stations < 1:
        registry.die("give at least one elder per station.")
    scale.setup(args.db, args.reuse)
    from django.utils import timezone

    today = timezone.localdate()
    try:
        started = time.perf_counter()
        if not args.reuse:
            scale.build(args, today)
        print("Adding what the dashboards count:")
        extras(today)
        print(f"Ready in {time.perf_counter() - started:.0f} s.")
        nightly = take_snapshots(today)
        over = report(time_pages(max(1, args.repeat)), args.repeat)
        print(
            f"\nThe nightly `linli dashboards snapshot` of the {len(_stations())} stations "
            f"(yesterday's figures, read by the region dashboard) took {nightly:.1f} s."
        )
    finally:
        if not args.keep:
            scale.drop(args.db)
    print(f"\n{'FAIL' if over else 'OK'}: {len(over)} page(s) over target or failed.")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
