"""Survey pages: campaigns, coverage and who is waiting, the paper form, the analysis (page and
xlsx) and the station's needs profile.

Campaign pages are for the station's staff (head and workers); volunteers are refused and
another station's campaign is a 404. The needs profile is also open to region viewers, as
counts only.
"""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from linli.accounts.services import access_log_record
from linli.elders.vocabulary import category_label
from linli.lib import cursor as keyset
from linli.lib.errors import UserError
from linli.stations.decorators import station_required
from linli.stations.models import Membership
from linli.stations.roles import role_has
from linli.stations.selectors import stations_in_regions

from . import analysis, definitions, services, surveys
from .models import Assessment, Campaign
from .selectors import instrument_for, instruments_for
from .survey_forms import CampaignForm, CrossItemForm

PAGE = 50
LIST_LIMIT = 100
PRINT_LIMIT = 500
VIEWER_MIN_N = 5  # fewer respondents than this are not shown to region viewers
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _campaign_or_404(request, pk: int) -> Campaign:
    try:
        campaign = surveys.campaign_get(actor=request.user, station=request.station, pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None
    campaign.areas_chosen = sorted(campaign.areas.all(), key=lambda a: a.name)
    return campaign


def _instrument_or_404(campaign: Campaign):
    instrument, _questionnaire = instrument_for(campaign.station, campaign.instrument)
    if instrument is None:
        raise Http404
    return instrument


def _criteria(campaign: Campaign) -> dict:
    """The target population in words."""
    return {
        "areas": [a.name for a in campaign.areas_chosen],
        "categories": [category_label(c) for c in campaign.categories],
        "age_bands": [surveys.age_band_label(b) for b in campaign.age_bands],
    }


# --- campaigns ---------------------------------------------------------------------------------
@station_required("view_aggregates")
def campaign_list(request):
    campaigns = surveys.campaigns_of(actor=request.user, station=request.station)
    found = list(campaigns[: LIST_LIMIT + 1])
    names = {code: str(i.name) for code, i in instruments_for(request.station).items()}
    rows = [{"campaign": c, "instrument": names.get(c.instrument, c.instrument)}
            for c in found[:LIST_LIMIT]]  # fmt: skip
    context = {"rows": rows, "more": len(found) > LIST_LIMIT, "limit": LIST_LIMIT,
               "can_create": role_has(request.role, "edit_elders")}  # fmt: skip
    return render(request, "assessments/surveys/list.html", context)


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    form = CampaignForm(request.POST or None, station=request.station)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, station=request.station,
                                                data=form.campaign_data())  # fmt: skip
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The survey is open."))
            return redirect("surveys:detail", pk=campaign.pk)
    return render(request, "assessments/surveys/form.html", {"form": form})


@station_required("view_aggregates")
def campaign_detail(request, pk: int):
    """Coverage overall and per area, and one page of who is waiting (or who is done)."""
    campaign = _campaign_or_404(request, pk)
    instrument, _questionnaire = instrument_for(campaign.station, campaign.instrument)
    show = "done" if request.GET.get("show") == "done" else "waiting"
    try:
        rows, next_cursor = _list_page(request, campaign, show)
    except keyset.BadCursor:
        return redirect("surveys:detail", pk=campaign.pk)
    context = {
        "campaign": campaign, "instrument": instrument, "criteria": _criteria(campaign),
        "coverage": surveys.campaign_coverage(actor=request.user, campaign=campaign),
        "show": show, "rows": rows, "next_cursor": next_cursor,
        "cursor": request.GET.get("cursor", ""),
        "can_edit": role_has(request.role, "edit_elders"),
    }  # fmt: skip
    return render(request, "assessments/surveys/detail.html", context)


