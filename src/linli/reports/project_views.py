"""Project pages: the list, a project with its indicators' progress, new and edit (heads), and the
records behind each figure.

Staff of any of a project's stations and viewers of a region holding one see the project; a
project out of reach is a 404. Only a head of every station edits it. The records page shows
names only to staff, and only their own stations' records; viewers see the count alone.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from linli.accounts.services import access_log_record
from linli.lib import cursor as keyset
from linli.partners.forms import add_service_errors
from linli.stations.models import Membership
from linli.stations.selectors import memberships_of

from . import measures, selectors, services
from .forms import IndicatorForm, ProjectForm
from .models import Indicator

LIST_LIMIT = 100
RECORDS_PAGE = 50


def _headed_stations(user) -> list:
    return [m.station for m in memberships_of(user) if m.role == Membership.Role.HEAD]


def _editable_or_403(request, pk: int):
    project = selectors.project_get(actor=request.user, pk=pk)
    if not selectors.project_editable(actor=request.user, project=project):
        raise PermissionDenied
    return project


@login_required
def project_list(request):
    found = list(selectors.projects_visible(actor=request.user)[: LIST_LIMIT + 1])
    context = {"projects": found[:LIST_LIMIT], "more": len(found) > LIST_LIMIT,
               "can_create": bool(_headed_stations(request.user))}  # fmt: skip
    return render(request, "reports/project_list.html", context)


@login_required
def project_detail(request, pk: int):
    project = selectors.project_get(actor=request.user, pk=pk)
    today = timezone.localdate()
    context = {
        "project": project,
        "rows": selectors.project_progress(project=project, today=today),
        "today": today,
        "can_edit": selectors.project_editable(actor=request.user, project=project),
    }
    return render(request, "reports/project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request):
    stations = _headed_stations(request.user)
    if not stations:
        raise PermissionDenied
    form = ProjectForm(request.POST or None, stations=stations)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, stations=form.cleaned_data[
                "stations"], **form.project_data())  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The project was created. Now add its indicators."))
            return redirect("projects:edit", project.pk)
    return render(request, "reports/project_form.html", {"form": form, "project": None})


def _edit_page(request, project, form, indicator_form):
    context = {"form": form, "project": project, "indicator_form": indicator_form,
               "indicators": list(project.indicators.all())}  # fmt: skip
    return render(request, "reports/project_form.html", context)


def _project_initial(project) -> dict:
    fields = ("name", "funder", "starts_on", "ends_on", "budget_yuan")
    return {**{f: getattr(project, f) for f in fields}, "stations": list(project.stations.all())}


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = _editable_or_403(request, pk)
    stations = {s.pk: s for s in [*_headed_stations(request.user), *project.stations.all()]}
    form = ProjectForm(request.POST or None, stations=stations.values(),
                       initial=_project_initial(project))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=request.user, project=project,
                                    data=form.project_data(),
                                    stations=form.cleaned_data["stations"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("projects:detail", project.pk)
    return _edit_page(request, project, form, IndicatorForm(project=project))


@login_required
@require_POST
def indicator_add(request, pk: int):
    project = _editable_or_403(request, pk)
    form = IndicatorForm(request.POST, project=project)
    if form.is_valid():
        try:
            services.indicator_add(actor=request.user, project=project, filters=form.filters(),
                                   measure=form.cleaned_data["measure"],
                                   target=form.cleaned_data["target"],
                                   label=form.cleaned_data["label"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The indicator was added."))
            return redirect("projects:edit", project.pk)
    project_form = ProjectForm(stations=project.stations.all(), initial=_project_initial(project))
    return _edit_page(request, project, project_form, form)


@login_required
@require_POST
def indicator_remove(request, pk: int, iid: int):
    project = _editable_or_403(request, pk)
    indicator = Indicator.objects.filter(project=project, pk=iid).first()
    if indicator is None:
        raise Http404
    indicator.project = project
    services.indicator_remove(actor=request.user, indicator=indicator)
    messages.success(request, _("The indicator was removed."))
    return redirect("projects:edit", project.pk)


@login_required
def indicator_records(request, pk: int, iid: int):
    indicator = selectors.indicator_get(actor=request.user, project_pk=pk, pk=iid)
    try:
        found = selectors.indicator_records(actor=request.user, indicator=indicator,
                                            today=timezone.localdate(),
                                            cursor=request.GET.get("cursor") or None,
                                            limit=RECORDS_PAGE)  # fmt: skip
    except keyset.BadCursor:
        raise Http404 from None
    if found.rows:
        access_log_record(actor=request.user, action="reports.records.viewed", obj=indicator,
                          detail={"measure": indicator.measure})  # fmt: skip
    context = {"project": indicator.project, "indicator": indicator, "records": found,
               "measure": measures.CATALOGUE[indicator.measure]}  # fmt: skip
    return render(request, "reports/project_records.html", context)
