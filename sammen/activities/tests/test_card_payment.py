"""Paying a sign-up's fee with the activity card (decision 0406): the place is confirmed once the card has paid,
a decline writes nothing, a double submit charges once, and cancelling gives the fee back to the card."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection

from sammen.activities import card_payment, services
from sammen.activities.models import Activity, SignUp, SignUpStatus
from sammen.card import ledger, money
from sammen.card import services as card_services
from sammen.card.models import IdempotencyRecord, Redemption, Refund
from sammen.card.tests.factories import fund_directly, make_child, make_provider, make_scheme
from sammen.core.testing import make_municipality, make_user

from .factories import make_activity

FEE = 25_000  # 250 kr


def _world(*, fee: int = FEE, money_on_card: int = 40_000, accepts_card: bool = True):
    municipality = make_municipality()
    scheme = make_scheme(municipality)
    activity = make_activity(municipality, join_method="sign_up", capacity=2, accepts_card=accepts_card)
    Activity.objects.filter(pk=activity.pk).update(signup_fee_ore=fee)
    activity.refresh_from_db()
    provider = make_provider(scheme, organisation=activity.organisation)
    guardian = make_user()
    child = make_child(municipality, guardian, name="Yusuf")
    enrolment = card_services.enrol(guardian=guardian, scheme=scheme, child=child, neighbourhood=None)
    if money_on_card:
        fund_directly(enrolment, money_on_card)
    return activity, provider, guardian, child, enrolment


def _held(activity, guardian, child) -> SignUp:
    signup = services.signup_create(actor=guardian, activity=activity, participant_name="", child=child)
    assert signup.status == SignUpStatus.AWAITING_PAYMENT
    return signup


@pytest.mark.django_db
def test_the_options_list_children_whose_card_can_pay_with_the_spendable_amount_only():
    activity, _provider, guardian, child, enrolment = _world()
    poor = make_child(activity.municipality, guardian, name="Leila")
    card_services.enrol(guardian=guardian, scheme=enrolment.scheme, child=poor, neighbourhood=None)
    fund_directly(poor.card_enrolments.get(), 10_000)  # 100 kr: too little for a 250 kr fee
    options = card_payment.payment_options(guardian=guardian, activity=activity)
    assert [(o.child, o.spendable_ore) for o in options] == [(child, 40_000)]
    assert not hasattr(options[0], "enrolment")  # the page gets the amount, never the pots behind it
    assert card_payment.payment_options(guardian=make_user(), activity=activity) == []


@pytest.mark.django_db
def test_no_options_when_the_activity_does_not_take_the_card_or_has_no_fee():
    activity, _p, guardian, _child, _e = _world(accepts_card=False)
    assert card_payment.payment_options(guardian=guardian, activity=activity) == []
    activity2, _p, guardian2, _child, _e = _world(fee=0)
    assert card_payment.payment_options(guardian=guardian2, activity=activity2) == []


@pytest.mark.django_db
def test_paying_with_the_card_confirms_the_place_and_charges_the_card():
    activity, provider, guardian, child, enrolment = _world()
    signup = _held(activity, guardian, child)
    paid = services.signup_pay_with_card(actor=guardian, signup=signup)
    assert paid.status == SignUpStatus.CONFIRMED and paid.paid_by_card
    redemption = Redemption.objects.get(provider=provider)
    assert paid.paid_reference == redemption.reference
    assert redemption.external_ref == f"activities-signup:{signup.pk}"
    assert redemption.amount_ore == FEE and redemption.category == "fee" and redemption.channel == "online"
    assert money.holder_balance(enrolment) == 40_000 - FEE
    assert ledger.provider_account(provider).balance == FEE
    assert ledger.reconcile().balanced


@pytest.mark.django_db
def test_insufficient_funds_gives_a_clear_message_and_writes_nothing():
    activity, _provider, guardian, child, enrolment = _world(money_on_card=10_000)
    signup = _held(activity, guardian, child)
    with pytest.raises(ValidationError) as error:
        services.signup_pay_with_card(actor=guardian, signup=signup)
    assert error.value.messages == ["There is not enough money on Yusuf Test's activity card to pay the fee."]
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.AWAITING_PAYMENT and not signup.paid_by_card and signup.paid_reference == ""
    assert not Redemption.objects.exists()
    assert not IdempotencyRecord.objects.filter(key=card_payment.pay_key(signup)).exists()
    assert money.holder_balance(enrolment) == 10_000
    # After a top-up the same sign-up can be paid: the decline was not stored under the sign-up's key.
    fund_directly(enrolment, 20_000)
    assert services.signup_pay_with_card(actor=guardian, signup=signup).status == SignUpStatus.CONFIRMED
    assert money.holder_balance(enrolment) == 30_000 - FEE


@pytest.mark.django_db
def test_a_double_submit_charges_once():
    activity, _provider, guardian, child, enrolment = _world()
    signup = _held(activity, guardian, child)
    first = services.signup_pay_with_card(actor=guardian, signup=signup)
    again = services.signup_pay_with_card(actor=guardian, signup=signup)  # the stale object from the first click
    assert first.paid_reference == again.paid_reference
    assert Redemption.objects.count() == 1
    assert money.holder_balance(enrolment) == 40_000 - FEE


@pytest.mark.django_db
def test_the_card_replays_the_first_payment_for_the_same_sign_up():
    activity, _provider, guardian, child, _enrolment = _world()
    signup = _held(activity, guardian, child)
    from sammen.card import hooks

    kwargs = {
        "guardian": guardian,
        "child": child,
        "organisation": activity.organisation,
        "amount_ore": FEE,
        "category": "fee",
        "signup_ref": card_payment.signup_ref(signup),
        "idempotency_key": card_payment.pay_key(signup),
    }
    first = hooks.pay_activity_fee(**kwargs)
    second = hooks.pay_activity_fee(**kwargs)
    assert second.replayed and second.result["reference"] == first.result["reference"]
    assert Redemption.objects.count() == 1


@pytest.mark.django_db
def test_only_the_guardian_who_signed_up_may_pay():
    activity, _provider, guardian, child, _enrolment = _world()
    signup = _held(activity, guardian, child)
    with pytest.raises(PermissionDenied):
        services.signup_pay_with_card(actor=make_user(), signup=signup)
    assert not Redemption.objects.exists()


@pytest.mark.django_db
def test_a_place_for_an_adult_or_an_activity_without_the_card_cannot_be_paid_with_it():
    activity, _provider, guardian, _child, _enrolment = _world()
    own = services.signup_create(actor=guardian, activity=activity, participant_name="Amina")
    with pytest.raises(ValidationError, match="Only a child's place"):
        services.signup_pay_with_card(actor=guardian, signup=own)
    other, _p, guardian2, child2, _e = _world(accepts_card=False)
    held = _held(other, guardian2, child2)
    with pytest.raises(ValidationError, match="cannot be paid with the activity card"):
        services.signup_pay_with_card(actor=guardian2, signup=held)
    assert not Redemption.objects.exists()


@pytest.mark.django_db
def test_cancelling_a_paid_sign_up_gives_the_fee_back_to_the_card():
    activity, provider, guardian, child, enrolment = _world()
    signup = services.signup_pay_with_card(actor=guardian, signup=_held(activity, guardian, child))
    waiting_parent = make_user()
    services.signup_create(actor=waiting_parent, activity=activity, participant_name="A")
    services.signup_create(actor=make_user(), activity=activity, participant_name="B")  # waiting list
    cancelled = services.signup_cancel(actor=guardian, signup=signup)
    assert cancelled.status == SignUpStatus.CANCELLED
    refund = Refund.objects.get()
    assert refund.amount_ore == FEE and refund.redemption.external_ref == card_payment.signup_ref(signup)
    assert money.holder_balance(enrolment) == 40_000
    assert ledger.provider_account(provider).balance == 0
    assert SignUp.objects.get(participant_name="B").status == SignUpStatus.AWAITING_PAYMENT  # moved up
    # Cancelling again does nothing more.
    services.signup_cancel(actor=guardian, signup=signup)
    assert Refund.objects.count() == 1
    assert ledger.reconcile().balanced
    call_command("card_reconcile")


@pytest.mark.django_db
def test_the_organiser_cancelling_a_paid_place_also_refunds_the_card():
    activity, _provider, guardian, child, enrolment = _world()
    signup = services.signup_pay_with_card(actor=guardian, signup=_held(activity, guardian, child))
    from .factories import representative

    organiser = representative(activity.organisation)
    services.signup_cancel(actor=organiser, signup=signup)
    assert money.holder_balance(enrolment) == 40_000
    assert Refund.objects.get().staff == organiser


@pytest.mark.django_db
def test_a_refund_the_card_refuses_leaves_the_sign_up_in_place():
    activity, provider, guardian, child, _enrolment = _world()
    signup = services.signup_pay_with_card(actor=guardian, signup=_held(activity, guardian, child))
    # The provider has been paid out, so its account cannot give the money back automatically.
    from sammen.card.models import Account

    Account.objects.filter(pk=ledger.provider_account(provider).pk).update(balance=0)
    with pytest.raises(ValidationError, match="could not be given back"):
        services.signup_cancel(actor=guardian, signup=signup)
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CONFIRMED and not Refund.objects.exists()


@pytest.mark.django_db
def test_a_sign_up_paid_at_the_door_is_cancelled_without_touching_the_card():
    activity, _provider, guardian, child, enrolment = _world()
    signup = _held(activity, guardian, child)
    from .factories import representative

    services.signup_mark_paid(actor=representative(activity.organisation), signup=signup, reference="Kontant")
    services.signup_cancel(actor=guardian, signup=signup)
    assert not Refund.objects.exists() and money.holder_balance(enrolment) == 40_000


@pytest.mark.django_db
def test_a_guardian_cannot_refund_a_door_payment_through_the_hook():
    activity, provider, guardian, _child, enrolment = _world()
    from sammen.card import hooks
    from sammen.card.tests.factories import active_card, key, make_offer

    staff = make_user()
    make_provider(enrolment.scheme, organisation=activity.organisation, staff=staff)
    offer = make_offer(provider, kind="open_amount", category="fee", price_ore=0)
    outcome = money.redeem(
        actor=staff, provider=provider, card=active_card(enrolment), offer=offer, amount_ore=5000, idempotency_key=key()
    )
    Redemption.objects.filter(pk=outcome.result["redemption"]).update(external_ref="door-1")
    with pytest.raises(ValidationError, match="online"):
        hooks.refund_activity_fee(
            actor=guardian, signup_ref="door-1", reason="x", idempotency_key=key(), organisation=activity.organisation
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submits_charge_the_card_once():
    activity, _provider, guardian, child, enrolment = _world()
    signup = _held(activity, guardian, child)
    clicks = 8
    barrier = threading.Barrier(clicks)
    results, errors = [], []

    def click():
        try:
            barrier.wait(timeout=30)
            results.append(services.signup_pay_with_card(actor=guardian, signup=signup))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({r.paid_reference for r in results}) == 1
    assert Redemption.objects.count() == 1
    assert money.holder_balance(enrolment) == 40_000 - FEE
    assert ledger.reconcile().balanced
    call_command("card_reconcile")


# Pages ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the pages in the source language
    return client


def _signup_url(activity):
    return f"/{activity.municipality.slug}/activities/{activity.pk}/sign-up/"


@pytest.mark.django_db
def test_the_sign_up_page_offers_the_card_with_the_spendable_amount(client):
    activity, _provider, guardian, _child, _enrolment = _world()
    client.force_login(guardian)
    html = client.get(_signup_url(activity)).content.decode()
    assert "Pay the fee of 250 kr now with the child&#x27;s activity card" in html
    assert "Yusuf Test (can spend 400 kr)" in html
    assert "grant" not in html.lower() and "top-up" not in html.lower()


@pytest.mark.django_db
def test_signing_up_and_paying_with_the_card_confirms_the_place(client):
    activity, _provider, guardian, child, enrolment = _world()
    client.force_login(guardian)
    response = client.post(_signup_url(activity), {"child": child.pk, "pay_with_card": "on"}, follow=True)
    assert "Yusuf Test has a place. The fee is paid with the activity card." in response.content.decode()
    signup = SignUp.objects.get()
    assert signup.status == SignUpStatus.CONFIRMED and signup.paid_by_card
    assert money.holder_balance(enrolment) == 40_000 - FEE
    # Cancelling from the activity page gives the fee back.
    response = client.post(f"/{activity.municipality.slug}/activities/sign-ups/{signup.pk}/cancel/", follow=True)
    assert "The fee is given back to the activity card." in response.content.decode()
    assert money.holder_balance(enrolment) == 40_000


@pytest.mark.django_db
def test_paying_for_a_child_whose_card_cannot_pay_is_refused_on_the_form(client):
    activity, _provider, guardian, _child, _enrolment = _world()
    other = make_child(activity.municipality, guardian, name="Leila")
    client.force_login(guardian)
    response = client.post(_signup_url(activity), {"child": other.pk, "pay_with_card": "on"})
    assert response.status_code == 200
    assert "Leila Test&#x27;s activity card cannot pay this fee." in response.content.decode()
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_a_declined_payment_leaves_the_place_held_with_a_message(client):
    activity, _provider, guardian, child, enrolment = _world()
    client.force_login(guardian)
    client.post(_signup_url(activity), {"child": child.pk})  # held, not paid
    signup = SignUp.objects.get()
    assert signup.status == SignUpStatus.AWAITING_PAYMENT
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Pay 250 kr for Yusuf Test with the activity card" in page
    # Meanwhile the card pays another course of the same organiser (another tab): 150 kr is left.
    course = make_activity(
        activity.municipality, organisation=activity.organisation, join_method="sign_up", capacity=2, accepts_card=True
    )
    Activity.objects.filter(pk=course.pk).update(signup_fee_ore=FEE)
    course.refresh_from_db()
    services.signup_pay_with_card(actor=guardian, signup=_held(course, guardian, child))
    response = client.post(f"/{activity.municipality.slug}/activities/sign-ups/{signup.pk}/pay/", follow=True)
    html = response.content.decode()
    assert "There is not enough money on Yusuf Test&#x27;s activity card to pay the fee." in html
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.AWAITING_PAYMENT and Redemption.objects.count() == 1
    assert money.holder_balance(enrolment) == 40_000 - FEE and ledger.reconcile().balanced


@pytest.mark.django_db
def test_another_persons_sign_up_cannot_be_paid(client):
    activity, _provider, guardian, child, _enrolment = _world()
    signup = _held(activity, guardian, child)
    client.force_login(make_user())
    response = client.post(f"/{activity.municipality.slug}/activities/sign-ups/{signup.pk}/pay/")
    assert response.status_code == 404
    assert not Redemption.objects.exists()
