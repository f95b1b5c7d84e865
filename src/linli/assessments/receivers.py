"""Keep risk levels in step with the registry and with contacts that report a change."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from linli.elders.models import Elder
from linli.elders.signals import elder_changed, elders_created
from linli.followups.models import Contact

from .risking import _signs, risk_refresh, risk_refresh_elders


@receiver(elder_changed, sender=Elder)
def _elder_changed(sender, elder, **kwargs):
    # The follow-up plans are refreshed by their own receiver, which runs after this one.
    risk_refresh(elder=elder, today=timezone.localdate(), replan=False)


@receiver(elders_created, sender=Elder)
def _elders_created(sender, elders, **kwargs):
    by_station: dict[int, list[Elder]] = {}
    for elder in elders:
        by_station.setdefault(elder.station_id, []).append(elder)
    for group in by_station.values():
        risk_refresh_elders(elders=group, today=timezone.localdate(), replan=False)


@receiver(post_save, sender=Contact)
def _contact_saved(sender, instance, created, **kwargs):
    row = {
        "outcome": instance.outcome,
        "health_change": instance.health_change,
        "safety_concern": instance.safety_concern,
        "mood": instance.mood,
    }
    if created and _signs(row):
        risk_refresh(elder=instance.elder, today=timezone.localdate())
