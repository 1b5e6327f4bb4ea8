import datetime
import io
import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sammen.core.testing import client_for, make_neighbourhood, make_user
from sammen.exchange.models import (
    Actor,
    Agreement,
    ContactRequest,
    FollowUp,
    Listing,
    ShiftSignup,
    weekday_mask,
)

from .factories import (
    add_event_role,
    add_participant,
    make_actor,
    make_agreement,
    make_event,
    make_follow_up,
    make_listing,
    make_shift,
    make_task,
    make_volunteer,
)

pytestmark = pytest.mark.django_db


def url(world, name, **kwargs):
    return reverse(f"exchange:{name}", kwargs={"municipality_slug": world.municipality.slug, **kwargs})


def english(user=None):
    return client_for(user, language="en")


# Joining --------------------------------------------------------------------------------------------------------------


def test_a_resident_joins_as_a_volunteer_and_a_representative_brings_the_club(world):
    client = english(world.users["citizen"])
    response = client.post(url(world, "join"), {"as": "volunteer", "volunteer-display_name": ""})
    assert "There is a problem" in response.content.decode()
    assert not Actor.objects.exists()
    response = client.post(url(world, "join"), {"as": "volunteer", "volunteer-display_name": "Per N."})
    assert response.status_code == 302
    assert Actor.objects.get(user=world.users["citizen"]).display_name == "Per N."

    rep = english(world.users["organisation_representative"])
    page = rep.get(url(world, "join")).content.decode()
    assert "Testvik IL" in page
    response = rep.post(url(world, "join"), {"as": "organisation", "organisation-organisation": world.organisation.pk})
    assert response.status_code == 302
    assert Actor.objects.filter(organisation=world.organisation).exists()


def test_someone_outside_the_exchange_is_asked_to_join_before_registering(world):
    response = english(world.users["citizen"]).get(url(world, "listing_create"))
    assert response.status_code == 200
    assert "Join the exchange first" in response.content.decode()


# Offers and needs -----------------------------------------------------------------------------------------------------


