"""Keep plans in step with the registry."""

from django.dispatch import receiver
from django.utils import timezone

from linli.elders.models import Elder
from linli.elders.signals import elder_changed, elders_created

from .plans import plan_refresh, plans_refresh_elders


@receiver(elder_changed, sender=Elder)
def _elder_changed(sender, elder, **kwargs):
    plan_refresh(elder=elder, today=timezone.localdate())


@receiver(elders_created, sender=Elder)
def _elders_created(sender, elders, **kwargs):
    plans_refresh_elders(elders=elders, today=timezone.localdate())
