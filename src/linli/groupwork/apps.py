from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupworkConfig(AppConfig):
    name = "linli.groupwork"
    label = "groupwork"
    verbose_name = _("Group work")
