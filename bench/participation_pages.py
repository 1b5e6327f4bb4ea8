"""Benchmark: the public input list and the statistics page of a process with 50,000 inputs and 200 engagements.

Builds the data in a fresh database (SQLite by default, or PostgreSQL with DATABASE_URL), then requests each page
repeatedly with Django's test client and reports the median and 95th percentile server time.

    .venv/bin/python bench/participation_pages.py                       # SQLite file under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sammen_participation .venv/bin/python bench/participation_pages.py

Options: --inputs N (50000), --engagements N (200), --repeat N (30), --keep (reuse the data if it is there).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-participation.sqlite3'}")


def build(inputs: int, engagements: int) -> None:
    from django.db import transaction

    from sammen.participation.models import (
        DEFAULT_TARGET_GROUPS,
        Engagement,
        EngagementTargetGroup,
        FocusArea,
        Input,
        Phase,
        PhaseKind,
        Process,
        Tag,
        TargetGroup,
    )
    from sammen.places.models import Municipality, Neighbourhood

    rng = random.Random(2016)
    with transaction.atomic():
        municipality = Municipality.objects.create(slug="benchby", name="Benchby kommune")
        neighbourhood = Neighbourhood.objects.create(municipality=municipality, slug="storby", name="Storby")
        process = Process.objects.create(
            municipality=municipality, neighbourhood=neighbourhood, slug="stor", title="Stor prosess", is_published=True
        )
        for position, kind in enumerate(PhaseKind.values[:4]):
            Phase.objects.create(process=process, kind=kind, position=position)
        process.current_phase = process.phases.first()
        process.save()
        groups = [
            TargetGroup.objects.create(process=process, key=k, position=i) for i, k in enumerate(DEFAULT_TARGET_GROUPS)
        ]
        areas = [
            FocusArea.objects.create(process=process, key=f"omrade-{n}", name=f"Innsatsområde {n}", position=n)
            for n in range(1, 5)
        ]
        tags = [Tag.objects.create(process=process, name=f"tema {n}") for n in range(20)]
        kinds = ["conference", "workshop", "focus_group", "dialogue_dinner", "childrens_map", "interviews", "survey"]
        created = Engagement.objects.bulk_create(
            [
                Engagement(
                    process=process,
                    kind=kinds[n % len(kinds)],
                    title=f"Aktivitet {n + 1}",
                    date=datetime.date(2016, 1, 1) + datetime.timedelta(days=n * 3),
                    participants_min=10 + n % 90,
                    participants_max=10 + n % 90 + (5 if n % 17 == 0 else 0),
                    reach=600 if n % 50 == 0 else None,
                )
                for n in range(engagements)
            ]
        )
        EngagementTargetGroup.objects.bulk_create(
            [
                EngagementTargetGroup(engagement=e, target_group=groups[i % len(groups)], participants=3)
                for i, e in enumerate(created)
            ]
        )
        channels = ["meeting", "portal", "dialogue_dinner", "social_media", "email", "letter"]
        words = [
            "benker",
            "lys",
            "møteplass",
            "kafé",
            "buss",
            "lekeplass",
            "bibliotek",
            "trygghet",
            "eldre",
            "ungdom",
            "sti",
            "hage",
        ]
        batch = []
        for n in range(inputs):
            batch.append(
                Input(
                    process=process,
                    text=f"Innspill {n}: {' '.join(rng.sample(words, 5))}.",
                    kind=["idea", "need", "problem", "question"][n % 4],
                    channel=channels[n % len(channels)],
                    engagement=created[n % engagements],
                    received_on=datetime.date(2016, 1, 1) + datetime.timedelta(days=n % 700),
                    language=["nb", "nb", "nb", "en", "nn", "so"][n % 6],
                    status="published" if n % 50 else "pending",
                    support_count=rng.randint(0, 30),
                )
            )
        saved = Input.objects.bulk_create(batch, batch_size=2000)
        Input.focus_areas.through.objects.bulk_create(
            [Input.focus_areas.through(input_id=i.pk, focusarea_id=areas[n % 4].pk) for n, i in enumerate(saved)]
            + [
                Input.focus_areas.through(input_id=i.pk, focusarea_id=areas[(n + 1) % 4].pk)
                for n, i in enumerate(saved)
                if n % 5 == 0
            ],
            batch_size=5000,
        )
        Input.tags.through.objects.bulk_create(
            [Input.tags.through(input_id=i.pk, tag_id=tags[n % 20].pk) for n, i in enumerate(saved)], batch_size=5000
        )
        Input.target_groups.through.objects.bulk_create(
            [
                Input.target_groups.through(input_id=i.pk, targetgroup_id=groups[n % 6].pk)
                for n, i in enumerate(saved)
                if n % 3 == 0
            ],
            batch_size=5000,
        )


def measure(client, url: str, repeat: int, fresh: bool = False) -> tuple[float, float, int]:
    """Median and 95th percentile server time in ms, and the query count. `fresh`: empty the cache before each
    request, so cached statistics never help (the first view after a change)."""
    from django.core.cache import cache
    from django.db import connection

    client.get(url)  # warm caches (templates, session, query plans)
    timings = []
    for _ in range(repeat):
        if fresh:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    if fresh:
        cache.clear()
    with connection.execute_wrapper(count):
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=50_000)
    parser.add_argument("--engagements", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from sammen.participation.models import Input, Process

    # No setup_test_environment(): it instruments every template render, which is not what a server does.
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        db = Path(settings.DATABASES["default"]["NAME"])
        if not args.keep and db.exists():
            db.unlink()
        db.parent.mkdir(exist_ok=True)
    elif not args.keep:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    if not Process.objects.filter(slug="stor").exists():
        started = time.perf_counter()
        build(args.inputs, args.engagements)
        print(f"Built {args.inputs} inputs and {args.engagements} engagements in {time.perf_counter() - started:.1f} s")
    # Planner statistics, as a running database keeps them (autovacuum on PostgreSQL).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if engine.startswith("postgres") else "ANALYZE")
    print(f"Database: {engine}; inputs in the process: {Input.objects.filter(process__slug='stor').count()}")

    client = Client(SERVER_NAME="localhost")
    base = "/benchby/participation/stor/"
    pages = [
        ("input list, first page", f"{base}inputs/", True),
        ("input list, focus area + most supported", f"{base}inputs/?focus_area=omrade-2&sort=support", True),
        ("input list, text search + channel", f"{base}inputs/?q=benker&channel=portal", True),
        ("input list, page 500", f"{base}inputs/?page=500", True),
        ("statistics page, computed (cache emptied)", f"{base}statistics/", True),
        ("statistics page, data unchanged (cached)", f"{base}statistics/", False),
        ("process page, computed (cache emptied)", base, True),
        ("API inputs (50)", "/api/v1/participation/municipalities/benchby/processes/stor/inputs?limit=50", True),
    ]
    print(f"{'page':45} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url, fresh in pages:
        median, p95, queries = measure(client, url, args.repeat, fresh=fresh)
        print(f"{name:45} {median:10.1f} {p95:8.1f} {queries:8d}")
    load = os.getloadavg()
    print(f"Load average during the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
