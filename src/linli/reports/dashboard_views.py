"""The dashboards: a station's figures for its staff, and a region's for its viewers.

Both show counts only (reports.summary); every chart is followed by a table of the same figures,
and the charts are drawn by static/reports/dashboard.js from json_script data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from linli.stations.models import Station
from linli.stations.roles import role_has

from . import measures, summary
from .indicators import Progress, period_so_far, project_to_end, records_url, status_of
from .models import Indicator, Project


def station(request):
    """The current station's dashboard (head and workers); a region viewer goes to the region's."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.station is None:
        if summary.viewer_regions(actor=request.user):
            return redirect("dashboard:region")
        raise Http404
    if not role_has(request.role, "view_aggregates"):
        raise PermissionDenied
    on = timezone.localdate()
    figures = summary.station_summary(station=request.station, on=on, month_start=on.replace(day=1))
    projects = projects_running(station_ids=[request.station.pk], on=on)
    found = figures_of(projects, on)
    context = {"figures": figures, "cards": cards(figures),
               "sections": sections(figures, "st"),
               "projects": [project_panel(p, on, "st", links=True, figures=found)
                            for p in projects]}  # fmt: skip
    return render(request, "reports/dashboard_station.html", context)


def region(request):
    """A region's dashboard for its viewers: each station's figures and the total, no names."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    regions = summary.viewer_regions(actor=request.user)
    if not regions:
        raise Http404
    chosen = next((r for r in regions if r.code == request.GET.get("region")), regions[0])
    on = timezone.localdate()
    found = summary.region_summary(region=chosen, on=on, month_start=on.replace(day=1))
    total = found["total"]
    context = {
        "region": chosen, "regions": regions, "on": on, "figures": total,
        "stations": found["stations"], "cards": cards(total),
        "sections": sections(total, "rg"), "comparison": comparison(found["stations"], total),
        "breakdowns": breakdowns(found["stations"], total),
    }  # fmt: skip
    codes = [f["station"]["code"] for f in found["stations"]]
    ids = dict(Station.objects.filter(code__in=codes).values_list("code", "pk"))
    projects = projects_running(station_ids=list(ids.values()), on=on)
    parts = figures_of(projects, on)
    context["projects"] = [project_panel(p, on, "rg", shown=[ids[c] for c in codes],
                                         figures=parts) for p in projects]  # fmt: skip
    return render(request, "reports/dashboard_region.html", context)


# --- what the templates show ------------------------------------------------------------------
def _total() -> str:
    return pgettext("sum of a column", "Total")


def _band_label(key: str) -> str:
    return key.replace("-", "–")


def _share(count: int, whole: int) -> str:
    return f"{100 * count / whole:.1f}%" if whole else "—"


def _rate(cover: dict) -> str:
    return "—" if cover["rate"] is None else f"{100 * cover['rate']:.1f}%"


def cards(figures: dict) -> list[dict]:
    """The headline figures, each a number with its label."""
    this_month = figures["trend"][-1] if figures["trend"] else {"person_times": 0}
    return [
        {"n": figures["active"], "label": _("active elders")},
        {"n": _rate(figures["coverage"]["call"]), "label": _("call coverage this month")},
        {"n": _rate(figures["coverage"]["visit"]), "label": _("home visit coverage this month")},
        {"n": this_month["person_times"], "label": _("person-times this month")},
        {"n": figures["open_cases_total"], "label": _("open cases")},
        {"n": f"{figures['volunteer_hours']:g}", "label": _("confirmed volunteer hours this year")},
        {"n": figures["requests_completed"], "label": _("requests completed this month")},
    ]


def sections(figures: dict, prefix: str) -> list[dict]:
    """Each chart with its data (for dashboard.js) and the table that says the same."""
    active = figures["active"]
    return [
        _pyramid(figures, prefix),
        _counted(f"{prefix}-categories", _("Elders by category"), _("Category"),
                 figures["categories"], active,
                 _("An elder may be in several categories; derived ones are counted too.")),
        _counted(f"{prefix}-living", _("Elders by living arrangement"), _("Living arrangement"),
                 figures["living"], active),
        _counted(f"{prefix}-risk", _("Elders by risk level"), _("Risk level"), figures["risk"],
                 active),
        _counted(f"{prefix}-areas", _("Elders by area"), _("Area"),
                 [{"label": a["name"], "count": a["count"]} for a in figures["areas"]], active),
        _trend(figures, prefix),
        _counted(f"{prefix}-cases", _("Open cases by stage"), _("Stage"), figures["open_cases"],
                 None),
    ]  # fmt: skip


def _pyramid(figures: dict, prefix: str) -> dict:
    rows = figures["pyramid"]
    labels = [_band_label(r["band"]) for r in rows]
    chart = {"kind": "pyramid", "labels": labels, "axis": _("elders"),
             "series": [{"name": _("men"), "data": [r["male"] for r in rows]},
                        {"name": _("women"), "data": [r["female"] for r in rows]}]}  # fmt: skip
    body = [[label, r["male"], r["female"], r["unknown"], r["male"] + r["female"] + r["unknown"]]
            for label, r in zip(labels, rows, strict=True)]  # fmt: skip
    foot = [_total(), *[sum(row[i] for row in body) for i in range(1, 5)]]
    note = ""
    if figures["under_60"] or figures["no_birth_date"]:
        note = _("Not in an age band: %(under)s under 60, %(unknown)s without a birth date.") % {
            "under": figures["under_60"], "unknown": figures["no_birth_date"]}  # fmt: skip
    return {"id": f"{prefix}-pyramid", "title": _("Population pyramid: age band and sex"),
            "chart": chart, "head": [_("Age band"), _("Men"), _("Women"), _("Sex not recorded"),
                                     _total()],
            "rows": body, "foot": foot, "note": note}  # fmt: skip


def _counted(key, title, column, rows, whole, note="") -> dict:
    chart = {"kind": "bars", "labels": [r["label"] for r in rows],
             "data": [r["count"] for r in rows], "axis": _("number")}  # fmt: skip
    head = [column, _("Number")]
    body = [[r["label"], r["count"]] for r in rows]
    if whole is not None:
        head.append(_("Share of active elders"))
        body = [[*row, _share(row[1], whole)] for row in body]
    foot = [_total(), sum(r["count"] for r in rows)] if whole is None else []
    return {"id": key, "title": title, "chart": chart, "head": head, "rows": body,
            "foot": foot, "note": note}  # fmt: skip


def _trend(figures: dict, prefix: str) -> dict:
    rows = figures["trend"]
    chart = {
        "kind": "trend",
        "labels": [r["month"] for r in rows],
        "series": [
            {"name": _("activities"), "data": [r["activities"] for r in rows]},
            {"name": _("person-times"), "data": [r["person_times"] for r in rows]},
        ],
    }
    body = [[r["month"], r["activities"], r["person_times"]] for r in rows]
    foot = [_total(), sum(r[1] for r in body), sum(r[2] for r in body)]
    return {
        "id": f"{prefix}-trend",
        "title": _("Activities and person-times, last 12 months"),
        "chart": chart,
        "head": [_("Month"), _("Activities"), _("Person-times")],
        "rows": body,
        "foot": foot,
        "note": _("Cancelled activities are left out; the current month is counted to date."),
    }


def comparison(stations: list[dict], total: dict) -> dict:
    """One row per station (and the total): the figures that compare stations."""
    head = [_("Station"), _("Active elders"), *[_band_label(k) for k in total["age_bands"]],
            _("Call coverage this month"), _("Home visit coverage this month"),
            _("Person-times, 12 months"), _("Open cases"), _("Confirmed volunteer hours"),
            _("Requests completed this month")]  # fmt: skip

    def row(figures, name):
        return [name, figures["active"], *figures["age_bands"].values(),
                _rate(figures["coverage"]["call"]), _rate(figures["coverage"]["visit"]),
                sum(m["person_times"] for m in figures["trend"]), figures["open_cases_total"],
                f"{figures['volunteer_hours']:g}", figures["requests_completed"]]  # fmt: skip

    return {"title": _("Stations compared"), "head": head,
            "rows": [row(f, f["station"]["name"]) for f in stations],
            "foot": row(total, _total())}  # fmt: skip


def breakdowns(stations: list[dict], total: dict) -> list[dict]:
    """Category, living arrangement, risk and stage counts side by side for every station."""
    names = [f["station"]["name"] for f in stations]
    found = []
    for key, title, column in (
        ("categories", _("Elders by category, per station"), _("Category")),
        ("living", _("Elders by living arrangement, per station"), _("Living arrangement")),
        ("risk", _("Elders by risk level, per station"), _("Risk level")),
        ("open_cases", _("Open cases by stage, per station"), _("Stage")),
    ):
        rows = [[r["label"], *[f[key][i]["count"] for f in stations], r["count"]]
                for i, r in enumerate(total[key])]  # fmt: skip
        found.append({"title": title, "head": [column, *names, _total()], "rows": rows, "foot": []})
    return found


# --- the indicators of the projects running on the day ---------------------------------------
# Each indicator's figure is computed per station in one grouped query over the records of the
# measure (measures.records_of), and the project's figure is the sum of its stations' (a rate
# from the summed hits and bases): so a project of a hundred stations costs a query per
# indicator, and a station's figure on the region's comparison adds up to the project's.
STATION_OF = {"group_sessions": "group__station_id"}  # the records' path to their station
NAMED_WALK_IN = Q(elder__isnull=True) & ~Q(walk_in_name="")
TENTH = Decimal("0.1")


def projects_running(*, station_ids: list[int], on: dt.date) -> list[Project]:
    """Projects of any of the stations running on `on`, with stations and indicators loaded."""
    ordered = Station.objects.order_by("name", "code")
    return list(
        Project.objects.filter(stations__in=station_ids, starts_on__lte=on, ends_on__gte=on)
        .distinct()
        .order_by("starts_on", "id")
        .prefetch_related(Prefetch("stations", queryset=ordered), "indicators")
    )


def _aggregates(code: str, measure: measures.Measure) -> dict:
    if measure.rate:
        return {"n": Count("pk"), "hits": Count("pk", filter=Q(hit=True))}
    if code == "person_times":
        return {"n": Sum("count")}
    if code == "unique_persons":
        return {"n": Count("elder", distinct=True),
                "named": Count("walk_in_name", distinct=True, filter=NAMED_WALK_IN)}  # fmt: skip
    if code == "volunteer_hours":
        return {"n": Sum("hours")}
    return {"n": Count("pk")}


def parts_by_station(indicator: Indicator, stations, start: dt.date, end: dt.date) -> dict:
    """{station id: the parts of the indicator's figure there}, in one query."""
    measure = measures.CATALOGUE[indicator.measure]
    filters = measures.clean_filters(indicator.measure, indicator.filters)
    key = STATION_OF.get(indicator.measure, "station_id")
    rows = (
        measure.records(list(stations), start, end, filters)
        .order_by()
        .values(key)
        .annotate(**_aggregates(indicator.measure, measure))
    )
    return {row.pop(key): row for row in rows}


def value_from(code: str, parts: list[dict]) -> measures.Value:
    """The figure of the stations whose parts are given (the measure's own arithmetic)."""
    measure = measures.CATALOGUE[code]
    if measure.rate:
        return measures.share(sum(p["hits"] for p in parts), sum(p["n"] for p in parts))
    if code == "volunteer_hours":
        return sum((p["n"] or Decimal(0) for p in parts), Decimal("0.00"))
    return sum((p["n"] or 0) + p.get("named", 0) for p in parts)


def _pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP)


