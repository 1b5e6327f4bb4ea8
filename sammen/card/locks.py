"""Row locks for money movements, always taken in one fixed order so two transactions can never deadlock.

The order: grant rounds, then card holders (enrolments), then holder accounts and funds, then provider
accounts; within each group by id. Provider accounts come last because many redemptions at one provider
share that row, and the lock is then held only for the end of each transaction. Every service that moves
money takes its locks through `lock_objects`, inside `transaction.atomic()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from .models import Account, AccountKind, Enrolment, GrantRound


@dataclass
class Locked:
    rounds: dict[int, GrantRound] = field(default_factory=dict)
    enrolments: dict[int, Enrolment] = field(default_factory=dict)
    accounts: dict[int, Account] = field(default_factory=dict)


def lock_objects(
    *,
    rounds: Iterable[int] = (),
    enrolments: Iterable[int] = (),
    accounts: Iterable[int] = (),
) -> Locked:
    if not connection.in_atomic_block:
        raise RuntimeError("lock_objects must run inside transaction.atomic()")
    locked = Locked()
    round_ids = sorted(set(rounds))
    if round_ids:
        locked.rounds = {
            r.pk: r for r in GrantRound.objects.select_for_update().filter(pk__in=round_ids).order_by("pk")
        }
    enrolment_ids = sorted(set(enrolments))
    if enrolment_ids:
        locked.enrolments = {
            e.pk: e for e in Enrolment.objects.select_for_update().filter(pk__in=enrolment_ids).order_by("pk")
        }
    account_ids = sorted(set(accounts))
    if account_ids:
        # Evaluate each group to take its locks before the next group (a queryset is lazy).
        for account in (
            Account.objects.select_for_update()
            .filter(pk__in=account_ids)
            .exclude(kind=AccountKind.PROVIDER)
            .order_by("pk")
        ):
            locked.accounts[account.pk] = account
        for account in (
            Account.objects.select_for_update().filter(pk__in=account_ids, kind=AccountKind.PROVIDER).order_by("pk")
        ):
            locked.accounts[account.pk] = account
    return locked
