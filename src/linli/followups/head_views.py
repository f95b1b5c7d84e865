"""The head's pages: coverage and the overdue list, cadence rules, caseloads, emergencies.

Heads hold `manage_station`; workers may read coverage and the rules; region viewers reach
only the emergency pages, for every station of their region, and see counts, never names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from linli.accounts.services import access_log_record
from linli.elders.presenting import phones_for
from linli.stations.decorators import station_required
from linli.stations.models import Membership
from linli.stations.roles import role_has
from linli.stations.selectors import stations_in_regions

from . import caseload as caseloads
from . import emergencies, exports, selectors, services
from .head_forms import (
    AssignForm,
    CoverageFilterForm,
    EmergencyForm,
    RebalanceForm,
    RuleFormSet,
    RulesNoteForm,
    group_label,
    rules_initial,
)
from .models import CadenceRuleSet, Emergency

OVERDUE_LIMIT = 50
HISTORY_LIMIT = 50
SUMMARY_KEYS = ("elders_covered", "checkins", "elders_reached", "needs", "needs_met", "days")


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def _rules_by_code(station) -> dict:
    return {rule.code: rule for rule in services.rules_in_force(station)}


# --- coverage ----------------------------------------------------------------------------------
@station_required("view_aggregates")
def coverage(request):
    today = timezone.localdate()
    month, kind = CoverageFilterForm(request.GET).chosen(today)
    figures = selectors.coverage(actor=request.user, station=request.station, month=month,
                                 kind=kind)  # fmt: skip
    rules = _rules_by_code(request.station)
    overdue = selectors.overdue(actor=request.user, station=request.station, today=today,
                                kind=kind)  # fmt: skip
    shown = list(overdue[: OVERDUE_LIMIT + 1])
    context = {
        "month": month, "kind": kind, "today": today, **_month_links(month, today),
        "tables": _coverage_tables(figures, rules),
        "total": _figures(figures["total"][0], ""),
        "overdue": [_overdue_row(p, rules, request.role, today) for p in shown[:OVERDUE_LIMIT]],
        "overdue_count": overdue.count() if len(shown) > OVERDUE_LIMIT else len(shown),
        "open_emergencies": selectors.open_emergencies(request.station),
    }  # fmt: skip
    return render(request, "followups/station/coverage.html", context)


def _month_links(month: dt.date, today: dt.date) -> dict:
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return {
        "prev_month": previous.strftime("%Y-%m"),
        "next_month": following.strftime("%Y-%m") if following <= today else "",
    }


def _figures(row, label: str) -> dict:
    rate = round(100 * row.reached / row.due) if row.due else None
    return {"label": label, "due": row.due, "reached": row.reached, "attempted": row.attempted,
            "not_attempted": row.not_attempted, "rate": rate}  # fmt: skip


def _merged(rows) -> list:
    """Rows with the same key added up (overrides carry their reasons as labels)."""
    merged: dict = {}
    for row in rows:
        if row.key in merged:
            into = merged[row.key]
            for name in ("due", "reached", "attempted", "not_attempted"):
                setattr(into, name, getattr(into, name) + getattr(row, name))
        else:
            merged[row.key] = selectors.CoverageRow(row.key, row.label, row.due, row.reached,
                                                    row.attempted, row.not_attempted)  # fmt: skip
    return list(merged.values())


def _coverage_tables(figures: dict, rules: dict) -> list[dict]:
    workers = [r.key for r in figures["worker"] if r.key]
    names = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=workers)}
    by_rule = [
        _figures(r, _("set by hand for one elder") if r.key == "override"
                 else exports.rule_title(r.key, rules, r.label))
        for r in _merged(figures["rule"])
    ]  # fmt: skip
    areas, workers = (sorted(figures[k], key=lambda r: r.key is None) for k in ("area", "worker"))
    by_area = [_figures(r, r.label if r.key else _("No area")) for r in areas]
    by_worker = [_figures(r, names.get(r.key, _("Unassigned"))) for r in workers]
    return [
        {"id": "rule", "title": _("By rule"), "head": _("Rule"), "rows": by_rule},
        {"id": "area", "title": _("By area"), "head": _("Area"), "rows": by_area},
        {"id": "worker", "title": _("By worker"), "head": _("Worker"), "rows": by_worker},
    ]


def _overdue_row(plan, rules: dict, role: str | None, today: dt.date) -> dict:
    last = plan.last_reached_at
    return {
        "plan": plan,
        "elder": plan.elder,
        "title": exports.plan_title(plan, rules),
        "days": (today - plan.next_due).days,
        "last_reached": timezone.localdate(last) if last else None,
        "phones": phones_for(plan.elder.phone_list, role),
    }


@station_required("export_masked")
def overdue_export(request):
    """Everyone overdue as xlsx; phones masked unless the user may see them; logged."""
    today = timezone.localdate()
    kind = request.GET.get("kind") if request.GET.get("kind") in ("call", "visit") else None
    masked = not role_has(request.role, "see_phones")
    plans = selectors.overdue(actor=request.user, station=request.station, today=today, kind=kind)
    content, count = exports.overdue_workbook(
        plans.iterator(chunk_size=exports.CHUNK_SIZE), rules=_rules_by_code(request.station),
        masked=masked, today=today,
    )  # fmt: skip
    access_log_record(actor=request.user, station=request.station,
                      action="followups.overdue.exported",
                      detail={"kind": kind or "", "rows": count, "masked": masked})  # fmt: skip
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    filename = f"overdue-{request.station.code}-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- cadence rules -----------------------------------------------------------------------------
def _rulesets(station):
    return CadenceRuleSet.objects.filter(station=station).select_related("created_by")


@station_required("view_aggregates")
@require_http_methods(["GET", "POST"])
def rules(request):
    """The rules in force; heads edit them (a new version), workers read them."""
    can_edit = role_has(request.role, "manage_station")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    current = _rulesets(request.station).order_by("-version").first()
    in_force = services.rules_in_force(request.station)
    formset, note_form = RuleFormSet(initial=rules_initial(in_force)), RulesNoteForm()
    if request.method == "POST":
        formset, note_form, saved = _rules_post(request)
        if saved:
            return redirect("followups_head:rules")
    context = {
        "current": current, "rules": _rule_rows(in_force), "can_edit": can_edit,
        "formset": formset, "note_form": note_form,
        "versions": list(_rulesets(request.station).order_by("-version")[:HISTORY_LIMIT]),
    }  # fmt: skip
    return render(request, "followups/station/rules.html", context)


def _rules_post(request) -> tuple:
    """Add a blank row, or save a new version; (formset, note form, saved)."""
    data = request.POST.copy()
    if "add" in data:
        data["form-TOTAL_FORMS"] = str(int(data.get("form-TOTAL_FORMS") or 0) + 1)
        return RuleFormSet(data), RulesNoteForm(initial={"note": data.get("note", "")}), False
    formset, note_form = RuleFormSet(data), RulesNoteForm(data)
    if not (formset.is_valid() and note_form.is_valid()):
        messages.error(request, _("The rules were not saved: correct the marked fields."))
        return formset, note_form, False
    try:
        ruleset = services.ruleset_save(actor=request.user, station=request.station,
                                        rules=formset.rules(),
                                        note=note_form.cleaned_data["note"])  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return formset, note_form, False
    messages.success(
        request,
        _("Version %(version)s of the rules is in force; every elder's plan was recalculated.")
        % {"version": ruleset.version},
    )
    return formset, note_form, True


def _rule_rows(rules) -> list[dict]:
    from linli.elders.models import Elder
    from linli.elders.vocabulary import category_label

    risk = dict(Elder.Risk.choices)
    return [
        {"rule": rule, "title": exports.rule_title(rule.code, {rule.code: rule}),
         "who": [category_label(c) for c in rule.categories],
         "risk": [str(risk[r]) for r in rule.risk]}
        for rule in rules
    ]  # fmt: skip


@station_required("view_aggregates")
def rules_version(request, version: int):
    ruleset = get_object_or_404(_rulesets(request.station), version=version)
    from .cadence import parse_rules

    context = {"ruleset": ruleset, "rules": _rule_rows(parse_rules(ruleset.rules))}
    return render(request, "followups/station/rules_version.html", context)


# --- caseloads ---------------------------------------------------------------------------------
def _caseload_page(request, *, assign=None, rebalance=None, preview=None, status=200):
    station = request.station
    summary = caseloads.caseload_summary(actor=request.user, station=station,
                                         today=timezone.localdate())  # fmt: skip
    context = {
        "summary": summary,
        "assign_form": assign or AssignForm(station=station),
        "rebalance_form": rebalance or _rebalance_form(station),
        "preview": preview,
    }
    return render(request, "followups/station/caseload.html", context, status=status)


def _rebalance_form(station, data=None) -> RebalanceForm:
    holders = caseloads.caseload_holders(station=station)
    return RebalanceForm(data, station=station, from_choices=holders)


@station_required("manage_station")
def caseload(request):
    return _caseload_page(request)


@station_required("manage_station")
@require_POST
def caseload_assign(request):
    form = AssignForm(request.POST, station=request.station)
    if not form.is_valid():
        return _caseload_page(request, assign=form, status=400)
    args = {k: form.cleaned_data[k] for k in ("worker", "area", "only_unassigned")}
    args["category"] = form.cleaned_data["category"] or None
    if "confirm" not in request.POST:
        count = caseloads.assign_preview(actor=request.user, station=request.station,
                                         today=timezone.localdate(), **args)  # fmt: skip
        preview = {"kind": "assign", "count": count, "worker": args["worker"], "form": form}
        return _caseload_page(request, assign=form, preview=preview)
    moved = caseloads.caseload_assign(actor=request.user, station=request.station, **args)
    messages.success(request, _("%(count)s elders were assigned to %(worker)s.") % {
        "count": moved, "worker": args["worker"]})  # fmt: skip
    return redirect("followups_head:caseload")


@station_required("manage_station")
@require_POST
def caseload_rebalance(request):
    form = _rebalance_form(request.station, request.POST)
    if not form.is_valid():
        return _caseload_page(request, rebalance=form, status=400)
    args = {"from_worker": form.cleaned_data["from_worker"],
            "to_workers": list(form.cleaned_data["to_workers"])}  # fmt: skip
    if "confirm" not in request.POST:
        shares = caseloads.rebalance_preview(actor=request.user, station=request.station, **args)
        preview = {"kind": "rebalance", "shares": shares, "form": form, **args}
        return _caseload_page(request, rebalance=form, preview=preview)
    counts = caseloads.caseload_rebalance(actor=request.user, station=request.station, **args)
    messages.success(
        request,
        _("%(count)s elders of %(worker)s were shared among %(n)s workers.")
        % {"count": sum(counts.values()), "worker": args["from_worker"], "n": len(counts)},
    )
    return redirect("followups_head:caseload")


# --- emergencies -------------------------------------------------------------------------------
@dataclass
class Scope:
    """The stations whose emergencies a user reaches, and how."""

    stations: list
    staff: bool  # names and phones (the station's head and workers) or counts only (viewers)
    can_manage: bool  # open and close


def _scope(request) -> Scope:
    """A head or worker: their current station; a region viewer: every station of the region."""
    if request.station is not None:
        if request.role not in (Membership.Role.HEAD, Membership.Role.WORKER):
            raise PermissionDenied
        return Scope([request.station], True, role_has(request.role, "manage_station"))
    stations = list(stations_in_regions(request.user).order_by("name"))
    if not stations:
        raise Http404
    return Scope(stations, False, True)


def emergency_scope(view):
    """Signed in, and a member of a station or a viewer of a region (passed as `scope`)."""

    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, scope=_scope(request), **kwargs)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


@emergency_scope
def emergency_list(request, scope: Scope):
    found = list(selectors.emergencies_of(stations=scope.stations)[:HISTORY_LIMIT])
    context = {
        "scope": scope,
        "open": [e for e in found if e.is_open],
        "closed": [{"emergency": e, "summary": _summary(e.summary)} for e in found
                   if not e.is_open],
    }  # fmt: skip
    return render(request, "followups/station/emergencies.html", context)


def _summary(summary: dict) -> list[dict]:
    labels = {"elders_covered": _("elders covered"), "checkins": _("check-ins made"),
              "elders_reached": _("elders reached"), "needs": _("urgent needs raised"),
              "needs_met": _("needs met"), "days": _("days")}  # fmt: skip
    return [{"key": k, "label": labels[k], "value": summary.get(k, 0)} for k in SUMMARY_KEYS]


@emergency_scope
@require_http_methods(["GET", "POST"])
def emergency_open(request, scope: Scope):
    if not scope.can_manage:
        raise PermissionDenied
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = _open(request, scope, form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if len(opened) == 1:
                return redirect("followups_head:emergency", pk=opened[0].pk)
            messages.success(request, _("The emergency was opened at %(n)s stations.") % {
                "n": len(opened)})  # fmt: skip
            return redirect("followups_head:emergencies")
    return render(request, "followups/station/emergency_form.html",
                  {"form": form, "scope": scope})  # fmt: skip


def _open(request, scope: Scope, data: dict) -> list[Emergency]:
    if scope.staff:
        return [emergencies.emergency_open(actor=request.user, station=scope.stations[0], **data)]
    return emergencies.emergency_open_region(actor=request.user, stations=scope.stations, **data)


def _emergency_or_404(scope: Scope, pk: int) -> Emergency:
    return get_object_or_404(selectors.emergencies_of(stations=scope.stations), pk=pk)


def _board_context(request, scope: Scope, emergency: Emergency) -> dict:
    today = timezone.localdate()
    if not emergency.is_open:
        areas = []
    elif scope.staff:
        board = selectors.emergency_board(emergency=emergency, actor=request.user, today=today)
        areas = [_staff_area(entry, request.role) for entry in board]
    else:
        areas = selectors.emergency_board_counts(emergency=emergency, today=today)
    for area in areas:
        area["waiting_count"] = area["covered"] - area["reached"]
        area["rate"] = round(100 * area["reached"] / area["covered"]) if area["covered"] else 0
    totals = {k: sum(a[k] for a in areas) for k in ("covered", "reached", "waiting_count")}
    return {
        "scope": scope, "emergency": emergency, "areas": areas, "totals": totals,
        "groups": [group_label(g) for g in emergency.groups], "now": timezone.localtime(),
        "summary": _summary(emergency.summary) if not emergency.is_open else [],
    }  # fmt: skip


def _staff_area(entry: dict, role: str | None) -> dict:
    waiting = [{"elder": e, "phones": phones_for(e.phone_list, role)} for e in entry["waiting"]]
    area = entry["area"]
    return {"area_name": area.name if area else "", "covered": entry["covered"],
            "reached": entry["reached"], "waiting": waiting}  # fmt: skip


@emergency_scope
def emergency_board(request, pk: int, scope: Scope):
    emergency = _emergency_or_404(scope, pk)
    context = _board_context(request, scope, emergency)
    template = "followups/station/emergency.html"
    partial = _is_htmx(request) and request.GET.get("part") == "board"
    if partial and emergency.is_open:
        template = "followups/station/_board.html"
    response = render(request, template, context)
    if partial and not emergency.is_open:
        response["HX-Refresh"] = "true"  # closed meanwhile: show the summary page
    patch_vary_headers(response, ["HX-Request"])
    return response


@emergency_scope
@require_http_methods(["GET", "POST"])
def emergency_close(request, pk: int, scope: Scope):
    """Ask, then close: normal cadence resumes and the summary is kept."""
    emergency = _emergency_or_404(scope, pk)
    if not scope.can_manage:
        raise PermissionDenied
    if not emergency.is_open:
        return redirect("followups_head:emergency", pk=emergency.pk)
    if request.method == "POST":
        emergencies.emergency_close(actor=request.user, emergency=emergency)
        messages.success(request, _("The emergency is closed; normal cadence resumes."))
        return redirect("followups_head:emergency", pk=emergency.pk)
    summary = _summary(emergencies.emergency_summary(emergency))
    context = {"emergency": emergency, "summary": summary, "scope": scope,
               "board_url": reverse("followups_head:emergency", args=[emergency.pk])}  # fmt: skip
    return render(request, "followups/station/emergency_close.html", context)
