import pytest

from sammen.core.privacy import person_erase, person_export_data
from sammen.exchange import services
from sammen.exchange.models import Actor, Agreement, ContactRequest, Listing, ShiftSignup

from .factories import make_actor, make_agreement, make_listing, make_shift, make_signup, make_task

pytestmark = pytest.mark.django_db


def test_a_volunteer_is_exported_and_erased_but_the_counts_stay(world):
    citizen = world.users["citizen"]
    volunteer = services.actor_join_volunteer(
        user=citizen, municipality=world.municipality, display_name="Per N.", contact_phone="+4790000000"
    )
    club = make_actor(world.municipality, organisation=world.organisation)
    make_listing(volunteer, title="Kjører gjerne")
    need = make_listing(club, side="need", title="Sjåfør")
    services.contact_request_send(user=citizen, from_actor=volunteer, listing=need, message="Ring meg på 900 00 000")
    make_agreement(volunteer, club, party_a_contact="Per, 900 00 000")
    make_signup(make_shift(make_task(club), starts_in_hours=-5), volunteer)

    data = person_export_data(citizen)["exchange"]
    assert data["volunteer_profiles"][0]["display_name"] == "Per N."
    assert [o["title"] for o in data["offers_and_needs"]] == ["Kjører gjerne"]
    assert data["contact_requests"][0]["message"] == "Ring meg på 900 00 000"
    assert len(data["shifts"]) == 1 and len(data["agreements"]) == 1

    person_erase(citizen)
    volunteer = Actor.objects.get(pk=volunteer.pk)
    assert (volunteer.display_name, volunteer.contact_phone, volunteer.is_active) == ("", "", False)
    assert not Listing.objects.filter(actor=volunteer).exists()
    assert ContactRequest.objects.get().message == ""
    assert Agreement.objects.get().party_a_contact == ""
    assert ShiftSignup.objects.filter(volunteer=volunteer).count() == 1
