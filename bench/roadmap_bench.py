"""Benchmark: the public roadmap page and the filtered fate list of a process with 50,000 inputs and 300 measures.

Builds the participation benchmark's process (bench/participation_pages.py), adds a roadmap with 300 measures
(two actors each) and fates for 80 % of the inputs, then requests each page repeatedly with Django's test client and
reports the median and 95th percentile server time and the query count.

    .venv/bin/python bench/roadmap_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sammen_roadmap .venv/bin/python bench/roadmap_bench.py

Options: --inputs N (50000), --measures N (300), --repeat N (30), --keep (reuse the data if it is there).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-roadmap.sqlite3'}")


def build_roadmap(measures: int) -> None:
    from django.db import transaction

    from sammen.participation.models import FocusArea, Input, Process
    from sammen.roadmap.models import FateState, Goal, InputFate, Measure, MeasureActor, Roadmap, Strategy

    process = Process.objects.get(slug="stor")
    with transaction.atomic():
        Roadmap.objects.create(
            process=process, main_goal="Et aktivt, åpent og inkluderende lokalsamfunn", is_published=True
        )
        goals = []
        for area in FocusArea.objects.filter(process=process):
            for n in range(5):
                goals.append(Goal.objects.create(focus_area=area, title=f"Mål {area.position}.{n}", position=n))
        strategies = [Strategy.objects.create(goal=g, title=f"Strategi for {g.title}") for g in goals]
        made = Measure.objects.bulk_create(
            [
                Measure(
                    process=process,
                    goal=goals[n % len(goals)],
                    strategy=strategies[n % len(goals)] if n % 2 else None,
                    title=f"Tiltak {n + 1}",
                    description="Et tiltak som svarer på mange innspill fra innbyggerne.",
                    status=["proposed", "adopted", "in_progress", "done"][n % 4],
                    position=n,
                )
                for n in range(measures)
            ]
        )
        MeasureActor.objects.bulk_create(
            [
                MeasureActor(measure=m, kind=kind, name=name, role="Ansvarlig", responsibility="Gjør jobben")
                for m in made
                for kind, name in (("municipality", "Kulturenheten"), ("organisation", "Idrettslaget"))
            ]
        )
        ids = list(Input.objects.filter(process=process).order_by("id").values_list("id", flat=True))
        fates, links = [], []
        states = [
            FateState.CONSIDERING,
            FateState.IN_MEASURE,
            FateState.IN_MEASURE,
            FateState.ANSWERED,
            FateState.NOT_PURSUED,
        ]
        for n, pk in enumerate(ids):
            if n % 5 == 4:
                continue  # received
            state = states[n % len(states)]
            measure = made[n % len(made)] if state == FateState.IN_MEASURE else None
            reason = "Begrunnelse i klartekst." if state in (FateState.ANSWERED, FateState.NOT_PURSUED) else ""
            fates.append(InputFate(input_id=pk, state=state, measure=measure, reason=reason))
            if measure is not None:
                links.append(Measure.inputs.through(measure_id=measure.pk, input_id=pk))
        InputFate.objects.bulk_create(fates, batch_size=5000)
        Measure.inputs.through.objects.bulk_create(links, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=50_000)
    parser.add_argument("--measures", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from participation_pages import build, measure

    from sammen.participation.models import Process
    from sammen.roadmap.models import Measure

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
        build(args.inputs, 200)
        build_roadmap(args.measures)
        print(f"Built {args.inputs} inputs and {args.measures} measures in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if engine.startswith("postgres") else "ANALYZE")

    client = Client(SERVER_NAME="localhost")
    first = Measure.objects.filter(process__slug="stor").order_by("id").first()
    assert first is not None
    pages = {
        "roadmap page": "/benchby/roadmap/stor/",
        "fate list (all)": "/benchby/roadmap/stor/inputs/",
        "fate list (fate=in_measure, focus area)": "/benchby/roadmap/stor/inputs/?fate=in_measure&focus_area=omrade-2",
        "fate list (fate=received)": "/benchby/roadmap/stor/inputs/?fate=received",
        "fate list (measure)": f"/benchby/roadmap/stor/inputs/?measure={first.pk}",
        "fate list (text + channel, page 20)": "/benchby/roadmap/stor/inputs/?q=benker&channel=portal&page=20",
    }
    print(f"{engine}, {args.inputs} inputs, {args.measures} measures, {args.repeat} requests each")
    for label, url in pages.items():
        median, p95, queries = measure(client, url, args.repeat)
        print(f"{label:45} median {median:7.1f} ms   p95 {p95:7.1f} ms   {queries} queries")


if __name__ == "__main__":
    main()
