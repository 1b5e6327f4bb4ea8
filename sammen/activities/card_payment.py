"""The activities app's side of paying a sign-up's fee with the activity card (decision 0406).

The card app is optional: activities never imports it at module level. `card_hooks()` finds
`sammen.card.hooks` when the card app is installed (the same way impact finds participation, decision 0705),
and everything here answers "no card" without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from sammen.accounts.models import Child, User

    from .models import Activity, SignUp

# What the card records the payment as (the card scheme's spending rules name the categories it may pay).
FEE_CATEGORY = "fee"


def card_hooks() -> ModuleType | None:
    """`sammen.card.hooks`, or None when the card app is not installed."""
    if not apps.is_installed("sammen.card"):
        return None
    return import_module("sammen.card.hooks")


def takes_card_payment(activity: Activity) -> bool:
    """Whether a sign-up's fee may be paid with the card: the activity says so and has a fee to pay."""
    return bool(activity.accepts_card and activity.signup_fee_ore > 0 and card_hooks() is not None)


def signup_ref(signup: SignUp) -> str:
    """The sign-up's reference stored on the card payment (at most 100 characters)."""
    return f"activities-signup:{signup.pk}"


def pay_key(signup: SignUp) -> str:
    """The idempotency key of a sign-up's payment: derived from the sign-up, so a retry charges once."""
    return f"activities-signup-pay:{signup.pk}"


def refund_key(signup: SignUp) -> str:
    return f"activities-signup-refund:{signup.pk}"


@dataclass(frozen=True)
class CardOption:
    """A child whose card can pay the fee, with what the card can spend today (never where the money came from)."""

    child: Child
    spendable_ore: int


def payment_options(*, guardian: User, activity: Activity) -> list[CardOption]:
    """The guardian's children whose activity card holds enough to pay this activity's sign-up fee."""
    hooks = card_hooks()
    if hooks is None or not takes_card_payment(activity) or not guardian.is_authenticated:
        return []
    options = hooks.card_payment_options(guardian=guardian, organisation=activity.organisation)
    return [
        CardOption(child=option.child, spendable_ore=option.spendable_ore)
        for option in options
        if option.spendable_ore >= activity.signup_fee_ore
    ]


def decline_message(code: str, *, name: str) -> str:
    """A clear message for a card's 'no', for the guardian (the door page has its own for the provider's staff)."""
    messages: dict[str, Any] = {
        "insufficient_funds": _("There is not enough money on %(name)s's activity card to pay the fee."),
        "category_not_allowed": _("The activity card may not pay this kind of fee."),
        "card_blocked": _("%(name)s's activity card is blocked. Order a new card, then try again."),
        "provider_inactive": _("The organiser does not accept the activity card at the moment."),
    }
    text = messages.get(code, _("The activity card could not pay the fee."))
    return str(text) % {"name": name}
