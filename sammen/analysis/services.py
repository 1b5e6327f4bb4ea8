"""Staff writes: start an analysis run; rename, merge, split and accept themes; confirm or correct focus-area
suggestions; merge near-duplicate groups.

Every function authorises first (PermissionDenied), validates (ValidationError), writes inside one transaction
with an audit entry. Nothing the engine suggests reaches an input until a staff member decides it here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record
from sammen.participation.models import FocusArea as ProcessFocusArea
from sammen.participation.models import Input, InputStatus, Process
from sammen.participation.services import input_merge, tags_for_names
from sammen.participation.statistics import statistics_changed

from . import runner, store
from .engine import Corpus, ThemeError, ThemeResult, ThemeSettings, merge_themes, split_theme
from .engine import Theme as EngineTheme
from .models import (
    ACTIVE_STATUSES,
    AnalysisRun,
    Decision,
    DuplicateGroup,
    FocusAreaSuggestion,
    RunKind,
    RunStatus,
    Theme,
    ThemeMembership,
)
from .tasks import enqueue_run

#: A run queued or running for longer than this is taken to be lost (a worker stopped) and may be replaced.
STALE_AFTER = datetime.timedelta(hours=1)
MAX_THEMES = 30
LABEL_MAX = 60


def authorise(actor: User, process: Process) -> None:
    if not actor.has_perm("analysis.analyse_process", process):
        raise PermissionDenied


def _clean_settings(kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The settings a run keeps (shown with its result); bad values get a message naming the field."""
    if kind not in RunKind.values:
        raise ValidationError({"kind": _("Choose what to analyse.")})
    cleaned: dict[str, Any] = {"seed": 0}
    if kind == RunKind.THEMES:
        n_themes = raw.get("n_themes")
        if n_themes not in (None, ""):
            try:
                value = int(n_themes)
            except (TypeError, ValueError):
                value = 0
            if not 2 <= value <= MAX_THEMES:
                raise ValidationError(
                    {"n_themes": _("The number of themes must be between 2 and %(max)d.") % {"max": MAX_THEMES}}
                )
            cleaned["n_themes"] = value
    if kind == RunKind.DUPLICATES:
        threshold = raw.get("threshold")
        if threshold not in (None, ""):
            try:
                number = float(threshold)
            except (TypeError, ValueError):
                number = -1.0
            if not 0.3 <= number <= 1.3:
                raise ValidationError({"threshold": _("The similarity threshold must be between 0.3 and 1.3.")})
            cleaned["threshold"] = round(number, 3)
    return cleaned


def run_start(*, actor: User, process: Process, kind: str, settings: dict[str, Any] | None = None) -> AnalysisRun:
    """Queue an analysis of the process's published inputs; the worker carries it out (see runner.execute)."""
    authorise(actor, process)
    cleaned = _clean_settings(kind, settings or {})
    if not store.analysable_inputs(process).exists():
        raise ValidationError(_("The process has no published inputs to analyse yet."))
    if kind == RunKind.SUGGESTIONS and process.focus_areas.count() < 2:
        raise ValidationError(_("Suggestions need at least two focus areas. Add them under the process's focus areas."))
    now = timezone.now()
    try:
        with transaction.atomic():
            # A run a stopped worker left behind would block the process forever: after an hour it gives way.
            for lost in AnalysisRun.objects.select_for_update().filter(
                process=process, kind=kind, status__in=ACTIVE_STATUSES, started_at__lt=now - STALE_AFTER
            ):
                AnalysisRun.objects.filter(pk=lost.pk).update(status=RunStatus.FAILED, finished_at=now, error="stale")
            run = AnalysisRun.objects.create(
                municipality_id=process.municipality_id,
                process=process,
                kind=kind,
                settings=cleaned,
                started_by=actor,
                started_at=now,
            )
            audit_record(
                actor=actor,
                municipality=process.municipality,
                action="analysis.run.start",
                obj=run,
                after={"kind": kind, "settings": cleaned, "process": process.pk},
            )
            transaction.on_commit(lambda: enqueue_run(run.pk))
    except IntegrityError:
        raise ValidationError(
            _("This analysis is already running for the process. Wait for it to finish; the page shows its progress.")
        ) from None
    return run


# --- Themes ----------------------------------------------------------------------------------------------------


def _locked_run(theme_run_id: int) -> AnalysisRun:
    return AnalysisRun.objects.select_for_update().select_related("process__municipality").get(pk=theme_run_id)


