"""Worklist and coverage at scale on PostgreSQL: a million elders and a year of their contacts.

    .venv/bin/python bench/scale.py [--elders 1000000] [--stations 140] [--repeat 20]
                                    [--keep] [--reuse] [--explain]

Creates a scratch database (linli_scale on 127.0.0.1:5432, user postgres, trust auth), migrates
it and builds the data with SQL (INSERT … SELECT … FROM generate_series): stations of ~7,000
elders with four areas, a head and two workers each; elders with plausible values (encrypted ID
fields left empty); their plans, consistent with a year of contacts at each plan's cadence
(~14 per elder); open alerts and tasks. Then ANALYZE, and times a worker's day and the head's
coverage of one station through the Django views (django.test.Client), with the SQL of each
page run again under EXPLAIN ANALYZE. Drops the database at the end unless --keep; --reuse
times an existing one without building. Exits 1 if a median exceeds 300 ms (issue 3), 2 if it
cannot run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import followups as demo_bench  # bench/followups.py
import pages as registry  # bench/pages.py

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
TARGET_MS = 300.0
AREAS = (("东区社区", "community"), ("西区社区", "community"), ("南区社区", "community"),
         ("北村", "village"))  # fmt: skip
NAME_POOL = 4000
HASH = "mod(g::bigint * 2654435761, 4294967296)"  # a well-spread number per row, from its index
TABLES = ("elders_elder", "followups_plan", "followups_contact", "followups_task",
          "followups_alert")  # fmt: skip


class Step:
    """Prints what is being built and how long it took."""

    def __init__(self, label: str):
        self.label = label

    def __enter__(self):
        print(f"  {self.label} …", end="", flush=True)
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        print(f" {time.perf_counter() - self.started:.1f} s", flush=True)


# --- the scratch database ---------------------------------------------------------------------
def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def setup(name: str, reuse: bool) -> None:
    try:
        exists = database_exists(name)
    except Exception as exc:  # no server, no trust auth
        registry.die(f"cannot reach PostgreSQL at {SERVER}: {exc}")
    if exists and not reuse:
        admin(f'DROP DATABASE "{name}" WITH (FORCE)')
    if not exists or not reuse:
        admin(f'CREATE DATABASE "{name}"')
    os.environ["LINLI_DATABASE_URL"] = f"{SERVER}/{name}"
    registry.setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def drop(name: str) -> None:
    from django.db import connections

    connections.close_all()
    admin(f'DROP DATABASE "{name}" WITH (FORCE)')
    print(f"Dropped the scratch database {name} (--keep to keep it).")


def run(sql: str, params: dict | None = None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- stations, areas and people ---------------------------------------------------------------
def structure(stations: int) -> dict[str, list[int]]:
    """Regions, stations with four areas each, a head and two workers per station."""
    from django.contrib.auth.hashers import make_password

    from linli.accounts.models import User
    from linli.stations import services
    from linli.stations.models import Membership

    province = services.region_ensure(code="990000", name="规模测试省", level="province")
    city = services.region_ensure(code="990100", name="规模测试市", level="city", parent=province)
    password = make_password("linli-scale")
    ids: dict[str, list[int]] = {"stations": [], "areas": [], "workers": [], "heads": []}
    for i in range(1, stations + 1):
        station = services.station_ensure(
            code=f"scale{i:03d}", name=f"规模测试站{i:03d}", region=city, areas=list(AREAS)
        )
        names = {a.name: a.pk for a in station.areas.all()}
        users = User.objects.bulk_create(
            [
                User(username=f"scale{i:03d}-{s}", display_name=f"{s}{i:03d}", password=password)
                for s in ("head", "sw1", "sw2")
            ]  # fmt: skip
        )
        roles = (Membership.Role.HEAD, Membership.Role.WORKER, Membership.Role.WORKER)
        Membership.objects.bulk_create(
            [Membership(user=u, role=r, station=station) for u, r in zip(users, roles, strict=True)]
        )
        ids["stations"].append(station.pk)
        ids["areas"] += [names[name] for name, _kind in AREAS]
        ids["workers"] += [users[1].pk, users[2].pk]
        ids["heads"].append(users[0].pk)
    return ids


def name_pool() -> tuple[list[str], list[str], list[str]]:
    """Names from the demo's generator, with their pinyin keys as the registry stores them."""
    from linli.demo import names
    from linli.lib.pinyin import pinyin_keys

    rng = random.Random("linli-scale")
    pool = [
        names.surname(rng, "national")
        + names.given_name(
            rng, sex=rng.choice("MF"), birth_year=rng.randint(1926, 1966), region="national"
        )  # fmt: skip
        for _ in range(NAME_POOL)
    ]
    keys = [pinyin_keys(name) for name in pool]
    return pool, [full for full, _i in keys], [initials for _f, initials in keys]


