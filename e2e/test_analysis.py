"""The analysis of a process's inputs in a browser: a coordinator runs the themes, accepts one (tags on the
inputs), confirms a focus-area suggestion and merges a group of near-duplicates; progress is polled."""

import pytest
from playwright.sync_api import expect

from sammen.accounts.models import Role
from sammen.analysis.models import AnalysisRun, FocusAreaSuggestion, RunKind, RunStatus, Theme
from sammen.analysis.tests.factories import borgen_process, finished_run, store_features
from sammen.core.testing import PASSWORD, grant, make_municipality, make_neighbourhood, make_user
from sammen.participation.models import Input, InputStatus, Tag
from sammen.participation.tests.factories import make_input

from .conftest import check_a11y, login, visit
from .test_participation import no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(db):
    municipality = make_municipality(slug="fjordby", name="Fjordby kommune")
    neighbourhood = make_neighbourhood(municipality, slug="borgen", name="Borgen")
    process = borgen_process(municipality, count=40, labelled=12, neighbourhood=neighbourhood, slug="borgen")
    for text in ("Vi trenger flere benker langs turstien.", "Vi trenger flere benker langs turstien!"):
        make_input(process, text=text, language="nb")
    coordinator = grant(make_user("koord@fjordby.example"), municipality, Role.COORDINATOR, neighbourhood)
    store_features(process)  # as the worker does when inputs are saved
    return municipality, process, coordinator


def test_coordinator_runs_themes_and_accepts_one(page, live_server, setting):
    _municipality, process, coordinator = setting
    login(page, live_server, coordinator.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/staff/participation/borgen/")
    page.get_by_role("navigation", name="Administrer denne prosessen").get_by_role("link", name="Analyse").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_label("Antall temaer").fill("4")
    page.get_by_role("button", name="Analyser innspillene").click()
    page.wait_for_load_state("load")
    check_a11y(page)  # the test settings run tasks at once: the result is there
    expect(page.get_by_role("heading", name="4 temaer")).to_be_visible()
    run = AnalysisRun.objects.get(kind=RunKind.THEMES)
    first = Theme.objects.filter(run=run).order_by("number").first()
    card = page.locator(f"#theme-{first.number}")
    card.get_by_label("Navn").fill("Møteplasser")
    card.get_by_role("button", name="Gi nytt navn").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.locator(f"#theme-{first.number}").get_by_role("button", name="Godkjenn som temaord").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    expect(page.get_by_text("innspill har fått temaordet «Møteplasser»")).to_be_visible()
    tag = Tag.objects.get(process=process, name="Møteplasser")
    assert tag.inputs.count() == first.memberships.count() > 0


def test_progress_is_polled_until_the_result_shows(page, live_server, setting):
    municipality, process, coordinator = setting
    from django.utils import timezone

    run = AnalysisRun.objects.create(
        municipality=municipality,
        process=process,
        kind=RunKind.DUPLICATES,
        settings={"seed": 0},
        status=RunStatus.RUNNING,
        progress=40,
        started_at=timezone.now(),
    )
    login(page, live_server, coordinator.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/staff/analysis/borgen/duplicates/")
    expect(page.locator("progress")).to_have_attribute("value", "40")
    expect(page.get_by_text("40 % ferdig.")).to_be_visible()
    AnalysisRun.objects.filter(pk=run.pk).update(progress=80)
    expect(page.locator("progress")).to_have_attribute("value", "80", timeout=6_000)
    from sammen.analysis import runner

    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
    runner.execute(run.pk)
    # The poll sees the run has ended and reloads the page with the result.
    expect(page.get_by_role("button", name="Kjør på nytt")).to_be_visible(timeout=8_000)
    check_a11y(page)
    expect(page.locator("progress")).to_have_count(0)


def test_coordinator_confirms_a_suggestion_and_merges_duplicates_on_a_phone(phone_page, live_server, setting):
    page = phone_page
    _municipality, process, coordinator = setting
    finished_run(process, RunKind.SUGGESTIONS)
    finished_run(process, RunKind.DUPLICATES)
    login(page, live_server, coordinator.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/staff/analysis/borgen/review/")
    no_sideways_scroll(page)
    first = FocusAreaSuggestion.objects.order_by("margin", "confidence", "id").first()
    page.locator(f"#suggestion-{first.pk}").get_by_role("button", name="Bekreft").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert list(Input.objects.get(pk=first.input_id).focus_areas.all()) == [first.focus_area]
    expect(page.locator(f"#suggestion-{first.pk}")).to_have_count(0)

    visit(page, f"{live_server.url}/fjordby/staff/analysis/borgen/duplicates/")
    no_sideways_scroll(page)
    group = page.locator("article", has_text="Vi trenger flere benker langs turstien").first
    group.get_by_role("button", name="Slå sammen").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    expect(page.get_by_text("Innspillene er slått sammen med innspill")).to_be_visible()
    assert Input.objects.filter(process=process, status=InputStatus.MERGED).count() >= 1
