"""Schemas of the assessments API (instruments, scoring, an elder's assessments and risk)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import WithJsonSchema

from .models import Assessment

MAX_LIMIT = 200
Respondent = Literal[tuple(Assessment.Respondent.values)]  # type: ignore[valid-type]
# Answers are taken as any JSON and checked by the engine, so that a list, a string or junk
# gets the same item-by-item 422 as a wrong answer (never a 500, never a wrong score).
Answers = Annotated[
    Any,
    WithJsonSchema(
        {
            "type": "object",
            "additionalProperties": True,
            "description": "Item key → the option's value (a list for multiple choice)",
        }
    ),
]


class Forbidden(HttpError):
    code = "forbidden"


# --- schemas ----------------------------------------------------------------------------------
class BandOut(Schema):
    code: str
    label: str
    min: int
    max: int
    grade: int | None


class BandRef(Schema):
    code: str
    label: str
    grade: int | None = None


class InstrumentBrief(Schema):
    code: str
    version: str
    kind: str
    name: str
    short: str
    source: str
    higher_is: str = Field(description='"better", "worse" or "" (no direction)')
    own: bool = Field(description="A questionnaire of the current station (not built in)")
    total_range: list[int] | None = Field(description="[lowest, highest]; null if not scored")
    bands: list[BandOut]
    item_count: int


class OptionOut(Schema):
    value: int | str
    score: int
    label: str


class ItemOut(Schema):
    key: str
    type: str
    text: str
    help: str
    section: str
    required: bool
    scored: bool
    reverse: bool
    options: list[OptionOut]
    min: int | None = Field(description="Number items only")
    max: int | None = Field(description="Number items only")
    parts: list[str] = Field(description="Sum items only: the items added up")
    default: Any = None


class SubscaleOut(Schema):
    key: str
    label: str
    items: list[str]
    flag_below: int | None
    flag_label: str | None


class ConditionOut(Schema):
    item: str
    op: str
    value: Any
    label: str


class AdjustmentOut(Schema):
    code: str
    set_band: str | None
    step: int
    when_any: list[ConditionOut]


class InstrumentOut(InstrumentBrief):
    description: str
    sections: dict[str, str]
    items: list[ItemOut]
    total_items: list[str]
    subscales: list[SubscaleOut]
    adjustments: list[AdjustmentOut]


class AnswerProblem(Schema):
    item: str
    message: str


class FlagOut(Schema):
    code: str
    label: str


class ScoreIn(Schema):
    answers: Answers


class ScoreOut(Schema):
    total: int | None
    subscales: dict[str, int]
    band: BandRef | None
    preliminary_band: BandRef | None
    adjustment: dict[str, Any] | None = Field(
        description='{"code", "from", "to", "reasons"} when a rule changed the band'
    )
    flags: list[FlagOut]
    item_scores: dict[str, int]
    missing: list[str]
    errors: list[AnswerProblem]


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorDetail


class AnswersErrorOut(ErrorOut):
    missing: list[str]
    errors: list[AnswerProblem]


class AssessmentOut(Schema):
    id: int
    instrument: str
    instrument_name: str
    version: str
    status: str
    assessed_on: dt.date
    assessor: str | None
    respondent: str
    total: int | None
    band: BandRef | None
    subscales: dict[str, int]
    campaign: int | None


class AssessmentDetail(AssessmentOut):
    respondent_note: str
    note: str
    answers: dict[str, Any]
    preliminary_band: str
    adjustment: dict[str, Any] | None
    flags: list[str]
    item_scores: dict[str, int]
    completed_at: dt.datetime | None


class AssessmentListQuery(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)


class AssessmentIn(Schema):
    instrument: str = Field(max_length=40)
    answers: Answers = Field(default_factory=dict)
    complete: bool
    assessed_on: dt.date | None = Field(None, description="Default: today")
    respondent: Respondent = "self"
    respondent_note: str = Field("", max_length=60)
    note: str = Field("", max_length=2000)


class RiskReasonOut(Schema):
    rule: str
    points: int
    text: str


class RiskOut(Schema):
    level: str | None
    label: str | None
    floor: str | None = Field(description="The worker's own judgement, a level never gone below")
    reasons: list[RiskReasonOut]
    updated_at: dt.datetime | None


# --- instruments ------------------------------------------------------------------------------