# --- elders -----------------------------------------------------------------------------------
# Column → SQL over (g, h, si): the row's index, its hash and its station's index.
ELDER_COLUMNS = {
    "station_id": "(%(stations)s::bigint[])[si + 1]",
    "area_id": "(%(areas)s::bigint[])[si * 4 + mod(h, 4) + 1]",
    "name": "(%(names)s::text[])[mod(h / 7, %(pool)s) + 1]",
    "name_pinyin": "(%(pinyin)s::text[])[mod(h / 7, %(pool)s) + 1]",
    "name_initials": "(%(initials)s::text[])[mod(h / 7, %(pool)s) + 1]",
    "sex": "CASE WHEN mod(h / 3, 100) < 55 THEN 'F' ELSE 'M' END",
    # 60 to 97 years old, fewer at each older age (~19% aged 80 or more)
    "birth_date": "%(today)s::date - 21915 - (13500 * power(mod(h / 5, 10000) / 10000.0, 3))::int",
    "id_last4": "lpad(mod(h / 11, 10000)::text, 4, '0')",
    "phones": "'13' || lpad(mod(h / 13, 1000000000)::text, 9, '0')",
    "address": "'幸福路' || mod(h / 17, 300) + 1 || '号'",
    "living_arrangement": """CASE WHEN mod(h / 19, 100) < 12 THEN 'alone'
        WHEN mod(h / 19, 100) < 35 THEN 'spouse' WHEN mod(h / 19, 100) < 88 THEN 'children'
        WHEN mod(h / 19, 100) < 93 THEN 'relatives' WHEN mod(h / 19, 100) < 97 THEN 'carer'
        ELSE 'institution' END""",
    "risk_level": """CASE WHEN mod(h / 23, 100) < 2 THEN 'high'
        WHEN mod(h / 23, 100) < 10 THEN 'medium' WHEN mod(h / 23, 100) < 25 THEN 'low'
        ELSE '' END""",
    "status": """CASE WHEN mod(h / 29, 1000) < 5 THEN 'deceased'
        WHEN mod(h / 29, 1000) < 8 THEN 'moved' ELSE 'active' END""",
    "status_date": "CASE WHEN mod(h / 29, 1000) < 8 THEN %(today)s::date - mod(h, 700)::int END",
    "assigned_worker_id": """CASE WHEN mod(h / 31, 100) < 3 THEN NULL
        ELSE (%(workers)s::bigint[])[si * 2 + mod(g, 2) + 1] END""",
    "created_at": "now()",
    "updated_at": "now()",
}


def elders(count: int, ids: dict, today) -> None:
    """`count` elders spread evenly over the stations, in one INSERT … SELECT."""
    from django.db import connection

    from linli.elders.models import Elder

    per_station = math.ceil(count / len(ids["stations"]))
    names, pinyin, initials = name_pool()
    params = {**ids, "names": names, "pinyin": pinyin, "initials": initials, "pool": NAME_POOL,
              "today": today, "count": count, "per_station": per_station,
              "last": len(ids["stations"]) - 1}  # fmt: skip
    columns, expressions = [], []
    for field in Elder._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in ELDER_COLUMNS:
            expressions.append(ELDER_COLUMNS[field.column])
        else:  # every other column (and any added later) takes its default
            params[f"d_{field.column}"] = field.get_db_prep_save(field.get_default(), connection)
            expressions.append(f"%(d_{field.column})s")
    run(
        f"INSERT INTO elders_elder ({', '.join(columns)}) SELECT {', '.join(expressions)} "
        f"FROM (SELECT g, {HASH} AS h, LEAST((g - 1) / %(per_station)s, %(last)s) AS si "
        "FROM generate_series(1, %(count)s) AS g) AS s",
        params,
    )


