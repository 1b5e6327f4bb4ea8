"""Shared by the analysis benchmarks: realistic inputs built from the evaluation set, with stored features.

The 334 inputs of sammen/analysis/data/borgen_inputs.csv are embedded once with the chosen backend. A larger
set is made by combining two of them (text, terms and embedding alike, with a little noise), which keeps the
structure of real inputs (themes, near-duplicates, four languages) without embedding 20,000 texts first.
"""

from __future__ import annotations

import csv
import json
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sammen.analysis.engine import PIPELINE_VERSION, Features, FocusArea, InputRecord, compute_features  # noqa: E402

DATA = ROOT / "sammen" / "analysis" / "data"


def evaluation_rows() -> list[dict[str, str]]:
    with (DATA / "borgen_inputs.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def areas() -> list[FocusArea]:
    with (DATA / "borgen_focus_areas.csv").open(encoding="utf-8") as handle:
        return [FocusArea(row["key"], row["name"], row["description"]) for row in csv.DictReader(handle)]


def base(backend) -> tuple[list[InputRecord], list[Features], dict[str, str]]:  # type: ignore[no-untyped-def]
    """The evaluation set with its features; kept in var/ between runs, like features stored in the database."""
    rows = evaluation_rows()
    records = [InputRecord(id=row["id"], text=row["text"]) for row in rows]
    name = backend.name.replace(":", "-") if backend is not None else "none"
    cache = ROOT / "var" / f"bench-analysis-{name}-v{PIPELINE_VERSION}.json"
    if cache.exists():
        features = [Features.from_dict(item) for item in json.loads(cache.read_text())]
    else:
        features = compute_features(records, backend)
        cache.parent.mkdir(exist_ok=True)
        cache.write_text(json.dumps([item.to_dict() for item in features]))
    return records, features, {row["id"]: row["focus_area"] for row in rows}


def synthetic(
    size: int, records: list[InputRecord], features: list[Features], labels: dict[str, str], seed: int = 7
) -> tuple[list[InputRecord], list[Features], dict[str, str]]:
    """`size` inputs, each a base input with a second one mixed in (text, terms, n-grams and embedding)."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    out_records, out_features, out_labels = [], [], {}
    for n in range(size):
        a, b = rng.randrange(len(records)), rng.randrange(len(records))
        first, second = features[a], features[b]
        text = f"{first.text} {second.text}" if n % 3 else first.text
        terms = first.terms + second.terms if n % 3 else first.terms
        embedding = None
        if first.embedding is not None and second.embedding is not None:
            mixed = (
                first.embedding
                + (0.5 * second.embedding if n % 3 else 0)
                + noise.normal(0, 0.02, first.embedding.shape)
            )
            embedding = (mixed / np.linalg.norm(mixed)).astype(np.float32)
        record_id = f"s{n:05d}"
        out_records.append(InputRecord(id=record_id, text=text))
        out_features.append(
            Features(
                text=text,
                language=first.language,
                language_confidence=first.language_confidence,
                detected_language=first.detected_language,
                languages=first.languages,
                terms=terms,
                grams=np.union1d(first.grams, second.grams).astype(np.uint32),
                embedding=embedding,
                backend=first.backend,
            )
        )
        out_labels[record_id] = labels[records[a].id]
    return out_records, out_features, out_labels


def median_time(function: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
