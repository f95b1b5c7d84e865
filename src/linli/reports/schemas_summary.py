"""Schemas of the station summary API: exactly the figures `summary.station_summary` returns,
counts only. A key summary.py adds later is left out of the response (pydantic ignores extra
keys) until it is described here, so the API never publishes a figure nobody reviewed."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class StationRef(Schema):
    code: str
    name: str


class AgeBandsOut(Schema):
    """Active elders by age on `on`, in the four bands of the reports."""

    band_60_69: int = Field(alias="60-69")
    band_70_79: int = Field(alias="70-79")
    band_80_89: int = Field(alias="80-89")
    band_90_plus: int = Field(alias="90+")


class PyramidRowOut(Schema):
    band: str = Field(description="60-69, 70-79, 80-89 or 90+")
    male: int
    female: int
    unknown: int


class CodedCountOut(Schema):
    code: str = Field(description="the code; empty for elders with nothing recorded")
    label: str = Field(description="in the caller's language")
    count: int


class AreaCountOut(Schema):
    name: str
    count: int


class CoverageKindOut(Schema):
    due: int
    reached: int
    rate: float | None = Field(description="reached ÷ due (0–1, four decimals); null if none due")


class CoverageOut(Schema):
    """This month's follow-up coverage, by kind of plan (the follow-up app's definition)."""

    call: CoverageKindOut
    visit: CoverageKindOut


class TrendMonthOut(Schema):
    month: str = Field(description="YYYY-MM")
    activities: int
    person_times: int


class StationSummaryOut(Schema):
    station: StationRef
    on: dt.date = Field(description="the date of the figures")
    month: str = Field(description="the month of the monthly figures, YYYY-MM")
    active: int = Field(description="active elders")
    age_bands: AgeBandsOut
    under_60: int
    no_birth_date: int
    pyramid: list[PyramidRowOut]
    categories: list[CodedCountOut] = Field(description="an elder may count in several")
    living: list[CodedCountOut]
    risk: list[CodedCountOut]
    areas: list[AreaCountOut]
    coverage: CoverageOut
    trend: list[TrendMonthOut] = Field(description="the twelve months ending with `month`")
    open_cases: list[CodedCountOut] = Field(description="by stage, intake to evaluation")
    open_cases_total: int
    volunteer_hours: float = Field(description="confirmed hours dated in the year, up to `on`")
    requests_completed: int = Field(description="service requests done in `month`")
