"""Case work: a case, its records at each stage of the process, and the log of its moves."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from linli.stations.models import STAFF_ROLES, RulesVersion, StaffScopedQuerySet

from . import process

STAFF = STAFF_ROLES
USER = settings.AUTH_USER_MODEL


class Stage(models.TextChoices):
    INTAKE = process.INTAKE, _("intake")
    ASSESSMENT = process.ASSESSMENT, pgettext_lazy("case stage", "assessment")
    PLAN = process.PLAN, _("plan")
    INTERVENTION = process.INTERVENTION, _("intervention")
    EVALUATION = process.EVALUATION, _("evaluation")
    REFERRED = process.REFERRED, _("referred out")
    CLOSED = process.CLOSED, _("closed")
    FOLLOWUP = process.FOLLOWUP, _("follow-up")


class CaseQuerySet(StaffScopedQuerySet):
    """Head and workers of the case's station; volunteers and viewers see no cases."""


class Case(models.Model):
    """One elder's case, led by one worker through the stages of the process."""

    class Sensitivity(models.TextChoices):
        NONE = "", _("not restricted")
        ABUSE = "abuse", _("abuse")
        LOST_ONLY_CHILD = "lost_only_child", _("lost their only child")
        MENTAL_ILLNESS = "mental_illness", _("mental illness")
        OTHER = "other", _("other sensitive reason")

    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.CASCADE,
        related_name="cases",
        verbose_name=_("station"),
    )
    elder = models.ForeignKey(
        "elders.Elder", on_delete=models.CASCADE, related_name="cases", verbose_name=_("elder")
    )
    lead_worker = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="cases_led", verbose_name=_("lead worker")
    )
    co_workers = models.ManyToManyField(
        USER, blank=True, related_name="cases_joined", verbose_name=_("co-workers and volunteers")
    )
    title = models.CharField(_("title"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.INTAKE)
    stage_entered_on = models.DateField(_("in this stage since"))
    restricted = models.BooleanField(_("restricted"), default=False)
    restricted_reason = models.CharField(
        _("reason for restriction"), max_length=16, choices=Sensitivity.choices, blank=True
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["station", "stage", "stage_entered_on"])]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title


class Intake(models.Model):
    """The intake record (接案): where the case came from, the problem and consent."""

    class Source(models.TextChoices):
        SELF = "self", _("the elder")
        FAMILY = "family", _("family")
        COMMUNITY = "community", _("community")
        CONTACT = "contact", _("found on a contact")
        HOSPITAL = "hospital", _("hospital")
        REFERRAL_IN = "referral_in", _("referred in")
        OTHER = "other", _("other")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intake")
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    problem = models.TextField(_("presenting problem"))
    consent_given = models.BooleanField(_("consent given"))
    consent_by = models.CharField(_("consent given by"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_source_display()}"


class AssessmentSummary(models.Model):
    """The assessment summary (预估), with links to the elder's filled instruments."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    text = models.TextField(_("summary"))
    assessments = models.ManyToManyField(
        "assessments.Assessment", blank=True, related_name="+", verbose_name=_("assessments")
    )
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment summary")
        verbose_name_plural = _("assessment summaries")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.recorded_at:%Y-%m-%d}"


class Goal(models.Model):
    """One goal of the service plan, and its evaluation once made."""

    class Attainment(models.TextChoices):
        PENDING = "", _("not yet evaluated")
        ATTAINED = "attained", _("attained")
        PARTLY = "partly", _("partly attained")
        NOT = "not", _("not attained")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(_("goal"))
    indicator = models.CharField(_("measurable indicator"), max_length=200)
    baseline = models.CharField(_("baseline"), max_length=200)
    target = models.CharField(_("target"), max_length=200)
    target_date = models.DateField(_("target date"))
    attainment = models.CharField(
        _("attainment"), max_length=8, choices=Attainment.choices, blank=True
    )
    score = models.SmallIntegerField(
        _("goal attainment score"), null=True, blank=True,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
    )  # fmt: skip
    evaluated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.description[:60]


class Note(models.Model):
    """A dated process note (过程记录) or the head's supervision note (督导记录)."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("process note")
        SUPERVISION = "supervision", _("supervision note")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    written_on = models.DateField(_("date"))
    text = models.TextField(_("text"))
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step on"), null=True, blank=True)
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "-written_on", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.written_on}"


class ClosingSummary(models.Model):
    """The closing summary (结案): the worker's request and the head's decision."""

    class Reason(models.TextChoices):
        GOALS_MET = "goals_met", _("goals met")
        DECLINED = "declined", _("the elder declined")
        MOVED = "moved", _("moved away")
        DIED = "died", _("died")
        REFERRED = "referred", _("referred")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("awaiting approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="closing")
    reason = models.CharField(_("reason for closing"), max_length=10, choices=Reason.choices)
    text = models.TextField(_("closing summary"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField(_("why it was returned"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closing summary")
        verbose_name_plural = _("closing summaries")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_reason_display()}"


class CaseEvent(models.Model):
    """Append-only log of a case's moves: who moved it from which stage to which, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_stage} → {self.to_stage}"


class CaseNorms(RulesVersion):
    """A station's norms: how many days a case may stay in each stage before it is stuck.
    `rules` maps a stage code to days; stages left out keep the default norm."""

    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="case_norms"
    )

    class Meta(RulesVersion.Meta):
        verbose_name = _("case norms")
        verbose_name_plural = _("case norms")
