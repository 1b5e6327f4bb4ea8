"""Demo analysis: the Borgen process gets its features and one finished run of each kind, so the pages show
something. The comments from the Facebook debate are left unsorted (their focus areas removed), as they would
be before anyone read them, so the review queue has suggestions to confirm. Uses the fallback backend (words
and characters) so that `demo_setup` stays quick; a run started from the page with the bundled model
recomputes the features it needs."""

from __future__ import annotations

from django.utils import timezone

from sammen.core.demo import DemoContext
from sammen.participation.models import Channel, Input
from sammen.participation.statistics import statistics_changed

from . import runner, store
from .models import AnalysisRun, RunKind, RunStatus

DEMO_SETTINGS = {
    RunKind.THEMES: {"seed": 0, "backend": "none", "n_themes": 8},
    RunKind.SUGGESTIONS: {"seed": 0, "backend": "none"},
    RunKind.DUPLICATES: {"seed": 0, "backend": "none"},
}


def load(ctx: DemoContext) -> None:
    process = ctx.objects.get("process:borgen")
    if process is None:
        return
    inputs = list(store.analysable_inputs(process).only("pk", "text", "language", "channel"))
    store.ensure_stored(inputs, None)
    coordinator = ctx.users.get("coordinator_borgen")
    for kind, settings in DEMO_SETTINGS.items():
        if AnalysisRun.objects.filter(process=process, kind=kind, status=RunStatus.DONE).exists():
            continue
        if kind == RunKind.SUGGESTIONS:
            unsorted = Input.objects.filter(process=process, channel=Channel.SOCIAL_MEDIA)
            Input.focus_areas.through.objects.filter(input__in=unsorted).delete()
            statistics_changed(process.pk)
        run = AnalysisRun.objects.create(
            municipality=process.municipality,
            process=process,
            kind=kind,
            settings=settings,
            started_by=coordinator,
            started_at=timezone.now(),
        )
        runner.execute(run.pk)
