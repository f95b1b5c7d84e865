"""Time the assessment and survey pages on the demo community.

    .venv/bin/python bench/assessments.py [--repeat 20]

The same database and measuring as bench/pages.py (var/bench.sqlite3 unless LINLI_DATABASE_URL
is set; loaded with the demo if empty). As zhuoda's head it times, median and p95 of --repeat
requests with the SQL queries of one: the elder page of the elder with the most assessments,
that elder's full answer history, a GB/T 42195 form, one assessment, the demo survey's coverage
page, its analysis (4,000+ needs checklists, every item, the cross-tables and chi-square), the
analysis workbook, the station's needs profile and the risk rules page.

Benchmarks print numbers; they are not tests. The target is issue 2's: a median under 100 ms
for pages a worker opens all day; the survey analysis and its workbook, opened a few times a
month, are reported against it too. Exits 1 when a page fails, 2 if it cannot run.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import unquote

import pages as registry  # bench/pages.py: the same database, set-up and measuring
from followups import client_for
from risk import fresh_assessments

HEAD = "zhuoda-head"


def pages_to_time() -> list[registry.Page]:
    from django.db.models import Count

    from linli.assessments.models import Assessment, Campaign
    from linli.elders.models import Elder

    page, route = registry.Page, registry.route
    elder = (
        Elder.objects.filter(station__code="zhuoda")
        .annotate(n=Count("assessments"))
        .order_by("-n", "pk")
        .first()
    )
    assessment = Assessment.objects.filter(elder=elder).order_by("-assessed_on").first()
    campaign = Campaign.objects.filter(station__code="zhuoda").first()
    if elder is None or assessment is None or campaign is None:
        registry.die("the demo has no assessments or survey; load a fresh demo.")
    return [
        page("elder page", route("elders:detail", elder.pk)),
        page("elder's assessments", route("assessments:elder", elder.pk)),
        page("GB/T 42195 form", route("assessments:new", elder.pk, "gbt42195")),
        page("one assessment", route("assessments:detail", assessment.pk)),
        page("survey coverage", route("surveys:detail", campaign.pk)),
        page("survey analysis", route("surveys:analysis", campaign.pk)),
        page("analysis (xlsx)", route("surveys:analysis_xlsx", campaign.pk)),
        page("needs profile", route("surveys:needs_profile")),
        page("risk rules", route("assessments:risk_rules")),
    ]


def report(results: list[registry.Result], repeat: int) -> None:
    from django.db import connection

    from linli.assessments.models import Assessment

    print(f"\n{connection.vendor} · {Assessment.objects.count():,} assessments · {HEAD}")
    print(f"{repeat} requests per page · target: median ≤ {registry.TARGET_MS:.0f} ms\n")
    print(f"{'page':<22} {'status':>7} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  url")
    for r in results:
        median = f"{r.median:.1f}" if r.median is not None else "-"
        p95 = f"{r.p95:.1f}" if r.p95 is not None else "-"
        over = "  ← over target" if r.median is not None and r.median > registry.TARGET_MS else ""
        print(
            f"{r.page.label:<22} {r.status!s:>7} {median:>10} {p95:>8} {r.queries!s:>8}  "
            f"{unquote(r.page.url or '-')}{over}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    args = parser.parse_args(argv)
    registry.setup_django()
    registry.ensure_demo()
    fresh_assessments()
    client, repeat = client_for(HEAD), max(1, args.repeat)
    results = [registry.measure(client, page, repeat) for page in pages_to_time()]
    report(results, repeat)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
