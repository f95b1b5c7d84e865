"""The dashboard's figures for a station, or for every station of a region: counts only.

Nothing here names a person: every figure is an aggregate computed in the database, grouped by
station, so a region of a hundred stations costs the same handful of queries as one station.

Counting rules:
- elders: the ACTIVE elders of the station; ages on the date `on` (never today's), in the age
  bands 60–69, 70–79, 80–89 and 90+ (the demo's rule, `birth_bounds`);
- categories: recorded and derived (`category_q`), so an elder may count in several;
- coverage: the follow-up app's definition (`followups.selectors.coverage`): a plan is due in
  the month when it fell due by the month's end or was met during it; reached when met during
  the month;
- activities and person-times: activities not cancelled, by the local month of their start
  (`activities.selectors`), for the twelve months ending with the month of `month_start`, up
  to `on`;
- open cases: cases in the stages of the process that are open (intake to evaluation);
- volunteer hours: confirmed hours dated in the year of `on`, up to `on`;
- requests completed: service requests done (or confirmed) in the month of `month_start`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from linli.activities.models import Activity, Attendance
from linli.activities.selectors import period_q
from linli.cases import process
from linli.cases.models import Case, Stage
from linli.elders.models import Elder
from linli.elders.selectors import birth_bounds
from linli.elders.vocabulary import CATEGORIES, category_label, category_q
from linli.errands.models import ServiceRequest
from linli.followups import cadence
from linli.followups.models import Plan
from linli.stations.models import Region, Station
from linli.stations.selectors import can, memberships_of, station_for_code, stations_in_regions
from linli.volunteers.models import HoursEntry

BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("60-69", 60, 69),
    ("70-79", 70, 79),
    ("80-89", 80, 89),
    ("90+", 90, None),
)
SEXES = (("M", "male"), ("F", "female"), ("", "unknown"))
TREND_MONTHS = 12
OPEN_STAGES = [s for s in process.STAGES if s in process.OPEN_STAGES]
REQUEST_DONE = (ServiceRequest.Status.DONE, ServiceRequest.Status.CONFIRMED)


# --- who may see which station's figures -----------------------------------------------------
def summary_station_for(*, actor, code: str) -> Station | None:
    """The station whose figures the actor may read (its staff holding `view_aggregates`, or a
    viewer of its region), by code; None otherwise, never saying whether it exists."""
    station = station_for_code(actor, code)
    if station is not None:
        return station if can(actor, station, "view_aggregates") else None
    return stations_in_regions(actor).filter(code=code).first()


def viewer_regions(*, actor) -> list[Region]:
    """The regions the actor views (region memberships), by name."""
    found = {m.region.pk: m.region for m in memberships_of(actor) if m.region_id}
    return sorted(found.values(), key=lambda r: (r.name, r.code))


# --- the public selectors ---------------------------------------------------------------------
def station_summary(*, station: Station, on: dt.date, month_start: dt.date) -> dict:
    """The dashboard's figures for one station on a date (counts only, eight queries)."""
    return stations_summary(stations=[station], on=on, month_start=month_start)["stations"][0]


def region_stations(region):
    """The stations of a region and of its sub-regions, by name."""
    stations = Station.objects.filter(Q(region=region) | Q(region__parent=region))
    return stations.order_by("name", "code")


def region_summary(*, region, on: dt.date, month_start: dt.date | None = None) -> dict:
    """The same figures for each station of a region (and its sub-regions), and in total."""
    return stations_summary(
        stations=list(region_stations(region)),
        on=on,
        month_start=month_start or on.replace(day=1),
    )


def stations_summary(*, stations: list[Station], on: dt.date, month_start: dt.date) -> dict:
    """{"stations": [a summary per station, in the given order], "total": their sum}."""
    found = [labelled(f) for f in unlabelled(stations=stations, on=on, month_start=month_start)]
    return {"stations": found, "total": total_of(found, on, month_start.replace(day=1))}


def unlabelled(*, stations: list[Station], on: dt.date, month_start: dt.date) -> list[dict]:
    """Each station's figures with codes and no labels (what a snapshot keeps: labels are
    added in the reader's language by `labelled`)."""
    ids = [s.pk for s in stations]
    month_start = month_start.replace(day=1)
    parts = [
        _elders(ids, on),
        _areas(ids),
        _coverage(ids, month_start),
        _trend(ids, on, month_start),
        _cases(ids, on),
        _hours(ids, on),
        _requests(ids, month_start),
    ]
    return [_station_figures(s, parts, on, month_start) for s in stations]


def _station_figures(station, parts, on, month_start) -> dict:
    figures = {"station": {"code": station.code, "name": station.name}}
    figures.update(_header(on, month_start))
    for part in parts:
        figures.update(part(station.pk))
    return figures


def _header(on: dt.date, month_start: dt.date) -> dict:
    return {"on": on.isoformat(), "month": f"{month_start:%Y-%m}"}


