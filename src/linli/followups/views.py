"""Follow-up pages: My day, one-tap logging, the contact form, tasks, alerts and overrides.

Views stay thin: reads go through selectors, writes through services. Every form posts and
redirects without JavaScript; with htmx, logging from My day swaps just the row.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from linli.elders import selectors as elder_selectors
from linli.elders import services as elder_services
from linli.elders.forms import station_workers
from linli.elders.models import Elder
from linli.stations.decorators import station_required
from linli.stations.roles import role_has
from linli.stations.selectors import role_at

from . import presenting, selectors, services
from .casework import casework_counts
from .forms import (
    ContactForm,
    OverrideClearForm,
    OverrideForm,
    QuickLogForm,
    TaskFinishForm,
    WorkerPickForm,
    contact_initial,
)
from .models import Alert, Contact, Plan, Task


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _next_url(request, default: str) -> str:
    """Where to go back to: a local `next` (form or query string), else `default`."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if wanted and allowed else default


def _elder_or_404(request, pk: int) -> Elder:
    return elder_selectors.elder_get_or_404(actor=request.user, pk=pk)


# --- My day -----------------------------------------------------------------------------------
def _day_worker(request):
    """The signed-in user, or for a head the worker of their station named by ?worker=.

    Returns the worker and, for a head, the form to choose another one."""
    wanted = request.GET.get("worker") or request.POST.get("worker")
    is_head = role_has(request.role, "manage_station")
    if not is_head:
        if wanted and str(wanted) != str(request.user.pk):
            raise Http404
        return request.user, None
    workers = list(station_workers(request.station))
    pick = WorkerPickForm({"worker": wanted or request.user.pk}, workers=workers)
    if not pick.is_valid():
        if wanted and str(wanted) != str(request.user.pk):
            raise Http404
        return request.user, pick
    return pick.chosen(), pick


def _worklist(request, worker):
    return selectors.worklist(
        actor=request.user, station=request.station, worker=worker, today=timezone.localdate()
    )


@station_required("view_elders")
def day(request):
    worker, pick = _day_worker(request)
    work = _worklist(request, worker)
    context = presenting.day_page(work, station=request.station, role=request.role)
    context.update(
        worker=worker,
        is_me=worker == request.user,
        pick=pick,
        can_manage=role_has(request.role, "edit_elders"),
        next_url=request.get_full_path(),
    )
    if worker == request.user and role_has(request.role, "edit_elders"):
        context["casework"] = casework_counts(
            actor=request.user, station=request.station, today=context["today"]
        )
    return render(request, "followups/day.html", context)


@station_required("view_elders")
@require_POST
def quick_log(request, pk: int):
    """Reached and all well, or no answer, in one POST from a worklist row."""
    elder = _elder_or_404(request, pk)
    form = QuickLogForm(request.POST)
    if not form.is_valid() or elder.status != Elder.Status.ACTIVE:
        raise Http404
    worker, _pick = _day_worker(request)
    contact = services.contact_log(actor=request.user, elder=elder, data=form.cleaned_data)
    raised = Alert.objects.filter(contact=contact).exists()
    message = _quick_message(elder, contact, raised)
    back = _next_url(request, reverse("followups:day"))
    if not _is_htmx(request) or raised:
        messages.success(request, message)
    if not _is_htmx(request):
        return redirect(back)
    if raised:  # the alert and the visit task belong higher up the page: reload it
        return HttpResponse(status=204, headers={"HX-Redirect": back})
    return _quick_row(request, contact, worker, message)


def _quick_message(elder: Elder, contact: Contact, raised: bool) -> str:
    if raised:
        return _(
            "No answer from %(name)s three times in a row: an alert and a home-visit task "
            "were created."
        ) % {"name": elder.name}
    if contact.reached:
        return _("%(name)s: reached, all well.") % {"name": elder.name}
    return _("%(name)s: no answer recorded.") % {"name": elder.name}


def _quick_row(request, contact: Contact, worker, message: str) -> HttpResponse:
    """For htmx: the row again after no answer, a line saying so once reached, and the
    section counts as they are now."""
    elder = contact.elder
    plan_kind = Plan.Kind.VISIT if contact.kind == Contact.Kind.VISIT else Plan.Kind.CALL
    plan = (
        selectors.plans_visible(actor=request.user, station=elder.station)
        .filter(elder=elder, kind=plan_kind)
        .select_related("elder", "elder__area")
        .first()
    )
    work = _worklist(request, worker)
    context = {
        "counts": presenting.day_counts(work),
        "message": message,
        "plan": plan,
        "today": work.today,
        "next_url": _next_url(request, reverse("followups:day")),
        "worker": worker,
    }
    if plan is not None and not contact.reached:
        role = role_at(request.user, elder.station)
        labels = presenting.rule_labels(elder.station)
        context["row"] = presenting.plan_row(plan, role=role, labels=labels, today=work.today)
    html = render_to_string("followups/_quick_result.html", context, request=request)
    return HttpResponse(html)


