from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "linli.followups"
    label = "followups"
    verbose_name = _("Follow-ups")

    def ready(self):
        from . import receivers  # noqa: F401  (connects to the registry's signals)
