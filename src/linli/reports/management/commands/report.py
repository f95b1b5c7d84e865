"""`linli report {monthly,midterm,final} --project ID --period P -o FILE`: a funder report as
xlsx, docx or printable HTML, chosen by the file's suffix."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import translation

from linli.reports.models import Project
from linli.reports.report_data import KINDS, BadPeriod, build_report, parse_period
from linli.reports.report_docx import report_document
from linli.reports.report_xlsx import report_workbook

SUFFIXES = (".xlsx", ".docx", ".html")


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Write a project's monthly, mid-term or final report as xlsx, docx or HTML."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("--project", required=True, help="the project's id")
        parser.add_argument(
            "--period",
            required=True,
            help="YYYY-MM, or YYYY-MM-DD..YYYY-MM-DD (both days included)",
        )
        parser.add_argument("-o", "--output", required=True, help="FILE.xlsx, .docx or .html")
        parser.add_argument(
            "--user",
            default="",
            help="include the referrals this user may see (five-party linkage)",
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)
        parser.add_argument("--json", action="store_true", help="print a JSON summary")

    def handle(self, *args, **options):
        path = Path(options["output"])
        if path.suffix.lower() not in SUFFIXES:
            raise _bad(f"The output must end with one of {', '.join(SUFFIXES)}.")
        project = Project.objects.filter(pk=_int(options["project"])).first()
        if project is None:
            raise _bad(f"No project with id {options['project']!r}.")
        try:
            start, end = parse_period(options["period"])
        except BadPeriod:
            raise _bad(f"Bad period {options['period']!r}: YYYY-MM or "
                       "YYYY-MM-DD..YYYY-MM-DD.") from None  # fmt: skip
        actor = _user(options["user"])
        with translation.override(options["language"]):
            report = build_report(project=project, kind=options["kind"], start=start, end=end,
                                  actor=actor)  # fmt: skip
            path.write_bytes(_render(report, path.suffix.lower()))
        summary = {"file": str(path), "project": project.pk, "kind": report.kind,
                   "start": start.isoformat(), "end": end.isoformat(),
                   **{k: _plain(v) for k, v in report.activity_totals.items()}}  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(f"{report.title} {start}..{end} → {path}")


def _int(text: str) -> int | None:
    return int(text) if str(text).isdigit() else None


def _plain(value):
    return value if isinstance(value, int) or value is None else float(value)


def _user(username: str):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise _bad(f"No user named {username!r}.")
    return user


def _render(report, suffix: str) -> bytes:
    if suffix == ".xlsx":
        return report_workbook(report)
    if suffix == ".docx":
        return report_document(report)
    return render_to_string(
        "reports/report_print.html", {"report": report, "language": translation.get_language()}
    ).encode()
