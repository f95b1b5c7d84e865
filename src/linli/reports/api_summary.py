"""API routes for station summaries (the dashboard figures): counts only, never a person."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema

from linli.assessments.api_schemas import ErrorOut

from . import summary
from .schemas_summary import StationSummaryOut

router = Router(tags=["dashboards"])


class SummaryQuery(Schema):
    on: dt.date | None = None


@router.get(
    "/stations/{code}/summary",
    response={200: StationSummaryOut, 404: ErrorOut, 422: ErrorOut},
    by_alias=True,  # the age bands' keys: "60-69", "70-79", "80-89", "90+"
    summary="A station's dashboard figures (counts only)",
)
def station_summary(request, code: str, query: Query[SummaryQuery]):
    """The station's dashboard figures on a date (`on`, default today): elders by age band
    (`age_bands`: 60-69, 70-79, 80-89, 90+), sex, category, living arrangement, risk and area,
    this month's follow-up coverage, twelve months of activities and person-times, open cases by
    stage, confirmed volunteer hours this year and requests completed this month.

    For the station's head and workers and for viewers of its region; others get 404."""
    station = summary.summary_station_for(actor=request.user, code=code)
    if station is None:
        raise Http404
    on = query.on or timezone.localdate()
    return summary.station_summary(station=station, on=on, month_start=on.replace(day=1))