def _theme_result(run: AnalysisRun) -> ThemeResult:
    """The run's stored themes as the engine's result (members in rank order)."""
    members: dict[int, list[str]] = {}
    for theme_id, input_id in (
        ThemeMembership.objects.filter(theme__run=run).order_by("theme_id", "rank").values_list("theme_id", "input_id")
    ):
        members.setdefault(theme_id, []).append(str(input_id))
    themes = tuple(
        EngineTheme(
            id=row.number,
            label=row.label,
            keywords=tuple(row.keywords),
            member_ids=tuple(members.get(row.pk, ())),
            representative_ids=tuple(members.get(row.pk, ())[:3]),
            is_accepted=row.is_accepted,
            is_renamed=row.is_renamed,
        )
        for row in Theme.objects.filter(run=run).order_by("number")
    )
    settings = ThemeSettings(n_themes=run.settings.get("n_themes"), seed=int(run.settings.get("seed", 0)))
    return ThemeResult(themes=themes, settings=settings, backend=str(run.result.get("backend", "")))


def _corpus(run: AnalysisRun, result: ThemeResult) -> Corpus:
    """The corpus of the run's inputs from their stored features (the backend the run used)."""
    ids = sorted({int(member) for theme in result.themes for member in theme.member_ids})
    inputs = list(Input.objects.filter(pk__in=ids).order_by("pk").only("pk", "text", "language", "channel"))
    backend_name = str(run.result.get("backend", "none"))
    backend = None if backend_name == "none" else store.backend_for(run.settings.get("backend"))
    features, _computed = store.ensure_stored(inputs, backend)
    return Corpus([store.record_for(item) for item in inputs], features)


def _audit_theme(actor: User, run: AnalysisRun, action: str, after: dict[str, Any]) -> None:
    audit_record(actor=actor, municipality=run.process.municipality, action=action, obj=run, after=after)


def theme_rename(*, actor: User, theme: Theme, label: str) -> Theme:
    authorise(actor, theme.run.process)
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError({"label": _("Give the theme a name.")})
    if len(label) > LABEL_MAX:
        raise ValidationError({"label": _("A theme's name can be at most %(max)d characters.") % {"max": LABEL_MAX}})
    with transaction.atomic():
        run = _locked_run(theme.run_id)
        row = Theme.objects.get(pk=theme.pk)
        if row.is_accepted:
            raise ValidationError(_("This theme is accepted and its tag is on the inputs; rename the tag instead."))
        before = row.label
        Theme.objects.filter(pk=row.pk).update(label=label, is_renamed=True)
        _audit_theme(actor, run, "analysis.theme.rename", {"theme": row.number, "before": before, "label": label})
    row.label, row.is_renamed = label, True
    return row


def theme_merge(*, actor: User, run: AnalysisRun, theme_ids: Sequence[int], label: str = "") -> None:
    """Merge themes of one run (by their database ids) into one."""
    authorise(actor, run.process)
    chosen = set(theme_ids)
    if len(chosen) < 2:
        raise ValidationError({"themes": _("Choose at least two themes to merge.")})
    with transaction.atomic():
        run = _locked_run(run.pk)
        rows = list(Theme.objects.filter(run=run, pk__in=chosen))
        if len(rows) != len(chosen):
            raise ValidationError({"themes": _("A theme to merge is no longer there; reload the page.")})
        if any(row.is_accepted for row in rows):
            raise ValidationError({"themes": _("Accepted themes cannot be merged.")})
        result = _theme_result(run)
        try:
            with runner.single_threaded():
                updated = merge_themes(
                    result, _corpus(run, result), [row.number for row in rows], label=label[:LABEL_MAX]
                )
        except ThemeError as error:
            raise ValidationError({"themes": str(error)}) from error
        runner.save_themes(run, updated.themes)
        _audit_theme(actor, run, "analysis.theme.merge", {"themes": sorted(row.number for row in rows), "label": label})


def theme_split(*, actor: User, theme: Theme, parts: int = 2) -> None:
    authorise(actor, theme.run.process)
    if not 2 <= parts <= 5:
        raise ValidationError({"parts": _("Split into 2 to 5 themes.")})
    with transaction.atomic():
        run = _locked_run(theme.run_id)
        row = Theme.objects.filter(pk=theme.pk).first()
        if row is None:
            raise ValidationError(_("The theme is no longer there; reload the page."))
        if row.is_accepted:
            raise ValidationError(_("Accepted themes cannot be split."))
        result = _theme_result(run)
        try:
            with runner.single_threaded():
                updated = split_theme(result, _corpus(run, result), row.number, parts=parts)
        except ThemeError:
            raise ValidationError(
                _("This theme cannot be split into %(parts)d: its inputs are too few or too alike.") % {"parts": parts}
            ) from None
        runner.save_themes(run, updated.themes)
        _audit_theme(actor, run, "analysis.theme.split", {"theme": row.number, "parts": parts})


