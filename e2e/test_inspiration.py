"""The inspiration library in a browser: a resident searches on a phone; a coordinator adds a case."""

import pytest
from playwright.sync_api import expect

from sammen.accounts.models import Role
from sammen.core.testing import PASSWORD, grant, make_municipality, make_neighbourhood, make_user
from sammen.inspiration.models import Case

from .conftest import check_a11y, login, visit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def town(db):
    from django.core.management import call_command

    call_command("demo_setup", quiet_users=True)
    municipality = make_municipality(slug="fjordby", name="Fjordby kommune")
    make_neighbourhood(municipality, slug="borgen", name="Borgen")
    return municipality


def test_resident_finds_a_case_on_a_phone(phone_page, live_server, town):
    page = phone_page
    visit(page, f"{live_server.url}/fjordvik/inspiration/")
    page.get_by_role("textbox", name="Søk").fill("rullestol")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_role("link", name="Tur for alle").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_role("heading", name="Tur for alle", level=1).is_visible()


def test_filter_by_theme_updates_the_results(page, live_server, town):
    visit(page, f"{live_server.url}/fjordvik/inspiration/")
    page.get_by_role("combobox", name="Tema").select_option(label="Mat og måltider")
    expect(page.locator("#case-results li.card")).to_have_count(2)
    check_a11y(page)
    assert page.locator("#case-results").get_by_text("Smaksverkstedet").is_visible()


def test_coordinator_adds_a_case(page, live_server, town):
    coordinator = grant(make_user("koord@fjordby.example"), town, Role.COORDINATOR, town.neighbourhoods.get())
    login(page, live_server, coordinator.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/inspiration/themes/")
    page.locator("#id_theme-name").fill("Møteplasser")
    page.get_by_role("button", name="Legg til tema").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    visit(page, f"{live_server.url}/fjordby/inspiration/new/")
    page.get_by_label("Tittel").fill("Nabolagskafé")
    page.get_by_label("Sammendrag").fill("En ukentlig kafé der naboer møtes.")
    page.get_by_label("Aktører").fill("Frivilligsentralen")
    page.get_by_label("Hvor").fill("Fjordby")
    page.get_by_label("Møteplasser").check()
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    case = Case.objects.get(title="Nabolagskafé")
    assert [t.name for t in case.themes.all()] == ["Møteplasser"]
    assert page.get_by_role("heading", name="Nabolagskafé").is_visible()
