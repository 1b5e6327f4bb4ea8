import pytest
from django.test import Client

from sammen.core.registry import Section, registry
from sammen.core.testing import client_for, make_venue
from sammen.places.models import Neighbourhood

pytestmark = pytest.mark.django_db


def test_municipality_page_lists_neighbourhoods_and_module_sections(world, monkeypatch):
    monkeypatch.setitem(
        registry.sections,
        "test",
        Section(
            key="test",
            order=1,
            template="core/tests/section.html",
            context=lambda request, m, n: {"text": f"Hei fra {m.name}"},
        ),
    )
    response = Client().get("/testvik/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sentrum" in content and "Nordby" in content
    assert "Havna" not in content  # another municipality's neighbourhood
    assert "Hei fra Testvik kommune" in content


def test_neighbourhood_page_shows_its_venues(world):
    make_venue(world.municipality, name="Kulturhuset", neighbourhood=world.neighbourhood, is_step_free=True)
    make_venue(world.municipality, name="Annet hus", neighbourhood=world.other_neighbourhood)
    response = Client(headers={"Accept-Language": "en"}).get("/testvik/neighbourhoods/sentrum/")
    content = response.content.decode()
    assert "Kulturhuset" in content and "Step-free access" in content
    assert "Annet hus" not in content


def test_unknown_and_inactive_places_are_not_found(world):
    Neighbourhood.objects.filter(pk=world.other_neighbourhood.pk).update(is_active=False)
    assert Client().get("/ukjent/").status_code == 404
    assert Client().get("/testvik/neighbourhoods/nordby/").status_code == 404
    assert Client().get("/testvik/neighbourhoods/havna/").status_code == 404


def test_staff_form_shows_an_error_summary_and_saves_nothing(world):
    client = client_for(world.users["municipality_admin"], language="en")
    response = client.post(
        "/testvik/staff/neighbourhoods/new/",
        {"name": "", "slug": "Ugyldig adresse", "latitude": "91"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'href="#id_name"' in content and 'href="#id_slug"' in content
    assert 'aria-describedby="id_slug_helptext id_slug_error"' in content or "id_slug_error" in content
    assert Neighbourhood.objects.count() == 3


def test_staff_creates_a_neighbourhood_through_the_form(world):
    client = client_for(world.users["municipality_admin"])
    response = client.post(
        "/testvik/staff/neighbourhoods/new/", {"name": "Vestby", "slug": "vestby", "description": "", "is_active": "on"}
    )
    assert response.status_code == 302
    assert Neighbourhood.objects.filter(slug="vestby", municipality=world.municipality).exists()


def test_venue_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    for i in range(30):
        make_venue(world.municipality, name=f"Hus {i}", neighbourhood=world.neighbourhood)
    client = client_for(world.users["municipality_admin"])
    client.get("/testvik/staff/venues/")  # warm the session and role caches
    with django_assert_max_num_queries(12):
        response = client.get("/testvik/staff/venues/")
    assert response.status_code == 200


def test_landing_page_query_count_does_not_grow(world, django_assert_max_num_queries):
    from sammen.core.testing import make_neighbourhood, make_organisation

    client = Client()
    client.get("/testvik/")
    with django_assert_max_num_queries(20) as few:
        client.get("/testvik/")
    for i in range(15):
        make_neighbourhood(world.municipality, name=f"Grend {i}")
        make_organisation(world.municipality, name=f"Lag {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/testvik/")


def test_organisation_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    from sammen.core.testing import make_organisation

    client = Client()
    client.get("/testvik/organisations/")
    with django_assert_max_num_queries(20) as few:
        client.get("/testvik/organisations/")
    for i in range(25):
        make_organisation(world.municipality, name=f"Lag {i}", neighbourhood=world.neighbourhood)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/testvik/organisations/")
