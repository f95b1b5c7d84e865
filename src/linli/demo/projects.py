"""The demo stations' service projects (服务项目): the contract each station works under, with
the indicators a district civil-affairs bureau (民政局) sets when it buys the service.

Each project runs twelve months from the first day of the month ten months before `today`
(with the demo's default date, 2026-01-01 to 2026-12-31), so that about ten months of demo
records fall inside and the mid-term figures read like a real station's: most indicators on
track, a few behind (follow-up coverage and cases closed, as at most stations). The targets are
those a bureau sets for a station of that size.

Projects are created through reports.services by the station's head; a station that already
has the project (same name) keeps it, so the demo can be loaded again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from linli.accounts.models import User
from linli.reports import services
from linli.reports.models import Project
from linli.reports.selectors import project_progress
from linli.stations.models import Station

from .community import STATIONS, StationSpec

# (measure code, contract wording, target at zhuoda, target at wangcheng): targets a district
# bureau writes into a year's contract for a station of that size; the demo meets most of them
# and lags on a few, as stations do at the mid-term evaluation.
INDICATORS: tuple[tuple[str, str, int, int], ...] = (
    ("cases_opened", "个案服务：开案", 30, 15),
    ("cases_closed", "个案服务：结案", 15, 8),
    ("groups_run", "小组工作：开展小组", 4, 4),
    ("group_sessions", "小组工作：小组活动节数", 24, 24),
    ("activities_held", "社区活动：开展场次", 40, 40),
    ("person_times", "社区活动：服务人次", 4000, 1100),
    ("unique_persons", "社区活动：服务人数", 2000, 600),
    ("followup_coverage_rate", "定期探访：覆盖率（%）", 95, 95),
    ("home_visits", "入户探访：人次", 6000, 5000),
    ("volunteers_registered", "志愿者队伍：注册志愿者", 50, 20),
    ("volunteer_hours", "志愿服务：时数", 600, 260),
    ("requests_completed", "为老服务需求：办结件数", 150, 50),
    ("satisfaction_rate", "服务对象满意度（%）", 90, 90),
    ("elders_assessed", "老人能力评估：有效评估人数", 5000, 1000),
)
COLUMN = {"zhuoda": 2, "wangcheng": 3}  # the station's column of targets above
BUDGET_YUAN = {"zhuoda": Decimal(600_000), "wangcheng": Decimal(350_000)}


@dataclass
class ProjectCounts:
    projects: int = 0
    indicators: int = 0
    on_track: int = 0  # indicators on track on `today`
    behind: int = 0
    names: list[str] = field(default_factory=list)


def project_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Twelve months from the first day of the month ten months before `today`."""
    months = today.year * 12 + today.month - 1 - 10
    starts = dt.date(months // 12, months % 12 + 1, 1)
    ends = dt.date(starts.year + 1, starts.month, 1) - dt.timedelta(days=1)
    return starts, ends


def project_name(spec: StationSpec, starts: dt.date, ends: dt.date) -> str:
    """《吉阳区卓达大社区社会工作服务站项目（2026年度）》, as the contract names it."""
    district = spec.regions[-1][1]
    years = f"{starts.year}" if starts.year == ends.year else f"{starts.year}—{ends.year}"
    return f"{district}{spec.name}项目（{years}年度）"


def funder_name(spec: StationSpec) -> str:
    """The district's civil-affairs bureau: 三亚市吉阳区民政局."""
    city, district = spec.regions[-2][1], spec.regions[-1][1]
    return f"{city}{district}民政局"


@transaction.atomic
def demo_projects_create(*, today: dt.date) -> ProjectCounts:
    """A service project for each demo station that has elders, with its indicators."""
    counts = ProjectCounts()
    starts, ends = project_period(today)
    for spec in STATIONS:
        station = Station.objects.filter(code=spec.code).first()
        head = User.objects.filter(username=f"{spec.code}-head").first()
        if station is None or head is None or not station.elders.exists():
            continue
        name = project_name(spec, starts, ends)
        if Project.objects.filter(stations=station, name=name).exists():
            continue
        project = services.project_create(
            actor=head, funder=funder_name(spec), name=name, starts_on=starts, ends_on=ends,
            stations=[station], budget_yuan=BUDGET_YUAN.get(spec.code),
        )  # fmt: skip
        column = COLUMN.get(spec.code, 2)  # another station: the seed station's targets
        for row in INDICATORS:
            services.indicator_add(actor=head, project=project, measure=row[0], label=row[1],
                                   target=Decimal(row[column]))  # fmt: skip
        counts.projects += 1
        counts.indicators += len(INDICATORS)
        counts.names.append(name)
        for row in project_progress(project=project, today=today):
            counts.behind += row.progress.behind
            counts.on_track += row.progress.status == "on_track"
    return counts
