"""Background work: features for new and edited inputs, and analysis runs (worker: `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django.tasks import task

from . import runner, store

logger = logging.getLogger(__name__)


@task()
def compute_input_features(input_ids: list[int]) -> int:
    """Compute and store the features of these inputs where missing or stale; returns how many were computed."""
    return store.compute_for_ids(input_ids, store.backend_for())


@task()
def run_analysis(run_id: int) -> None:
    """Carry out one queued analysis run (see runner.execute)."""
    runner.execute(run_id)


def enqueue_features(input_ids: list[int]) -> None:
    """The participation hook: inputs were created or edited (called after their transaction commits)."""
    try:
        compute_input_features.enqueue(list(input_ids))
    except Exception:
        # The input is saved either way; a run computes whatever features are missing.
        logger.exception("Could not queue the features of inputs %s", input_ids[:10])


def enqueue_run(run_id: int) -> None:
    """Queue a run (after the transaction that created it commits). If the queue cannot take it, the run is
    marked failed at once rather than blocking its kind for an hour."""
    try:
        run_analysis.enqueue(run_id)
    except Exception as error:
        logger.exception("Could not queue analysis run %s", run_id)
        from django.utils import timezone

        from .models import AnalysisRun, RunStatus

        AnalysisRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error=f"unexpected: {type(error).__name__}: {error}"[:500],
        )
