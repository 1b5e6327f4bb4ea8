from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from .models import Organisation, OrganisationMembership


def _export(user: User) -> list[dict[str, Any]]:
    return [
        {"organisation": m.organisation.name, "municipality": m.organisation.municipality.name, "role": m.role}
        for m in OrganisationMembership.objects.filter(user=user).select_related("organisation__municipality")
    ]


def _erase(user: User) -> None:
    OrganisationMembership.objects.filter(user=user).delete()
    Organisation.objects.filter(registered_by=user).update(registered_by=None)


registry.add_privacy_handler(
    PrivacyHandler(
        key="organisations",
        description=_("The organisations you act for, and which ones you registered."),
        export=_export,
        erase=_erase,
        order=100,
    )
)
