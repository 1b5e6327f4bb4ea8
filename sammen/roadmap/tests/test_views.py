import pytest
from django.core import mail
from django.urls import reverse

from sammen.core.models import AuditEntry
from sammen.core.testing import client_for
from sammen.participation.tests.factories import make_input, make_process
from sammen.roadmap.models import FateChange, InputFate

from .factories import make_actor, make_goal, make_measure, make_roadmap, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(world):
    process = make_process(world.municipality, world.neighbourhood, areas=2, slug="borgen")
    make_roadmap(process)
    return process


def _url(name, process, **kwargs):
    return reverse(f"roadmap:{name}", kwargs={"municipality_slug": "testvik", "process_slug": process.slug, **kwargs})


def _fill(process, measures=30, inputs=60):
    areas = list(process.focus_areas.all())
    goals = [make_goal(process, area=areas[n % 2]) for n in range(4)]
    strategies = [make_strategy(g) for g in goals]
    made = []
    for n in range(measures):
        measure = make_measure(process, goal=goals[n % 4], strategy=strategies[n % 4] if n % 2 else None)
        make_actor(measure)
        made.append(measure)
    items = [make_input(process, focus_areas=[areas[n % 2]]) for n in range(inputs)]
    for n, item in enumerate(items[:40]):
        InputFate.objects.create(input=item, state="in_measure", measure=made[n % measures])
        made[n % measures].inputs.add(item)
    return made, items


def test_role_matrix(world, process):
    from sammen.core.testing import assert_matrix

    staff = {"coordinator": "ok", "municipality_admin": "ok", "platform_admin": "ok"}
    denied = {
        "citizen": "deny",
        "organisation_representative": "deny",
        "provider": "deny",
        "caseworker": "deny",
        "other_municipality_admin": "deny",
    }
    matrix = {
        "public roadmap": dict.fromkeys(["anonymous", *denied, *staff], "ok"),
        "staff roadmap": {"anonymous": "login", **denied, **staff},
        "staff inputs": {"anonymous": "login", **denied, **staff},
        "report": {"anonymous": "login", **denied, **staff},
    }
    assert_matrix(
        world,
        matrix,
        {
            "public roadmap": _url("roadmap", process),
            "staff roadmap": _url("staff_roadmap", process),
            "staff inputs": _url("staff_inputs", process),
            "report": _url("report", process),
        },
    )


def test_an_unpublished_roadmap_is_hidden_from_residents(world, process):
    process.roadmap.is_published = False
    process.roadmap.save()
    assert client_for(world.users["citizen"]).get(_url("roadmap", process)).status_code == 404
    assert client_for(world.users["coordinator"]).get(_url("roadmap", process)).status_code == 200


def test_roadmap_page_query_count_does_not_grow(world, process, django_assert_max_num_queries):
    _fill(process, measures=30)
    client = client_for(None)
    with django_assert_max_num_queries(16):
        response = client.get(_url("roadmap", process))
    assert response.status_code == 200
    assert response.content.decode().count('class="measure ') == 30


def test_fate_list_filters_and_pins_queries(world, process, django_assert_max_num_queries):
    measures, _items = _fill(process)
    client = client_for(None, language="en")
    with django_assert_max_num_queries(12):
        response = client.get(_url("fates", process), {"fate": "in_measure", "focus_area": "omrade-1"})
    assert response.status_code == 200
    assert "20 inputs" in response.content.decode()
    response = client.get(_url("fates", process), {"measure": measures[0].pk})
    assert "2 inputs" in response.content.decode()
    response = client.get(_url("fates", process), {"fate": "received"})
    assert "20 inputs" in response.content.decode()


def test_staff_links_many_inputs_to_a_measure_in_one_go(world, process):
    measure = make_measure(process)
    items = [make_input(process) for _ in range(5)]
    client = client_for(world.users["coordinator"])
    response = client.post(
        _url("staff_inputs", process),
        {"inputs": [i.pk for i in items], "bulk-state": "in_measure", "bulk-measure": measure.pk, "bulk-reason": ""},
    )
    assert response.status_code == 302
    assert InputFate.objects.filter(measure=measure).count() == 5
    assert AuditEntry.objects.filter(action="roadmap.fate.bulk_set").count() == 1


