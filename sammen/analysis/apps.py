from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "sammen.analysis"
    label = "analysis"
    verbose_name = _("Input analysis")

    def ready(self) -> None:
        from sammen.participation.hooks import on_inputs_changed

        from .tasks import enqueue_features

        on_inputs_changed(enqueue_features)
