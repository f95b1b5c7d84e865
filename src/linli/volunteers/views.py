"""Pages of volunteers: the staff's registry, one volunteer, teams, the hours queue, the
recognition list, the hours export and pairing; and a volunteer's own phone page."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from linli.accounts.services import access_log_record
from linli.elders.models import Elder
from linli.elders.selectors import elder_get_or_404
from linli.partners.forms import add_service_errors

from . import selectors, services
from .forms import (
    SLOT_CHOICES,
    EndPairingForm,
    FilterForm,
    HoursForm,
    MemberForm,
    PairForm,
    PeriodForm,
    RedemptionForm,
    TeamForm,
    TrainingForm,
    VisitForm,
    VolunteerForm,
    slot_label,
    split_words,
    volunteer_initial,
)
from .models import HoursEntry, Pairing, Skill, Team, Volunteer
from .selectors import ExportRow

STAFF = "edit_elders"
EXPORT_HEADER = ("志愿者姓名", "志愿者编号", "服务日期", "服务时长", "服务项目")


def staff_required(view):
    from linli.stations.decorators import station_required

    return station_required(STAFF)(view)


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target and ok else default


def _teams(request):
    return list(Team.objects.visible_to(request.user).filter(station=request.station))


def _labels(volunteer) -> dict:
    return {
        "skills": [Skill(s).label for s in volunteer.skills if s in Skill.values],
        "slots": [slot_label(s) for s in volunteer.availability],
    }


# --- the registry ---------------------------------------------------------------------------
@staff_required
def index(request):
    """The station's volunteers with filters, teams, elder-volunteer badge, hours, balance."""
    today = timezone.localdate()
    teams = _teams(request)
    form = FilterForm(request.GET or None, teams=teams)
    filters = form.filters() if request.GET else FilterForm(teams=teams).filters()
    rows = selectors.volunteer_list(
        actor=request.user, station=request.station, year=today.year, **filters
    )[: selectors.LIST_LIMIT]
    rows = [{"v": v, "balance": v.earned - v.redeemed, **_labels(v)} for v in rows]
    return render(request, "volunteers/list.html", {
        "rows": rows, "form": form, "teams": teams, "year": today.year,
        "limit": selectors.LIST_LIMIT, "filtered": bool(request.GET),
    })  # fmt: skip


def _accounts(request, volunteer=None) -> list:
    """Volunteer accounts of the station not yet linked to another volunteer record."""
    from linli.accounts.models import User
    from linli.stations.models import Membership

    users = User.objects.filter(memberships__station=request.station, is_active=True,
                                memberships__role=Membership.Role.VOLUNTEER,
                                memberships__active=True)  # fmt: skip
    taken = Volunteer.objects.exclude(pk=getattr(volunteer, "pk", None)).filter(user__isnull=False)
    return list(users.exclude(pk__in=taken.values("user_id")).order_by("username"))


def _elders(request):
    return Elder.objects.visible_to(request.user).filter(station=request.station)


