"""Idempotency keys: the first outcome of a write is stored under its key; a retry gets that outcome back.

`run_once` inserts the key first, inside the transaction, so a concurrent duplicate waits on the unique index
and then finds the first request's outcome. A declined request is an outcome too (stored, replayed); an
exception rolls everything back, the key included, so the caller may try again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import IdempotencyRecord, Transaction

MAX_KEY_LENGTH = 100


class Declined(Exception):
    """A business refusal (not enough money, quota used): recorded under the key and shown as a clear 'no'."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass
class Outcome:
    approved: bool
    result: dict[str, Any] = field(default_factory=dict)
    transaction_id: int | None = None
    replayed: bool = False

    @property
    def decline_code(self) -> str:
        return str(self.result.get("declined", ""))


def fingerprint(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def validate_key(key: str) -> str:
    key = (key or "").strip()
    if not key:
        raise ValidationError({"idempotency_key": _("An idempotency key is required for every payment.")})
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError({"idempotency_key": _("The idempotency key is too long (at most 100 characters).")})
    return key


def _replay(record: IdempotencyRecord, operation: str, print_: str) -> Outcome:
    if record.operation != operation or record.fingerprint != print_:
        raise ValidationError(
            {"idempotency_key": _("This idempotency key was already used for a different request.")},
            code="idempotency_conflict",
        )
    return Outcome(
        approved=record.outcome == "approved",
        result=record.result,
        transaction_id=record.transaction_id,
        replayed=True,
    )


def run_once(
    *,
    municipality_id: int,
    key: str,
    operation: str,
    request: dict[str, Any],
    work: Callable[[], tuple[dict[str, Any], Transaction | None]],
) -> Outcome:
    key = validate_key(key)
    print_ = fingerprint(request)
    existing = IdempotencyRecord.objects.filter(municipality_id=municipality_id, key=key).first()
    if existing is not None:
        return _replay(existing, operation, print_)
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                municipality_id=municipality_id, key=key, operation=operation, fingerprint=print_, outcome="pending"
            )
            try:
                with transaction.atomic():
                    result, txn = work()
            except Declined as declined:
                record.outcome = "declined"
                record.result = {"declined": declined.code, **declined.details}
                record.save(update_fields=["outcome", "result"])
                return Outcome(approved=False, result=record.result)
            record.outcome = "approved"
            record.result = result
            record.transaction = txn
            record.save(update_fields=["outcome", "result", "transaction"])
            return Outcome(approved=True, result=result, transaction_id=txn.pk if txn else None)
    except IntegrityError:
        # Another request with this key committed first: answer with its outcome.
        existing = IdempotencyRecord.objects.filter(municipality_id=municipality_id, key=key).first()
        if existing is None:
            raise
        return _replay(existing, operation, print_)
