"""Partner pages: the station's directory, one partner, and referrals waiting for an answer."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from linli.stations.decorators import station_required

from . import selectors
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
        },
    )
