"""Reads for the platform pages: the audit log."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import AuditEntry

if TYPE_CHECKING:
    from sammen.places.models import Municipality


def audit_entry_list(
    *,
    municipality: Municipality,
    action_prefix: str = "",
    actor_email: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(municipality=municipality)
    if action_prefix:
        qs = qs.filter(action__startswith=action_prefix)
    if actor_email:
        qs = qs.filter(actor_label__icontains=actor_email)
    if since:
        qs = qs.filter(created_at__date__gte=since)
    if until:
        qs = qs.filter(created_at__date__lte=until)
    return qs.order_by("-created_at", "-id")


def audit_action_prefixes(*, municipality: Municipality) -> list[str]:
    """The apps that have written to this municipality's log, for the filter."""
    actions = AuditEntry.objects.filter(municipality=municipality).values_list("action", flat=True).distinct()
    return sorted({action.split(".")[0] for action in actions})
