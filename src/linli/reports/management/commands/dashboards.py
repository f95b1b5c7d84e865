"""`linli dashboards snapshot [--on YYYY-MM-DD] [--station CODE] [--json]`: keep every
station's dashboard figures at the end of a day (yesterday by default) for the region
dashboards, and prune old daily snapshots (month-end ones are kept).

Run once a night after midnight (cron: `10 0 * * * linli dashboards snapshot`). Running it
again for the same day replaces that day's snapshots with a fresh count.
"""

from __future__ import annotations

import datetime as dt
import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from linli.reports import snapshots
from linli.stations.models import Station

BATCH = 200  # stations counted together (grouped queries; bounded memory)


class Command(BaseCommand):
    help = "Dashboard snapshots: keep each station's figures at the end of a day."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("snapshot", help="take the snapshots of a day (default: yesterday)")
        run.add_argument("--on", help="the day, YYYY-MM-DD (default: yesterday)")
        run.add_argument("--station", help="station code (default: all stations)")
        run.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        today = timezone.localdate()
        on = self._day(options["on"], today)
        stations = Station.objects.order_by("code")
        if options["station"]:
            stations = stations.filter(code=options["station"])
            if not stations.exists():
                raise CommandError(f"No station with code {options['station']!r}.", returncode=2)
        stations = list(stations)
        started = time.perf_counter()
        for i in range(0, len(stations), BATCH):
            snapshots.take(stations=stations[i : i + BATCH], on=on)
        seconds = round(time.perf_counter() - started, 1)
        pruned = snapshots.prune(today=today)
        if options["json"]:
            found = {"on": on.isoformat(), "stations": len(stations), "seconds": seconds,
                     "pruned": pruned}  # fmt: skip
            self.stdout.write(json.dumps(found))
            return
        self.stdout.write(f"{len(stations):,} station snapshots for {on} in {seconds} s;"
                          f" {pruned:,} old ones pruned")  # fmt: skip

    @staticmethod
    def _day(text: str | None, today: dt.date) -> dt.date:
        if not text:
            return today - dt.timedelta(days=1)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}.", returncode=2) from None
        if day >= today:
            raise CommandError("A snapshot is of a day that has ended: give a day before today.",
                               returncode=2)  # fmt: skip
        return day
