"""The registry as an xlsx workbook, masked by default, built without a query per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from linli.lib.masking import mask_phone
from linli.lib.xlsx import table_workbook

from .models import Category, Elder
from .vocabulary import category_label

CHUNK_SIZE = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_rows(qs: QuerySet[Elder]) -> Iterable[Elder]:
    """The queryset with what a row needs, streamed in chunks."""
    return (
        qs.select_related("area", "assigned_worker")
        .prefetch_related(Prefetch("categories", queryset=Category.objects.all()))
        .order_by("name_pinyin", "id")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _headers() -> list[str]:
    return [
        _("Name"),
        _("Sex"),
        _("Birth date"),
        _("Age"),
        _("ID number"),
        _("Phones"),
        _("Service area"),
        _("Address"),
        _("Living arrangement"),
        _("Categories"),
        _("Migratory"),
        _("Status"),
        _("Assigned worker"),
        _("Notes"),
    ]


def _row(elder: Elder, *, masked: bool, today: dt.date) -> list:
    id_number = elder.id_number_masked if masked else elder.id_number
    phones = [mask_phone(p) for p in elder.phone_list] if masked else elder.phone_list
    return [
        elder.name,
        elder.get_sex_display(),
        elder.birth_date,
        elder.age_on(today),
        id_number,
        " / ".join(phones),
        elder.area.name if elder.area_id else "",
        elder.address,
        elder.get_living_arrangement_display(),
        "、".join(category_label(c) for c in elder.category_codes(today)),
        _("yes") if elder.migratory else _("no"),
        elder.get_status_display(),
        str(elder.assigned_worker) if elder.assigned_worker_id else "",
        elder.notes,
    ]


def elders_workbook(elders: Iterable[Elder], *, masked: bool, today: dt.date) -> tuple[bytes, int]:
    """An xlsx of the given elders (ID and phones masked unless `masked` is False)."""
    return table_workbook(
        title=_("Elders"), headers=_headers(),
        widths=(10, 6, 12, 6, 22, 26, 12, 30, 14, 24, 8, 8, 10, 40),
        rows=(_row(elder, masked=masked, today=today) for elder in elders),
    )  # fmt: skip
