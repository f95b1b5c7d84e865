"""Pages of service requests: a helper's own requests on a phone."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from linli.stations.decorators import station_required

from . import selectors, services
from .models import ServiceRequest

STEPS = {
    "accept": (services.request_accept, gettext_lazy("You have taken the request on.")),
    "decline": (services.request_decline, gettext_lazy("The request went back to the station.")),
    "done": (services.request_done, gettext_lazy("Marked done. Thank you!")),
}


@station_required("view_elders")
def my_requests(request):
    """The requests assigned to me: only what each task needs (masked until I accept)."""
    tasks = selectors.requests_for_helper(request.user)
    return render(request, "errands/mine.html", {"tasks": tasks})


@station_required("view_elders")
@require_POST
def my_request_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    try:
        row = selectors.request_get(actor=request.user, pk=pk)
    except ServiceRequest.DoesNotExist:
        raise Http404 from None
    if row.assigned_to_id != request.user.pk:
        raise Http404
    service, said = STEPS[step]
    try:
        service(actor=request.user, request=row)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, said)
    return redirect("errands:mine")


@station_required("edit_elders")
def request_list(request):
    return render(request, "errands/list.html", {})
