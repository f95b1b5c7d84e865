"""The outcome of a roster import, per row, as a dict for JSON and as an xlsx workbook."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook


@dataclass(frozen=True)
class Problem:
    row: int  # the row number Excel shows (1-based); 0 for the file as a whole
    column: str  # the header text as written in the file, or ""
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    def error(self, row: int, column: str, message) -> None:
        self.errors.append(Problem(row, column, str(message)))

    def warn(self, row: int, column: str, message) -> None:
        self.warnings.append(Problem(row, column, str(message)))

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def as_dict(self) -> dict:
        """Exactly the keys `linli import-roster --json` prints."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [p.as_dict() for p in _in_row_order(self.errors)],
            "warnings": [p.as_dict() for p in _in_row_order(self.warnings)],
        }


def _in_row_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.row)  # stable: a row's problems keep their order


def report_summary(report: ImportReport) -> list[tuple[str, int]]:
    """The counts with their labels in the active language."""
    return [
        (_("Rows"), report.rows),
        (_("Created"), report.created),
        (_("Updated"), report.updated),
        (_("Unchanged"), report.unchanged),
        (_("Rejected"), report.rejected),
    ]


def report_xlsx(report: ImportReport) -> bytes:
    """A workbook with the counts, then one line per error or warning, in the user's language."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Import report")[:31])
    if report.dry_run:
        sheet.append([_("Trial run: nothing was saved.")])
    for label, number in report_summary(report):
        sheet.append([label, number])
    sheet.append([])
    sheet.append([_("Row"), _("Column"), _("Kind"), _("Message")])
    problems = [(p, _("error")) for p in report.errors]
    problems += [(p, _("warning")) for p in report.warnings]
    for problem, kind in sorted(problems, key=lambda item: item[0].row):
        sheet.append([problem.row or None, problem.column, kind, problem.message])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