# --- plans --------------------------------------------------------------------------------------
PLANS_SQL = """
INSERT INTO followups_plan (elder_id, kind, station_id, worker_id, area_id, risk_rank, rule_code,
    rule_label, interval_days, override_reason, next_due, last_attempt_at, last_reached_at,
    no_answer_streak)
SELECT id, kind, station_id, assigned_worker_id, area_id, risk_rank, r.code, r.label, days, '',
       %(today)s::date - lag + days, reached + make_interval(days => streak), reached, streak
FROM (
    SELECT p.*, ((%(today)s::date - lag)::timestamp + interval '9 hours'
                 + make_interval(mins => mod(h, 480)::int)) AT TIME ZONE %(tz)s AS reached
    FROM (
        SELECT c.*,
            -- 3 in 100 are behind (overdue up to ten days, some with unanswered calls since)
            (CASE WHEN mod(h / 37, 100) < 3 THEN days + 1 + mod(h / 41, 10)
                  ELSE 1 + mod(h / 41, days) END)::int AS lag,
            (CASE WHEN mod(h / 37, 100) < 3 AND kind = 'call' THEN mod(h / 43, 4)
                  ELSE 0 END)::int AS streak
        FROM (
            SELECT e.*, k.kind, CASE k.kind WHEN 'call' THEN e.call_days
                                            ELSE e.visit_days END AS days
            FROM (
                SELECT id, station_id, assigned_worker_id, area_id, h,
                    CASE risk_level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2
                                    ELSE 3 END AS risk_rank,
                    CASE WHEN risk_level = 'high' THEN 7
                         WHEN living_arrangement IN ('alone', 'spouse') THEN 14
                         WHEN birth_date <= %(aged)s OR mod(h / 47, 100) < 8 THEN 30 END
                        AS call_days,
                    CASE WHEN living_arrangement = 'alone' OR mod(h / 53, 100) < 3 THEN 91 END
                        AS visit_days
                FROM (SELECT *, mod(id * 2654435761, 4294967296) AS h FROM elders_elder
                      WHERE status = 'active') AS a
            ) AS e CROSS JOIN (VALUES ('call'), ('visit')) AS k (kind)
        ) AS c WHERE days IS NOT NULL
    ) AS p
) AS q JOIN (VALUES {rules}) AS r (rule_kind, rule_days, code, label)
    ON r.rule_kind = q.kind AND r.rule_days = q.days
"""


def plans(today) -> None:
    """Each active elder's plans by the default rules, as a year of contacts has left them."""
    from django.conf import settings

    from linli.followups import cadence

    rules = {(r.kind, r.days): r for r in reversed(cadence.default_rules())}
    values = ", ".join(
        f"('{kind}', {days}, '{rule.code}', '{rule.label_zh}')"
        for (kind, days), rule in rules.items()
    )
    aged = today.replace(year=today.year - 80)
    run(
        PLANS_SQL.replace("{rules}", values),
        {"today": today, "aged": aged, "tz": settings.TIME_ZONE},
    )


# --- contacts ---------------------------------------------------------------------------------
CONTACTS_SQL = """
INSERT INTO followups_contact (elder_id, station_id, kind, at, by_id, outcome, health_change,
    mood, new_need, safety_concern, note, verification, emergency_id, meals_secured,
    medicines_sufficient, created_at)
SELECT elder_id, station_id, kind, at, worker_id, outcome, false, mood, '', false, note,
       '{}'::jsonb, NULL, NULL, NULL, at
FROM (
    -- back from the last reach at the plan's cadence; a failed try a day before one in ten
    SELECT p.elder_id, p.station_id, p.worker_id,
        CASE p.kind WHEN 'visit' THEN 'visit' ELSE 'call' END AS kind,
        p.last_reached_at - make_interval(days => k * p.interval_days
                                          + sign(k)::int * mod(p.id + k, 3)::int + a,
                                          hours => 2 * a) AS at,
        CASE WHEN a = 0 THEN 'reached' WHEN mod(p.id + k, 20) < 12 THEN 'no_answer'
             WHEN mod(p.id + k, 20) < 17 THEN 'away' ELSE 'wrong_number' END AS outcome,
        CASE WHEN a = 0 AND mod(p.id + k, 10) < 6 THEN 'good' ELSE '' END AS mood,
        CASE WHEN a = 0 AND mod(p.id * 7 + k, 10) = 0 THEN '身体状况良好，无特殊需求。'
             ELSE '' END AS note
    FROM followups_plan p
    CROSS JOIN LATERAL generate_series(0, 366 / p.interval_days) AS k
    CROSS JOIN LATERAL generate_series(0, CASE WHEN mod(p.id * 7 + k, 10) = 3 THEN 1
                                               ELSE 0 END) AS a
    WHERE p.station_id = ANY(%(stations)s)
    UNION ALL
    -- the unanswered calls since the last reach
    SELECT p.elder_id, p.station_id, p.worker_id, 'call', p.last_reached_at
           + make_interval(days => j), 'no_answer', '', ''
    FROM followups_plan p CROSS JOIN LATERAL generate_series(1, p.no_answer_streak) AS j
    WHERE p.station_id = ANY(%(stations)s) AND p.no_answer_streak > 0
) AS c
WHERE at > %(since)s
"""


