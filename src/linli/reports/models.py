"""Funded service projects (服务项目) and their indicators (指标).

An indicator is a target and a measure code from the catalogue in `measures.py` with its filters;
its value is never typed in, it is computed from the records.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.stations.models import STAFF_ROLES

USER = settings.AUTH_USER_MODEL


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProjectQuerySet:
        """Staff of any of the project's stations, and viewers of a region holding one."""
        from linli.stations.selectors import memberships_of, stations_in_regions

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        memberships = memberships_of(user)
        staff = [m.station_id for m in memberships if m.role in STAFF_ROLES]
        reach = Q(stations__in=staff)
        if any(m.region_id for m in memberships):
            reach |= Q(stations__in=stations_in_regions(user).values("pk"))
        return self.filter(pk__in=self.model.objects.filter(reach).values("pk"))


class Project(models.Model):
    """A government-purchased service project for one or more stations, with its period."""

    funder = models.CharField(_("funder"), max_length=200)
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget_yuan = models.DecimalField(
        _("budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    stations = models.ManyToManyField(
        "stations.Station", related_name="projects", verbose_name=_("stations")
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("service project")
        verbose_name_plural = _("service projects")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": [_("The project cannot end before it starts.")]})


class Indicator(models.Model):
    """A target for one measure of the catalogue, with the measure's filters."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    measure = models.CharField(_("measure"), max_length=40)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    label = models.CharField(_("label"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.label or str(self.measure_label)

    @property
    def measure_label(self):
        from .measures import CATALOGUE

        measure = CATALOGUE.get(self.measure)
        return measure.label if measure else self.measure


class Snapshot(models.Model):
    """A station's dashboard figures at the end of a day, kept so that a region's dashboard
    reads a row per station instead of counting a million elders' records on every view.

    `figures` is reports.summary's figures for the station on `on` (codes, no labels: they are
    added in the reader's language); `indicators` holds, for each indicator of the projects
    running at the station on `on`, the parts of its figure at the station
    (reports.project_figures). Written by `linli dashboards snapshot` (run nightly from cron)
    and, for a station without one, by the first view that needs it.
    """

    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("date"))
    figures = models.JSONField(default=dict)
    indicators = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["station", "on"], name="snapshot_one_per_day")
        ]
        indexes = [models.Index(fields=["on"], name="snapshot_on")]
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")

    def __str__(self) -> str:
        return f"{self.station_id} @ {self.on}"
