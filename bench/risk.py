"""Time deriving risk levels on the demo community: a station re-derived, and a rules preview.

    .venv/bin/python bench/risk.py [--repeat 5] [--station zhuoda]

The same database as bench/pages.py (var/bench.sqlite3 unless LINLI_DATABASE_URL is set),
migrated and loaded with the demo if it is empty; a default bench database whose demo predates
the assessments is loaded again (another database stops the script with status 2). For the
station (zhuoda: 7,020 active elders) it times, as median and fastest of --repeat runs, with
the SQL queries of one run:

- risk_refresh_station with the rules in force: the nightly `linli assessments risk`, where
  little changes;
- risk_refresh_station with rules under which every elder living alone moves up a level, as
  after a head's edit: levels and plans are written (each run rolled back);
- risk_preview with the rules in force and with those rules: what the rules page shows;
- facts_for alone: reading assessments and contacts for every elder.

Benchmarks print numbers; they are not tests. Exits 2 if it cannot run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pages as registry  # bench/pages.py: the same database and set-up

ROOT = Path(__file__).resolve().parent.parent


def fresh_assessments() -> None:
    """Reload a default bench database whose demo predates the assessments."""
    from django.db import connection

    from linli.assessments.models import Assessment
    from linli.elders.models import Elder

    if not Elder.objects.exists() or Assessment.objects.exists():
        return
    path = ROOT / "var" / "bench.sqlite3"
    if os.environ["LINLI_DATABASE_URL"] != f"sqlite:///{path}":
        registry.die("this database has demo elders but no assessments; load a fresh demo.")
    print("The bench database predates the demo's assessments: loading it again.")
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    registry.ensure_demo()


def heavier_rules():
    """The rules in force, with living alone worth 2 points more."""
    from dataclasses import replace

    from linli.assessments import risk

    rules = risk.default_rules()
    moved = [replace(r, points=r.points + 2) if r.code == "lives_alone" else r for r in rules.rules]
    return replace(rules, rules=tuple(moved))


def measure(label: str, run: Callable[[], object], repeat: int, rollback: bool = False) -> None:
    """Median and fastest of `repeat` runs in ms, the queries of the first, and its result."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    times, queries, result = [], None, None
    for i in range(repeat):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                outcome = run()
                times.append((time.perf_counter() - started) * 1000)
            if i == 0:
                queries, result = len(captured), outcome
            transaction.set_rollback(rollback)
    print(
        f"{label:<44} {statistics.median(times):>10.0f} {min(times):>10.0f} {queries:>8}  {result}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--station", default="zhuoda", help="station code (default zhuoda)")
    args = parser.parse_args(argv)
    registry.setup_django()
    registry.ensure_demo()
    fresh_assessments()

    from django.db import connection
    from django.utils import timezone

    from linli.assessments import risking
    from linli.assessments.models import Assessment
    from linli.elders.models import Elder
    from linli.stations.models import Station

    station = Station.objects.filter(code=args.station).first()
    if station is None:
        registry.die(f"no station {args.station}; load the demo there (linli demo).")
    today, repeat = timezone.localdate(), max(1, args.repeat)
    in_force, heavier = risking.rules_in_force(station), heavier_rules()
    active = Elder.objects.filter(station=station, status=Elder.Status.ACTIVE).count()
    assessed = Assessment.objects.filter(station=station).count()
    print(
        f"\n{connection.vendor} · {station.code}: {active:,} active elders · "
        f"{assessed:,} assessments · {repeat} runs each\n"
    )
    print(f"{'':<44} {'median ms':>10} {'min ms':>10} {'queries':>8}  result")

    def refresh(rules=None) -> str:
        changed = risking.risk_refresh_station(station=station, today=today, rules=rules)
        return f"{changed} changed"

    def preview(rules) -> dict:
        return risking.risk_preview(station=station, rules=rules, today=today)["then"]

    measure("risk_refresh_station (nightly, rules in force)", refresh, repeat)
    measure("risk_refresh_station (alone +2 points)", lambda: refresh(heavier), repeat,
            rollback=True)  # fmt: skip
    measure("risk_preview (rules in force)", lambda: preview(in_force), repeat)
    measure("risk_preview (alone +2 points)", lambda: preview(heavier), repeat)
    elders = risking.station_elders(station)
    measure("facts_for (every active elder)",
            lambda: f"{len(risking.facts_for(elders, today))} elders", repeat)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
