"""`linli import-roster FILE --station CODE`: load a station's roster spreadsheet."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.elders.importers.report import report_summary, report_xlsx
from linli.elders.importers.roster import RosterError, roster_import
from linli.stations.models import Station
from linli.stations.selectors import can

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = "Import a roster (.xlsx or .csv) into a station's elder registry."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--station", required=True, help="the station's code, e.g. zhuoda")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen and save nothing"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="record the changes as this user (a head or worker)",
        )
        parser.add_argument("--report", default="", help="also write the report to this .xlsx")

    def handle(self, *args, **options):
        station = Station.objects.filter(code=options["station"]).first()
        if station is None:
            raise CommandError(f"No station with code {options['station']!r}.", returncode=2)
        actor = _actor(options["username"], station)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {str(path)!r}.", returncode=2)
        try:
            report = roster_import(
                actor=actor,
                station=station,
                path_or_file=path,
                filename=path.name,
                dry_run=options["dry_run"],
                today=timezone.localdate(),
            )
        except RosterError as exc:
            raise CommandError(f"{path.name}: {exc.message}", returncode=2) from exc
        if options["report"]:
            Path(options["report"]).write_bytes(report_xlsx(report))
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self._summary(report)

    def _summary(self, report) -> None:
        if report.dry_run:
            self.stdout.write(_("Trial run: nothing was saved."))
        self.stdout.write(
            "  ".join(f"{label}: {number}" for label, number in report_summary(report))
        )
        data = report.as_dict()
        for kind, problems in ((_("error"), data["errors"]), (_("warning"), data["warnings"])):
            for problem in problems[:SHOWN_PROBLEMS]:
                where = f"{problem['row']}" + (f" {problem['column']}" if problem["column"] else "")
                self.stdout.write(f"{kind} [{where}] {problem['message']}")
            if len(problems) > SHOWN_PROBLEMS:
                self.stdout.write(
                    _("… and %(count)s more; see --json or --report.")
                    % {"count": len(problems) - SHOWN_PROBLEMS}
                )


def _actor(username: str, station):
    """The user the history records, who must be allowed to import at the station."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not can(user, station, "import_roster"):
        raise CommandError(f"{username!r} may not import rosters at {station.code}.", returncode=2)
    return user
