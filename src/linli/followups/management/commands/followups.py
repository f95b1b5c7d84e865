"""`linli followups replan [--station CODE] [--json]`: re-plan elders from the rules in force.

Run nightly (cron or a scheduler): elders who turn 80 become 高龄 with no edit to their
record, and migratory elders' due dates move with the months.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from linli.followups.plans import plans_refresh_station
from linli.stations.models import Station


class Command(BaseCommand):
    help = "Follow-up housekeeping: re-plan elders from the station rules in force."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        replan = sub.add_parser("replan", help="re-plan every elder (of one station)")
        replan.add_argument("--station", help="station code (default: all stations)")
        replan.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        stations = Station.objects.order_by("code")
        if options["station"]:
            stations = stations.filter(code=options["station"])
            if not stations.exists():
                raise CommandError(f"No station with code {options['station']!r}.", returncode=2)
        today = timezone.localdate()
        written = {s.code: plans_refresh_station(station=s, today=today) for s in stations}
        if options["json"]:
            self.stdout.write(json.dumps({"date": str(today), "plans": written}))
            return
        for code, count in written.items():
            self.stdout.write(f"{code}: {count} plans up to date")
