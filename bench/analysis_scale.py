"""Benchmark: themes, near-duplicates and focus-area suggestions for 20,000 inputs with stored features.

Each run starts from the stored features (as the integration loads them from the database) and builds every
matrix it needs, so nothing is cached between runs. Reports the median of BENCH_REPEAT runs and the peak memory.

    OMP_NUM_THREADS=2 .venv/bin/python bench/analysis_scale.py            # bundled embedding model
    BENCH_BACKEND=none .venv/bin/python bench/analysis_scale.py           # words and character n-grams only
"""

from __future__ import annotations

import os
import time

from analysis_data import areas, base, median_time, peak_memory_mib, synthetic

from sammen.analysis.engine import Corpus, find_duplicates, find_themes, get_backend, suggest, train
from sammen.analysis.engine.records import Features

SIZE = int(os.environ.get("BENCH_SIZE", "20000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
LABELS = int(os.environ.get("BENCH_LABELS", "50"))


def main() -> None:
    backend = get_backend(os.environ.get("BENCH_BACKEND", "auto"))
    started = time.perf_counter()
    records, features, labels = base(backend)
    records, features, labels = synthetic(SIZE, records, features, labels)
    # Round-trip through the stored form, as the integration would read them back.
    features = [Features.from_dict(item.to_dict()) for item in features]
    print(
        f"backend: {backend.name if backend else 'none'}; {SIZE} inputs built in {time.perf_counter() - started:.1f} s"
    )
    training = dict(list(labels.items())[:LABELS])
    focus_areas = areas()

    def themes() -> None:
        find_themes(Corpus(records, features))

    def duplicates() -> None:
        find_duplicates(Corpus(records, features))

    def suggestions() -> None:
        corpus = Corpus(records, features)
        suggest(train(corpus, focus_areas, training, backend=backend), corpus)

    for name, function in (("themes", themes), ("near-duplicates", duplicates), ("train + suggest", suggestions)):
        median, times = median_time(function, REPEAT)
        print(f"{name:16s} median {median:6.2f} s   runs: {', '.join(f'{t:.2f}' for t in times)}")
    print(f"peak memory (whole process): {peak_memory_mib():.0f} MiB")


if __name__ == "__main__":
    main()
