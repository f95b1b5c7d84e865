"""Everyone overdue as an xlsx workbook (write-only, streamed), phones masked unless allowed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from linli.lib.masking import mask_phone
from linli.lib.xlsx import table_workbook

from . import cadence
from .models import Plan

CHUNK_SIZE = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = (10, 12, 10, 32, 12, 10, 12, 28)


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
    return table_workbook(
        title=_("Overdue"), headers=_headers(), widths=WIDTHS,
        rows=(_row(plan, rules, masked=masked, today=today) for plan in plans),
    )  # fmt: skip
