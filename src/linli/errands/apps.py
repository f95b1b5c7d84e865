from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErrandsConfig(AppConfig):
    name = "linli.errands"
    label = "errands"
    verbose_name = _("Service requests")
