"""Referral pages (转介): the station's referrals with the ones waiting a week on top, a new
referral from a case, a contact or a service request, and one referral with its answer."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from linli.cases.models import Case
from linli.elders import selectors as elder_selectors
from linli.errands.models import ServiceRequest
from linli.followups.models import Contact
from linli.stations.decorators import station_required

from . import selectors, services
from .forms import ReferralForm, RemindForm, StatusForm, add_service_errors
from .models import Partner, Referral

ORIGINS = (("case", Case), ("contact", Contact), ("request", ServiceRequest))


def _before(raw: str) -> tuple[dt.date, int] | None:
    """The list's cursor "YYYY-MM-DD.id"; anything else starts from the top."""
    day, _sep, pk = raw.partition(".")
    try:
        return dt.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


@station_required("edit_elders")
def referral_list(request):
    """All referrals by status, newest first; those with no answer for a week on top."""
    status = request.GET.get("status", "")
    status = status if status in Referral.Status.values else ""
    rows, more = selectors.referral_page(
        actor=request.user, station=request.station, status=status or None,
        before=_before(request.GET.get("before", "")),
    )  # fmt: skip
    awaiting = selectors.referrals_awaiting_answer(
        actor=request.user, station=request.station, today=timezone.localdate()
    )
    return render(request, "partners/referral_list.html", {
        "rows": rows, "awaiting": awaiting, "status": status,
        "statuses": Referral.Status.choices,
        "more": f"{more[0].isoformat()}.{more[1]}" if more else "",
    })  # fmt: skip


def _origins(request, elder) -> dict:
    """The case, contact and service request named in the query string, if the user may see
    them (another station's is a 404); whether they are about this elder the service checks."""
    found = {}
    for name, model in ORIGINS:
        raw = request.GET.get(name, "")
        if raw:
            if not raw.isdigit():
                raise Http404
            found[name] = get_object_or_404(model.objects.visible_to(request.user), pk=int(raw))
        else:
            found[name] = None
    return found


def _pick_elder(request):
    """No elder chosen yet: look one up by registry number or name."""
    q = request.GET.get("q", "").strip()
    found = elder_selectors.elder_lookup(actor=request.user, station=request.station, text=q,
                                   today=timezone.localdate()) if q else []  # fmt: skip
    if len(found) == 1:
        return redirect(f"{reverse('referrals:new')}?elder={found[0].pk}")
    return render(request, "partners/referral_pick.html", {"q": q, "found": found})


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def referral_new(request):
    """Refer an elder to an active partner of the station."""
    raw = request.GET.get("elder", "")
    if not raw:
        return _pick_elder(request)
    if not raw.isdigit():
        raise Http404
    elder = elder_selectors.elder_get_or_404(actor=request.user, pk=int(raw))
    origins = _origins(request, elder)
    partners = list(  # people and agreements are not shown here
        selectors.partner_list(actor=request.user, station=request.station).prefetch_related(None)
    )
    form = ReferralForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(actor=request.user, elder=elder, **origins,
                                                **form.cleaned_data)  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral was recorded."))
            return redirect("referrals:detail", referral.pk)
    return render(request, "partners/referral_form.html", {
        "form": form, "elder": elder, "origins": origins, "partners": partners,
        "offers": [(p, [Partner.Service(c).label for c in p.services or []]) for p in partners],
        "wrong_elder": [n for n, o in origins.items() if o is not None and o.elder_id != elder.pk],
    })  # fmt: skip


def _status_form(referral: Referral, data=None) -> StatusForm:
    allowed = services.TRANSITIONS.get(referral.status, frozenset())
    return StatusForm(data, referral=referral, allowed=allowed)


def _detail(request, referral: Referral, status_form=None):
    return render(request, "partners/referral_detail.html", {
        "referral": referral,
        "reminders": list(referral.reminders.all()),
        "status_form": status_form or _status_form(referral),
        "can_move": bool(services.TRANSITIONS.get(referral.status)),
        "can_remind": referral.status == Referral.Status.SENT,
    })  # fmt: skip


@station_required("edit_elders")
def referral_detail(request, pk: int):
    """One referral: where it came from, the reminders sent, and its answer."""
    return _detail(request, selectors.referral_detail(actor=request.user, pk=pk))


@station_required("edit_elders")
@require_POST
def referral_status(request, pk: int):
    """Accept, decline, finish or cancel; a move not allowed is explained and changes nothing."""
    referral = selectors.referral_detail(actor=request.user, pk=pk)
    form = _status_form(referral, request.POST)
    if form.is_valid():
        try:
            services.referral_set_status(actor=request.user, referral=referral,
                                         **form.cleaned_data)  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
            referral = selectors.referral_detail(actor=request.user, pk=pk)
        else:
            messages.success(request, _("The referral is now %(status)s.")
                             % {"status": referral.get_status_display()})  # fmt: skip
            return redirect("referrals:detail", referral.pk)
    return _detail(request, referral, status_form=form)


def _back(request, referral: Referral) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("referrals:detail", args=[referral.pk])


@station_required("edit_elders")
@require_POST
def referral_remind(request, pk: int):
    """Record that the partner was reminded today about a referral still waiting."""
    referral = selectors.referral_get(actor=request.user, pk=pk)
    form = RemindForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.referral_remind(actor=request.user, referral=referral,
                                 on=timezone.localdate(), note=note)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The reminder to %(partner)s was recorded.")
                         % {"partner": referral.partner.name})  # fmt: skip
    return redirect(_back(request, referral))
