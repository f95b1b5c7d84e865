"""Assessments: filled instruments for elders, stations' own questionnaires, risk rules and
survey campaigns."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from linli.stations.models import RulesVersion, StaffScopedQuerySet


class StationQuerySet(StaffScopedQuerySet):
    """Staff (head, workers) of the station; volunteers and viewers see none."""


class Questionnaire(models.Model):
    """One version of a station's own questionnaire, uploaded in the instrument format."""

    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="questionnaires"
    )
    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    definition = models.JSONField(_("definition"))
    source_text = models.TextField(_("uploaded file"))
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["station", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "code", "version"], name="questionnaire_version_unique"
            )
        ]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class Campaign(models.Model):
    """A survey: one questionnaire put to a target population of a station's elders."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("survey", "open")
        CLOSED = "closed", pgettext_lazy("survey", "closed")

    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=120)
    instrument = models.CharField(_("questionnaire"), max_length=40)
    areas = models.ManyToManyField(
        "stations.Area", blank=True, related_name="+", verbose_name=_("areas")
    )
    categories = models.JSONField(_("categories"), default=list, blank=True)
    age_bands = models.JSONField(_("age bands"), default=list, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    """One instrument filled for one elder at one time by one assessor."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        COMPLETE = "complete", _("complete")

    class Respondent(models.TextChoices):
        SELF = "self", _("the elder")
        FAMILY = "family", _("a family member")
        CARER = "carer", _("a carer")
        ASSESSOR = "assessor", _("the assessor's observation")

    elder = models.ForeignKey("elders.Elder", on_delete=models.CASCADE, related_name="assessments")
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(_("instrument"), max_length=40)
    instrument_version = models.CharField(_("instrument version"), max_length=20)
    questionnaire = models.ForeignKey(
        Questionnaire, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
        verbose_name=_("survey"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="assessments_made",
        verbose_name=_("assessor"),
    )
    respondent = models.CharField(
        _("answered by"), max_length=8, choices=Respondent.choices, default=Respondent.SELF
    )
    respondent_note = models.CharField(_("who exactly"), max_length=60, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    total = models.IntegerField(_("total"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=30, blank=True)
    subscales = models.JSONField(_("sub-scales"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["elder", "instrument", "-assessed_on"], name="assessment_latest"),
            models.Index(fields=["station", "instrument", "status"], name="assessment_station"),
            models.Index(fields=["campaign", "status"], name="assessment_campaign"),
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.instrument} {self.elder_id} {self.assessed_on}"

    @property
    def complete(self) -> bool:
        return self.status == self.Status.COMPLETE


class RiskRuleSet(RulesVersion):
    """One version of a station's risk rules; the newest version is in force."""

    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="risk_rulesets"
    )
    source_text = models.TextField(_("rules as written"))

    class Meta(RulesVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["station", "version"], name="risk_rules_version_unique")
        ]
        verbose_name = _("risk rules")
        verbose_name_plural = _("risk rules")
