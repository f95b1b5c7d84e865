"""Assessment pages: instruments, filling one in on a phone, an elder's results, risk rules."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from linli.elders import selectors as elder_selectors
from linli.elders.models import Elder
from linli.elders.services import elder_view_logged
from linli.lib.errors import UserError
from linli.stations.decorators import station_required
from linli.stations.roles import role_has

from . import definitions, presenting, risk, risking, services
from .engine import DefinitionError
from .forms import AssessmentMetaForm, answers_from_post
from .models import Assessment, Campaign, Questionnaire, RiskRuleSet
from .selectors import assessments_of, definition_of, instrument_for, instruments_for


def _elder_or_404(request, pk: int) -> Elder:
    elder = elder_selectors.elder_get_or_404(actor=request.user, pk=pk)
    if elder.station_id != request.station.pk:
        raise Http404
    return elder


def _assessment_or_404(request, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(request.user)
        .filter(station=request.station)
        .select_related("elder", "elder__station", "assessor", "campaign", "questionnaire"),
        pk=pk,
    )


@station_required("assess_elders")
def index(request):
    """The station's instruments: built in and its own, with what can be done with them."""
    available = instruments_for(request.station)
    own = Questionnaire.objects.filter(station=request.station).select_related("created_by")
    return render(
        request,
        "assessments/index.html",
        {
            "scales": [i for i in available.values() if i.kind == "scale"],
            "questionnaires": [i for i in available.values() if i.kind != "scale"],
            "builtin": set(definitions.builtin()),
            "own": own,
            "can_manage": role_has(request.role, "manage_rules"),
        },
    )


@station_required("assess_elders")
def instrument_detail(request, code: str):
    instrument, questionnaire = instrument_for(request.station, code)
    if instrument is None:
        raise Http404
    return render(
        request,
        "assessments/instrument.html",
        {
            "instrument": instrument,
            "questionnaire": questionnaire,
            "sections": _sections(instrument),
        },
    )


@station_required("assess_elders")
def instrument_source(request, code: str):
    """The definition file, to download and use as the start of a station's own."""
    instrument, questionnaire = instrument_for(request.station, code)
    if instrument is None:
        raise Http404
    text = (
        questionnaire.source_text
        if questionnaire
        else (definitions.BUILTIN_DIR / f"{code}.yaml").read_text(encoding="utf-8")
    )
    response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}.yaml"'
    return response


@station_required("manage_rules")
@require_http_methods(["GET", "POST"])
def questionnaire_upload(request):
    problems, text = [], ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        text = request.POST.get("text", "")
        if upload is not None:
            raw = upload.read(definitions.MAX_BYTES + 1)
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                problems = [_("The file is not UTF-8 text.")]
        if not problems and not text.strip():
            problems = [_("Choose a file or paste the questionnaire.")]
        if not problems:
            try:
                row = services.questionnaire_upload(
                    actor=request.user, station=request.station, source_text=text
                )
            except services.QuestionnaireError as exc:
                problems = exc.problems
            else:
                messages.success(
                    request,
                    _("Questionnaire %(code)s saved as version %(v)s.")
                    % {"code": row.code, "v": row.version},
                )
                return redirect("assessments:instrument", code=row.code)
    return render(request, "assessments/upload.html", {"problems": problems, "text": text})


def _sections(instrument) -> list[dict]:
    """Items grouped under their section headings, in order."""
    groups: list[dict] = []
    for item in instrument.items:
        heading = instrument.sections.get(item.section) if item.section else None
        if not groups or groups[-1]["key"] != item.section:
            groups.append({"key": item.section, "heading": heading, "items": []})
        groups[-1]["items"].append(item)
    return groups


