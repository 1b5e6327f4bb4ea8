"""The pages: search without JavaScript, detail, listing form, schedule management, sign-up, saved searches."""

import datetime
import json

import pytest
from django.test import Client

from sammen.activities.models import Activity, SavedSearch, Session, SignUp
from sammen.core.testing import client_for, make_municipality, make_neighbourhood, make_organisation, make_user

from .factories import category, make_activity, representative, venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db):
    municipality = make_municipality(slug="fjordby")
    borgen = make_neighbourhood(municipality, slug="borgen", name="Borgen", latitude="59.838100", longitude="10.433900")
    hall = venue(municipality, name="Borgenhallen", neighbourhood=borgen, latitude="59.840100", longitude="10.437800")
    org = make_organisation(municipality, name="Borgen IL")
    rep = representative(org)
    activity = make_activity(
        municipality, organisation=org, actor=rep, title="Allidrett", venue=hall, age_min=6, age_max=10
    )
    return municipality, org, rep, hall, activity


def test_search_page_lists_results_without_javascript(town, django_assert_max_num_queries):
    client = Client()
    with django_assert_max_num_queries(12):
        response = client.get("/fjordby/activities/?age=9&day=1&free=on&near=Borgen")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Allidrett" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0] or "activity-map" in html


def test_search_query_count_is_pinned_as_data_grows(town):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    municipality, org, rep, hall, _activity = town
    client = Client()
    url = "/fjordby/activities/?age=8&near=Borgen"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(25):
        make_activity(municipality, organisation=org, actor=rep, title=f"Aktivitet {i}", venue=hall, is_step_free=True)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.content.decode().count('class="result"') == 20  # one page
    # Municipality, categories, neighbourhoods (form, geocoder), the matches' ids, the page, the map's centre.
    assert len(small.captured_queries) == len(large.captured_queries) == 7


def test_unknown_place_and_position_abroad_get_a_message(town):
    html = Client().get("/fjordby/activities/?near=Atlantis").content.decode()
    assert "We could not find “Atlantis”" in html or "Atlantis" in html
    html = Client().get("/fjordby/activities/?lat=48.85&lon=2.35").content.decode()
    assert "outside" in html or "utenfor" in html


def test_invalid_filters_show_the_error_summary(town):
    response = Client(headers={"accept-language": "en"}).get("/fjordby/activities/?age=-3")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_detail_shows_upcoming_sessions_and_calendar_link(town):
    activity = town[4]
    html = Client().get(activity.get_absolute_url()).content.decode()
    assert f"/fjordby/activities/{activity.pk}/calendar.ics" in html
    assert html.count("<time") >= 5


def test_drafts_are_visible_only_to_their_organisers(town):
    municipality, org, rep, hall, _activity = town
    draft = make_activity(municipality, organisation=org, actor=rep, title="Hemmelig", venue=hall, publish=False)
    assert Client().get(draft.get_absolute_url()).status_code == 404
    assert client_for(rep).get(draft.get_absolute_url()).status_code == 200


def test_map_markers_json(town):
    data = json.loads(Client().get("/fjordby/activities/map.json?age=9&bbox=10.4,59.8,10.5,59.9").content)
    assert data["markers"][0]["name"] == "Borgenhallen"
    assert data["markers"][0]["count"] == 1
    assert "venue=" in data["markers"][0]["url"]
    assert Client().get("/fjordby/activities/map.json?bbox=nonsense").status_code == 400


def test_representative_lists_a_weekly_activity_through_the_form(town):
    municipality, org, rep, hall, _activity = town
    client = client_for(rep)
    assert client.get("/fjordby/activities/manage/new/").status_code == 200
    response = client.post(
        "/fjordby/activities/manage/new/",
        {
            "organisation": org.pk,
            "title": "Fotball for jenter",
            "description": "Trening for jenter.",
            "description_language": "nb",
            "category": category(municipality).pk,
            "venue": hall.pk,
            "weekdays": ["1", "3"],
            "repeat": "1",
            "start_date": "2026-09-01",
            "end_date": "2026-12-15",
            "start_time": "17:00",
            "end_time": "18:30",
            "exdates": "2026-10-06, 2026-10-08",
            "age_min": "8",
            "age_max": "12",
            "price_type": "fixed",
            "price_kr": "600",
            "price_period": "term",
            "join_method": "drop_in",
            "is_step_free": "on",
            "publish": "on",
        },
    )
    activity = Activity.objects.get(title="Fotball for jenter")
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    schedule = activity.schedules.get()
    assert schedule.rrule == "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261215T235959"
    assert schedule.exdates == "2026-10-06, 2026-10-08"
    assert (activity.price_ore, activity.price_from_ore, activity.status) == (60000, 60000, "published")


