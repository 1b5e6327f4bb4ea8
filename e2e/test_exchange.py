"""The volunteer exchange in a real browser: an exchange event with 30 actors from invitation to follow-up, brokers
registering agreements on phones while the big screen counts them, and a volunteer signing up for a shift.
Every page loaded, in every browser context, is checked with axe."""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from sammen.accounts.models import Role
from sammen.core.testing import PASSWORD, add_member, grant, make_municipality, make_neighbourhood, make_user
from sammen.exchange import services
from sammen.exchange.models import Actor, Agreement, ExchangeEvent, FollowUp, Listing, ShiftSignup
from sammen.exchange.tests.factories import make_actor, make_listing, make_shift, make_task
from sammen.organisations.models import Organisation

from .conftest import PHONE, A11yTracker, check_a11y, login, visit

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = ["sports_club", "voluntary_organisation", "business", "municipal_unit", "choir_or_band", "business"]


@pytest.fixture
def open_page(browser):
    """Pages in contexts of their own (another person's phone, the hall's big screen), each tracked like `page`."""
    opened = []

    def make(viewport=None):
        context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", viewport=viewport or PHONE)
        new = context.new_page()
        tracker = A11yTracker()
        new._a11y_tracker = tracker
        new.on("load", lambda p: tracker.loaded(p.url))
        new.set_default_timeout(10_000)
        opened.append((context, new, tracker))
        return new

    yield make
    unchecked = [url for _context, _page, tracker in opened for url in tracker.unchecked]
    for context, _page, _tracker in opened:
        context.close()
    assert not unchecked, f"pages loaded without an axe check: {unchecked}"


@pytest.fixture
def town(db):
    municipality = make_municipality(slug="fjordby", name="Fjordby kommune")
    borgen = make_neighbourhood(municipality, slug="borgen", name="Borgen")
    make_neighbourhood(municipality, slug="ulleral", name="Ullerål")
    admin = grant(make_user("admin@fjordby.example", full_name="Anne Admin"), municipality, Role.MUNICIPALITY_ADMIN)
    # Ten organisations are in the exchange already, nineteen are approved but not yet in it, one is a volunteer.
    organisations = [
        Organisation.objects.create(
            municipality=municipality,
            name=f"Aktør {i:02d}",
            kind=KINDS[i % len(KINDS)],
            status="approved",
            neighbourhood=borgen if i % 2 else None,
            email=f"post{i}@aktor.example",
        )
        for i in range(1, 30)
    ]
    club = organisations[0]
    representative = add_member(club, make_user("leder@aktor01.example", full_name="Lise Leder"))
    for organisation in organisations[:10]:
        make_actor(municipality, organisation=organisation, neighbourhood=organisation.neighbourhood)
    make_actor(municipality, user=make_user("per@example.com", full_name="Per Frivillig"), display_name="Per F.")
    return municipality, admin, representative


def _choose_all(page, group_label):
    for box in page.get_by_role("group", name=group_label).get_by_role("checkbox").all():
        box.check()


