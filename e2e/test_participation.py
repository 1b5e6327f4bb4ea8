"""Co-creation in a real browser, as a coordinator and a resident meet it; axe checks every page.

Done when: a coordinator sets up a process from the template, registers a workshop with 25 participants, types
30 sticky notes with the keyboard in under five minutes, imports a spreadsheet of 400 inputs and sees the row
report; a resident sends an idea on a phone-sized screen without an account; the demo statistics page reads
783 participants and 458 inputs.
"""

import datetime
import time

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from sammen.accounts.models import Role
from sammen.core.testing import PASSWORD, grant, make_municipality, make_neighbourhood, make_user
from sammen.participation.models import Engagement, Input, InputStatus, Process

from .conftest import check_a11y, login, visit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def town(db):
    municipality = make_municipality(slug="fjordby", name="Fjordby kommune")
    borgen = make_neighbourhood(municipality, slug="borgen", name="Borgen")
    coordinator = grant(
        make_user("kari@fjordby.example", full_name="Kari Koordinator"), municipality, Role.COORDINATOR, borgen
    )
    return municipality, borgen, coordinator


def wait(page):
    page.wait_for_load_state("load")
    check_a11y(page)


def no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_coordinator_sets_up_a_process_registers_a_workshop_and_types_30_sticky_notes(page, live_server, town):
    _municipality, _borgen, coordinator = town
    started = time.monotonic()
    login(page, live_server, coordinator.email, PASSWORD)

    visit(page, f"{live_server.url}/fjordby/staff/")
    page.get_by_role("link", name="Samskapingsprosesser").first.click()
    wait(page)
    page.get_by_role("link", name="Ny prosess").click()
    wait(page)
    page.get_by_label("Nabolag").select_option(label="Borgen")
    page.get_by_label("Tittel").fill("Fellesskap på Borgen")
    page.get_by_label("Adresse").fill("fellesskap-borgen")
    page.get_by_label("Formål", exact=False).first.fill("Vi vil forebygge ensomhet sammen med innbyggerne.")
    assert page.get_by_label("Start fra").input_value() == ""  # the default template
    page.get_by_role("button", name="Opprett prosessen").click()
    wait(page)
    assert page.get_by_role("heading", name="Fellesskap på Borgen", level=1).is_visible()
    process = Process.objects.get(slug="fellesskap-borgen")
    assert process.phases.count() == 4 and process.target_groups.count() == 6

    # Add the four focus areas so that notes can be sorted by number.
    page.get_by_role("link", name="Innsatsområder").click()
    wait(page)
    for key, name in [
        ("samskaping", "Samskaping og deltakelse"),
        ("aktiviteter", "Sosiale og kulturelle aktiviteter"),
        ("tjenester", "Offentlige tjenester"),
        ("sted", "Stedsutvikling"),
    ]:
        page.get_by_label("Nøkkel").fill(key)
        page.get_by_label("Navn", exact=True).fill(name)
        page.get_by_role("button", name="Legg til innsatsområdet").click()
        wait(page)
    assert process.focus_areas.count() == 4

    # Register a workshop with 25 participants.
    page.get_by_role("link", name="Medvirkningsaktiviteter").first.click()
    wait(page)
    page.get_by_role("link", name="Registrer en medvirkningsaktivitet").click()
    wait(page)
    page.get_by_label("Type").select_option("workshop")
    page.get_by_label("Tittel").fill("Verksted 2 for innbyggere")
    page.get_by_label("Dato").fill("2025-02-01")
    page.get_by_label("Deltakere (valgfritt)", exact=True).fill("25")
    page.get_by_label("Enslige eldre").fill("9")
    page.get_by_role("button", name="Lagre").click()
    wait(page)
    engagement = Engagement.objects.get(title="Verksted 2 for innbyggere")
    assert (engagement.participants_min, engagement.participants_max) == (25, 25)

    # Type 30 sticky notes with the keyboard only.
    page.get_by_role("link", name="Skriv inn post-it-lapper herfra").click()
    wait(page)
    assert page.get_by_label("Medvirkningsaktivitet").input_value() == str(engagement.pk)
    notes = page.get_by_label("Post-it-lapper, én per linje")
    notes.focus()
    typing_started = time.monotonic()
    for n in range(30):
        page.keyboard.type(f"{1 + n % 4}: Lapp nummer {n + 1} om livet på Borgen")
        page.keyboard.press("Enter")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Lagre alle lappene":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait(page)
    typed_in = time.monotonic() - typing_started
    assert page.get_by_role("status").filter(has_text="30 innspill er lagret").is_visible()
    saved = Input.objects.filter(engagement=engagement)
    assert saved.count() == 30 and all(i.author_id is None and i.entered_by == coordinator for i in saved)
    assert saved.filter(focus_areas__key="sted").count() == 7
    assert typed_in < 300 and time.monotonic() - started < 300

    # The public statistics page counts the workshop.
    visit(page, f"{live_server.url}/fjordby/participation/fellesskap-borgen/statistics/")
    assert page.get_by_text("25 deltakere").first.is_visible()


