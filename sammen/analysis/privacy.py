"""A person's traces in the analysis: the runs they started and the suggestions and merges they decided (staff work).

Features and results hold nothing about the person who wrote an input beyond the input's own text; they are
removed with the input. On erasure the staff member's name is taken off their runs and decisions.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from .models import AnalysisRun, DuplicateGroup, FocusAreaSuggestion


def _export(user: User) -> dict[str, Any]:
    return {
        "analysis_runs_started": [
            {"process": run.process.title, "kind": run.kind, "started": run.started_at.isoformat()}
            for run in AnalysisRun.objects.filter(started_by=user).select_related("process").order_by("started_at")
        ],
        "focus_area_decisions": FocusAreaSuggestion.objects.filter(decided_by=user).count(),
        "duplicate_groups_merged": DuplicateGroup.objects.filter(merged_by=user).count(),
    }


def _erase(user: User) -> None:
    AnalysisRun.objects.filter(started_by=user).update(started_by=None)
    FocusAreaSuggestion.objects.filter(decided_by=user).update(decided_by=None)
    DuplicateGroup.objects.filter(merged_by=user).update(merged_by=None)


registry.add_privacy_handler(
    PrivacyHandler(
        key="analysis",
        description=_("Analyses of inputs you started, and focus areas and merges you decided as staff."),
        export=_export,
        erase=_erase,
        order=210,
    )
)
