"""The shape shared by the per-station housekeeping commands (`linli followups replan`,
`linli assessments risk`, `linli requests overdue`): one action, run for every station or for
`--station CODE`, printing a summary or JSON with `--json`, exiting 2 on an unknown station."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from .models import Station


class StationHousekeeping(BaseCommand):
    """Subclasses set `action` and `action_help` and implement `handle_stations`."""

    action = ""
    action_help = ""

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser(self.action, help=self.action_help)
        run.add_argument("--station", help="station code (default: all stations)")
        run.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        stations = Station.objects.order_by("code")
        if options["station"]:
            stations = stations.filter(code=options["station"])
            if not stations.exists():
                raise CommandError(f"No station with code {options['station']!r}.", returncode=2)
        self.handle_stations(list(stations), as_json=options["json"])

    def handle_stations(self, stations: list[Station], *, as_json: bool) -> None:
        raise NotImplementedError
