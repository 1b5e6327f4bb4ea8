"""Export and erasure of one person's data across every app, through the handlers apps register."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import PrivacyHandler, registry

if TYPE_CHECKING:
    from sammen.accounts.models import User


def person_export_data(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat(), "person": user.email}
    for handler in registry.ordered_privacy():
        data[handler.key] = handler.export(user)
    return data


def person_erase(user: User) -> None:
    """Every app erases or anonymises its part in one transaction; aggregates stay intact."""
    with transaction.atomic():
        for handler in registry.ordered_privacy():
            handler.erase(user)


def _export_audit(user: User) -> Any:
    from .models import AuditEntry

    return [
        {"time": e.created_at.isoformat(), "action": e.action, "object": e.object_repr}
        for e in AuditEntry.objects.filter(actor=user).order_by("created_at")
    ]


def _erase_audit(user: User) -> None:
    # The audit log keeps the entries (a legal record of staff changes); accounts scrubs names from them.
    return None


registry.add_privacy_handler(
    PrivacyHandler(
        key="audit_log",
        description=_("Changes you made as staff, kept in the audit log without your name after erasure."),
        export=_export_audit,
        erase=_erase_audit,
        order=900,
    )
)
