"""The elder registry: one row per elder a station serves."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from linli.lib import crypto
from linli.lib.identifiers import age_on, mask_id_number
from linli.lib.language import in_language
from linli.stations.models import Membership

AGED_THRESHOLD = 80


class Category(models.Model):
    """The managed category vocabulary (DOMAIN.md §1). Some are derived, never typed."""

    class Rule(models.TextChoices):
        TYPED = "typed", _("recorded")
        AGE80 = "age80", _("derived from age")
        ALONE = "alone", _("derived from living alone")
        EMPTY_NEST = "empty_nest", _("derived from living without children")
        MIGRATORY = "migratory", _("derived from residency")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=20)
    name_en = models.CharField(_("English name"), max_length=60)
    rule = models.CharField(_("rule"), max_length=12, choices=Rule.choices, default=Rule.TYPED)
    sensitive = models.BooleanField(_("sensitive"), default=False)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return in_language(self.name_zh, self.name_en)


class ElderQuerySet(models.QuerySet):
    def visible_to(self, user) -> ElderQuerySet:
        """The one place that decides whose elders a user may see."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        from linli.stations.selectors import memberships_of

        staff_stations = [
            m.station_id
            for m in memberships_of(user)
            if m.role in (Membership.Role.HEAD, Membership.Role.WORKER)
        ]
        volunteer_stations = [
            m.station_id for m in memberships_of(user) if m.role == Membership.Role.VOLUNTEER
        ]
        if not staff_stations and not volunteer_stations:
            return self.none()
        paired = Elder.volunteers.through.objects.filter(user=user).values("elder_id")
        return self.filter(
            Q(station_id__in=staff_stations) | Q(station_id__in=volunteer_stations, pk__in=paired)
        )

    def active(self) -> ElderQuerySet:
        return self.filter(status=Elder.Status.ACTIVE)


# Kept at module level so the services can write one history row for a save and its
# category changes together (simple_history would otherwise write one for each).
ELDER_HISTORY = HistoricalRecords(
    excluded_fields=[
        "name_pinyin",
        "name_initials",
        "id_number_hash",
        "updated_at",
        "lunar_birth_month",
        "lunar_birth_day",
        "lunar_birth_leap",
        "risk_reasons",
        "risk_updated_at",
    ],
    m2m_fields=["categories"],
)


