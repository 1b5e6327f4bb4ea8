"""The activity card in a real browser, as the issue's "Done when" describes it: a guardian enrols two children,
a grandparent tops one up, the municipality grants a half-year amount to all and a targeted amount to one,
the swimming hall redeems at the door on a phone, the provider sees nothing about the family, the settlement
file is right to the øre, and the books reconcile. Every page is checked with axe."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from sammen.accounts.models import Child, Guardianship, Role
from sammen.card import ledger, money
from sammen.card.models import Card, Enrolment
from sammen.card.tests.factories import make_offer, make_provider, make_scheme
from sammen.core.testing import (
    PASSWORD,
    add_member,
    grant,
    make_municipality,
    make_neighbourhood,
    make_organisation,
    make_user,
)
from sammen.organisations.models import MembershipRole

from .conftest import PHONE, check_a11y, login, visit

pytestmark = pytest.mark.django_db(transaction=True)


def _logout(page):
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state("load")
    check_a11y(page)


def _click(page, role, name, **kwargs):
    page.get_by_role(role, name=name, **kwargs).click()
    page.wait_for_load_state("load")
    check_a11y(page)


@pytest.fixture
def town(db):
    municipality = make_municipality(slug="fjordby", name="Fjordby kommune")
    borgen = make_neighbourhood(municipality, slug="borgen", name="Borgen")
    make_neighbourhood(municipality, slug="ulleral", name="Ullerål")
    scheme = make_scheme(municipality, name="Fritidskortet", pilot_neighbourhood=borgen)
    hall = make_organisation(municipality, name="Fjordby svømmehall", kind="municipal_unit")
    door_staff = add_member(hall, make_user("kasse@svommehall.example"), MembershipRole.PROVIDER_STAFF)
    provider = make_provider(scheme, organisation=hall)
    make_offer(provider, title="Svømming barn", price_ore=6_000)
    make_offer(
        provider, title="Fribad", kind="free_pass", quota=5, max_companions=1, settlement_price_ore=4_000, price_ore=0
    )
    guardian = make_user("amina@example.com", full_name="Amina Hassan")
    today = timezone.localdate()
    for given, age in [("Yusuf", 11), ("Leila", 8)]:
        child = Child.objects.create(
            municipality=municipality,
            given_name=given,
            family_name="Hassan",
            birth_date=today.replace(year=today.year - age, day=1),
        )
        Guardianship.objects.create(guardian=guardian, child=child)
    admin = grant(make_user("admin@fjordby.example"), municipality, Role.MUNICIPALITY_ADMIN)
    caseworker = grant(make_user("saksbehandler@fjordby.example"), municipality, Role.CASEWORKER)
    return {
        "municipality": municipality,
        "guardian": guardian,
        "admin": admin,
        "caseworker": caseworker,
        "door_staff": door_staff,
        "provider": provider,
    }


def test_done_when_the_whole_card_story(page, live_server, town):
    base = f"{live_server.url}/fjordby/card"
    today = timezone.localdate()

    # 1. A guardian enrols two children.
    login(page, live_server, "amina@example.com", PASSWORD)
    visit(page, f"{base}/")
    _click(page, "link", "Få kort til barna dine")
    page.get_by_label("Yusuf Hassan").check()
    page.get_by_label("Leila Hassan").check()
    page.get_by_label("Nabolaget dere bor i").select_option(label="Borgen")
    page.get_by_label("Jeg har lest hvordan kommunen behandler").check()
    _click(page, "button", "Få kortene")
    assert page.get_by_role("status").filter(has_text="Yusuf").is_visible()
    assert Enrolment.objects.count() == 2

    # The guardian makes a top-up link for Yusuf and shows his card.
    _click(page, "link", "Saldo, historikk og kort for Yusuf")
    _click(page, "button", "Lag en påfyllingslenke")
    link = page.get_by_label("Påfyllingslenke").input_value()
    _click(page, "link", "Vis kortet")
    yusuf_card = Card.objects.get(enrolment__child__given_name="Yusuf", status="active")
    assert yusuf_card.grouped_number in page.content()
    assert page.locator(".activity-card svg").count() == 1
    _logout(page)

    # 2. A grandparent (no account) tops Yusuf up through the link and the payment page.
    visit(page, link)
    page.get_by_label("Beløp (kr)").fill("abc")
    _click(page, "button", "Gå til betaling")
    assert page.locator(".error-summary").is_visible()
    page.get_by_label("Beløp (kr)").fill("250,50")
    page.get_by_label("Navnet ditt").fill("Bestefar")
    _click(page, "button", "Gå til betaling")
    _click(page, "button", "Godkjenn betalingen")
    assert page.get_by_role("heading", name="Takk!").is_visible()
    assert "250,50" in page.content()

    # 3. The municipality grants a half-year amount to all ...
    login(page, live_server, "admin@fjordby.example", PASSWORD)
    visit(page, f"{base}/staff/")
    _click(page, "link", "Tilskudd til alle barn")
    page.get_by_label("Navn", exact=True).fill("Halvår")
    page.get_by_label("Beløp per barn (kr)").fill("500")
    page.get_by_label("Gyldig fra").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Utløper etter").fill((today + datetime.timedelta(days=180)).isoformat())
    _click(page, "button", "Opprett")
    _click(page, "button", "Gi til alle barn")
    assert page.get_by_role("status").filter(has_text="2 barn fikk 500,00").is_visible()
    _logout(page)

    # ... and a caseworker a targeted amount to one, with a reason nobody else sees.
    login(page, live_server, "saksbehandler@fjordby.example", PASSWORD)
    visit(page, f"{base}/staff/targeted/")
    page.get_by_label("Barnets navn").fill("Leila")
    _click(page, "button", "Søk")
    _click(page, "link", "Gi ekstra tilskudd – Leila")
    page.get_by_label("Beløp (kr)").fill("1500")
    page.get_by_label("Begrunnelse for vedtaket").fill("Vedtak om økonomisk sosialhjelp")
    _click(page, "button", "Vedta og sett det inn på kortet")
    assert "sosialhjelp" in page.content()
    _logout(page)

    # 4. The swimming hall redeems at the door on a phone-sized screen.
    page.set_viewport_size(PHONE)
    login(page, live_server, "kasse@svommehall.example", PASSWORD)
    visit(page, f"{base}/door/")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.get_by_label("Kortnummer").fill(yusuf_card.grouped_number)
    page.get_by_label("Svømming barn – 60,00 kr").check()
    _click(page, "button", "Ta imot kortet")
    result = page.locator("#door-result")
    assert "Ja" in result.inner_text() and "60,00" in result.inner_text()
    leila_card = Card.objects.get(enrolment__child__given_name="Leila", status="active")
    page.get_by_label("Kortnummer").fill(leila_card.number)
    page.get_by_label("Fribad (frikort)").check()
    page.get_by_label("Ledsagere som slipper inn gratis").fill("1")
    _click(page, "button", "Ta imot kortet")
    assert "Slipp inn 2" in page.locator("#door-result").inner_text()
    page.get_by_label("Kortnummer").fill("1234 5678 1234 5678")
    _click(page, "button", "Ta imot kortet")
    assert page.locator(".error-summary").is_visible()

    # 5. The provider sees nothing about the family.
    _click(page, "link", "Dagens bruk, tilbakebetalinger og oppgjør")
    content = page.content()
    for secret in ("Yusuf", "Leila", "Hassan", "sosialhjelp", "Bestefar", "tilskudd"):
        assert secret not in content, secret
    _logout(page)

    # 6. The settlement file is right to the øre.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "admin@fjordby.example", PASSWORD)
    visit(page, f"{base}/staff/settlement/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    text = download_info.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    summary = rows[1]
    assert summary[0] == "Fjordby svømmehall"
    assert summary[-1] == str(6_000 + 2 * 4_000) and summary[-2] == "140.00"
    for secret in ("Yusuf", "Leila", "sosialhjelp"):
        assert secret not in text
    visit(page, f"{base}/staff/reports/")
    assert money.spendable_balance(yusuf_card.enrolment) == 25_050 + 50_000 - 6_000

    # 7. The books reconcile.
    assert ledger.reconcile().balanced
    call_command("card_reconcile")


def test_card_pages_work_on_a_phone_without_sideways_scrolling(phone_page, live_server, town):
    page = phone_page
    from sammen.card import services

    child = Child.objects.get(given_name="Yusuf")
    enrolment = services.enrol(
        guardian=town["guardian"], scheme=town["provider"].scheme, child=child, neighbourhood=None
    )
    card = enrolment.cards.get()
    login(page, live_server, "amina@example.com", PASSWORD)
    for path in [
        "/fjordby/card/",
        f"/fjordby/card/cards/{card.pk}/",
        f"/fjordby/card/cards/{card.pk}/show/",
        f"/fjordby/card/cards/{card.pk}/top-up/",
    ]:
        visit(page, f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    # Block the lost card: a new number at once, the same money.
    visit(page, f"{live_server.url}/fjordby/card/cards/{card.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    _click(page, "button", "Sperr kortet og få et nytt")
    card.refresh_from_db()
    assert card.status == "blocked"
    assert page.get_by_role("status").filter(has_text=card.number[-4:]).is_visible()


def _qr_video(path, number: str) -> None:
    """A Y4M video whose every frame shows the card's QR code, for Chromium's fake camera."""
    import qrcode
    from PIL import Image

    width, height = 640, 480
    code = qrcode.make(number, box_size=10, border=4).convert("L").resize((360, 360))
    frame = Image.new("L", (width, height), 255)
    frame.paste(code, ((width - 360) // 2, (height - 360) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            out.write(b"FRAME\n" + luma + chroma + chroma)


def test_door_page_reads_the_qr_code_with_the_camera(browser_type, live_server, town, tmp_path):
    from playwright.sync_api import expect

    from sammen.card import services

    from .conftest import CHROMIUM

    child = Child.objects.get(given_name="Yusuf")
    enrolment = services.enrol(
        guardian=town["guardian"], scheme=town["provider"].scheme, child=child, neighbourhood=None
    )
    from sammen.card.tests.factories import give_grant

    give_grant(enrolment, 10_000)
    card = enrolment.cards.get()
    video = tmp_path / "qr.y4m"
    _qr_video(video, card.number)
    browser = browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--headless",
            "--no-sandbox",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = browser.new_context(locale="nb-NO", permissions=["camera"], viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-post").fill("kasse@svommehall.example")
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_load_state("load")
        page.goto(f"{live_server.url}/fjordby/card/door/")
        check_a11y(page)
        page.get_by_role("button", name="Skann QR-koden").click()
        # The page decodes the fake camera's picture and fills in the number (checked without eval: strict CSP).
        expect(page.get_by_label("Kortnummer")).to_have_value(card.number, timeout=20_000)
        page.get_by_label("Svømming barn – 60,00 kr").check()
        page.get_by_role("button", name="Ta imot kortet").click()
        page.wait_for_load_state("load")
        check_a11y(page)
        assert "Ja" in page.locator("#door-result").inner_text()
        context.close()
    finally:
        browser.close()


def test_scheme_providers_offers_and_a_refund(page, live_server, town):
    from sammen.card import services
    from sammen.card.tests.factories import give_grant

    base = f"{live_server.url}/fjordby/card"
    child = Child.objects.get(given_name="Yusuf")
    enrolment = services.enrol(
        guardian=town["guardian"], scheme=town["provider"].scheme, child=child, neighbourhood=None
    )
    give_grant(enrolment, 20_000)
    make_organisation(town["municipality"], name="Borgen bowling", kind="business")

    login(page, live_server, "admin@fjordby.example", PASSWORD)
    visit(page, f"{base}/staff/scheme/")
    page.get_by_label("Høyeste alder").fill("3")
    _click(page, "button", "Lagre")
    assert page.locator(".error-summary").is_visible()
    page.get_by_label("Høyeste alder").fill("16")
    _click(page, "button", "Lagre")
    visit(page, f"{base}/staff/providers/")
    page.get_by_label("Organisasjon").select_option(label="Borgen bowling")
    page.get_by_label("Bankkonto for utbetalinger").fill("1234.56.78901")
    _click(page, "button", "Legg til")
    assert page.locator(".error-summary").is_visible()
    page.get_by_label("Bankkonto for utbetalinger").fill("1503.65.24593")
    _click(page, "button", "Legg til")
    _click(page, "link", "Borgen bowling")
    _click(page, "link", "Nytt tilbud")
    page.get_by_label("Tittel").fill("Bowling for barn")
    page.get_by_label("Fast pris").check()
    page.get_by_label("Hva det betaler for").select_option(label="Inngangsbillett")
    page.get_by_label("Pris (kr)").fill("200")
    page.get_by_label("Rabatt fra tilbyderen (%)").fill("20")
    _click(page, "button", "Lagre")
    assert "160,00" in page.content()
    _logout(page)

    # The swimming hall takes 60 kr, then gives it back.
    login(page, live_server, "kasse@svommehall.example", PASSWORD)
    visit(page, f"{base}/door/")
    page.get_by_label("Kortnummer").fill(enrolment.cards.get().number)
    page.get_by_label("Svømming barn – 60,00 kr").check()
    _click(page, "button", "Ta imot kortet")
    _click(page, "link", "Dagens bruk, tilbakebetalinger og oppgjør")
    page.get_by_role("link", name="Tilbakebetaling").first.click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_label("Begrunnelse").fill("Bassenget var stengt")
    _click(page, "button", "Gi tilbake")
    assert money.spendable_balance(enrolment) == 20_000
    assert ledger.reconcile().balanced


def test_door_staff_of_two_providers_choose_where_they_are(phone_page, live_server, town):
    page = phone_page
    gym = make_organisation(town["municipality"], name="Fjordby klatresenter", kind="business")
    add_member(gym, town["door_staff"], MembershipRole.PROVIDER_STAFF)
    make_provider(town["provider"].scheme, organisation=gym)
    login(page, live_server, "kasse@svommehall.example", PASSWORD)
    visit(page, f"{live_server.url}/fjordby/card/door/")
    _click(page, "link", "Fjordby klatresenter")
    assert page.get_by_role("heading", name="Fjordby klatresenter").is_visible()
    assert page.get_by_text("ingen aktive tilbud").is_visible()