def progress_of(indicator: Indicator, project: Project, value, today: dt.date) -> Progress:
    """The indicator's progress from its figure, by the rules of reports.indicators."""
    measure = measures.CATALOGUE[indicator.measure]
    as_of, elapsed, total = period_so_far(project, today)
    value = value if elapsed else None
    projected = project_to_end(measure, value, elapsed, total)
    share_target, share_time = _pct(value, indicator.target), _pct(elapsed, total)
    status = status_of(measure, projected, share_target, share_time, indicator.target, elapsed)
    return Progress(value, indicator.target, share_target, share_time, projected, status, as_of,
                    elapsed, total)  # fmt: skip


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    measure: measures.Measure
    progress: Progress
    by_station: dict  # station id → the figure there
    records_url: str


def _key(indicator: Indicator, project: Project, as_of: dt.date) -> tuple:
    filters = measures.clean_filters(indicator.measure, indicator.filters)
    return (indicator.measure, repr(sorted(filters.items())), project.starts_on, as_of)


def figures_of(projects: list[Project], today: dt.date) -> dict[tuple, dict]:
    """The parts of every indicator's figure per station, one grouped query for each measure,
    filters and period the projects share (a district's stations each under their own
    contract for the same year cost the queries of one project)."""
    wanted: dict[tuple, tuple[Indicator, Project, dict]] = {}
    for project in projects:
        as_of, elapsed, _total = period_so_far(project, today)
        if not elapsed:
            continue
        for indicator in project.indicators.all():
            if indicator.measure in measures.CATALOGUE:
                _i, _p, stations = wanted.setdefault(_key(indicator, project, as_of),
                                                     (indicator, project, {}))  # fmt: skip
                stations.update((s.pk, s) for s in project.stations.all())
    return {key: parts_by_station(indicator, list(stations.values()), project.starts_on, key[3])
            for key, (indicator, project, stations) in wanted.items()}  # fmt: skip


