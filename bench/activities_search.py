"""Benchmark: the activity search with 5,000 activities and 100,000 upcoming sessions.

Builds the data in a fresh test database (SQLite by default, PostgreSQL when DATABASE_URL is set), then reports
the median server time of repeated requests through Django's test client (routing, query, template rendering).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/activities_search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sammen_activities \
        DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/activities_search.py
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "5000"))
SESSIONS_EACH = int(os.environ.get("BENCH_SESSIONS_EACH", "20"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def build() -> None:
    from sammen.activities import services
    from sammen.activities.models import Activity, Category, Schedule, Session, tag_list_value
    from sammen.organisations.models import Organisation
    from sammen.places.models import Municipality, Neighbourhood, Venue

    rng = random.Random(7)
    municipality = Municipality.objects.create(slug="benchvik", name="Benchvik kommune")
    hoods = [
        Neighbourhood.objects.create(
            municipality=municipality,
            slug=f"n{i}",
            name=name,
            latitude=Decimal(f"{59.80 + i * 0.03:.6f}"),
            longitude=Decimal(f"{10.40 + i * 0.02:.6f}"),
        )
        for i, name in enumerate(["Borgen", "Ullerål", "Sentrum", "Nordby", "Sørby", "Vestli", "Østli", "Havna"])
    ]
    venues = [
        Venue(
            municipality=municipality,
            neighbourhood=hoods[i % len(hoods)],
            name=f"Huset {i}",
            latitude=Decimal(f"{59.78 + rng.random() * 0.3:.6f}"),
            longitude=Decimal(f"{10.35 + rng.random() * 0.3:.6f}"),
            is_step_free=rng.random() < 0.6,
        )
        for i in range(300)
    ]
    Venue.objects.bulk_create(venues)
    services.category_defaults_ensure(municipality=municipality)
    categories = list(Category.objects.filter(municipality=municipality))
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(municipality=municipality, name=f"Lag {i}", kind="sports_club", status="approved")
            for i in range(400)
        ]
    )
    words = [
        "fotball",
        "allidrett",
        "kor",
        "strikking",
        "svømming",
        "sjakk",
        "dans",
        "tur",
        "leksehjelp",
        "middag",
        "trim",
        "maling",
        "korps",
        "klatring",
    ]
    now = timezone.now()
    activities = []
    for i in range(ACTIVITIES):
        venue = venues[i % len(venues)]
        title = f"{rng.choice(words).title()} {i}"
        age_min = rng.choice([None, 3, 6, 8, 10, 13, 18, 65])
        age_max = None if age_min is None or age_min >= 18 else age_min + rng.choice([2, 4, 6])
        free = rng.random() < 0.5
        activities.append(
            Activity(
                municipality=municipality,
                organisation=orgs[i % len(orgs)],
                title=title,
                description=f"{title}: {' '.join(rng.sample(words, 5))}.",
                category=categories[i % len(categories)],
                venue=venue,
                neighbourhood=venue.neighbourhood,
                age_min=age_min,
                age_max=age_max,
                price_type="free" if free else "fixed",
                price_ore=None if free else rng.choice([20000, 60000, 150000]),
                price_from_ore=0 if free else 20000,
                accepts_card=rng.random() < 0.4,
                is_step_free=venue.is_step_free,
                languages=tag_list_value(rng.sample(["nb", "en", "so", "ar"], 2)),
                status="published",
                confirmed_at=now,
                search_document=f"{title} {rng.choice(words)}".lower(),
                modified_stamp=i + 1,
            )
        )
    Activity.objects.bulk_create(activities, batch_size=1000)
    activities = list(Activity.objects.filter(municipality=municipality).order_by("id"))
    schedules, sessions = [], []
    tz = datetime.UTC
    for n, activity in enumerate(activities):
        weekday = n % 7
        hour = 9 + (n % 12)
        schedules.append(
            Schedule(
                activity=activity,
                start_date=now.date(),
                start_time=datetime.time(hour),
                end_time=datetime.time(hour + 1),
                rrule=f"FREQ=WEEKLY;BYDAY={['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][weekday]}",
            )
        )
    Schedule.objects.bulk_create(schedules, batch_size=1000)
    for n, schedule in enumerate(
        Schedule.objects.filter(activity__municipality=municipality).select_related("activity")
    ):
        weekday = n % 7
        first = (now + datetime.timedelta(days=(weekday - now.weekday()) % 7 or 7)).replace(
            hour=schedule.start_time.hour, minute=0, second=0, microsecond=0, tzinfo=tz
        )
        for week in range(SESSIONS_EACH):
            start = first + datetime.timedelta(weeks=week)
            sessions.append(
                Session(
                    municipality=municipality,
                    activity_id=schedule.activity_id,
                    schedule=schedule,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=1),
                    local_date=start.date(),
                    weekday=start.weekday(),
                    start_minute=start.hour * 60,
                    modified_stamp=n + 1,
                )
            )
        if len(sessions) >= 10000:
            Session.objects.bulk_create(sessions, batch_size=2000)
            sessions = []
    Session.objects.bulk_create(sessions, batch_size=2000)
    # What materialisation stores for each activity: its next session.
    from django.db.models import OuterRef, Subquery

    first = (
        Session.objects.filter(activity=OuterRef("pk"), starts_at__gte=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    Activity.objects.filter(municipality=municipality).update(next_session_at=Subquery(first))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


URLS = {
    "filtered search (free, age 9, Tuesday afternoon, step-free, near Borgen)": (
        "/benchvik/activities/?age=9&day=1&time=afternoon&free=on&access=is_step_free&near=Borgen"
    ),
    "full-text search 'fotball'": "/benchvik/activities/?q=fotball",
    "first page, no filters (5,000 matches sorted by next session)": "/benchvik/activities/",
    "map markers (JSON, by venue)": "/benchvik/activities/map.json?age=9&bbox=10.3,59.7,10.8,60.2",
    "API list with filters": "/api/v1/activities/municipalities/benchvik/activities?age=9&day=1&free=true",
}


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        started = time.perf_counter()
        build()
        from sammen.activities.models import Activity, Session

        print(
            f"database: {connection.vendor}; built {Activity.objects.count()} activities and "
            f"{Session.objects.filter(starts_at__gte=timezone.now()).count()} upcoming sessions "
            f"in {time.perf_counter() - started:.1f} s"
        )
        client = Client()
        for label, url in URLS.items():
            client.get(url)  # warm up caches
            timings = []
            for _ in range(REPEAT):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            p90 = sorted(timings)[int(len(timings) * 0.9) - 1]
            print(
                f"{label}: median {statistics.median(timings):.1f} ms, p90 {p90:.1f} ms, "
                f"{len(queries.captured_queries)} queries"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
