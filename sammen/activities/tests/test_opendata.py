"""What the catalogue emits validates: HSDS 3.0 JSON Schemas, OpenActive models, RPDE paging, iCalendar."""

import datetime
import json
import re

import pytest
from django.test import Client
from icalendar import Calendar

from sammen.activities import services
from sammen.activities.models import Activity
from sammen.core.testing import make_municipality, make_neighbourhood, make_organisation

from .factories import make_activity, venue, weekly
from .standards import hsds_errors, openactive_errors, rpde_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    municipality = make_municipality(slug="fjordby")
    borgen = make_neighbourhood(municipality, slug="borgen", name="Borgen")
    hall = venue(
        municipality,
        name="Borgenhallen",
        neighbourhood=borgen,
        street_address="Idrettsveien 8",
        postal_code="1383",
        city="Fjordvik",
        has_hearing_loop=True,
    )
    org = make_organisation(
        municipality, name="Borgen IL", email="post@borgen.example", phone="+4712345678", description="Idrettslaget."
    )
    first = make_activity(
        municipality,
        organisation=org,
        title="Allidrett",
        venue=hall,
        age_min=6,
        age_max=10,
        schedule=weekly(datetime.date(2026, 9, 1), until=datetime.date(2026, 12, 15), exdates="2026-10-06"),
        languages=["nb", "so"],
        contact_name="Jonas",
        contact_email="jonas@borgen.example",
        contact_phone="+4798765432",
        capacity=20,
        join_method="sign_up",
    )
    second = make_activity(
        municipality,
        organisation=org,
        title="Trim",
        venue=hall,
        price_type="bands",
        price_bands=[("Medlemmer", 20000), ("Andre", 40000)],
    )
    make_activity(municipality, organisation=org, title="Utkast", venue=hall, publish=False)
    return municipality, first, second


def get_json(url):
    response = Client().get(url)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_hsds_services_list_and_each_service_validate(catalogue):
    _municipality, first, second = catalogue
    page = get_json("/fjordby/activities/open-data/hsds/services")
    assert page["total_items"] == 2  # the draft is not published
    for item in page["contents"]:
        assert hsds_errors(item, "service.json") == []
    detail = get_json(f"/fjordby/activities/open-data/hsds/services/{first.uuid}")
    assert hsds_errors(detail, "service.json") == []
    schedule = detail["schedules"][0]
    assert (schedule["freq"], schedule["byday"], schedule["until"], schedule["opens_at"]) == (
        "WEEKLY",
        "TU",
        "2026-12-15",
        "17:00",
    )
    assert detail["service_at_locations"][0]["location"]["latitude"] == pytest.approx(59.8386)
    assert [lang["code"] for lang in detail["languages"]] == ["nb", "so"]
    banded = get_json(f"/fjordby/activities/open-data/hsds/services/{second.uuid}")
    assert [(c["option"], c["amount"], c["currency"]) for c in banded["cost_options"]] == [
        ("Medlemmer", 200.0, "NOK"),
        ("Andre", 400.0, "NOK"),
    ]


def test_hsds_organizations_validate(catalogue):
    page = get_json("/fjordby/activities/open-data/hsds/organizations")
    assert page["total_items"] == 1
    assert hsds_errors(page["contents"][0], "organization.json") == []
    detail = get_json(f"/fjordby/activities/open-data/hsds/organizations/{page['contents'][0]['id']}")
    assert hsds_errors(detail, "organization.json") == []
    assert detail["locations"][0]["name"] == "Borgenhallen"
    assert hsds_errors(detail["locations"][0], "location.json") == []


def test_hsds_validator_really_rejects_bad_data(catalogue):
    _municipality, first, _second = catalogue
    detail = get_json(f"/fjordby/activities/open-data/hsds/services/{first.uuid}")
    detail["status"] = "running"
    del detail["name"]
    errors = hsds_errors(detail, "service.json")
    assert any("'name' is a required property" in e for e in errors)
    assert any("running" in e for e in errors)


