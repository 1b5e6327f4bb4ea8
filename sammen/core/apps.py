from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "sammen.core"
    label = "core"
    verbose_name = "sammen"

    def ready(self) -> None:
        # Each app declares its privacy handlers, landing-page sections and staff links in these modules.
        autodiscover_modules("privacy")
        autodiscover_modules("sections")
