"""Processes with realistic inputs (from the evaluation set) and finished analysis runs, for tests."""

from __future__ import annotations

from typing import Any

from sammen.participation.models import FocusArea, Input, Process
from sammen.participation.tests.factories import make_input, make_process
from sammen.places.models import Municipality

from .. import runner, store
from ..models import AnalysisRun, RunStatus
from .conftest import borgen_areas, evaluation_rows


def borgen_process(
    municipality: Municipality, *, count: int = 40, labelled: int = 0, neighbourhood: Any = None, **fields: Any
) -> Process:
    """A process with `count` inputs from the evaluation set and its four focus areas; the first `labelled`
    inputs carry their focus area."""
    process = make_process(municipality, neighbourhood, **fields)
    add_borgen_inputs(process, count=count, labelled=labelled)
    return process


def add_borgen_inputs(process: Process, *, count: int, labelled: int = 0) -> None:
    start = process.focus_areas.count()
    areas = {
        area.key: FocusArea.objects.create(
            process=process,
            key=area.key.replace("_", "-"),
            name=area.name,
            description=area.description,
            position=start + n,
        )
        for n, area in enumerate(borgen_areas())
    }
    for n, row in enumerate(evaluation_rows()[:count]):
        make_input(
            process,
            text=row["text"],
            language=row["language"],
            focus_areas=[areas[row["focus_area"]]] if n < labelled else [],
        )


def texts_process(municipality: Municipality, texts: list[str], **fields: Any) -> Process:
    process = make_process(municipality, **fields)
    for text in texts:
        make_input(process, text=text)
    return process


def store_features(process: Process) -> int:
    return store.compute_for_ids(list(Input.objects.filter(process=process).values_list("pk", flat=True)), None)


def finished_run(process: Process, kind: str, *, user: Any = None, **settings: Any) -> AnalysisRun:
    """A run carried out right away (as the worker would), without the service's checks."""
    from django.utils import timezone

    run = AnalysisRun.objects.create(
        municipality=process.municipality,
        process=process,
        kind=kind,
        settings={"seed": 0, **settings},
        started_by=user,
        started_at=timezone.now(),
    )
    runner.execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    return run