# --- the contact form -------------------------------------------------------------------------
@station_required("view_elders")
@require_http_methods(["GET", "POST"])
def contact_new(request, pk: int):
    elder = _elder_or_404(request, pk)
    role = role_at(request.user, elder.station)
    emergency = None
    if request.GET.get("emergency"):
        emergency = presenting.open_emergency(elder.station, request.GET["emergency"])
        if emergency is None:
            raise Http404
    initial = contact_initial(
        elder,
        kind=request.GET.get("kind", ""),
        outcome=request.GET.get("outcome", ""),
        now=timezone.now(),
    )
    form = ContactForm(
        request.POST or None,
        elder=elder,
        emergency=emergency,
        initial=initial,
        see_phones=role_has(role, "see_phones"),
    )
    back = _next_url(request, reverse("followups:day"))
    if request.method == "POST" and form.is_valid() and _save_contact(request, elder, form):
        return redirect(back)
    if request.method == "GET":  # the form shows the record's details to check
        elder_services.elder_view_logged(actor=request.user, elder=elder, what="contact_form")
    context = {
        "form": form,
        "elder": elder,
        "brief": presenting.elder_brief(elder, role=role, today=timezone.localdate()),
        "emergency": emergency,
        "next_url": back,
        "status_outcomes": " ".join(
            o.value for o in (Contact.Outcome.DECEASED, Contact.Outcome.MOVED)
        ),
    }
    return render(request, "followups/contact_form.html", context)


def _save_contact(request, elder: Elder, form: ContactForm) -> bool:
    """Log the contact; on a refusal put the service's messages on the form (nothing saved)."""
    try:
        services.contact_log(
            actor=request.user,
            elder=elder,
            data=form.contact_data(),
            corrections=form.corrections(),
            confirm_status=form.cleaned_data["confirm_status"],
            follow_ups=form.follow_ups(),
        )
    except ValidationError as exc:
        _add_service_errors(form, exc)
        return False
    messages.success(request, _("Contact with %(name)s saved.") % {"name": elder.name})
    return True


FIELD_FOR_ERROR = {"at": "time", "emergency_contacts": "ec_phone", "due_on": "follow_up_due"}


def _add_service_errors(form, exc: ValidationError) -> None:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, field_messages in errors.items():
        target = FIELD_FOR_ERROR.get(field, field)
        target = target if target in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


# --- tasks, alerts, overrides -----------------------------------------------------------------
def _done(request, default: str, message: str) -> HttpResponse:
    """After a one-button POST: a line in place of the row for htmx, else back where the
    user was, with the message."""
    if _is_htmx(request):
        html = render_to_string("followups/_done_row.html", {"message": message})
        return HttpResponse(html)
    messages.success(request, message)
    return redirect(_next_url(request, default))


@station_required("edit_elders")
@require_POST
def task_finish(request, pk: int):
    task = Task.objects.visible_to(request.user).filter(pk=pk, status=Task.Status.OPEN).first()
    form = TaskFinishForm(request.POST)
    if task is None or not form.is_valid():
        raise Http404
    services.task_finish(actor=request.user, task=task, status=form.cleaned_data["status"])
    done = form.cleaned_data["status"] == Task.Status.DONE
    message = _("Task marked done.") if done else _("Task cancelled.")
    return _done(request, reverse("followups:day"), message)


@station_required("edit_elders")
@require_POST
def alert_resolve(request, pk: int):
    alert = Alert.objects.visible_to(request.user).filter(pk=pk, resolved_at__isnull=True).first()
    if alert is None:
        raise Http404
    services.alert_resolve(actor=request.user, alert=alert)
    return _done(request, reverse("followups:day"), _("Alert resolved."))


def _panel_url(elder: Elder) -> str:
    return reverse("elders:detail", args=[elder.pk]) + "#s-rhythm"


@station_required("edit_elders")
@require_POST
def cadence_override(request, pk: int):
    elder = _elder_or_404(request, pk)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a kind, a number of days (1–366) and a reason."))
        return redirect(_panel_url(elder))
    try:
        services.cadence_override(actor=request.user, elder=elder, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The cadence was changed."))
    return redirect(_panel_url(elder))


@station_required("edit_elders")
@require_POST
def cadence_override_clear(request, pk: int):
    elder = _elder_or_404(request, pk)
    form = OverrideClearForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.cadence_override_clear(actor=request.user, elder=elder, kind=form.cleaned_data["kind"])
    messages.success(request, _("Back to the station's rules."))
    return redirect(_panel_url(elder))
