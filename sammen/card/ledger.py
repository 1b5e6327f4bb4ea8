"""The double-entry ledger: accounts, posting a balanced transaction, derived balances, and the books check.

`post` is the only way money moves. It refuses a transaction whose legs do not sum to zero or that would take
an internal account below zero, writes the entries and the cached balances in the caller's transaction, and
writes an audit entry for the movement. Callers lock the internal accounts first (`locks.lock_objects`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.db.models import Count, F, Sum

from sammen.core.audit import audit_record

from .models import EXTERNAL_KINDS, Account, AccountKind, Entry, GrantRound, Provider, Scheme, Transaction

if TYPE_CHECKING:
    from sammen.accounts.models import User


class LedgerError(Exception):
    """A programming error: an unbalanced or overdrawing transaction reached the ledger."""


# --- accounts ---------------------------------------------------------------------------------------------


def _singleton(scheme: Scheme, kind: str, payment_provider: str = "") -> Account:
    account = Account.objects.filter(scheme=scheme, kind=kind, payment_provider=payment_provider).first()
    if account is None:
        account, _created = Account.objects.get_or_create(
            scheme=scheme,
            kind=kind,
            payment_provider=payment_provider,
            defaults={
                "municipality_id": scheme.municipality_id,
                "balance": None if kind in EXTERNAL_KINDS else 0,
            },
        )
    return account


def budget_account(scheme: Scheme) -> Account:
    return _singleton(scheme, AccountKind.BUDGET)


def payouts_account(scheme: Scheme) -> Account:
    return _singleton(scheme, AccountKind.PAYOUTS)


def targeted_fund_account(scheme: Scheme) -> Account:
    return _singleton(scheme, AccountKind.TARGETED_FUND)


def payment_provider_account(scheme: Scheme, provider_key: str) -> Account:
    return _singleton(scheme, AccountKind.PAYMENT_PROVIDER, provider_key)


def grant_fund_account(grant_round: GrantRound) -> Account:
    account, _created = Account.objects.get_or_create(
        grant_round=grant_round,
        kind=AccountKind.GRANT_FUND,
        defaults={"municipality_id": grant_round.municipality_id, "scheme_id": grant_round.scheme_id, "balance": 0},
    )
    return account


def provider_account(provider: Provider) -> Account:
    account, _created = Account.objects.get_or_create(
        provider=provider,
        defaults={
            "municipality_id": provider.municipality_id,
            "scheme_id": provider.scheme_id,
            "kind": AccountKind.PROVIDER,
            "balance": 0,
        },
    )
    return account


# --- posting ----------------------------------------------------------------------------------------------


@dataclass
class Posting:
    """The legs of one transaction, built up by a service and handed to `post`."""

    legs: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    accounts: dict[int, Account] = field(default_factory=dict)

    def add(self, account: Account, amount: int) -> None:
        self.accounts[account.pk] = account
        self.legs[account.pk] += amount

    def nonzero(self) -> list[tuple[Account, int]]:
        return [(self.accounts[pk], amount) for pk, amount in self.legs.items() if amount != 0]


def post(
    *,
    scheme: Scheme,
    kind: str,
    posting: Posting,
    actor: User | None,
    reverses: Transaction | None = None,
    audit: dict[str, Any] | None = None,
) -> Transaction:
    if not connection.in_atomic_block:
        raise LedgerError("Money moves only inside transaction.atomic().")
    legs = posting.nonzero()
    if len(legs) < 2:
        raise LedgerError("A transaction needs at least two legs.")
    if sum(amount for _account, amount in legs) != 0:
        raise LedgerError("The legs of a transaction must sum to zero.")
    for account, amount in legs:
        if account.scheme_id != scheme.pk:
            raise LedgerError("Every leg must belong to the transaction's scheme.")
        if not account.is_external and amount < 0 and (account.balance or 0) + amount < 0:
            raise LedgerError(f"Account {account.pk} would go below zero.")
    txn = Transaction.objects.create(
        municipality_id=scheme.municipality_id, scheme=scheme, kind=kind, reverses=reverses
    )
    Entry.objects.bulk_create(
        [Entry(transaction=txn, account=account, amount=amount, created_at=txn.created_at) for account, amount in legs]
    )
    for account, amount in legs:
        if not account.is_external:
            # The database's CheckConstraint (balance >= 0) is the last guard if a lock was ever forgotten.
            Account.objects.filter(pk=account.pk).update(balance=F("balance") + amount)
            account.balance = (account.balance or 0) + amount
    audit_record(
        actor=actor,
        municipality=scheme.municipality,
        action=f"card.money.{kind}",
        obj=txn,
        after={"transaction": txn.pk, "kind": kind, "amount_ore": sum(a for _acc, a in legs if a > 0), **(audit or {})},
    )
    return txn


def post_many(
    *,
    scheme: Scheme,
    kind: str,
    legs: Sequence[tuple[Account, int]],
    actor: User | None,
    audit: dict[str, Any] | None = None,
) -> Transaction:
    """One transaction with many legs (a grant to every child), written with bulk statements."""
    if not connection.in_atomic_block:
        raise LedgerError("Money moves only inside transaction.atomic().")
    if sum(amount for _a, amount in legs) != 0 or len(legs) < 2:
        raise LedgerError("The legs of a transaction must sum to zero.")
    if len({account.pk for account, _a in legs}) != len(legs):
        raise LedgerError("One leg per account.")
    for account, amount in legs:
        if not account.is_external and amount < 0:
            raise LedgerError("post_many only credits internal accounts.")
    txn = Transaction.objects.create(municipality_id=scheme.municipality_id, scheme=scheme, kind=kind)
    Entry.objects.bulk_create(
        [Entry(transaction=txn, account=account, amount=amount, created_at=txn.created_at) for account, amount in legs],
        batch_size=2000,
    )
    by_amount: dict[int, list[int]] = defaultdict(list)
    for account, amount in legs:
        if not account.is_external:
            by_amount[amount].append(account.pk)
    for amount, ids in by_amount.items():
        for start in range(0, len(ids), 2000):
            Account.objects.filter(pk__in=ids[start : start + 2000]).update(balance=F("balance") + amount)
    audit_record(
        actor=actor,
        municipality=scheme.municipality,
        action=f"card.money.{kind}",
        obj=txn,
        after={"transaction": txn.pk, "kind": kind, "amount_ore": sum(a for _acc, a in legs if a > 0), **(audit or {})},
    )
    return txn


# --- reading ----------------------------------------------------------------------------------------------


def derived_balance(account: Account) -> int:
    return int(Entry.objects.filter(account=account).aggregate(total=Sum("amount"))["total"] or 0)


@dataclass
class BooksReport:
    transactions: int = 0
    entries: int = 0
    accounts: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.problems


def reconcile(*, municipality_ids: Iterable[int] | None = None) -> BooksReport:
    """Prove the books balance: every transaction sums to zero, caches equal the entries, nothing negative."""
    report = BooksReport()
    txns = Transaction.objects.all()
    entries = Entry.objects.all()
    accounts = Account.objects.all()
    if municipality_ids is not None:
        ids = list(municipality_ids)
        txns = txns.filter(municipality_id__in=ids)
        entries = entries.filter(transaction__municipality_id__in=ids)
        accounts = accounts.filter(municipality_id__in=ids)
    report.transactions = txns.count()
    report.entries = entries.count()
    report.accounts = accounts.count()

    for row in (
        entries.values("transaction_id").annotate(total=Sum("amount"), legs=Count("id")).exclude(total=0).order_by()
    ):
        report.problems.append(
            f"Transaction {row['transaction_id']} does not balance: its entries sum to {row['total']} øre."
        )
    for txn_id, legs in (
        entries.values("transaction_id")
        .annotate(legs=Count("id"))
        .filter(legs__lt=2)
        .order_by()
        .values_list("transaction_id", "legs")
    ):
        report.problems.append(f"Transaction {txn_id} has only {legs} entry.")
    for txn_id in txns.filter(entries__isnull=True).values_list("pk", flat=True):
        report.problems.append(f"Transaction {txn_id} has no entries.")
    cross = entries.exclude(account__scheme_id=F("transaction__scheme_id")).values_list("pk", flat=True)[:20]
    for entry_id in cross:
        report.problems.append(f"Entry {entry_id} is on an account of another scheme than its transaction.")

    sums = dict(
        entries.values("account_id").annotate(total=Sum("amount")).order_by().values_list("account_id", "total")
    )
    for account in accounts.only("pk", "kind", "balance").iterator(chunk_size=5000):
        derived = int(sums.get(account.pk) or 0)
        if account.kind in EXTERNAL_KINDS:
            if account.balance is not None:
                report.problems.append(f"External account {account.pk} has a cached balance.")
            continue
        if derived < 0:
            report.problems.append(f"Account {account.pk} ({account.kind}) is below zero: {derived} øre.")
        if account.balance != derived:
            report.problems.append(
                f"Account {account.pk} ({account.kind}): "
                f"cached balance {account.balance} øre, entries say {derived} øre."
            )
    total = entries.aggregate(total=Sum("amount"))["total"] or 0
    if total != 0:
        report.problems.append(f"All entries together sum to {total} øre, not 0.")
    return report


def holder_balance_query() -> models.QuerySet[Account]:
    return Account.objects.filter(kind__in=["holder_grant", "holder_targeted", "holder_topup"])
