"""Service requests (issue 5): what an elder needs done, who does it, and when it is overdue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.stations.models import STAFF_ROLES, Membership, StaffScopedQuerySet

STAFF = STAFF_ROLES
# Who may be sent a request (issue 6's volunteer registry will refine this).
HELPER_ROLES = (Membership.Role.WORKER, Membership.Role.VOLUNTEER)


class RequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> RequestQuerySet:
        """Staff see their stations' requests; a volunteer sees only the requests assigned to
        them; everyone else sees none."""
        from linli.stations.selectors import memberships_of

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        memberships = memberships_of(user)
        staff = [m.station_id for m in memberships if m.role in STAFF]
        volunteering = [m.station_id for m in memberships if m.role == Membership.Role.VOLUNTEER]
        if not staff and not volunteering:
            return self.none()
        return self.filter(
            Q(station_id__in=staff) | Q(station_id__in=volunteering, assigned_to=user)
        )


class AlertQuerySet(StaffScopedQuerySet):
    """Overdue alerts are for the station's staff only."""


class ServiceRequest(models.Model):
    class Type(models.TextChoices):
        GROCERIES = "groceries", _("groceries")
        MEDICINE = "medicine", _("medicine pick-up")
        MEALS = "meals", _("meal delivery")
        ESCORT = "escort", _("escort")
        REPAIR = "repair", _("home repair")
        CLEANING = "cleaning", _("cleaning")
        VISIT = "visit", _("companionship visit")
        PAPERWORK = "paperwork", _("paperwork")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("normal")
        SOON = "soon", _("soon")
        URGENT = "urgent", _("urgent")

    class Source(models.TextChoices):
        CONTACT = "contact", _("worker, from a contact")
        EMERGENCY = "emergency", _("emergency check-in")
        PHONE = "phone", _("phone call on the elder's behalf")
        FAMILY = "family", _("family, through a worker")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("service request", "open")
        DISPATCHED = "dispatched", _("dispatched")
        ACCEPTED = "accepted", _("accepted")
        DONE = "done", _("done")
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")

    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("station"),
    )
    elder = models.ForeignKey(
        "elders.Elder",
        on_delete=models.CASCADE,
        related_name="service_requests",
        verbose_name=_("elder"),
    )
    type = models.CharField(_("type of request"), max_length=12, choices=Type.choices)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    needed_by = models.DateTimeField(_("needed by"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    details = models.TextField(_("details"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    contact = models.ForeignKey(
        "followups.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_requests",
        verbose_name=_("contact"),
    )
    emergency = models.ForeignKey(
        "followups.Emergency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_requests",
        verbose_name=_("emergency"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("raised by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_requests",
        verbose_name=_("assigned to"),
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    satisfied = models.BooleanField(_("elder satisfied"), null=True, blank=True)
    feedback = models.TextField(_("elder's feedback"), blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        indexes = [
            models.Index(fields=["station", "status", "raised_at"], name="errand_station_status"),
            models.Index(fields=["assigned_to", "status"], name="errand_assigned"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.elder_id}"

    @property
    def time_to_accept(self):
        """Response time: raised → accepted (None until accepted)."""
        return self.accepted_at - self.raised_at if self.accepted_at else None

    @property
    def time_to_done(self):
        """Response time: raised → done (None until done)."""
        return self.done_at - self.raised_at if self.done_at else None


class OverdueAlert(models.Model):
    """One row per overdue request, resolved when the request moves on (accepted or later)."""

    request = models.OneToOneField(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="overdue_alert",
        verbose_name=_("service request"),
    )
    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="+", verbose_name=_("station")
    )
    raised_at = models.DateTimeField(_("raised at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("overdue request alert")
        verbose_name_plural = _("overdue request alerts")

    def __str__(self) -> str:
        return f"overdue · {self.request_id}"


class HelperProfile(models.Model):
    """What a station's helper can do and where. Interim: to be replaced by issue 6's
    volunteer registry (skills and availability)."""

    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.CASCADE,
        related_name="helper_profiles",
        verbose_name=_("station"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="helper_profiles",
        verbose_name=_("helper"),
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    area = models.ForeignKey(
        "stations.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("service area"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("helper profile")
        verbose_name_plural = _("helper profiles")
        constraints = [
            models.UniqueConstraint(fields=["station", "user"], name="helper_once_per_station")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.station_id}"
