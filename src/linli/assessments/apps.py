from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "linli.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from . import receivers  # noqa: F401  (keeps risk levels in step with the registry)
