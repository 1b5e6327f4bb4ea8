"""URL kwargs of the analysis app, for the tenancy crawler (sammen/core/tests/test_tenancy.py)."""

from sammen.core.testing import TenantKwarg
from sammen.participation.tests.factories import make_input, make_process

from ..models import AnalysisRun, DuplicateGroup, FocusAreaSuggestion, RunKind, Theme
from .factories import add_borgen_inputs, borgen_process, finished_run


def _process(municipality, built):
    process = built.get("process_slug")
    if process is None:
        return borgen_process(municipality, count=8, labelled=4)
    if not process.inputs.exists():
        add_borgen_inputs(process, count=8, labelled=4)
    return process


def _run(kind):
    def factory(municipality, built):
        return finished_run(_process(municipality, built), kind)

    return factory


def _theme(municipality, built):
    return Theme.objects.filter(run=_run(RunKind.THEMES)(municipality, built)).first()


def _suggestion(municipality, built):
    return FocusAreaSuggestion.objects.filter(run=_run(RunKind.SUGGESTIONS)(municipality, built)).first()


def _group(municipality, built):
    process = built.get("process_slug") or make_process(municipality)
    for _ in range(2):
        make_input(process, text="Flere benker i parken")
    return DuplicateGroup.objects.filter(run=finished_run(process, RunKind.DUPLICATES)).first()


URL_KWARGS = {
    "run_id": TenantKwarg(AnalysisRun, "pk", _run(RunKind.THEMES)),
    "theme_id": TenantKwarg(Theme, "pk", _theme),
    "suggestion_id": TenantKwarg(FocusAreaSuggestion, "pk", _suggestion),
    "duplicate_group_id": TenantKwarg(DuplicateGroup, "pk", _group),
}
