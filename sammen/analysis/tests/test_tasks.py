"""Features computed in background work when inputs are saved, and analysis runs: progress, results, failures."""

import datetime

import pytest

from sammen.participation import services as participation
from sammen.participation.models import Input

from .. import runner
from ..engine import PIPELINE_VERSION
from ..models import (
    AnalysisRun,
    DuplicateGroup,
    DuplicateMember,
    FocusAreaSuggestion,
    InputFeatures,
    RunKind,
    RunStatus,
    Theme,
    ThemeMembership,
)
from ..tasks import compute_input_features, run_analysis
from .factories import borgen_process, finished_run, store_features, texts_process

pytestmark = pytest.mark.django_db


def _run(process, kind, **settings):
    from django.utils import timezone

    return AnalysisRun.objects.create(
        municipality=process.municipality,
        process=process,
        kind=kind,
        settings={"seed": 0, **settings},
        started_at=timezone.now(),
    )


def test_features_are_computed_when_staff_register_inputs(world, django_capture_on_commit_callbacks):
    process = texts_process(world.municipality, [], neighbourhood=world.neighbourhood)
    with django_capture_on_commit_callbacks(execute=True):
        created = participation.input_bulk_create(
            actor=world.users["coordinator"],
            process=process,
            notes="Flere benker i parken\nBedre lys på stien til skolen",
            received_on=datetime.date(2025, 2, 1),
        )
    rows = {row.input_id: row for row in InputFeatures.objects.all()}
    assert sorted(rows) == sorted(item.pk for item in created)
    first = rows[created[0].pk]
    assert (first.version, first.backend) == (PIPELINE_VERSION, "")
    assert first.data["text"] == "Flere benker i parken"
    assert first.data["terms"] == ["benke", "park"]


def test_editing_the_text_recomputes_and_other_edits_do_not(world, django_capture_on_commit_callbacks):
    process = texts_process(world.municipality, ["Flere benker i parken"], neighbourhood=world.neighbourhood)
    item = Input.objects.get(process=process)
    store_features(process)
    before = InputFeatures.objects.get(input=item)
    coordinator = world.users["coordinator"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        participation.input_update(actor=coordinator, item=item, kind="need")
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True):
        participation.input_update(actor=coordinator, item=item, text="Flere gatelys ved skolen")
    after = InputFeatures.objects.get(input=item)
    assert after.data["text"] == "Flere gatelys ved skolen"
    assert after.source_hash != before.source_hash


def test_the_feature_task_skips_current_features(world):
    process = texts_process(world.municipality, ["Flere benker", "Mer lys"], neighbourhood=world.neighbourhood)
    ids = list(Input.objects.filter(process=process).values_list("pk", flat=True))
    assert compute_input_features.enqueue(ids).return_value == 2
    assert compute_input_features.enqueue(ids).return_value == 0
    assert InputFeatures.objects.count() == 2


def test_a_themes_run_reuses_stored_features_and_stores_its_themes(world):
    process = borgen_process(world.municipality, count=40)
    assert store_features(process) == 40
    run = _run(process, RunKind.THEMES, n_themes=4)
    run_analysis.enqueue(run.pk)
    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == (RunStatus.DONE, 100, "")
    assert run.result == {"inputs": 40, "features_computed": 0, "backend": "none", "themes": 4}
    assert run.finished_at is not None
    themes = list(Theme.objects.filter(run=run))
    assert [theme.number for theme in themes] == [1, 2, 3, 4]
    assert all(theme.keywords and theme.label for theme in themes)
    members = ThemeMembership.objects.filter(theme__run=run)
    assert sorted(members.values_list("input_id", flat=True)) == sorted(
        Input.objects.filter(process=process).values_list("pk", flat=True)
    )


def test_a_run_computes_missing_features_and_reports_progress(world, monkeypatch):
    process = borgen_process(world.municipality, count=12)
    seen = []
    original = runner.set_progress

    def record(run_id, value):
        seen.append(value)
        original(run_id, value)

    monkeypatch.setattr(runner, "set_progress", record)
    run = _run(process, RunKind.DUPLICATES)
    runner.execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.result["features_computed"] == 12
    assert InputFeatures.objects.filter(input__process=process).count() == 12
    assert seen == sorted(seen)
    assert seen[-2:] == [runner.FEATURES_DONE, runner.ANALYSIS_DONE]