def test_openactive_session_series_feed_validates_and_pages(catalogue):
    _municipality, first, _second = catalogue
    page = get_json("/fjordby/activities/open-data/openactive/session-series")
    assert rpde_errors(page) == []
    states = {item["data"]["name"] if "data" in item else item["id"]: item["state"] for item in page["items"]}
    assert states["Allidrett"] == "updated"
    assert list(states.values()).count("deleted") == 1  # the draft
    stamps = [(i["modified"], i["id"]) for i in page["items"]]
    series = next(i["data"] for i in page["items"] if i.get("data", {}).get("name") == "Allidrett")
    assert series["eventSchedule"][0]["byDay"] == ["https://schema.org/Tuesday"]
    assert series["ageRange"] == {"@type": "QuantitativeValue", "minValue": 6, "maxValue": 10}
    # The next page starts after the last item and is empty; a change makes the item reappear.
    assert page["next"].startswith(
        "http://testserver/fjordby/activities/open-data/openactive/session-series?afterTimestamp="
    )
    after = get_json(page["next"].replace("http://testserver", ""))
    assert after["items"] == [] and rpde_errors(after) == []
    services.activity_update(actor=first.created_by, activity=first, title="Allidrett for alle")
    again = get_json(page["next"].replace("http://testserver", ""))
    assert [i["data"]["name"] for i in again["items"]] == ["Allidrett for alle"]
    assert stamps == sorted(stamps)


def test_openactive_scheduled_sessions_feed_validates(catalogue):
    page = get_json("/fjordby/activities/open-data/openactive/scheduled-sessions")
    assert rpde_errors(page) == []
    updated = [i for i in page["items"] if i["state"] == "updated"]
    assert updated
    assert all(i["data"]["superEvent"].startswith("http://testserver/fjordby/activities/") for i in updated)


def test_openactive_validator_really_rejects_bad_data(catalogue):
    page = get_json("/fjordby/activities/open-data/openactive/session-series")
    data = next(i["data"] for i in page["items"] if i["state"] == "updated")
    broken = {**data, "maximumAttendeeCapacity": "twenty", "madeUp": 1}
    del broken["location"]
    errors = openactive_errors(broken, "SessionSeries")
    assert any("location: required" in e for e in errors)
    assert any("maximumAttendeeCapacity" in e for e in errors)
    assert any("madeUp: not in the SessionSeries model" in e for e in errors)


def test_detail_page_has_schema_org_event_json_ld(catalogue):
    _municipality, first, _second = catalogue
    html = Client().get(first.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "EventSeries"
    assert data["name"] == "Allidrett"
    assert data["location"]["address"]["postalCode"] == "1383"
    assert data["offers"][0]["price"] == 0
    assert datetime.datetime.fromisoformat(data["startDate"]).tzinfo is not None


def test_activity_calendar_has_the_rule_and_the_exceptions(catalogue):
    _municipality, first, _second = catalogue
    session = first.sessions.order_by("starts_at").first()
    services.session_cancel(actor=first.created_by, session=session, reason="Valg")
    response = Client().get(f"/fjordby/activities/{first.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Allidrett"
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["BYDAY"] == ["TU"]
    assert event.decoded("dtstart").tzinfo is not None
    excluded = {
        d.dt.date()
        for exdate in (event["exdate"] if isinstance(event["exdate"], list) else [event["exdate"]])
        for d in exdate.dts
    }
    assert datetime.date(2026, 10, 6) in excluded
    assert session.local_date in excluded
    assert list(cal.walk("VTIMEZONE"))


def test_search_and_organisation_calendars(catalogue):
    _municipality, first, _second = catalogue
    cal = Calendar.from_ical(Client().get("/fjordby/activities/calendar.ics?q=allidrett").content)
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Allidrett"]
    org_cal = Calendar.from_ical(
        Client().get(f"/fjordby/activities/organisations/{first.organisation_id}/calendar.ics").content
    )
    assert sorted(str(e["summary"]) for e in org_cal.walk("VEVENT")) == ["Allidrett", "Trim"]
    assert Activity.objects.filter(title="Utkast").exists()


def test_an_activity_with_an_image_still_validates(catalogue):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    _municipality, first, _second = catalogue
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, format="PNG")
    services.image_add(
        actor=first.created_by,
        activity=first,
        image=SimpleUploadedFile("a.png", buffer.getvalue()),
        alt_text="Barn i hallen",
    )
    page = get_json("/fjordby/activities/open-data/openactive/session-series")
    assert rpde_errors(page) == []
    series = next(i["data"] for i in page["items"] if i.get("data", {}).get("name") == "Allidrett")
    assert series["image"][0]["url"].startswith("http://testserver/")
