"""The analysis pages: what they show, their forms, progress polling, and pinned query counts."""

import pytest

from sammen.core.testing import ROLE_NAMES, assert_matrix, client_for
from sammen.participation.models import Input, Tag

from ..models import AnalysisRun, DuplicateGroup, FocusAreaSuggestion, RunKind, RunStatus, Theme
from .factories import borgen_process, finished_run, texts_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(world):
    return borgen_process(world.municipality, count=40, labelled=12, neighbourhood=world.neighbourhood, slug="sentrum")


def _base(world, process):
    return f"/{world.municipality.slug}/staff/analysis/{process.slug}"


def test_role_view_matrix(world, process):
    other = borgen_process(world.municipality, count=2, neighbourhood=world.other_neighbourhood, slug="nordby")
    run = finished_run(process, RunKind.THEMES, n_themes=3)
    base = _base(world, process)
    urls = {
        "themes": f"{base}/",
        "review queue": f"{base}/review/",
        "duplicates": f"{base}/duplicates/",
        "progress": f"{base}/runs/{run.pk}/",
        "other neighbourhood's themes": f"{_base(world, other)}/",
    }
    staff = dict.fromkeys(ROLE_NAMES, "deny") | {
        "anonymous": "login",
        "coordinator": "ok",
        "municipality_admin": "ok",
        "platform_admin": "ok",
    }
    matrix = {
        "themes": staff,
        "review queue": staff,
        "duplicates": staff,
        "progress": staff,
        "other neighbourhood's themes": staff | {"coordinator": "deny"},
    }
    assert_matrix(world, matrix, urls)


def test_the_process_staff_pages_link_to_the_analysis(world, process):
    response = client_for(world.users["coordinator"], "en").get(
        f"/{world.municipality.slug}/staff/participation/{process.slug}/"
    )
    assert f'href="{_base(world, process)}/"' in response.content.decode()


def test_pages_before_any_run_offer_to_analyse(world, process):
    client = client_for(world.users["coordinator"], "en")
    for path in ("/", "/review/", "/duplicates/"):
        page = client.get(_base(world, process) + path).content.decode()
        assert "These inputs have not been analysed yet." in page
        assert "Analyse the inputs" in page


