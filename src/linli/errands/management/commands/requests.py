"""`linli requests overdue [--station CODE] [--json]`: record an alert per overdue request.

Run every few minutes (cron or a scheduler): urgent requests nobody accepted within two hours
and others not done by the time they were needed get one alert each, shown at the top of the
station's request list; alerts of requests that moved on are resolved. Running it again raises
nothing new.
"""

from __future__ import annotations

import json

from django.utils import timezone

from linli.errands.models import OverdueAlert
from linli.errands.services import overdue_alerts_raise
from linli.stations.commands import StationHousekeeping


class Command(StationHousekeeping):
    help = "Service requests housekeeping: raise alerts for overdue requests."

    action = "overdue"
    action_help = "raise an alert for each overdue request"

    def handle_stations(self, stations, *, as_json: bool) -> None:
        now = timezone.now()
        summary = {}
        for station in stations:
            raised = overdue_alerts_raise(station=station, now=now)
            summary[station.code] = {"raised": len(raised), "open": open_alerts(station)}
        if as_json:
            self.stdout.write(json.dumps({"at": now.isoformat(), "stations": summary}))
            return
        for code, row in summary.items():
            self.stdout.write(f"{code}: {row['raised']:,} new overdue alerts"
                              f" ({row['open']:,} unresolved)")  # fmt: skip


def open_alerts(station) -> int:
    """Unresolved alerts of a station (one count query; no personal data)."""
    return OverdueAlert.objects.filter(station=station, resolved_at__isnull=True).count()
