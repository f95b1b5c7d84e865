"""Community activities: the event, who signed up, who came (and how they signed in), photos
and satisfaction feedback.

Person-times (人次) and unique persons are counted from `Attendance`: one row per named person
per activity (elder or a named walk-in), and one row per group of anonymous walk-ins with its
`count`. A named person attending two activities is 2 person-times and 1 person.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from linli.stations.models import StaffScopedQuerySet

USER = settings.AUTH_USER_MODEL


class StationQuerySet(StaffScopedQuerySet):
    """Staff (head, workers) of the row's station; volunteers and viewers go through selectors
    that give them only what they need (upcoming activities, no attendee names)."""


def new_token() -> str:
    return secrets.token_urlsafe(16)


class Activity(models.Model):
    """One community activity: theme, type, when and where, for whom, with which partners."""

    class Type(models.TextChoices):
        TALK = "talk", _("talk")
        HEALTH_CHECK = "health_check", _("health check")
        FESTIVAL = "festival", _("festival event")
        BIRTHDAY = "birthday", _("birthday party")
        HANDICRAFT = "handicraft", _("handicraft")
        OUTING = "outing", _("outing")
        TRAINING = "training", _("training")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="activities",
        verbose_name=_("station"),
    )  # fmt: skip
    title = models.CharField(_("theme"), max_length=200)
    type = models.CharField(_("type of activity"), max_length=14, choices=Type.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    area = models.ForeignKey(
        "stations.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("area"),
    )  # fmt: skip
    target_group = models.CharField(_("for whom"), max_length=200, blank=True)
    description = models.TextField(_("plan and content"), blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="activities", verbose_name=_("partners")
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    budget_yuan = models.DecimalField(
        _("budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    materials = models.TextField(_("materials"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # The code printed as a QR on the sign-in sheet; changing it voids printed sheets.
    sign_in_token = models.CharField(max_length=32, unique=True, default=new_token)
    feedback_token = models.CharField(max_length=32, unique=True, default=new_token)
    organiser = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("organiser"),
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["sign_in_token", "feedback_token"])

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["station", "starts_at"], name="activity_station_start")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": [_("An activity cannot end before it starts.")]})


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    image = models.ImageField(_("photo"), upload_to="activities/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "uploaded_at", "id"]
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class SignUp(models.Model):
    """An elder signed up ahead of time (报名)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sign_ups")
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    elder = models.ForeignKey(
        "elders.Elder", on_delete=models.CASCADE, related_name="activity_sign_ups",
        verbose_name=_("elder"),
    )  # fmt: skip
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "elder"], name="sign_up_once")]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.elder_id}"


class Attendance(models.Model):
    """Who came: an elder of the station, a named walk-in, or a number of anonymous walk-ins."""

    class Method(models.TextChoices):
        ROSTER = "roster", _("ticked on the roster")
        QR = "qr", _("scanned the QR code")
        WALK_IN = "walk_in", _("walk-in")
        PAPER = "paper", _("from the paper sheet")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    elder = models.ForeignKey(
        "elders.Elder", null=True, blank=True, on_delete=models.CASCADE,
        related_name="activity_attendance", verbose_name=_("elder"),
    )  # fmt: skip
    walk_in_name = models.CharField(_("walk-in's name"), max_length=60, blank=True)
    count = models.PositiveIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1)]
    )
    method = models.CharField(_("signed in by"), max_length=8, choices=Method.choices)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "at", "id"]
        constraints = [
            # single sign-in per elder and activity, whatever the method
            models.UniqueConstraint(
                fields=["activity", "elder"],
                condition=Q(elder__isnull=False),
                name="attend_once_per_elder",
            ),  # fmt: skip
            # a named row (elder or walk-in name) is one person; only anonymous rows count more
            models.CheckConstraint(
                condition=Q(elder__isnull=True, walk_in_name="") | Q(count=1),
                name="attend_named_is_one",
            ),
        ]
        indexes = [models.Index(fields=["station", "elder"], name="attend_station_elder")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.elder_id or self.walk_in_name or self.count}"


class Feedback(models.Model):
    """Satisfaction feedback after an activity, on the instrument engine's satisfaction form
    (entered from paper by a worker, or given through the activity's feedback QR code)."""

    class Channel(models.TextChoices):
        PAPER = "paper", _("paper form")
        QR = "qr", _("QR code")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="feedback")
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    elder = models.ForeignKey(
        "elders.Elder", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    instrument_version = models.CharField(max_length=20)
    answers = models.JSONField(_("answers"), default=dict)
    total = models.IntegerField(_("total"))
    satisfied = models.BooleanField(_("satisfied"))
    channel = models.CharField(_("given on"), max_length=6, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "at", "id"]
        verbose_name = _("activity feedback")
        verbose_name_plural = _("activity feedback")

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.total}"