# --- elders: age, sex, category, living arrangement, risk -------------------------------------
def _elder_measures(on: dt.date) -> dict:
    measures = {"active": Count("pk")}
    for key, lo, hi in BANDS:
        earliest, latest = birth_bounds(on, lo, hi)
        band = Q(birth_date__lte=latest) & (Q(birth_date__gte=earliest) if earliest else Q())
        measures[f"band:{key}"] = Count("pk", filter=band)
        for sex, _name in SEXES:
            measures[f"sex:{key}:{sex}"] = Count("pk", filter=band & Q(sex=sex))
    measures["no_birth_date"] = Count("pk", filter=Q(birth_date__isnull=True))
    for code, *_rest in CATEGORIES:
        measures[f"cat:{code}"] = Count("pk", filter=category_q(code, on))
    for code in [*Elder.Living.values, ""]:
        measures[f"living:{code}"] = Count("pk", filter=Q(living_arrangement=code))
    for code in [*Elder.Risk.values, ""]:
        measures[f"risk:{code}"] = Count("pk", filter=Q(risk_level=code))
    return measures


def _elders(ids: list[int], on: dt.date):
    rows = (
        Elder.objects.active()
        .filter(station_id__in=ids)
        .values("station_id")
        .annotate(**_elder_measures(on))
        .order_by()
    )
    by_station = {r.pop("station_id"): r for r in rows}
    empty = dict.fromkeys(_elder_measures(on), 0)
    return lambda pk: _elder_figures(by_station.get(pk, empty))


def _elder_figures(row: dict) -> dict:
    bands = {key: row[f"band:{key}"] for key, _lo, _hi in BANDS}
    pyramid = [
        {"band": key, **{name: row[f"sex:{key}:{sex}"] for sex, name in SEXES}}
        for key, _lo, _hi in BANDS
    ]
    return {
        "active": row["active"],
        "age_bands": bands,
        "under_60": row["active"] - row["no_birth_date"] - sum(bands.values()),
        "no_birth_date": row["no_birth_date"],
        "pyramid": pyramid,
        "categories": [{"code": code, "count": row[f"cat:{code}"]} for code, *_rest in CATEGORIES],
        "living": _coded(row, "living", Elder.Living),
        "risk": _coded(row, "risk", Elder.Risk),
    }


def _coded(row: dict, prefix: str, choices) -> list[dict]:
    return [{"code": code, "count": row[f"{prefix}:{code}"]} for code in [*choices.values, ""]]


def _unrecorded() -> str:
    from django.utils.translation import gettext

    return gettext("not recorded")


def _areas(ids: list[int]):
    rows = (
        Elder.objects.active()
        .filter(station_id__in=ids)
        .values("station_id", "area_id", "area__name")
        .annotate(count=Count("pk"))
        .order_by("station_id", "area__name", "area_id")
    )
    by_station: dict[int, list[dict]] = {}
    for r in rows:  # an elder without an area has the name None until labelled
        by_station.setdefault(r["station_id"], []).append(
            {"name": r["area__name"], "count": r["count"]}
        )
    return lambda pk: {"areas": by_station.get(pk, [])}


# --- this month's follow-up coverage ---------------------------------------------------------
def _coverage(ids: list[int], month_start: dt.date):
    """Due and reached this month, per kind of plan (the follow-up app's definition)."""
    start, end = cadence.month_bounds(month_start)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    reached = Q(last_reached_at__gte=since)
    rows = (
        Plan.objects.filter(station_id__in=ids)
        .filter(Q(next_due__lte=end) | reached)
        .values("station_id", "kind")
        .annotate(due=Count("pk"), reached=Count("pk", filter=reached))
        .order_by()
    )
    found = {(r["station_id"], r["kind"]): r for r in rows}

    def figures(pk):
        kinds = {}
        for kind in Plan.Kind.values:
            row = found.get((pk, kind), {"due": 0, "reached": 0})
            kinds[kind] = _rate(row["due"], row["reached"])
        return {"coverage": kinds}

    return figures


def _rate(due: int, reached: int) -> dict:
    return {"due": due, "reached": reached, "rate": round(reached / due, 4) if due else None}


