"""The REST API: public reads with public fields only, staff writes with clear errors."""

import datetime

import pytest
from django.test import Client

from sammen.accounts.services import api_token_create
from sammen.participation.models import Engagement, Input, InputStatus

from .factories import make_engagement, make_input, make_process

pytestmark = pytest.mark.django_db

BASE = "/api/v1/participation/municipalities/testvik/processes"


def token_client(user):
    _token, raw = api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"})


@pytest.fixture
def process(world):
    process = make_process(world.municipality, world.neighbourhood, areas=2, slug="sentrum")
    make_engagement(process, title="Facebook", kind="social_media", participants_min=16, participants_max=16, reach=611)
    make_engagement(process, title="Sju grupper", kind="politicians", participants_min=30, participants_max=35)
    return process


def test_public_processes_with_their_headline(process, world):
    make_process(world.municipality, published=False, slug="skjult")
    data = Client().get(BASE).json()
    assert [p["slug"] for p in data] == ["sentrum"]
    assert data[0]["headline"] == {
        "participants": 51,
        "participants_low": 46,
        "participants_high": 51,
        "counting_rule": "upper",
        "inputs": 0,
        "reach": 611,
    }
    detail = Client().get(f"{BASE}/sentrum").json()
    assert [p["kind"] for p in detail["phases"]] == [
        "knowledge_base",
        "co_creation",
        "political_treatment",
        "implementation",
    ]
    assert detail["phases"][0]["is_current"] is True
    assert [a["key"] for a in detail["focus_areas"]] == ["omrade-1", "omrade-2"]
    assert Client().get(f"{BASE}/skjult").status_code == 404


def test_inputs_are_listed_with_public_fields_only(process, world):
    item = make_input(
        process,
        author=world.users["citizen"],
        contact_email="kari@example.com",
        contact_consent_at=datetime.datetime.now(datetime.UTC),
    )
    item.focus_areas.set([process.focus_areas.first()])
    make_input(process, status=InputStatus.PENDING)

    response = Client().get(f"{BASE}/sentrum/inputs?focus_area=omrade-1&limit=10")
    data = response.json()
    assert data["count"] == 1
    result = data["results"][0]
    assert result["id"] == item.pk and result["focus_areas"] == ["omrade-1"]
    assert "kari@example.com" not in response.content.decode() and "author" not in result
    assert Client().get(f"{BASE}/sentrum/inputs?limit=501").status_code == 422


def test_statistics_endpoint(process):
    data = Client().get(f"{BASE}/sentrum/statistics").json()
    assert data["headline"]["participants"] == 51
    assert {row["key"] for row in data["methods"]} == {"social_media", "politicians"}
    assert data["target_groups"][0]["gap"] == "none"


def test_staff_register_an_engagement_and_inputs(process, world):
    client = token_client(world.users["coordinator"])
    response = client.post(
        f"{BASE}/sentrum/engagements",
        {"kind": "workshop", "title": "Verksted 2", "date": "2025-02-01", "participants_min": 25},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    engagement = Engagement.objects.get(title="Verksted 2")
    assert (engagement.participants_min, engagement.participants_max) == (25, 25)

    response = client.post(
        f"{BASE}/sentrum/inputs/bulk",
        {"notes": "Flere benker\n2: Lys i undergangen", "received_on": "2025-02-01", "engagement_id": engagement.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [i["focus_areas"] for i in response.json()] == [[], ["omrade-2"]]
    assert Input.objects.filter(engagement=engagement, author__isnull=True).count() == 2

    item = Input.objects.get(text="Flere benker")
    response = client.patch(
        f"{BASE}/sentrum/inputs/{item.pk}",
        {"focus_areas": ["omrade-1"], "tags": ["eldre"]},
        content_type="application/json",
    )
    assert response.json()["focus_areas"] == ["omrade-1"] and response.json()["tags"] == ["eldre"]


def test_bad_writes_get_clear_errors_and_write_nothing(process, world):
    client = token_client(world.users["coordinator"])
    response = client.post(
        f"{BASE}/sentrum/engagements",
        {"kind": "workshop", "title": "X", "date": "2025-02-01", "participants_min": 35, "participants_max": 30},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "participants_max"
    response = client.post(f"{BASE}/sentrum/inputs", {"received_on": "01.02.2025"}, content_type="application/json")
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"text", "received_on"}
    response = client.post(
        f"{BASE}/sentrum/inputs",
        {"text": "Lys", "received_on": "2025-02-01", "focus_areas": ["finnes-ikke"]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "finnes-ikke" in response.json()["errors"][0]["message"]
    assert Engagement.objects.filter(title="X").count() == 0 and Input.objects.count() == 0


def test_writes_need_a_role_on_the_process(process, world):
    for role, status in [("citizen", 403), ("caseworker", 403), ("other_municipality_admin", 403)]:
        response = token_client(world.users[role]).post(
            f"{BASE}/sentrum/inputs", {"text": "Lys", "received_on": "2025-02-01"}, content_type="application/json"
        )
        assert response.status_code == status, role
    response = Client().post(
        f"{BASE}/sentrum/inputs", {"text": "Lys", "received_on": "2025-02-01"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert Input.objects.count() == 0


def test_moderation_through_the_api(process, world):
    item = make_input(process, status=InputStatus.PENDING)
    client = token_client(world.users["municipality_admin"])
    response = client.post(
        f"{BASE}/sentrum/inputs/{item.pk}/moderation", {"decision": "reject"}, content_type="application/json"
    )
    assert response.status_code == 400
    response = client.post(
        f"{BASE}/sentrum/inputs/{item.pk}/moderation", {"decision": "publish"}, content_type="application/json"
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == InputStatus.PUBLISHED
