"""Case pages: the caseload, opening a case, one case with its process and timeline, the
station's stuck-case norms. Every change goes through the services, which enforce the process;
a page shows their refusals on the form that was sent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from linli.assessments.models import Assessment
from linli.assessments.selectors import assessments_of
from linli.elders.selectors import elder_get_or_404
from linli.elders.services import elder_view_logged
from linli.stations.decorators import station_required
from linli.stations.selectors import can

from . import forms, process, selectors, services
from .models import AssessmentSummary, Case, ClosingSummary
from .timeline import case_timeline

VIEWS = ("mine", "station", "stuck")
MAIN_PATH = (process.INTAKE, process.ASSESSMENT, process.PLAN, process.INTERVENTION,
             process.EVALUATION)  # fmt: skip
ENDED = (process.CLOSED, process.FOLLOWUP)
STAGE_LABELS = dict(Case._meta.get_field("stage").choices)


# --- the caseload ------------------------------------------------------------------------------
@station_required("edit_elders")
def case_list(request):
    """The station's caseload: mine, the whole station or the stuck cases, filtered by stage."""
    view = request.GET.get("view", "mine")
    view = view if view in VIEWS else "mine"
    stage = request.GET.get("stage", "")
    stage = stage if stage in STAGE_LABELS else ""
    rows = _caseload(request, view, include_ended=stage in ENDED)
    if stage:
        rows = [r for r in rows if r.case.stage == stage]
    return render(
        request,
        "cases/list.html",
        {
            "rows": rows,
            "hidden": {
                r.case.pk for r in rows if not selectors.notes_visible_to(request.user, r.case)
            },
            "view": view,
            "views": [("mine", _("Mine")), ("station", _("Station")), ("stuck", _("Stuck"))],
            "stage": stage,
            "stages": list(STAGE_LABELS.items()),
            "is_head": can(request.user, request.station, "manage_rules"),
        },
    )


def _caseload(request, view: str, *, include_ended: bool):
    today, station = timezone.localdate(), request.station
    if view == "stuck":
        return selectors.cases_stuck(actor=request.user, station=station, today=today)
    if view == "station":
        return selectors.cases_for_station(
            actor=request.user, station=station, today=today, include_ended=include_ended
        )
    rows = selectors.cases_for_worker(actor=request.user, today=today, include_ended=include_ended)
    return [r for r in rows if r.case.station_id == station.pk]


# --- opening a case ----------------------------------------------------------------------------
@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def case_new(request):
    """Open a case for an elder of the station: the intake form."""
    elder = _elder(request, request.GET.get("elder") or request.POST.get("elder"))
    form = forms.CaseOpenForm(
        request.POST or None, station=request.station, initial={"lead_worker": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.user, elder=elder, **form.cleaned_data)
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("Case opened."))
            return redirect("cases:detail", pk=case.pk)
    status = 422 if form.errors else 200
    return render(request, "cases/new.html", {"form": form, "elder": elder}, status=status)


def _elder(request, raw):
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    elder = elder_get_or_404(actor=request.user, pk=pk)
    if elder.station_id != request.station.pk:
        raise Http404
    return elder


# --- one case ----------------------------------------------------------------------------------
@station_required("edit_elders")
def case_detail(request, pk: int):
    case = selectors.case_get_or_404(actor=request.user, pk=pk, station=request.station)
    return render_case(request, case)


def render_case(request, case: Case, bound: dict | None = None, status: int = 200):
    """The case page; `bound` holds the form that was sent, with its errors, by name."""
    if selectors.notes_visible_to(request.user, case):
        elder_view_logged(actor=request.user, elder=case.elder, what="case")
    context = _case_context(request, case)
    context["forms"] = {**_blank_forms(request, case, context), **(bound or {})}
    return render(request, "cases/detail.html", context, status=status)


