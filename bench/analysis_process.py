"""Benchmark: one typical process of 500 inputs, from scratch and with stored features; feature throughput.

From scratch = the text pipeline and the embeddings for every input, then the analysis. With stored features =
the analysis alone, from the features the integration keeps per input. Medians of BENCH_REPEAT runs.

    OMP_NUM_THREADS=2 .venv/bin/python bench/analysis_process.py          # bundled embedding model
    BENCH_BACKEND=none .venv/bin/python bench/analysis_process.py         # words and character n-grams only
"""

from __future__ import annotations

import os
import time

from analysis_data import areas, evaluation_rows, median_time, peak_memory_mib

from sammen.analysis.engine import (
    Corpus,
    InputRecord,
    compute_features,
    find_duplicates,
    find_themes,
    get_backend,
    suggest,
    train,
)

SIZE = int(os.environ.get("BENCH_SIZE", "500"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
LABELS = int(os.environ.get("BENCH_LABELS", "50"))


def inputs() -> tuple[list[InputRecord], dict[str, str]]:
    rows = evaluation_rows()
    records, labels = [], {}
    for n in range(SIZE):
        row = rows[n % len(rows)]
        extra = rows[(n * 7 + 3) % len(rows)]["text"] if n >= len(rows) else ""
        record_id = f"p{n:04d}"
        records.append(InputRecord(id=record_id, text=f"{row['text']} {extra}".strip(), channel=row["channel"]))
        labels[record_id] = row["focus_area"]
    return records, labels


def main() -> None:
    backend = get_backend(os.environ.get("BENCH_BACKEND", "auto"))
    records, labels = inputs()
    training = dict(list(labels.items())[:LABELS])
    focus_areas = areas()
    print(f"backend: {backend.name if backend else 'none'}; {SIZE} inputs, {LABELS} labelled")

    stored = []

    def features() -> None:
        stored[:] = compute_features(records, backend)

    # Cold: the first run in this process, before any cache of lemmas or stems is warm.
    feature_seconds, _ = median_time(features, 1)
    print(f"features (text pipeline + embeddings): {feature_seconds:.2f} s = {SIZE / feature_seconds:.1f} inputs/s")
    if backend is not None:
        texts = [item.text for item in stored]
        started = time.perf_counter()
        for start in range(0, len(texts), 64):
            backend.embed(texts[start : start + 64])
        embed_seconds = time.perf_counter() - started
        print(f"  of which embeddings: {embed_seconds:.2f} s = {SIZE / embed_seconds:.1f} inputs/s")

    def themes() -> None:
        find_themes(Corpus(records, stored))

    def duplicates() -> None:
        find_duplicates(Corpus(records, stored))

    def suggestions() -> None:
        corpus = Corpus(records, stored)
        suggest(train(corpus, focus_areas, training, backend=backend), corpus)

    print("analysis           with stored features   from scratch (features + analysis)")
    for name, function in (("themes", themes), ("near-duplicates", duplicates), ("train + suggest", suggestions)):
        median, _ = median_time(function, REPEAT)
        print(f"{name:18s} {median:6.2f} s               {feature_seconds + median:6.2f} s")
    print(f"peak memory (whole process): {peak_memory_mib():.0f} MiB")


if __name__ == "__main__":
    main()
