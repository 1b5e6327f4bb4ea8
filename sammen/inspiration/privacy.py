from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from .models import Case


def _export(user: User) -> list[dict[str, Any]]:
    return [
        {"case": c.title, "municipality": c.municipality.name}
        for c in Case.objects.filter(created_by=user).select_related("municipality")
    ]


def _erase(user: User) -> None:
    # The cases are public knowledge, not personal data; only the link to who wrote them goes.
    Case.objects.filter(created_by=user).update(created_by=None)


registry.add_privacy_handler(
    PrivacyHandler(
        key="inspiration",
        description=_("Inspiration cases you added to the library (the cases stay, without your name)."),
        export=_export,
        erase=_erase,
    )
)