def contacts(ids: dict, today) -> None:
    """A year of contacts, twenty stations at a time."""
    since = today.toordinal() - 365
    stations = ids["stations"]
    for start in range(0, len(stations), 20):
        chunk = stations[start : start + 20]
        run(CONTACTS_SQL, {"stations": chunk, "since": _midnight(since)})
        print(".", end="", flush=True)


@contextmanager
def loading(table: str):
    """Load without the table's secondary indexes or foreign-key triggers (the rows are
    consistent by construction), then build the indexes again: several times faster."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(INDEXES_SQL, [table])
        indexes = cursor.fetchall()
    for name, _definition in indexes:
        run(f'DROP INDEX "{name}"')
    run("SET session_replication_role = replica")
    try:
        yield
    finally:
        run("SET session_replication_role = DEFAULT")
        for _name, definition in indexes:
            run(definition)


INDEXES_SQL = """
SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
WHERE t.relname = %s AND NOT x.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
"""


def _midnight(ordinal: int):
    import datetime as dt

    from django.utils import timezone

    day = dt.date.fromordinal(ordinal)
    return dt.datetime.combine(day, dt.time(), timezone.get_current_timezone())


# --- tasks and alerts ---------------------------------------------------------------------------
FOLLOW_UPS_SQL = [
    # three unanswered calls: an open alert and a home-visit task
    """INSERT INTO followups_alert (elder_id, station_id, kind, created_at)
       SELECT elder_id, station_id, 'no_answer', last_attempt_at FROM followups_plan
       WHERE kind = 'call' AND no_answer_streak >= 3""",
    """INSERT INTO followups_task (elder_id, station_id, kind, note, due_on, assigned_to_id,
           status, created_by_id, created_at)
       SELECT elder_id, station_id, 'visit', '连续三次电话未接通，请上门查看。',
           (last_attempt_at AT TIME ZONE %(tz)s)::date + 1, worker_id, 'open', worker_id,
           last_attempt_at
       FROM followups_plan WHERE kind = 'call' AND no_answer_streak >= 3""",
    # wrong numbers to correct (1 in 1,000), alerts resolved through the year (2 in 100)
    """INSERT INTO followups_alert (elder_id, station_id, kind, created_at, resolved_at,
           resolved_by_id)
       SELECT id, station_id, CASE WHEN mod(h / 59, 100) < 5 THEN 'wrong_number'
                                   ELSE 'no_answer' END,
           now() - make_interval(days => 5 + mod(h, 355)::int),
           CASE WHEN mod(h / 59, 100) >= 5 THEN now() - make_interval(days => mod(h, 355)::int)
           END, CASE WHEN mod(h / 59, 100) >= 5 THEN assigned_worker_id END
       FROM (SELECT *, mod(id * 2654435761, 4294967296) AS h FROM elders_elder
             WHERE status = 'active') AS e
       WHERE mod(h / 61, 1000) < 21 AND id NOT IN (
           SELECT elder_id FROM followups_alert WHERE resolved_at IS NULL)""",
    # service requests: open ones due around this week (5 in 1,000), done ones (5 in 100)
    """INSERT INTO followups_task (elder_id, station_id, kind, note, due_on, assigned_to_id,
           status, created_by_id, created_at, done_at)
       SELECT id, station_id, 'service', '需要帮忙到医院取药。',
           %(today)s::date + CASE WHEN mod(h / 67, 1000) < 5 THEN mod(h, 10)::int - 3
                                  ELSE -mod(h, 360)::int END,
           assigned_worker_id,
           CASE WHEN mod(h / 67, 1000) < 5 THEN 'open' ELSE 'done' END, assigned_worker_id,
           now() - make_interval(days => mod(h, 360)::int + 2),
           CASE WHEN mod(h / 67, 1000) >= 5 THEN now() - make_interval(days => mod(h, 360)::int)
           END
       FROM (SELECT *, mod(id * 2654435761, 4294967296) AS h FROM elders_elder
             WHERE status = 'active') AS e
       WHERE mod(h / 67, 1000) < 55""",
]


def follow_ups(today) -> None:
    from django.conf import settings

    for sql in FOLLOW_UPS_SQL:
        run(sql, {"today": today, "tz": settings.TIME_ZONE})


def build(args, today) -> None:
    print(f"Building {args.elders:,} elders over {args.stations} stations on {SERVER}/{args.db}:")
    started = time.perf_counter()
    run("SET synchronous_commit = off")
    run("SET maintenance_work_mem = '1GB'")
    with Step("stations, areas, heads and workers"):
        ids = structure(args.stations)
    with Step("elders"), loading("elders_elder"):
        elders(args.elders, ids, today)
    with Step("plans"), loading("followups_plan"):
        plans(today)
    with Step("a year of contacts"), loading("followups_contact"):
        contacts(ids, today)
    with Step("alerts and tasks"):
        follow_ups(today)
    with Step("ANALYZE"):
        run("ANALYZE")
    print(f"Built in {time.perf_counter() - started:.0f} s.")


def table_sizes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup, pg_size_pretty(pg_table_size(relid)), "
            "pg_size_pretty(pg_indexes_size(relid)) FROM pg_stat_user_tables "
            "WHERE relname = ANY(%s) ORDER BY n_live_tup DESC",
            [list(TABLES)],
        )
        rows = cursor.fetchall()
    print(f"\n{'table':<20} {'rows':>12} {'data':>10} {'indexes':>10}")
    for name, count, data, indexes in rows:
        print(f"{name:<20} {count:>12,} {data:>10} {indexes:>10}")


# --- timing -------------------------------------------------------------------------------------
def pages_to_time(station_code: str) -> list[tuple[str, registry.Page]]:
    """A worker's day and the head's coverage at one station, and an elder's page."""
    from django.utils import timezone

    from linli.followups.models import Plan

    page, route, with_query = registry.Page, registry.route, demo_bench.with_query
    worker, head = f"{station_code}-sw1", f"{station_code}-head"
    month = timezone.localdate().strftime("%Y-%m")
    coverage = route("followups_head:coverage")
    fortnightly = Plan.objects.filter(worker__username=worker, interval_days=14).order_by("pk")
    elder = fortnightly.values_list("elder_id", flat=True).first()
    return [
        (worker, page("My day", route("followups:day"))),
        (worker, page("API worklist", route("api:get_worklist"))),
        (head, page("coverage: calls", with_query(coverage, month=month, kind="call"))),
        (head, page("coverage: visits", with_query(coverage, month=month, kind="visit"))),
        (head, page("overdue export (xlsx)", route("followups_head:overdue_export"))),
        (worker, page("elder page", route("elders:detail", elder) if elder else None)),
    ]


