"""Group pages: the station's groups, a group with its members and sessions, recording a session
with its register, and the outcome page. Every change goes through the services; a page shows
their refusals on the form that was sent. A group of another station is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from linli.accounts.services import access_log_record
from linli.stations.decorators import station_required

from . import forms, selectors, services, wording
from .models import Measure, Session
from .svg import slope_chart


def _group(request, pk: int):
    return selectors.group_get_or_404(actor=request.user, pk=pk, station=request.station)


@station_required("edit_elders")
def group_list(request):
    """The station's groups."""
    groups = list(selectors.group_list(actor=request.user, station=request.station))
    return render(request, "groupwork/list.html", {"groups": groups})


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def group_new(request):
    form = forms.GroupForm(
        request.POST or None,
        station=request.station,
        initial={"leaders": [request.user.pk], "starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "leaders"}
        try:
            group = services.group_create(
                actor=request.user,
                station=request.station,
                leaders=list(form.cleaned_data["leaders"]),
                **data,
            )
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("Group created."))
            return redirect("groupwork:detail", pk=group.pk)
    status = 422 if form.errors else 200
    return render(request, "groupwork/form.html", {"form": form, "group": None}, status=status)


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def group_edit(request, pk: int):
    group = _group(request, pk)
    form = forms.GroupForm(request.POST or None, instance=group, station=request.station)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "leaders"}
        try:
            services.group_update(
                actor=request.user, group=group, leaders=list(form.cleaned_data["leaders"]), **data
            )
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("Group saved."))
            return redirect("groupwork:detail", pk=group.pk)
    status = 422 if form.errors else 200
    return render(request, "groupwork/form.html", {"form": form, "group": group}, status=status)


@station_required("edit_elders")
def group_detail(request, pk: int):
    return render_detail(request, _group(request, pk))


def _member_choices(group):
    return group.members.select_related("elder")


def render_detail(request, group, bound: dict | None = None, status: int = 200):
    """The group page; `bound` holds the form that was sent, with its errors, by name."""
    detail = selectors.group_detail(actor=request.user, group=group)
    if detail.reveal:
        access_log_record(
            actor=request.user, station=group.station, action="groupwork.group.viewed", obj=group
        )
    members = _member_choices(group)
    today = timezone.localdate()
    blank = {
        "member": forms.MemberForm(
            actor=request.user, station=request.station, initial={"joined_on": today}
        ),
        "leave": forms.LeaveForm(
            members=members.filter(left_on__isnull=True), initial={"left_on": today}
        ),
        "end": forms.EndForm(initial={"ends_on": today}),
    }
    context = {
        "group": group,
        "detail": detail,
        "forms": {**blank, **(bound or {})},
        "instrument": services.outcome_instruments().get(group.outcome_instrument),
        "leaders": list(group.leaders.all()),
    }
    return render(request, "groupwork/detail.html", context, status=status)


@station_required("edit_elders")
@require_POST
def member_add(request, pk: int):
    group = _group(request, pk)
    form = forms.MemberForm(request.POST, actor=request.user, station=request.station)
    if form.is_valid():
        try:
            services.member_add(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect("groupwork:detail", pk=group.pk)
    return render_detail(request, group, {"member": form}, status=422)


@station_required("edit_elders")
@require_POST
def member_leave(request, pk: int):
    group = _group(request, pk)
    form = forms.LeaveForm(request.POST, members=_member_choices(group))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.member_leave(
                actor=request.user,
                member=d["member"],
                left_on=d["left_on"],
                reason=d["left_reason"],
            )
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("The member's leaving is recorded."))
            return redirect("groupwork:detail", pk=group.pk)
    return render_detail(request, group, {"leave": form}, status=422)


@station_required("edit_elders")
@require_POST
def group_end(request, pk: int):
    group = _group(request, pk)
    form = forms.EndForm(request.POST)
    if form.is_valid():
        try:
            services.group_end(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("The group has ended."))
            return redirect("groupwork:detail", pk=group.pk)
    return render_detail(request, group, {"end": form}, status=422)