def test_starting_a_run_shows_its_progress_then_its_result(world, process, django_capture_on_commit_callbacks):
    client = client_for(world.users["coordinator"], "en")
    base = _base(world, process)
    response = client.post(f"{base}/runs/", {"kind": "themes", "n_themes": "4"})
    assert response.status_code == 302 and response["Location"] == f"{base}/"
    run = AnalysisRun.objects.get()
    page = client.get(f"{base}/").content.decode()
    assert "<progress" in page and f'hx-get="{base}/runs/{run.pk}/"' in page and 'hx-trigger="every 2s"' in page
    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=35)
    poll = client.get(f"{base}/runs/{run.pk}/", headers={"HX-Request": "true"})
    assert 'value="35"' in poll.content.decode() and "HX-Refresh" not in poll
    from .. import runner

    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
    runner.execute(run.pk)
    poll = client.get(f"{base}/runs/{run.pk}/", headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"
    page = client.get(f"{base}/").content.decode()
    assert "4 themes" in page and "Run again" in page and "<progress" not in page


def test_a_second_start_gets_a_clear_message(world, process):
    client = client_for(world.users["coordinator"], "en")
    base = _base(world, process)
    client.post(f"{base}/runs/", {"kind": "duplicates"})
    page = client.post(f"{base}/runs/", {"kind": "duplicates"}, follow=True).content.decode()
    assert "This analysis is already running for the process." in page
    assert AnalysisRun.objects.count() == 1


def test_a_failed_run_says_why_and_keeps_the_last_result(world, process):
    done = finished_run(process, RunKind.THEMES, n_themes=3)
    AnalysisRun.objects.create(
        municipality=process.municipality,
        process=process,
        kind=RunKind.THEMES,
        status=RunStatus.FAILED,
        error="backend",
        started_at=done.started_at,
    )
    page = client_for(world.users["coordinator"], "en").get(f"{_base(world, process)}/").content.decode()
    assert "The language model chosen for the analysis cannot be loaded on this server." in page
    assert "3 themes" in page


def test_theme_forms_rename_accept_and_merge(world, process):
    run = finished_run(process, RunKind.THEMES, n_themes=4)
    client = client_for(world.users["coordinator"], "en")
    base = _base(world, process)
    first, second, third = Theme.objects.filter(run=run)[:3]
    client.post(f"{base}/themes/{first.pk}/", {"action": "rename", "label": "Møteplasser"})
    response = client.post(f"{base}/themes/{first.pk}/", {"action": "accept"}, follow=True)
    assert "inputs are tagged “Møteplasser”" in response.content.decode()
    assert Tag.objects.get(process=process).name == "Møteplasser"
    client.post(f"{base}/runs/{run.pk}/merge/", {"themes": [second.pk, third.pk], "label": "Samlet"})
    assert list(Theme.objects.filter(run=run).values_list("label", flat=True)).count("Samlet") == 1
    page = client.post(f"{base}/runs/{run.pk}/merge/", {"themes": ["x"]}, follow=True).content.decode()
    assert "Choose at least two themes to merge." in page


def test_confirm_and_correct_from_the_review_queue(world, process):
    run = finished_run(process, RunKind.SUGGESTIONS)
    client = client_for(world.users["coordinator"], "en")
    base = _base(world, process)
    first, second = FocusAreaSuggestion.objects.filter(run=run)[:2]
    client.post(f"{base}/review/{first.pk}/", {"action": "confirm"})
    other = process.focus_areas.exclude(pk=second.focus_area_id).first()
    client.post(f"{base}/review/{second.pk}/", {"action": "correct", "focus_area": other.pk})
    assert list(Input.objects.get(pk=first.input_id).focus_areas.all()) == [first.focus_area]
    assert list(Input.objects.get(pk=second.input_id).focus_areas.all()) == [other]
    page = client.post(f"{base}/review/{second.pk}/", {"action": "correct", "focus_area": ""}, follow=True)
    assert "Choose the focus area the input belongs to." in page.content.decode()


def test_merge_a_duplicate_group_from_its_page(world):
    process = texts_process(world.municipality, ["Flere benker i parken"] * 3, neighbourhood=world.neighbourhood)
    (group,) = DuplicateGroup.objects.filter(run=finished_run(process, RunKind.DUPLICATES))
    members = list(group.members.exclude(input_id=group.canonical_id).values_list("input_id", flat=True))
    page = (
        client_for(world.users["coordinator"], "en")
        .post(f"{_base(world, process)}/duplicates/{group.pk}/", {"members": members}, follow=True)
        .content.decode()
    )
    assert "now counts 3 mentions" in page
    assert Input.objects.get(pk=group.canonical_id).mentions == 3


def test_query_counts_do_not_grow_with_the_results(world, django_assert_max_num_queries):
    small = borgen_process(world.municipality, count=12, labelled=4, neighbourhood=world.neighbourhood)
    large = borgen_process(world.municipality, count=80, labelled=20, neighbourhood=world.neighbourhood)
    for item in (small, large):
        for kind in RunKind.values:
            finished_run(item, kind)
    client = client_for(world.users["coordinator"], "en")
    counts = {}
    for item in (small, large):
        for path in ("/", "/review/", "/duplicates/"):
            with django_assert_max_num_queries(16) as captured:
                assert client.get(_base(world, item) + path).status_code == 200
            counts[(item.pk, path)] = len(captured)
    for path in ("/", "/review/", "/duplicates/"):
        assert counts[(small.pk, path)] == counts[(large.pk, path)], path