def test_an_exchange_event_with_thirty_actors_end_to_end(page, open_page, live_server, town):
    municipality, admin, representative = town
    base = f"{live_server.url}/fjordby/exchange"
    brokers = [make_user("megler1@fjordby.example", full_name="Mia Megler"), make_user("megler2@fjordby.example")]

    # 1. The municipality sets up the event, on now, and invites all 30 actors.
    login(page, live_server, admin.email, PASSWORD)
    visit(page, f"{base}/events/")
    page.get_by_role("link", name="Sett opp et børsarrangement").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    starts = timezone.localtime() - datetime.timedelta(minutes=30)
    page.get_by_label("Tittel").fill("Frivilligbørs på Borgen")
    page.get_by_label("Starter").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Slutter").fill((starts + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Mål for antall avtaler").fill("12")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    event = ExchangeEvent.objects.get(title="Frivilligbørs på Borgen")
    _choose_all(page, "Aktører i frivilligbørsen")
    _choose_all(page, "Godkjente organisasjoner som ikke er med i frivilligbørsen ennå")
    page.get_by_role("button", name="Send invitasjonene").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_role("status").filter(has_text="30 invitert").is_visible()
    assert event.participants.count() == 30 and Actor.objects.filter(municipality=municipality).count() == 30
    assert len(mail.outbox) >= 29
    for broker in brokers:
        page.get_by_label("Personens e-postadresse").fill(broker.email)
        page.get_by_label("Rolle").select_option("broker")
        page.get_by_role("button", name="Legg til", exact=True).click()
        page.wait_for_load_state("load")
        check_a11y(page)
    assert event.roles.filter(role="broker").count() == 2

    # 2. Beforehand: a representative says the club is coming and registers an offer and a need for the event.
    actors = {a.name: a for a in Actor.objects.filter(municipality=municipality).select_related("organisation")}
    for index, actor in enumerate(actors.values()):
        if actor.name != "Aktør 01":
            make_listing(
                actor,
                side="offer" if index % 2 else "need",
                category="premises",
                title=f"Lokaler {index}",
                event=event,
                tags=["møterom"],
            )
    rep = open_page()
    login(rep, live_server, representative.email, PASSWORD)
    visit(rep, f"{base}/events/{event.pk}/")
    rep.get_by_role("button", name="Vi kommer").click()
    rep.wait_for_load_state("load")
    check_a11y(rep)
    for side, title in (("offer", "Klubbhuset tirsdager"), ("need", "Møterom til styremøter")):
        if side == "need":
            visit(rep, f"{base}/events/{event.pk}/")
        rep.get_by_role(
            "link",
            name="Registrer et tilbud til arrangementet" if side == "offer" else "Registrer et behov til arrangementet",
        ).click()
        rep.wait_for_load_state("load")
        check_a11y(rep)
        rep.get_by_label("Kategori", exact=True).select_option("premises")
        rep.get_by_label("Tittel").fill(title)
        rep.get_by_label("tirsdag").check()
        rep.get_by_label("Stikkord").fill("møterom")
        rep.get_by_role("button", name="Lagre").click()
        rep.wait_for_load_state("load")
        check_a11y(rep)
        assert rep.get_by_role("heading", name=title, level=1).is_visible()
    # Its need is answered by the offers registered for the event, with the reason.
    assert rep.locator(".reason").first.inner_text().startswith("begge: lokaler, møterom")
    assert Listing.objects.filter(event=event, actor__organisation__name="Aktør 01").count() == 2

    # 3. At the event: the big screen in the hall, and two brokers on their phones.
    screen = open_page(viewport={"width": 1280, "height": 720})
    visit(screen, f"{base}/events/{event.pk}/screen/")
    assert screen.locator("[data-count]").inner_text() == "0"
    screen.evaluate("window.__stillTheSamePage = true")

    phones = []
    for broker in brokers:
        phone = open_page()
        login(phone, live_server, broker.email, PASSWORD)
        visit(phone, f"{base}/events/{event.pk}/broker/")
        phones.append(phone)
    names = sorted(actors)
    pairs = [(names[i], names[i + 12]) for i in range(12)]
    durations = []
    for number, (giver, receiver) in enumerate(pairs):
        phone = phones[number % 2]
        started = time.monotonic()
        phone.get_by_label("Hvem gir").select_option(label=giver)
        phone.get_by_label("Hva de gir", exact=True).fill(f"Lokaler tirsdag kveld, avtale {number + 1}")
        phone.get_by_label("Hvem får").select_option(label=receiver)
        phone.get_by_label("Kategori").select_option("premises")
        phone.get_by_role("button", name="Registrer avtalen").click()
        phone.wait_for_load_state("load")
        durations.append(time.monotonic() - started)
        check_a11y(phone)
        assert phone.get_by_role("status").filter(has_text=f"Registrert: {giver} og {receiver}").is_visible()
        if number == 5:
            # Meanwhile the big screen has counted without being reloaded.
            expect(screen.locator("[data-count]")).to_have_attribute("data-count", "6", timeout=15_000)
    # The second broker registers a handshake the first already wrote down: it counts once.
    phones[1].get_by_label("Hvem gir").select_option(label=pairs[0][1])
    phones[1].get_by_label("Hva de gir", exact=True).fill("Det samme")
    phones[1].get_by_label("Hvem får").select_option(label=pairs[0][0])
    phones[1].get_by_label("Kategori").select_option("premises")
    phones[1].get_by_role("button", name="Registrer avtalen").click()
    phones[1].wait_for_load_state("load")
    check_a11y(phones[1])
    assert phones[1].get_by_role("status").filter(has_text="ble allerede registrert av Mia Megler").is_visible()
    assert max(durations) < 60
    assert Agreement.objects.filter(event=event).count() == 12

    expect(screen.locator("[data-count]")).to_have_attribute("data-count", "12", timeout=15_000)
    assert screen.evaluate("window.__stillTheSamePage") is True
    assert screen.locator(".screen__recent li").count() == 8
    check_a11y(screen)

    # 4. Afterwards: the report, one follow-up date for every agreement, the spreadsheet, and the reminders.
    visit(page, f"{base}/events/{event.pk}/report/")
    assert page.locator(".stat").first.inner_text() == "12"
    due = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Følg opp alle avtalene den").fill(due.isoformat())
    page.get_by_label("Hva som skal sjekkes").fill("Har samarbeidet startet?")
    page.get_by_role("button", name="Sett datoen for alle avtalene").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_role("status").filter(has_text="12 oppfølginger lagt til").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som regneark").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book["Avtaler"].max_row == 13

    mail.outbox.clear()
    assert services.follow_up_reminders_send(now=timezone.now() + datetime.timedelta(days=30)) == 12
    assert services.follow_up_reminders_send(now=timezone.now() + datetime.timedelta(days=30)) == 0
    assert [m.to for m in mail.outbox] == [[admin.email]] * 12
    assert "Har samarbeidet startet?" in mail.outbox[0].body

    page.get_by_role("link", name=Agreement.objects.filter(event=event).order_by("pk").first().reference).click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_role("link", name="Skriv oppfølgingsnotatet").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_label("Oppfølgingsnotat").fill("Går fint, de møtes hver tirsdag.")
    page.get_by_role("button", name="Lagre notatet").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert FollowUp.objects.filter(outcome="Går fint, de møtes hver tirsdag.").count() == 1


