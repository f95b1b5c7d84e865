"""Reads of the assessments app: which instruments a station has, an elder's assessments."""

from __future__ import annotations

from django.db.models import QuerySet

from . import definitions
from .engine import DefinitionError, Instrument
from .models import Assessment, Questionnaire


def instruments_for(station) -> dict[str, Instrument]:
    """The built-in instruments and the station's own questionnaires in use, by code."""
    found = dict(definitions.builtin())
    if station is not None:
        for row in Questionnaire.objects.filter(station=station, active=True):
            try:
                found[row.code] = definitions.parse(row.definition)
            except DefinitionError:  # checked on upload; a later engine change must not 500
                continue
    return found


def instrument_for(station, code: str) -> tuple[Instrument | None, Questionnaire | None]:
    """One instrument by code: built-in first, else the station's questionnaire in use."""
    builtin = definitions.builtin().get(code)
    if builtin is not None:
        return builtin, None
    if station is None:
        return None, None
    row = Questionnaire.objects.filter(station=station, code=code, active=True).first()
    if row is None:
        return None, None
    try:
        return definitions.parse(row.definition), row
    except DefinitionError:
        return None, None


def definition_of(assessment: Assessment) -> Instrument | None:
    """The instrument an assessment was filled with (its questionnaire version if a station's)."""
    if assessment.questionnaire_id:
        try:
            return definitions.parse(assessment.questionnaire.definition)
        except DefinitionError:
            return None
    return definitions.builtin().get(assessment.instrument)


def assessments_of(*, actor, elder) -> QuerySet[Assessment]:
    """An elder's assessments, newest first, as the actor may see them."""
    return (
        Assessment.objects.visible_to(actor)
        .filter(elder=elder)
        .select_related("assessor", "campaign", "questionnaire")
        .order_by("-assessed_on", "-id")
    )


def latest_by_instrument(assessments) -> dict[str, list[Assessment]]:
    """Complete assessments grouped by instrument, newest first (for the latest and the trend)."""
    grouped: dict[str, list[Assessment]] = {}
    for row in assessments:
        if row.status == Assessment.Status.COMPLETE:
            grouped.setdefault(row.instrument, []).append(row)
    return grouped
