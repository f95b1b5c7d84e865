"""API routes for instruments (listing, definitions, stateless scoring), an elder's assessments
and an elder's risk level."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from linli.api.api import error_body
from linli.elders.models import Elder
from linli.elders.services import elder_view_logged
from linli.lib.errors import UserError
from linli.lib.language import in_language
from linli.stations.models import Membership
from linli.stations.selectors import role_at

from . import definitions, selectors, services
from .api_schemas import (
    AnswersErrorOut,
    AssessmentDetail,
    AssessmentIn,
    AssessmentListQuery,
    AssessmentOut,
    ErrorOut,
    Forbidden,
    InstrumentBrief,
    InstrumentOut,
    RiskOut,
    ScoreIn,
    ScoreOut,
)
from .engine import Band, Instrument, Item
from .models import Assessment

router = Router(tags=["assessments"])
STAFF = (Membership.Role.HEAD, Membership.Role.WORKER)
USER_ERROR_FIELDS = {
    "unknown_instrument": "instrument",
    "date": "assessed_on",
    "respondent": "respondent",
    "campaign": "campaign",
}


@router.get("/instruments", response=list[InstrumentBrief], summary="Instruments in use")
def list_instruments(request):
    found = selectors.instruments_for(request.station)
    return [_brief(instrument) for instrument in found.values()]


@router.get(
    "/instruments/{code}",
    response={200: InstrumentOut, 404: ErrorOut},
    summary="One instrument's full definition",
)
def get_instrument(request, code: str):
    instrument = _instrument(request, code)
    return _definition(instrument)


@router.post(
    "/instruments/{code}/score",
    response={200: ScoreOut, 404: ErrorOut, 422: AnswersErrorOut},
    summary="Score a set of answers (nothing is saved)",
)
def score_answers(request, code: str, payload: ScoreIn):
    instrument = _instrument(request, code)
    result = instrument.score(payload.answers)
    if not result.complete:
        return Status(422, _answers_error(result.missing, result.errors))
    return result.as_dict()


def _instrument(request, code: str) -> Instrument:
    instrument, _questionnaire = selectors.instrument_for(request.station, code)
    if instrument is None:
        raise Http404
    return instrument


def _bands(instrument: Instrument) -> list[dict]:
    return [
        {
            "code": b.code,
            "label": str(b.label),
            "min": b.minimum,
            "max": b.maximum,
            "grade": b.grade,
        }
        for b in instrument.bands
    ]


def _brief(instrument: Instrument) -> dict:
    total_range = instrument.total_range
    return {
        "code": instrument.code,
        "version": instrument.version,
        "kind": instrument.kind,
        "name": str(instrument.name),
        "short": str(instrument.short),
        "source": str(instrument.source),
        "higher_is": instrument.higher_is,
        "own": instrument.code not in definitions.builtin(),
        "total_range": list(total_range) if total_range else None,
        "bands": _bands(instrument),
        "item_count": len(instrument.items),
    }


def _item(item: Item) -> dict:
    number = item.type == "number"
    return {
        "key": item.key,
        "type": item.type,
        "text": str(item.text),
        "help": str(item.help) if item.help else "",
        "section": item.section,
        "required": item.required,
        "scored": item.scored,
        "reverse": item.reverse,
        "options": [
            {"value": o.value, "score": o.score, "label": str(o.label)} for o in item.options
        ],
        "min": item.minimum if number else None,
        "max": item.maximum if number else None,
        "parts": list(item.parts),
        "default": item.default,
    }


def _definition(instrument: Instrument) -> dict:
    return {
        **_brief(instrument),
        "description": str(instrument.description),
        "sections": {k: str(v) for k, v in instrument.sections.items()},
        "items": [_item(item) for item in instrument.items],
        "total_items": list(instrument.total_items),
        "subscales": [
            {
                "key": s.key,
                "label": str(s.label),
                "items": list(s.items),
                "flag_below": s.flag_below,
                "flag_label": str(s.flag_label) if s.flag_label else None,
            }
            for s in instrument.subscales
        ],
        "adjustments": [
            {
                "code": a.code,
                "set_band": a.set_band or None,
                "step": a.step,
                "when_any": [
                    {"item": c.item, "op": c.op, "value": c.value, "label": str(c.label)}
                    for c in a.when_any
                ],
            }
            for a in instrument.adjustments
        ],
    }


def _answers_error(missing: list[str], errors: list[dict]) -> dict:
    """The error shape, with `fields` naming every item, plus the engine's own lists."""
    fields: dict[str, list[str]] = {}
    for key in missing:
        fields.setdefault(key, []).append(_("This answer is missing."))
    for problem in errors:
        fields.setdefault(problem["item"] or "answers", []).append(problem["message"])
    body = error_body("invalid_answers", _("Some answers are missing or not valid."), fields)
    return {**body, "missing": list(missing), "errors": list(errors)}


