import json
import uuid

import pytest
from django.test import Client

from sammen.accounts.services import api_token_create
from sammen.exchange.models import Agreement, Listing

from .factories import add_participant, make_actor, make_agreement, make_event, make_listing

pytestmark = pytest.mark.django_db

BASE = "/api/v1/exchange/municipalities/testvik"


def bearer(user):
    _token, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def club(world):
    return make_actor(world.municipality, organisation=world.organisation)


def test_offers_and_needs_are_open_but_actors_only_ones_need_an_actor(world, club):
    make_listing(club, title="Klubbhuset", tags=["møterom"], neighbourhood=world.neighbourhood, weekdays=0b10)
    make_listing(club, title="Hemmelig", visibility="actors")
    make_listing(club, side="need", title="Sjåfør", category="transport")
    anonymous = Client().get(f"{BASE}/offers").json()
    assert anonymous["count"] == 1
    item = anonymous["items"][0]
    assert item["title"] == "Klubbhuset" and item["tags"] == ["møterom"] and item["weekdays"] == [1]
    assert item["neighbourhood"] == "sentrum" and item["actor"] == "Testvik IL" and item["actor_kind"] == "organisation"
    as_actor = Client().get(f"{BASE}/offers", **bearer(world.users["organisation_representative"])).json()
    assert sorted(i["title"] for i in as_actor["items"]) == ["Hemmelig", "Klubbhuset"]
    needs = Client().get(f"{BASE}/needs", {"category": "transport"}).json()
    assert [i["title"] for i in needs["items"]] == ["Sjåfør"]
    assert Client().get(f"{BASE}/offers", {"tag": "møterom", "neighbourhood": "sentrum"}).json()["count"] == 1
    assert Client().get(f"{BASE}/offers", {"neighbourhood": "havna"}).status_code == 404
    assert Client().get("/api/v1/exchange/municipalities/andeby/offers").json()["count"] == 0


def test_an_actor_registers_an_offer_through_the_api(world, club):
    rep = bearer(world.users["organisation_representative"])
    payload = {
        "actor_id": club.pk,
        "category": "premises",
        "title": "Klubbhuset",
        "weekdays": [1, 3],
        "tags": ["møterom"],
        "neighbourhood": "sentrum",
    }
    created = Client().post(f"{BASE}/offers", json.dumps(payload), content_type="application/json", **rep)
    assert created.status_code == 201, created.content
    assert created.json()["weekdays"] == [1, 3]
    bad = Client().post(
        f"{BASE}/offers", json.dumps({**payload, "category": "money"}), content_type="application/json", **rep
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "category"
    missing = Client().post(f"{BASE}/needs", json.dumps({"actor_id": club.pk}), content_type="application/json", **rep)
    assert missing.status_code == 422
    other = Client().post(
        f"{BASE}/offers", json.dumps(payload), content_type="application/json", **bearer(world.users["citizen"])
    )
    assert other.status_code == 403
    anonymous = Client().post(f"{BASE}/offers", json.dumps(payload), content_type="application/json")
    assert anonymous.status_code == 401
    assert Listing.objects.count() == 1


def test_agreements_need_a_login_and_show_only_ones_own(world, club):
    unit = make_actor(world.municipality, organisation=world.provider)
    stranger = make_actor(world.municipality)
    make_agreement(club, unit)
    make_agreement(unit, stranger)
    assert Client().get(f"{BASE}/agreements").status_code == 401
    mine = Client().get(f"{BASE}/agreements", **bearer(world.users["organisation_representative"])).json()
    assert mine["count"] == 1 and mine["items"][0]["party_a"]["name"] == "Testvik IL"
    everything = Client().get(f"{BASE}/agreements", **bearer(world.users["municipality_admin"])).json()
    assert everything["count"] == 2
    outsider = Client().get(f"{BASE}/agreements", **bearer(world.users["other_municipality_admin"])).json()
    assert outsider["count"] == 0


def test_registering_an_agreement_twice_with_the_same_key_gives_the_same_agreement(world, club):
    event = make_event(world.municipality)
    unit = make_actor(world.municipality, organisation=world.provider)
    add_participant(event, club)
    add_participant(event, unit)
    admin = bearer(world.users["municipality_admin"])
    payload = {
        "idempotency_key": str(uuid.uuid4()),
        "party_a_id": club.pk,
        "party_b_id": unit.pk,
        "party_a_gives": "Trenere",
        "category": "competence",
        "event_id": event.pk,
    }
    first = Client().post(f"{BASE}/agreements", json.dumps(payload), content_type="application/json", **admin)
    again = Client().post(f"{BASE}/agreements", json.dumps(payload), content_type="application/json", **admin)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["status"] == "agreed"
    same_pair = Client().post(
        f"{BASE}/agreements",
        json.dumps({**payload, "idempotency_key": str(uuid.uuid4()), "party_a_id": unit.pk, "party_b_id": club.pk}),
        content_type="application/json",
        **admin,
    )
    assert same_pair.status_code == 200 and same_pair.json()["id"] == first.json()["id"]
    bad = Client().post(
        f"{BASE}/agreements",
        json.dumps({**payload, "idempotency_key": str(uuid.uuid4()), "party_b_id": club.pk}),
        content_type="application/json",
        **admin,
    )
    assert bad.status_code == 400
    citizen = Client().post(
        f"{BASE}/agreements",
        json.dumps({**payload, "idempotency_key": str(uuid.uuid4())}),
        content_type="application/json",
        **bearer(world.users["citizen"]),
    )
    assert citizen.status_code == 403
    assert Agreement.objects.count() == 1
