"""The REST API: public reads with the search filters; writes for organisation representatives."""

import json

import pytest

from sammen.activities.models import Activity
from sammen.core.testing import client_for, make_municipality, make_organisation, make_user

from .factories import make_activity, representative, venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db):
    municipality = make_municipality(slug="fjordby")
    org = make_organisation(municipality, name="Borgen IL")
    rep = representative(org)
    hall = venue(municipality, name="Borgenhallen")
    make_activity(municipality, organisation=org, actor=rep, title="Allidrett", venue=hall, age_min=6, age_max=10)
    make_activity(municipality, organisation=org, actor=rep, title="Seniortrim", venue=hall, age_min=65)
    return municipality, org, rep, hall


def test_public_list_uses_the_search_filters(town):
    response = client_for(None).get("/api/v1/activities/municipalities/fjordby/activities?age=9&day=1&free=true")
    data = json.loads(response.content)
    assert response.status_code == 200
    assert data["count"] == 1 and data["results"][0]["title"] == "Allidrett"
    assert data["results"][0]["next_session"]


def test_public_detail_has_sessions(town):
    activity = Activity.objects.get(title="Allidrett")
    data = json.loads(
        client_for(None).get(f"/api/v1/activities/municipalities/fjordby/activities/{activity.pk}").content
    )
    assert data["uuid"] == str(activity.uuid) and len(data["sessions"]) == 20


def _payload(org, hall, **extra):
    data = {
        "organisation_id": org.pk,
        "title": "Kor",
        "description": "Vi synger.",
        "category": "music",
        "venue_id": hall.pk,
        "schedule": {
            "start_date": "2026-09-01",
            "start_time": "17:00",
            "end_time": "18:00",
            "rrule": "FREQ=WEEKLY;BYDAY=WE",
        },
        "publish": True,
    }
    data.update(extra)
    return data


def test_representative_creates_and_updates_through_the_api(town):
    _municipality, org, rep, hall = town
    client = client_for(rep)
    response = client.post(
        "/api/v1/activities/municipalities/fjordby/activities", _payload(org, hall), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = json.loads(response.content)
    response = client.patch(
        f"/api/v1/activities/municipalities/fjordby/activities/{created['id']}",
        {"title": "Barnekor", "status": "paused"},
        content_type="application/json",
    )
    assert response.status_code == 200
    activity = Activity.objects.get(pk=created["id"])
    assert (activity.title, activity.status) == ("Barnekor", "paused")


def test_api_refuses_strangers_and_bad_input(town):
    _municipality, org, rep, hall = town
    response = client_for(make_user()).post(
        "/api/v1/activities/municipalities/fjordby/activities", _payload(org, hall), content_type="application/json"
    )
    assert response.status_code == 403
    response = client_for(rep).post(
        "/api/v1/activities/municipalities/fjordby/activities",
        _payload(
            org, hall, age_min=-1, schedule={"start_date": "2026-09-01", "start_time": "17:00", "end_time": "16:00"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = {e["field"] for e in json.loads(response.content)["errors"]}
    assert {"age_min", "end_time"} <= fields
    assert not Activity.objects.filter(title="Kor").exists()


def test_a_position_outside_the_country_is_refused(town):
    response = client_for(None).get("/api/v1/activities/municipalities/fjordby/activities?lat=48.85&lon=2.35")
    assert response.status_code == 400
    assert json.loads(response.content)["errors"][0]["field"] == "lat"