def _save_volunteer(request, form: VolunteerForm, volunteer=None):
    data = form.volunteer_data(_elders(request))
    if data is None:
        return None
    try:
        if volunteer is None:
            return services.volunteer_create(actor=request.user, station=request.station,
                                             data=data)  # fmt: skip
        return services.volunteer_update(actor=request.user, volunteer=volunteer, data=data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@staff_required
@require_http_methods(["GET", "POST"])
def volunteer_new(request):
    """Add a volunteer to the registry."""
    form = VolunteerForm(request.POST or None, areas=request.station.areas.all(),
                         accounts=_accounts(request))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        volunteer = _save_volunteer(request, form)
        if volunteer is not None:
            messages.success(request, _("The volunteer was added."))
            return redirect("volunteers:detail", volunteer.pk)
    return render(request, "volunteers/form.html", {"form": form, "volunteer": None})


@staff_required
@require_http_methods(["GET", "POST"])
def volunteer_edit(request, pk: int):
    """Change a volunteer's record, or mark them no longer active."""
    volunteer = selectors.volunteer_get(actor=request.user, pk=pk)
    form = VolunteerForm(request.POST or None, areas=request.station.areas.all(),
                         accounts=_accounts(request, volunteer),
                         initial=volunteer_initial(volunteer), editing=True)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        if _save_volunteer(request, form, volunteer) is not None:
            messages.success(request, _("Saved."))
            return redirect("volunteers:detail", volunteer.pk)
        volunteer.refresh_from_db()
    return render(request, "volunteers/form.html", {"form": form, "volunteer": volunteer})


@staff_required
def volunteer_detail(request, pk: int):
    return _detail(request, pk)


def _detail(request, pk: int, **forms):
    detail = selectors.volunteer_detail(actor=request.user, pk=pk)
    volunteer = detail["volunteer"]
    access_log_record(actor=request.user, station=request.station,
                      action="volunteers.volunteer.viewed", obj=volunteer)  # fmt: skip
    today = timezone.localdate()
    context = {
        **detail, **_labels(volunteer),
        "training_form": forms.get("training_form") or TrainingForm(initial={"on": today}),
        "hours_form": forms.get("hours_form") or HoursForm(initial={"on": today}),
        "redemption_form": forms.get("redemption_form") or RedemptionForm(initial={"on": today}),
        "end_form": EndPairingForm(initial={"ended_on": today}),
        "me": request.user,
    }  # fmt: skip
    return render(request, "volunteers/detail.html", context)


def _add(request, pk: int, form_class, form_name: str, run, message: str, anchor: str):
    volunteer = selectors.volunteer_get(actor=request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(volunteer, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, message)
            return redirect(reverse("volunteers:detail", args=[pk]) + anchor)
    return _detail(request, pk, **{form_name: form})


@staff_required
@require_POST
def training_add(request, pk: int):
    def run(volunteer, data):
        services.training_add(actor=request.user, volunteer=volunteer, **data)

    return _add(request, pk, TrainingForm, "training_form", run,
                _("The training was recorded."), "#v-trainings")  # fmt: skip


@staff_required
@require_POST
def hours_add(request, pk: int):
    def run(volunteer, data):
        services.hours_record(actor=request.user, volunteer=volunteer, **data)

    return _add(request, pk, HoursForm, "hours_form", run, _("The hours were recorded."),
                "#v-hours")  # fmt: skip


@staff_required
@require_POST
def redemption_add(request, pk: int):
    def run(volunteer, data):
        services.redemption_record(actor=request.user, volunteer=volunteer, **data)

    return _add(request, pk, RedemptionForm, "redemption_form", run,
                _("The redemption was recorded."), "#v-bank")  # fmt: skip


@staff_required
@require_POST
def pairing_end(request, pk: int):
    pairing = Pairing.objects.visible_to(request.user).filter(pk=pk).first()
    if pairing is None:
        raise Http404
    form = EndPairingForm(request.POST)
    back = reverse("volunteers:detail", args=[pairing.volunteer_id]) + "#v-pairings"
    if not form.is_valid():
        messages.error(request, _("Give the day the pairing ended."))
        return redirect(back)
    try:
        services.pairing_end(actor=request.user, pairing=pairing, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The pairing has ended."))
    return redirect(back)


# --- teams, hours queue, recognition, export ------------------------------------------------
@staff_required
@require_http_methods(["GET", "POST"])
def teams(request):
    """The station's teams with leaders and members; add a team."""
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_create(actor=request.user, station=request.station,
                                 **form.cleaned_data)  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The team was added."))
            return redirect("volunteers:teams")
    rows = (
        Team.objects.visible_to(request.user)
        .filter(station=request.station)
        .select_related("leader")
        .prefetch_related("members")
    )
    volunteers = Volunteer.objects.visible_to(request.user).filter(
        station=request.station, active=True
    ).only("id", "name")  # fmt: skip
    return render(request, "volunteers/teams.html",
                  {"teams": rows, "form": form, "volunteers": volunteers})  # fmt: skip


@staff_required
@require_POST
def team_member(request, pk: int):
    """Add a member to a team, or make them its leader."""
    team = Team.objects.visible_to(request.user).filter(pk=pk).first()
    form = MemberForm(request.POST)
    if team is None:
        raise Http404
    volunteer = None
    if form.is_valid():
        volunteer = Volunteer.objects.visible_to(request.user).filter(
            pk=form.cleaned_data["volunteer"], station=team.station
        ).first()  # fmt: skip
    if volunteer is None:
        messages.error(request, _("Choose a volunteer of this station."))
        return redirect("volunteers:teams")
    service = services.team_set_leader if form.cleaned_data["leader"] else services.team_add_member
    service(actor=request.user, team=team, volunteer=volunteer)
    messages.success(request, _("The team was updated."))
    return redirect("volunteers:teams")


@staff_required
def hours_queue(request):
    """Hours waiting for a worker to confirm them."""
    rows = selectors.hours_unconfirmed(actor=request.user, station=request.station)
    return render(request, "volunteers/hours.html", {"rows": rows, "me": request.user})


@staff_required
@require_POST
def hours_confirm(request, pk: int):
    entry = HoursEntry.objects.visible_to(request.user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    try:
        services.hours_confirm(actor=request.user, entry=entry)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The hours are confirmed."))
    return redirect(_back(request, reverse("volunteers:hours")))


def _year(request, today: dt.date) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year + 1 else today.year


@staff_required
def recognition(request):
    """优秀志愿者: the year's volunteers with the most confirmed hours."""
    today = timezone.localdate()
    year = _year(request, today)
    rows = selectors.recognition_list(actor=request.user, station=request.station, year=year,
                                      top=20)  # fmt: skip
    return render(request, "volunteers/recognition.html", {
        "rows": rows, "year": year, "years": range(today.year, today.year - 5, -1),
    })  # fmt: skip


def export_period(request, today: dt.date) -> tuple[dt.date, dt.date]:
    """?from=&to= (or start/end); by default the year so far."""
    form = PeriodForm({"start": request.GET.get("from") or request.GET.get("start"),
                       "end": request.GET.get("to") or request.GET.get("end")})  # fmt: skip
    data = form.cleaned_data if form.is_valid() else {}
    return data.get("start") or dt.date(today.year, 1, 1), data.get("end") or today


def export_csv(rows: list[ExportRow]) -> bytes:
    """The platform's columns, UTF-8 with a BOM so that Excel reads the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    for r in rows:
        writer.writerow([r.name, r.platform_id, r.on.isoformat(), services.hours_text(r.hours),
                         r.activity])  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_response(request, start: dt.date, end: dt.date) -> HttpResponse:
    rows = selectors.hours_export_rows(actor=request.user, station=request.station,
                                       start=start, end=end)  # fmt: skip
    access_log_record(actor=request.user, station=request.station,
                      action="volunteers.hours.exported",
                      detail={"from": start.isoformat(), "to": end.isoformat(),
                              "rows": len(rows)})  # fmt: skip
    response = HttpResponse(export_csv(rows), content_type="text/csv; charset=utf-8")
    name = f"volunteer-hours-{request.station.code}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_required
def export(request):
    """Confirmed hours between two days as CSV (a page to choose them without ?from=&to=)."""
    today = timezone.localdate()
    start, end = export_period(request, today)
    if "from" in request.GET or "to" in request.GET:
        return export_response(request, start, end)
    return render(request, "volunteers/export.html", {"start": start, "end": end})


# --- pairing --------------------------------------------------------------------------------
@staff_required
@require_http_methods(["GET", "POST"])
def pair(request):
    """Suggestions for an elder (?elder=<id>) and starting a pairing."""
    raw = request.GET.get("elder") or request.POST.get("elder") or ""
    if not raw.isdigit():
        return render(request, "volunteers/pair.html", {"elder": None})
    elder = elder_get_or_404(actor=request.user, pk=int(raw))
    if elder.station_id != request.station.pk:
        raise Http404
    if request.method == "POST":
        return _pair_start(request, elder)
    languages = tuple(split_words(request.GET.get("languages", "")))
    slots = tuple(s for s in request.GET.getlist("slot") if s in dict(SLOT_CHOICES))
    suggestions = selectors.pairing_suggestions(actor=request.user, elder=elder,
                                                languages=languages, slots=slots)  # fmt: skip
    current = elder.pairings.filter(ended_on__isnull=True).select_related("volunteer")
    return render(request, "volunteers/pair.html", {
        "elder": elder, "suggestions": suggestions, "current": current,
        "languages": "、".join(languages or selectors.elder_languages(elder)),
        "slots": slots, "slot_choices": SLOT_CHOICES,
    })  # fmt: skip


def _pair_start(request, elder: Elder):
    form = PairForm(request.POST)
    volunteer = None
    if form.is_valid():
        volunteer = Volunteer.objects.visible_to(request.user).filter(
            pk=form.cleaned_data["volunteer"], station=request.station
        ).first()  # fmt: skip
    back = reverse("volunteers:pair") + f"?elder={elder.pk}"
    if volunteer is None:
        messages.error(request, _("Choose a volunteer of this station."))
        return redirect(back)
    started = form.cleaned_data["started_on"] or timezone.localdate()
    try:
        services.pairing_start(actor=request.user, volunteer=volunteer, elder=elder,
                               started_on=started)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect(back)
    messages.success(request, _("%(volunteer)s is now paired with %(elder)s.")
                     % {"volunteer": volunteer.name, "elder": elder.name})  # fmt: skip
    return redirect("volunteers:detail", volunteer.pk)


# --- a volunteer's own page -----------------------------------------------------------------
def volunteer_required(view):
    """A signed-in member who may see elders and has a volunteer record at the station."""
    from linli.stations.decorators import station_required

    @station_required("view_elders")
    def wrapper(request, *args, **kwargs):
        volunteer = selectors.own_volunteer(request.user, request.station)
        if volunteer is None:
            raise Http404
        return view(request, volunteer, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@volunteer_required
def me(request, volunteer):
    """My pairings (name and area), my requests, activities to join, my hours and balance."""
    page = selectors.my_page(volunteer=volunteer, today=timezone.localdate())
    return render(request, "volunteers/me.html", {"page": page})


@volunteer_required
@require_http_methods(["GET", "POST"])
def me_visit(request, volunteer, pk: int):
    """Log a visit to an elder I am paired with: date, what happened, a short note."""
    pairing = selectors.own_pairing(volunteer=volunteer, pk=pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_visit_log(actor=request.user, pairing=pairing, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your visit is logged. Thank you!"))
            return redirect("volunteers:me")
    area = pairing.elder.area.name if pairing.elder.area_id else ""
    return render(request, "volunteers/me_visit.html", {
        "form": form, "pairing": pairing, "elder_name": pairing.elder.name, "area": area,
    })  # fmt: skip
