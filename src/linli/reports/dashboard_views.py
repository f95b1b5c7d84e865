"""The dashboards: a station's figures for its staff, and a region's for its viewers.

Both show counts only (reports.summary); every chart is followed by a table of the same figures,
and the charts are drawn by static/linli/charts.js from json_script data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from linli.stations.roles import role_has

from . import measures, snapshots, summary
from .models import Project
from .project_figures import (
    IndicatorRow,
    figures_of,
    indicator_rows,
    pct,
    period_so_far,
    projects_running,
)


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
    """A region's dashboard for its viewers: each station's figures and the total at the end
    of yesterday, read from the stations' snapshots (reports.snapshots); no names of people."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    regions = summary.viewer_regions(actor=request.user)
    if not regions:
        raise Http404
    chosen = next((r for r in regions if r.code == request.GET.get("region")), regions[0])
    on = timezone.localdate() - dt.timedelta(days=1)
    month_start = on.replace(day=1)
    stations = list(summary.region_stations(chosen))
    projects = projects_running(station_ids=[s.pk for s in stations], on=on)
    # a project may hold stations of other regions: its figure is the whole project's
    counted = {s.pk: s for s in stations}
    counted.update((s.pk, s) for p in projects for s in p.stations.all())
    kept = snapshots.for_day(stations=list(counted.values()), on=on, projects=projects)
    found = [snapshots.figures_of(kept[s.pk], s) for s in stations]
    total = summary.total_of(found, on, month_start)
    parts = snapshots.indicator_figures(kept, projects, on)
    context = {
        "region": chosen, "regions": regions, "on": on, "figures": total, "stations": found,
        "cards": cards(total), "sections": sections(total, "rg"),
        "comparison": comparison(found, total), "breakdowns": breakdowns(found, total),
        "computed_at": min((s.computed_at for s in kept.values()), default=None),
        "projects_table": projects_compared(projects, on, parts,
                                            shown=[s.pk for s in stations]),
    }  # fmt: skip
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
    """Each chart with its data (for linli/charts.js) and the table that says the same."""
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
    # "Number" is of elders (人数) unless the rows count cases
    head = [column, _("Number") if whole is not None else pgettext("count of cases", "Cases")]
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
        "note": _(
            "Cancelled activities are left out; the last month is counted up to the day "
            "the figures are of."
        ),
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
    """Category, living arrangement, risk and stage counts: a row per station, a column per
    code, and the region's total (a hundred stations read down the page, not across it)."""
    found = []
    for key, title in (
        ("categories", _("Elders by category, per station")),
        ("living", _("Elders by living arrangement, per station")),
        ("risk", _("Elders by risk level, per station")),
        ("open_cases", _("Open cases by stage, per station")),
    ):
        head = [_("Station"), *[r["label"] for r in total[key]]]
        rows = [[f["station"]["name"], *[r["count"] for r in f[key]]] for f in stations]
        foot = [_total(), *[r["count"] for r in total[key]]]
        found.append({"title": title, "head": head, "rows": rows, "foot": foot})
    return found


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
                  figures: dict | None = None) -> dict:  # fmt: skip
    """A project's indicator progress: a chart and the table that says the same."""
    rows = indicator_rows(project, on, figures)
    key = f"{prefix}-project-{project.pk}"
    as_of, elapsed, total = period_so_far(project, on)
    labels = [str(r.indicator) for r in rows]
    chart = {"kind": "progress", "labels": labels, "axis": _("Share of target"),
             "time": float(pct(elapsed, total) or 0), "time_name": _("Share of time"),
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
    return panel


def _column(row: IndicatorRow) -> tuple:
    filters = measures.clean_filters(row.indicator.measure, row.indicator.filters)
    return (row.indicator.measure, repr(sorted(filters.items())))


def projects_compared(projects: list[Project], on: dt.date, figures: dict,
                      shown: list[int]) -> dict:  # fmt: skip
    """One table for every project running in the region: a row per project with each
    indicator's value against its target (a column per measure and filters, blank where a
    project has no such indicator), and for a project of several stations a row per station
    of the region with its own figures. Counts only."""
    per_project = [(p, indicator_rows(p, on, figures)) for p in projects]
    order = list(measures.CATALOGUE)
    columns: dict[tuple, str] = {}
    for _project, rows in per_project:
        for r in rows:
            columns.setdefault(_column(r), str(r.indicator))
    keys = sorted(columns, key=lambda k: (order.index(k[0]), k[1]))
    body = []
    for project, rows in per_project:
        by_key = {_column(r): r for r in rows}
        cells = [_cell(by_key.get(k)) for k in keys]
        names = [s.name for s in project.stations.all()]
        body.append({"project": project, "stations": names, "cells": cells,
                     "behind": sum(r.progress.behind for r in rows)})  # fmt: skip
        if len(names) > 1:
            for station in (s for s in project.stations.all() if s.pk in shown):
                body.append({"station": station.name, "cells": [
                    None if k not in by_key else
                    {"text": _figure(by_key[k].by_station.get(station.pk), by_key[k].measure)}
                    for k in keys]})  # fmt: skip
    return {"head": [columns[k] for k in keys], "rows": body}


def _cell(row: IndicatorRow | None) -> dict | None:
    if row is None:
        return None
    p = row.progress
    return {"text": f"{_figure(p.value, row.measure)} / {_target(p.target, row.measure)}",
            "share": _percent(p.share_of_target), "behind": p.behind,
            "status": status_label(p.status)}  # fmt: skip
