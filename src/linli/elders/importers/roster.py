"""Import a station's roster spreadsheet into the registry, through the elder services.

How a file becomes records:
1. the first sheet with a recognisable header row is read (headers.py); rows above it are
   titles and notes, blank and footer rows (合计, 制表人 …) are skipped;
2. each row is read into a RosterRow (rows.py) with its own warnings, or rejected;
3. rows about the same person (same ID number, else same name + birth date + area) are merged,
   so a person listed twice is one record;
4. each person is matched to the station's registry the same way and created or updated
   through `elder_update`, or, for new people, `elder_bulk_create` in batches at the end,
   all in one transaction.

Updates never lose what the registry knows: an empty cell changes nothing, phones, emergency
contacts and categories are added to what is there (only an explicit 否 in a yes/no column
removes a category), and a remark is appended to the notes unless they already contain it.
This also makes a second import of the same file change nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from linli.lib.errors import UserError
from linli.lib.tabular import Table, TableError, read_table

from .. import services
from . import cells
from .headers import IGNORED, Header, find_header
from .registry import Registry
from .report import ImportReport
from .rows import AreaIndex, Context, RosterRow, read_row

# fmt: off
FOOTER_WORDS = ("合计", "总计", "小计", "共计", "制表人", "制表", "填表人", "填表", "审核人",
                "审核", "说明", "注：", "注:", "负责人", "统计人", "填报", "单位盖章", "日期：",
                "日期:", "total")
# fmt: on
# service field -> roster column field, to name the column a service error is about
SERVICE_FIELDS = {
    "phones": "phone",
    "living_arrangement": "living",
    "months_present": "months",
    "emergency_contacts": "contact_name",
    "name_pinyin": "name",
    "name_initials": "name",
}


class RosterError(UserError):
    """A file that cannot be imported at all."""


@dataclass
class Person:
    """Rows of the file about one person, merged in file order."""

    rows: list[RosterRow] = field(default_factory=list)

    @property
    def first(self) -> RosterRow:
        return self.rows[0]

    @property
    def id_number(self) -> str:
        return next((r.id_number for r in self.rows if r.id_number), "")

    def add(self, row: RosterRow, report: ImportReport) -> None:
        if self.rows:
            message = _("The same person as row %(row)s; the rows were merged.")
            report.warn(row.number, "", message % {"row": self.first.number})
        self.rows.append(row)


def roster_import(
    *, actor, station, path_or_file, filename: str, dry_run: bool = False, today: dt.date
) -> ImportReport:
    """Create or update a station's elders from a roster file; all or nothing."""
    table, header = _open(path_or_file, filename)
    report = ImportReport(dry_run=dry_run)
    _warn_columns(header, report)
    ctx = Context(header=header, areas=AreaIndex(list(station.areas.all())), today=today)
    rows = _read_rows(table, ctx, report)
    with transaction.atomic():
        run = _Run(
            actor=actor, station=station, header=header, report=report, registry=Registry(station)
        )
        for person in _people(rows, report):
            run.save(person)
        run.create_pending()
        if dry_run:
            transaction.set_rollback(True)
    return report


def _open(path_or_file, filename: str) -> tuple[Table, Header]:
    try:
        return read_table(path_or_file, filename, accept=lambda t: find_header(t.rows))
    except TableError as exc:
        if exc.code == "no_header":
            raise RosterError(
                _(
                    "No header row was found: the sheet needs a row with column names such as "
                    "姓名 and 身份证号码 (or Name and ID number)."
                ),
                "no_header",
            ) from exc
        raise RosterError(exc.message, exc.code) from exc


def _warn_columns(header: Header, report: ImportReport) -> None:
    for column in header.columns:
        if column.field == "extra":
            report.warn(
                header.row,
                column.title,
                _(
                    "This column is not a registry field; its values were kept with each record "
                    "under other columns."
                ),
            )
        elif column.field == "age" or column.code == "aged80":
            report.warn(
                header.row,
                column.title,
                _("This column was not imported: age and 高龄 follow from the birth date."),
            )