@station_required("assess_elders")
def elder_assessments(request, pk: int):
    """Every assessment of an elder with every answer (the full history)."""
    elder = _elder_or_404(request, pk)
    elder_view_logged(actor=request.user, elder=elder, what="assessments")
    rows = []
    for row in assessments_of(actor=request.user, elder=elder):
        instrument = definition_of(row)
        if instrument is None:
            continue
        rows.append(
            {
                "assessment": row,
                "instrument": instrument,
                "result": presenting.result_view(instrument, row),
                "answers": presenting.answer_rows(instrument, row),
            }
        )
    return render(
        request,
        "assessments/elder.html",
        {
            "elder": elder,
            "rows": rows,
            "panel": presenting.elder_panel(elder, actor=request.user, role=request.role),
        },
    )


@station_required("assess_elders")
@require_http_methods(["GET", "POST"])
def assessment_new(request, pk: int, code: str):
    elder = _elder_or_404(request, pk)
    instrument, _questionnaire = instrument_for(request.station, code)
    if instrument is None:
        raise Http404
    campaign = _campaign(request, request.GET.get("campaign") or request.POST.get("campaign"))
    return _fill(request, elder=elder, instrument=instrument, campaign=campaign)


def _campaign(request, raw) -> Campaign | None:
    if not raw:
        return None
    try:
        return Campaign.objects.visible_to(request.user).get(pk=int(raw), station=request.station)
    except (Campaign.DoesNotExist, ValueError):
        raise Http404 from None


@station_required("assess_elders")
@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk: int):
    """Go on with a draft."""
    row = _assessment_or_404(request, pk)
    if row.complete:
        return redirect("assessments:detail", pk=row.pk)
    instrument = definition_of(row)
    if instrument is None:
        raise Http404
    return _fill(
        request, elder=row.elder, instrument=instrument, campaign=row.campaign, assessment=row
    )


def _fill(request, *, elder, instrument, campaign, assessment=None):
    """The form for one instrument: save a draft, or finish and score."""
    initial = {"assessed_on": timezone.localdate(), "respondent": Assessment.Respondent.SELF}
    if assessment is not None:
        initial = {
            "assessed_on": assessment.assessed_on,
            "respondent": assessment.respondent,
            "respondent_note": assessment.respondent_note,
            "note": assessment.note,
        }
    meta = AssessmentMetaForm(request.POST or None, initial=initial)
    answers = assessment.answers if assessment else {}
    problems: dict[str, str] = {}
    if request.method == "POST":
        answers, problems = answers_from_post(instrument, request.POST)
        complete = request.POST.get("action") == "complete"
        if meta.is_valid() and not problems:
            try:
                saved = services.assessment_save(
                    actor=request.user,
                    elder=elder,
                    instrument=instrument.code,
                    answers=answers,
                    complete=complete,
                    campaign=campaign,
                    assessment=assessment,
                    **meta.cleaned_data,
                )
            except services.AnswersError as exc:
                problems = _problems(exc)
            except UserError as exc:
                messages.error(request, exc.message)
            else:
                return _saved(request, saved, complete)
    return render(
        request,
        "assessments/fill.html",
        {
            "elder": elder,
            "instrument": instrument,
            "campaign": campaign,
            "assessment": assessment,
            "meta": meta,
            "sections": _form_sections(instrument, answers, problems),
            "problems": problems,
            "answered": sum(1 for k in answers if k in instrument.by_key),
            "askable": sum(1 for i in instrument.items if i.type != "sum"),
            "autosave_key": _autosave_key(elder, instrument, assessment),
        },
        status=422 if problems else 200,
    )


def _form_sections(instrument, answers: dict, problems: dict) -> list[dict]:
    """The sections with each item's current answer (as the inputs hold it) and problem."""
    number = 0
    groups = _sections(instrument)
    for group in groups:
        rows = []
        for item in group["items"]:
            if item.type == "sum":
                continue
            number += 1
            value = _as_posted(answers[item.key]) if item.key in answers else ""
            rows.append(
                {"item": item, "number": number, "value": value, "problem": problems.get(item.key)}
            )
        group["rows"] = rows
    return [g for g in groups if g["rows"]]


