"""Partners of a station (the five-party linkage), referrals to them, and donated goods and
funds received and given out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from linli.stations.models import StaffScopedQuerySet

POSITIVE = MinValueValidator(Decimal("0.01"))


class StationQuerySet(StaffScopedQuerySet):
    """Staff (head, workers) of the row's station; volunteers and viewers see none."""


class Partner(models.Model):
    """An organisation a station works with: who it is, which party it plays, what it offers."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("community or village committee")
        SOCIAL_ORG = "social_org", _("social organisation")
        ENTERPRISE = "enterprise", _("enterprise")
        HEALTH = "health", _("health centre or hospital")
        LAW_FIRM = "law_firm", _("law firm")
        NOTARY = "notary", _("notary office")
        POLICE = "police", _("police station")
        SCHOOL = "school", _("school")
        VOLUNTEER_TEAM = "volunteer_team", _("volunteer team")
        GOVERNMENT = "government", _("government department")

    class Party(models.TextChoices):
        """The party of the five-party linkage; the social worker is the station itself."""

        COMMUNITY = "community", _("community")
        SOCIAL_ORG = "social_org", _("social organisation")
        VOLUNTEER = "volunteer", _("volunteers")
        CHARITY = "charity", _("charitable resources and enterprises")

    class Service(models.TextChoices):
        MEDICAL = "medical", _("medical care")
        LEGAL = "legal", _("legal aid")
        MEALS = "meals", _("meals")
        HOUSING = "housing", _("housing and repairs")
        FUNDS = "funds", _("funds and goods")
        COMPANY = "company", _("visits and company")
        COUNSELLING = "counselling", _("counselling")
        BENEFITS = "benefits", _("benefits and subsidies")
        SAFETY = "safety", _("safety")
        EDUCATION = "education", _("learning and activities")

    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("station"),
    )
    name = models.CharField(_("partner name"), max_length=120)
    kind = models.CharField(_("type of partner"), max_length=16, choices=Kind.choices)
    party = models.CharField(_("party in the linkage"), max_length=12, choices=Party.choices)
    services = models.JSONField(_("services offered"), default=list, blank=True)
    services_note = models.TextField(_("other services"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    active = models.BooleanField(_("active partner"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["station", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "name"], name="partner_name_unique")
        ]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        codes = self.services if isinstance(self.services, list) else None
        if codes is None or any(c not in self.Service.values for c in codes):
            raise ValidationError({"services": [_("Choose services from the list.")]})


class PartnerPerson(models.Model):
    """Someone to call at a partner."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="people", verbose_name=_("partner")
    )
    name = models.CharField(_("contact person"), max_length=60)
    role = models.CharField(_("role at the partner"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["partner", "id"]
        verbose_name = _("partner contact person")
        verbose_name_plural = _("partner contact people")

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A cooperation agreement with a partner; in force from signing until it expires."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("partner")
    )
    title = models.CharField(_("agreement title"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["partner", "-signed_on", "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.signed_on and self.valid_until and self.valid_until < self.signed_on:
            raise ValidationError(
                {"valid_until": [_("An agreement cannot end before it is signed.")]}
            )

    def in_force(self, on: dt.date) -> bool:
        """Signed on or before the day and not yet expired (no end date: open-ended)."""
        return self.signed_on <= on and (self.valid_until is None or on <= self.valid_until)


class Referral(models.Model):
    """An elder referred to a partner (转介) from a case, a contact or a service request."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    elder = models.ForeignKey(
        "elders.Elder", on_delete=models.CASCADE, related_name="referrals", verbose_name=_("elder")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner")
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        verbose_name=_("case"),
    )
    contact = models.ForeignKey(
        "followups.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        verbose_name=_("contact"),
    )
    request = models.ForeignKey(
        "errands.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        verbose_name=_("service request"),
    )
    asked = models.TextField(_("what was asked"))
    sent_on = models.DateField(_("sent on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["station", "status", "sent_on"], name="referral_waiting")]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.elder_id} → {self.partner_id} {self.status}"

    def clean(self) -> None:
        if self.responded_on and self.sent_on and self.responded_on < self.sent_on:
            raise ValidationError({"responded_on": [_("An answer cannot come before sending.")]})


class ReferralReminder(models.Model):
    """A reminder sent to the partner about a referral that has had no answer."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("referral")
    )
    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    reminded_on = models.DateField(_("reminded on"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "-reminded_on", "-id"]
        verbose_name = _("referral reminder")
        verbose_name_plural = _("referral reminders")

    def __str__(self) -> str:
        return f"{self.referral_id} {self.reminded_on}"


class Item(models.Model):
    """One kind of donated goods in its unit; funds are the item with unit yuan."""

    station = models.ForeignKey(
        "stations.Station", on_delete=models.CASCADE, related_name="+", verbose_name=_("station")
    )
    name = models.CharField(_("item"), max_length=80)
    unit = models.CharField(_("unit"), max_length=12)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["station", "name", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["station", "name", "unit"], name="item_unit_unique")
        ]
        verbose_name = _("donated item")
        verbose_name_plural = _("donated items")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Receipt(models.Model):
    """Goods or funds received, usually from a partner."""

    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("item")
    )
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("from partner"),
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[POSITIVE]
    )
    value_yuan = models.DecimalField(
        _("value in yuan"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    received_on = models.DateField(_("received on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("goods received")
        verbose_name_plural = _("goods received")

    def __str__(self) -> str:
        return f"{self.item_id} +{self.quantity}"


class Distribution(models.Model):
    """Goods or funds given to an elder."""

    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="distributions", verbose_name=_("item")
    )
    elder = models.ForeignKey(
        "elders.Elder",
        on_delete=models.PROTECT,
        related_name="goods_received",
        verbose_name=_("elder"),
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[POSITIVE]
    )
    given_on = models.DateField(_("given out on"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("given out by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("goods given")
        verbose_name_plural = _("goods given")

    def __str__(self) -> str:
        return f"{self.item_id} -{self.quantity} → {self.elder_id}"
