import pytest
from django.test import Client

from sammen.accounts import services
from sammen.places.models import Venue

pytestmark = pytest.mark.django_db


def _post_venue(token, slug, payload):
    return Client().post(
        f"/api/v1/places/municipalities/{slug}/venues",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def test_staff_token_creates_a_venue(world):
    _token, secret = services.api_token_create(user=world.users["coordinator"], name="import")
    response = _post_venue(secret, "testvik", {"name": "Biblioteket", "neighbourhood": "sentrum"})
    assert response.status_code == 201, response.content
    venue = Venue.objects.get(name="Biblioteket")
    assert venue.municipality == world.municipality
    assert venue.neighbourhood == world.neighbourhood


def test_without_a_token_the_api_refuses_writes(world):
    response = _post_venue(None, "testvik", {"name": "Biblioteket"})
    assert response.status_code == 401
    assert not Venue.objects.exists()


def test_revoked_and_foreign_tokens_are_refused(world):
    token, secret = services.api_token_create(user=world.users["coordinator"], name="import")
    services.api_token_revoke(user=world.users["coordinator"], token=token)
    assert _post_venue(secret, "testvik", {"name": "A"}).status_code == 401
    _token, other = services.api_token_create(user=world.users["other_municipality_admin"], name="x")
    response = _post_venue(other, "testvik", {"name": "B"})
    assert response.status_code == 403
    assert not Venue.objects.exists()


def test_bad_payload_gets_translated_field_errors(world):
    _token, secret = services.api_token_create(user=world.users["coordinator"], name="import")
    response = Client().post(
        "/api/v1/places/municipalities/testvik/venues",
        {"latitude": "nord"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": "en"},
    )
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["name"] == "This field is required."
    assert errors["latitude"] == "Enter a number."
    assert not Venue.objects.exists()


def test_coordinates_outside_the_country_are_refused(world):
    _token, secret = services.api_token_create(user=world.users["coordinator"], name="import")
    response = Client().post(
        "/api/v1/places/municipalities/testvik/venues",
        {"name": "Paris", "latitude": "48.85", "longitude": "2.35"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "", "message": "The coordinates 48.85, 2.35 lie outside Norway."}]
    assert not Venue.objects.exists()
