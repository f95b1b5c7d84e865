"""Registry pages: list and search, an elder's page, edit and create, import and export.

Views stay thin: reads go through selectors, writes through services; this module only turns
requests into their arguments and records into what the templates show.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from linli.accounts.services import access_log_record
from linli.activities.presenting import elder_activities_panel
from linli.assessments.presenting import elder_panel as assessment_panel
from linli.followups.presenting import elder_panel
from linli.lib.cursor import BadCursor
from linli.stations.decorators import station_required
from linli.stations.roles import role_has
from linli.stations.selectors import role_at

from . import exports, presenting, selectors, services
from .forms import (
    ConsentForm,
    ElderFilterForm,
    ElderForm,
    RosterUploadForm,
    UnmaskedExportForm,
    elder_initial,
)
from .models import Elder
from .services_panel import services_panel


def _page_size() -> int:
    return getattr(settings, "LINLI_PAGE_SIZE", 50)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def _search(request):
    """The filter form and the matching queryset for the current station."""
    form = ElderFilterForm(request.GET, station=request.station)
    q, filters = form.filters()
    qs = selectors.elder_search(
        actor=request.user,
        station=request.station,
        q=q,
        filters=filters,
        today=timezone.localdate(),
    )
    return form, q, filters, qs


@station_required("view_elders")
def elder_list(request):
    form, _q, _filters, qs = _search(request)
    cursor = request.GET.get("cursor") or None
    try:
        elders, next_cursor = selectors.elder_page(qs, cursor=cursor, limit=_page_size())
    except BadCursor:
        cursor = None
        elders, next_cursor = selectors.elder_page(qs, cursor=None, limit=_page_size())
    today = timezone.localdate()
    context = {
        "form": form,
        "rows": [presenting.elder_row(e, role=request.role, today=today) for e in elders],
        "next_cursor": next_cursor,
        "cursor": cursor,
        "page_size": _page_size(),
        "export_form": UnmaskedExportForm(),
    }
    template = "elders/list.html"
    if _is_htmx(request):
        rows_only = request.headers.get("HX-Target") == "rows"
        template = "elders/_rows.html" if rows_only else "elders/_results.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _elder_or_404(request, pk: int) -> Elder:
    return selectors.elder_get_or_404(actor=request.user, pk=pk)


@station_required("view_elders")
def elder_detail(request, pk: int):
    elder = _elder_or_404(request, pk)
    role = role_at(request.user, elder.station)
    services.elder_view_logged(actor=request.user, elder=elder)
    context = presenting.elder_page(elder, role=role, today=timezone.localdate())
    context["can_edit"] = role_has(role, "edit_elders")
    context["rhythm"] = elder_panel(elder, actor=request.user, role=role)
    context["assess"] = assessment_panel(elder, actor=request.user, role=role)
    context["casework"] = services_panel(elder, actor=request.user, role=role)
    context.update(elder_activities_panel(elder, actor=request.user, role=role))
    return render(request, "elders/detail.html", context)


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def elder_edit(request, pk: int):
    elder = _elder_or_404(request, pk)
    role = role_at(request.user, elder.station)
    if not role_has(role, "edit_elders"):
        raise Http404
    show_id = role_has(role, "see_id_numbers")
    initial = elder_initial(elder, show_id=show_id)
    form = ElderForm(
        request.POST or None, station=elder.station, elder=elder, show_id=show_id, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.elder_update(
                actor=request.user,
                elder=elder,
                data=form.service_data(),
                version=form.cleaned_data["version"],
                reason=_("Changed on the elder's page"),
            )
        except services.VersionConflict as conflict:
            form = _conflict_form(request, conflict.current, show_id=show_id)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("elders:detail", pk=elder.pk)
    return render(request, "elders/form.html", {"form": form, "elder": elder})


def _conflict_form(request, current: Elder, *, show_id: bool) -> ElderForm:
    """A fresh form showing the record as it is now, with a message; nothing was saved."""
    current = selectors.elder_get(actor=request.user, pk=current.pk)
    messages.error(
        request,
        _(
            "Someone else changed this record while you were editing it. Your changes were not "
            "saved: the form now shows the current values. Make your changes again and save."
        ),
    )
    return ElderForm(
        station=current.station,
        elder=current,
        show_id=show_id,
        initial=elder_initial(current, show_id=show_id),
    )


def _add_service_errors(form: ElderForm, exc: ValidationError) -> None:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, field_messages in errors.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def elder_create(request):
    show_id = True
    form = ElderForm(
        request.POST or None,
        station=request.station,
        show_id=show_id,
        initial={"status": Elder.Status.ACTIVE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            elder = services.elder_create(
                actor=request.user, station=request.station, data=form.service_data()
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("The elder was added to the registry."))
            return redirect("elders:detail", pk=elder.pk)
    return render(request, "elders/form.html", {"form": form, "elder": None})


@station_required("export_masked")
@require_http_methods(["GET", "POST"])
def elder_export(request):
    """The filtered registry as xlsx: masked by GET, unmasked by POST for heads only."""
    masked = request.method == "GET"
    purpose = ""
    if not masked:
        if not role_has(request.role, "can_export_unmasked"):
            raise Http404
        form = UnmaskedExportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the purpose and confirm to export full numbers."))
            return redirect(f"{reverse('elders:list')}?{request.GET.urlencode()}")
        purpose = form.cleaned_data["purpose"]
    _form, q, filters, qs = _search(request)
    content, count = exports.elders_workbook(
        exports.export_rows(qs), masked=masked, today=timezone.localdate()
    )
    detail = {"q": q, "filters": presenting.filters_detail(filters), "rows": count}
    if purpose:
        detail["purpose"] = purpose
    access_log_record(
        actor=request.user,
        station=request.station,
        detail=detail,
        action="elders.export.masked" if masked else "elders.export.unmasked",
    )
    return _xlsx_response(content, _export_filename(request, masked))


def _export_filename(request, masked: bool) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    kind = "masked" if masked else "FULL"
    return f"elders-{request.station.code}-{stamp}-{kind}.xlsx"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- roster import ------------------------------------------------------------------------
# The upload is kept in the default storage under a random name between the preview and the
# confirmation (app servers are stateless), named by a signed token; it is deleted once the
# import is applied, and whatever abandoned previews leave behind is swept after a day.

IMPORT_DIR = "imports"
IMPORT_MAX_AGE = 24 * 60 * 60
REPORT_KINDS = ("preview", "result")
_SALT = "linli.elders.import"


@station_required("import_roster")
@require_http_methods(["GET", "POST"])
def roster_upload(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = _store_upload(upload)
        report = _run_import(request, stored, upload.name, dry_run=True)
        if report is not None:
            _store_report(stored, "preview", report)
            context = {
                "report": report.as_dict(),
                "filename": upload.name,
                "token": _sign(request, stored, upload.name),
            }
            return render(request, "elders/import_preview.html", context)
        default_storage.delete(stored)
    return render(request, "elders/import.html", {"form": form})


@station_required("import_roster")
@require_POST
def roster_apply(request):
    token = request.POST.get("token", "")
    ticket = _unsign(request, token)
    if ticket is None or not default_storage.exists(ticket["name"]):
        messages.error(request, _("This preview has expired. Upload the file again."))
        return redirect("elders:import")
    report = _run_import(request, ticket["name"], ticket["filename"], dry_run=False)
    default_storage.delete(ticket["name"])
    if report is None:
        return redirect("elders:import")
    _store_report(ticket["name"], "result", report)
    context = {"report": report.as_dict(), "filename": ticket["filename"], "token": token}
    return render(request, "elders/import_done.html", context)


@station_required("import_roster")
def roster_report(request, kind: str):
    ticket = _unsign(request, request.GET.get("token", ""))
    if ticket is None or kind not in REPORT_KINDS:
        raise Http404
    name = f"{ticket['name']}.{kind}.xlsx"
    if not default_storage.exists(name):
        raise Http404
    with default_storage.open(name, "rb") as handle:
        content = handle.read()
    return _xlsx_response(content, f"{Path(ticket['filename']).stem}-{kind}-report.xlsx")


def _run_import(request, stored: str, filename: str, *, dry_run: bool):
    """Run the importer on the stored upload; None (with one message) when the file is bad."""
    from .importers.roster import RosterError, roster_import

    try:
        with default_storage.open(stored, "rb") as handle:
            return roster_import(
                actor=request.user,
                station=request.station,
                path_or_file=handle,
                filename=filename,
                dry_run=dry_run,
                today=timezone.localdate(),
            )
    except RosterError as exc:
        messages.error(request, str(exc.message))
        return None


def _store_upload(upload) -> str:
    _sweep_old_imports()
    suffix = Path(upload.name).suffix.lower()
    return default_storage.save(f"{IMPORT_DIR}/{secrets.token_urlsafe(18)}{suffix}", upload)


def _store_report(stored: str, kind: str, report) -> None:
    from .importers.report import report_xlsx

    name = f"{stored}.{kind}.xlsx"
    default_storage.delete(name)
    default_storage.save(name, ContentFile(report_xlsx(report)))


def _sign(request, stored: str, filename: str) -> str:
    ticket = {
        "name": stored,
        "filename": filename,
        "station": request.station.pk,
        "user": request.user.pk,
    }
    return signing.dumps(ticket, salt=_SALT, compress=True)


def _unsign(request, token: str) -> dict | None:
    """The upload a token names, if it is this user's at this station and not too old."""
    try:
        ticket = signing.loads(token, salt=_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        return None
    if ticket.get("station") != request.station.pk or ticket.get("user") != request.user.pk:
        return None
    return ticket


def _sweep_old_imports() -> None:
    """Delete uploads and reports of previews nobody confirmed within a day."""
    try:
        _dirs, files = default_storage.listdir(IMPORT_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - dt.timedelta(seconds=IMPORT_MAX_AGE)
    for name in files:
        path = f"{IMPORT_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def consent_add(request, pk: int):
    """Record a consent for an elder the user may edit."""
    elder = _editable_or_404(request, pk)
    form = ConsentForm(
        request.POST or None, initial={"given_on": timezone.localdate(), "given_by": elder.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(actor=request.user, elder=elder, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect(reverse("elders:detail", args=[elder.pk]) + "#s-consent")
    return render(request, "elders/consent_form.html", {"form": form, "elder": elder})


@station_required("edit_elders")
@require_POST
def consent_withdraw(request, pk: int, consent_pk: int):
    """Mark a consent withdrawn today; the record of it stays."""
    elder = _editable_or_404(request, pk)
    consent = elder.consents.filter(pk=consent_pk, withdrawn_on__isnull=True).first()
    if consent is None:
        raise Http404
    services.consent_withdraw(actor=request.user, consent=consent, on=timezone.localdate())
    messages.success(request, _("The consent was marked withdrawn."))
    return redirect(reverse("elders:detail", args=[elder.pk]) + "#s-consent")


def _editable_or_404(request, pk: int) -> Elder:
    elder = _elder_or_404(request, pk)
    if not role_has(role_at(request.user, elder.station), "edit_elders"):
        raise Http404
    return elder
