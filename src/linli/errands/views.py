"""Pages of service requests: a helper's own requests on a phone, and the staff's list, new
request, one request (dispatch, confirm, cancel) and statistics."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from linli.elders.selectors import elder_get_or_404
from linli.followups.models import Contact
from linli.stations.decorators import station_required
from linli.stations.models import Membership

from . import selectors, services
from .forms import ConfirmForm, PeriodForm, RequestFilterForm, RequestForm, needed_by_default
from .models import HELPER_ROLES, ServiceRequest

S = ServiceRequest.Status

STEPS = {
    "accept": (services.request_accept, gettext_lazy("You have taken the request on.")),
    "decline": (services.request_decline, gettext_lazy("The request went back to the station.")),
    "done": (services.request_done, gettext_lazy("Marked done. Thank you!")),
}
HISTORY = (
    ("raised_at", gettext_lazy("Raised")),
    ("dispatched_at", gettext_lazy("Dispatched")),
    ("accepted_at", gettext_lazy("Accepted")),
    ("done_at", gettext_lazy("Done")),
    ("confirmed_at", gettext_lazy("Confirmed with the elder")),
    ("cancelled_at", gettext_lazy("Cancelled")),
)


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


# --- a helper's own requests ----------------------------------------------------------------


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
        messages.error(request, _errors(exc))
    else:
        messages.success(request, said)
    return redirect("errands:mine")


# --- the staff's pages ----------------------------------------------------------------------


def staff_page(view):
    """Staff only; a volunteer who opens a staff page is sent to their own requests."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        volunteer = getattr(request, "role", None) == Membership.Role.VOLUNTEER
        if request.user.is_authenticated and volunteer and request.method == "GET":
            return redirect("errands:mine")
        return station_required("edit_elders")(view)(request, *args, **kwargs)

    return wrapper


def _staff_request(request, pk: int) -> ServiceRequest:
    """A request of the current station, or 404 (another station's is simply not found)."""
    try:
        return selectors.request_for_station(actor=request.user, station=request.station, pk=pk)
    except ServiceRequest.DoesNotExist:
        raise Http404 from None


def _cursor(raw: str) -> tuple[dt.datetime, int] | None:
    """`<raised_at ISO>~<id>` → (raised_at, id); anything else is the first page."""
    when, _sep, pk = raw.rpartition("~")
    moment = parse_datetime(when) if when else None
    if moment is None or not pk.isdigit() or timezone.is_naive(moment):
        return None
    return moment, int(pk)


def _late(row: ServiceRequest, now: dt.datetime) -> bool:
    return row.status in selectors.ACTIVE_STATUSES and row.needed_by < now


@staff_page
def request_list(request):
    """Overdue alerts first, then the station's requests, filtered, 50 a page."""
    now = timezone.now()
    form = RequestFilterForm(request.GET or None)
    filters = form.filters()
    rows = selectors.requests_filtered(
        actor=request.user,
        station=request.station,
        before=_cursor(request.GET.get("before", "")),
        limit=selectors.PAGE_SIZE + 1,
        **filters,
    )
    more = len(rows) > selectors.PAGE_SIZE
    rows = rows[: selectors.PAGE_SIZE]
    next_url = ""
    if more:
        query = request.GET.copy()
        query["before"] = f"{rows[-1].raised_at.isoformat()}~{rows[-1].pk}"
        next_url = f"{reverse('errands:list')}?{query.urlencode()}"
    alerts = selectors.alerts_unresolved(actor=request.user, station=request.station)
    context = {
        "form": form,
        "rows": [{"r": r, "late": _late(r, now)} for r in rows],
        "alerts": alerts,
        "next_url": next_url,
        "paged": "before" in request.GET,
    }
    return render(request, "errands/list.html", context)


