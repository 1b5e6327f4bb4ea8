"""Benchmark of the volunteer exchange at the size of a large municipality.

Builds: 400 actors, 4 000 open offers and needs (with tags), an exchange event with 60 participants and 600
agreements, 200 volunteer tasks with 2 400 shifts. Then measures the median server time (Django test client, so
no network) over repeated requests for the pages people wait on, and for registering an agreement.

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/exchange_pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sammen_exchange_bench ... (PostgreSQL; the database must exist)

SQLite by default, in a fresh file under /tmp.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
BENCH_DB = Path("/tmp/sammen-exchange-bench.sqlite3")
if "DATABASE_URL" not in os.environ:
    BENCH_DB.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DB}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

REPEAT = 25
random.seed(7)


def build():
    from sammen.accounts.models import Role
    from sammen.core.testing import grant, make_municipality, make_neighbourhood, make_user
    from sammen.exchange.models import (
        Actor,
        Agreement,
        Category,
        EventParticipant,
        EventRole,
        ExchangeEvent,
        Listing,
        Shift,
        Tag,
        VolunteerTask,
    )
    from sammen.organisations.models import Organisation

    municipality = make_municipality(slug="storby", name="Storby kommune")
    neighbourhoods = [make_neighbourhood(municipality, slug=f"n{i}", name=f"Nabolag {i}") for i in range(12)]
    admin = grant(make_user("admin@storby.example"), municipality, Role.MUNICIPALITY_ADMIN)
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                municipality=municipality,
                name=f"Lag {i:03d}",
                kind=random.choice(["sports_club", "business", "municipal_unit", "voluntary_organisation"]),
                status="approved",
                neighbourhood=random.choice(neighbourhoods),
            )
            for i in range(400)
        ]
    )
    actors = Actor.objects.bulk_create(
        [
            Actor(municipality=municipality, organisation=o, neighbourhood=o.neighbourhood, contact_email="a@b.example")
            for o in organisations
        ]
    )
    tags = Tag.objects.bulk_create([Tag(municipality=municipality, name=f"ord{i}") for i in range(120)])
    event = ExchangeEvent.objects.create(
        municipality=municipality,
        title="Storbørs",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
        agreement_goal=700,
    )
    EventRole.objects.create(event=event, user=admin, role="organiser")
    participants = actors[:60]
    EventParticipant.objects.bulk_create(
        [EventParticipant(event=event, actor=a, status="attending") for a in participants]
    )
    listings = Listing.objects.bulk_create(
        [
            Listing(
                municipality=municipality,
                actor=random.choice(actors),
                side=random.choice(["offer", "need"]),
                category=random.choice(Category.values),
                title=f"Oppføring {i}",
                description="Beskrivelse " * 10,
                neighbourhood=random.choice([*neighbourhoods, None]),
                weekdays=random.randint(0, 127),
                event=event if i % 10 == 0 else None,
            )
            for i in range(4000)
        ]
    )
    through = Listing.tags.through
    through.objects.bulk_create(
        [through(listing_id=listing.pk, tag_id=tag.pk) for listing in listings for tag in random.sample(tags, 3)]
    )
    pairs = set()
    rows = []
    while len(rows) < 600:
        a, b = random.sample(participants, 2)
        key = tuple(sorted((a.pk, b.pk)))
        if key in pairs:
            continue
        pairs.add(key)
        rows.append(
            Agreement(
                municipality=municipality,
                event=event,
                party_a=a,
                party_b=b,
                party_a_gives="Lokaler og kaffe",
                category=random.choice(Category.values),
                registered_by=admin,
            )
        )
    Agreement.objects.bulk_create(rows)
    tasks = VolunteerTask.objects.bulk_create(
        [
            VolunteerTask(municipality=municipality, actor=random.choice(actors), title=f"Oppdrag {i}", description="x")
            for i in range(200)
        ]
    )
    start = timezone.now() + datetime.timedelta(days=1)
    Shift.objects.bulk_create(
        [
            Shift(
                task=task,
                starts_at=start + datetime.timedelta(days=7 * week),
                ends_at=start + datetime.timedelta(days=7 * week, hours=2),
                capacity=3,
            )
            for task in tasks
            for week in range(12)
        ]
    )
    return municipality, admin, event, listings, participants


def median_ms(client, url, method="get", data_fn=None):
    timings = []
    client.get(url)  # warm caches (sessions, roles)
    for _ in range(REPEAT):
        data = data_fn() if data_fn else None
        started = time.perf_counter()
        response = client.get(url) if method == "get" else client.post(url, data)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 302), (url, response.status_code)
    return statistics.median(timings)


def main():
    setup_test_environment()
    call_command("migrate", verbosity=0)
    municipality, admin, event, listings, participants = build()
    from sammen.core.testing import client_for

    base = f"/{municipality.slug}/exchange"
    anonymous = Client()
    staff = client_for(admin)
    need = next(listing for listing in listings if listing.side == "need")
    results = [
        ("Offers and needs, first page (4 000 listings)", median_ms(anonymous, f"{base}/offers-and-needs/")),
        (
            "Search with a text and a category",
            median_ms(anonymous, f"{base}/offers-and-needs/?q=Oppf&category=premises"),
        ),
        ("A need with its ranked offers (matching)", median_ms(anonymous, need.get_absolute_url())),
        ("Big screen live count (600 agreements)", median_ms(anonymous, f"{base}/events/{event.pk}/screen/live/")),
        ("Event report (600 agreements)", median_ms(staff, f"{base}/events/{event.pk}/report/")),
        ("Volunteer tasks (200 tasks, 2 400 shifts)", median_ms(anonymous, f"{base}/tasks/")),
        (
            "API: offers, first page",
            median_ms(anonymous, f"/api/v1/exchange/municipalities/{municipality.slug}/offers"),
        ),
    ]
    pairs = iter([(a, b) for i, a in enumerate(participants) for b in participants[i + 1 :]])

    from sammen.exchange.models import Agreement

    def broker_post():
        while True:
            a, b = next(pairs)
            if not Agreement.objects.filter(event=event, party_a__in=[a, b], party_b__in=[a, b]).exists():
                break
        return {
            "idempotency_key": str(uuid.uuid4()),
            "party_a": a.pk,
            "party_b": b.pk,
            "party_a_gives": "Lokaler",
            "category": "premises",
        }

    results.append(
        (
            "Broker registers an agreement (POST)",
            median_ms(staff, f"{base}/events/{event.pk}/broker/", method="post", data_fn=broker_post),
        )
    )
    print(f"Database: {connection.vendor}; median of {REPEAT} requests each")
    for label, ms in results:
        print(f"  {label:<52} {ms:7.1f} ms")


if __name__ == "__main__":
    main()