# --- an elder's assessments -------------------------------------------------------------------
def _staff_elder(request, elder_id: int) -> Elder:
    """The elder, if the caller is staff of their station: 404 if unseen, 403 if only paired."""
    elder = get_object_or_404(
        Elder.objects.visible_to(request.user).select_related("station"), pk=elder_id
    )
    if role_at(request.user, elder.station) not in STAFF:
        raise Forbidden(403, _("Only the station's staff may see assessments and risk."))
    return elder


@router.get(
    "/elders/{elder_id}/assessments",
    response={200: list[AssessmentOut], 403: ErrorOut, 404: ErrorOut},
    summary="An elder's assessments, newest first (drafts too)",
)
def list_assessments(request, elder_id: int, query: Query[AssessmentListQuery]):
    elder = _staff_elder(request, elder_id)
    rows = list(selectors.assessments_of(actor=request.user, elder=elder)[: query.limit])
    elder_view_logged(actor=request.user, elder=elder, what="assessments")
    known: dict = {}
    return [_assessment_out(row, _definition_of(row, known)) for row in rows]


@router.post(
    "/elders/{elder_id}/assessments",
    response={201: AssessmentDetail, 403: ErrorOut, 404: ErrorOut, 422: AnswersErrorOut},
    summary="Save a draft or a complete, scored assessment",
)
def post_assessment(request, elder_id: int, payload: AssessmentIn):
    elder = _staff_elder(request, elder_id)
    if not isinstance(payload.answers, dict):
        problem = {"item": "", "message": _("The answers must be an object.")}
        return Status(422, _answers_error([], [problem]))
    try:
        row = services.assessment_save(
            actor=request.user,
            elder=elder,
            instrument=payload.instrument,
            answers=payload.answers,
            complete=payload.complete,
            assessed_on=payload.assessed_on or timezone.localdate(),
            respondent=payload.respondent,
            respondent_note=payload.respondent_note,
            note=payload.note,
        )
    except services.AnswersError as exc:
        return Status(422, _answers_error(exc.missing, exc.errors))
    except UserError as exc:
        field = USER_ERROR_FIELDS.get(exc.code, "")
        message = str(exc.message)
        return Status(422, {**error_body(exc.code, message, {field: [message]}), **_no_items()})
    return Status(201, _assessment_detail(row, _definition_of(row, {})))


def _no_items() -> dict:
    return {"missing": [], "errors": []}


def _definition_of(row: Assessment, known: dict) -> Instrument | None:
    """The row's instrument, parsed once per questionnaire version in a list."""
    key = ("q", row.questionnaire_id) if row.questionnaire_id else ("b", row.instrument)
    if key not in known:
        known[key] = selectors.definition_of(row)
    return known[key]


def _band_ref(instrument: Instrument | None, code: str) -> dict | None:
    if not code:
        return None
    band: Band | None = (
        next((b for b in instrument.bands if b.code == code), None) if instrument else None
    )
    return band.as_dict() if band else {"code": code, "label": code}


def _assessment_out(row: Assessment, instrument: Instrument | None) -> dict:
    return {
        "id": row.pk,
        "instrument": row.instrument,
        "instrument_name": str(instrument.name) if instrument else row.instrument,
        "version": row.instrument_version,
        "status": row.status,
        "assessed_on": row.assessed_on,
        "assessor": str(row.assessor) if row.assessor_id else None,
        "respondent": row.respondent,
        "total": row.total,
        "band": _band_ref(instrument, row.band),
        "subscales": row.subscales or {},
        "campaign": row.campaign_id,
    }


def _assessment_detail(row: Assessment, instrument: Instrument | None) -> dict:
    result = row.result or {}
    return {
        **_assessment_out(row, instrument),
        "respondent_note": row.respondent_note,
        "note": row.note,
        "answers": row.answers or {},
        "preliminary_band": result.get("preliminary_band", ""),
        "adjustment": result.get("adjustment"),
        "flags": result.get("flags", []),
        "item_scores": result.get("item_scores", {}),
        "completed_at": row.completed_at,
    }


# --- an elder's risk level --------------------------------------------------------------------
@router.get(
    "/elders/{elder_id}/risk",
    response={200: RiskOut, 403: ErrorOut, 404: ErrorOut},
    summary="An elder's risk level and its reasons",
)
def get_risk(request, elder_id: int):
    elder = _staff_elder(request, elder_id)
    levels = dict(Elder.Risk.choices)
    return {
        "level": elder.risk_level or None,
        "label": str(levels[elder.risk_level]) if elder.risk_level in levels else None,
        "floor": elder.risk_floor or None,
        "reasons": [_reason(r) for r in elder.risk_reasons or []],
        "updated_at": elder.risk_updated_at,
    }


def _reason(reason: dict) -> dict:
    text = reason.get("text", "")
    if isinstance(text, dict):
        text = in_language(
            text.get("zh") or text.get("en", ""), text.get("en") or text.get("zh", "")
        )
    return {"rule": reason.get("rule", ""), "points": reason.get("points", 0), "text": str(text)}