# --- activities and person-times by month ----------------------------------------------------
def trend_months(month_start: dt.date) -> list[dt.date]:
    """The first days of the twelve months ending with month_start's month, oldest first."""
    months, day = [], month_start.replace(day=1)
    for _ in range(TREND_MONTHS):
        months.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _trend(ids: list[int], on: dt.date, month_start: dt.date):
    months = trend_months(month_start)
    end = min(on, cadence.month_bounds(month_start)[1])
    activities = (
        Activity.objects.filter(station_id__in=ids)
        .exclude(status=Activity.Status.CANCELLED)
        .filter(period_q(months[0], end))
        .annotate(month=TruncMonth("starts_at"))
        .values("station_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    attendance = (
        Attendance.objects.filter(station_id__in=ids, activity__station_id__in=ids)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .filter(period_q(months[0], end, "activity__"))
        .annotate(month=TruncMonth("activity__starts_at"))
        .values("activity__station_id", "month")
        .annotate(n=Sum("count"))
        .order_by()
    )
    held = {(r["station_id"], _month_key(r["month"])): r["n"] for r in activities}
    came = {(r["activity__station_id"], _month_key(r["month"])): r["n"] for r in attendance}

    def figures(pk):
        rows = []
        for month in months:
            key = f"{month:%Y-%m}"
            rows.append({"month": key, "activities": held.get((pk, key), 0),
                         "person_times": came.get((pk, key), 0) or 0})  # fmt: skip
        return {"trend": rows}

    return figures


def _month_key(value) -> str:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%Y-%m}"


# --- cases, volunteer hours, requests --------------------------------------------------------
def _cases(ids: list[int], on: dt.date):
    rows = (
        Case.objects.filter(station_id__in=ids, stage__in=OPEN_STAGES, opened_on__lte=on)
        .values("station_id", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {(r["station_id"], r["stage"]): r["n"] for r in rows}

    def figures(pk):
        stages = [{"code": s, "count": found.get((pk, s), 0)} for s in OPEN_STAGES]
        return {"open_cases": stages, "open_cases_total": sum(s["count"] for s in stages)}

    return figures


def _hours(ids: list[int], on: dt.date):
    rows = (
        HoursEntry.objects.filter(station_id__in=ids, confirmed_at__isnull=False)
        .filter(on__gte=on.replace(month=1, day=1), on__lte=on)
        .values("station_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    found = {r["station_id"]: r["total"] or Decimal(0) for r in rows}
    return lambda pk: {"volunteer_hours": float(found.get(pk, Decimal(0)))}


def _requests(ids: list[int], month_start: dt.date):
    start, end = cadence.month_bounds(month_start)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    rows = (
        ServiceRequest.objects.filter(station_id__in=ids, status__in=REQUEST_DONE)
        .filter(done_at__gte=since, done_at__lt=until)
        .values("station_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {r["station_id"]: r["n"] for r in rows}
    return lambda pk: {"requests_completed": found.get(pk, 0)}


# --- labels, in the reader's language --------------------------------------------------------
def labelled(figures: dict) -> dict:
    """The figures with a label beside every code (and a name for the unrecorded area)."""
    out = dict(figures)
    out["categories"] = [{**r, "label": str(category_label(r["code"]))}
                         for r in figures["categories"]]  # fmt: skip
    for key, labels in (("living", dict(Elder.Living.choices)), ("risk", dict(Elder.Risk.choices)),
                        ("open_cases", dict(Stage.choices))):  # fmt: skip
        out[key] = [{**r, "label": str(labels.get(r["code"]) or _unrecorded())}
                    for r in figures[key]]  # fmt: skip
    out["areas"] = [{**a, "name": a["name"] or _unrecorded()} for a in figures["areas"]]
    return out


# --- the region's total ----------------------------------------------------------------------
def total_of(found: list[dict], on: dt.date, month_start: dt.date) -> dict:
    """The sum of the stations' figures (rates recomputed from the summed counts)."""
    total: dict = {"station": None, **_header(on, month_start)}
    for key in ("active", "under_60", "no_birth_date", "open_cases_total", "requests_completed"):
        total[key] = sum(f[key] for f in found)
    total["volunteer_hours"] = round(sum(f["volunteer_hours"] for f in found), 2)
    bands = [key for key, _lo, _hi in BANDS]
    total["age_bands"] = {b: sum(f["age_bands"][b] for f in found) for b in bands}
    total["pyramid"] = [
        {"band": b, **{name: sum(f["pyramid"][i][name] for f in found) for _s, name in SEXES}}
        for i, b in enumerate(bands)
    ]
    for key in ("categories", "living", "risk", "open_cases"):
        total[key] = _sum_rows(found, key, "code")
    total["areas"] = [a for f in found for a in f["areas"]]
    total["trend"] = _sum_rows(found, "trend", "month", ("activities", "person_times"))
    total["coverage"] = {
        kind: _rate(sum(f["coverage"][kind]["due"] for f in found),
                    sum(f["coverage"][kind]["reached"] for f in found))
        for kind in Plan.Kind.values
    }  # fmt: skip
    return total


def _sum_rows(found: list[dict], key: str, by: str, measures=("count",)) -> list[dict]:
    if not found:
        return []
    rows = [dict(r) for r in found[0][key]]
    # Every station's rows come in the same order (`by` is the same at each index).
    for row_index, row in enumerate(rows):
        for measure in measures:
            row[measure] = sum(f[key][row_index][measure] for f in found)
    return rows
