"""Carrying out one analysis run: claim it, load the corpus, run the engine, store the result in one transaction.

Progress is written as small separate UPDATEs while the run works, so the page can poll it. The result rows and
the run's `done` status are written together, so a page never sees half a result; any error leaves none and
marks the run failed with a message staff can act on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from threadpoolctl import threadpool_limits

from sammen.participation.models import FocusArea as ProcessFocusArea
from sammen.participation.models import Input

from . import store
from .engine import (
    BackendUnavailable,
    DuplicateSettings,
    EmbeddingBackend,
    FocusArea,
    FocusAreaError,
    ThemeSettings,
    find_duplicates,
    find_themes,
    review_queue,
    suggest,
    train,
)
from .models import (
    AnalysisRun,
    DuplicateGroup,
    DuplicateMember,
    FocusAreaSuggestion,
    RunKind,
    RunStatus,
    Theme,
    ThemeMembership,
)

logger = logging.getLogger(__name__)

#: Progress (0–100) at the end of each step: features take most of the time when they must be computed.
FEATURES_DONE = 70
ANALYSIS_DONE = 90

#: What a failed run says, by code (stored in `AnalysisRun.error`); anything else is an unexpected error.
ERRORS: dict[str, Any] = {
    "no_inputs": _("The process has no published inputs to analyse."),
    "few_areas": _("Suggestions need at least two focus areas. Add them under the process's focus areas."),
    "backend": _("The language model chosen for the analysis cannot be loaded on this server."),
    "stale": _("The analysis did not finish within an hour and was stopped. Start it again."),
}


class RunError(Exception):
    """A run that cannot produce a result, with a code from ERRORS."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def error_message(code: str) -> Any:
    if code in ERRORS:
        return ERRORS[code]
    return _("The analysis stopped on an unexpected error (%(detail)s). Try again, or tell the administrators.") % {
        "detail": code.removeprefix("unexpected: ")
    }


def single_threaded() -> threadpool_limits:
    """Run the numerical libraries on one thread: the worker shares the cores with the web server and other
    workers, and OpenMP threads that wait for a busy core made a 0.2-second analysis take 5 seconds
    (decision 0204). The embedding model is not limited: it is the one step that gains from two cores."""
    return threadpool_limits(limits=1)


def set_progress(run_id: int, value: int) -> None:
    AnalysisRun.objects.filter(pk=run_id, progress__lt=value).update(progress=min(100, value))


def _reporter(run_id: int, start: int, end: int) -> Callable[[int, int], None]:
    last = [start]

    def report(done: int, total: int) -> None:
        value = start + (end - start) * done // max(total, 1)
        if value > last[0]:
            last[0] = value
            set_progress(run_id, value)

    return report


def execute(run_id: int) -> None:
    """Run a queued analysis to its end (done or failed). Does nothing if another worker already took it."""
    claimed = AnalysisRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, progress=1
    )
    if not claimed:
        return
    run = AnalysisRun.objects.select_related("process").get(pk=run_id)
    try:
        try:
            backend = store.backend_for(run.settings.get("backend"))
        except BackendUnavailable as error:
            raise RunError("backend") from error
        loaded = store.load_corpus(run.process, backend, progress=_reporter(run_id, 2, FEATURES_DONE))
        set_progress(run_id, FEATURES_DONE)
        if not loaded.inputs:
            raise RunError("no_inputs")
        with single_threaded():
            write = ANALYSES[run.kind](run, loaded, backend)
        set_progress(run_id, ANALYSIS_DONE)
        summary = {
            "inputs": len(loaded.inputs),
            "features_computed": loaded.computed,
            "backend": loaded.corpus.backend or "none",
        }
        with transaction.atomic():
            summary.update(write())
            AnalysisRun.objects.filter(pk=run_id).update(
                status=RunStatus.DONE, progress=100, finished_at=timezone.now(), result=summary, error=""
            )
    except RunError as error:
        _fail(run_id, error.code)
    except Exception as error:
        logger.exception("Analysis run %s failed", run_id)
        _fail(run_id, f"unexpected: {type(error).__name__}: {error}"[:500])


