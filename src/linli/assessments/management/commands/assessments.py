"""`linli assessments risk [--station CODE] [--json]`: re-derive every active elder's risk level.

Run nightly (cron or a scheduler) after `linli followups replan`: assessments older than a year
and contacts older than their rule's window stop counting without anyone touching the record,
and elders who turn 90 gain a point. Plans follow the levels that change.
"""

from __future__ import annotations

import json

from django.db.models import Count
from django.utils import timezone

from linli.assessments.risk import LEVELS
from linli.assessments.risking import risk_refresh_station
from linli.elders.models import Elder
from linli.stations.commands import StationHousekeeping


class Command(StationHousekeeping):
    help = "Assessments housekeeping: re-derive risk levels from the station rules in force."

    action = "risk"
    action_help = "re-derive every active elder's risk level"

    def handle_stations(self, stations, *, as_json: bool) -> None:
        today = timezone.localdate()
        summary = {}
        for station in stations:
            before = level_counts(station)
            changed = risk_refresh_station(station=station, today=today)
            summary[station.code] = {
                "changed": changed,
                "levels": {"before": before, "after": level_counts(station)},
            }
        if as_json:
            self.stdout.write(json.dumps({"date": str(today), "stations": summary}))
            return
        for code, row in summary.items():
            elders = sum(row["levels"]["after"].values())
            self.stdout.write(f"{code}: risk level changed for {row['changed']:,} of {elders:,}"
                              " active elders")  # fmt: skip
            self.stdout.write("  " + " · ".join(_level_line(level, row) for level in LEVELS))


def level_counts(station) -> dict[str, int]:
    """Active elders per risk level (one aggregate query; no personal data)."""
    rows = (
        Elder.objects.filter(station=station, status=Elder.Status.ACTIVE)
        .order_by()
        .values_list("risk_level")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(LEVELS, 0)
    for level, n in rows:
        counts[level or "low"] += n
    return counts


def _level_line(level: str, row: dict) -> str:
    before, after = row["levels"]["before"][level], row["levels"]["after"][level]
    delta = after - before
    return f"{level} {after:,}" + (f" ({delta:+,})" if delta else "")
