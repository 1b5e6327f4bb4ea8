import pytest
from django.test import Client

from sammen.core.testing import assert_matrix, client_for
from sammen.inspiration import services
from sammen.inspiration.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(world):
    coordinator = world.users["coordinator"]
    theme = services.theme_create(actor=coordinator, municipality=world.municipality, name="Mat")
    group = services.target_group_create(actor=coordinator, municipality=world.municipality, name="Barn og unge")
    cases = [
        services.case_create(
            actor=coordinator,
            municipality=world.municipality,
            title="Smaksverkstedet",
            summary="Barn lager mat sammen",
            actors="Folkelig",
            place="Gjøvik",
            status="published",
            themes=[theme],
            target_groups=[group],
        ),
        services.case_create(
            actor=coordinator,
            municipality=world.municipality,
            title="Tur for alle",
            summary="Turveier for rullestol",
            actors="Verdal kommune",
            place="Verdal",
            status="published",
        ),
        services.case_create(
            actor=coordinator,
            municipality=world.municipality,
            title="Hemmelig utkast",
            summary="Ikke ferdig",
            actors="Oss",
            place="Her",
            status="draft",
        ),
    ]
    return theme, group, cases


def test_search_and_filters(world, library):
    client = Client()
    content = client.get("/testvik/inspiration/", {"q": "rullestol"}).content.decode()
    assert "Tur for alle" in content and "Smaksverkstedet" not in content
    content = client.get("/testvik/inspiration/", {"theme": "mat"}).content.decode()
    assert "Smaksverkstedet" in content and "Tur for alle" not in content
    content = client.get("/testvik/inspiration/", {"group": "barn-og-unge", "q": "verdal"}).content.decode()
    assert "Smaksverkstedet" not in content and "Tur for alle" not in content


def test_drafts_are_hidden_from_the_public(world, library):
    draft = library[2][2]
    assert "Hemmelig utkast" not in Client().get("/testvik/inspiration/").content.decode()
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert client_for(world.users["coordinator"]).get(draft.get_absolute_url()).status_code == 200


def test_an_unknown_filter_is_explained_not_a_crash(world, library):
    response = client_for(None, language="en").get("/testvik/inspiration/", {"theme": "finnes-ikke"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_htmx_gets_only_the_results(world, library):
    response = Client().get("/testvik/inspiration/", {"q": "mat"}, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert "Smaksverkstedet" in response.content.decode()


def test_list_query_count_does_not_grow(world, library, django_assert_max_num_queries):
    client = Client()
    client.get("/testvik/inspiration/")
    with django_assert_max_num_queries(8) as few:
        client.get("/testvik/inspiration/")
    for i in range(25):
        services.case_create(
            actor=world.users["coordinator"],
            municipality=world.municipality,
            title=f"Sak {i}",
            summary="x",
            actors="y",
            place="z",
            status="published",
            themes=[library[0]],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/testvik/inspiration/")


def test_staff_create_form_saves_and_bad_input_shows_the_summary(world, library):
    client = client_for(world.users["coordinator"], language="en")
    response = client.post("/testvik/inspiration/new/", {"title": "", "summary": "", "link": "x"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert Case.objects.count() == 3
    response = client.post(
        "/testvik/inspiration/new/",
        {
            "title": "Bylab",
            "summary": "Åpent verksted",
            "actors": "Bodø kommune",
            "place": "Bodø",
            "language": "nb",
            "link": "",
            "status": "published",
            "themes": [library[0].pk],
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(title="Bylab").themes.get() == library[0]


def test_api_lists_published_cases_only(world, library):
    response = Client().get("/api/v1/inspiration/municipalities/testvik/cases", {"theme": "mat"})
    assert response.status_code == 200
    assert [c["title"] for c in response.json()] == ["Smaksverkstedet"]
    assert response.json()[0]["target_groups"] == ["Barn og unge"]
    titles = [c["title"] for c in Client().get("/api/v1/inspiration/municipalities/testvik/cases").json()]
    assert "Hemmelig utkast" not in titles


def test_role_matrix(world, library):
    case = library[2][0]
    m = world.municipality.slug
    urls = {
        "list": f"/{m}/inspiration/",
        "case": case.get_absolute_url(),
        "new": f"/{m}/inspiration/new/",
        "edit": f"/{m}/inspiration/{case.pk}/edit/",
        "themes": f"/{m}/inspiration/themes/",
    }
    everyone = dict.fromkeys(
        [
            "anonymous",
            "citizen",
            "organisation_representative",
            "provider",
            "coordinator",
            "caseworker",
            "municipality_admin",
            "other_municipality_admin",
            "platform_admin",
        ],
        "ok",
    )
    curators = {
        **dict.fromkeys(everyone, "deny"),
        "anonymous": "login",
        "coordinator": "ok",
        "municipality_admin": "ok",
        "platform_admin": "ok",
    }
    assert_matrix(
        world, {"list": everyone, "case": everyone, "new": curators, "edit": curators, "themes": curators}, urls
    )
