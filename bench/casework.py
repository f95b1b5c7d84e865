"""Time the case-work, request, referral, goods, group, activity and volunteer pages on the demo.

    .venv/bin/python bench/casework.py [--repeat 30]

The same database and set-up as bench/pages.py (var/bench.sqlite3 unless LINLI_DATABASE_URL is
set). A default bench database whose demo predates the case work is loaded again. Signs in as
zhuoda-head (who sees every case, restricted ones included) and prints, per page, the median and
p95 in ms and the SQL queries of one request. Target: median ≤ 100 ms, as for the registry.
Exits 1 if a page fails or is over the target, 2 if it cannot run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pages as registry  # bench/pages.py: the same database, client and report

ROOT = Path(__file__).resolve().parent.parent
USERNAME = "zhuoda-head"


def fresh_casework() -> None:
    """Reload a default bench database whose demo predates the case work."""
    from django.db import connection

    from linli.cases.models import Case
    from linli.elders.models import Elder

    if not Elder.objects.exists() or Case.objects.exists():
        return
    path = ROOT / "var" / "bench.sqlite3"
    if os.environ["LINLI_DATABASE_URL"] != f"sqlite:///{path}":
        registry.die("this database has demo elders but no cases; load a fresh demo.")
    print("The bench database predates the demo's case work: loading it again.")
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    registry.ensure_demo()


def pages_to_time() -> list[registry.Page]:
    """Each list page, and the detail page of the station's fullest case and request."""
    from django.db.models import Count

    from linli.activities.models import Activity
    from linli.cases.models import Case
    from linli.errands.models import ServiceRequest
    from linli.groupwork.models import Group
    from linli.partners.models import Referral

    route = registry.route
    case = (
        Case.objects.filter(station__code="zhuoda")
        .annotate(n=Count("notes"))
        .order_by("-n", "pk")
        .first()
    )
    request = ServiceRequest.objects.filter(station__code="zhuoda").order_by("-pk").first()
    referral = Referral.objects.filter(station__code="zhuoda").order_by("-pk").first()
    if case is None or request is None or referral is None:
        registry.die("the demo has no cases, requests or referrals for zhuoda.")
    cases = route("cases:list")
    activity = (
        Activity.objects.filter(station__code="zhuoda", status="held")
        .annotate(n=Count("attendance"))
        .order_by("-n", "pk")
        .first()
    )
    group = Group.objects.filter(station__code="zhuoda").exclude(outcome_instrument="").first()
    if activity is None or group is None:
        registry.die("the demo has no activities or groups for zhuoda.")
    return [
        registry.Page("cases: station", f"{cases}?view=station"),
        registry.Page("cases: mine", f"{cases}?view=mine"),
        registry.Page("cases: stuck", f"{cases}?view=stuck"),
        registry.Page("case page + timeline", route("cases:detail", case.pk), f"{case.n} notes"),
        registry.Page("requests", route("errands:list")),
        registry.Page("request page", route("errands:detail", request.pk)),
        registry.Page("request statistics", route("errands:stats")),
        registry.Page("referrals", route("referrals:list")),
        registry.Page("referral page", route("referrals:detail", referral.pk)),
        registry.Page("partner directory", route("partners:directory")),
        registry.Page("goods stock", route("goods:stock")),
        registry.Page("my day", route("followups:day")),
        registry.Page("activities", route("activities:list")),
        registry.Page(
            "activity page", route("activities:detail", activity.pk), f"{activity.n} rows"
        ),
        registry.Page("activity sign-in", route("activities:sign_in", activity.pk)),
        registry.Page("calendar", route("calendar:month")),
        registry.Page("groups", route("groupwork:list")),
        registry.Page("group page", route("groupwork:detail", group.pk)),
        registry.Page("group outcome", route("groupwork:outcome", group.pk)),
        registry.Page("volunteers", route("volunteers:list")),
        registry.Page("volunteer hours", route("volunteers:hours")),
        registry.Page("recognition", route("volunteers:recognition")),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    args = parser.parse_args(argv)
    registry.USERNAME = USERNAME
    registry.setup_django()
    registry.ensure_demo()
    fresh_casework()
    client = registry.signed_in_client()
    results = [registry.measure(client, page, max(1, args.repeat)) for page in pages_to_time()]
    registry.report(results, args.repeat)
    return registry.verdict(results, allow_missing=False)


if __name__ == "__main__":
    sys.exit(main())
