"""What the follow-up pages show: plan reasons, worklist rows and the elder page's panel.

Pure functions of already-fetched records, plus the few look-ups named in each docstring,
so that views stay thin and phones are masked in one place (the registry's `phones_for`).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from linli.elders.models import Elder
from linli.elders.presenting import phones_for
from linli.stations.roles import role_has

from . import cadence, selectors
from .models import Alert, Contact, Emergency, Plan, Task
from .plans import rules_in_force

DAYS_EVERY = {days: every for every, days in cadence.EVERY_DAYS.items()}
PANEL_CONTACTS = 10
REPORT_FLAGS = ("health_change", "safety_concern")
# The mood's own words ("low" alone would read as a low risk in Chinese).
MOODS = [
    (Contact.Mood.GOOD, pgettext_lazy("mood", "good")),
    (Contact.Mood.LOW, pgettext_lazy("mood", "low")),
    (Contact.Mood.DISTRESSED, pgettext_lazy("mood", "distressed")),
]


def rule_labels(station) -> dict[str, str]:
    """Each rule's label in the reader's language, by code (one query for the rules)."""
    return {rule.code: rule.label for rule in rules_in_force(station)}


def every_label(plan: Plan) -> str:
    """'monthly call', or 'every 10 days (call)' for an interval no rule uses."""
    every = DAYS_EVERY.get(plan.interval_days)
    if every is not None:
        return str(cadence.EVERY_LABELS[(plan.kind, every)])
    if plan.kind == Plan.Kind.VISIT:
        return _("home visit every %(days)s days") % {"days": plan.interval_days}
    return _("call every %(days)s days") % {"days": plan.interval_days}


def plan_reason(plan: Plan, labels: dict[str, str]) -> dict:
    """Why the elder is on the list: 'monthly call — 高龄 80+', or an override and its reason."""
    if plan.rule_code == "override":
        return {"every": every_label(plan), "rule": plan.override_reason, "override": True}
    rule = labels.get(plan.rule_code) or plan.rule_label
    return {"every": every_label(plan), "rule": rule, "override": False}


def elder_brief(elder: Elder, *, role: str | None, today: dt.date) -> dict:
    """Name, age, area and phones (masked for volunteers) of an elder on a list."""
    return {
        "elder": elder,
        "age": elder.age_on(today),
        "area": elder.area.name if elder.area_id else "",
        "phones": phones_for(elder.phone_list, role),
    }


def plan_row(plan: Plan, *, role: str | None, labels: dict[str, str], today: dt.date) -> dict:
    """One due or overdue row of a worklist."""
    return {
        **elder_brief(plan.elder, role=role, today=today),
        "plan": plan,
        "reason": plan_reason(plan, labels),
        "days_overdue": max((today - plan.next_due).days, 0),
        "log_kind": Contact.Kind.VISIT if plan.kind == Plan.Kind.VISIT else Contact.Kind.CALL,
    }


def task_row(task: Task, *, role: str | None, today: dt.date) -> dict:
    return {
        **elder_brief(task.elder, role=role, today=today),
        "task": task,
        "late": task.due_on < today,
    }


def alert_row(alert: Alert, *, role: str | None, today: dt.date) -> dict:
    return {**elder_brief(alert.elder, role=role, today=today), "alert": alert}


def day_page(work: selectors.Worklist, *, station, role: str | None) -> dict:
    """Everything My day shows, for one role."""
    today, labels = work.today, rule_labels(station)

    def plans(rows):
        return [plan_row(p, role=role, labels=labels, today=today) for p in rows]

    return {
        "today": today,
        "alerts": [alert_row(a, role=role, today=today) for a in work.alerts],
        "checkins": [
            {
                "emergency": emergency,
                "rows": [elder_brief(e, role=role, today=today) for e in elders],
            }
            for emergency, elders in work.checkins
        ],
        "overdue": plans(work.overdue),
        "due_today": plans(work.due_today),
        "due_week": plans(work.due_week),
        "tasks": [task_row(t, role=role, today=today) for t in work.tasks],
        "counts": day_counts(work),
        "section_limit": selectors.SECTION_LIMIT,
    }


def day_counts(work: selectors.Worklist) -> dict[str, int]:
    """Counts for the section headers (tasks, alerts and check-ins as listed)."""
    return {
        **work.counts,
        "tasks": len(work.tasks),
        "alerts": len(work.alerts),
        "checkins": sum(len(elders) for _emergency, elders in work.checkins),
    }


# --- the elder's page -------------------------------------------------------------------------
def contact_item(contact: Contact, *, role: str | None) -> dict:
    """One contact as the elder's page lists it: what was reported and what was corrected."""
    reported = [
        {"text": str(Contact._meta.get_field(f).verbose_name), "problem": True}
        for f in REPORT_FLAGS
        if getattr(contact, f)
    ]
    if contact.mood:
        mood = _("mood: %(mood)s") % {"mood": dict(MOODS).get(contact.mood, contact.mood)}
        reported.append({"text": mood, "problem": contact.mood != Contact.Mood.GOOD})
    if contact.new_need:
        need = _("need: %(need)s") % {"need": contact.get_new_need_display()}
        reported.append({"text": need, "problem": True})
    corrected = (contact.verification or {}).get("corrected", {})
    return {
        "contact": contact,
        "reported": reported,
        "corrected": [_field_label(field) for field in corrected],
        "problem": contact.has_problem,
    }


def _field_label(field: str) -> str:
    return str(Elder._meta.get_field(field).verbose_name)


def elder_panel(elder: Elder, *, actor, role: str | None, today: dt.date | None = None) -> dict:
    """The care-rhythm panel of an elder's page: plans, last contacts, open tasks and alerts.

    Five queries: plans, the station's rules, contacts, open tasks, open alerts.
    """
    today = today or timezone.localdate()
    labels = rule_labels(elder.station)
    plans = list(Plan.objects.filter(elder=elder).order_by("kind"))
    return {
        "plans": [
            {"plan": p, "reason": plan_reason(p, labels), "due": p.next_due <= today} for p in plans
        ],
        "contacts": [
            contact_item(c, role=role)
            for c in selectors.elder_contacts(elder=elder, limit=PANEL_CONTACTS)
        ],
        "tasks": list(elder.tasks.filter(status=Task.Status.OPEN).select_related("assigned_to")),
        "alerts": list(elder.alerts.filter(resolved_at__isnull=True)),
        "can_manage": role_has(role, "edit_elders"),
        "can_log": elder.status == Elder.Status.ACTIVE,
        "kinds": Plan.Kind.choices,
        "overridden": {p.kind for p in plans if p.rule_code == "override"},
    }


def open_emergency(station, pk) -> Emergency | None:
    """An open emergency of the station, by id (None for anything else)."""
    try:
        return Emergency.objects.filter(station=station, closed_at__isnull=True).get(pk=int(pk))
    except (Emergency.DoesNotExist, TypeError, ValueError):
        return None
