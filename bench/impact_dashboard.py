"""Benchmark: a neighbourhood dashboard with 30 indicators over 10 years and 10 neighbourhoods.

Run: .venv/bin/python bench/impact_dashboard.py   (SQLite in a temporary file; set DATABASE_URL for PostgreSQL)
Builds 3 goals × 10 indicators with yearly values 2015–2024 for 10 neighbourhoods and the municipality (3,300 values,
plus sex breakdowns for a third of them), then GETs the published dashboard of one neighbourhood 50 times with
Django's test client and reports the median server time (and the query count).
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from _setup import setup_django

setup_django("impact-dashboard")

from decimal import Decimal  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from sammen.core.testing import make_municipality, make_neighbourhood  # noqa: E402
from sammen.impact.models import ImpactGoal, ImpactSettings, Indicator, IndicatorValue  # noqa: E402


def build() -> str:
    rng = random.Random(2)
    municipality = make_municipality(slug="benchby", name="Benchby kommune")
    neighbourhoods = [make_neighbourhood(municipality, slug=f"nb-{i}", name=f"Nabolag {i}") for i in range(10)]
    ImpactSettings.objects.create(municipality=municipality, is_dashboard_public=True)
    values = []
    for g in range(3):
        goal = ImpactGoal.objects.create(municipality=municipality, title=f"Mål {g}", order=g)
        for i in range(10):
            indicator = Indicator.objects.create(
                municipality=municipality,
                goal=goal,
                name=f"Indikator {g}-{i}",
                definition="Andel.",
                unit="%",
                direction=rng.choice(["up", "down"]),
                source="FHI",
                target_value=Decimal(50),
                target_year=2030,
                breakdown_by_sex=i % 3 == 0,
                order=i,
            )
            indicator.neighbourhoods.set(neighbourhoods)
            for place in [*neighbourhoods, None]:
                level = rng.uniform(10, 80)
                for year in range(2015, 2025):
                    level += rng.uniform(-2, 2)
                    sexes = ["all", "female", "male"] if indicator.breakdown_by_sex else ["all"]
                    for sex in sexes:
                        values.append(
                            IndicatorValue(
                                municipality=municipality,
                                indicator=indicator,
                                neighbourhood=place,
                                year_from=year,
                                year_to=year,
                                sex=sex,
                                value=Decimal(f"{level:.1f}"),
                                source="FHI",
                            )
                        )
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    return f"/{municipality.slug}/impact/neighbourhoods/{neighbourhoods[3].slug}/"


def main() -> None:
    url = build()
    client = Client(HTTP_HOST="localhost")
    response = client.get(url)
    assert response.status_code == 200 and response.content.count(b"<svg") == 30, response.status_code
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)
    ):
        client.get(url)
    timings = []
    for _ in range(50):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"values: {IndicatorValue.objects.count():,}; page size {len(response.content) // 1024} KiB; "
        f"{len(queries)} queries"
    )
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        cProfile.runctx(
            "for _ in range(5): client.get(url)", globals(), {"client": client, "url": url}, "/tmp/dashboard.prof"
        )
        pstats.Stats("/tmp/dashboard.prof").sort_stats("cumulative").print_stats(25)
    print(
        f"dashboard: median {statistics.median(timings):.1f} ms, p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