def _list_page(request, campaign: Campaign, show: str):
    cursor = request.GET.get("cursor") or None
    if show == "done":
        found = surveys.surveyed(actor=request.user, campaign=campaign)
        return keyset.keyset_page(found, keys=("elder__name_pinyin", "id"), cursor=cursor,
                                  limit=PAGE)  # fmt: skip
    found = surveys.not_surveyed(actor=request.user, campaign=campaign)
    rows, next_cursor = keyset.keyset_page(found, keys=("name_pinyin", "id"), cursor=cursor,
                                           limit=PAGE)  # fmt: skip
    today = timezone.localdate()
    for elder in rows:
        elder.age = elder.age_on(today)
    return rows, next_cursor


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def campaign_close(request, pk: int):
    """Ask, then close: the figures stay, the list of who is waiting no longer offers entry."""
    campaign = _campaign_or_404(request, pk)
    if campaign.status == Campaign.Status.CLOSED:
        return redirect("surveys:detail", pk=campaign.pk)
    if request.method == "POST":
        services.campaign_close(actor=request.user, campaign=campaign)
        messages.success(request, _("The survey is closed."))
        return redirect("surveys:detail", pk=campaign.pk)
    coverage = surveys.campaign_coverage(actor=request.user, campaign=campaign)
    return render(request, "assessments/surveys/close.html",
                  {"campaign": campaign, "coverage": coverage})  # fmt: skip


# --- the paper form ----------------------------------------------------------------------------
def paper_sections(instrument) -> list[dict]:
    """The items to print, numbered, grouped by section (sums are computed, never asked)."""
    groups: list[dict] = []
    number = 0
    for item in instrument.items:
        if item.type == "sum":
            continue
        number += 1
        if not groups or groups[-1]["key"] != item.section:
            title = instrument.sections.get(item.section) if item.section else None
            groups.append({"key": item.section, "title": title, "rows": []})
        groups[-1]["rows"].append({"number": number, "item": item})
    return groups


@station_required("view_aggregates")
def paper(request, pk: int):
    """A blank form to print, or (?elders=all) one named form per target still waiting."""
    campaign = _campaign_or_404(request, pk)
    instrument = _instrument_or_404(campaign)
    elders, waiting = [None], None
    if request.GET.get("elders") == "all":
        found = surveys.not_surveyed(actor=request.user, campaign=campaign)
        named = list(found.order_by("area__name", "name_pinyin", "id")[: PRINT_LIMIT + 1])
        waiting = found.count() if len(named) > PRINT_LIMIT else len(named)
        elders = named[:PRINT_LIMIT]
        access_log_record(actor=request.user, station=request.station, obj=campaign,
                          action="assessments.survey.forms_printed",
                          detail={"elders": len(elders)})  # fmt: skip
    context = {
        "campaign": campaign, "instrument": instrument, "sections": paper_sections(instrument),
        "elders": elders, "waiting": waiting, "limit": PRINT_LIMIT,
        "respondents": Assessment.Respondent.choices, "today": timezone.localdate(),
    }  # fmt: skip
    return render(request, "assessments/surveys/paper.html", context)


# --- analysis ----------------------------------------------------------------------------------
def needs_levels(ranking: list[analysis.NeedShare]) -> dict[str, str]:
    """The urgency levels met in the ranking (option value: label), in the items' order."""
    levels: dict[str, str] = {}
    for need in ranking:
        for key, tally in zip(need.level_keys, need.levels, strict=True):
            levels.setdefault(key, tally.label)
    return levels


def needs_table(ranking: list[analysis.NeedShare]) -> dict:
    """The ranking with one cell (a tally, or None) per urgency level, for tables."""
    levels = needs_levels(ranking)
    rows = []
    for rank, need in enumerate(ranking, start=1):
        by_key = dict(zip(need.level_keys, need.levels, strict=True))
        rows.append({"rank": rank, "need": need, "cells": [by_key.get(k) for k in levels]})
    return {"levels": list(levels.values()), "rows": rows}


def needs_chart(ranking: list[analysis.NeedShare]) -> dict:
    """The needs ranking as stacked bars (one series per urgency level), for charts.js."""
    table = needs_table(ranking)
    series = [
        {"name": label, "data": [(row["cells"][i].share or 0) if row["cells"][i] else 0
                                 for row in table["rows"]]}
        for i, label in enumerate(table["levels"])
    ]  # fmt: skip
    if not series:  # yes/no needs: one series
        series = [{"name": _("reports a need"), "data": [n.share or 0 for n in ranking]}]
    return {"kind": "needs", "labels": [n.label for n in ranking], "series": series,
            "axis": _("Per cent of those who answered")}  # fmt: skip


