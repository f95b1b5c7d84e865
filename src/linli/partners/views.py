"""Partner pages: the station's directory, one partner, referrals waiting for an answer, and
the forms that add and change partners, their contact people and agreements."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from linli.stations.decorators import station_required

from . import selectors, services
from .forms import AgreementForm, PartnerForm, PersonForm, add_service_errors, partner_initial
from .models import Partner


def _partner_rows(partners, today) -> list[dict]:
    return [
        {
            "partner": p,
            "services": [Partner.Service(code).label for code in p.services or []],
            "agreements": [a for a in p.agreements.all() if a.in_force(today)],
        }
        for p in partners
    ]


@station_required("edit_elders")
def directory(request):
    """Partners by type, with their people and agreements in force, and the five parties."""
    today = timezone.localdate()
    kind = request.GET.get("kind", "")
    kind = kind if kind in Partner.Kind.values else ""
    partners = selectors.partner_list(
        actor=request.user, station=request.station, kind=kind or None
    )
    rows = _partner_rows(partners, today)
    parties = {code: 0 for code in Partner.Party.values}
    for row in rows:
        parties[row["partner"].party] += 1
    return render(
        request,
        "partners/directory.html",
        {
            "rows": rows,
            "kind": kind,
            "kinds": Partner.Kind.choices,
            "parties": [(Partner.Party(code).label, n) for code, n in parties.items()],
            "awaiting": selectors.referrals_awaiting_answer(
                actor=request.user, station=request.station, today=today
            ),
        },
    )


@station_required("edit_elders")
def partner_detail(request, pk: int):
    partner = selectors.partner_get(actor=request.user, pk=pk)
    return _detail(request, partner)


def _detail(request, partner: Partner, *, person_form=None, agreement_form=None):
    today = timezone.localdate()
    referrals = selectors.referral_list(actor=request.user, station=request.station).filter(
        partner=partner
    )[:100]
    return render(
        request,
        "partners/detail.html",
        {
            "row": _partner_rows([partner], today)[0],
            "all_agreements": partner.agreements.all(),
            "referrals": referrals,
            "today": today,
            "person_form": person_form or PersonForm(),
            "agreement_form": agreement_form or AgreementForm(),
        },
    )


def _save_partner(request, form: PartnerForm, partner: Partner | None):
    try:
        if partner is None:
            return services.partner_create(
                actor=request.user, station=request.station, data=form.partner_data()
            )
        data = form.partner_data()
        return services.partner_update(actor=request.user, partner=partner, data=data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def partner_new(request):
    """Add a partner to the station's directory."""
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = _save_partner(request, form, None)
        if partner is not None:
            messages.success(request, _("The partner was added."))
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/form.html", {"form": form, "partner": None})


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk: int):
    """Change a partner's details, or mark it no longer active."""
    partner = selectors.partner_get(actor=request.user, pk=pk)
    form = PartnerForm(request.POST or None, initial=partner_initial(partner), editing=True)
    if request.method == "POST" and form.is_valid():
        if _save_partner(request, form, partner) is not None:
            messages.success(request, _("Saved."))
            return redirect("partners:detail", partner.pk)
        partner.refresh_from_db()  # the page shows the partner as it is, not as typed
    return render(request, "partners/form.html", {"form": form, "partner": partner})


def _add_to_partner(request, pk: int, form_class, service, *, form_name, anchor, message):
    """A fold-out form of the partner's page: on success back to its section, else the page
    again with the form's errors (the service's refusal included)."""
    partner = selectors.partner_get(actor=request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(reverse("partners:detail", args=[partner.pk]) + anchor)
    return _detail(request, partner, **{form_name: form})


@station_required("edit_elders")
@require_POST
def person_add(request, pk: int):
    """Add someone to call at a partner; a bad phone shows on the partner's page."""
    return _add_to_partner(request, pk, PersonForm, services.partner_person_add,
                           form_name="person_form", anchor="#p-people",
                           message=_("The contact person was added."))  # fmt: skip


@station_required("edit_elders")
@require_POST
def agreement_add(request, pk: int):
    """Record a cooperation agreement with a partner."""
    return _add_to_partner(request, pk, AgreementForm, services.agreement_add,
                           form_name="agreement_form", anchor="#p-agreements",
                           message=_("The agreement was recorded."))  # fmt: skip
