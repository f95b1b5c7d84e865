"""`linli followups replan [--station CODE] [--json]`: re-plan elders from the rules in force.

Run nightly (cron or a scheduler): elders who turn 80 become 高龄 with no edit to their
record, and migratory elders' due dates move with the months.
"""

import json

from django.utils import timezone

from linli.followups.plans import plans_refresh_station
from linli.stations.commands import StationHousekeeping


class Command(StationHousekeeping):
    help = "Follow-up housekeeping: re-plan elders from the station rules in force."

    action = "replan"
    action_help = "re-plan every elder (of one station)"

    def handle_stations(self, stations, *, as_json: bool) -> None:
        today = timezone.localdate()
        written = {s.code: plans_refresh_station(station=s, today=today) for s in stations}
        if as_json:
            self.stdout.write(json.dumps({"date": str(today), "plans": written}))
            return
        for code, count in written.items():
            self.stdout.write(f"{code}: {count} plans up to date")
