"""The ledger's core rules: balanced transactions, derived balances, idempotency, spending order, refunds, expiry."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sammen.card import ledger, money
from sammen.card.models import Account, AccountKind, Entry, IdempotencyRecord, Redemption, Transaction
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    municipality = make_municipality()
    scheme = make_scheme(municipality)
    staff = make_user()
    provider = make_provider(scheme, staff=staff)
    enrolment = make_enrolment(scheme)
    return scheme, provider, staff, enrolment


def test_post_refuses_unbalanced_and_overdrawn(setup):
    scheme, provider, _staff, enrolment = setup
    pot = Account.objects.create(
        municipality=scheme.municipality, scheme=scheme, kind=AccountKind.HOLDER_TOPUP, enrolment=enrolment, balance=0
    )
    posting = ledger.Posting()
    posting.add(ledger.budget_account(scheme), -100)
    posting.add(pot, 99)
    with pytest.raises(ledger.LedgerError):
        ledger.post(scheme=scheme, kind="correction", posting=posting, actor=None)
    posting = ledger.Posting()
    posting.add(pot, -1)
    posting.add(ledger.provider_account(provider), 1)
    with pytest.raises(ledger.LedgerError):
        ledger.post(scheme=scheme, kind="correction", posting=posting, actor=None)
    assert Transaction.objects.filter(kind="correction").count() == 0


def test_grant_top_up_and_redemption_spend_soonest_expiry_first(setup):
    _scheme, provider, staff, enrolment = setup
    give_grant(enrolment, 5000)
    fund_directly(enrolment, 10000)
    offer = make_offer(provider, price_ore=7000)
    card = active_card(enrolment)
    outcome = money.redeem(actor=staff, provider=provider, card=card, offer=offer, idempotency_key=key())
    assert outcome.approved
    grant_pot = Account.objects.get(enrolment=enrolment, kind=AccountKind.HOLDER_GRANT)
    topup_pot = Account.objects.get(enrolment=enrolment, kind=AccountKind.HOLDER_TOPUP)
    assert (grant_pot.balance, topup_pot.balance) == (0, 8000)
    assert ledger.provider_account(provider).balance == 7000
    assert ledger.derived_balance(topup_pot) == 8000
    assert ledger.reconcile().balanced


def test_not_enough_money_is_a_clear_no_that_writes_no_entries(setup):
    _scheme, provider, staff, enrolment = setup
    give_grant(enrolment, 5000)
    offer = make_offer(provider, price_ore=5001)
    entries = Entry.objects.count()
    outcome = money.redeem(
        actor=staff, provider=provider, card=active_card(enrolment), offer=offer, idempotency_key=key()
    )
    assert not outcome.approved and outcome.decline_code == "insufficient_funds"
    assert Entry.objects.count() == entries
    assert Redemption.objects.count() == 0


def test_replay_with_the_same_key_charges_once(setup):
    _scheme, provider, staff, enrolment = setup
    give_grant(enrolment, 50000)
    offer = make_offer(provider, price_ore=6000)
    the_key = key()
    outcomes = [
        money.redeem(actor=staff, provider=provider, card=active_card(enrolment), offer=offer, idempotency_key=the_key)
        for _ in range(10)
    ]
    assert [o.approved for o in outcomes] == [True] * 10
    assert {o.result["redemption"] for o in outcomes} == {outcomes[0].result["redemption"]}
    assert [o.replayed for o in outcomes] == [False] + [True] * 9
    assert Redemption.objects.count() == 1
    assert money.holder_balance(enrolment) == 44000


def test_same_key_for_another_request_is_refused(setup):
    _scheme, provider, staff, enrolment = setup
    give_grant(enrolment, 50000)
    offer = make_offer(provider, price_ore=6000)
    other = make_offer(provider, price_ore=100)
    the_key = key()
    money.redeem(actor=staff, provider=provider, card=active_card(enrolment), offer=offer, idempotency_key=the_key)
    with pytest.raises(ValidationError):
        money.redeem(actor=staff, provider=provider, card=active_card(enrolment), offer=other, idempotency_key=the_key)
    assert IdempotencyRecord.objects.filter(key=the_key).count() == 1


def test_exception_inside_the_transaction_leaves_nothing(setup, monkeypatch):
    _scheme, provider, staff, enrolment = setup
    give_grant(enrolment, 50000)
    offer = make_offer(provider, price_ore=6000)
    before = (Entry.objects.count(), Transaction.objects.count(), Redemption.objects.count())
    original = Redemption.objects.create

    def boom(**kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(Redemption.objects, "create", boom)
    the_key = key()
    with pytest.raises(RuntimeError):
        money.redeem(actor=staff, provider=provider, card=active_card(enrolment), offer=offer, idempotency_key=the_key)
    monkeypatch.setattr(Redemption.objects, "create", original)
    assert (Entry.objects.count(), Transaction.objects.count(), Redemption.objects.count()) == before
    assert not IdempotencyRecord.objects.filter(key=the_key).exists()
    assert money.holder_balance(enrolment) == 50000
    # The same key works afterwards: the failed attempt left nothing behind.
    assert money.redeem(
        actor=staff, provider=provider, card=active_card(enrolment), offer=offer, idempotency_key=the_key
    ).approved
    assert ledger.reconcile().balanced


def test_refund_reverses_to_the_same_accounts(setup):
    _scheme, provider, staff, enrolment = setup
    give_grant(enrolment, 3000)
    fund_directly(enrolment, 10000)
    offer = make_offer(provider, kind="open_amount", category="fee", price_ore=0)
    outcome = money.redeem(
        actor=staff, provider=provider, card=active_card(enrolment), offer=offer, amount_ore=5000, idempotency_key=key()
    )
    redemption = Redemption.objects.get(pk=outcome.result["redemption"])
    money.refund(actor=staff, redemption=redemption, amount_ore=2500, reason="Feil beløp", idempotency_key=key())
    topup = Account.objects.get(enrolment=enrolment, kind=AccountKind.HOLDER_TOPUP)
    grant_pot = Account.objects.get(enrolment=enrolment, kind=AccountKind.HOLDER_GRANT)
    # Spent 3000 from the grant then 2000 from top-ups; the refund refills top-ups first.
    assert (grant_pot.balance, topup.balance) == (500, 10000)
    with pytest.raises(ValidationError):
        money.refund(actor=staff, redemption=redemption, amount_ore=2501, reason="For mye", idempotency_key=key())
    refund_txn = Transaction.objects.get(kind="refund")
    assert refund_txn.reverses_id == redemption.transaction_id
    assert ledger.reconcile().balanced


def test_expiry_moves_unused_grant_back_to_its_grant_account(setup):
    _scheme, provider, staff, enrolment = setup
    today = datetime.date.today()
    grant_round = give_grant(enrolment, 5000, expires_on=today + datetime.timedelta(days=5))
    offer = make_offer(provider, price_ore=2000)
    money.redeem(actor=staff, provider=provider, card=active_card(enrolment), offer=offer, idempotency_key=key())
    assert money.expire_due(today=today + datetime.timedelta(days=6)) == 1
    assert money.expire_due(today=today + datetime.timedelta(days=6)) == 0
    fund = ledger.grant_fund_account(grant_round)
    assert fund.balance == 3000
    assert money.holder_balance(enrolment) == 0
    assert Transaction.objects.filter(kind="expiry").count() == 1
    assert ledger.reconcile().balanced


def test_expired_money_cannot_be_spent_even_before_the_expiry_job(setup):
    _scheme, provider, staff, enrolment = setup
    today = datetime.date.today()
    give_grant(enrolment, 5000, expires_on=today + datetime.timedelta(days=5))
    offer = make_offer(provider, price_ore=2000)
    outcome = money.redeem(
        actor=staff,
        provider=provider,
        card=active_card(enrolment),
        offer=offer,
        idempotency_key=key(),
        today=today + datetime.timedelta(days=6),
    )
    assert outcome.decline_code == "insufficient_funds"


def test_free_pass_quota_and_companion(setup):
    _scheme, provider, staff, enrolment = setup
    admin_offer = make_offer(
        provider, kind="free_pass", title="Fribad", quota=2, max_companions=1, settlement_price_ore=4000, price_ore=0
    )
    card = active_card(enrolment)
    first = money.redeem(
        actor=staff, provider=provider, card=card, offer=admin_offer, companions=1, idempotency_key=key()
    )
    second = money.redeem(actor=staff, provider=provider, card=card, offer=admin_offer, idempotency_key=key())
    third = money.redeem(actor=staff, provider=provider, card=card, offer=admin_offer, idempotency_key=key())
    assert first.approved and first.result["persons"] == 2 and first.result["used"] == 1
    assert second.approved and second.result["used"] == 2
    assert third.decline_code == "quota_used"
    with pytest.raises(ValidationError):
        money.redeem(actor=staff, provider=provider, card=card, offer=admin_offer, companions=2, idempotency_key=key())
    # The municipality pays 40 kr per person let in: 2 + 1 persons.
    assert ledger.provider_account(provider).balance == 12000
    assert ledger.reconcile().balanced


def test_blocked_card_is_declined_and_the_replacement_keeps_the_money(setup):
    from sammen.card import services

    _scheme, provider, staff, enrolment = setup
    give_grant(enrolment, 5000)
    old = active_card(enrolment)
    guardian = enrolment.child.guardianships.first().guardian
    new = services.card_block_and_replace(actor=guardian, card=old)
    offer = make_offer(provider, price_ore=1000)
    assert (
        money.redeem(actor=staff, provider=provider, card=old, offer=offer, idempotency_key=key()).decline_code
        == "card_blocked"
    )
    assert money.redeem(actor=staff, provider=provider, card=new, offer=offer, idempotency_key=key()).approved
    assert money.holder_balance(enrolment) == 4000
    assert new.number != old.number


def test_category_not_allowed_by_the_scheme(setup):
    from sammen.card import services

    _scheme, provider, _staff, enrolment = setup
    with pytest.raises(ValidationError):
        make_offer(provider, category="kiosk", price_ore=2000)
    give_grant(enrolment, 5000)
    with pytest.raises(ValidationError):
        money.card_pay(
            actor=enrolment.child.guardianships.first().guardian,
            enrolment=enrolment,
            provider=provider,
            amount_ore=1000,
            category="nonsense",
            external_ref="signup-1",
            idempotency_key=key(),
        )
    outcome = money.card_pay(
        actor=enrolment.child.guardianships.first().guardian,
        enrolment=enrolment,
        provider=provider,
        amount_ore=1000,
        category="kiosk",
        external_ref="signup-1",
        idempotency_key=key(),
    )
    assert outcome.decline_code == "category_not_allowed"
    assert services  # imported for the block test above
