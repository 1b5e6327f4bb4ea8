"""Money is never lost or spent twice, proved on PostgreSQL with real concurrent transactions and a killed worker."""

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.utils import IntegrityError, InternalError

from sammen.card import ledger, money
from sammen.card.models import Account, Entry, IdempotencyRecord, Redemption, Transaction
from sammen.core.testing import make_municipality, make_user

from .factories import (
    active_card,
    fund_directly,
    give_grant,
    key,
    make_enrolment,
    make_offer,
    make_provider,
    make_scheme,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 40  # each with its own connection; PostgreSQL allows 100 and other work shares the server


def _world(cards: int):
    municipality = make_municipality()
    scheme = make_scheme(municipality)
    staff = make_user()
    provider = make_provider(scheme, staff=staff)
    enrolments = [make_enrolment(scheme) for _ in range(cards)]
    return municipality, scheme, provider, staff, enrolments


def _run_concurrently(jobs):
    barrier = threading.Barrier(min(THREADS, len(jobs)))

    def run(job):
        try:
            try:
                barrier.wait(timeout=30)
            except threading.BrokenBarrierError:
                pass
            return job()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(run, jobs))


def test_200_concurrent_redemptions_spend_exactly_what_the_cards_held():
    _municipality, _scheme, provider, staff, enrolments = _world(20)
    give_grant(enrolments[0], 20000)  # every card gets 200 kr ...
    for enrolment in enrolments:
        fund_directly(enrolment, 10000)  # ... and a 100 kr top-up: 300 kr each, 6000 kr in all
    offer = make_offer(provider, price_ore=6000)
    held = sum(money.holder_balance(e) for e in enrolments)
    assert held == 20 * 30000
    cards = [active_card(e) for e in enrolments]
    jobs = [
        (
            lambda card=cards[i % 20]: money.redeem(
                actor=staff, provider=provider, card=card, offer=offer, idempotency_key=key()
            )
        )
        for i in range(200)
    ]
    outcomes = _run_concurrently(jobs)
    approved = [o for o in outcomes if o.approved]
    declined = [o for o in outcomes if not o.approved]
    assert len(approved) == 100 and len(declined) == 100
    assert {o.decline_code for o in declined} == {"insufficient_funds"}
    assert sum(o.result["amount_ore"] for o in approved) == held
    assert Account.objects.filter(balance__lt=0).count() == 0
    assert all(money.holder_balance(e) == 0 for e in enrolments)
    assert ledger.provider_account(provider).balance == held
    assert Redemption.objects.filter(provider=provider).count() == 100
    report = ledger.reconcile()
    assert report.balanced, report.problems
    call_command("card_reconcile")  # exits 0


def test_the_same_request_replayed_concurrently_with_one_key_charges_once():
    _municipality, _scheme, provider, staff, (enrolment,) = _world(1)
    fund_directly(enrolment, 50000)
    offer = make_offer(provider, price_ore=6000)
    card = active_card(enrolment)
    the_key = key()
    outcomes = _run_concurrently(
        [lambda: money.redeem(actor=staff, provider=provider, card=card, offer=offer, idempotency_key=the_key)] * 10
    )
    assert all(o.approved for o in outcomes)
    assert len({o.result["redemption"] for o in outcomes}) == 1
    assert sum(1 for o in outcomes if not o.replayed) == 1
    assert Redemption.objects.count() == 1
    assert money.holder_balance(enrolment) == 44000
    assert IdempotencyRecord.objects.filter(key=the_key).count() == 1
    assert ledger.reconcile().balanced


def test_concurrent_refunds_never_give_back_more_than_was_paid():
    _municipality, _scheme, provider, staff, (enrolment,) = _world(1)
    fund_directly(enrolment, 50000)
    offer = make_offer(provider, kind="open_amount", category="fee", price_ore=0)
    outcome = money.redeem(
        actor=staff,
        provider=provider,
        card=active_card(enrolment),
        offer=offer,
        amount_ore=10000,
        idempotency_key=key(),
    )
    redemption = Redemption.objects.get(pk=outcome.result["redemption"])
    outcomes = _run_concurrently(
        [
            (
                lambda: money.refund(
                    actor=staff, redemption=redemption, amount_ore=3000, reason="Avlyst", idempotency_key=key()
                )
            )
            for _ in range(10)
        ]
    )
    assert sum(1 for o in outcomes if o.approved) == 3
    assert money.holder_balance(enrolment) == 50000 - 10000 + 9000
    assert ledger.reconcile().balanced


def test_a_worker_killed_inside_the_transaction_leaves_no_partial_entries():
    _municipality, _scheme, provider, staff, (enrolment,) = _world(1)
    fund_directly(enrolment, 50000)
    offer = make_offer(provider, price_ore=6000)
    card = active_card(enrolment)
    before = (Entry.objects.count(), Transaction.objects.count(), Redemption.objects.count())
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
    }
    if connection.settings_dict.get("PASSWORD"):
        env["DATABASE_URL"] = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
    the_key = key()
    worker = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("kill_worker.py")),
            str(provider.pk),
            str(card.pk),
            str(offer.pk),
            str(staff.pk),
            the_key,
        ],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        text=True,
    )
    try:
        assert worker.stdout.readline().strip() == "inside"
        # The worker now holds the card's row locks, with its entries written but not committed.
        worker.kill()  # SIGKILL: no cleanup, no rollback from the process itself
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -9
    assert (Entry.objects.count(), Transaction.objects.count(), Redemption.objects.count()) == before
    assert not IdempotencyRecord.objects.filter(key=the_key).exists()
    assert money.holder_balance(enrolment) == 50000
    # The card is not left locked: the next redemption, even with the same key, goes through.
    assert money.redeem(actor=staff, provider=provider, card=card, offer=offer, idempotency_key=the_key).approved
    assert ledger.reconcile().balanced


def test_the_database_refuses_an_unbalanced_transaction_and_changes_to_entries():
    municipality, scheme, _provider, _staff, (enrolment,) = _world(1)
    fund_directly(enrolment, 10000)
    budget = ledger.budget_account(scheme)
    with pytest.raises(IntegrityError), transaction.atomic():
        txn = Transaction.objects.create(municipality=municipality, scheme=scheme, kind="correction")
        Entry.objects.create(transaction=txn, account=budget, amount=-500, created_at=txn.created_at)
        # No opposite leg: the deferred trigger refuses at commit.
    assert not Transaction.objects.filter(kind="correction").exists()
    entry = Entry.objects.first()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(amount=entry.amount + 1)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).delete()
    assert ledger.reconcile().balanced


def test_card_reconcile_fails_with_a_report_when_the_books_do_not_balance(capsys):
    _municipality, _scheme, _provider, _staff, (enrolment,) = _world(1)
    fund_directly(enrolment, 10000)
    call_command("card_reconcile")
    Account.objects.filter(enrolment=enrolment).update(balance=999)  # a cache that no longer matches the entries
    with pytest.raises(CommandError) as error:
        call_command("card_reconcile")
    assert error.value.returncode == 1
    assert "cached balance 999 øre, entries say 10000" in capsys.readouterr().out
