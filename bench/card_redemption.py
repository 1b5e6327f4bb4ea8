"""Benchmark: redemption at the door with 100,000 cards and 5,000,000 ledger entries, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sammen_card .venv/bin/python bench/card_redemption.py

Builds the data once (COPY, triggers off during the load), in the municipality "bench-card"; a second run
reuses it. Then it measures:
1. the median server time of a redemption through the door page (Django test client, POST, full request),
2. the median time of the redemption service alone,
3. throughput: threads, each with its own connection, redeeming on random cards for a few seconds,
and proves the books still reconcile for the benchmark municipality.
Options: --cards, --entries-per-card (50 → 5,000,000 entries), --requests, --threads, --seconds.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from sammen.accounts.models import Child, Guardianship, User  # noqa: E402
from sammen.card import cardnumbers, ledger, money, services  # noqa: E402
from sammen.card.models import Account, AccountKind, Card, Enrolment, Offer, Provider, Scheme  # noqa: E402
from sammen.organisations.models import MembershipRole, Organisation, OrganisationMembership  # noqa: E402
from sammen.places.models import Municipality  # noqa: E402

SLUG = "bench-card"
PROVIDERS = 50
GRANT_ORE = 10_000
SPEND_ORE = 100


def build(cards: int, entries_per_card: int) -> None:
    """Enrolments, cards and holder accounts for `cards` children, with `entries_per_card` ledger entries each:
    one grant (2 entries) and (entries_per_card - 2) / 2 small payments at random providers."""
    spends = (entries_per_card - 2) // 2
    assert spends * SPEND_ORE + 2_000 <= GRANT_ORE, "leave money on the cards for the benchmark"
    municipality = Municipality.objects.create(slug=SLUG, name="Benchmark kommune")
    admin = User.objects.create_superuser(email=f"admin@{SLUG}.example", password="x")
    scheme = services.scheme_create(actor=admin, municipality=municipality, name="Benchmarkkortet")
    staff = User.objects.create_user(email=f"door@{SLUG}.example", password="x")
    providers = []
    for n in range(PROVIDERS):
        org = Organisation.objects.create(
            municipality=municipality, name=f"Tilbyder {n}", kind="business", status="approved"
        )
        providers.append(services.provider_add(actor=admin, scheme=scheme, organisation=org))
        OrganisationMembership.objects.create(organisation=org, user=staff, role=MembershipRole.PROVIDER_STAFF)
        services.offer_create(
            actor=admin, provider=providers[-1], title="Inngang", kind="price", category="entry", price_ore=1_000
        )
    budget = ledger.budget_account(scheme)
    provider_accounts = [ledger.provider_account(p) for p in providers]
    now = timezone.now()
    born = datetime.date(now.year - 10, 1, 1)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # ledger triggers off for the bulk load
        guardian = User.objects.create_user(email=f"parent@{SLUG}.example", password="x")
        children = Child.objects.bulk_create(
            [Child(municipality=municipality, given_name=f"Barn{n}", birth_date=born) for n in range(cards)],
            batch_size=5000,
        )
        Guardianship.objects.bulk_create([Guardianship(guardian=guardian, child=c) for c in children], batch_size=5000)
        enrolments = Enrolment.objects.bulk_create(
            [Enrolment(municipality=municipality, scheme=scheme, child=c, birth_year=born.year) for c in children],
            batch_size=5000,
        )
        Card.objects.bulk_create(
            [Card(enrolment=e, number=cardnumbers.generate()) for e in enrolments], batch_size=5000
        )
        pots = Account.objects.bulk_create(
            [
                Account(
                    municipality=municipality,
                    scheme=scheme,
                    kind=AccountKind.HOLDER_TOPUP,
                    enrolment=e,
                    balance=GRANT_ORE - spends * SPEND_ORE,
                )
                for e in enrolments
            ],
            batch_size=5000,
        )
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM card_transaction")
        next_id = cursor.fetchone()[0] + 1
        provider_totals = [0] * PROVIDERS
        rng = random.Random(7)
        txn_rows = []
        entry_rows = []
        for pot in pots:
            txn_rows.append((next_id, municipality.pk, scheme.pk, "topup", now))
            entry_rows.append((next_id, budget.pk, -GRANT_ORE, now))
            entry_rows.append((next_id, pot.pk, GRANT_ORE, now))
            next_id += 1
            for _ in range(spends):
                p = rng.randrange(PROVIDERS)
                provider_totals[p] += SPEND_ORE
                txn_rows.append((next_id, municipality.pk, scheme.pk, "redemption", now))
                entry_rows.append((next_id, pot.pk, -SPEND_ORE, now))
                entry_rows.append((next_id, provider_accounts[p].pk, SPEND_ORE, now))
                next_id += 1
        with cursor.copy("COPY card_transaction (id, municipality_id, scheme_id, kind, created_at) FROM STDIN") as copy:
            for row in txn_rows:
                copy.write_row(row)
        with cursor.copy("COPY card_entry (transaction_id, account_id, amount, created_at) FROM STDIN") as copy:
            for row in entry_rows:
                copy.write_row(row)
        cursor.execute("SELECT setval(pg_get_serial_sequence('card_transaction', 'id'), %s)", [next_id])
        for account, total in zip(provider_accounts, provider_totals, strict=True):
            Account.objects.filter(pk=account.pk).update(balance=total)
    cursor = connection.cursor()
    cursor.execute("ANALYZE")
    print(f"Built {cards} cards and {len(entry_rows):,} entries in {time.perf_counter() - started:.0f} s.")


def measure(requests: int, threads: int, seconds: float) -> None:
    municipality = Municipality.objects.get(slug=SLUG)
    scheme = Scheme.objects.get(municipality=municipality)
    staff = User.objects.get(email=f"door@{SLUG}.example")
    card_ids = list(Card.objects.filter(enrolment__scheme=scheme, status="active").values_list("pk", flat=True))
    providers = list(Provider.objects.filter(scheme=scheme))
    offers = {o.provider_id: o for o in Offer.objects.filter(provider__scheme=scheme)}
    entries = ledger.Entry.objects.filter(transaction__municipality=municipality).count()
    print(f"Cards: {len(card_ids):,}; ledger entries: {entries:,}")
    rng = random.Random()

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    print(f"Load average before measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for label, api in (("Door page POST (HTML)", False), ("API POST (JSON, as a till system)", True)):
        times, cpu = [], []
        for _ in range(requests):
            card = Card.objects.get(pk=rng.choice(card_ids))
            provider = rng.choice(providers)
            key = uuid.uuid4().hex
            start, cpu_start = time.perf_counter(), time.process_time()
            if api:
                response = client.post(
                    f"/api/v1/card/municipalities/{SLUG}/providers/{provider.pk}/redemptions",
                    {"card_number": card.number, "offer_id": offers[provider.pk].pk},
                    content_type="application/json",
                    headers={"Idempotency-Key": key},
                )
                ok = response.status_code == 200 and response.json()["approved"]
            else:
                response = client.post(
                    f"/{SLUG}/card/door/{provider.pk}/",
                    {"card_number": card.number, "offer": offers[provider.pk].pk, "idempotency_key": key},
                )
                ok = response.status_code == 200 and b"door-result--yes" in response.content
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
            assert ok, response.content[-2000:]
        print(
            f"{label}, full request: median {statistics.median(times):.1f} ms "
            f"(Python CPU {statistics.median(cpu):.1f} ms), p95 {statistics.quantiles(times, n=20)[18]:.1f} ms "
            f"over {requests} redemptions; load average {os.getloadavg()[0]:.1f}"
        )

    service_times = []
    cpu_times = []
    for _ in range(requests):
        card = Card.objects.select_related("enrolment__scheme").get(pk=rng.choice(card_ids))
        provider = rng.choice(providers)
        start, cpu_start = time.perf_counter(), time.process_time()
        outcome = money.redeem(
            actor=staff, provider=provider, card=card, offer=offers[provider.pk], idempotency_key=uuid.uuid4().hex
        )
        service_times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
        assert outcome.approved
    print(
        f"Redemption service alone: median {statistics.median(service_times):.1f} ms "
        f"(of which Python CPU {statistics.median(cpu_times):.1f} ms); load average {os.getloadavg()[0]:.1f}"
    )

    stop_at = time.perf_counter() + seconds
    counts = [0] * threads

    def worker(index: int) -> None:
        local = random.Random(index)
        staff_user = User.objects.get(pk=staff.pk)
        try:
            while time.perf_counter() < stop_at:
                card = Card.objects.select_related("enrolment__scheme").get(pk=local.choice(card_ids))
                provider = local.choice(providers)
                outcome = money.redeem(
                    actor=staff_user,
                    provider=provider,
                    card=card,
                    offer=offers[provider.pk],
                    idempotency_key=uuid.uuid4().hex,
                )
                counts[index] += 1 if outcome.approved else 0
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    print(f"Throughput: {sum(counts) / elapsed:.0f} redemptions/s with {threads} threads over {elapsed:.1f} s")
    report = ledger.reconcile(municipality_ids=[municipality.pk])
    print(f"Books balance: {report.balanced} ({report.entries:,} entries checked)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--entries-per-card", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    existing = Municipality.objects.filter(slug=SLUG).first()
    if existing is not None and args.rebuild:
        sys.exit(
            f"Drop and recreate the database to rebuild (the ledger is append-only): {connection.settings_dict['NAME']}"
        )
    if existing is None:
        build(args.cards, args.entries_per_card)
    measure(args.requests, args.threads, args.seconds)


if __name__ == "__main__":
    main()