def test_registering_an_offer_through_the_form(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    client = english(world.users["organisation_representative"])
    bad = client.post(
        url(world, "listing_create"),
        {"actor": club.pk, "side": "offer", "category": "premises", "title": "", "ends_on": "not a date"},
    )
    content = bad.content.decode()
    assert "There is a problem" in content and 'href="#id_title"' in content
    assert not Listing.objects.exists()
    good = client.post(
        url(world, "listing_create"),
        {
            "actor": club.pk,
            "side": "offer",
            "category": "premises",
            "title": "Klubbhuset",
            "visibility": "public",
            "weekdays": ["1", "3"],
            "neighbourhood": world.neighbourhood.pk,
            "tags": "møterom, kjøkken",
        },
    )
    listing = Listing.objects.get()
    assert good.status_code == 302 and good["Location"] == listing.get_absolute_url()
    assert listing.weekdays == weekday_mask([1, 3])
    assert listing.actor.organisation == world.organisation


def test_search_filters_and_hides_actors_only_listings_from_outsiders(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    shop = make_actor(world.municipality, organisation_fields={"name": "Kaffebaren", "kind": "business"})
    make_listing(club, title="Klubbhuset", neighbourhood=world.neighbourhood, tags=["møterom"])
    make_listing(shop, title="Kaffe til dugnaden", category="sponsorship")
    make_listing(club, side="need", title="Sjåfør til turer", category="transport", visibility="actors")
    make_listing(club, title="Gammel hall", status="closed")
    make_listing(club, title="Utgått", ends_on=timezone.localdate() - datetime.timedelta(days=1))
    make_listing(make_actor(world.municipality), title="I Nordby", neighbourhood=world.other_neighbourhood)

    def titles(client, **params):
        content = client.get(url(world, "listing_search"), params).content.decode()
        return sorted(re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', content))

    anonymous = english()
    assert titles(anonymous) == ["I Nordby", "Kaffe til dugnaden", "Klubbhuset"]
    assert titles(english(world.users["organisation_representative"])) == [
        "I Nordby",
        "Kaffe til dugnaden",
        "Klubbhuset",
        "Sjåfør til turer",
    ]
    assert titles(anonymous, neighbourhood=world.neighbourhood.pk) == ["Kaffe til dugnaden", "Klubbhuset"]
    assert titles(anonymous, tag="Møterom") == ["Klubbhuset"]
    assert titles(anonymous, q="kaffe") == ["Kaffe til dugnaden"]
    assert titles(anonymous, kind="business") == ["Kaffe til dugnaden"]
    assert titles(anonymous, category="premises", side="offer") == ["I Nordby", "Klubbhuset"]
    # An actors-only listing is not found by address either.
    hidden = Listing.objects.get(title="Sjåfør til turer")
    assert client_for(world.users["citizen"]).get(hidden.get_absolute_url()).status_code == 404


def test_search_pins_its_query_count(world, django_assert_max_num_queries):
    for i in range(25):
        actor = make_actor(world.municipality)
        make_listing(actor, title=f"Tilbud {i}", tags=["a", "b"], neighbourhood=world.neighbourhood)
    client = client_for(world.users["organisation_representative"])
    client.get(url(world, "listing_search"))
    with django_assert_max_num_queries(14):
        response = client.get(url(world, "listing_search"), {"q": "Tilbud"})
    assert response.status_code == 200


def test_need_page_ranks_offers_with_a_reason(world):
    sentrum = world.neighbourhood
    club = make_actor(world.municipality, organisation=world.organisation)
    school = make_actor(world.municipality, organisation_fields={"name": "Skolen", "kind": "municipal_unit"})
    shop = make_actor(world.municipality, organisation_fields={"name": "Butikken", "kind": "business"})
    need = make_listing(
        club, side="need", title="Møterom", tags=["møterom"], weekdays=weekday_mask([1]), neighbourhood=sentrum
    )
    make_listing(school, title="Klasserom", tags=["møterom"], weekdays=weekday_mask([1, 2]), neighbourhood=sentrum)
    make_listing(shop, title="Lager", neighbourhood=world.other_neighbourhood)
    make_listing(shop, title="Frukt", category="sponsorship")
    content = english().get(need.get_absolute_url()).content.decode()
    assert content.index("Klasserom") < content.index("Lager")
    assert "Frukt" not in content
    assert "both: premises, møterom, Tuesdays, Sentrum" in content
    assert "Score 70 of 100." in content


def test_contact_request_through_the_pages(world):
    club = make_actor(world.municipality, organisation=world.organisation, contact_email="klubb@example.com")
    need = make_listing(club, side="need", title="Sjåfør")
    volunteer = make_volunteer(world.municipality, user=world.users["citizen"], display_name="Per")
    client = english(world.users["citizen"])
    response = client.post(
        url(world, "contact_send", exchange_listing_id=need.pk), {"from_actor": volunteer.pk, "message": ""}
    )
    assert "There is a problem" in response.content.decode()
    client.post(
        url(world, "contact_send", exchange_listing_id=need.pk), {"from_actor": volunteer.pk, "message": "Jeg kjører"}
    )
    request = ContactRequest.objects.get()
    rep = english(world.users["organisation_representative"])
    assert "Jeg kjører" in rep.get(url(world, "mine")).content.decode()
    rep.post(url(world, "request_answer", exchange_request_id=request.pk), {"decision": "accept", "answer": "Ja!"})
    request.refresh_from_db()
    assert request.status == "accepted"
    page = client.get(url(world, "mine")).content.decode()
    assert "klubb@example.com" in page and "Write down an agreement" in page
    # The other side writes the agreement from the accepted request.
    response = client.get(url(world, "agreement_create") + f"?request={request.pk}")
    assert response.status_code == 200
    key = response.context["form"].initial["idempotency_key"]
    client.post(
        url(world, "agreement_create") + f"?request={request.pk}",
        {
            "idempotency_key": key,
            "party_a": volunteer.pk,
            "party_b": club.pk,
            "party_a_gives": "Kjører til turene",
            "category": "transport",
        },
    )
    agreement = Agreement.objects.get()
    assert agreement.status == "draft" and agreement.need == need and agreement.contact_request == request
    assert len(mail.outbox) == 2


# Agreements, PDF, follow-up ------------------------------------------------------------------------------------------


def test_agreement_pdf_is_one_page(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    unit = make_actor(world.municipality, organisation=world.provider)
    agreement = make_agreement(
        club, unit, party_a_gives="Trenere " * 300, party_b_gives="Bassengtid " * 300, note="Merk " * 200
    )
    response = client_for(world.users["organisation_representative"]).get(
        url(world, "agreement_pdf", exchange_agreement_id=agreement.pk)
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from sammen.exchange.pdf import agreement_document

    assert len(agreement_document(agreement).pages) == 1


def test_status_and_follow_up_through_the_agreement_page(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    unit = make_actor(world.municipality, organisation=world.provider)
    agreement = make_agreement(club, unit, status="draft")
    client = english(world.users["organisation_representative"])
    client.post(url(world, "agreement_status", exchange_agreement_id=agreement.pk), {"status": "completed"})
    agreement.refresh_from_db()
    assert agreement.status == "draft"
    client.post(url(world, "agreement_status", exchange_agreement_id=agreement.pk), {"status": "agreed"})
    agreement.refresh_from_db()
    assert agreement.status == "agreed"
    response = client.post(url(world, "follow_up_add", exchange_agreement_id=agreement.pk), {"due_on": "2001-01-01"})
    assert "Choose today or a later date." in response.content.decode()
    due = timezone.localdate() + datetime.timedelta(days=30)
    client.post(url(world, "follow_up_add", exchange_agreement_id=agreement.pk), {"due_on": due.isoformat()})
    follow_up = FollowUp.objects.get()
    client.post(url(world, "follow_up_done", exchange_follow_up_id=follow_up.pk), {"outcome": "Alt vel"})
    follow_up.refresh_from_db()
    assert follow_up.outcome == "Alt vel"


def test_agreement_list_pins_its_query_count(world, django_assert_max_num_queries):
    club = make_actor(world.municipality, organisation=world.organisation)
    for _ in range(25):
        make_agreement(club, make_actor(world.municipality))
    client = client_for(world.users["municipality_admin"])
    client.get(url(world, "agreement_list"))
    with django_assert_max_num_queries(12):
        response = client.get(url(world, "agreement_list"))
    assert response.status_code == 200 and response.context["page"].paginator.count == 25


# Events ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def running_event(world):
    organiser = make_user("arrangor@example.com")
    broker = make_user("megler@example.com", full_name="Mia Megler")
    event = make_event(world.municipality, organiser=organiser, agreement_goal=20)
    add_event_role(event, broker, "broker")
    actors = [make_actor(world.municipality, organisation_fields={"name": f"Aktør {i:02d}"}) for i in range(6)]
    for actor in actors:
        add_participant(event, actor)
    return event, organiser, broker, actors


def test_broker_form_counts_one_agreement_for_a_double_tap_and_warns_a_second_broker(world, running_event):
    event, organiser, broker, actors = running_event
    client = english(broker)
    form_url = url(world, "event_broker", exchange_event_id=event.pk)
    page = client.get(form_url)
    key = page.context["form"].initial["idempotency_key"]
    data = {
        "idempotency_key": key,
        "party_a": actors[0].pk,
        "party_b": actors[1].pk,
        "party_a_gives": "Lokaler",
        "category": "premises",
    }
    first = client.post(form_url, data, follow=True)
    second = client.post(form_url, data, follow=True)
    assert Agreement.objects.count() == 1
    assert "Registered: Aktør 00 and Aktør 01" in second.content.decode()
    assert "Registered" in first.content.decode()
    other = english(organiser).post(
        form_url,
        {**data, "idempotency_key": uuid.uuid4(), "party_a": actors[1].pk, "party_b": actors[0].pk},
        follow=True,
    )
    assert "were already registered by Mia Megler" in other.content.decode()
    assert Agreement.objects.count() == 1
    bad = client.post(form_url, {**data, "idempotency_key": uuid.uuid4(), "party_b": actors[0].pk})
    assert "Choose two different parties." in bad.content.decode()
    assert Agreement.objects.count() == 1


def test_big_screen_counts_agreements(world, running_event, django_assert_max_num_queries):
    event, _organiser, broker, actors = running_event
    for i in range(1, 6):
        Agreement.objects.create(
            municipality=world.municipality,
            event=event,
            party_a=actors[0],
            party_b=actors[i],
            party_a_gives=f"Gave {i}",
            category="other",
            registered_by=broker,
        )
    client = english()
    client.get(url(world, "event_screen_live", exchange_event_id=event.pk))
    with django_assert_max_num_queries(6):
        live = client.get(url(world, "event_screen_live", exchange_event_id=event.pk))
    content = live.content.decode()
    assert 'data-count="5"' in content and "Goal: 20 agreements" in content and "Gave 5" in content
    screen = client.get(url(world, "event_screen", exchange_event_id=event.pk)).content.decode()
    assert 'hx-trigger="every 4s"' in screen and "<script>" not in screen


def test_report_lists_agreements_and_sets_follow_ups_for_all(world, running_event, django_assert_max_num_queries):
    event, organiser, broker, actors = running_event
    for i in range(1, 6):
        make_agreement(actors[0], actors[i], event=event, registered_by=broker)
    client = english(organiser)
    client.get(url(world, "event_report", exchange_event_id=event.pk))
    with django_assert_max_num_queries(16):
        report = client.get(url(world, "event_report", exchange_event_id=event.pk))
    assert "5 agreements have no follow-up date yet." in report.content.decode()
    due = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    client.post(url(world, "event_follow_ups", exchange_event_id=event.pk), {"due_on": due, "what": "Hvordan går det?"})
    assert FollowUp.objects.count() == 5
    xlsx = client.get(url(world, "event_report_xlsx", exchange_event_id=event.pk))
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["Agreements"].iter_rows(values_only=True))
    assert len(rows) == 6 and rows[0][0] == "Reference"
    assert rows[1][10] == datetime.datetime.fromisoformat(due)
    participants = list(book["Participants"].iter_rows(values_only=True))
    assert participants[1][0] == "Aktør 00" and participants[1][5] == 5


def test_organiser_invites_and_adds_a_broker_through_the_page(world, running_event):
    event, organiser, _broker, _actors = running_event
    newcomer = make_actor(world.municipality, organisation_fields={"name": "Nykommer"}, contact_email="ny@example.com")
    client = english(organiser)
    manage = url(world, "event_manage", exchange_event_id=event.pk)
    empty = client.post(manage, {"form": "invite"})
    assert "Choose at least one actor or organisation to invite." in empty.content.decode()
    client.post(manage, {"form": "invite", "invite-actors": [newcomer.pk]})
    assert event.participants.filter(actor=newcomer, status="invited").exists()
    assert mail.outbox[-1].to == ["ny@example.com"]
    make_user("ny.megler@example.com")
    client.post(manage, {"form": "role", "role-email": "ny.megler@example.com", "role-role": "broker"})
    assert event.roles.filter(user__email="ny.megler@example.com", role="broker").exists()


def test_event_list_pins_its_query_count(world, django_assert_max_num_queries):
    for i in range(12):
        make_event(world.municipality, starts_in_hours=24 * i)
    client = english()
    client.get(url(world, "event_list"))
    with django_assert_max_num_queries(6):
        assert client.get(url(world, "event_list")).status_code == 200


# Volunteer tasks ------------------------------------------------------------------------------------------------------


def test_volunteer_finds_a_task_and_signs_up_on_the_pages(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    task = make_task(club, title="Leksehjelp", neighbourhood=world.neighbourhood)
    shift = make_shift(task, capacity=1)
    make_task(club, title="Uten vakter")
    client = english(world.users["citizen"])
    listing = client.get(url(world, "task_list")).content.decode()
    assert "Leksehjelp" in listing and "Uten vakter" not in listing
    assert "1 of 1 places free" in client.get(task.get_absolute_url()).content.decode()
    form = client.post(url(world, "shift_signup", exchange_shift_id=shift.pk), {"display_name": ""})
    assert "There is a problem" in form.content.decode()
    client.post(url(world, "shift_signup", exchange_shift_id=shift.pk), {"display_name": "Per N."})
    assert ShiftSignup.objects.get().volunteer.user == world.users["citizen"]
    page = client.get(task.get_absolute_url()).content.decode()
    assert "You are signed up" in page
    other = english(make_user())
    assert "Full" in other.get(task.get_absolute_url()).content.decode()


def test_organisation_adds_weekly_shifts_through_the_page(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    task = make_task(club)
    client = english(world.users["organisation_representative"])
    start = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        url(world, "task_shifts", exchange_task_id=task.pk),
        {
            "date": start.isoformat(),
            "start": "17:00",
            "end": "19:00",
            "capacity": "3",
            "repeat_weeks": "1",
            "repeat_until": (start + datetime.timedelta(days=21)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert task.shifts.count() == 4
    bad = client.post(
        url(world, "task_shifts", exchange_task_id=task.pk),
        {"date": start.isoformat(), "start": "17:00", "end": "19:00", "capacity": "3", "repeat_weeks": "1"},
    )
    assert "Say until which date the shift repeats." in bad.content.decode()
    assert task.shifts.count() == 4


def test_task_list_pins_its_query_count(world, django_assert_max_num_queries):
    club = make_actor(world.municipality, organisation=world.organisation)
    for i in range(25):
        make_shift(make_task(club, title=f"Oppgave {i}"))
    client = english()
    client.get(url(world, "task_list"))
    with django_assert_max_num_queries(8):
        assert client.get(url(world, "task_list")).status_code == 200


def test_hours_page_shows_the_history(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    volunteer = make_volunteer(world.municipality, user=world.users["citizen"])
    from .factories import make_signup

    make_signup(make_shift(make_task(club, title="Kafévakt"), starts_in_hours=-5, hours=2), volunteer)
    content = english(world.users["citizen"]).get(url(world, "hours")).content.decode()
    assert "Kafévakt" in content and "In all: 2.00 hours" in content


def test_landing_page_shows_the_exchange_section(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    make_listing(club, title="Klubbhuset", neighbourhood=world.neighbourhood)
    home = english().get(reverse("places:municipality", kwargs={"municipality_slug": world.municipality.slug}))
    assert "Klubbhuset" in home.content.decode() and "Volunteer exchange" in home.content.decode()
    empty = make_neighbourhood(world.municipality, slug="tom", name="Tom")
    page = english().get(empty.get_absolute_url()).content.decode()
    assert "section-exchange" not in page


def test_follow_up_reminder_command(world, capsys):
    from django.core.management import call_command

    agreement = make_agreement(make_actor(world.municipality), make_actor(world.municipality))
    make_follow_up(agreement, assignee=make_user("f@example.com"))
    call_command("exchange_reminders")
    call_command("exchange_reminders")
    assert [m.to for m in mail.outbox] == [["f@example.com"]]
    assert "Follow-up reminders sent: 0" in capsys.readouterr().out
