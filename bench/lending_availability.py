"""Benchmark: live availability of 2,000 item types over a 30-day window, 20 depots, 200,000 past loans.

Builds the data in its own database, then reports the median server time (Django's test client, in process) of:
  - the availability API for every item type of the municipality (GET /api/v1/lending/.../availability),
  - a depot's catalogue page with availability (24 item types per page),
  - the catalogue search across all depots.

Usage (SQLite, a file of its own):
    .venv/bin/python bench/lending_availability.py
PostgreSQL (a database of its own):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sammen_lending_bench .venv/bin/python bench/lending_availability.py
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/sammen-lending-bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

DEPOTS = 20
TYPES_PER_DEPOT = 100
UNITS_PER_TYPE = 5
PAST_LOANS = 200_000
ACTIVE_BOOKINGS = 2_000
BORROWERS = 5_000
REPEAT = 30


def build() -> None:
    from sammen.lending.models import Booking, Borrower, Depot, ItemType, Loan, OpeningHours, Unit
    from sammen.places.models import Municipality

    if Municipality.objects.filter(slug="benchvik").exists():
        print("Data already built; reusing it.")
        return
    rng = random.Random(8)
    started = time.perf_counter()
    m = Municipality.objects.create(slug="benchvik", name="Benchvik kommune")
    depots = Depot.objects.bulk_create(
        [
            Depot(
                municipality=m,
                name=f"BUA {i:02d}",
                slug=f"bua-{i:02d}",
                street_address=f"Gata {i}",
                mode="reservable",
                code_prefix=f"B{i:02d}",
                min_days_ahead=0,
                max_days_ahead=60,
            )
            for i in range(DEPOTS)
        ]
    )
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(depot=d, weekday=w, opens=datetime.time(12), closes=datetime.time(18))
            for d in depots
            for w in range(6)
        ]
    )
    categories = ["skiing", "skating", "cycling", "camping", "water", "ball_games", "protective", "fitness", "other"]
    types = ItemType.objects.bulk_create(
        [
            ItemType(
                municipality=m,
                depot=d,
                category=categories[n % len(categories)],
                name=f"Utstyr {n:03d}",
                description="Godt og solid utstyr til utlån.",
                default_loan_days=7,
            )
            for d in depots
            for n in range(TYPES_PER_DEPOT)
        ],
        batch_size=1000,
    )
    sizes = ["", "S", "M", "L", "32", "34", "36"]
    units = Unit.objects.bulk_create(
        [
            Unit(municipality=m, item_type=t, code=f"{t.depot.code_prefix}-{i:05d}", size=rng.choice(sizes))
            for i, t in enumerate(t for t in types for _ in range(UNITS_PER_TYPE))
        ],
        batch_size=2000,
    )
    borrowers = Borrower.objects.bulk_create(
        [
            Borrower(municipality=m, full_name=f"Låner {i}", phone=f"+4790{i:06d}", birth_year=rng.randint(1950, 2015))
            for i in range(BORROWERS)
        ],
        batch_size=2000,
    )
    today = timezone.localdate()
    now = timezone.now()
    depot_of_type = {t.pk: t.depot_id for t in types}
    loans = []
    for _ in range(PAST_LOANS):
        start = today - datetime.timedelta(days=rng.randint(20, 730))
        loans.append(
            Loan(
                municipality=m,
                depot_id=rng.choice(depots).pk,
                borrower=rng.choice(borrowers),
                start_date=start,
                due_date=start + datetime.timedelta(days=7),
                checked_out_at=now,
                closed_at=now,
                user_birth_year=rng.randint(1950, 2018),
            )
        )
    loans = Loan.objects.bulk_create(loans, batch_size=5000)
    bookings = []
    for loan in loans:
        unit = rng.choice(units)
        bookings.append(
            Booking(
                municipality=m,
                depot_id=depot_of_type[unit.item_type_id],
                unit=unit,
                item_type_id=unit.item_type_id,
                loan=loan,
                start_date=loan.start_date,
                end_date=loan.due_date,
                is_active=False,
                returned_at=now,
            )
        )
    Booking.objects.bulk_create(bookings, batch_size=5000)
    # Loans out now and reservations ahead: one active booking each on distinct units, some overdue.
    active_units = rng.sample(units, ACTIVE_BOOKINGS)
    current = Loan.objects.bulk_create(
        [
            Loan(
                municipality=m,
                depot_id=depot_of_type[u.item_type_id],
                borrower=rng.choice(borrowers),
                start_date=today - datetime.timedelta(days=10),
                due_date=today + datetime.timedelta(days=rng.randint(-5, 20)),
                checked_out_at=now,
            )
            for u in active_units
        ],
        batch_size=2000,
    )
    for loan in current:
        if loan.due_date <= loan.start_date:
            loan.due_date = loan.start_date + datetime.timedelta(days=1)
    Booking.objects.bulk_create(
        [
            Booking(
                municipality=m,
                depot_id=loan.depot_id,
                unit=u,
                item_type_id=u.item_type_id,
                loan=loan,
                start_date=loan.start_date,
                end_date=max(loan.due_date, loan.start_date + datetime.timedelta(days=1)),
            )
            for u, loan in zip(active_units, current, strict=True)
        ],
        batch_size=2000,
    )
    took = time.perf_counter() - started
    print(f"Built {len(types)} item types, {len(units)} units, {PAST_LOANS} past loans in {took:.0f} s.")


def measure(client: Client, url: str) -> tuple[float, float, int]:
    """Median wall time and median CPU time of this process (the server's work, less the waiting for other
    processes on a shared machine), and the number of queries."""
    client.get(url)  # warm caches
    wall, cpu = [], []
    for _ in range(REPEAT):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(wall), statistics.median(cpu), len(queries.captured_queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    build()
    # Planner statistics, as PostgreSQL's autovacuum (or a DBA after a bulk load) would have them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = timezone.localdate()
    end = today + datetime.timedelta(days=30)
    client = Client()
    period = f"start={today.isoformat()}&end={end.isoformat()}"
    cases = [
        (
            "availability API, 2,000 item types, 30 days",
            f"/api/v1/lending/municipalities/benchvik/availability?{period}",
        ),
        ("depot catalogue page, 30 days", f"/benchvik/lending/depots/bua-07/?{period}"),
        ("catalogue search across depots, 30 days", f"/benchvik/lending/?q=Utstyr&category=&depot=&{period}"),
    ]
    print(f"Database: {connection.vendor}; median of {REPEAT} requests; load average {os.getloadavg()[0]:.1f}")
    for label, url in cases:
        wall, cpu, count = measure(client, url)
        print(f"  {label:48s} wall {wall:6.1f} ms  cpu {cpu:6.1f} ms  {count} queries")
    reset_queries()


if __name__ == "__main__":
    main()