def _contact_for(request, elder) -> Contact | None:
    """The contact named by ?contact=, which must be about this elder (else 404)."""
    raw = request.GET.get("contact", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    contact = Contact.objects.visible_to(request.user).filter(pk=int(raw)).first()
    if contact is None or contact.elder_id != elder.pk:
        raise Http404
    return contact


@staff_page
def request_new(request):
    """Raise a request for an elder, perhaps from a contact with them."""
    raw = request.GET.get("elder", "")
    if not raw.isdigit():
        messages.info(request, _("Choose the elder the request is for, then raise it there."))
        return redirect("elders:list")
    elder = elder_get_or_404(actor=request.user, pk=int(raw))
    if elder.station_id != request.station.pk:
        raise Http404
    contact = _contact_for(request, elder)
    now = timezone.now()
    if request.method == "POST":
        form = RequestForm(request.POST, now=now)
        if form.is_valid():
            try:
                row = services.request_raise(
                    actor=request.user, elder=elder, data=form.service_data(contact=contact)
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            except PermissionDenied as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("The request was raised. Now send it to someone."))
                return redirect("errands:detail", pk=row.pk)
    else:
        form = RequestForm(now=now, initial=_initial(elder, contact, now))
    context = {"form": form, "elder": elder, "contact": contact}
    return render(request, "errands/new.html", context, status=400 if form.errors else 200)


def _initial(elder, contact, now) -> dict:
    needed_by = needed_by_default(now)
    source = ServiceRequest.Source.PHONE
    if contact is not None:
        source = ServiceRequest.Source.CONTACT
        if contact.emergency_id:
            source = ServiceRequest.Source.EMERGENCY
    return {
        "needed_day": needed_by.date(),
        "needed_time": needed_by.time(),
        "address": elder.address,
        "source": source,
        "urgency": ServiceRequest.Urgency.NORMAL,
    }


def _history(row: ServiceRequest) -> list[tuple[str, dt.datetime]]:
    return [(label, getattr(row, f)) for f, label in HISTORY if getattr(row, f) is not None]


def _detail(request, row: ServiceRequest, *, confirm_form=None, status: int = 200):
    steps = services.allowed_steps(row.status)
    suggestions = []
    if "dispatch" in steps:
        suggestions = selectors.dispatch_suggestions(request=row)
    context = {
        "row": row,
        "late": _late(row, timezone.now()),
        "history": _history(row),
        "steps": steps,
        "suggestions": suggestions[:5],
        "helpers": sorted(suggestions, key=lambda s: s.name),
        "confirm_form": confirm_form or ConfirmForm(),
    }
    return render(request, "errands/detail.html", context, status=status)


@staff_page
def request_detail(request, pk: int):
    """One request: its history, and what staff can do next (dispatch, confirm, cancel)."""
    return _detail(request, _staff_request(request, pk))


def _helper_of(row: ServiceRequest, raw: str):
    """The helper chosen on the page: an active volunteer or worker of the request's station."""
    if not raw.isdigit():
        return None
    member = (
        Membership.objects.filter(
            station_id=row.station_id,
            user_id=int(raw),
            role__in=HELPER_ROLES,
            active=True,
            user__is_active=True,
        )  # fmt: skip
        .select_related("user")
        .first()
    )
    return member.user if member else None


@staff_page
@require_POST
def request_dispatch(request, pk: int):
    """Send the request to the helper chosen from the suggestions or the list of helpers."""
    row = _staff_request(request, pk)
    helper = _helper_of(row, request.POST.get("helper", ""))
    if helper is None:
        messages.error(request, _("Choose an active volunteer or worker of this station."))
        return redirect("errands:detail", pk=row.pk)
    try:
        services.request_dispatch(actor=request.user, request=row, helper=helper)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Sent to %(name)s.") % {"name": helper})
    return redirect("errands:detail", pk=row.pk)


@staff_page
@require_POST
def request_confirm(request, pk: int):
    """Record that the elder confirmed the work, with whether they were satisfied."""
    row = _staff_request(request, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _detail(request, row, confirm_form=form, status=400)
    try:
        services.request_confirm(actor=request.user, request=row,
                                 satisfied=form.is_satisfied,
                                 feedback=form.cleaned_data["feedback"])  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Confirmed with the elder."))
    return redirect("errands:detail", pk=row.pk)


def _staff_step(request, pk: int, service, done_message: str):
    """Run one step of the request's life for staff; a refusal is a message, nothing changes."""
    row = _staff_request(request, pk)
    try:
        service(actor=request.user, request=row)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done_message)
    return redirect("errands:detail", pk=row.pk)


@staff_page
@require_POST
def request_cancel(request, pk: int):
    """Cancel a request that is not done yet."""
    return _staff_step(request, pk, services.request_cancel, _("The request was cancelled."))


@staff_page
@require_POST
def request_done(request, pk: int):
    """Staff mark an accepted request done on the helper's behalf."""
    return _staff_step(request, pk, services.request_done, _("Marked done."))


# --- statistics -----------------------------------------------------------------------------


def _this_month(today: dt.date) -> tuple[dt.date, dt.date]:
    start = today.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def _period(request) -> tuple[dt.date, dt.date]:
    """The ?from=&to= period (inclusive dates); the current month when missing or wrong."""
    start, end = _this_month(timezone.localdate())
    if not request.GET.get("from") and not request.GET.get("to"):
        return start, end
    form = PeriodForm({"start": request.GET.get("from", ""), "end": request.GET.get("to", "")})
    if not form.is_valid():
        messages.warning(request, _("Those dates could not be read (use YYYY-MM-DD); "
                                    "showing this month instead."))  # fmt: skip
        return start, end
    return form.cleaned_data["start"] or start, form.cleaned_data["end"] or end


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _table(counts: dict, labels=None) -> list[tuple[str, int]]:
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if labels is None:
        return rows
    return [(labels.get(key, key), n) for key, n in rows]


@staff_page
def request_stats(request):
    """Requests raised in a period: by type, area and status, who served, response times."""
    start, end = _period(request)
    figures = selectors.request_statistics(
        actor=request.user,
        station=request.station,
        since=_local_midnight(start),
        until=_local_midnight(end + dt.timedelta(days=1)),
    )
    areas = {key: key or _("No area") for key in figures["by_area"]}
    context = {
        "start": start,
        "end": end,
        "figures": figures,
        "by_type": _table(figures["by_type"], dict(ServiceRequest.Type.choices)),
        "by_area": _table(figures["by_area"], areas),
        "by_status": _table(figures["by_status"], dict(ServiceRequest.Status.choices)),
        "served": _table(figures["served"]),
    }
    return render(request, "errands/stats.html", context)