def frequency_chart(frequency: analysis.Frequency) -> dict:
    """One question's answers as shares (per cent) of those who answered, for charts.js."""
    return {"kind": "percent", "labels": [t.label for t in frequency.tallies],
            "data": [t.share or 0 for t in frequency.tallies],
            "axis": _("Per cent of those who answered")}  # fmt: skip


def _default_variable(ranking, variables) -> str:
    return ranking[0].key if ranking else (variables[0].key if variables else "")


@station_required("view_aggregates")
def campaign_analysis(request, pk: int):
    campaign = _campaign_or_404(request, pk)
    instrument = _instrument_or_404(campaign)
    respondents = analysis.campaign_respondents(actor=request.user, campaign=campaign)
    ranking = analysis.needs_ranking(instrument, respondents)
    variables = analysis.variables_for(instrument)
    form = CrossItemForm(request.GET or None, variables=variables)
    variable = form.chosen(variables, _default_variable(ranking, variables))
    tables = [analysis.crosstab(variable, d, respondents) for d in analysis.DIMENSIONS]
    frequencies = [
        {"frequency": f, "chart": frequency_chart(f), "chart_id": f"chart-{f.key}"}
        for f in analysis.frequencies(instrument, respondents)
    ]
    context = {
        "campaign": campaign, "instrument": instrument, "n": len(respondents),
        "period": _period(respondents), "ranking": ranking, "needs_table": needs_table(ranking),
        "needs_chart": needs_chart(ranking), "frequencies": frequencies, "form": form,
        "variable": variable, "tables": tables,
    }  # fmt: skip
    return render(request, "assessments/surveys/analysis.html", context)


def _period(respondents) -> tuple[dt.date, dt.date] | None:
    days = [r.assessed_on for r in respondents]
    return (min(days), max(days)) if days else None


@station_required("view_aggregates")
def campaign_analysis_xlsx(request, pk: int):
    """The analysis as a workbook: frequencies, the needs ranking, one sheet per dimension."""
    campaign = _campaign_or_404(request, pk)
    instrument = _instrument_or_404(campaign)
    respondents = analysis.campaign_respondents(actor=request.user, campaign=campaign)
    content = analysis_workbook(title=campaign.title, instrument=instrument,
                                respondents=respondents, period=_period(respondents))  # fmt: skip
    response = HttpResponse(content, content_type=XLSX_TYPE)
    filename = f"survey-{campaign.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- the station's needs profile ---------------------------------------------------------------
def _profile_scope(request):
    """(station, respondents, active elders, staff, stations to choose from) for the profile."""
    if not request.user.is_authenticated:
        return None
    if request.station is not None:
        if request.role not in (Membership.Role.HEAD, Membership.Role.WORKER):
            raise PermissionDenied
        found = analysis.station_needs(actor=request.user, station=request.station)
        return request.station, *found, True, []
    stations = list(stations_in_regions(request.user).order_by("name"))
    if not stations:
        raise Http404
    wanted = request.GET.get("station")
    station = next((s for s in stations if s.code == wanted), stations[0])
    found = analysis.region_needs(actor=request.user, station=station)
    return station, *found, False, stations


def needs_profile(request):
    """What share of the station's elders reports each need, by urgency (latest checklist)."""
    scope = _profile_scope(request)
    if scope is None:
        return redirect_to_login(request.get_full_path())
    station, respondents, active, staff, stations = scope
    instrument = definitions.builtin()[analysis.NEEDS]
    hidden = not staff and len(respondents) < VIEWER_MIN_N
    ranking = [] if hidden else analysis.needs_ranking(instrument, respondents)
    context = {
        "profile_station": station, "staff": staff, "stations": stations, "hidden": hidden,
        "n": len(respondents), "active": active, "period": _period(respondents),
        "ranking": ranking, "needs_table": needs_table(ranking),
        "needs_chart": needs_chart(ranking), "min_n": VIEWER_MIN_N,
        "instrument": instrument,
    }  # fmt: skip
    return render(request, "assessments/surveys/needs.html", context)