def _read_rows(table: Table, ctx: Context, report: ImportReport) -> list[RosterRow]:
    accepted = []
    for index in range(ctx.header.first_data_index, len(table.rows)):
        values, number = table.rows[index], index + 1
        kind = _row_kind(values, ctx.header)
        if kind == "skip":
            continue
        if kind == "note":
            report.warn(
                number,
                "",
                _(
                    "This row has a single value and was skipped: it looks like a heading or "
                    "a note."
                ),
            )
            continue
        report.rows += 1
        row = read_row(values, number, ctx) if kind == "elder" else _nameless(number, ctx)
        for column, message in row.warnings:
            report.warn(number, column, message)
        if row.errors:
            _reject(report, row.number, row.errors)
        else:
            accepted.append(row)
    return accepted


def _row_kind(values: list, header: Header) -> str:
    """ "skip" (blank or footer), "note" (one lone cell), "nameless" or "elder"."""
    first = next((v for v in values if v is not None), None)
    if first is None or cells.fold(cells.text_of(first)).lower().startswith(FOOTER_WORDS):
        return "skip"
    ignored = {c.index for c in header.columns if c.field in IGNORED}
    filled = [(i, v) for i, v in enumerate(values) if v is not None and i not in ignored]
    if not filled:
        return "skip"  # a numbered template row nobody filled in
    if len(filled) == 1:
        return "note"  # 二、海罗村: a heading, even in the name column
    names = {c.index for c in header.of("name")}
    return "elder" if any(i in names for i, _v in filled) else "nameless"


def _nameless(number: int, ctx: Context) -> RosterRow:
    row = RosterRow(number=number)
    row.error(ctx.header.of("name")[0], _("The name is empty."))
    return row


def _reject(report: ImportReport, number: int, errors: list[tuple[str, str]]) -> None:
    report.rejected += 1
    for column, message in errors:
        report.error(number, column, message)


def _people(rows: list[RosterRow], report: ImportReport) -> list[Person]:
    """Group rows by person: the same ID number, else the same name, birth date and area."""
    people: list[Person] = []
    by_id: dict[str, Person] = {}
    by_name: dict[tuple, Person] = {}
    for row in rows:
        key = (row.name, row.birth_date, row.area_id)
        person = by_id.get(row.id_hash) if row.id_number else None
        if person is None and key in by_name:
            known = by_name[key]
            if not (row.id_number and known.id_number and known.id_number != row.id_number):
                person = known
        if person is None:
            person = Person()
            people.append(person)
        person.add(row, report)
        if row.id_number:
            by_id.setdefault(row.id_hash, person)
        by_name.setdefault(key, person)
    return people


@dataclass
class _Run:
    """Saving the people of one import, through the services."""

    actor: object
    station: object
    header: Header
    report: ImportReport
    registry: Registry
    pending: list[tuple[Person, dict]] = field(default_factory=list)

    def save(self, person: Person) -> None:
        elder = self.registry.find(person.rows)
        data = self.registry.data_for(person.rows, elder)
        if elder is None:  # new people are created together, in batches, at the end
            self.pending.append((person, data))
            return
        try:
            saved, outcome = self._write(elder, data)
        except ValidationError as exc:
            self._reject(person, exc)
            return
        self._done(person, saved, data, outcome)

    def create_pending(self) -> None:
        """Create every new person at once; refused rows are reported like any other."""
        created, refused = services.elder_bulk_create(
            actor=self.actor, station=self.station, rows=[d for _p, d in self.pending],
            reason=_("Roster import"),
        )  # fmt: skip
        saved = iter(created)
        for index, (person, data) in enumerate(self.pending):
            if index in refused:
                self._reject(person, refused[index])
            else:
                self._done(person, next(saved), data, "created")
        self.pending = []

    def _done(self, person: Person, saved, data: dict, outcome: str) -> None:
        self.registry.remember(saved, data)
        self.report.count(outcome)
        for _row in person.rows[1:]:  # a merged row changed the record if the person changed
            self.report.count("unchanged" if outcome == "unchanged" else "updated")

    def _write(self, elder, data: dict):
        reason = _("Roster import")
        if self.registry.changes_nothing(elder, data):
            return elder, "unchanged"
        saved = services.elder_update(actor=self.actor, elder=elder, data=data, reason=reason)
        return saved, ("updated" if saved.version != elder.version else "unchanged")

    def _reject(self, person: Person, exc: ValidationError) -> None:
        errors = [
            (self._title(name), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
        for row in person.rows:
            _reject(self.report, row.number, errors)

    def _title(self, model_field: str) -> str:
        field_name = SERVICE_FIELDS.get(model_field, model_field)
        columns = self.header.of(field_name)
        return columns[0].title if columns else ""