def theme_accept(*, actor: User, theme: Theme) -> int:
    """Accept a theme: its label becomes a tag on each of its inputs. Returns the number of inputs tagged."""
    process = theme.run.process
    authorise(actor, process)
    with transaction.atomic():
        run = _locked_run(theme.run_id)
        row = Theme.objects.filter(pk=theme.pk).first()
        if row is None:
            raise ValidationError(_("The theme is no longer there; reload the page."))
        if row.is_accepted:
            raise ValidationError(_("This theme is already accepted."))
        (tag,) = tags_for_names(process=process, names=[row.label])
        input_ids = list(
            ThemeMembership.objects.filter(theme=row, input__status=InputStatus.PUBLISHED).values_list(
                "input_id", flat=True
            )
        )
        through = Input.tags.through
        already = set(through.objects.filter(tag=tag, input_id__in=input_ids).values_list("input_id", flat=True))
        through.objects.bulk_create(
            [through(input_id=pk, tag_id=tag.pk) for pk in input_ids if pk not in already], batch_size=1000
        )
        Theme.objects.filter(pk=row.pk).update(is_accepted=True)
        statistics_changed(process.pk)
        _audit_theme(
            actor,
            run,
            "analysis.theme.accept",
            {"theme": row.number, "tag": tag.name, "inputs": len(input_ids)},
        )
    return len(input_ids)


# --- Focus-area suggestions ------------------------------------------------------------------------------------


def suggestion_decide(
    *, actor: User, suggestion: FocusAreaSuggestion, focus_area: ProcessFocusArea | None = None
) -> FocusAreaSuggestion:
    """Confirm the suggested focus area (focus_area None or the same) or correct it to another one.

    The decision puts the area on the input; the next suggestions run trains on it.
    """
    process = suggestion.run.process
    authorise(actor, process)
    if focus_area is not None and focus_area.process_id != process.pk:
        raise ValidationError({"focus_area": _("The focus area belongs to another process.")})
    with transaction.atomic():
        locked = (
            FocusAreaSuggestion.objects.select_for_update().select_related("focus_area", "input").get(pk=suggestion.pk)
        )
        if locked.decision != Decision.OPEN:
            raise ValidationError(_("This suggestion has already been decided."))
        chosen = focus_area or locked.focus_area
        decision = Decision.CONFIRMED if chosen.pk == locked.focus_area_id else Decision.CORRECTED
        before = sorted(locked.input.focus_areas.values_list("key", flat=True))
        locked.input.focus_areas.add(chosen)
        locked.decision, locked.decided_focus_area = decision, chosen
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.save(update_fields=["decision", "decided_focus_area", "decided_by", "decided_at"])
        statistics_changed(process.pk)
        audit_record(
            actor=actor,
            municipality=process.municipality,
            action=f"analysis.suggestion.{decision}",
            obj=locked.input,
            before={"focus_areas": before},
            after={
                "focus_areas": sorted({*before, chosen.key}),
                "suggested": locked.focus_area.key,
                "confidence": locked.confidence,
            },
        )
    return locked


# --- Near-duplicates -------------------------------------------------------------------------------------------


def duplicate_group_merge(*, actor: User, group: DuplicateGroup, member_ids: Sequence[int] | None = None) -> Input:
    """Merge the group's inputs (or the chosen ones) into its canonical input, which then carries their count."""
    process = group.run.process
    authorise(actor, process)
    with transaction.atomic():
        locked = DuplicateGroup.objects.select_for_update().get(pk=group.pk)
        if locked.merged_at is not None:
            raise ValidationError(_("This group has already been merged."))
        members = list(locked.members.exclude(input_id=locked.canonical_id).values_list("input_id", flat=True))
        if member_ids is not None:
            wanted = {int(pk) for pk in member_ids}
            if not wanted <= set(members):
                raise ValidationError(_("Only inputs of this group can be merged into it."))
            members = [pk for pk in members if pk in wanted]
        duplicates = list(Input.objects.filter(pk__in=members).exclude(status=InputStatus.MERGED))
        if not duplicates:
            raise ValidationError(_("Choose at least one input to merge."))
        target = Input.objects.select_related("process__municipality").get(pk=locked.canonical_id)
        merged = input_merge(actor=actor, target=target, duplicates=duplicates)
        DuplicateGroup.objects.filter(pk=locked.pk).update(merged_at=timezone.now(), merged_by=actor)
    return merged
