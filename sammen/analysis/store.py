"""Between the database and the engine: inputs as engine records, and their features stored once per input.

`analysable_inputs` says which inputs of a process an analysis looks at (published, not merged); `load_corpus`
builds the engine's corpus from the stored features, computing (and storing) only what is missing or stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from sammen.participation.models import Input, InputStatus, Process

from .engine import Corpus, EmbeddingBackend, Features, InputRecord, ensure_features, get_backend
from .models import InputFeatures

Progress = Callable[[int, int], None]

#: Features are written in batches of this many inputs (one bulk insert each).
WRITE_BATCH = 200


def backend_for(kind: str | None = None) -> EmbeddingBackend | None:
    """The embedding backend of this installation (SAMMEN_ANALYSIS_BACKEND), or the one a run asks for.

    Raises BackendUnavailable when a named backend (bundled, local) cannot load; `auto` falls back quietly.
    """
    return get_backend(kind or settings.SAMMEN_ANALYSIS_BACKEND, settings.SAMMEN_ANALYSIS_MODEL_PATH)


def analysable_inputs(process: Process) -> QuerySet[Input]:
    return Input.objects.filter(process=process, status=InputStatus.PUBLISHED).order_by("pk")


def record_for(item: Input) -> InputRecord:
    return InputRecord(id=str(item.pk), text=item.text, language=item.language or None, channel=item.channel)


def source_hash(item: Input) -> str:
    return hashlib.sha256(f"{item.language}\x00{item.text}".encode()).hexdigest()


@dataclass
class Loaded:
    inputs: list[Input]
    corpus: Corpus
    computed: int  # how many inputs had their features (re)computed


def _stored(inputs: Sequence[Input]) -> dict[str, Features]:
    """Stored features of these inputs that still describe their current text."""
    hashes = {item.pk: source_hash(item) for item in inputs}
    rows = InputFeatures.objects.filter(input_id__in=list(hashes)).values_list("input_id", "source_hash", "data")
    return {str(pk): Features.from_dict(data) for pk, digest, data in rows.iterator() if hashes.get(pk) == digest}


def _save(inputs: Sequence[Input], features: dict[str, Features]) -> None:
    """Insert or replace the stored features of these inputs (only those present in `features`)."""
    now = timezone.now()
    rows = [
        InputFeatures(
            input_id=item.pk,
            version=features[str(item.pk)].version,
            backend=features[str(item.pk)].backend,
            source_hash=source_hash(item),
            data=features[str(item.pk)].to_dict(),
            computed_at=now,
        )
        for item in inputs
        if str(item.pk) in features
    ]
    for start in range(0, len(rows), WRITE_BATCH):
        InputFeatures.objects.bulk_create(
            rows[start : start + WRITE_BATCH],
            update_conflicts=True,
            unique_fields=["input"],
            update_fields=["version", "backend", "source_hash", "data", "computed_at"],
        )


def ensure_stored(
    inputs: Sequence[Input], backend: EmbeddingBackend | None, *, progress: Progress | None = None
) -> tuple[list[Features], int]:
    """Features for each input, in order: stored ones where current, the rest computed and stored now."""
    records = [record_for(item) for item in inputs]
    stored = _stored(inputs)
    features, fresh = ensure_features(records, stored, backend, progress=progress)
    if fresh:
        chosen = set(fresh)
        by_id = {record.id: item for record, item in zip(records, features, strict=True)}
        _save([item for item in inputs if str(item.pk) in chosen], {key: by_id[key] for key in chosen})
    return features, len(fresh)


def compute_for_ids(input_ids: Sequence[int], backend: EmbeddingBackend | None) -> int:
    """Compute and store the features of these inputs where missing or stale; returns how many were computed."""
    inputs = list(Input.objects.filter(pk__in=list(input_ids)).order_by("pk").only("pk", "text", "language", "channel"))
    _features, computed = ensure_stored(inputs, backend)
    return computed


def load_corpus(process: Process, backend: EmbeddingBackend | None, *, progress: Progress | None = None) -> Loaded:
    inputs = list(analysable_inputs(process).only("pk", "text", "language", "channel"))
    features, computed = ensure_stored(inputs, backend, progress=progress)
    return Loaded(inputs=inputs, corpus=Corpus([record_for(item) for item in inputs], features), computed=computed)
