"""A staff member's traces in the analysis are exported and taken off on erasure."""

import pytest

from sammen.core.registry import registry

from .. import services
from ..models import AnalysisRun, FocusAreaSuggestion, RunKind
from .factories import borgen_process, finished_run

pytestmark = pytest.mark.django_db


def test_export_and_erase(world):
    coordinator = world.users["coordinator"]
    process = borgen_process(world.municipality, count=12, labelled=6, neighbourhood=world.neighbourhood)
    run = finished_run(process, RunKind.SUGGESTIONS, user=coordinator)
    services.suggestion_decide(actor=coordinator, suggestion=FocusAreaSuggestion.objects.filter(run=run).first())
    handler = registry.privacy["analysis"]
    exported = handler.export(coordinator)
    assert exported["focus_area_decisions"] == 1
    assert [item["kind"] for item in exported["analysis_runs_started"]] == ["suggestions"]
    handler.erase(coordinator)
    assert not AnalysisRun.objects.filter(started_by=coordinator).exists()
    assert not FocusAreaSuggestion.objects.filter(decided_by=coordinator).exists()
    assert handler.export(coordinator)["focus_area_decisions"] == 0