def test_a_volunteer_finds_a_task_and_signs_up_for_a_shift(phone_page, live_server, town):
    page = phone_page
    club = Actor.objects.get(organisation__name="Aktør 01")
    task = make_task(club, title="Leksehjelp i matte", description="Hjelp elever med matte.")
    make_shift(task, starts_in_hours=50, capacity=2)
    make_shift(make_task(club, title="Vårdugnad"), starts_in_hours=80)
    resident = make_user("kari@example.com", full_name="Kari Nordmann", phone="+4790000001")

    login(page, live_server, resident.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/exchange/")
    page.get_by_role("link", name="Finn et frivillig oppdrag").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_label("Søk").fill("lekse")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_role("link", name="Vårdugnad").count() == 0
    page.get_by_role("link", name="Leksehjelp i matte").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_role("link", name="Meld deg på").first.click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_label("Navnet ditt slik andre ser det").fill("Kari N.")
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_role("status").filter(has_text="Du er påmeldt").is_visible()
    assert page.get_by_text("Du er påmeldt", exact=True).is_visible()
    signup = ShiftSignup.objects.get()
    assert signup.volunteer.user == resident and signup.volunteer.contact_phone == "+4790000001"
    assert mail.outbox[-1].to == ["kari@example.com"]
    visit(page, f"{live_server.url}/fjordby/exchange/hours/")
    assert page.get_by_role("link", name="Leksehjelp i matte").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_exchange_pages_fit_a_phone_in_every_language(phone_page, live_server, town):
    page = phone_page
    municipality, admin, _representative = town
    event = services.event_create(
        user=admin,
        municipality=municipality,
        title="Børs",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    club = Actor.objects.get(organisation__name="Aktør 01")
    listing = make_listing(club, title="Klubbhuset", event=event)
    make_shift(make_task(club, title="Dugnad"))
    paths = [
        "/fjordby/exchange/",
        "/fjordby/exchange/offers-and-needs/",
        f"/fjordby/exchange/offers-and-needs/{listing.pk}/",
        "/fjordby/exchange/actors/",
        "/fjordby/exchange/events/",
        f"/fjordby/exchange/events/{event.pk}/",
        f"/fjordby/exchange/events/{event.pk}/screen/",
        "/fjordby/exchange/tasks/",
    ]
    for language, button in (("nn", "Nynorsk"), ("da", "Dansk"), ("en", "English"), ("nb", "Bokmål")):
        visit(page, f"{live_server.url}/fjordby/exchange/")
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state("load")
        check_a11y(page)
        assert page.locator("html").get_attribute("lang") == language
        for path in paths:
            visit(page, f"{live_server.url}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} in {language} scrolls sideways by {overflow}px"

    # The pages with tables, as the organiser on a phone: nothing scrolls sideways, not even inside a table.
    from sammen.exchange.tests.factories import make_agreement, make_follow_up

    other = Actor.objects.get(organisation__name="Aktør 02")
    agreement = make_agreement(club, other, event=event, registered_by=admin, party_a_contact="kontakt@aktor01.example")
    make_follow_up(agreement, what="Kom det i gang?", assignee=admin)
    login(page, live_server, admin.email, PASSWORD)
    for path in [
        "/fjordby/exchange/mine/",
        "/fjordby/exchange/agreements/",
        f"/fjordby/exchange/agreements/{agreement.pk}/",
        "/fjordby/exchange/staff/",
        f"/fjordby/exchange/events/{event.pk}/manage/",
        f"/fjordby/exchange/events/{event.pk}/report/",
        f"/fjordby/exchange/events/{event.pk}/broker/",
        "/fjordby/exchange/hours/",
    ]:
        visit(page, f"{live_server.url}{path}")
        overflow = page.evaluate(
            "Math.max(...[document.documentElement, ...document.querySelectorAll('.table-wrap')]"
            ".map(e => e.scrollWidth - e.clientWidth))"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"


def test_a_broker_registers_an_agreement_without_javascript(browser, live_server, town):
    # axe needs JavaScript, so this only proves the flow; the same pages are axe-checked in the tests above.
    municipality, admin, _representative = town
    event = services.event_create(
        user=admin,
        municipality=municipality,
        title="Børs",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    services.event_invite(user=admin, event=event, actors=list(Actor.objects.filter(organisation__isnull=False)))
    context = browser.new_context(java_script_enabled=False, locale="nb-NO", viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/?next=/fjordby/exchange/events/{event.pk}/broker/")
        page.get_by_label("E-post").fill(admin.email)
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_load_state("load")
        page.get_by_label("Hvem gir").select_option(label="Aktør 02")
        page.get_by_label("Hva de gir", exact=True).fill("Minibuss til turen")
        page.get_by_label("Hvem får").select_option(label="Aktør 03")
        page.get_by_label("Kategori").select_option("transport")
        page.get_by_role("button", name="Registrer avtalen").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Registrert: Aktør 02 og Aktør 03").is_visible()
        assert Agreement.objects.filter(event=event).count() == 1
    finally:
        context.close()


def test_every_other_exchange_page_passes_axe(page, live_server, town):
    """The pages the flows above do not reach, each as someone who may open it."""
    from sammen.exchange.tests.factories import add_participant, make_agreement, make_follow_up, make_signup

    municipality, admin, representative = town
    club = Actor.objects.get(organisation__name="Aktør 01")
    other = Actor.objects.get(organisation__name="Aktør 02")
    volunteer = Actor.objects.get(display_name="Per F.")
    need = make_listing(club, side="need", title="Sjåfør til turer", category="transport", tags=["tur"])
    make_listing(other, title="Minibuss", category="transport", tags=["tur"])
    services.contact_request_send(user=volunteer.user, from_actor=volunteer, listing=need, message="Jeg kjører!")
    agreement = make_agreement(club, other, status="agreed", registered_by=admin)
    make_follow_up(agreement, what="Kom det i gang?", assignee=admin)
    event = services.event_create(
        user=admin,
        municipality=municipality,
        title="Børs",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    add_participant(event, club)
    task = make_task(club, title="Dugnad")
    past = make_shift(task, starts_in_hours=-5)
    make_shift(task, starts_in_hours=30)
    make_signup(past, volunteer)
    base = f"{live_server.url}/fjordby/exchange"

    login(page, live_server, admin.email, PASSWORD)
    for path in [
        "/staff/",
        "/agreements/",
        f"/agreements/{agreement.pk}/",
        f"/agreements/{agreement.pk}/edit/",
        f"/follow-ups/{agreement.follow_ups.get().pk}/done/",
        f"/events/{event.pk}/manage/",
        f"/events/{event.pk}/edit/",
        f"/tasks/{task.pk}/shifts/",
        f"/tasks/{task.pk}/edit/",
        f"/actors/{club.pk}/edit/",
        "/agreements/new/",
    ]:
        visit(page, base + path)
    # A form with errors is also checked.
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state("load")
    check_a11y(page)

    page.context.clear_cookies()
    login(page, live_server, representative.email, PASSWORD)
    for path in [
        "/mine/",
        "/join/",
        f"/offers-and-needs/{need.pk}/",
        f"/offers-and-needs/{need.pk}/edit/",
        "/offers-and-needs/new/?side=need",
        f"/offers-and-needs/{Listing.objects.get(title='Minibuss').pk}/contact/",
        f"/actors/{club.pk}/",
        "/tasks/new/",
    ]:
        visit(page, base + path)
    visit(page, base + "/mine/")
    page.get_by_role("button", name="Takk ja").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_role("link", name="Skriv ned en avtale").first.click()
    page.wait_for_load_state("load")
    check_a11y(page)

    page.context.clear_cookies()
    login(page, live_server, make_user("ny@example.com").email, PASSWORD)
    for path in ["/join/", "/offers-and-needs/new/", "/tasks/new/", "/hours/", "/mine/"]:
        visit(page, base + path)
