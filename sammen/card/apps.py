from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardConfig(AppConfig):
    name = "sammen.card"
    label = "card"
    verbose_name = _("Activity card")
