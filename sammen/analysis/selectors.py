"""Reads for the analysis pages: the latest runs of a process and their stored results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from sammen.participation.models import InputStatus, Process

from .models import (
    AnalysisRun,
    Decision,
    DuplicateGroup,
    DuplicateMember,
    FocusAreaSuggestion,
    RunStatus,
    Theme,
    ThemeMembership,
)

REPRESENTATIVES = 3


@dataclass
class RunState:
    """What a tab shows: the newest run (maybe still running or failed) and the newest finished one."""

    latest: AnalysisRun | None
    done: AnalysisRun | None

    @property
    def active(self) -> AnalysisRun | None:
        return self.latest if self.latest is not None and self.latest.is_active else None

    @property
    def failed(self) -> AnalysisRun | None:
        return self.latest if self.latest is not None and self.latest.status == RunStatus.FAILED else None


def run_state(*, process: Process, kind: str) -> RunState:
    runs = list(
        AnalysisRun.objects.filter(process=process, kind=kind)
        .select_related("started_by")
        .order_by("-started_at", "-id")[:1]
    )
    latest = runs[0] if runs else None
    done = latest
    if latest is None or latest.status != RunStatus.DONE:
        done = (
            AnalysisRun.objects.filter(process=process, kind=kind, status=RunStatus.DONE)
            .select_related("started_by")
            .order_by("-started_at", "-id")
            .first()
        )
    return RunState(latest=latest, done=done)


def run_get(*, process: Process, run_id: int) -> AnalysisRun | None:
    return AnalysisRun.objects.filter(process=process, pk=run_id).first()


@dataclass
class ThemeView:
    theme: Theme
    size: int
    representatives: list[Any] = field(default_factory=list)


def theme_list(*, run: AnalysisRun) -> list[ThemeView]:
    """The run's themes with their sizes and most representative inputs (three queries)."""
    themes = list(Theme.objects.filter(run=run).annotate(size=Count("memberships")).order_by("number"))
    representatives: dict[int, list[Any]] = {}
    for membership in (
        ThemeMembership.objects.filter(theme__run=run, rank__lt=REPRESENTATIVES)
        .select_related("input")
        .order_by("theme_id", "rank")
    ):
        representatives.setdefault(membership.theme_id, []).append(membership.input)
    return [
        ThemeView(theme=theme, size=theme.size, representatives=representatives.get(theme.pk, []))  # type: ignore[attr-defined]
        for theme in themes
    ]


def theme_get(*, process: Process, theme_id: int) -> Theme | None:
    return Theme.objects.filter(run__process=process, pk=theme_id).select_related("run__process__municipality").first()


def suggestion_queue(*, run: AnalysisRun) -> QuerySet[FocusAreaSuggestion]:
    """Open suggestions, most uncertain first: confirming those teaches the next run the most. Inputs sorted by
    hand since the run, merged or rejected drop out of the queue."""
    return (
        FocusAreaSuggestion.objects.filter(
            run=run,
            decision=Decision.OPEN,
            input__status=InputStatus.PUBLISHED,
            input__focus_areas__isnull=True,
        )
        .select_related("input", "focus_area")
        .order_by("margin", "confidence", "id")
    )


def suggestion_decided_count(*, run: AnalysisRun) -> int:
    return FocusAreaSuggestion.objects.filter(run=run).exclude(decision=Decision.OPEN).count()


def suggestion_get(*, process: Process, suggestion_id: int) -> FocusAreaSuggestion | None:
    return (
        FocusAreaSuggestion.objects.filter(run__process=process, pk=suggestion_id)
        .select_related("run__process__municipality", "focus_area")
        .first()
    )


def duplicate_group_list(*, run: AnalysisRun) -> QuerySet[DuplicateGroup]:
    members = DuplicateMember.objects.select_related("input").order_by("position")
    return (
        DuplicateGroup.objects.filter(run=run)
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("merged_at", "number")
    )


def duplicate_group_get(*, process: Process, group_id: int) -> DuplicateGroup | None:
    return (
        DuplicateGroup.objects.filter(run__process=process, pk=group_id)
        .select_related("run__process__municipality")
        .first()
    )
