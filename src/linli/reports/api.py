"""API routes for projects and their indicators: the visible projects, one project with each
indicator's progress, and the records behind an indicator's figure (staff only, their own
stations' records). A project out of reach is a 404."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from linli.accounts.services import access_log_record
from linli.lib import cursor as keyset
from linli.stations.models import staff_station_ids

from . import selectors

router = Router(tags=["reports"])


class ProjectOut(Schema):
    id: int
    name: str
    funder: str
    starts_on: dt.date
    ends_on: dt.date
    budget_yuan: float | None
    stations: list[str]


class IndicatorOut(Schema):
    id: int
    measure: str
    label: str
    unit: str
    filters: dict
    target: float
    value: float | None
    share_of_target: float | None
    share_of_time: float
    projected: float | None
    status: str
    as_of: dt.date
    records_url: str


class ProjectDetailOut(ProjectOut):
    indicators: list[IndicatorOut]


class RecordOut(Schema):
    on: dt.date | None
    what: str
    who: str


class RecordsOut(Schema):
    total: int
    start: dt.date
    end: dt.date
    rows: list[RecordOut]
    next_cursor: str | None


class RecordsQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    cursor: str = ""


def _num(value) -> float | None:
    return None if value is None else float(value)


def _project(project) -> dict:
    return {"id": project.pk, "name": project.name, "funder": project.funder,
            "starts_on": project.starts_on, "ends_on": project.ends_on,
            "budget_yuan": _num(project.budget_yuan),
            "stations": [s.code for s in project.stations.all()]}  # fmt: skip


def _indicator(row) -> dict:
    p, indicator = row.progress, row.indicator
    return {"id": indicator.pk, "measure": indicator.measure, "label": str(indicator),
            "unit": str(row.measure.unit), "filters": indicator.filters,
            "target": float(p.target), "value": _num(p.value),
            "share_of_target": _num(p.share_of_target), "share_of_time": float(p.share_of_time),
            "projected": _num(p.projected), "status": p.status, "as_of": p.as_of,
            "records_url": row.records_url}  # fmt: skip


@router.get("/projects", response=list[ProjectOut], summary="The service projects one may see")
def list_projects(request):
    return [_project(p) for p in selectors.projects_visible(actor=request.user)[:100]]


@router.get("/projects/{project_id}", response=ProjectDetailOut,
            summary="A project with each indicator's progress")  # fmt: skip
def get_project(request, project_id: int):
    project = selectors.project_get(actor=request.user, pk=project_id)
    rows = selectors.project_progress(project=project, today=timezone.localdate())
    return {**_project(project), "indicators": [_indicator(r) for r in rows]}


@router.get("/projects/{project_id}/indicators/{indicator_id}/records", response=RecordsOut,
            summary="The records behind an indicator's figure (staff only)")  # fmt: skip
def indicator_records(request, project_id: int, indicator_id: int, query: Query[RecordsQuery]):
    indicator = selectors.indicator_get(actor=request.user, project_pk=project_id,
                                        pk=indicator_id)  # fmt: skip
    stations = {s.pk for s in indicator.project.stations.all()}
    if not stations & set(staff_station_ids(request.user)):
        raise PermissionDenied
    try:
        found = selectors.indicator_records(
            actor=request.user, indicator=indicator, today=timezone.localdate(),
            cursor=query.cursor or None, limit=query.limit,
        )  # fmt: skip
    except keyset.BadCursor:
        raise Http404 from None
    access_log_record(actor=request.user, action="reports.records.viewed", obj=indicator,
                      detail={"measure": indicator.measure, "via": "api"})  # fmt: skip
    return {"total": found.total, "start": found.start, "end": found.end,
            "rows": [r.__dict__ for r in found.rows], "next_cursor": found.next_cursor}  # fmt: skip