def explain(client, page: registry.Page, show_plans: bool) -> None:
    """Run the page's SELECTs again under EXPLAIN ANALYZE: the slowest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if page.url is None:
        return
    with CaptureQueriesContext(connection) as captured:
        client.get(page.url)
    timed = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
            ms = float(plan[-1].split("Execution Time:")[1].split("ms")[0])
            timed.append((ms, query["sql"], plan))
    print(f"\n{page.label}: {len(timed)} SELECTs, {sum(t for t, _s, _p in timed):.1f} ms in all")
    for ms, sql, plan in sorted(timed, key=lambda t: -t[0])[: 3 if show_plans else 5]:
        scans = sorted({line.strip().split(" on ")[0].lstrip("-> ") + " on "
                        + line.split(" on ")[1].split()[0]
                        for line in plan if " on " in line and "Scan" in line})  # fmt: skip
        print(f"  {ms:7.2f} ms  {sql[:110]}…")
        print(f"             {'; '.join(scans)[:200]}")
        if show_plans:
            print("\n".join("             " + line for line in plan))


def time_pages(args) -> list[tuple[str, registry.Result]]:
    from linli.stations.models import Station

    stations = list(Station.objects.filter(code__startswith="scale").order_by("code")
                    .values_list("code", flat=True))  # fmt: skip
    if not stations:
        registry.die("no scale stations in this database; build it (without --reuse).")
    code = stations[len(stations) // 2]
    timed = []
    clients = {}
    for username, page in pages_to_time(code):
        client = clients.setdefault(username, demo_bench.client_for(username))
        timed.append((username, registry.measure(client, page, max(1, args.repeat))))
    pages = pages_to_time(code)
    for username, page in (pages[0], pages[2], pages[3]):
        explain(clients[username], page, args.explain)
    return timed


def describe(station_code: str) -> str:
    """The station and its first worker's day, as the pages show them."""
    import datetime as dt

    from django.db.models import Count, Q
    from django.utils import timezone

    from linli.elders.models import Elder
    from linli.followups.models import Plan

    today = timezone.localdate()
    week = today + dt.timedelta(days=6)
    day = Plan.objects.filter(worker__username=f"{station_code}-sw1").aggregate(
        plans=Count("pk"),
        overdue=Count("pk", filter=Q(next_due__lt=today)),
        today=Count("pk", filter=Q(next_due=today)),
        week=Count("pk", filter=Q(next_due__gt=today, next_due__lte=week)),
    )
    elders = Elder.objects.filter(station__code=station_code).count()
    plans = Plan.objects.filter(station__code=station_code).count()
    return (
        f"{station_code}: {elders:,} elders, {plans:,} plans · {station_code}-sw1: "
        f"{day['plans']:,} plans, {day['overdue']} overdue, {day['today']} due today, "
        f"{day['week']} more this week"
    )


