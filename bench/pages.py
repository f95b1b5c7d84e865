"""Time the registry's pages on the demo community: median and p95 in ms, SQL queries per request.

    .venv/bin/python bench/pages.py [--repeat 30] [--allow-missing]

Uses its own database (var/bench.sqlite3) unless LINLI_DATABASE_URL is set; migrates it and
loads the demo there if it is empty. Signs in as zhuoda-sw1 and requests each page through
django.test.Client (no network, no server: the numbers are the application's own time).
Exits 1 if a page fails or a median exceeds the target (issue 2: 100 ms), 2 if it cannot run.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100.0
USERNAME = "zhuoda-sw1"


@dataclass
class Page:
    label: str
    url: str | None  # None when the route does not exist yet
    note: str = ""


@dataclass
class Result:
    page: Page
    status: int | str = "-"
    median: float | None = None
    p95: float | None = None
    queries: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200


def die(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    raise SystemExit(2)


def setup_django() -> None:
    os.environ.setdefault("LINLI_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def ensure_demo() -> None:
    """Migrate the bench database and load the demo community if it holds nothing yet."""
    from django.core.management import call_command

    (ROOT / "var").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    print(out.getvalue().rstrip())


def route(name: str, *args) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def with_query(url: str | None, q: str) -> str | None:
    from urllib.parse import urlencode

    return f"{url}?{urlencode({'q': q})}" if url else None


def pages_to_time() -> list[Page]:
    """The pages of issue 2's performance target, with search terms taken from the demo."""
    from linli.elders.models import Elder

    sample = (
        Elder.objects.filter(station__code="zhuoda", status="active", categories__isnull=False)
        .order_by("pk")
        .first()
    )
    if sample is None:
        die("the database has no zhuoda elders; load the demo there (linli demo).")
    fragment = sample.name[1:3]
    registry = route("elders:list")
    api = route("api:list_elders") or "/api/v1/elders"
    return [
        Page("registry list", registry),
        Page("search: pinyin initials", with_query(registry, "zs")),
        Page("search: name fragment", with_query(registry, fragment), fragment),
        Page("search: ID last 4", with_query(registry, sample.id_last4)),
        Page("elder page", route("elders:detail", sample.pk), sample.name),
        Page("API list", api),
        Page("API search", with_query(api, "zs")),
        Page("API page 2", api_next_page(api)),
    ]


def api_next_page(api: str) -> str | None:
    """The second page of the API list, through the cursor the first page returns."""
    response = signed_in_client().get(api, {"limit": 50})
    if response.status_code != 200:
        return None
    cursor = response.json().get("next")
    return f"{api}?cursor={cursor}" if cursor else None


def signed_in_client():
    from django.test import Client

    from linli.accounts.models import User

    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        die(f"no user {USERNAME}; load the demo there (linli demo).")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def measure(client, page: Page, repeat: int) -> Result:
    """Warm up once, count queries once, then time `repeat` requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = Result(page)
    if page.url is None:
        result.status = "no route"
        return result
    try:
        with CaptureQueriesContext(connection) as captured:
            result.status = client.get(page.url).status_code
        result.queries = len(captured.captured_queries)
        if result.status != 200:
            return result
        times = [timed(client, page.url) for _ in range(repeat)]
    except Exception as exc:  # a page under construction must not stop the others
        result.status = f"error: {type(exc).__name__}: {exc}"[:70]
        return result
    result.median = statistics.median(times)
    result.p95 = sorted(times)[math.ceil(0.95 * len(times)) - 1]
    return result


def timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"status {response.status_code} on a repeat")
    return elapsed


def report(results: list[Result], repeat: int) -> None:
    from django.db import connection

    from linli.elders.models import Elder

    print(
        f"\n{connection.vendor} · {Elder.objects.count()} elders · {repeat} requests per page"
        f" · signed in as {USERNAME} · target: median ≤ {TARGET_MS:.0f} ms\n"
    )
    print(f"{'page':<24} {'status':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  url")
    for r in results:
        median = f"{r.median:.1f}" if r.median is not None else "-"
        p95 = f"{r.p95:.1f}" if r.p95 is not None else "-"
        queries = r.queries if r.queries is not None else "-"
        flag = "  ← over target" if r.median is not None and r.median > TARGET_MS else ""
        status = r.status if isinstance(r.status, int) or len(str(r.status)) <= 8 else "error"
        print(
            f"{r.page.label:<24} {status!s:>8} {median:>10} {p95:>8} {queries!s:>8}  "
            f"{unquote(r.page.url or '-')}{flag}"
        )
    for r in results:
        if not r.ok:
            print(f"  ! {r.page.label}: {explain(r)}")


def explain(result: Result) -> str:
    if result.status == "no route":
        return "the URL is not defined (yet): nothing to time."
    if result.status == 404:
        return f"{result.page.url} answered 404."
    return f"{result.page.url} answered {result.status}."


def verdict(results: list[Result], allow_missing: bool) -> int:
    slow = [r for r in results if r.median is not None and r.median > TARGET_MS]
    failed = [
        r for r in results if not r.ok and not (allow_missing and r.status in ("no route", 404))
    ]
    if slow or failed:
        print(f"\nFAIL: {len(slow)} page(s) over {TARGET_MS:.0f} ms, {len(failed)} failed.")
        return 1
    print(f"\nOK: every median within {TARGET_MS:.0f} ms.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument(
        "--allow-missing",
        action="store_true",
        help="do not fail on pages whose route is missing or answers 404",
    )
    args = parser.parse_args(argv)
    setup_django()
    ensure_demo()
    client = signed_in_client()
    results = [measure(client, page, max(1, args.repeat)) for page in pages_to_time()]
    report(results, args.repeat)
    return verdict(results, args.allow_missing)


if __name__ == "__main__":
    sys.exit(main())
