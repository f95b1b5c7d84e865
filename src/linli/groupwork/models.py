"""Group work (小组工作): a group, its members, its sessions with attendance, and the outcome
measure taken before and after (an instrument of the assessment engine), from which the group's
page shows each member's change and a paired test."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from linli.stations.models import StaffScopedQuerySet

USER = settings.AUTH_USER_MODEL


class StationQuerySet(StaffScopedQuerySet):
    """Staff (head, workers) of the group's station."""


class Group(models.Model):
    """A group with its purpose, goals, planned sessions, leaders and outcome measure."""

    class Type(models.TextChoices):
        MUTUAL_AID = "mutual_aid", _("mutual aid and support")
        EDUCATION = "education", _("education")
        THERAPEUTIC = "therapeutic", _("therapeutic")
        RECREATIONAL = "recreational", _("recreational")
        TASK = "task", _("task")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("group", "planned")
        RUNNING = "running", _("running")
        ENDED = "ended", _("ended")

    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="groups",
        verbose_name=_("station"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=120)
    type = models.CharField(_("type of group"), max_length=14, choices=Type.choices)
    purpose = models.TextField(_("purpose"))
    goals = models.TextField(_("goals"))
    planned_sessions = models.PositiveSmallIntegerField(_("planned sessions"))
    leaders = models.ManyToManyField(USER, related_name="groups_led", verbose_name=_("leaders"))
    # A code of the assessment engine (ssrs, ucla3, gds15, lsns6…) measured before and after.
    outcome_instrument = models.CharField(_("outcome measure"), max_length=40, blank=True)
    restricted = models.BooleanField(
        _("sensitive (members' names only for its leaders and the head)"), default=False
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A member: an elder of the station, or a family carer recorded by name."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    elder = models.ForeignKey(
        "elders.Elder", null=True, blank=True, on_delete=models.CASCADE,
        related_name="group_memberships", verbose_name=_("elder"),
    )  # fmt: skip
    carer_name = models.CharField(_("family carer's name"), max_length=60, blank=True)
    carer_of = models.ForeignKey(
        "elders.Elder", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("carer of"),
    )  # fmt: skip
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("why they left"), max_length=200, blank=True)

    class Meta:
        ordering = ["group", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "elder"], condition=Q(elder__isnull=False), name="member_once"
            ),
            models.CheckConstraint(
                condition=Q(elder__isnull=False) | ~Q(carer_name=""), name="member_is_someone"
            ),
        ]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")

    def __str__(self) -> str:
        return self.carer_name or str(self.elder_id)

    def clean(self) -> None:
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": [_("A member cannot leave before joining.")]})


class Session(models.Model):
    """One session (节) of a group: its plan, the record of what happened, the reflection."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session"))
    held_on = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=200)
    plan = models.TextField(_("plan"), blank=True)
    record = models.TextField(_("what happened"), blank=True)
    reflection = models.TextField(_("the worker's reflection"), blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="session_number_once")
        ]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")

    def __str__(self) -> str:
        return f"{self.group_id} #{self.number}"


class Presence(models.Model):
    """A member's attendance at a session: present or absent (absent rows are kept, so a
    session's register shows who was expected)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presence")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="presence")
    present = models.BooleanField(_("present"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="presence_once")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.member_id}: {self.present}"


class Measure(models.Model):
    """A member's outcome measure before or after the group: an assessment of the engine's
    instrument (the group's `outcome_instrument`)."""

    class Phase(models.TextChoices):
        PRE = "pre", _("before")
        POST = "post", _("after")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="measures")
    phase = models.CharField(_("when"), max_length=4, choices=Phase.choices)
    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="group_measure"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "phase"], name="measure_once_per_phase")
        ]
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measures")

    def __str__(self) -> str:
        return f"{self.member_id} {self.phase}"
