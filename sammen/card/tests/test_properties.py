"""Property-based tests: whatever sequence of grants, top-ups, payments, refunds and expiries happens,
the books balance and no balance is ever negative. Report suppression never reveals a small group."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sammen.card import ledger, money
from sammen.card.models import Account, Redemption
from sammen.card.reports import THRESHOLD, Group, suppress
from sammen.core.testing import make_municipality, make_user

from .factories import (
    active_card,
    fund_directly,
    key,
    make_admin,
    make_enrolment,
    make_offer,
    make_provider,
    make_scheme,
)

TODAY = datetime.date.today()

step = st.one_of(
    st.tuples(st.just("grant"), st.integers(1, 40_000), st.integers(-3, 30)),
    st.tuples(st.just("targeted"), st.integers(0, 2), st.integers(1, 50_000)),
    st.tuples(st.just("topup"), st.integers(0, 2), st.integers(5_000, 60_000)),
    st.tuples(st.just("pay"), st.integers(0, 2), st.integers(1, 80_000)),
    st.tuples(st.just("refund"), st.integers(0, 50), st.integers(1, 80_000)),
    st.tuples(st.just("expire"), st.integers(0, 40), st.just(0)),
)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_any_sequence_keeps_the_books_balanced_and_nothing_negative(steps):
    municipality = make_municipality()
    scheme = make_scheme(municipality)
    staff = make_user()
    provider = make_provider(scheme, staff=staff)
    offer = make_offer(provider, kind="open_amount", category="fee", price_ore=0)
    admin = make_admin(municipality)
    holders = [make_enrolment(scheme) for _ in range(3)]
    today = TODAY
    for n, (action, a, b) in enumerate(steps):
        if action == "grant":
            grant_round = money.grant_round_create(
                actor=admin,
                scheme=scheme,
                name=f"R{n}",
                amount_ore=a,
                valid_from=today - datetime.timedelta(days=1),
                expires_on=today + datetime.timedelta(days=max(b, 0)),
            )
            money.grant_round_issue(actor=admin, grant_round=grant_round, idempotency_key=key(), today=today)
        elif action == "targeted":
            money.targeted_grant_decide(
                actor=admin,
                enrolment=holders[a],
                amount_ore=b,
                reason="Vedtak",
                valid_from=today - datetime.timedelta(days=1),
                expires_on=today + datetime.timedelta(days=3),
                idempotency_key=key(),
            )
        elif action == "topup":
            fund_directly(holders[a], b)
        elif action == "pay":
            money.redeem(
                actor=staff,
                provider=provider,
                card=active_card(holders[a]),
                offer=offer,
                amount_ore=b,
                idempotency_key=key(),
                today=today,
            )
        elif action == "refund":
            redemptions = list(Redemption.objects.filter(provider=provider).order_by("pk"))
            if redemptions:
                redemption = redemptions[a % len(redemptions)]
                left, _visit = money.refundable(redemption)
                if left:
                    money.refund(
                        actor=staff,
                        redemption=redemption,
                        amount_ore=min(b, left),
                        reason="Retur",
                        idempotency_key=key(),
                        today=today,
                    )
        elif action == "expire":
            today = today + datetime.timedelta(days=a)
            money.expire_due(today=today, municipality_id=municipality.pk)
        assert not Account.objects.filter(municipality=municipality, balance__lt=0).exists()
    report = ledger.reconcile(municipality_ids=[municipality.pk])
    assert report.balanced, report.problems
    # Money in equals money on cards, with providers and back in grant accounts.
    internal = sum(a.balance for a in Account.objects.filter(municipality=municipality).exclude(balance=None))
    external = -sum(ledger.derived_balance(a) for a in Account.objects.filter(municipality=municipality, balance=None))
    assert internal == external


groups_strategy = st.lists(st.sets(st.integers(0, 30), max_size=12), min_size=1, max_size=8)


@given(groups_strategy)
def test_suppression_never_shows_or_reveals_a_small_group(member_sets):
    groups = [Group(label=str(i), children=set(s), uses=len(s)) for i, s in enumerate(member_sets)]
    total = Group(label="all", children=set().union(*member_sets), uses=sum(len(s) for s in member_sets))
    suppress(groups, total)
    for group in groups:
        if not group.hidden:
            assert group.child_count == 0 or group.child_count >= THRESHOLD
    hidden = [g for g in groups if g.hidden]
    if hidden and not total.hidden:
        # What the total minus the visible groups describes: at least THRESHOLD children.
        assert len(set().union(*(g.children for g in hidden))) >= THRESHOLD
    if total.child_count < THRESHOLD:
        assert total.hidden
