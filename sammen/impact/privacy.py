"""Survey answers are anonymous and hold no person; staff data here is ownership of surveys and imports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from .models import ImportBatch, Survey


def _export(user: User) -> dict[str, Any]:
    return {
        "surveys_owned": [str(s) for s in Survey.objects.filter(owners=user)],
        "imports": [f"{b.created_at.isoformat()} {b}" for b in ImportBatch.objects.filter(created_by=user)],
    }


def _erase(user: User) -> None:
    for survey in Survey.objects.filter(owners=user):
        survey.owners.remove(user)
    Survey.objects.filter(created_by=user).update(created_by=None)
    ImportBatch.objects.filter(created_by=user).update(created_by=None)


registry.add_privacy_handler(
    PrivacyHandler(
        key="impact",
        description=_(
            "Surveys you own and statistics you imported. Survey answers are anonymous and are not linked to you."
        ),
        export=_export,
        erase=_erase,
        order=120,
    )
)
