"""Staff actions on analysis runs and their results: start, themes, suggestions, duplicate groups."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sammen.core.models import AuditEntry
from sammen.participation.models import Input, InputStatus, Tag

from .. import services
from ..models import (
    AnalysisRun,
    Decision,
    DuplicateGroup,
    DuplicateMember,
    FocusAreaSuggestion,
    RunKind,
    RunStatus,
    Theme,
    ThemeMembership,
)
from .factories import borgen_process, finished_run, store_features, texts_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(world):
    return borgen_process(world.municipality, count=40, labelled=12, neighbourhood=world.neighbourhood)


def _theme_numbers(run):
    return list(Theme.objects.filter(run=run).values_list("number", flat=True))


# --- Starting runs ---------------------------------------------------------------------------------------------


def test_a_coordinator_starts_a_run_that_the_worker_finishes(world, process, django_capture_on_commit_callbacks):
    store_features(process)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(
            actor=world.users["coordinator"], process=process, kind=RunKind.THEMES, settings={"n_themes": "5"}
        )
    run.refresh_from_db()
    assert (run.status, run.settings, run.started_by) == (
        RunStatus.DONE,
        {"seed": 0, "n_themes": 5},
        world.users["coordinator"],
    )
    assert Theme.objects.filter(run=run).count() == 5
    assert AuditEntry.objects.filter(action="analysis.run.start").count() == 1


def test_a_second_run_of_the_same_kind_is_refused_while_one_is_active(world, process):
    coordinator = world.users["coordinator"]
    services.run_start(actor=coordinator, process=process, kind=RunKind.DUPLICATES)  # queued: not executed here
    with pytest.raises(ValidationError) as error:
        services.run_start(actor=coordinator, process=process, kind=RunKind.DUPLICATES)
    assert "already running" in error.value.messages[0]
    assert AnalysisRun.objects.count() == 1
    # Another kind may run at the same time.
    services.run_start(actor=coordinator, process=process, kind=RunKind.THEMES)
    assert AnalysisRun.objects.count() == 2


def test_a_run_lost_for_an_hour_gives_way(world, process):
    coordinator = world.users["coordinator"]
    lost = services.run_start(actor=coordinator, process=process, kind=RunKind.THEMES)
    AnalysisRun.objects.filter(pk=lost.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    services.run_start(actor=coordinator, process=process, kind=RunKind.THEMES)
    lost.refresh_from_db()
    assert (lost.status, lost.error) == (RunStatus.FAILED, "stale")


@pytest.mark.parametrize(
    ("kind", "settings", "field"),
    [
        ("everything", {}, "kind"),
        (RunKind.THEMES, {"n_themes": "1"}, "n_themes"),
        (RunKind.THEMES, {"n_themes": "many"}, "n_themes"),
        (RunKind.DUPLICATES, {"threshold": "2"}, "threshold"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_written(world, process, kind, settings, field):
    with pytest.raises(ValidationError) as error:
        services.run_start(actor=world.users["coordinator"], process=process, kind=kind, settings=settings)
    assert field in error.value.message_dict
    assert not AnalysisRun.objects.exists()


def test_an_empty_process_cannot_be_analysed(world):
    empty = texts_process(world.municipality, [], neighbourhood=world.neighbourhood)
    with pytest.raises(ValidationError) as error:
        services.run_start(actor=world.users["coordinator"], process=empty, kind=RunKind.THEMES)
    assert error.value.messages == ["The process has no published inputs to analyse yet."]
    assert not AnalysisRun.objects.exists()


def test_suggestions_need_two_focus_areas(world):
    process = texts_process(world.municipality, ["Flere benker"], neighbourhood=world.neighbourhood)
    with pytest.raises(ValidationError):
        services.run_start(actor=world.users["coordinator"], process=process, kind=RunKind.SUGGESTIONS)
    assert not AnalysisRun.objects.exists()


@pytest.mark.parametrize("role", ["citizen", "caseworker", "other_municipality_admin"])
def test_only_the_process_staff_may_start_runs(world, process, role):
    with pytest.raises(PermissionDenied):
        services.run_start(actor=world.users[role], process=process, kind=RunKind.THEMES)
    assert not AnalysisRun.objects.exists()


def test_a_coordinator_of_another_neighbourhood_may_not(world):
    process = borgen_process(world.municipality, count=4, neighbourhood=world.other_neighbourhood)
    with pytest.raises(PermissionDenied):
        services.run_start(actor=world.users["coordinator"], process=process, kind=RunKind.THEMES)
    services.run_start(actor=world.users["municipality_admin"], process=process, kind=RunKind.THEMES)


# --- Themes ----------------------------------------------------------------------------------------------------


def test_rename_then_accept_tags_every_input_of_the_theme(world, process):
    run = finished_run(process, RunKind.THEMES, n_themes=4)
    theme = Theme.objects.filter(run=run).select_related("run__process").first()
    coordinator = world.users["coordinator"]
    services.theme_rename(actor=coordinator, theme=theme, label="  Lys og   trygghet ")
    theme.refresh_from_db()
    assert (theme.label, theme.is_renamed) == ("Lys og trygghet", True)
    tagged = services.theme_accept(actor=coordinator, theme=theme)
    members = set(ThemeMembership.objects.filter(theme=theme).values_list("input_id", flat=True))
    assert tagged == len(members) > 0
    tag = Tag.objects.get(process=process, name="Lys og trygghet")
    assert set(tag.inputs.values_list("pk", flat=True)) == members
    theme.refresh_from_db()
    assert theme.is_accepted
    assert AuditEntry.objects.filter(action="analysis.theme.accept").count() == 1
    with pytest.raises(ValidationError):
        services.theme_accept(actor=coordinator, theme=theme)
    with pytest.raises(ValidationError):
        services.theme_rename(actor=coordinator, theme=theme, label="Noe annet")


def test_accepting_reuses_an_existing_tag_of_the_same_name(world, process):
    run = finished_run(process, RunKind.THEMES, n_themes=3)
    theme = Theme.objects.filter(run=run).first()
    Tag.objects.create(process=process, name=theme.label.upper())
    services.theme_accept(actor=world.users["coordinator"], theme=theme)
    assert Tag.objects.filter(process=process).count() == 1


@pytest.mark.parametrize("label", ["", "   ", "x" * 61])
def test_a_bad_name_is_refused(world, process, label):
    run = finished_run(process, RunKind.THEMES, n_themes=3)
    theme = Theme.objects.filter(run=run).first()
    before = theme.label
    with pytest.raises(ValidationError):
        services.theme_rename(actor=world.users["coordinator"], theme=theme, label=label)
    theme.refresh_from_db()
    assert theme.label == before


def test_merge_and_split_keep_every_input_in_one_theme(world, process):
    run = finished_run(process, RunKind.THEMES, n_themes=4)
    coordinator = world.users["coordinator"]
    first, second = Theme.objects.filter(run=run)[:2]
    services.theme_merge(actor=coordinator, run=run, theme_ids=[first.pk, second.pk], label="Samlet")
    assert _theme_numbers(run) == [1, 3, 4]
    merged = Theme.objects.get(run=run, number=1)
    assert (merged.label, merged.is_renamed) == ("Samlet", True)
    all_inputs = sorted(Input.objects.filter(process=process).values_list("pk", flat=True))
    assert sorted(ThemeMembership.objects.filter(theme__run=run).values_list("input_id", flat=True)) == all_inputs
    services.theme_split(actor=coordinator, theme=merged, parts=2)
    assert _theme_numbers(run) == [1, 3, 4, 5]
    assert sorted(ThemeMembership.objects.filter(theme__run=run).values_list("input_id", flat=True)) == all_inputs
    assert AuditEntry.objects.filter(action__in=["analysis.theme.merge", "analysis.theme.split"]).count() == 2


def test_merge_needs_two_themes_and_split_needs_different_inputs(world):
    process = texts_process(world.municipality, ["Flere benker i parken"] * 4, neighbourhood=world.neighbourhood)
    run = finished_run(process, RunKind.THEMES)
    (theme,) = Theme.objects.filter(run=run)
    coordinator = world.users["coordinator"]
    with pytest.raises(ValidationError):
        services.theme_merge(actor=coordinator, run=run, theme_ids=[theme.pk])
    with pytest.raises(ValidationError) as error:
        services.theme_split(actor=coordinator, theme=theme)
    assert "too few or too alike" in error.value.messages[0]
    assert _theme_numbers(run) == [1]


def test_theme_actions_are_refused_to_other_staff(world, process):
    run = finished_run(process, RunKind.THEMES, n_themes=3)
    theme = Theme.objects.filter(run=run).first()
    stranger = world.users["other_municipality_admin"]
    with pytest.raises(PermissionDenied):
        services.theme_accept(actor=stranger, theme=theme)
    with pytest.raises(PermissionDenied):
        services.theme_rename(actor=stranger, theme=theme, label="Nei")
    assert not Tag.objects.filter(process=process).exists()


# --- Suggestions -----------------------------------------------------------------------------------------------


def test_confirming_puts_the_suggested_area_on_the_input(world, process):
    run = finished_run(process, RunKind.SUGGESTIONS)
    suggestion = FocusAreaSuggestion.objects.filter(run=run).select_related("focus_area").first()
    services.suggestion_decide(actor=world.users["coordinator"], suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.decision == Decision.CONFIRMED
    assert list(suggestion.input.focus_areas.all()) == [suggestion.focus_area]
    assert AuditEntry.objects.filter(action="analysis.suggestion.confirmed").count() == 1
    with pytest.raises(ValidationError):
        services.suggestion_decide(actor=world.users["coordinator"], suggestion=suggestion)


def test_correcting_puts_the_chosen_area_on_the_input_and_the_next_run_learns_it(world, process):
    run = finished_run(process, RunKind.SUGGESTIONS)
    suggestion = FocusAreaSuggestion.objects.filter(run=run).first()
    other = process.focus_areas.exclude(pk=suggestion.focus_area_id).first()
    services.suggestion_decide(actor=world.users["coordinator"], suggestion=suggestion, focus_area=other)
    suggestion.refresh_from_db()
    assert (suggestion.decision, suggestion.decided_focus_area) == (Decision.CORRECTED, other)
    assert list(suggestion.input.focus_areas.all()) == [other]
    again = finished_run(process, RunKind.SUGGESTIONS)
    assert again.result["labelled"] == run.result["labelled"] + 1
    assert not FocusAreaSuggestion.objects.filter(run=again, input=suggestion.input).exists()


def test_a_focus_area_of_another_process_is_refused(world, process):
    run = finished_run(process, RunKind.SUGGESTIONS)
    suggestion = FocusAreaSuggestion.objects.filter(run=run).first()
    foreign = borgen_process(world.municipality, count=0).focus_areas.first()
    with pytest.raises(ValidationError):
        services.suggestion_decide(actor=world.users["coordinator"], suggestion=suggestion, focus_area=foreign)
    assert not suggestion.input.focus_areas.exists()


def test_nothing_is_applied_without_a_decision(world, process):
    before = Input.focus_areas.through.objects.count()
    finished_run(process, RunKind.SUGGESTIONS)
    assert Input.focus_areas.through.objects.count() == before


# --- Duplicates ------------------------------------------------------------------------------------------------


def test_merging_a_group_counts_every_mention_on_the_canonical_input(world):
    process = texts_process(
        world.municipality,
        ["Flere benker i parken", "Flere benker i parken!", "Flere benker i parken.", "Mer lys ved skolen"],
        neighbourhood=world.neighbourhood,
    )
    run = finished_run(process, RunKind.DUPLICATES)
    (group,) = DuplicateGroup.objects.filter(run=run)
    merged = services.duplicate_group_merge(actor=world.users["coordinator"], group=group)
    assert merged.pk == group.canonical_id
    assert merged.mentions == 3
    others = DuplicateMember.objects.filter(group=group).exclude(input_id=group.canonical_id)
    assert set(Input.objects.filter(pk__in=others.values("input_id")).values_list("status", flat=True)) == {
        InputStatus.MERGED
    }
    group.refresh_from_db()
    assert group.merged_at is not None
    with pytest.raises(ValidationError):
        services.duplicate_group_merge(actor=world.users["coordinator"], group=group)


def test_staff_may_leave_members_out_of_a_merge(world):
    process = texts_process(world.municipality, ["Flere benker i parken"] * 3, neighbourhood=world.neighbourhood)
    run = finished_run(process, RunKind.DUPLICATES)
    (group,) = DuplicateGroup.objects.filter(run=run)
    chosen = DuplicateMember.objects.filter(group=group, position=1).get().input_id
    merged = services.duplicate_group_merge(actor=world.users["coordinator"], group=group, member_ids=[chosen])
    assert merged.mentions == 2
    with pytest.raises(ValidationError):
        services.duplicate_group_merge(actor=world.users["coordinator"], group=group, member_ids=[])


def test_a_merge_is_refused_to_other_staff(world):
    process = texts_process(world.municipality, ["Flere benker i parken"] * 2, neighbourhood=world.neighbourhood)
    (group,) = DuplicateGroup.objects.filter(run=finished_run(process, RunKind.DUPLICATES))
    with pytest.raises(PermissionDenied):
        services.duplicate_group_merge(actor=world.users["citizen"], group=group)
    assert not Input.objects.filter(status=InputStatus.MERGED).exists()
