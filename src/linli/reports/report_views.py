"""Funder reports of a project: the printable HTML view and the xlsx and docx downloads.

Whoever sees the project (staff of its stations, viewers of their region) gets its report; a
project out of reach is a 404. A report holds figures and activity themes, never a person's name.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.followups import cadence

from . import selectors
from .report_data import KINDS, build_report
from .report_docx import report_document
from .report_xlsx import report_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def default_period(project, kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """Monthly: the month of today (or of the project's last day); otherwise the project so far."""
    last = max(project.starts_on, min(today, project.ends_on))
    if kind == "monthly":
        return cadence.month_bounds(last)
    return project.starts_on, last


def _period(request, project, kind: str) -> tuple[dt.date, dt.date] | None:
    start, end = default_period(project, kind, timezone.localdate())
    try:
        start = dt.date.fromisoformat(request.GET["from"]) if request.GET.get("from") else start
        end = dt.date.fromisoformat(request.GET["to"]) if request.GET.get("to") else end
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _report(request, pk: int, kind: str):
    if kind not in KINDS:
        raise Http404
    project = selectors.project_get(actor=request.user, pk=pk)
    period = _period(request, project, kind)
    if period is None:
        return None
    return build_report(project=project, kind=kind, start=period[0], end=period[1],
                        actor=request.user)  # fmt: skip


def _bad_period() -> HttpResponseBadRequest:
    return HttpResponseBadRequest(_("The period is not valid: give from and to as YYYY-MM-DD."))


@login_required
def report_view(request, pk: int, kind: str):
    report = _report(request, pk, kind)
    if report is None:
        return _bad_period()
    query = f"?from={report.start:%Y-%m-%d}&to={report.end:%Y-%m-%d}"
    return render(request, "reports/report_view.html", {"report": report, "query": query})


def _download(report, content: bytes, content_type: str, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"report-{report.project.pk}-{report.kind}-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return response


@login_required
def report_xlsx(request, pk: int, kind: str):
    report = _report(request, pk, kind)
    if report is None:
        return _bad_period()
    return _download(report, report_workbook(report), XLSX, "xlsx")


@login_required
def report_docx(request, pk: int, kind: str):
    report = _report(request, pk, kind)
    if report is None:
        return _bad_period()
    return _download(report, report_document(report), DOCX, "docx")
