"""Time the follow-up pages on the demo community: median and p95 in ms, SQL queries per request.

    .venv/bin/python bench/followups.py [--repeat 30] [--allow-missing]

The same database as bench/pages.py (var/bench.sqlite3 unless LINLI_DATABASE_URL is set),
migrated and loaded with the demo and its year of contact history if it is empty. A bench
database loaded before the demo had contact history is rebuilt (only the default one; another
database stops the script with status 2). Times a worker's day (zhuoda-sw1, the page and
GET /api/v1/worklist) and the head's coverage page and overdue export (zhuoda-head) through
django.test.Client. Exits 1 if a page fails or a median exceeds the target (issue 3: 100 ms),
2 if it cannot run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlencode

import pages as registry  # bench/pages.py: the same database, set-up and measuring

ROOT = Path(__file__).resolve().parent.parent
WORKER, HEAD = "zhuoda-sw1", "zhuoda-head"
TARGET_MS = registry.TARGET_MS  # 100 ms on the demo community, as for the registry


def fresh_history() -> None:
    """Reload a default bench database whose demo predates the contact history."""
    from django.db import connection

    from linli.elders.models import Elder
    from linli.followups.models import Contact

    if not Elder.objects.exists() or Contact.objects.exists():
        return
    path = ROOT / "var" / "bench.sqlite3"
    if os.environ["LINLI_DATABASE_URL"] != f"sqlite:///{path}":
        registry.die("this database has demo elders but no contact history; load a fresh demo.")
    print("The bench database predates the demo's contact history: loading it again.")
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    registry.ensure_demo()


def with_query(url: str | None, **params) -> str | None:
    return f"{url}?{urlencode(params)}" if url else None


def pages_to_time() -> list[tuple[str, registry.Page]]:
    """(username, page) for each page of issue 3's performance target."""
    from django.utils import timezone

    page, route = registry.Page, registry.route
    month = timezone.localdate().strftime("%Y-%m")
    coverage = route("followups_head:coverage")
    return [
        (WORKER, page("My day", route("followups:day"))),
        (WORKER, page("API worklist", route("api:get_worklist") or "/api/v1/worklist")),
        (HEAD, page("coverage: calls", with_query(coverage, month=month, kind="call"))),
        (HEAD, page("coverage: visits", with_query(coverage, month=month, kind="visit"))),
        (HEAD, page("overdue export (xlsx)", route("followups_head:overdue_export"))),
    ]


def client_for(username: str):
    from django.test import Client

    from linli.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        registry.die(f"no user {username}; load the demo there (linli demo).")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def describe_data() -> str:
    """What the pages show: the size of the history and the worker's day."""
    from django.db import connection
    from django.db.models import Count, Q
    from django.utils import timezone

    from linli.elders.models import Elder
    from linli.followups.models import Alert, Contact, Plan

    today = timezone.localdate()
    day = Plan.objects.filter(worker__username=WORKER).aggregate(
        overdue=Count("pk", filter=Q(next_due__lt=today)),
        due=Count("pk", filter=Q(next_due=today)),
        plans=Count("pk"),
    )
    return (
        f"{connection.vendor} · {Elder.objects.count():,} elders · "
        f"{Contact.objects.count():,} contacts · "
        f"{Alert.objects.filter(resolved_at__isnull=True).count()} open alerts · "
        f"{WORKER}: {day['plans']:,} plans, {day['overdue']} overdue, {day['due']} due today"
    )


def report(timed: list[tuple[str, registry.Result]], repeat: int) -> None:
    print(f"\n{describe_data()}")
    print(f"{repeat} requests per page · target: median ≤ {TARGET_MS:.0f} ms\n")
    print(
        f"{'page':<24} {'user':<12} {'status':>8} {'median ms':>10} {'p95 ms':>8} "
        f"{'queries':>8}  url"
    )
    for username, r in timed:
        median = f"{r.median:.1f}" if r.median is not None else "-"
        p95 = f"{r.p95:.1f}" if r.p95 is not None else "-"
        queries = r.queries if r.queries is not None else "-"
        flag = "  ← over target" if r.median is not None and r.median > TARGET_MS else ""
        status = r.status if isinstance(r.status, int) or len(str(r.status)) <= 8 else "error"
        print(
            f"{r.page.label:<24} {username:<12} {status!s:>8} {median:>10} {p95:>8} "
            f"{queries!s:>8}  {unquote(r.page.url or '-')}{flag}"
        )
    for _username, r in timed:
        if not r.ok:
            print(f"  ! {r.page.label}: {registry.explain(r)} {r.status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument(
        "--allow-missing",
        action="store_true",
        help="do not fail on pages whose route is missing or answers 404",
    )
    args = parser.parse_args(argv)
    registry.setup_django()
    registry.ensure_demo()
    fresh_history()
    clients = {username: client_for(username) for username in (WORKER, HEAD)}
    repeat = max(1, args.repeat)
    timed = [
        (username, registry.measure(clients[username], page, repeat))
        for username, page in pages_to_time()
    ]
    report(timed, repeat)
    return registry.verdict([r for _u, r in timed], args.allow_missing)


if __name__ == "__main__":
    sys.exit(main())
