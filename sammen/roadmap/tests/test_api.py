import pytest

from sammen.core.testing import client_for
from sammen.participation.tests.factories import make_input, make_process
from sammen.roadmap.models import InputFate

from .factories import make_actor, make_measure, make_roadmap

pytestmark = pytest.mark.django_db
BASE = "/api/v1/roadmap/municipalities/testvik/processes/borgen"


@pytest.fixture
def process(world):
    process = make_process(world.municipality, world.neighbourhood, areas=1, slug="borgen")
    make_roadmap(process)
    return process


def test_roadmap_measures_and_fates(world, process, django_assert_max_num_queries):
    measure = make_measure(process, title="Åpen skole")
    make_actor(measure, name="Skolen")
    item = make_input(process)
    InputFate.objects.create(input=item, state="in_measure", measure=measure)
    make_input(process)
    client = client_for(None)
    data = client.get(f"{BASE}/roadmap").json()
    assert data["focus_areas"][0]["goals"][0]["measures"][0]["title"] == "Åpen skole"
    assert data["fates"]["in_measure"] == 1
    measures = client.get(f"{BASE}/measures").json()
    assert measures[0]["actors"][0]["name"] == "Skolen"
    with django_assert_max_num_queries(8):
        fates = client.get(f"{BASE}/fates", {"fate": "received"}).json()
    assert fates["count"] == 1
    assert client.get(f"{BASE}/fates", {"measure": measure.pk}).json()["results"][0]["measure"] == "Åpen skole"


def test_unpublished_roadmap_is_not_served(world, process):
    process.roadmap.is_published = False
    process.roadmap.save()
    assert client_for(None).get(f"{BASE}/roadmap").status_code == 404


def test_exports(world, process):
    make_input(process)
    client = client_for(None)
    assert client.get(f"{BASE}/fates.csv").status_code == 200
    import json

    body = b"".join(client.get(f"{BASE}/fates.json").streaming_content)
    assert json.loads(body)["inputs"][0]["fate"] == "received"
