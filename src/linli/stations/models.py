"""The tenant: regions, stations, service areas and who belongs where with which role."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

division_code = RegexValidator(
    r"^(\d{6}|\d{9}|\d{12})$", _("A division code has 6, 9 or 12 digits.")
)


class Region(models.Model):
    """A district, street or town with its division code (GB/T 2260 / statistical code)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        DISTRICT = "district", _("district or county")
        STREET = "street", _("street or town")

    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=80)
    code = models.CharField(
        _("division code"), max_length=12, unique=True, validators=[division_code]
    )
    code_year = models.PositiveSmallIntegerField(_("year of the code list"), default=2023)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Station(models.Model):
    """A township or street social work station (社工站)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="stations", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A service area: a residents' (居) or villagers' (村) committee the station serves."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("residents' community (居)")
        VILLAGE = "village", _("village (村)")

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="areas", verbose_name=_("station")
    )
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=60)
    code = models.CharField(
        _("division code"), max_length=12, blank=True, validators=[division_code]
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMUNITY)

    class Meta:
        ordering = ["station", "name"]
        constraints = [models.UniqueConstraint(fields=["station", "name"], name="area_unique_name")]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role at one station, or a viewer's reach over one region."""

    class Role(models.TextChoices):
        HEAD = "head", _("station head")
        WORKER = "worker", _("social worker")
        VOLUNTEER = "volunteer", _("volunteer")
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    station = models.ForeignKey(
        Station,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("station"),
    )
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("region"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "station"], name="membership_one_per_station"),
            models.CheckConstraint(
                condition=models.Q(role="viewer", region__isnull=False)
                | (~models.Q(role="viewer") & models.Q(station__isnull=False)),
                name="membership_target_matches_role",
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.station or self.region}"


class RulesVersion(models.Model):
    """One version of a station's rules (cadence, risk): every edit adds a version, the newest
    is in force, and the older ones stay to show what changed and who changed it."""

    version = models.PositiveIntegerField(_("version"))
    rules = models.JSONField(_("rules"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["station", "-version"]

    def __str__(self) -> str:
        return f"{self.station} v{self.version}"

    @classmethod
    def in_force(cls, station):
        """The newest version of the station's rules, or None (the defaults apply)."""
        return cls.objects.filter(station=station).order_by("-version").first()

    @classmethod
    def next_version(cls, station) -> int:
        latest = cls.in_force(station)
        return latest.version + 1 if latest else 1


STAFF_ROLES = (Membership.Role.HEAD, Membership.Role.WORKER)


def staff_station_ids(user) -> list[int]:
    """Stations where the user is head or worker (none for volunteers, viewers, anonymous)."""
    from .selectors import memberships_of

    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return [m.station_id for m in memberships_of(user) if m.role in STAFF_ROLES]


class StaffScopedQuerySet(models.QuerySet):
    """Rows of a station that only its staff see (assessments, cases, partners, alerts)."""

    def visible_to(self, user):
        return self.filter(station_id__in=staff_station_ids(user))
