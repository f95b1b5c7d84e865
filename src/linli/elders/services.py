"""Every write to the elder registry goes through here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from linli.accounts.services import access_log_record

from . import signals
from .models import ELDER_HISTORY, Category, Elder
from .rules import (
    DERIVED_ONLY,
    SIMPLE_FIELDS,
    PreloadedLookups,
    QueryLookups,
    apply_data,
    changed_fields,
)

BATCH = 500
__all__ = ["DERIVED_ONLY", "SIMPLE_FIELDS"]


class VersionConflict(Exception):
    """The record changed since the caller read it."""

    def __init__(self, current: Elder):
        super().__init__("stale version")
        self.current = current


@transaction.atomic
def elder_create(*, actor, station, data: dict[str, Any], reason: str = "") -> Elder:
    """Create an elder at a station from raw field values (validated here)."""
    elder = Elder(station=station)
    categories = apply_data(elder, data, today=timezone.localdate(), lookups=QueryLookups(station))
    _save(elder, actor=actor, reason=reason or _("Created"), categories=categories, kind="+")
    return elder


@transaction.atomic
def elder_bulk_create(
    *, actor, station, rows: list[dict[str, Any]], reason: str
) -> tuple[list[Elder], dict[int, ValidationError]]:
    """Create many elders at once (imports): validated one by one, written in batches.

    Returns the created elders and, by the index of their row, the rows that were refused.
    One history row per elder, with its categories, exactly as elder_create writes.
    """
    if not rows:
        return [], {}
    lookups = PreloadedLookups(station)
    today = timezone.localdate()
    valid: list[tuple[Elder, list[Category]]] = []
    refused: dict[int, ValidationError] = {}
    for index, data in enumerate(rows):
        elder = Elder(station=station)
        try:
            valid.append((elder, apply_data(elder, data, today=today, lookups=lookups) or []))
        except ValidationError as exc:
            refused[index] = exc
    created = bulk_create_with_history(
        [e for e, _c in valid], Elder, batch_size=BATCH, default_user=_user(actor),
        default_change_reason=reason or _("Created"), default_date=timezone.now(),
    )  # fmt: skip
    _bulk_categories(created, [c for _e, c in valid])
    # Listeners get the rows as stored, with station and categories loaded (one query each).
    stored = list(
        Elder.objects.filter(pk__in=[e.pk for e in created])
        .select_related("station")
        .prefetch_related("categories")
    )
    signals.elders_created.send(sender=Elder, elders=stored)
    return created, refused


def _bulk_categories(created: list[Elder], categories: list[list[Category]]) -> None:
    """Category links, and the same links in each new elder's first history row."""
    through = Elder.categories.through
    links = [
        through(elder_id=elder.pk, category_id=category.pk)
        for elder, chosen in zip(created, categories, strict=True)
        for category in chosen
    ]
    if not links:
        return
    links = through.objects.bulk_create(links, batch_size=BATCH)
    first_history = dict(
        Elder.history.filter(id__in=[e.pk for e in created], history_type="+").values_list(
            "id", "history_id"
        )
    )
    historical = ELDER_HISTORY.m2m_models[Elder._meta.get_field("categories")]
    historical.objects.bulk_create(
        [
            historical(id=link.pk, elder_id=link.elder_id, category_id=link.category_id,
                       history_id=first_history[link.elder_id])
            for link in links
        ],
        batch_size=BATCH,
    )  # fmt: skip


@transaction.atomic
def elder_update(
    *, actor, elder: Elder, data: dict[str, Any], version: int | None = None, reason: str = ""
) -> Elder:
    """Change an elder; with `version`, refuse (VersionConflict) if someone else changed it."""
    locked = Elder.objects.select_for_update().get(pk=elder.pk)
    if version is not None and locked.version != version:
        raise VersionConflict(locked)
    lookups = QueryLookups(locked.station)
    categories = apply_data(locked, data, today=timezone.localdate(), lookups=lookups)
    before = set(locked.categories.values_list("code", flat=True))
    if categories is not None and {c.code for c in categories} == before:
        categories = None
    if not changed_fields(locked) and categories is None:
        return locked
    locked.version += 1  # the row is locked, so a plain increment is safe
    _save(locked, actor=actor, reason=reason, categories=categories, kind="~")
    return locked


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _save(elder: Elder, *, actor, reason: str, categories: list | None, kind: str) -> None:
    """Save the row and its categories, then write exactly one history row for both."""
    elder.skip_history_when_saving = True
    try:
        elder.save()
        if categories is not None:
            elder.categories.set(categories)
    finally:
        del elder.skip_history_when_saving
    elder._history_user = _user(actor)
    elder._change_reason = reason
    ELDER_HISTORY.create_historical_record(elder, kind)
    signals.elder_changed.send(sender=Elder, elder=elder)


@transaction.atomic
def elder_mark_status(*, actor, elder: Elder, status: str, on: dt.date | None, reason: str = ""):
    """Mark an elder moved out or deceased (records stay) or active again."""
    return elder_update(
        actor=actor, elder=elder, data={"status": status, "status_date": on}, reason=reason
    )


def elder_view_logged(*, actor, elder: Elder, what: str = "record") -> None:
    """Record that a user opened an elder's personal data."""
    access_log_record(
        actor=actor, station=elder.station, action=f"elders.elder.viewed.{what}", obj=elder
    )


@transaction.atomic
def consent_record(
    *, actor, elder: Elder, given_by: str, relation: str, given_on: dt.date, purposes: list[str]
):
    """Record who consented, when and for which purposes (PIPL Arts. 13–15, 29)."""
    from .models import Consent

    consent = Consent(
        elder=elder,
        given_by=given_by.strip(),
        relation=relation,
        given_on=given_on,
        purposes=list(dict.fromkeys(purposes)),
        recorded_by=actor,
    )
    unknown = set(consent.purposes) - set(Consent.Purpose.values)
    if unknown or not consent.purposes:
        raise ValidationError({"purposes": [_("Choose at least one purpose from the list.")]})
    consent.full_clean()
    consent.save()
    access_log_record(
        actor=actor,
        station=elder.station,
        action="elders.consent.recorded",
        obj=elder,
        detail={"purposes": consent.purposes},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent, on: dt.date):
    """Mark a consent withdrawn from a date; the record itself is kept."""
    consent.withdrawn_on = on
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    access_log_record(
        actor=actor,
        station=consent.elder.station,
        action="elders.consent.withdrawn",
        obj=consent.elder,
    )
    return consent