def _problems(exc: services.AnswersError) -> dict[str, str]:
    problems = {key: _("Please answer this.") for key in exc.missing}
    problems.update({e["item"]: e["message"] for e in exc.errors})
    return problems


def _as_posted(value):
    """An answer as the form's inputs hold it (strings; lists stay lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [str(v) for v in value] or ["__none__"]
    return str(value)


def _autosave_key(elder, instrument, assessment) -> str:
    return f"linli-assess-{elder.pk}-{instrument.code}-{assessment.pk if assessment else 'new'}"


def _saved(request, saved: Assessment, complete: bool):
    if complete:
        elder = Elder.objects.only("risk_level").get(pk=saved.elder_id)
        level = elder.get_risk_level_display() if elder.risk_level else "—"
        messages.success(
            request, _("Assessment saved and scored. Risk level now: %(level)s.") % {"level": level}
        )
    else:
        messages.success(request, _("Draft saved. Only a finished assessment is scored."))
    response = redirect("assessments:detail", pk=saved.pk)
    # The page that follows clears the answers this browser kept while the form was open.
    request.session["assessment_saved_key"] = request.POST.get("autosave_key", "")
    return response


@station_required("assess_elders")
def assessment_detail(request, pk: int):
    row = _assessment_or_404(request, pk)
    instrument = definition_of(row)
    if instrument is None:
        raise Http404
    elder_view_logged(actor=request.user, elder=row.elder, what="assessment")
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": row,
            "elder": row.elder,
            "instrument": instrument,
            "result": presenting.result_view(instrument, row),
            "answers": presenting.answer_rows(instrument, row),
            "clear_key": request.session.pop("assessment_saved_key", ""),
        },
    )


@station_required("assess_elders")
@require_POST
def assessment_discard(request, pk: int):
    row = _assessment_or_404(request, pk)
    elder_pk = row.elder_id
    try:
        services.assessment_discard(actor=request.user, assessment=row)
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("assessments:detail", pk=row.pk)
    messages.success(request, _("Draft discarded."))
    return redirect("elders:detail", pk=elder_pk)


@station_required("assess_elders")
@require_http_methods(["GET", "POST"])
def risk_rules(request):
    """The rules in force; heads can edit them, preview the effect, and save a new version."""
    latest = RiskRuleSet.in_force(request.station)
    text = latest.source_text if latest else risk.default_source()
    problems, preview = [], None
    can_edit = role_has(request.role, "manage_rules")
    if request.method == "POST":
        if not can_edit:
            raise Http404
        text = request.POST.get("text", "")
        try:
            rules = risk.parse_yaml(text)
        except DefinitionError as exc:
            problems = exc.problems
        else:
            if request.POST.get("action") == "save":
                row = risking.risk_rules_save(
                    actor=request.user,
                    station=request.station,
                    source_text=text,
                    note=request.POST.get("note", "")[:200],
                )
                messages.success(
                    request, _("Risk rules saved as version %(v)s.") % {"v": row.version}
                )
                return redirect("assessments:risk_rules")
            preview = risking.risk_preview(
                station=request.station, rules=rules, today=timezone.localdate()
            )
    rules_in_force = risking.rules_in_force(request.station)
    return render(
        request,
        "assessments/risk_rules.html",
        {
            "rules": rules_in_force,
            "described": [
                (rule, risk.describe(rule, definitions.builtin())) for rule in rules_in_force.rules
            ],
            "latest": latest,
            "text": text,
            "problems": problems,
            "preview": _preview_rows(preview) if preview else None,
            "can_edit": can_edit,
            "levels": dict(Elder.Risk.choices),
        },
        status=422 if problems else 200,
    )


def _preview_rows(preview: dict) -> list[dict]:
    labels = dict(Elder.Risk.choices)
    return [
        {
            "label": labels[level],
            "now": preview["now"][level],
            "then": preview["then"][level],
            "change": preview["then"][level] - preview["now"][level],
        }
        for level in risk.LEVELS
    ]