def _case_context(request, case: Case) -> dict:
    user, station = request.user, request.station
    today = timezone.localdate()
    reveal = selectors.notes_visible_to(user, case)
    closing = ClosingSummary.objects.filter(case=case).select_related("requested_by").first()
    pending = closing is not None and closing.status == ClosingSummary.Status.REQUESTED
    moves = _moves(case)
    summary = _summary(case)
    return {
        "case": case,
        "reveal": reveal,
        "can_write": reveal,
        "is_head": can(user, station, "can_close_case"),
        "days_open": (today - case.opened_on).days,
        "days_in_stage": (today - case.stage_entered_on).days,
        "strip": _strip(case),
        "moves": moves,
        "pending": pending,
        "closing": closing,
        "intake": getattr(case, "intake", None),
        "summary": summary,
        "linked": _linked(summary),
        "goals": list(case.goals.select_related("evaluated_by")),
        "co_workers": list(case.co_workers.all()),
        "timeline": case_timeline(actor=user, case=case),
        "may_note": reveal and case.stage != process.CLOSED,  # follow-up after closing too
    }


def _moves(case: Case) -> list[dict]:
    """The allowed moves, each with its form: closing is requested (its summary is the request's
    own), a referral says where to; any other move needs only its records."""
    closing = services.MISSING[process.CLOSING_RECORD]
    moves = services.case_moves(case)
    for move in moves:
        if move["to"] == process.CLOSED:
            move["kind"] = "close"
            move["missing"] = [m for m in move["missing"] if m is not closing]
        elif move["to"] == process.REFERRED:
            move["kind"], move["missing"] = "refer", []
        else:
            move["kind"] = "move"
    return moves


def _linked(summary: AssessmentSummary | None) -> list[tuple[int, str]]:
    rows = summary.assessments.all() if summary else ()
    return [(a.pk, forms.assessment_label(a)) for a in rows]


def _summary(case: Case) -> AssessmentSummary | None:
    return AssessmentSummary.objects.filter(case=case).prefetch_related("assessments").first()


def _strip(case: Case) -> list[dict]:
    """The stages of the process as a strip: done, current or still to come."""
    reached = selectors.stages_reached(case)
    stages = list(MAIN_PATH)
    if process.REFERRED in reached:
        stages.append(process.REFERRED)
    stages.append(process.CLOSED)
    if case.stage in ENDED:
        stages.append(process.FOLLOWUP)
    rows = []
    for stage in stages:
        state = "current" if stage == case.stage else ("done" if stage in reached else "todo")
        rows.append({"stage": stage, "label": STAGE_LABELS[stage], "state": state})
    return rows


def finished_assessments(request, case: Case):
    """The elder's assessments that may be linked to the summary: finished ones, not drafts."""
    rows = assessments_of(actor=request.user, elder=case.elder)
    return rows.exclude(status=Assessment.Status.DRAFT)


def _blank_forms(request, case: Case, context: dict) -> dict:
    summary = context["summary"]
    initial = {"text": summary.text if summary and context["reveal"] else ""}
    if summary is not None:
        initial["assessments"] = [a.pk for a in summary.assessments.all()]
    return {
        "assessment": forms.AssessmentSummaryForm(
            initial=initial, assessments=finished_assessments(request, case)
        ),
        "plan": forms.plan_formset(goals=context["goals"] if context["reveal"] else ()),
        "note": forms.NoteForm(),
        "evaluations": [forms.EvaluationForm(goal=g) for g in context["goals"]],
        "move": forms.MoveForm(),
        "refer": forms.ReferForm(actor=request.user, station=request.station),
        "close": forms.CloseRequestForm(),
        "approve": forms.ApproveForm(),
        "return_close": forms.ReturnForm(),
        "supervision": forms.SupervisionForm(),
    }


# --- norms -------------------------------------------------------------------------------------
@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def case_norms(request):
    """The station's stuck-case norms: everyone on staff reads them, the head changes them."""
    station = request.station
    may_edit = can(request.user, station, "manage_rules")
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    norms = selectors.norms_for(station)
    form = forms.NormsForm(request.POST or None, norms=norms)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_norms_save(
                actor=request.user, station=station, norms=form.norms(),
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("Norms saved."))
            return redirect("cases:norms")
    rows = [(STAGE_LABELS[s], days, process.DEFAULT_NORMS[s]) for s, days in norms.items()]
    return render(
        request,
        "cases/norms.html",
        {"form": form, "may_edit": may_edit, "rows": rows},
        status=422 if form.errors else 200,
    )