# --- sessions ----------------------------------------------------------------------------------
@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def session_new(request, pk: int):
    group = _group(request, pk)
    held = group.sessions.order_by("-number").values_list("number", flat=True).first() or 0
    return _session_form(
        request, group, None, {"number": held + 1, "held_on": timezone.localdate()}
    )


@station_required("edit_elders")
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int, number: int):
    group = _group(request, pk)
    session = get_object_or_404(Session, group=group, number=number)
    present = session.presence.filter(present=True).values_list("member_id", flat=True)
    return _session_form(request, group, session, {"present": [str(p) for p in present]})


def _register(request, group, session) -> list[tuple[int, str]]:
    """Who can be ticked: the members on the session's day (all current ones for a new one)."""
    detail = selectors.group_detail(actor=request.user, group=group)
    on = session.held_on if session else None
    rows = [
        r
        for r in detail.members
        if on is None
        and not r.left
        or on is not None
        and (r.member.joined_on <= on and (r.member.left_on is None or r.member.left_on >= on))
    ]
    return [(r.member.pk, r.name) for r in rows]


def _session_form(request, group, session, initial):
    register = _register(request, group, session)
    form = forms.SessionForm(
        request.POST or None, instance=session, initial=initial, register=register
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.session_record(
                actor=request.user,
                group=group,
                session=session,
                number=d["number"],
                held_on=d["held_on"],
                theme=d["theme"],
                plan=d["plan"],
                record=d["record"],
                reflection=d["reflection"],
                present=d["present"],
            )
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("Session saved."))
            return redirect("groupwork:detail", pk=group.pk)
    context = {"group": group, "session": session, "form": form}
    return render(
        request, "groupwork/session_form.html", context, status=422 if form.errors else 200
    )


# --- outcome -----------------------------------------------------------------------------------
@station_required("edit_elders")
def group_outcome(request, pk: int):
    return render_outcome(request, _group(request, pk))


def render_outcome(request, group, bound=None, status: int = 200):
    result = selectors.outcome(actor=request.user, group=group)
    name = str(result.instrument.name) if result.instrument else ""
    first, last = services.measure_window(group)
    reveal = selectors.members_visible_to(request.user, group)
    members = group.members.filter(elder__isnull=False).select_related("elder")
    context = {
        "group": group,
        "outcome": result,
        "instrument_name": name,
        "reveal": reveal,
        "sentence": wording.plain_sentence(result.result, name, result.higher_is),
        "test": wording.test_label(result.result) if result.result else "",
        "effect": wording.effect_label(result.result) if result.result else "",
        "p": wording.p_text(result.result.p_value) if result.result else "",
        "reason": wording.reason_text(result.result) if result.result and result.result.n else "",
        "chart": slope_chart(result.paired, result.instrument),
        "first": first,
        "last": last,
        "form": bound or forms.MeasureForm(members=members),
    }
    return render(request, "groupwork/outcome.html", context, status=status)


@station_required("edit_elders")
@require_POST
def measure_attach(request, pk: int):
    """Attach the elder's latest complete assessment of the group's instrument as a measure
    (for a pre-measure, the latest dated on or before the first session)."""
    group = _group(request, pk)
    members = group.members.filter(elder__isnull=False).select_related("elder")
    form = forms.MeasureForm(request.POST, members=members)
    if form.is_valid():
        member, phase = form.cleaned_data["member"], form.cleaned_data["phase"]
        before = services.measure_window(group)[0] if phase == Measure.Phase.PRE else None
        found = selectors.latest_assessment(
            actor=request.user, member=member, instrument=group.outcome_instrument, before=before
        )
        try:
            if found is None:
                raise ValidationError(
                    _(
                        "The elder has no complete assessment with the group's "
                        "outcome measure that fits."
                    )
                )
            services.measure_attach(
                actor=request.user, member=member, phase=phase, assessment=found
            )
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("Measure attached."))
            return redirect("groupwork:outcome", pk=group.pk)
    return render_outcome(request, group, form, status=422)
