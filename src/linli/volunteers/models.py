"""The volunteer registry: volunteers (many of them elders themselves), teams, training and
background checks, one-to-one pairings with elders, and service hours with a time bank.

A volunteer is a person record of the station. Only some volunteers sign in: `user` links the
record to the account whose membership has the volunteer role. Pairings of a volunteer with an
account are mirrored on `Elder.volunteers`, which decides what that account may see of the elder.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from linli.stations.models import StaffScopedQuerySet

USER = settings.AUTH_USER_MODEL
HOURS = [MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))]


class StationQuerySet(StaffScopedQuerySet):
    """Staff (head, workers) of the row's station; a volunteer reads their own record through
    the selectors of the volunteer's phone page."""


class Skill(models.TextChoices):
    MEDICAL = "medical", _("medical care")
    LEGAL = "legal", _("legal advice")
    HAIRCUT = "haircut", _("haircuts")
    REPAIRS = "repairs", _("repairs")
    SINGING = "singing", _("singing and dancing")
    COMPANIONSHIP = "companionship", _("companionship")
    SHOPPING = "shopping", _("shopping and errands")
    ESCORT = "escort", _("escorting")
    CLEANING = "cleaning", _("cleaning")
    COOKING = "cooking", _("cooking and meals")
    PAPERWORK = "paperwork", _("paperwork")
    TEACHING = "teaching", _("teaching (phones, calligraphy…)")
    PHOTOGRAPHY = "photography", _("photography")


class Volunteer(models.Model):
    """One volunteer of a station: contact, skills, availability, languages, checks."""

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="volunteers",
        verbose_name=_("station"),
    )  # fmt: skip
    user = models.OneToOneField(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="volunteer",
        verbose_name=_("account"),
    )  # fmt: skip
    elder = models.OneToOneField(
        "elders.Elder", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="volunteer", verbose_name=_("is an elder of the station"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=60)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # For the volunteer platforms' import (志愿汇, 中国志愿服务网): their registration number,
    # not the ID card number, which Linli does not need for a volunteer.
    platform_id = models.CharField(_("volunteer platform number"), max_length=40, blank=True)
    area = models.ForeignKey(
        "stations.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("area"),
    )  # fmt: skip
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(_("languages and dialects"), default=list, blank=True)
    # Weekday numbers 0–6 (Monday 0) with "am"/"pm"/"eve", e.g. ["0am", "2pm", "5eve"].
    availability = models.JSONField(_("availability"), default=list, blank=True)
    joined_on = models.DateField(_("joined on"))
    background_checked_on = models.DateField(_("background checked on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "name", "id"]
        indexes = [models.Index(fields=["station", "active"], name="volunteer_station_active")]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        return self.name

    @property
    def is_elder(self) -> bool:
        """An elder of the station who volunteers (老年志愿者)."""
        return self.elder_id is not None


class Team(models.Model):
    """A volunteer team (环保, 文化, 治安, 医疗卫生保健, 敬老 …) with its leader."""

    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    purpose = models.CharField(_("what the team does"), max_length=200, blank=True)
    leader = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams_led",
        verbose_name=_("leader"),
    )  # fmt: skip
    members = models.ManyToManyField(
        Volunteer, blank=True, related_name="teams", verbose_name=_("members")
    )

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["station", "name"]
        constraints = [models.UniqueConstraint(fields=["station", "name"], name="team_name_once")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Training(models.Model):
    """A training a volunteer took (hours count toward service hours when confirmed)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="trainings")
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("training"), max_length=200)
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, validators=HOURS)
    certificate = models.CharField(_("certificate"), max_length=100, blank=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["volunteer", "-on", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.title


class Pairing(models.Model):
    """A one-to-one pairing (结对) of a volunteer with an elder; ended, not deleted."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="pairings")
    elder = models.ForeignKey(
        "elders.Elder", on_delete=models.CASCADE, related_name="pairings", verbose_name=_("elder")
    )
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField(_("paired on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = StationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "elder"],
                condition=Q(ended_on__isnull=True),
                name="pairing_open_once",
            )  # fmt: skip
        ]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")

    def __str__(self) -> str:
        return f"{self.volunteer_id} ↔ {self.elder_id}"

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": [_("A pairing cannot end before it starts.")]})


class HoursEntry(models.Model):
    """Service hours a volunteer gave, from an activity, a request, a pairing visit, a training
    or other service; they count in the time bank once a worker confirms them."""

    class Source(models.TextChoices):
        ACTIVITY = "activity", _("activity")
        REQUEST = "request", _("service request")
        PAIRING = "pairing", _("pairing visit")
        TRAINING = "training", _("training")
        OTHER = "other", _("other service")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours")
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, validators=HOURS)
    source = models.CharField(_("for"), max_length=10, choices=Source.choices)
    description = models.CharField(_("what was done"), max_length=200)
    activity = models.ForeignKey(
        "activities.Activity", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="volunteer_hours",
    )  # fmt: skip
    request = models.ForeignKey(
        "errands.ServiceRequest", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="volunteer_hours",
    )  # fmt: skip
    contact = models.ForeignKey(
        "followups.Contact", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="volunteer_hours",
    )  # fmt: skip
    training = models.ForeignKey(
        Training, null=True, blank=True, on_delete=models.SET_NULL, related_name="hours_entries"
    )
    confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["volunteer", "-on", "-id"]
        constraints = [
            # the same activity or request is counted once per volunteer
            models.UniqueConstraint(
                fields=["volunteer", "activity"],
                condition=Q(activity__isnull=False),
                name="hours_once_per_activity",
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["volunteer", "request"],
                condition=Q(request__isnull=False),
                name="hours_once_per_request",
            ),  # fmt: skip
        ]
        indexes = [models.Index(fields=["station", "on"], name="hours_station_on")]
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.on} {self.hours}"


class Redemption(models.Model):
    """Hours taken out of the time bank (时间银行) as a service for the volunteer or family."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="redemptions")
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, validators=HOURS)
    service = models.CharField(_("service received"), max_length=200)
    beneficiary = models.CharField(_("for whom"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["volunteer", "-on", "-id"]
        verbose_name = _("time-bank redemption")
        verbose_name_plural = _("time-bank redemptions")

    def __str__(self) -> str:
        return f"{self.volunteer_id} −{self.hours}"