def indicator_rows(project: Project, today: dt.date, figures: dict | None = None):
    """Each indicator of the project with its progress and its figure at each station
    (`figures`: figures_of the projects shown together, computed here when not given)."""
    figures = figures_of([project], today) if figures is None else figures
    stations = list(project.stations.all())
    as_of, _elapsed, _total = period_so_far(project, today)
    rows = []
    for indicator in project.indicators.all():
        measure = measures.CATALOGUE.get(indicator.measure)
        if measure is None:  # a measure retired from the catalogue
            continue
        indicator.project = project
        found = figures.get(_key(indicator, project, as_of), {})
        parts = {s.pk: found[s.pk] for s in stations if s.pk in found}
        value = value_from(indicator.measure, list(parts.values()))
        by_station = {s.pk: value_from(indicator.measure, [parts[s.pk]] if s.pk in parts else [])
                      for s in stations}  # fmt: skip
        rows.append(IndicatorRow(indicator, measure, progress_of(indicator, project, value, today),
                                 by_station, records_url(indicator)))  # fmt: skip
    return rows


def _figure(value, measure) -> str:
    text = "—" if value is None else str(value)
    return f"{text}%" if measure.rate and value is not None else text


def _target(value: Decimal, measure) -> str:
    return _figure(f"{value.normalize():f}", measure)


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


