"""How other apps pay with the card. The activities app calls these when a guardian signs a child up for an
activity that accepts the card, and when a sign-up is cancelled (see docs/card.md, "Paying a fee online").

    from sammen.card import hooks
    options = hooks.card_payment_options(guardian=user, organisation=activity.organiser)
    outcome = hooks.pay_activity_fee(
        guardian=user, child=child, organisation=activity.organiser, amount_ore=activity.price_ore,
        category="fee", signup_ref=f"signup:{signup.pk}", idempotency_key=f"signup-pay:{signup.pk}",
    )
    if outcome.approved: ...  # outcome.result["reference"] is the card reference to store on the sign-up
    else: ...                 # outcome.decline_code: "insufficient_funds", "category_not_allowed", ...
    hooks.refund_activity_fee(actor=..., signup_ref=..., reason=..., idempotency_key=...)

The idempotency key should be derived from the sign-up, so a double click or a retried request charges once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sammen.accounts.models import Child, User
from sammen.organisations.models import Organisation

from . import money
from .idempotency import Outcome
from .models import Enrolment, Provider, Redemption


@dataclass(frozen=True)
class PaymentOption:
    child: Child
    enrolment: Enrolment
    spendable_ore: int


def accepts_card(organisation: Organisation) -> bool:
    return Provider.objects.filter(organisation=organisation, is_active=True).exists()


def card_payment_options(*, guardian: User, organisation: Organisation) -> list[PaymentOption]:
    """The guardian's children whose card can pay this organiser, with what they can spend today."""
    provider = Provider.objects.filter(organisation=organisation, is_active=True).first()
    if provider is None:
        return []
    options = []
    for enrolment in Enrolment.objects.filter(
        scheme=provider.scheme, child__guardianships__guardian=guardian, is_anonymised=False
    ).select_related("child"):
        options.append(
            PaymentOption(child=enrolment.child, enrolment=enrolment, spendable_ore=money.spendable_balance(enrolment))  # type: ignore[arg-type]
        )
    return options


def pay_activity_fee(
    *,
    guardian: User,
    child: Child,
    organisation: Organisation,
    amount_ore: int,
    category: str,
    signup_ref: str,
    idempotency_key: str,
) -> Outcome:
    provider = Provider.objects.filter(organisation=organisation, is_active=True).first()
    if provider is None:
        raise ValidationError(_("This organiser does not accept the card."))
    enrolment = Enrolment.objects.filter(scheme=provider.scheme, child=child, is_anonymised=False).first()
    if enrolment is None:
        raise ValidationError(_("The child has no activity card."))
    return money.card_pay(
        actor=guardian,
        enrolment=enrolment,
        provider=provider,
        amount_ore=amount_ore,
        category=category,
        external_ref=signup_ref,
        idempotency_key=idempotency_key,
    )


def refund_activity_fee(
    *, actor: User, signup_ref: str, reason: str, idempotency_key: str, organisation: Organisation
) -> Outcome:
    """Give a cancelled sign-up's card payment back (the whole amount still refundable).

    The actor is whoever cancels: the guardian who signed the child up, the organiser or an administrator.
    """
    redemption = (
        Redemption.objects.filter(provider__organisation=organisation, external_ref=signup_ref)
        .select_related("provider", "enrolment__child")
        .order_by("pk")
        .first()
    )
    if redemption is None:
        raise ValidationError(_("No card payment has this reference."))
    return money.refund_online_payment(
        actor=actor, redemption=redemption, reason=reason, idempotency_key=idempotency_key
    )
