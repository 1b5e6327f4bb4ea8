from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LendingConfig(AppConfig):
    name = "sammen.lending"
    label = "lending"
    verbose_name = _("Equipment library")
