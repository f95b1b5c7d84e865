"""Keeping in touch: cadence rules, each elder's plan, contacts, tasks, alerts, emergencies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linli.stations.models import Membership, RulesVersion

STAFF = (Membership.Role.HEAD, Membership.Role.WORKER)


def _station_scoped(qs, user):
    """Rows the user may see, by the registry's rule: staff see their stations' rows (by the
    row's own station, which keeps big tables on their indexes), volunteers only the rows
    about elders paired with them."""
    from linli.elders.models import Elder
    from linli.stations.selectors import memberships_of

    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    memberships = memberships_of(user)
    staff = [m.station_id for m in memberships if m.role in STAFF]
    volunteering = [m.station_id for m in memberships if m.role == Membership.Role.VOLUNTEER]
    paired = Elder.volunteers.through.objects.filter(user=user).values("elder_id")
    return qs.filter(Q(station_id__in=staff) | Q(station_id__in=volunteering, elder_id__in=paired))


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _station_scoped(self, user)


class CadenceRuleSet(RulesVersion):
    """One version of a station's cadence rules; the newest version is in force."""

    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.CASCADE,
        related_name="cadence_rulesets",
        verbose_name=_("station"),
    )

    class Meta(RulesVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["station", "version"], name="ruleset_version_unique")
        ]
        verbose_name = _("cadence rules")
        verbose_name_plural = _("cadence rules")


class Plan(models.Model):
    """An elder's contact cadence of one kind (calls or home visits) and when it is next due.

    Station, worker, area and risk are copied from the elder so that worklists and coverage
    read one indexed table, whatever the size of the registry.
    """

    class Kind(models.TextChoices):
        CALL = "call", _("call")
        VISIT = "visit", _("home visit")

    elder = models.ForeignKey("elders.Elder", on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.ForeignKey(
        "stations.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    risk_rank = models.PositiveSmallIntegerField(default=4)  # 0 urgent … 3 low, 4 unset
    rule_code = models.CharField(max_length=40)  # the rule that set it, or "override"
    rule_label = models.CharField(max_length=120)  # e.g. "高龄 80+"
    interval_days = models.PositiveSmallIntegerField()
    override_reason = models.CharField(_("reason for the override"), max_length=200, blank=True)
    next_due = models.DateField(_("next due"))
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_reached_at = models.DateTimeField(null=True, blank=True)
    no_answer_streak = models.PositiveSmallIntegerField(default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["elder", "kind"], name="plan_one_per_kind")]
        indexes = [
            models.Index(fields=["station", "worker", "next_due"], name="plan_worklist"),
            models.Index(fields=["station", "kind", "next_due"], name="plan_station_due"),
        ]
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")

    def __str__(self) -> str:
        return f"{self.elder_id} {self.kind} {self.next_due}"


class Emergency(models.Model):
    """An epidemic, typhoon, heat wave or flood: covered elders are due a daily check-in."""

    class Kind(models.TextChoices):
        EPIDEMIC = "epidemic", _("epidemic")
        TYPHOON = "typhoon", _("typhoon")
        HEAT = "heat", _("heat wave")
        FLOOD = "flood", _("flood")
        OTHER = "other", _("other")

    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.CASCADE,
        related_name="emergencies",
        verbose_name=_("station"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    groups = models.JSONField(_("groups covered"), default=list)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("emergency")
        verbose_name_plural = _("emergencies")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Contact(models.Model):
    """One call, visit or meeting with an elder (or an attempt at one)."""

    class Kind(models.TextChoices):
        CALL = "call", _("phone call")
        VISIT = "visit", _("home visit")
        VIDEO = "video", _("video call")
        SERVICE = "service", _("on-site service")
        CHANCE = "chance", _("chance meeting")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("reached")
        NO_ANSWER = "no_answer", _("no answer")
        WRONG_NUMBER = "wrong_number", _("wrong or dead number")
        IN_HOSPITAL = "in_hospital", _("in hospital")
        AWAY = "away", _("away")
        MOVED = "moved", _("moved out")
        DECEASED = "deceased", _("deceased")

    class Mood(models.TextChoices):
        GOOD = "good", _("good")
        LOW = "low", _("low")
        DISTRESSED = "distressed", _("distressed")

    class Need(models.TextChoices):
        NONE = "", _("none")
        GROCERIES = "groceries", _("buying vegetables and food")
        MEDICINE = "medicine", _("picking up medicine")
        DOCTOR = "doctor", _("a doctor")
        ESCORT = "escort", _("an escort to hospital")
        REPAIR = "repair", _("a small repair")
        COMPANY = "company", _("company and comfort")
        OTHER = "other", _("something else")

    elder = models.ForeignKey(
        "elders.Elder", on_delete=models.CASCADE, related_name="contacts", verbose_name=_("elder")
    )
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.CALL)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="contacts_made",
        verbose_name=_("made by"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    health_change = models.BooleanField(_("health changed"), default=False)
    mood = models.CharField(_("mood"), max_length=10, choices=Mood.choices, blank=True)
    new_need = models.CharField(_("new need"), max_length=10, choices=Need.choices, blank=True)
    safety_concern = models.BooleanField(_("safety concern"), default=False)
    note = models.TextField(_("note"), blank=True)
    verification = models.JSONField(_("details checked"), default=dict, blank=True)
    emergency = models.ForeignKey(
        Emergency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkins",
        verbose_name=_("emergency"),
    )
    meals_secured = models.BooleanField(_("meals secured"), null=True, blank=True)
    medicines_sufficient = models.BooleanField(_("medicines sufficient"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["elder", "-at"], name="contact_elder_at"),
            models.Index(fields=["station", "at"], name="contact_station_at"),
        ]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.elder_id} {self.kind} {self.outcome} {self.at:%Y-%m-%d}"

    @property
    def reached(self) -> bool:
        return self.outcome in REACHED_OUTCOMES

    @property
    def has_problem(self) -> bool:
        return bool(self.health_change or self.safety_concern or self.new_need
                    or self.mood in (self.Mood.LOW, self.Mood.DISTRESSED))  # fmt: skip


REACHED_OUTCOMES = frozenset({Contact.Outcome.REACHED, Contact.Outcome.IN_HOSPITAL})


class Task(models.Model):
    """Something to do for an elder: a home visit, a service request, a case, a correction."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("home visit")
        SERVICE = "service", _("service request")
        CASE = "case", _("open a case")
        CORRECTION = "correction", _("correct the record")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    elder = models.ForeignKey(
        "elders.Elder", on_delete=models.CASCADE, related_name="tasks", verbose_name=_("elder")
    )
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)
    due_on = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("assigned to"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    source_contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["station", "assigned_to", "status", "due_on"], name="task_worklist"
            )
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.elder_id}"


class Alert(models.Model):
    """Something a worker or the head must look at: repeated no-answers, a wrong number…"""

    class Kind(models.TextChoices):
        NO_ANSWER = "no_answer", _("three calls unanswered")
        WRONG_NUMBER = "wrong_number", _("wrong number: correct the record")
        URGENT_NEED = "urgent_need", _("urgent need in an emergency")
        SAFETY = "safety", _("safety concern")

    elder = models.ForeignKey(
        "elders.Elder", on_delete=models.CASCADE, related_name="alerts", verbose_name=_("elder")
    )
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["station", "resolved_at"], name="alert_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["elder", "kind"],
                condition=Q(resolved_at__isnull=True),
                name="alert_one_open_per_kind",
            ),
        ]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.elder_id}"
