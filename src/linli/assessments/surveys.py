"""Reads of survey campaigns: the target population, coverage, who is surveyed and who is not.

A campaign's targets are the active elders of its station in any of its areas, in any of its
categories and in any of its age bands (an empty choice does not narrow); ages and the derived
categories (aged 80+) are taken on the campaign's start date, so the population does not
shift while the survey runs. An elder is surveyed once a complete assessment of the campaign
exists for them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from linli.elders.models import Elder
from linli.elders.selectors import birth_bounds
from linli.elders.vocabulary import category_q

from .models import Assessment, Campaign

# (code, lowest age, highest age or None); the codes are what Campaign.age_bands stores.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("60-69", 60, 69),
    ("70-79", 70, 79),
    ("80-89", 80, 89),
    ("90+", 90, None),
)
UNDER_60 = "under60"


def age_band_label(code: str) -> str:
    """60–69, 70–79, 80–89, 90+ (and "under 60" for the rare younger elder)."""
    if code == UNDER_60:
        return _("under 60")
    return code.replace("-", "–")


def age_band_of(age: int | None) -> str:
    """The band code of an age in whole years; "" when the age is not known."""
    if age is None:
        return ""
    for code, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return code
    return UNDER_60


def target_q(*, area_ids: list[int], categories: list[str], age_bands: list[str],
             day: dt.date) -> Q:  # fmt: skip
    """Elders in any of the areas, any of the categories and any of the age bands on `day`."""
    found = Q()
    if area_ids:
        found &= Q(area_id__in=area_ids)
    if categories:
        any_category = Q(pk__in=[])
        for code in categories:
            any_category |= category_q(code, day)
        found &= any_category
    bands = [b for b in AGE_BANDS if b[0] in age_bands]
    if bands:
        any_band = Q(pk__in=[])
        for _code, low, high in bands:
            earliest, latest = birth_bounds(day, low, high)
            band = Q(birth_date__lte=latest)
            if earliest:
                band &= Q(birth_date__gte=earliest)
            any_band |= band
        found &= any_band
    return found


def campaigns_of(*, actor, station) -> QuerySet[Campaign]:
    """The station's campaigns, open ones first, with the number of elders surveyed."""
    done = Q(assessments__status=Assessment.Status.COMPLETE)
    return (
        Campaign.objects.visible_to(actor)
        .filter(station=station)
        .annotate(surveyed=Count("assessments__elder", filter=done, distinct=True))
        .order_by("-status", "-starts_on", "-id")  # "open" sorts after "closed"
    )


def campaign_get(*, actor, station, pk: int) -> Campaign:
    """One campaign of the actor's current station (Campaign.DoesNotExist otherwise)."""
    return (
        Campaign.objects.visible_to(actor)
        .select_related("station", "created_by")
        .prefetch_related("areas")
        .get(station=station, pk=pk)
    )


def campaign_targets(*, actor, campaign: Campaign) -> QuerySet[Elder]:
    """The campaign's target population as the actor may see it."""
    area_ids = [area.pk for area in campaign.areas.all()]
    return (
        Elder.objects.visible_to(actor)
        .active()
        .filter(station_id=campaign.station_id)
        .filter(target_q(area_ids=area_ids, categories=campaign.categories,
                         age_bands=campaign.age_bands, day=campaign.starts_on))
    )  # fmt: skip


def surveyed_elder_ids(campaign: Campaign) -> QuerySet:
    """Ids of the elders with a complete assessment of the campaign (for use as a subquery)."""
    return Assessment.objects.filter(campaign=campaign, status=Assessment.Status.COMPLETE).values(
        "elder_id"
    )


@dataclass
class CoverageRow:
    area_id: int | None
    label: str
    targets: int
    surveyed: int

    @property
    def waiting(self) -> int:
        return self.targets - self.surveyed

    @property
    def rate(self) -> int | None:
        return round(100 * self.surveyed / self.targets) if self.targets else None


@dataclass
class Coverage:
    total: CoverageRow
    areas: list[CoverageRow]
    outside: int  # elders surveyed in the campaign who are not (or no longer) in the target


def campaign_coverage(*, actor, campaign: Campaign) -> Coverage:
    """Targets and surveyed targets, overall and per area, counted in the database."""
    targets = campaign_targets(actor=actor, campaign=campaign)
    done = Q(pk__in=surveyed_elder_ids(campaign))
    rows = (
        targets.order_by()
        .values("area_id", "area__name")
        .annotate(targets=Count("pk"), surveyed=Count("pk", filter=done))
    )
    areas = [
        CoverageRow(r["area_id"], r["area__name"] or _("No area"), r["targets"], r["surveyed"])
        for r in rows
    ]
    areas.sort(key=lambda r: (r.area_id is None, r.label))
    total = CoverageRow(None, _("All areas"), sum(r.targets for r in areas),
                        sum(r.surveyed for r in areas))  # fmt: skip
    outside = (
        surveyed_elder_ids(campaign)
        .exclude(elder_id__in=targets.values("pk"))
        .order_by()
        .distinct()
        .count()
    )
    return Coverage(total=total, areas=areas, outside=outside)


def not_surveyed(*, actor, campaign: Campaign) -> QuerySet[Elder]:
    """Targets without a complete assessment; `has_draft` marks those with one begun."""
    drafts = Assessment.objects.filter(
        campaign=campaign, elder_id=OuterRef("pk"), status=Assessment.Status.DRAFT
    )
    return (
        campaign_targets(actor=actor, campaign=campaign)
        .exclude(pk__in=surveyed_elder_ids(campaign))
        .select_related("area")
        .annotate(has_draft=Exists(drafts))
    )


def surveyed(*, actor, campaign: Campaign) -> QuerySet[Assessment]:
    """The campaign's complete assessments, with their elder, area and assessor."""
    return (
        Assessment.objects.visible_to(actor)
        .filter(campaign=campaign, status=Assessment.Status.COMPLETE)
        .select_related("elder", "elder__area", "assessor")
    )
