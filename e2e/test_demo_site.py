"""The demo site as a new user meets it: the landing pages of the demo municipalities in all four languages."""

import pytest
from django.core.management import call_command

from .conftest import check_a11y, visit

pytestmark = pytest.mark.django_db(transaction=True)

BUTTONS = {"nb": "Bokmål", "nn": "Nynorsk", "da": "Dansk", "en": "English"}
NEIGHBOURHOODS_HEADING = {"nb": "Nabolag", "nn": "Nabolag", "da": "Lokalområder", "en": "Neighbourhoods"}


@pytest.mark.parametrize("language", ["nb", "nn", "da", "en"])
def test_demo_landing_pages_in_every_language(page, live_server, language):
    call_command("demo_setup", quiet_users=True)
    visit(page, f"{live_server.url}/")
    page.get_by_role("button", name=BUTTONS[language]).click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_role("link", name="Fjordvik kommune").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_role("heading", name=NEIGHBOURHOODS_HEADING[language], level=2).is_visible()
    for name in ("Borgen", "Ullerål"):
        page.get_by_role("link", name=name, exact=True).first.click()
        page.wait_for_load_state("load")
        check_a11y(page)
        assert page.get_by_role("heading", name=name, level=1).is_visible()
        page.go_back()
        page.wait_for_load_state("load")
        check_a11y(page)
    visit(page, f"{live_server.url}/gladvig/")
    assert page.get_by_role("heading", name="Gladvig Kommune", level=1).is_visible()
