from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sammen.core.models import AuditEntry
from sammen.places import services
from sammen.places.models import Municipality, Neighbourhood, Venue

pytestmark = pytest.mark.django_db


def test_admin_creates_a_neighbourhood_and_it_is_audited(world):
    admin = world.users["municipality_admin"]
    neighbourhood = services.neighbourhood_create(
        actor=admin,
        municipality=world.municipality,
        name="Østbyen",
        slug="ostbyen",
        latitude=Decimal("59.9"),
        longitude=Decimal("10.8"),
    )
    assert neighbourhood.get_absolute_url() == "/testvik/neighbourhoods/ostbyen/"
    entry = AuditEntry.objects.get(action="places.neighbourhood.create")
    assert entry.after["name"] == "Østbyen"
    assert entry.actor_label == "admin@example.com"


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"name": "Sentrum", "slug": "sentrum-2"}, "__all__"),  # same name as an existing one
        ({"name": "Ny", "slug": "Ikke Gyldig"}, "slug"),
        ({"name": "Ny", "slug": "ny", "latitude": Decimal("48.85"), "longitude": Decimal("2.35")}, "__all__"),
        ({"name": "Ny", "slug": "ny", "latitude": Decimal("59.9")}, "__all__"),
        ({"name": "", "slug": "ny"}, "name"),
    ],
)
def test_bad_neighbourhoods_are_refused_and_nothing_is_written(world, fields, error_field):
    before = Neighbourhood.objects.count()
    with pytest.raises(ValidationError) as error:
        services.neighbourhood_create(
            actor=world.users["municipality_admin"], municipality=world.municipality, **fields
        )
    assert error_field in error.value.message_dict
    assert Neighbourhood.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_coordinator_describes_own_neighbourhood_but_cannot_rename_it(world):
    coordinator = world.users["coordinator"]
    services.neighbourhood_update(
        actor=coordinator, neighbourhood=world.neighbourhood, description="Et godt sted", name="Nytt navn"
    )
    world.neighbourhood.refresh_from_db()
    assert world.neighbourhood.description == "Et godt sted"
    assert world.neighbourhood.name == "Sentrum"
    entry = AuditEntry.objects.get(action="places.neighbourhood.update")
    assert entry.before == {"description": ""}
    assert entry.after == {"description": "Et godt sted"}


def test_coordinator_cannot_touch_another_neighbourhood(world):
    with pytest.raises(PermissionDenied):
        services.neighbourhood_update(
            actor=world.users["coordinator"], neighbourhood=world.other_neighbourhood, description="x"
        )
    world.other_neighbourhood.refresh_from_db()
    assert world.other_neighbourhood.description == ""


def test_venue_in_a_neighbourhood_of_another_municipality_is_refused(world):
    with pytest.raises(ValidationError):
        services.venue_create(
            actor=world.users["municipality_admin"],
            municipality=world.municipality,
            name="Feil",
            neighbourhood=world.foreign_neighbourhood,
        )
    assert not Venue.objects.exists()


def test_reserved_municipality_addresses_are_refused():
    municipality = Municipality(slug="accounts", name="Accounts kommune")
    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert "slug" in error.value.message_dict


def test_danish_coordinates_are_checked_against_denmark(world):
    world.other_municipality.country = "DK"
    world.other_municipality.save()
    with pytest.raises(ValidationError):
        services.venue_create(
            actor=world.users["other_municipality_admin"],
            municipality=world.other_municipality,
            name="Oslo",
            latitude=Decimal("59.91"),
            longitude=Decimal("10.75"),
        )
    venue = services.venue_create(
        actor=world.users["other_municipality_admin"],
        municipality=world.other_municipality,
        name="København",
        latitude=Decimal("55.68"),
        longitude=Decimal("12.57"),
    )
    assert venue.pk


def test_municipality_settings_change_is_audited_with_before_and_after(world):
    services.municipality_update(
        actor=world.users["municipality_admin"], municipality=world.municipality, intro="Velkommen"
    )
    entry = AuditEntry.objects.get(action="places.municipality.update")
    assert (entry.before, entry.after) == ({"intro": ""}, {"intro": "Velkommen"})