def report(timed, repeat: int) -> None:
    from django.db import connection

    from linli.elders.models import Elder

    print(f"\n{describe(timed[0][0].split('-')[0])}")
    print(f"{connection.vendor} · {Elder.objects.count():,} elders · {repeat} requests per page"
          f" · target: median ≤ {TARGET_MS:.0f} ms\n")  # fmt: skip
    print(f"{'page':<24} {'user':<12} {'status':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for username, r in timed:
        median = f"{r.median:.1f}" if r.median is not None else "-"
        p95 = f"{r.p95:.1f}" if r.p95 is not None else "-"
        flag = "  ← over target" if r.median is not None and r.median > TARGET_MS else ""
        status = r.status if isinstance(r.status, int) or len(str(r.status)) <= 8 else "error"
        queries = r.queries if r.queries is not None else "-"
        print(f"{r.page.label:<24} {username:<12} {status!s:>8} {median:>10} {p95:>8} "
              f"{queries!s:>8}{flag}")  # fmt: skip
    for _username, r in timed:
        if not r.ok:
            print(f"  ! {r.page.label}: {registry.explain(r)} {r.status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=1_000_000, help="elders to build")
    parser.add_argument("--stations", type=int, default=140, help="stations to spread them over")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--db", default="linli_scale", help="scratch database name")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="time an existing database")
    parser.add_argument("--explain", action="store_true", help="print the full query plans")
    args = parser.parse_args(argv)
    if args.elders < args.stations or args.stations < 1:
        registry.die("give at least one elder per station.")
    setup(args.db, args.reuse)
    from django.utils import timezone

    try:
        if not args.reuse:
            build(args, timezone.localdate())
        table_sizes()
        timed = time_pages(args)
        report(timed, args.repeat)
        slow = [r for _u, r in timed if r.median is not None and r.median > TARGET_MS]
        failed = [r for _u, r in timed if not r.ok]
    finally:
        if not args.keep:
            drop(args.db)
    print(f"\n{'FAIL' if slow or failed else 'OK'}: {len(slow)} over {TARGET_MS:.0f} ms, "
          f"{len(failed)} failed.")  # fmt: skip
    return 1 if slow or failed else 0


if __name__ == "__main__":
    sys.exit(main())
