"""Benchmark: the integrated path of the analysis, through the database and the background tasks.

1. Feature throughput: `compute_input_features` (the task the participation hook queues when inputs are saved or
   imported) over a process's inputs, database reads and writes included.
2. Every analysis of a 500-input process with stored features, through `run_analysis` (the task a staff member's
   "Analyse" button queues): load the stored features, run the engine, store the result rows in one transaction.
   Target: each under 2 s. Medians of BENCH_REPEAT runs.

    OMP_NUM_THREADS=2 .venv/bin/python bench/analysis_integrated.py            # bundled embedding model
    BENCH_BACKEND=none .venv/bin/python bench/analysis_integrated.py           # words and character n-grams only
    DATABASE_URL=postgres://... .venv/bin/python bench/analysis_integrated.py  # on PostgreSQL

Options (environment): BENCH_SIZE (500), BENCH_LABELS (50), BENCH_REPEAT (3), BENCH_BACKEND (auto).
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import setup_django

SIZE = int(os.environ.get("BENCH_SIZE", "500"))
LABELS = int(os.environ.get("BENCH_LABELS", "50"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
TARGET_SECONDS = 2.0


def build() -> object:
    from analysis_data import areas, evaluation_rows

    from sammen.participation.models import FocusArea, Input, Process
    from sammen.places.models import Municipality, Neighbourhood

    municipality = Municipality.objects.create(slug="benchby", name="Benchby kommune")
    neighbourhood = Neighbourhood.objects.create(municipality=municipality, slug="sentrum", name="Sentrum")
    process = Process.objects.create(municipality=municipality, neighbourhood=neighbourhood, slug="p", title="P")
    by_key = {
        area.key: FocusArea.objects.create(
            process=process, key=area.key.replace("_", "-"), name=area.name, description=area.description, position=n
        )
        for n, area in enumerate(areas())
    }
    rows = evaluation_rows()
    items, keys = [], []
    for n in range(SIZE):
        row = rows[n % len(rows)]
        extra = rows[(n * 7 + 3) % len(rows)]["text"] if n >= len(rows) else ""
        items.append(
            Input(
                process=process,
                text=f"{row['text']} {extra}".strip(),
                channel="meeting",
                received_on=datetime.date(2025, 2, 1),
            )
        )
        keys.append(row["focus_area"])
    created = Input.objects.bulk_create(items)
    Input.focus_areas.through.objects.bulk_create(
        [
            Input.focus_areas.through(input_id=item.pk, focusarea_id=by_key[key].pk)
            for item, key in list(zip(created, keys, strict=True))[:LABELS]
        ]
    )
    return process


def main() -> None:
    setup_django("analysis-integrated")
    from django.conf import settings
    from django.utils import timezone

    settings.SAMMEN_ANALYSIS_BACKEND = os.environ.get("BENCH_BACKEND", "auto")
    from sammen.analysis import store
    from sammen.analysis.models import AnalysisRun, RunKind, RunStatus
    from sammen.analysis.tasks import compute_input_features, run_analysis

    started = time.perf_counter()
    backend = store.backend_for()
    print(f"backend: {backend.name if backend else 'none'} (loaded in {time.perf_counter() - started:.2f} s)")
    process = build()
    ids = list(process.inputs.values_list("pk", flat=True))  # type: ignore[attr-defined]
    print(f"{SIZE} inputs, {LABELS} sorted into focus areas; database: {settings.DATABASES['default']['ENGINE']}")

    started = time.perf_counter()
    computed = compute_input_features.enqueue(ids).return_value
    seconds = time.perf_counter() - started
    print(f"features through the task: {computed} inputs in {seconds:.2f} s = {computed / seconds:.1f} inputs/s")
    started = time.perf_counter()
    again = compute_input_features.enqueue(ids).return_value
    print(f"  again (all current, nothing computed: {again}): {time.perf_counter() - started:.2f} s")

    failures = []
    for kind in RunKind.values:
        times = []
        for _ in range(REPEAT):
            run = AnalysisRun.objects.create(
                municipality=process.municipality,  # type: ignore[attr-defined]
                process=process,
                kind=kind,
                settings={"seed": 0},
                started_at=timezone.now(),
            )
            started = time.perf_counter()
            run_analysis.enqueue(run.pk)
            times.append(time.perf_counter() - started)
            run.refresh_from_db()
            assert run.status == RunStatus.DONE, run.error
            assert run.result["features_computed"] == 0, run.result
        median = statistics.median(times)
        runs = ", ".join(f"{value:.2f}" for value in times)
        verdict = "ok" if median < TARGET_SECONDS else "TOO SLOW"
        print(f"{kind:12s} median {median:.2f} s ({runs}) {verdict}; result {run.result}")
        if median >= TARGET_SECONDS:
            failures.append(kind)
    if failures:
        raise SystemExit(f"over {TARGET_SECONDS} s: {', '.join(failures)}")


if __name__ == "__main__":
    main()