def _workbook(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tekst", "Dato", "Innsatsområde", "Kanal", "Språk"])
    for n in range(rows):
        sheet.append(
            [f"Innspill {n + 1} fra spørreskjemaet om nærmiljøet", datetime.date(2025, 3, 1 + n % 28), "", "Brev", "nb"]
        )
    workbook.save(path)


def test_coordinator_imports_400_inputs_and_sees_the_row_report(page, live_server, town, tmp_path):
    municipality, borgen, coordinator = town
    from sammen.participation.tests.factories import make_process

    process = make_process(municipality, borgen, slug="veikart")
    path = tmp_path / "innspill.xlsx"
    _workbook(path, 400)

    login(page, live_server, coordinator.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/staff/participation/veikart/")
    page.get_by_role("link", name="Importer et regneark").click()
    wait(page)
    page.get_by_label("Regneark (CSV eller XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Kontroller filen").click()
    wait(page)
    assert page.get_by_text("400 rader lest: 400 nye, 0 allerede importert, 0 med feil.").is_visible()
    assert page.get_by_role("table", name="Rad for rad").get_by_role("row").count() == 401
    assert Input.objects.count() == 0
    page.get_by_role("button", name="Importer 400 innspill").click()
    wait(page)
    assert Input.objects.filter(process=process, channel="letter").count() == 400

    # The same file again: every row is reported as already imported, and nothing can be imported twice.
    page.get_by_role("link", name="Import").first.click()
    wait(page)
    page.get_by_label("Regneark (CSV eller XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Kontroller filen").click()
    wait(page)
    assert page.get_by_text("400 rader lest: 0 nye, 400 allerede importert, 0 med feil.").is_visible()
    assert page.get_by_role("button", name="Importer 0 innspill").count() == 0
    assert Input.objects.count() == 400


def test_a_bad_spreadsheet_row_is_reported_and_nothing_is_imported(page, live_server, town, tmp_path):
    municipality, borgen, coordinator = town
    from sammen.participation.tests.factories import make_process

    make_process(municipality, borgen, slug="veikart")
    path = tmp_path / "feil.csv"
    path.write_text("tekst;dato\nFlere benker;01.02.2025\nLys;31.02.2025\n", encoding="utf-8")
    login(page, live_server, coordinator.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/staff/participation/veikart/import/")
    page.get_by_label("Regneark (CSV eller XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Kontroller filen").click()
    wait(page)
    summary = page.locator(".error-summary")
    assert summary.is_visible() and "31.02.2025" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#row-3"
    assert Input.objects.count() == 0


def test_a_resident_sends_an_idea_from_a_phone_without_an_account(phone_page, live_server, town):
    municipality, borgen, _coordinator = town
    from sammen.participation.tests.factories import make_process

    make_process(municipality, borgen, slug="veikart", areas=2, title="Veikart for Borgen", moderation="pre")
    page = phone_page
    started = time.monotonic()
    visit(page, f"{live_server.url}/fjordby/")
    no_sideways_scroll(page)
    page.get_by_role("link", name="Del en idé").first.click()
    wait(page)
    form_loaded = time.monotonic()
    no_sideways_scroll(page)
    page.get_by_label("Idéen eller behovet ditt").fill(
        "En benk ved bussholdeplassen, så eldre kan sitte mens de venter."
    )
    page.get_by_role("radio", name="Behov").check()
    page.get_by_label("Hvilket område handler det om?").select_option(label="Område 2")
    page.get_by_text("Få svar fra oss (valgfritt)").click()
    page.get_by_label("E-post").fill("nabo@example.com")
    page.get_by_label("Dere kan kontakte meg om hva som skjer med idéen min").check()
    page.wait_for_timeout(max(0, 3200 - int((time.monotonic() - form_loaded) * 1000)))  # a person needs seconds
    page.get_by_role("button", name="Send").click()
    wait(page)
    errors = page.locator(".error-summary")
    assert errors.count() == 0, errors.inner_text()
    no_sideways_scroll(page)
    assert page.get_by_role("heading", name="Takk for innspillet ditt!").is_visible()
    assert time.monotonic() - started < 60
    item = Input.objects.get()
    assert item.status == InputStatus.PENDING and item.channel == "portal" and item.author is None
    assert item.kind == "need" and item.contact_email == "nabo@example.com"
    assert page.get_by_text(f"Innspillet ditt har nummer {item.pk}.").is_visible()


def test_a_resident_supports_an_input_once(page, live_server, town):
    municipality, borgen, _coordinator = town
    from sammen.participation.tests.factories import make_input, make_process

    process = make_process(municipality, borgen, slug="veikart")
    item = make_input(process, text="Flere benker langs gangveien")
    visit(page, f"{live_server.url}{item.get_absolute_url()}")
    page.get_by_role("button", name="Støtt (+1)").click()
    page.get_by_role("button", name="Trekk tilbake støtten min").wait_for()
    check_a11y(page)
    assert page.get_by_text("1 person støtter").is_visible()
    page.reload()
    wait(page)
    assert page.get_by_role("button", name="Trekk tilbake støtten min").is_visible()
    item.refresh_from_db()
    assert item.support_count == 1


def test_the_demo_statistics_page_reads_783_participants_and_458_inputs(page, live_server):
    call_command("demo_setup", quiet_users=True)
    visit(page, f"{live_server.url}/fjordvik/participation/")
    page.get_by_role("link", name="Veikart for Borgen").click()
    wait(page)
    headline = page.locator(".headline")
    assert "783 deltakere" in headline.inner_text() and "458 innspill" in headline.inner_text()
    page.get_by_role("link", name="Statistikk").click()
    wait(page)
    assert page.get_by_role("heading", name="Slik deltok innbyggerne", level=1).is_visible()
    text = page.locator(".headline").inner_text()
    assert "783 deltakere" in text and "458 innspill" in text
    assert page.get_by_text("Omtrentlige tall er talt med øvre grense").is_visible()
    assert page.get_by_text("Rekkevidde, som likerklikk, telles for seg: 611.").is_visible()
    facebook = page.get_by_role("row", name="Debatt på Facebook-siden «Vi på Borgen»")
    assert "16" in facebook.inner_text() and "611" in facebook.inner_text()
    assert page.get_by_role("table", name="Innspill per innsatsområde").is_visible()
    for path in ["inputs/", "", "statistics/"]:
        page.set_viewport_size({"width": 375, "height": 740})
        visit(page, f"{live_server.url}/fjordvik/participation/veikart-borgen/{path}")
        no_sideways_scroll(page)


@pytest.mark.parametrize("language", ["nn", "da", "en"])
def test_the_process_pages_in_every_language(page, live_server, language):
    call_command("demo_setup", quiet_users=True)
    names = {"nn": "Nynorsk", "da": "Dansk", "en": "English"}
    visit(page, f"{live_server.url}/fjordvik/participation/fellesskap-ulleral/")
    page.get_by_role("button", name=names[language]).click()
    wait(page)
    assert page.locator("html").get_attribute("lang") == language
    for path in ["statistics/", "ideas/new/", "dinner/"]:
        visit(page, f"{live_server.url}/fjordvik/participation/fellesskap-ulleral/{path}")
    upcoming = Engagement.objects.get(title="Verksted 3: fra ideer til tiltak")
    visit(page, f"{live_server.url}{upcoming.get_absolute_url()}")


def test_sending_and_supporting_work_without_javascript(browser, live_server, town):
    # axe needs JavaScript, so this test only proves the flow; the same pages are axe-checked above.
    municipality, borgen, _coordinator = town
    from sammen.participation.tests.factories import make_input, make_process

    process = make_process(municipality, borgen, slug="veikart", moderation="post")
    item = make_input(process, text="Flere benker langs gangveien")
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/fjordby/participation/veikart/ideas/new/")
        page.get_by_label("Idéen eller behovet ditt").fill("Lys i undergangen ved skolen")
        page.wait_for_timeout(3200)
        page.get_by_role("button", name="Send").click()
        page.wait_for_load_state("load")
        assert page.get_by_role("heading", name="Takk for innspillet ditt!").is_visible()
        page.goto(f"{live_server.url}{item.get_absolute_url()}")
        page.get_by_role("button", name="Støtt (+1)").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("1 person støtter").is_visible()
        assert Input.objects.filter(text="Lys i undergangen ved skolen", status=InputStatus.PUBLISHED).exists()
    finally:
        context.close()