def _fail(run_id: int, code: str) -> None:
    AnalysisRun.objects.filter(pk=run_id).update(status=RunStatus.FAILED, finished_at=timezone.now(), error=code)


Writer = Callable[[], dict[str, Any]]


def _themes(run: AnalysisRun, loaded: store.Loaded, backend: EmbeddingBackend | None) -> Writer:
    settings = ThemeSettings(n_themes=run.settings.get("n_themes") or None, seed=int(run.settings.get("seed", 0)))
    result = find_themes(loaded.corpus, settings)

    def write() -> dict[str, Any]:
        save_themes(run, result.themes)
        return {"themes": len(result.themes)}

    return write


def save_themes(run: AnalysisRun, themes: Any) -> None:
    """Replace the run's theme rows with these engine themes (call inside a transaction)."""
    Theme.objects.filter(run=run).delete()
    rows = Theme.objects.bulk_create(
        [
            Theme(
                run=run,
                number=theme.id,
                label=theme.label[:60],
                keywords=list(theme.keywords),
                is_renamed=theme.is_renamed,
                is_accepted=theme.is_accepted,
            )
            for theme in themes
        ]
    )
    ThemeMembership.objects.bulk_create(
        [
            ThemeMembership(theme=row, input_id=int(member), rank=rank)
            for row, theme in zip(rows, themes, strict=True)
            for rank, member in enumerate(theme.member_ids)
        ],
        batch_size=1000,
    )


def _suggestions(run: AnalysisRun, loaded: store.Loaded, backend: EmbeddingBackend | None) -> Writer:
    areas = list(ProcessFocusArea.objects.filter(process=run.process).order_by("position", "id"))
    if len(areas) < 2:
        raise RunError("few_areas")
    labels: dict[str, str] = {}
    links = (
        Input.focus_areas.through.objects.filter(input_id__in=[item.pk for item in loaded.inputs])
        .order_by("focusarea__position", "focusarea_id")
        .values_list("input_id", "focusarea__key")
    )
    for input_id, key in links:
        labels.setdefault(str(input_id), key)
    try:
        model = train(
            loaded.corpus,
            [FocusArea(key=area.key, name=area.name, description=area.description) for area in areas],
            labels,
            backend=backend,
            seed=int(run.settings.get("seed", 0)),
        )
    except FocusAreaError as error:
        raise RunError("few_areas") from error
    unlabelled = [record_id for record_id in loaded.corpus.ids if record_id not in labels]
    queue = review_queue(suggest(model, loaded.corpus, ids=unlabelled)) if unlabelled else []
    area_ids = {area.key: area.pk for area in areas}

    def write() -> dict[str, Any]:
        FocusAreaSuggestion.objects.bulk_create(
            [
                FocusAreaSuggestion(
                    run=run,
                    input_id=int(item.id),
                    focus_area_id=area_ids[item.focus_area],
                    confidence=item.confidence,
                    margin=item.margin,
                )
                for item in queue
            ],
            batch_size=1000,
        )
        return {"labelled": len(labels), "suggestions": len(queue)}

    return write


def _duplicates(run: AnalysisRun, loaded: store.Loaded, backend: EmbeddingBackend | None) -> Writer:
    threshold = float(run.settings.get("threshold") or 0.0)
    groups = find_duplicates(loaded.corpus, DuplicateSettings(threshold=threshold))

    def write() -> dict[str, Any]:
        rows = DuplicateGroup.objects.bulk_create(
            [
                DuplicateGroup(
                    run=run, number=group.id, canonical_id=int(group.canonical_id), similarity=group.similarity
                )
                for group in groups
            ]
        )
        DuplicateMember.objects.bulk_create(
            [
                DuplicateMember(group=row, input_id=int(member), position=position)
                for row, group in zip(rows, groups, strict=True)
                for position, member in enumerate(group.member_ids)
            ],
            batch_size=1000,
        )
        return {"groups": len(groups), "grouped_inputs": sum(group.count for group in groups)}

    return write


ANALYSES: dict[str, Callable[[AnalysisRun, store.Loaded, EmbeddingBackend | None], Writer]] = {
    RunKind.THEMES: _themes,
    RunKind.SUGGESTIONS: _suggestions,
    RunKind.DUPLICATES: _duplicates,
}
