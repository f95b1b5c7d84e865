"""Every write of the assessments app: filled instruments, questionnaires, surveys."""

from __future__ import annotations

import datetime as dt

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from linli.elders.models import Elder
from linli.lib.errors import UserError

from . import definitions
from .engine import DefinitionError, Instrument
from .models import Assessment, Campaign, Questionnaire
from .risking import risk_refresh
from .selectors import instrument_for


class AnswersError(UserError):
    """Answers that cannot be saved: `missing` and `errors` name the items."""

    def __init__(self, message, *, missing=(), errors=()):
        super().__init__(message, "invalid_answers")
        self.missing = list(missing)
        self.errors = list(errors)


@transaction.atomic
def assessment_save(
    *,
    actor,
    elder: Elder,
    instrument: str,
    answers: dict,
    complete: bool,
    assessed_on: dt.date,
    respondent: str = Assessment.Respondent.SELF,
    respondent_note: str = "",
    note: str = "",
    campaign: Campaign | None = None,
    assessment: Assessment | None = None,
) -> Assessment:
    """Save a draft (answers so far) or a complete, scored assessment of one elder."""
    definition, questionnaire = instrument_for(elder.station, instrument)
    if definition is None:
        raise UserError(gettext_lazy("There is no such instrument."), "unknown_instrument")
    if assessment is not None and assessment.status == Assessment.Status.COMPLETE:
        raise UserError(gettext_lazy("A complete assessment cannot be changed."), "complete")
    if campaign is not None and (campaign.station_id != elder.station_id):
        raise UserError(gettext_lazy("That survey belongs to another station."), "campaign")
    if respondent not in Assessment.Respondent.values:
        raise UserError(gettext_lazy("Choose who answered."), "respondent")
    if assessed_on > timezone.localdate():
        raise UserError(gettext_lazy("The date of an assessment cannot be in the future."), "date")
    answers = {k: v for k, v in (answers or {}).items() if v not in (None, "")}
    result = definition.score(answers)
    if result.errors or (complete and result.missing):
        raise AnswersError(
            _("Some answers are missing or not valid."),
            missing=result.missing if complete else (),
            errors=result.errors,
        )
    row = assessment or Assessment(elder=elder, station_id=elder.station_id)
    row.instrument = definition.code
    row.instrument_version = definition.version
    row.questionnaire = questionnaire
    row.campaign = campaign
    row.assessed_on = assessed_on
    row.assessor = actor
    row.respondent = respondent
    row.respondent_note = respondent_note
    row.note = note
    row.answers = answers
    _apply_result(row, definition, result if complete else None)
    row.full_clean()
    row.save()
    if complete:
        risk_refresh(elder=elder, today=timezone.localdate())
    return row


def _apply_result(row: Assessment, definition: Instrument, result) -> None:
    if result is None:
        row.status = Assessment.Status.DRAFT
        row.total, row.band, row.subscales, row.result = None, "", {}, {}
        return
    row.status = Assessment.Status.COMPLETE
    row.completed_at = timezone.now()
    row.total = result.total
    row.band = result.band.code if result.band else ""
    row.subscales = result.subscales
    row.result = {
        "preliminary_band": result.preliminary_band.code if result.preliminary_band else "",
        "adjustment": result.adjustment,
        "flags": [f["code"] for f in result.flags],
        "item_scores": result.item_scores,
    }


@transaction.atomic
def assessment_discard(*, actor, assessment: Assessment) -> None:
    """Throw away a draft; complete assessments stay (they are the record)."""
    if assessment.status != Assessment.Status.DRAFT:
        raise UserError(gettext_lazy("Only a draft can be discarded."), "complete")
    assessment.delete()


@transaction.atomic
def questionnaire_upload(*, actor, station, source_text: str) -> Questionnaire:
    """Add a station questionnaire, or a new version of one, from YAML in the instrument format."""
    try:
        parsed = definitions.parse_yaml(source_text)
    except DefinitionError as exc:
        raise QuestionnaireError(exc.problems) from None
    if parsed.code in definitions.builtin():
        raise QuestionnaireError(
            [
                _("code: %(code)s is a built-in instrument; choose another code")
                % {"code": parsed.code}
            ]
        )
    latest = (
        Questionnaire.objects.filter(station=station, code=parsed.code).order_by("-version").first()
    )
    row = Questionnaire.objects.create(
        station=station,
        code=parsed.code,
        version=(latest.version + 1) if latest else 1,
        name=parsed.name.zh[:200],
        definition=yaml.safe_load(source_text),
        source_text=source_text,
        created_by=actor,
    )
    Questionnaire.objects.filter(station=station, code=parsed.code).exclude(pk=row.pk).update(
        active=False
    )
    return row


class QuestionnaireError(UserError):
    def __init__(self, problems: list[str]):
        super().__init__(gettext_lazy("The questionnaire cannot be used."), "invalid_definition")
        self.problems = problems


@transaction.atomic
def campaign_create(*, actor, station, data: dict) -> Campaign:
    """Start a survey of a target population with one questionnaire."""
    definition, _questionnaire = instrument_for(station, data.get("instrument", ""))
    if definition is None:
        raise UserError(gettext_lazy("There is no such questionnaire."), "unknown_instrument")
    areas = data.pop("areas", [])
    if any(area.station_id != station.pk for area in areas):
        raise UserError(gettext_lazy("An area belongs to another station."), "area")
    campaign = Campaign(station=station, created_by=actor, **data)
    campaign.full_clean()
    campaign.save()
    campaign.areas.set(areas)
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    campaign.status = Campaign.Status.CLOSED
    campaign.ends_on = campaign.ends_on or timezone.localdate()
    campaign.save(update_fields=["status", "ends_on"])
    return campaign
