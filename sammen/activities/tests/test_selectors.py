"""The search: every filter, sorting by next session and distance, full text, and a query count that stays put."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sammen.activities import selectors
from sammen.activities.models import Activity
from sammen.activities.selectors import SearchFilters
from sammen.core.testing import make_municipality, make_neighbourhood, make_organisation

from .factories import make_activity, venue, weekly

pytestmark = pytest.mark.django_db

BORGEN = (59.8381, 10.4339)


@pytest.fixture
def town(db):
    municipality = make_municipality(slug="fjordby")
    borgen = make_neighbourhood(municipality, slug="borgen", name="Borgen", latitude="59.838100", longitude="10.433900")
    far = make_neighbourhood(municipality, slug="ulleral", name="Ullerål", latitude="60.172400", longitude="10.247600")
    hall = venue(municipality, name="Borgenhallen", neighbourhood=borgen, latitude="59.840100", longitude="10.437800")
    school = venue(
        municipality,
        name="Ullerål skole",
        neighbourhood=far,
        latitude="60.171800",
        longitude="10.246100",
        is_step_free=False,
    )
    org = make_organisation(municipality, name="Borgen IL")
    monday = datetime.date.today() - datetime.timedelta(days=datetime.date.today().weekday() + 7)
    make_activity(
        municipality,
        organisation=org,
        title="Allidrett",
        venue=hall,
        age_min=6,
        age_max=10,
        is_step_free=True,
        schedule=weekly(monday, days="TU", start_time="17:00", end_time="18:00"),
        accepts_card=True,
    )
    make_activity(
        municipality,
        organisation=org,
        title="Fotball jenter",
        venue=school,
        age_min=8,
        age_max=12,
        price_type="fixed",
        price_ore=60000,
        schedule=weekly(monday, days="TU", start_time="17:30", end_time="18:30"),
        languages=["nb", "so"],
    )
    make_activity(
        municipality,
        organisation=org,
        title="Seniortrim",
        venue=hall,
        age_min=65,
        is_step_free=True,
        category_key="sport",
        schedule=weekly(monday, days="MO", start_time="10:00", end_time="11:00"),
        target_groups=["seniors"],
    )
    make_activity(
        municipality,
        organisation=org,
        title="Kveldskor",
        venue=hall,
        is_step_free=True,
        category_key="music",
        description="Vi synger fotballsanger og viser.",
        schedule=weekly(monday, days="TU", start_time="19:00", end_time="20:30"),
    )
    return municipality


def titles(municipality, **filters):
    result = selectors.activity_search(municipality=municipality, filters=SearchFilters(**filters))
    return [h.activity.title for h in result.hits]


def test_the_parents_search_free_nine_year_old_tuesday_afternoon_step_free_near_borgen(town):
    assert titles(
        town, free=True, age=9, days=[1], times=["afternoon"], access=["is_step_free"], point=BORGEN, radius_km=3
    ) == ["Allidrett"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Seniortrim", "Allidrett", "Fotball jenter", "Kveldskor"]),
        ({"age": 9}, ["Allidrett", "Fotball jenter", "Kveldskor"]),
        ({"age": 70}, ["Seniortrim", "Kveldskor"]),
        ({"days": [0]}, ["Seniortrim"]),
        ({"times": ["evening"]}, ["Kveldskor"]),
        ({"times": ["morning", "evening"]}, ["Seniortrim", "Kveldskor"]),
        ({"free": True}, ["Seniortrim", "Allidrett", "Kveldskor"]),
        ({"max_price_ore": 50000}, ["Seniortrim", "Allidrett", "Kveldskor"]),
        ({"max_price_ore": 60000}, ["Seniortrim", "Allidrett", "Fotball jenter", "Kveldskor"]),
        ({"card": True}, ["Allidrett"]),
        ({"categories": ["music"]}, ["Kveldskor"]),
        ({"language": "so"}, ["Fotball jenter"]),
        ({"target_group": "seniors"}, ["Seniortrim"]),
        ({"neighbourhood": "ulleral"}, ["Fotball jenter"]),
        ({"q": "fotball"}, ["Fotball jenter", "Kveldskor"]),
        ({"q": "FOTBALL jenter"}, ["Fotball jenter"]),
        ({"q": "borgen il allidrett"}, ["Allidrett"]),
        ({"sort": "title"}, ["Allidrett", "Fotball jenter", "Kveldskor", "Seniortrim"]),
    ],
)
def test_each_filter(town, filters, expected):
    found = titles(town, **filters)
    assert (found if "sort" in filters else sorted(found)) == (expected if "sort" in filters else sorted(expected))


def test_sorted_by_next_session(town):
    result = selectors.activity_search(municipality=town, filters=SearchFilters())
    times = [h.next_at for h in result.hits]
    assert times == sorted(times)
    for hit in result.hits:
        first = hit.activity.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
        assert hit.next_at == first.starts_at


def test_distance_sorting_and_radius(town):
    result = selectors.activity_search(municipality=town, filters=SearchFilters(point=BORGEN, sort="distance"))
    assert [h.activity.title for h in result.hits][-1] == "Fotball jenter"
    assert result.hits[0].distance_km == pytest.approx(0.35, abs=0.1)
    assert result.hits[-1].distance_km == pytest.approx(38, abs=2)
    assert "Fotball jenter" not in titles(town, point=BORGEN, radius_km=5)


def test_hidden_listings_are_not_found(town):
    allidrett = Activity.objects.get(title="Allidrett")
    Activity.objects.filter(pk=allidrett.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=400))
    Activity.objects.filter(title="Seniortrim").update(status="paused")
    Activity.objects.filter(title="Kveldskor").update(status="draft")
    assert titles(town) == ["Fotball jenter"]
    allidrett.organisation.status = "suspended"
    allidrett.organisation.save()
    assert titles(town) == []


def test_only_upcoming_uncancelled_sessions_count_for_next_time(town):
    activity = Activity.objects.get(title="Seniortrim")
    upcoming = activity.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    first, second = upcoming[0], upcoming[1]
    from sammen.activities import services

    services.session_cancel(actor=activity.created_by, session=first, reason="")
    hit = next(
        h for h in selectors.activity_search(municipality=town, filters=SearchFilters()).hits if h.activity == activity
    )
    assert hit.next_at == second.starts_at


def test_search_query_count_does_not_grow_with_data(town, django_assert_max_num_queries):
    def run():
        with CaptureQueriesContext(connection) as ctx:
            selectors.activity_search(municipality=town, filters=SearchFilters(age=9, days=[1], point=BORGEN))
        return len(ctx.captured_queries)

    small = run()
    org = make_organisation(town, name="Mange lag")
    for i in range(15):
        make_activity(town, organisation=org, title=f"Aktivitet {i}", age_min=5, age_max=12)
    assert run() == small == 2


def test_map_markers_group_by_venue_and_respect_the_box(town):
    markers = selectors.map_markers(municipality=town, filters=SearchFilters(), bbox=None)
    assert [(m["name"], m["count"]) for m in markers] == [("Borgenhallen", 3), ("Ullerål skole", 1)]
    inside_borgen = (10.40, 59.80, 10.50, 59.90)
    assert [
        m["name"] for m in selectors.map_markers(municipality=town, filters=SearchFilters(), bbox=inside_borgen)
    ] == ["Borgenhallen"]


def test_this_week_lists_sessions_of_the_neighbourhood(town):
    sessions = selectors.sessions_this_week(municipality=town, neighbourhood_slug="ulleral")
    assert {s.activity.title for s in sessions} == {"Fotball jenter"}
    assert all(s.starts_at < timezone.now() + datetime.timedelta(days=7) for s in sessions)


def test_a_stored_next_session_that_has_passed_falls_back_to_the_sessions(town):
    activity = Activity.objects.get(title="Seniortrim")
    upcoming = list(activity.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:2])
    # As if the daily job had not run since the first of these sessions: the search must not show it once it passed.
    later = upcoming[0].starts_at + datetime.timedelta(minutes=1)
    result = selectors.activity_search(municipality=town, filters=SearchFilters(q="seniortrim"), now=later)
    assert result.hits[0].next_at == upcoming[1].starts_at
    activity.refresh_from_db()
    assert activity.next_session_at == upcoming[0].starts_at
