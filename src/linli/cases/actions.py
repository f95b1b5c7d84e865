"""The writes of the case page: each stage's record, moves, referral out, closing and the
head's decisions. POST only; each redirects back with a message, or shows the case page again
with the refused form's errors (422). A case of another station is a 404 before anything else."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.stations.decorators import station_required
from linli.stations.selectors import can

from . import forms, selectors, services, views
from .models import Case, Goal


def _case_for_post(request, pk: int) -> Case:
    return selectors.case_get_or_404(actor=request.user, pk=pk, station=request.station)


def _done(request, case: Case, message: str):
    messages.success(request, message)
    return redirect("cases:detail", pk=case.pk)


def _act(request, case: Case, name: str, form, action, message: str):
    """Run a service with a valid form; on refusal show the page again with the form's errors.
    PermissionDenied from the service becomes a 403."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            return _done(request, case, message)
    case.refresh_from_db()
    return views.render_case(request, case, {name: form}, status=422)


@station_required("edit_elders")
@require_POST
def case_assessment(request, pk: int):
    case = _case_for_post(request, pk)
    choices = views.finished_assessments(request, case)
    form = forms.AssessmentSummaryForm(request.POST, assessments=choices)
    return _act(
        request, case, "assessment", form,
        lambda d: services.case_record_assessment(
            actor=request.user, case=case, text=d["text"], assessments=list(d["assessments"])
        ),
        _("Assessment summary saved."),
    )  # fmt: skip


@station_required("edit_elders")
@require_POST
def case_plan(request, pk: int):
    case = _case_for_post(request, pk)
    formset = forms.plan_formset(request.POST)
    if formset.is_valid():
        try:
            services.case_set_plan(actor=request.user, case=case, goals=forms.plan_goals(formset))
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            return _done(request, case, _("Service plan saved."))
    return views.render_case(request, case, {"plan": formset}, status=422)


@station_required("edit_elders")
@require_POST
def case_note(request, pk: int):
    case = _case_for_post(request, pk)
    return _act(
        request, case, "note", forms.NoteForm(request.POST),
        lambda d: services.case_add_note(actor=request.user, case=case, **d),
        _("Process note added."),
    )  # fmt: skip


@station_required("edit_elders")
@require_POST
def case_evaluate(request, pk: int, goal_pk: int):
    case = _case_for_post(request, pk)
    goal = get_object_or_404(Goal, case=case, pk=goal_pk)
    goal.case = case
    form = forms.EvaluationForm(request.POST, goal=goal)
    if form.is_valid():
        try:
            services.case_evaluate_goal(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            return _done(request, case, _("Goal evaluated."))
    case.refresh_from_db()
    context_forms = {"evaluations": _evaluation_forms(case, form)}
    return views.render_case(request, case, context_forms, status=422)


def _evaluation_forms(case: Case, sent) -> list:
    goals = case.goals.all()
    return [sent if g.pk == sent.goal.pk else forms.EvaluationForm(goal=g) for g in goals]


@station_required("edit_elders")
@require_POST
def case_move(request, pk: int):
    case = _case_for_post(request, pk)
    return _act(
        request, case, "move", forms.MoveForm(request.POST),
        lambda d: services.case_move(actor=request.user, case=case, to=d["to"], reason=d["reason"]),
        _("The case moved on."),
    )  # fmt: skip


@station_required("edit_elders")
@require_POST
def case_refer(request, pk: int):
    case = _case_for_post(request, pk)
    form = forms.ReferForm(request.POST, actor=request.user, station=request.station)
    return _act(
        request, case, "refer", form,
        lambda d: services.case_refer_out_to_partner(actor=request.user, case=case, **d),
        _("The case was referred out."),
    )  # fmt: skip


@station_required("edit_elders")
@require_POST
def case_request_close(request, pk: int):
    case = _case_for_post(request, pk)
    return _act(
        request, case, "close", forms.CloseRequestForm(request.POST),
        lambda d: services.case_request_close(actor=request.user, case=case, **d),
        _("Closing requested: the head will decide."),
    )  # fmt: skip


def _head_only(request) -> None:
    if not can(request.user, request.station, "can_close_case"):
        raise PermissionDenied


def _head_decision(request, pk: int, name: str, form_class, action, message: str):
    """The head's own actions on a case; another station's case is 404 before anything else,
    then anyone but the head gets 403."""
    case = _case_for_post(request, pk)
    _head_only(request)
    return _act(request, case, name, form_class(request.POST),
                lambda d: action(actor=request.user, case=case, data=d), message)  # fmt: skip


@station_required("edit_elders")
@require_POST
def case_approve_close(request, pk: int):
    return _head_decision(
        request, pk, "approve", forms.ApproveForm,
        lambda actor, case, data: services.case_approve_close(actor=actor, case=case,
                                                              note=data["note"]),
        _("Closing approved: the case is closed."),
    )  # fmt: skip


@station_required("edit_elders")
@require_POST
def case_return_close(request, pk: int):
    return _head_decision(
        request, pk, "return_close", forms.ReturnForm,
        lambda actor, case, data: services.case_return(actor=actor, case=case,
                                                       note=data["return_note"]),
        _("The request to close was returned."),
    )  # fmt: skip


@station_required("edit_elders")
@require_POST
def case_supervision(request, pk: int):
    return _head_decision(
        request, pk, "supervision", forms.SupervisionForm,
        lambda actor, case, data: services.case_add_supervision(actor=actor, case=case, **data),
        _("Supervision note added."),
    )  # fmt: skip