def test_a_failure_while_storing_leaves_no_half_result(world, monkeypatch):
    process = borgen_process(world.municipality, count=20)
    run = _run(process, RunKind.THEMES, n_themes=3)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ThemeMembership.objects, "bulk_create", broken)
    runner.execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "unexpected: RuntimeError: disk full"
    assert "disk full" in str(runner.error_message(run.error))
    assert run.result == {}
    assert not Theme.objects.filter(run=run).exists()


def test_a_run_without_inputs_fails_with_a_clear_message(world):
    process = texts_process(world.municipality, [], neighbourhood=world.neighbourhood)
    run = _run(process, RunKind.THEMES)
    runner.execute(run.pk)
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "no_inputs")
    assert str(runner.error_message(run.error)) == "The process has no published inputs to analyse."


def test_suggestions_fail_clearly_when_the_areas_were_removed_meanwhile(world):
    process = borgen_process(world.municipality, count=6)
    process.focus_areas.all().delete()
    run = _run(process, RunKind.SUGGESTIONS)
    runner.execute(run.pk)
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "few_areas")


def test_a_run_another_worker_took_is_left_alone(world):
    process = borgen_process(world.municipality, count=4)
    run = _run(process, RunKind.THEMES)
    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)
    runner.execute(run.pk)
    run.refresh_from_db()
    assert (run.status, run.progress) == (RunStatus.RUNNING, 40)
    assert not Theme.objects.exists()


def test_suggestions_cover_the_unlabelled_inputs_most_uncertain_first(world):
    process = borgen_process(world.municipality, count=40, labelled=16)
    run = finished_run(process, RunKind.SUGGESTIONS)
    suggestions = list(FocusAreaSuggestion.objects.filter(run=run))
    assert run.result["labelled"] == 16
    assert run.result["suggestions"] == len(suggestions) == 24
    labelled = set(Input.objects.filter(process=process, focus_areas__isnull=False).values_list("pk", flat=True))
    assert not labelled & {item.input_id for item in suggestions}
    margins = [item.margin for item in suggestions]
    assert margins == sorted(margins)
    assert all(0 < item.confidence <= 1 for item in suggestions)


def test_identical_inputs_give_one_theme_and_one_duplicate_group(world):
    process = texts_process(world.municipality, ["Flere benker i parken"] * 5, neighbourhood=world.neighbourhood)
    themes = finished_run(process, RunKind.THEMES)
    assert Theme.objects.filter(run=themes).count() == 1
    duplicates = finished_run(process, RunKind.DUPLICATES)
    (group,) = DuplicateGroup.objects.filter(run=duplicates)
    assert DuplicateMember.objects.filter(group=group).count() == 5
    assert group.canonical_id == DuplicateMember.objects.get(group=group, position=0).input_id


def test_one_input_gives_one_theme_and_no_duplicates(world):
    process = texts_process(world.municipality, ["Flere benker i parken"], neighbourhood=world.neighbourhood)
    assert Theme.objects.filter(run=finished_run(process, RunKind.THEMES)).count() == 1
    assert finished_run(process, RunKind.DUPLICATES).result["groups"] == 0


def test_a_run_the_queue_refuses_fails_at_once(world, monkeypatch, django_capture_on_commit_callbacks):
    from .. import services

    process = borgen_process(world.municipality, count=4, neighbourhood=world.neighbourhood)

    def refuse(*args, **kwargs):
        raise ConnectionError("queue down")

    from types import SimpleNamespace

    from .. import tasks

    monkeypatch.setattr(tasks, "run_analysis", SimpleNamespace(enqueue=refuse))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=world.users["coordinator"], process=process, kind=RunKind.THEMES)
    run.refresh_from_db()
    assert (run.status, run.error) == (RunStatus.FAILED, "unexpected: ConnectionError: queue down")


def test_inputs_sorted_by_hand_leave_the_review_queue(world):
    from ..selectors import suggestion_queue

    process = borgen_process(world.municipality, count=20, labelled=8, neighbourhood=world.neighbourhood)
    run = finished_run(process, RunKind.SUGGESTIONS)
    first = suggestion_queue(run=run).first()
    first.input.focus_areas.add(process.focus_areas.first())
    assert suggestion_queue(run=run).count() == 11
    assert first not in suggestion_queue(run=run)
