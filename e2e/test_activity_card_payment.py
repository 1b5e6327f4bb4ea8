"""Paying an activity's sign-up fee with the activity card in a real browser (issue 7, item 3): a guardian signs a
child up, pays with the card, sees the place confirmed, and cancels to get the fee back. Every page is axe-checked."""

import pytest
from django.core.management import call_command

from sammen.activities.models import Activity, SignUp, SignUpStatus
from sammen.activities.tests.factories import make_activity
from sammen.card import money
from sammen.card import services as card_services
from sammen.card.tests.factories import fund_directly, make_child, make_provider, make_scheme
from sammen.core.testing import make_municipality, make_organisation, make_user

from .conftest import check_a11y, login, visit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def course(db):
    municipality = make_municipality(slug="fjordby", name="Fjordby kommune")
    club = make_organisation(municipality, name="Fjordby turn")
    activity = make_activity(
        municipality,
        organisation=club,
        title="Turn for barn",
        join_method="sign_up",
        capacity=10,
        accepts_card=True,
    )
    Activity.objects.filter(pk=activity.pk).update(signup_fee_ore=35_000)
    scheme = make_scheme(municipality, name="Fritidskortet")
    make_provider(scheme, organisation=club)
    guardian = make_user("amina@example.com", full_name="Amina Hassan")
    child = make_child(municipality, guardian, name="Yusuf")
    enrolment = card_services.enrol(guardian=guardian, scheme=scheme, child=child, neighbourhood=None)
    fund_directly(enrolment, 50_000)
    return {"activity": activity, "guardian": guardian, "child": child, "enrolment": enrolment}


def test_a_guardian_signs_a_child_up_and_pays_with_the_activity_card(page, live_server, course):
    activity = course["activity"]
    login(page, live_server, "amina@example.com", "")
    visit(page, f"{live_server.url}/fjordby/activities/{activity.pk}/sign-up/")
    # What the card can spend, never where the money came from.
    assert page.get_by_text("Yusuf Test (kan bruke 500 kr)", exact=False).is_visible()
    page.locator("#id_child").select_option(label=str(course["child"]))
    page.locator("#id_pay_with_card").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_text("Avgiften er betalt med aktivitetskortet").is_visible()
    signup = SignUp.objects.get(activity=activity)
    assert signup.status == SignUpStatus.CONFIRMED and signup.paid_by_card
    assert money.holder_balance(course["enrolment"]) == 15_000

    # Cancelling gives the fee back to the card.
    page.locator("main form.inline-form button").first.click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_text("Avgiften er betalt tilbake til aktivitetskortet").is_visible()
    assert money.holder_balance(course["enrolment"]) == 50_000
    call_command("card_reconcile")