def test_form_errors_are_shown_and_nothing_saved(town):
    municipality, org, rep, hall, _activity = town
    response = client_for(rep).post(
        "/fjordby/activities/manage/new/",
        {
            "organisation": org.pk,
            "title": "Dårlig",
            "description": "<b>fet</b>",
            "description_language": "nb",
            "category": category(municipality).pk,
            "venue": hall.pk,
            "repeat": "1",
            "start_date": "2026-09-10",
            "end_date": "2026-09-01",
            "start_time": "18:00",
            "end_time": "17:00",
            "price_type": "fixed",
            "price_kr": "-5",
            "join_method": "drop_in",
            "age_min": "200",
            "rrule": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert not Activity.objects.filter(title="Dårlig").exists()
    for field in ("end_date", "end_time", "price_kr", "age_min"):
        assert f"id_{field}_error" in html


def test_cancel_a_session_from_the_schedule_page(town):
    _municipality, _org, rep, _hall, activity = town
    session = activity.sessions.filter(starts_at__gte=datetime.datetime.now(datetime.UTC)).order_by("starts_at").first()
    client = client_for(rep)
    assert client.get(f"/fjordby/activities/manage/{activity.pk}/").status_code == 200
    client.post(f"/fjordby/activities/manage/{activity.pk}/sessions/{session.pk}/", {"reason": "Hallen er opptatt"})
    session.refresh_from_db()
    assert session.is_cancelled and session.cancel_reason == "Hallen er opptatt"
    assert "Hallen er opptatt" in Client().get(activity.get_absolute_url()).content.decode()


def test_sign_up_from_the_detail_page(town):
    municipality, org, rep, hall, _activity = town
    course = make_activity(
        municipality, organisation=org, actor=rep, title="Kurs", venue=hall, join_method="sign_up", capacity=1
    )
    parent = make_user()
    client = client_for(parent)
    client.post(f"/fjordby/activities/{course.pk}/sign-up/", {"participant_name": "Yusuf"})
    client.post(f"/fjordby/activities/{course.pk}/sign-up/", {"participant_name": "Leila"})
    assert list(SignUp.objects.order_by("id").values_list("participant_name", "status")) == [
        ("Yusuf", "confirmed"),
        ("Leila", "waiting"),
    ]
    assert client_for(rep).get(f"/fjordby/activities/manage/{course.pk}/sign-ups/").status_code == 200


def test_saved_search_has_a_private_calendar_feed(town):
    user = make_user()
    client = client_for(user)
    client.post("/fjordby/activities/saved/", {"name": "Tirsdager", "query": "day=1&age=9"})
    saved = SavedSearch.objects.get(user=user)
    response = Client().get(f"/fjordby/activities/saved/{saved.token}.ics")
    assert response.status_code == 200 and b"Allidrett" in response.content
    assert Client().get("/fjordby/activities/saved/not-a-token.ics").status_code == 404
    client.post(f"/fjordby/activities/saved/{saved.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_landing_pages_show_this_week(town):
    html = Client().get("/fjordby/neighbourhoods/borgen/").content.decode()
    assert "Allidrett" in html
    assert Client().get("/fjordby/activities/this-week/?neighbourhood=borgen").status_code == 200
    assert Client().get("/fjordby/activities/this-week/?neighbourhood=nowhere").status_code == 404


def test_daily_command_materialises_reminds_and_erases(town, capsys):
    from django.core.management import call_command

    Session.objects.all().delete()
    call_command("activities_daily")
    assert "materialised=1" in capsys.readouterr().out
    assert Session.objects.exists()


def _png():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("bilde.png", buffer.getvalue(), content_type="image/png")


def test_images_need_a_description(town):
    from sammen.activities.models import ActivityImage

    _municipality, _org, rep, _hall, activity = town
    client = client_for(rep)
    url = f"/fjordby/activities/manage/{activity.pk}/images/"
    response = client.post(url, {"image": _png(), "alt_text": "  "})
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    assert not ActivityImage.objects.exists()
    response = client.post(url, {"image": _png(), "alt_text": "Barn som spiller fotball i hallen"})
    assert response.status_code == 302
    image = ActivityImage.objects.get()
    assert 'alt="Barn som spiller fotball i hallen"' in Client().get(activity.get_absolute_url()).content.decode()
    client.post(url, {"remove": image.pk})
    assert not ActivityImage.objects.exists()
    assert client_for(make_user()).get(url).status_code == 403


def test_the_distance_shown_is_the_distance_used(town):
    html = Client().get("/fjordby/activities/?near=Borgen").content.decode()
    assert '<option value="3" selected>3 km</option>' in html
    html = Client().get("/fjordby/activities/?near=Borgen&radius=any").content.decode()
    assert '<option value="any" selected>' in html
