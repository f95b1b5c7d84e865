"""The dashboards: a station's figures for its staff, and a region's for its viewers.

Both show counts only (reports.summary); every chart is followed by a table of the same figures,
and the charts are drawn by static/reports/dashboard.js from json_script data.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from linli.stations.roles import role_has

from . import summary


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
    context = {"figures": figures, "cards": cards(figures),
               "sections": sections(figures, "st")}  # fmt: skip
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
