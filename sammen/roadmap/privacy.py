from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from .models import FateChange, InputFate, ReportJob


def _export(user: User) -> list[dict[str, Any]]:
    return [
        {"input": fate.input_id, "fate": fate.state, "reason": fate.reason, "set_by_you": True}
        for fate in InputFate.objects.filter(updated_by=user)
    ]


def _erase(user: User) -> None:
    # Fates and council reports are the municipality's record; only the link to the staff member goes.
    InputFate.objects.filter(updated_by=user).update(updated_by=None)
    FateChange.objects.filter(changed_by=user).update(changed_by=None)
    ReportJob.objects.filter(requested_by=user).update(requested_by=None)


registry.add_privacy_handler(
    PrivacyHandler(
        key="roadmap",
        description=_("Fates of inputs you set as staff (they stay, without your name)."),
        export=_export,
        erase=_erase,
    )
)