# --- the analysis workbook ---------------------------------------------------------------------
BOLD = Font(bold=True)


def analysis_workbook(*, title: str, instrument, respondents, period) -> bytes:
    """Sheets: the survey, frequencies, the needs ranking, then one per cross-tab dimension."""
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, title, instrument, respondents, period)
    _frequency_sheet(workbook, analysis.frequencies(instrument, respondents))
    _ranking_sheet(workbook, analysis.needs_ranking(instrument, respondents))
    variables = analysis.variables_for(instrument)
    for dimension in analysis.DIMENSIONS:
        tables = [analysis.crosstab(v, dimension, respondents) for v in variables]
        _crosstab_sheet(workbook, analysis.dimension_label(dimension), tables)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook, title: str, widths: list[int]):
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _bold(sheet, values) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = BOLD
        cells.append(cell)
    return cells


def _summary_sheet(workbook, title, instrument, respondents, period) -> None:
    sheet = _sheet(workbook, _("Survey"), [24, 90])
    sheet.append(_bold(sheet, [_("Survey"), title]))
    name = f"{instrument.name} ({instrument.code} {instrument.version})"
    sheet.append([_("Questionnaire"), name])
    sheet.append([_("Respondents"), len(respondents)])
    if period:
        sheet.append([_("Assessed"), f"{period[0]:%Y-%m-%d} – {period[1]:%Y-%m-%d}"])
    sheet.append([_("Chi-square test"), chi_square_method()])


def chi_square_method() -> str:
    return _(
        "Made only where the table allows it: at least two groups and two answers with counts "
        "(not recorded groups and empty rows or columns left out), no expected count below 1 "
        "and at most 20% below 5 (Cochran). 2×2 tables with Yates' continuity correction, "
        "larger tables without."
    )


def _frequency_sheet(workbook, frequencies) -> None:
    sheet = _sheet(workbook, _("Frequencies"), [48, 30, 10, 10, 12, 14])
    sheet.freeze_panes = "A2"
    sheet.append(_bold(sheet, [_("Item"), _("Answer"), _("Count"), "%", _("Answered"),
                               _("Not answered")]))  # fmt: skip
    for frequency in frequencies:
        for tally in frequency.tallies:
            sheet.append([frequency.label, tally.label, tally.count, tally.share,
                          frequency.answered, frequency.missing])  # fmt: skip


def _ranking_sheet(workbook, ranking) -> None:
    sheet = _sheet(workbook, _("Needs ranking"), [8, 48, 12, 16, 10, 14, 10, 14, 10, 14, 10])
    sheet.freeze_panes = "A2"
    levels = needs_levels(ranking)
    head = [_("Rank"), _("Need"), _("Answered"), _("Reporting a need"), "%"]
    for label in levels.values():
        head += [label, f"{label} %"]
    sheet.append(_bold(sheet, head))
    for rank, need in enumerate(ranking, start=1):
        row = [rank, need.label, need.answered, need.reporting, need.share]
        shares = dict(zip(need.level_keys, need.levels, strict=True))
        for key in levels:
            tally = shares.get(key)
            row += [tally.count, tally.share] if tally else [None, None]
        sheet.append(row)


def _crosstab_sheet(workbook, title: str, tables) -> None:
    sheet = _sheet(workbook, title, [28, 8] + [14, 9] * 6)
    for table in tables:
        sheet.append(_bold(sheet, [table.variable.label]))
        head = [table.label, "n"]
        for column in table.variable.columns:
            head += [column, "%"]
        sheet.append(_bold(sheet, head))
        for row in [*table.rows, table.total]:
            values = [row.label, row.n]
            for cell in row.cells:
                values += [cell.count, cell.share]
            sheet.append(values)
        test = table.test
        if test is not None and test.applicable:
            method = _("Yates' continuity correction") if test.corrected else _("no correction")
            sheet.append(["χ²", test.statistic, "df", test.df, "p", test.p, method])
        elif test is not None:
            sheet.append([_("No chi-square test"), test.reason])
        if table.note:
            sheet.append([table.note])
        sheet.append([])