def status_label(status: str) -> str:
    return {"behind": _("Behind schedule"), "on_track": _("On track"),
            "not_started": _("Not started")}.get(status, _("No data yet"))  # fmt: skip


def project_panel(project: Project, on: dt.date, prefix: str, *, links: bool = False,
                  shown: list[int] | None = None, figures: dict | None = None) -> dict:  # fmt: skip
    """A project's indicator progress (chart and table) and, when `shown` lists stations, the
    comparison of those of its stations on each indicator (counts only, no names of people)."""
    rows = indicator_rows(project, on, figures)
    key = f"{prefix}-project-{project.pk}"
    as_of, elapsed, total = period_so_far(project, on)
    labels = [str(r.indicator) for r in rows]
    chart = {"kind": "progress", "labels": labels, "axis": _("Share of target"),
             "time": float(_pct(elapsed, total) or 0), "time_name": _("Share of time"),
             "data": [float(r.progress.share_of_target or 0) for r in rows],
             "behind": [r.progress.behind for r in rows]}  # fmt: skip
    table = {
        "title": project.name,
        "head": [_("Indicator"), _("Value"), _("Target"), _("Share of target"),
                 _("Share of time"), _("Projected at the end"), _("Status")],
        "rows": [
            {"label": str(r.indicator), "url": r.records_url if links else "",
             "cells": [_figure(r.progress.value, r.measure),
                       _target(r.progress.target, r.measure),
                       _percent(r.progress.share_of_target), _percent(r.progress.share_of_time),
                       _figure(r.progress.projected, r.measure)],
             "status": r.progress.status, "status_label": status_label(r.progress.status)}
            for r in rows
        ],
    }  # fmt: skip
    panel = {"id": key, "project": project, "chart": chart, "table": table, "as_of": as_of,
             "elapsed": elapsed, "total": total,
             "stations": [s.name for s in project.stations.all()],
             "behind": sum(r.progress.behind for r in rows)}  # fmt: skip
    if shown is not None:
        panel["comparison"] = _compared(project, rows, shown)
    return panel


def _compared(project: Project, rows: list[IndicatorRow], shown: list[int]) -> dict:
    """A row per station of the region in the project: its figure on each indicator; then the
    project's figure (every station of the project) and the target."""
    names = {s.pk: s.name for s in project.stations.all()}
    body = [[names[pk], *[_figure(r.by_station[pk], r.measure) for r in rows]]
            for pk in shown if pk in names]  # fmt: skip
    foot = [_("Whole project"), *[_figure(r.progress.value, r.measure) for r in rows]]
    target = [_("Target"), *[_target(r.progress.target, r.measure) for r in rows]]
    return {"title": _("Stations compared on the indicators"),
            "head": [_("Station"), *[str(r.indicator) for r in rows]],
            "rows": body, "foot": foot, "more_foot": [target]}  # fmt: skip
