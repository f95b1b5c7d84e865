"""Everyone overdue as an xlsx workbook (write-only, streamed), phones masked unless allowed."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from linli.lib.masking import mask_phone

from . import cadence
from .models import Plan

CHUNK_SIZE = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = {"A": 10, "B": 12, "C": 10, "D": 32, "E": 12, "F": 10, "G": 12, "H": 28}


def rule_title(code: str, rules: dict[str, cadence.Rule], fallback: str = "") -> str:
    """A rule as people read it: "monthly call — 高龄 80+"."""
    rule = rules.get(code)
    if rule is None:
        return fallback or code
    return f"{cadence.EVERY_LABELS[(rule.kind, rule.every)]} — {rule.label}"


def plan_title(plan: Plan, rules: dict[str, cadence.Rule]) -> str:
    """What sets an elder's cadence: the rule, or the override and its reason."""
    if plan.rule_code == "override":
        return _("every %(days)s days, set by hand: %(reason)s") % {
            "days": plan.interval_days, "reason": plan.override_reason}  # fmt: skip
    return rule_title(plan.rule_code, rules, plan.rule_label)


def _headers() -> list[str]:
    return [_("Name"), _("Service area"), _("Worker"), _("Plan"), _("Next due"),
            _("Days overdue"), _("Last reached"), _("Phones")]  # fmt: skip


def _row(plan: Plan, rules, *, masked: bool, today: dt.date) -> list:
    elder = plan.elder
    phones = [mask_phone(p) for p in elder.phone_list] if masked else elder.phone_list
    last = timezone.localdate(plan.last_reached_at) if plan.last_reached_at else None
    return [
        elder.name,
        elder.area.name if elder.area_id else "",
        str(plan.worker) if plan.worker_id else "",
        plan_title(plan, rules),
        plan.next_due,
        (today - plan.next_due).days,
        last,
        " / ".join(phones),
    ]


def overdue_workbook(
    plans: Iterable[Plan], *, rules: dict[str, cadence.Rule], masked: bool, today: dt.date
) -> tuple[bytes, int]:
    """An xlsx of the overdue plans given (phones masked unless `masked` is False)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Overdue"))
    sheet.freeze_panes = "A2"
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    header = []
    for title in _headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for plan in plans:
        sheet.append(_row(plan, rules, masked=masked, today=today))
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
