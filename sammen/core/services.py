"""Generic audited writes that app services build on: validate, save and log in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from .audit import audit_record, snapshot

if TYPE_CHECKING:
    from sammen.accounts.models import User
    from sammen.places.models import Municipality


def model_create[M: models.Model](
    *, actor: User | None, municipality: Municipality | None, instance: M, action: str
) -> M:
    """Validate (model and database constraints), save and audit a new record."""
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        audit_record(actor=actor, municipality=municipality, action=action, obj=instance, after=snapshot(instance))
    return instance


def model_update[M: models.Model](
    *,
    actor: User | None,
    municipality: Municipality | None,
    instance: M,
    changes: Mapping[str, Any],
    action: str,
) -> M:
    """Apply `changes`, validate, save and audit the fields that changed (before and after)."""
    before = snapshot(instance, changes.keys())
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        after = snapshot(instance, changes.keys())
        changed = [key for key in after if before.get(key) != after.get(key)]
        if changed:
            audit_record(
                actor=actor,
                municipality=municipality,
                action=action,
                obj=instance,
                before={key: before.get(key) for key in changed},
                after={key: after[key] for key in changed},
            )
    return instance


def model_delete(*, actor: User | None, municipality: Municipality | None, instance: models.Model, action: str) -> None:
    with transaction.atomic():
        audit_record(actor=actor, municipality=municipality, action=action, obj=instance, before=snapshot(instance))
        instance.delete()