def test_bulk_with_a_missing_reason_shows_the_error_and_writes_nothing(world, process):
    items = [make_input(process) for _ in range(3)]
    client = client_for(world.users["coordinator"], language="nb")
    response = client.post(
        _url("staff_inputs", process),
        {"inputs": [i.pk for i in items], "bulk-state": "not_pursued", "bulk-reason": ""},
    )
    assert response.status_code == 200
    assert "Forklar" in response.content.decode()
    assert not InputFate.objects.exists() and not FateChange.objects.exists()


def test_bulk_refuses_inputs_of_another_process(world, process):
    measure = make_measure(process)
    stranger = make_input(make_process(world.municipality, world.neighbourhood))
    client = client_for(world.users["coordinator"])
    response = client.post(
        _url("staff_inputs", process),
        {"inputs": [make_input(process).pk, stranger.pk], "bulk-state": "in_measure", "bulk-measure": measure.pk},
    )
    assert response.status_code == 200
    assert not InputFate.objects.exists()


def test_dropping_a_measure_without_reason_is_refused_on_the_form(world, process):
    measure = make_measure(process)
    client = client_for(world.users["coordinator"], language="en")
    response = client.post(
        _url("measure", process, measure_id=measure.pk),
        {"action": "save", "goal": measure.goal_id, "title": measure.title, "status": "dropped"},
    )
    assert response.status_code == 200
    assert "Say why the measure was dropped" in response.content.decode()
    measure.refresh_from_db()
    assert measure.status == "proposed"


def test_coordinator_builds_the_roadmap_through_the_pages(world):
    process = make_process(world.municipality, world.neighbourhood, areas=1, slug="nytt")
    client = client_for(world.users["coordinator"])
    response = client.post(
        _url("staff_roadmap", process), {"main_goal": "Et aktivt lokalsamfunn", "is_published": "on"}
    )
    assert response.status_code == 302
    area = process.focus_areas.get()
    assert (
        client.post(_url("goal_create", process), {"focus_area": area.pk, "title": "Flere møteplasser"}).status_code
        == 302
    )
    goal = area.roadmap_goals.get()
    response = client.post(
        _url("measure_create", process), {"action": "save", "goal": goal.pk, "title": "Åpen skole", "status": "adopted"}
    )
    assert response.status_code == 302
    measure = goal.measures.get()
    response = client.post(
        _url("measure", process, measure_id=measure.pk),
        {"action": "actor", "actor-kind": "municipality", "actor-name": "Skolen", "actor-role": "Vert"},
    )
    assert response.status_code == 302
    assert measure.actors.get().name == "Skolen"
    page = client_for(None).get(_url("roadmap", process)).content.decode()
    assert "Åpen skole" in page and "Skolen" in page


def test_resident_sees_the_fate_of_their_own_inputs(world, process):
    measure = make_measure(process, title="Benker langs elva")
    item = make_input(process, author=world.users["citizen"])
    InputFate.objects.create(input=item, state="in_measure", measure=measure)
    response = client_for(world.users["citizen"]).get(
        reverse("roadmap:my_fates", kwargs={"municipality_slug": "testvik"})
    )
    assert "Benker langs elva" in response.content.decode()


def test_export_csv_and_json(world, process):
    _measures, _items = _fill(process, measures=3, inputs=5)
    client = client_for(None)
    csv_text = b"".join(client.get(_url("fates_csv", process)).streaming_content).decode()
    assert csv_text.splitlines()[0].lstrip("\ufeff").startswith("id,url,text")
    assert len(csv_text.splitlines()) == 6
    import json

    data = json.loads(b"".join(client.get(_url("fates_json", process)).streaming_content))
    assert {row["fate"] for row in data["inputs"]} == {"in_measure"}
    assert not mail.outbox
