"""Export and erasure of the card's personal data. The ledger keeps its amounts; it names nobody."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from . import money, selectors
from .models import Enrolment, TopUp
from .services import enrolment_anonymise


def _export(user: User) -> dict[str, Any]:
    cards = []
    for enrolment in Enrolment.objects.filter(child__guardianships__guardian=user, is_anonymised=False).select_related(
        "child", "scheme", "neighbourhood"
    ):
        cards.append(
            {
                "child": str(enrolment.child),
                "scheme": enrolment.scheme.name,
                "neighbourhood": enrolment.neighbourhood.name if enrolment.neighbourhood else None,
                "card_numbers": list(enrolment.cards.values("number", "status")),
                "balance_ore": money.holder_balance(enrolment),
                # What the guardian sees on the card page: source type and amount, never a caseworker's reason.
                "history": [
                    {"time": line.time.isoformat(), "what": line.text, "amount_ore": line.amount_ore}
                    for line in selectors.history_for_guardian(enrolment, limit=10_000)
                ],
            }
        )
    topups = [
        {"time": t.created_at.isoformat(), "amount_ore": t.amount_ore, "status": t.status, "name": t.payer_name}
        for t in TopUp.objects.filter(payer=user)
    ]
    return {"cards": cards, "top_ups_you_paid": topups}


def _erase(user: User) -> None:
    """Anonymise the cards of children only this person is guardian of; forget them as a payer."""
    for enrolment in Enrolment.objects.filter(child__guardianships__guardian=user, is_anonymised=False):
        if enrolment.child.guardianships.exclude(guardian=user).exists():  # type: ignore[union-attr]
            continue  # another guardian still looks after the child and the card
        enrolment_anonymise(enrolment=enrolment)
    TopUp.objects.filter(payer=user).update(payer=None, payer_name="", payer_email="", message="")
    if user.email:
        TopUp.objects.filter(payer_email__iexact=user.email).update(payer_name="", payer_email="", message="")


registry.add_privacy_handler(
    PrivacyHandler(
        key="card",
        description=_(
            "Activity cards of your children (card numbers, balance and history) and top-ups you paid. "
            "On erasure the cards are blocked and anonymised; the amounts stay in the municipality's books."
        ),
        export=_export,
        erase=_erase,
        order=200,
    )
)
