"""Pages of community activities: the station's list, one activity, the phone sign-in roster,
paper feedback entry, the printable sign-in sheet, and the two public QR pages (sign-in and
feedback) that need no login."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from linli.elders import selectors as elder_selectors
from linli.elders.selectors import elder_get_or_404
from linli.partners.forms import add_service_errors
from linli.stations.decorators import station_required

from . import selectors, services
from .forms import (
    ActivityForm,
    PhotoForm,
    QrSignInForm,
    SatisfactionForm,
    WalkInForm,
    activity_initial,
)
from .models import Activity, Attendance, Feedback
from .services import QrOutcome

ROSTER_SEARCH_LIMIT = 20


def _month_filter(value: str) -> tuple[int, int] | None:
    try:
        year, month = (int(part) for part in value.split("-"))
        return (year, month) if 2000 <= year <= 2099 and 1 <= month <= 12 else None
    except ValueError:
        return None


def _period(month: tuple[int, int] | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The totals' period: the chosen month, else this year so far."""
    if month:
        first = dt.date(*month, 1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return dt.date(today.year, 1, 1), today


@station_required("edit_elders")
def activity_list(request):
    """Upcoming and past activities with their counts, filtered by type and month, and the
    person-times and unique persons of the period."""
    today = timezone.localdate()
    type_ = request.GET.get("type", "")
    type_ = type_ if type_ in Activity.Type.values else ""
    month = _month_filter(request.GET.get("month", ""))
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    filters = selectors.ActivityFilters(type=type_, month=month, when=when)
    rows, next_cursor = selectors.activity_list(
        actor=request.user, station=request.station, filters=filters, today=today,
        cursor=request.GET.get("cursor", ""),
    )  # fmt: skip
    start, end = _period(month, today)
    args = {"station": request.station, "start": start, "end": end, "type": type_ or None}
    return render(request, "activities/list.html", {
        "rows": rows, "next_cursor": next_cursor, "type": type_, "types": Activity.Type.choices,
        "month": request.GET.get("month", "") if month else "", "when": when,
        "period_start": start, "period_end": end,
        "satisfaction_months": selectors.satisfaction_by_month(
            station=request.station, start=dt.date(today.year - 1, today.month, 1), end=today
        ),
        "person_times": selectors.person_times(**args),
        "unique_persons": selectors.unique_persons(**args),
    })  # fmt: skip


def _save_activity(request, form: ActivityForm, activity: Activity | None):
    args = {"actor": request.user, "data": form.activity_data(),
            "partners": form.cleaned_data["partners"]}  # fmt: skip
    try:
        if activity is None:
            return services.activity_create(station=request.station, **args)
        return services.activity_update(activity=activity, **args)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def activity_new(request):
    """Plan an activity."""
    initial = {"starts_at": request.GET.get("on", "")}
    form = ActivityForm(request.POST or None, station=request.station, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = _save_activity(request, form, None)
        if activity is not None:
            messages.success(request, _("The activity was added."))
            return redirect("activities:detail", activity.pk)
    return render(request, "activities/form.html", {"form": form, "activity": None})


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    """Change an activity's facts and partners."""
    activity = selectors.activity_get(actor=request.user, pk=pk)
    form = ActivityForm(request.POST or None, station=request.station,
                        initial=activity_initial(activity))  # fmt: skip
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_activity(request, form, activity) is not None
    ):
        messages.success(request, _("Saved."))
        return redirect("activities:detail", activity.pk)
    return render(request, "activities/form.html", {"form": form, "activity": activity})


def qr_svg(url: str) -> str:
    """A QR code as inline SVG markup (no scripts, no style attributes)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=5, border=2))  # noqa: S308


def _public_urls(request, activity: Activity) -> dict:
    sign_in = request.build_absolute_uri(reverse("activities:qr", args=[activity.sign_in_token]))
    feedback = request.build_absolute_uri(
        reverse("activities:feedback_qr", args=[activity.feedback_token])
    )
    return {"sign_in_url": sign_in, "feedback_url": feedback,
            "sign_in_qr": qr_svg(sign_in), "feedback_qr_svg": qr_svg(feedback)}  # fmt: skip


@station_required("edit_elders")
def activity_detail(request, pk: int):
    """An activity's facts, partners, counts, sign-ups, attendance, QR codes, photos and
    feedback summary."""
    activity = selectors.activity_get(actor=request.user, pk=pk)
    return _detail(request, activity)


def _detail(request, activity: Activity, *, walk_in_form=None, photo_form=None):
    return render(request, "activities/detail.html", {
        "activity": activity, "partners": list(activity.partners.all()),
        "sign_ups": selectors.sign_ups_of(activity),
        "attendance": selectors.attendance_of(activity),
        "photos": list(activity.photos.all()),
        "satisfaction": selectors.satisfaction_summary(activity),
        "walk_in_form": walk_in_form or WalkInForm(), "photo_form": photo_form or PhotoForm(),
        **_public_urls(request, activity),
    })  # fmt: skip


def _refusal(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@station_required("edit_elders")
@require_POST
def activity_status(request, pk: int, status: str):
    """Mark an activity held or cancel it."""
    activity = selectors.activity_get(actor=request.user, pk=pk)
    service = {"held": services.activity_mark_held, "cancel": services.activity_cancel}[status]
    try:
        service(actor=request.user, activity=activity)
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("activities:detail", activity.pk)


@station_required("edit_elders")
@require_POST
def sign_up(request, pk: int):
    """Sign an elder up (or take them off the list with remove=1)."""
    activity = selectors.activity_get(actor=request.user, pk=pk)
    elder = _posted_elder(request)
    try:
        if request.POST.get("remove"):
            services.sign_up_cancel(actor=request.user, activity=activity, elder=elder)
        else:
            services.sign_up(actor=request.user, activity=activity, elder=elder)
            messages.success(request, _("%(name)s is signed up.") % {"name": elder.name})
    except ValidationError as exc:
        _refusal(request, exc)
    if request.POST.get("next_page") == "sign_in":
        return redirect("activities:sign_in", pk)
    return redirect(reverse("activities:detail", args=[pk]) + "#signups")


def _posted_elder(request):
    try:
        pk = int(request.POST.get("elder", ""))
    except ValueError:
        pk = 0
    return elder_get_or_404(actor=request.user, pk=pk)


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def sign_in(request, pk: int):
    """The phone roster: signed-up elders first, then a search for any active elder; each a
    big button that records attendance."""
    activity = selectors.activity_get(actor=request.user, pk=pk)
    if request.method == "POST":
        elder = _posted_elder(request)
        try:
            _row, created = services.attend_roster(actor=request.user, activity=activity,
                                                   elder=elder)  # fmt: skip
        except ValidationError as exc:
            _refusal(request, exc)
        else:
            note = _("%(name)s is signed in.") if created else _("%(name)s was already signed in.")
            messages.success(request, note % {"name": elder.name})
        query = request.POST.get("q", "")
        suffix = f"?{urlencode({'q': query})}" if query else ""
        return redirect(reverse("activities:sign_in", args=[pk]) + suffix)
    return _roster(request, activity, WalkInForm())


def _roster(request, activity: Activity, walk_in_form: WalkInForm):
    q = request.GET.get("q", "").strip()
    came = {row.elder_id for row in activity.attendance.all() if row.elder_id}
    signed = [s.elder for s in selectors.sign_ups_of(activity)]
    found = []
    if q:
        found = list(elder_selectors.elder_search(
            actor=request.user, station=request.station, q=q, today=timezone.localdate()
        ).select_related("area")[:ROSTER_SEARCH_LIMIT])  # fmt: skip
    return render(request, "activities/sign_in.html", {
        "activity": activity, "q": q, "came": came, "walk_in_form": walk_in_form,
        "signed": signed, "found": [e for e in found if e.pk not in {s.pk for s in signed}],
    })  # fmt: skip


@station_required("edit_elders")
@require_POST
def walk_in(request, pk: int):
    """A named walk-in or a number of anonymous ones."""
    activity = selectors.activity_get(actor=request.user, pk=pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            services.attend_walk_in(actor=request.user, activity=activity,
                                    name=form.cleaned_data["name"],
                                    count=form.cleaned_data["count"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The walk-in was recorded."))
            return redirect("activities:sign_in", activity.pk)
    return _roster(request, activity, form)


@station_required("edit_elders")
@require_POST
def attendance_remove(request, pk: int, row: int):
    """Take back an attendance recorded by mistake."""
    activity = selectors.activity_get(actor=request.user, pk=pk)
    attendance = get_object_or_404(Attendance.objects.visible_to(request.user),
                                   pk=row, activity=activity)  # fmt: skip
    services.attendance_remove(actor=request.user, attendance=attendance)
    messages.success(request, _("The attendance was removed."))
    return redirect(reverse("activities:detail", args=[pk]) + "#attendance")


@station_required("edit_elders")
@require_POST
def photo_add(request, pk: int):
    activity = selectors.activity_get(actor=request.user, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        services.photo_add(actor=request.user, activity=activity, **form.cleaned_data)
        messages.success(request, _("The photo was added."))
        return redirect(reverse("activities:detail", args=[pk]) + "#photos")
    return _detail(request, activity, photo_form=form)


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def feedback_entry(request, pk: int):
    """A worker enters a paper satisfaction form."""
    activity = selectors.activity_get(actor=request.user, pk=pk)
    instrument = services.satisfaction_instrument()
    form = SatisfactionForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_record(
                activity=activity,
                answers=form.answers(),
                channel=Feedback.Channel.PAPER,
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The feedback form was recorded."))
            return redirect("activities:feedback_entry", activity.pk)
    return render(request, "activities/feedback_entry.html", {
        "activity": activity, "form": form, "instrument": instrument,
        "satisfaction": selectors.satisfaction_summary(activity),
    })  # fmt: skip


@station_required("edit_elders")
def sheet(request, pk: int):
    """The printable sign-in sheet: the QR code and numbered rows to write names on."""
    activity = selectors.activity_get(actor=request.user, pk=pk)
    rows = max(activity.capacity or 0, 30)
    return render(request, "activities/sheet.html", {
        "activity": activity, "rows": range(1, rows + 1), **_public_urls(request, activity),
    })  # fmt: skip


# --- public pages (no login) ---------------------------------------------------------------------


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


QR_MESSAGES = {
    QrOutcome.SIGNED_IN: ("success", gettext_lazy("Signed in. Thank you and enjoy the activity!")),
    QrOutcome.ALREADY: ("info", gettext_lazy("Already signed in for this activity.")),
    QrOutcome.NO_MATCH: (
        "error",
        gettext_lazy(
            "We could not sign you in with this name and these digits. "
            "Please check them or ask the staff."
        ),
    ),
    QrOutcome.NOT_TODAY: (
        "error",
        gettext_lazy("Signing in is only possible on the day of the activity."),
    ),
    QrOutcome.CLOSED: ("error", gettext_lazy("This activity was cancelled.")),
    QrOutcome.RATE_LIMITED: (
        "error",
        gettext_lazy("Too many attempts. Please wait ten minutes or ask the staff to sign you in."),
    ),
}


@require_http_methods(["GET", "POST"])
def qr_sign_in(request, token: str):
    """Scanned from the sign-in sheet: name and the last 4 digits of the elder's phone."""
    activity = selectors.activity_by_token(token=token)
    form = QrSignInForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = services.attend_by_qr(
            activity=activity, name=form.cleaned_data["name"], last4=form.cleaned_data["last4"],
            client=client_address(request), now=timezone.now(),
        )  # fmt: skip
        if outcome in (QrOutcome.SIGNED_IN, QrOutcome.ALREADY):
            form = QrSignInForm()
    level, text = QR_MESSAGES[outcome] if outcome else ("", "")
    status = 429 if outcome == QrOutcome.RATE_LIMITED else 200
    return render(request, "activities/qr.html", {
        "activity": activity, "form": form, "level": level, "text": str(text),
    }, status=status)  # fmt: skip


@require_http_methods(["GET", "POST"])
def feedback_qr(request, token: str):
    """Scanned after the activity: the satisfaction form, once per browser session."""
    activity = selectors.activity_by_token(token=token, field="feedback_token")
    instrument = services.satisfaction_instrument()
    done_key = f"activities-feedback-{activity.pk}"
    done = bool(request.session.get(done_key))
    form = SatisfactionForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.feedback_record(activity=activity, answers=form.answers(),
                                     channel=Feedback.Channel.QR)  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session[done_key] = True
            done = True
    return render(request, "activities/feedback_qr.html",
                  {"activity": activity, "form": form, "done": done})  # fmt: skip
