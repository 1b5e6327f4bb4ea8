"""The foundation in a real browser: landing pages in four languages, login, a staff form, phone size, no JS."""

import pytest

from sammen.accounts.models import Role
from sammen.core.testing import PASSWORD, grant, make_municipality, make_neighbourhood, make_organisation, make_user
from sammen.places.models import Neighbourhood

from .conftest import check_a11y, visit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def town(db):
    municipality = make_municipality(slug="fjordby", name="Fjordby kommune", intro="Velkommen til Fjordby.")
    make_neighbourhood(municipality, slug="borgen", name="Borgen", description="Et aktivt nærmiljø.")
    make_neighbourhood(municipality, slug="ulleral", name="Ullerål")
    make_organisation(municipality, name="Borgen IL")
    return municipality


LANGUAGE_BUTTONS = {"nb": "Bokmål", "nn": "Nynorsk", "da": "Dansk", "en": "English"}
HOME_WORD = {"nb": "Nabolag", "nn": "Nabolag", "da": "Nabolag", "en": "Neighbourhoods"}


@pytest.mark.parametrize("language", ["nb", "nn", "da", "en"])
def test_landing_pages_in_every_language(page, live_server, town, language):
    visit(page, f"{live_server.url}/fjordby/")
    page.get_by_role("button", name=LANGUAGE_BUTTONS[language]).click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", name="Fjordby kommune", level=1).is_visible()
    page.get_by_role("link", name="Borgen", exact=True).first.click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_role("heading", name="Borgen", level=1).is_visible()
    assert page.locator("html").get_attribute("lang") == language


def test_skip_link_is_first_and_moves_focus_to_main(page, live_server, town):
    visit(page, f"{live_server.url}/fjordby/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hopp til hovedinnholdet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_login_and_staff_form_with_error_summary(page, live_server, town):
    admin = grant(make_user("admin@fjordby.example"), town, Role.MUNICIPALITY_ADMIN)
    visit(page, f"{live_server.url}/accounts/login/")
    page.get_by_label("E-post").fill(admin.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/accounts/profile/")
    check_a11y(page)

    visit(page, f"{live_server.url}/fjordby/staff/")
    page.get_by_role("link", name="Nabolag").first.click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_role("link", name="Nytt nabolag").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    # Submit with a bad address: the error summary gets focus and links to the field.
    page.get_by_label("Navn", exact=True).fill("Vestby")
    page.get_by_label("Adresse").fill("Ikke gyldig")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_slug"
    assert not Neighbourhood.objects.filter(name="Vestby").exists()

    page.get_by_label("Adresse").fill("vestby")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert Neighbourhood.objects.filter(name="Vestby", municipality=town).exists()
    assert page.get_by_role("status").filter(has_text="Vestby").is_visible()


def test_phone_sized_screen_has_no_horizontal_scroll(phone_page, live_server, town):
    page = phone_page
    for path in ["/fjordby/", "/fjordby/neighbourhoods/borgen/", "/fjordby/organisations/", "/accounts/login/"]:
        visit(page, f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"


def test_core_pages_work_without_javascript(browser, live_server, town):
    # axe needs JavaScript, so this test only proves the flow; the same pages are axe-checked in the tests above.
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    try:
        response = page.goto(f"{live_server.url}/fjordby/")
        assert response.status == 200
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "en"
        page.get_by_role("link", name="Log in").click()
        page.wait_for_load_state("load")
        make_user("nojs@example.com")
        page.get_by_label("Email").fill("nojs@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state("load")
        # Back where the resident started, now logged in.
        assert page.url == f"{live_server.url}/fjordby/"
        assert page.get_by_role("button", name="Log out").is_visible()
    finally:
        context.close()


def test_organisation_registration_and_review(page, live_server, town):
    from sammen.organisations.models import Organisation

    resident = make_user("leder@strikk.example")
    coordinator = grant(
        make_user("koord@fjordby.example"), town, Role.COORDINATOR, Neighbourhood.objects.get(slug="borgen")
    )
    page.context.add_cookies([])
    from .conftest import login

    login(page, live_server, resident.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/organisations/register/")
    page.get_by_label("Navn", exact=True).fill("Strikkeklubben")
    page.get_by_label("Type").select_option("other")
    page.get_by_role("button", name="Registrer").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert Organisation.objects.get(name="Strikkeklubben").status == "pending"

    page.context.clear_cookies()
    login(page, live_server, coordinator.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/organisations/review/")
    page.get_by_role("link", name="Strikkeklubben").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_label("Godkjenn").check()
    page.get_by_role("button", name="Lagre avgjørelsen").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert Organisation.objects.get(name="Strikkeklubben").status == "approved"
