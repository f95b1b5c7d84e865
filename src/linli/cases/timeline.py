"""A case's timeline: everything that happened in the case and to its elder since it opened,
newest first, in a fixed number of queries whatever its length.

The summary of an entry is built only from dates, choices and names; the free text (reasons,
notes, problems, what was asked) goes in ``detail``, which is left empty when the actor may not
read the case's notes (a restricted case seen by other staff).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from linli.assessments import definitions
from linli.assessments.models import Assessment
from linli.errands.models import ServiceRequest
from linli.followups.models import Contact
from linli.partners.models import Referral

from .models import AssessmentSummary, Case, CaseEvent, ClosingSummary, Goal, Intake, Note
from .selectors import notes_visible_to

KINDS = {
    "move": gettext_lazy("Stage change"),
    "intake": gettext_lazy("Intake"),
    "assessment": gettext_lazy("Assessment summary"),
    "plan": gettext_lazy("Service plan"),
    "evaluation": gettext_lazy("Goal evaluation"),
    "note": gettext_lazy("Process note"),
    "supervision": gettext_lazy("Supervision note"),
    "closing": gettext_lazy("Closing"),
    "referral": gettext_lazy("Referral"),
    "contact": gettext_lazy("Contact with the elder"),
    "request": gettext_lazy("Service request"),
    "instrument": gettext_lazy("Assessment"),
}


@dataclass(frozen=True)
class Entry:
    at: dt.datetime  # aware; midnight of the day when only the date is known
    kind: str  # a key of KINDS
    summary: str
    who: str
    detail: str  # empty when the actor may not read the case's notes
    date_only: bool = False

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _name(user) -> str:
    return str(user) if user is not None else ""


def _stage(code: str) -> str:
    return str(dict(Case._meta.get_field("stage").choices).get(code, code))


def case_timeline(*, actor, case: Case) -> list[Entry]:
    """Everything that happened in the case and to its elder since it opened, newest first."""
    show = notes_visible_to(actor, case)
    entries: list[Entry] = []
    for source in (_moves, _intake, _assessment, _plan, _notes, _closing, _referrals,
                   _contacts, _requests, _instruments):  # fmt: skip
        entries.extend(source(actor, case, show))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _moves(actor, case, show) -> Iterable[Entry]:
    # The opening event is the intake, shown from its own record.
    events = CaseEvent.objects.filter(case=case).exclude(from_stage="").select_related("actor")
    for e in events:
        summary = _("%(from)s → %(to)s") % {"from": _stage(e.from_stage), "to": _stage(e.to_stage)}
        yield Entry(e.at, "move", summary, _name(e.actor), e.reason if show else "")


def _intake(actor, case, show) -> Iterable[Entry]:
    for row in Intake.objects.filter(case=case).select_related("recorded_by"):
        consent = _("consent given") if row.consent_given else _("no consent recorded")
        summary = _("Case opened · source: %(source)s · %(consent)s") % {
            "source": row.get_source_display(), "consent": consent}  # fmt: skip
        # A case opened with an earlier date is dated by that day, not by when it was typed in.
        late = timezone.localtime(row.recorded_at).date() != case.opened_on
        at = _midnight(case.opened_on) if late else row.recorded_at
        yield Entry(at, "intake", summary, _name(row.recorded_by),
                    row.problem if show else "", date_only=late)  # fmt: skip


def _assessment(actor, case, show) -> Iterable[Entry]:
    rows = AssessmentSummary.objects.filter(case=case).select_related("recorded_by")
    for row in rows.annotate(linked=Count("assessments")):
        summary = ngettext(
            "Assessment summary recorded, %(n)s assessment linked",
            "Assessment summary recorded, %(n)s assessments linked",
            row.linked,
        ) % {"n": row.linked}
        yield Entry(row.recorded_at, "assessment", summary, _name(row.recorded_by),
                    row.text if show else "")  # fmt: skip


def _plan(actor, case, show) -> Iterable[Entry]:
    goals = list(Goal.objects.filter(case=case).select_related("evaluated_by"))
    if not goals:
        return
    # Goals carry no date of their own: the plan was set when its goals were created.
    made = (
        Goal.history.filter(id__in=[g.pk for g in goals], history_type="+")
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    at = made.history_date if made else _midnight(case.opened_on)
    who = _name(made.history_user) if made else ""
    detail = "\n".join(f"{g.description} ({g.indicator}: {g.baseline} → {g.target})" for g in goals)
    summary = ngettext(
        "Service plan set with %(n)s goal", "Service plan set with %(n)s goals", len(goals)
    ) % {"n": len(goals)}
    yield Entry(at, "plan", summary, who, detail if show else "")
    for g in goals:
        if g.evaluated_at:
            summary = _("Goal %(n)s: %(attainment)s, score %(score)s") % {
                "n": g.position + 1, "attainment": g.get_attainment_display(),
                "score": f"{g.score:+d}" if g.score is not None else "–"}  # fmt: skip
            yield Entry(g.evaluated_at, "evaluation", summary, _name(g.evaluated_by),
                        g.description if show else "")  # fmt: skip


def _notes(actor, case, show) -> Iterable[Entry]:
    for n in Note.objects.filter(case=case).select_related("author"):
        summary = ""
        if n.next_step_on:
            summary = _("Next step on %(day)s") % {"day": n.next_step_on.isoformat()}
        detail = n.text + (f"\n{_('Next step')}: {n.next_step}" if n.next_step else "")
        kind = "supervision" if n.kind == Note.Kind.SUPERVISION else "note"
        yield Entry(_midnight(n.written_on), kind, summary, _name(n.author),
                    detail if show else "", date_only=True)  # fmt: skip


def _closing(actor, case, show) -> Iterable[Entry]:
    rows = ClosingSummary.objects.filter(case=case).select_related("requested_by", "decided_by")
    for c in rows:
        summary = _("Closing requested: %(reason)s") % {"reason": c.get_reason_display()}
        yield Entry(c.requested_at, "closing", summary, _name(c.requested_by),
                    c.text if show else "")  # fmt: skip
        if c.decided_at and c.status != ClosingSummary.Status.REQUESTED:
            summary = _("Closing %(status)s") % {"status": c.get_status_display()}
            yield Entry(c.decided_at, "closing", summary, _name(c.decided_by),
                        c.return_note if show else "")  # fmt: skip


def _referrals(actor, case, show) -> Iterable[Entry]:
    rows = Referral.objects.visible_to(actor).filter(case=case).select_related("partner", "made_by")
    for r in rows:
        summary = r.get_status_display()
        if show:
            summary = _("To %(partner)s: %(status)s") % {"partner": r.partner.name,
                                                         "status": summary}  # fmt: skip
        detail = r.asked + (f"\n→ {r.outcome}" if r.outcome else "")
        yield Entry(_midnight(r.sent_on), "referral", summary, _name(r.made_by),
                    detail if show else "", date_only=True)  # fmt: skip


def _contacts(actor, case, show) -> Iterable[Entry]:
    # The reader already sees the case, so every contact of its station with this elder. The
    # station is checked here, not in SQL: with it in the query SQLite picks the station's date
    # index and reads a year of the whole station's contacts (40 ms against 1 ms).
    rows = Contact.objects.filter(elder_id=case.elder_id, at__gte=_midnight(case.opened_on))
    for c in rows.select_related("by"):
        if c.station_id != case.station_id:  # made while the elder belonged to another station
            continue
        summary = f"{c.get_kind_display()} · {c.get_outcome_display()}"
        yield Entry(c.at, "contact", summary, _name(c.by), c.note if show else "")


def _requests(actor, case, show) -> Iterable[Entry]:
    rows = ServiceRequest.objects.visible_to(actor).filter(
        elder_id=case.elder_id, raised_at__gte=_midnight(case.opened_on)
    )
    for r in rows.select_related("raised_by"):
        summary = f"{r.get_type_display()} · {r.get_status_display()}"
        yield Entry(r.raised_at, "request", summary, _name(r.raised_by), r.details if show else "")


def _band_label(instrument, code: str) -> str:
    """The band's words (轻度失能), not its code; a station questionnaire's code as it is."""
    bands = {b.code: b.label for b in instrument.bands} if instrument else {}
    return str(bands.get(code, code))


def _instruments(actor, case, show) -> Iterable[Entry]:
    rows = Assessment.objects.visible_to(actor).filter(
        elder_id=case.elder_id, assessed_on__gte=case.opened_on
    )
    rows = rows.exclude(status=Assessment.Status.DRAFT).select_related("assessor")
    builtin = definitions.builtin()
    for a in rows:
        instrument = builtin.get(a.instrument)
        summary = str(instrument.name) if instrument else a.instrument
        if a.total is not None:
            band = _band_label(instrument, a.band)
            summary += f" · {a.total}" + (f" ({band})" if band else "")
        yield Entry(_midnight(a.assessed_on), "instrument", summary, _name(a.assessor),
                    a.note if show else "", date_only=True)  # fmt: skip