class Elder(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class Living(models.TextChoices):
        ALONE = "alone", _("lives alone")
        SPOUSE = "spouse", _("with spouse only")
        CHILDREN = "children", _("with children")
        RELATIVES = "relatives", _("with other relatives")
        CARER = "carer", _("with a paid carer")
        INSTITUTION = "institution", _("in an institution")

    class Risk(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")
        URGENT = "urgent", _("urgent")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        MOVED = "moved", _("moved out")
        DECEASED = "deceased", _("deceased")

    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.PROTECT,
        related_name="elders",
        verbose_name=_("station"),
    )
    area = models.ForeignKey(
        "stations.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="elders",
        verbose_name=_("service area"),
    )
    name = models.CharField(_("name"), max_length=40)
    name_pinyin = models.CharField(max_length=120, editable=False, default="")
    name_initials = models.CharField(max_length=40, editable=False, default="")
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_number_enc = models.TextField(editable=False, blank=True, default="")
    id_number_hash = models.CharField(
        max_length=64, editable=False, blank=True, default="", db_index=True
    )
    id_last4 = models.CharField(max_length=4, editable=False, blank=True, default="")
    phones = models.CharField(
        _("phones"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Normalised numbers separated by spaces."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    living_arrangement = models.CharField(
        _("living arrangement"), max_length=12, choices=Living.choices, blank=True
    )
    categories = models.ManyToManyField(
        Category, blank=True, related_name="elders", verbose_name=_("categories")
    )
    # Derived by the station's risk rules (assessments.risk) from assessments, the record and
    # recent contacts; risk_floor is the worker's own judgement, a level it never falls below.
    risk_level = models.CharField(
        _("risk level"), max_length=6, choices=Risk.choices, blank=True, editable=False
    )
    risk_reasons = models.JSONField(_("reasons for the risk level"), default=list, blank=True,
                                    editable=False)  # fmt: skip
    risk_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    risk_floor = models.CharField(
        _("risk at least"), max_length=6, choices=Risk.choices, blank=True,
        help_text=_("Your own judgement: the risk level never falls below this."),
    )  # fmt: skip
    lunar_birthday = models.BooleanField(
        _("keeps the lunar birthday"), default=False,
        help_text=_("Celebrates the birthday by the Chinese lunar calendar."),
    )  # fmt: skip
    # The birth date in the lunar calendar, kept with birth_date (rules.apply_data) so that
    # the month's lunar birthdays are found by a query.
    lunar_birth_month = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    lunar_birth_day = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    lunar_birth_leap = models.BooleanField(default=False, editable=False)
    migratory = models.BooleanField(_("migratory (候鸟)"), default=False)
    months_present = models.JSONField(_("months present"), default=list, blank=True)
    emergency_contacts = models.JSONField(_("emergency contacts"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    status_date = models.DateField(_("status date"), null=True, blank=True)
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
        verbose_name=_("assigned worker"),
    )
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="paired_elders",
        verbose_name=_("paired volunteers"),
    )
    notes = models.TextField(_("notes"), blank=True)
    extra = models.JSONField(_("other columns"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = ELDER_HISTORY
    objects = ElderQuerySet.as_manager()

    class Meta:
        verbose_name = _("elder")
        verbose_name_plural = _("elders")
        indexes = [
            models.Index(fields=["station", "status", "name_pinyin", "id"], name="elder_list"),
            models.Index(fields=["station", "name_initials"], name="elder_initials"),
            models.Index(fields=["station", "id_last4"], name="elder_id_last4"),
            models.Index(fields=["station", "birth_date"], name="elder_birth"),
        ]

    def __str__(self) -> str:
        return self.name

    # --- identity -------------------------------------------------------------------
    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_enc)

    def set_id_number(self, number: str) -> None:
        self.id_number_enc = crypto.encrypt(number)
        self.id_number_hash = crypto.blind_index(number)
        self.id_last4 = number[-4:] if number else ""

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number) if self.id_number_enc else ""

    # --- derived facts --------------------------------------------------------------
    def age_on(self, day: dt.date) -> int | None:
        return age_on(self.birth_date, day) if self.birth_date else None

    @property
    def lunar_birth_label(self) -> str:
        """农历八月十五 (or "lunar 8/15"); empty without a birth date."""
        if not self.lunar_birth_month:
            return ""
        from linli.lib.lunar import lunar_date_label

        return lunar_date_label(self.lunar_birth_month, self.lunar_birth_day, self.lunar_birth_leap)

    @property
    def phone_list(self) -> list[str]:
        return self.phones.split() if self.phones else []

    def category_codes(self, day: dt.date) -> list[str]:
        """Recorded categories plus the derived ones, in vocabulary order."""
        from .vocabulary import derived_codes

        typed = {c.code for c in self.categories.all()}
        return sorted(typed | derived_codes(self, day), key=_category_order)


def _category_order(code: str) -> int:
    from .vocabulary import CATEGORY_ORDER

    return CATEGORY_ORDER.get(code, 999)


class Consent(models.Model):
    """Who consented to what processing of an elder's data, and when (PIPL Arts. 13–15, 29)."""

    class Relation(models.TextChoices):
        SELF = "self", _("the elder")
        GUARDIAN = "guardian", _("guardian")
        FAMILY = "family", _("family member")

    class Purpose(models.TextChoices):
        SERVICES = "services", _("receiving services")
        CONTACT = "contact", _("regular contact")
        SENSITIVE = "sensitive", _("processing sensitive information")
        SHARING = "sharing", _("sharing with partners for referrals")
        PHOTOS = "photos", _("photos at activities")

    elder = models.ForeignKey(
        Elder, on_delete=models.CASCADE, related_name="consents", verbose_name=_("elder")
    )
    given_by = models.CharField(_("given by"), max_length=40)
    relation = models.CharField(
        _("relation"), max_length=10, choices=Relation.choices, default=Relation.SELF
    )
    given_on = models.DateField(_("given on"))
    purposes = models.JSONField(_("purposes"), default=list)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.elder} · {self.given_on}"
