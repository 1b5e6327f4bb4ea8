"""Payment providers for top-ups, behind one small interface.

The platform starts a payment (the provider gives back a reference and a page to send the payer to), and
learns the result from the provider (a callback or the payer's return), always asking the provider for the
status rather than trusting the browser. `FakePaymentProvider` is a working local provider with its own
approve/decline page, for the demo and the tests. Real providers to add behind the same interface: Vipps
MobilePay (ePayment API) and a card acquirer such as Nets Easy, Stripe or Adyen (see docs/card.md).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PaymentStart:
    redirect_url: str


class PaymentProvider(Protocol):
    key: str

    def start(
        self, *, reference: str, municipality_slug: str, amount_ore: int, description: str, return_url: str
    ) -> PaymentStart:
        """Create a payment under our reference at the provider and say where to send the payer."""
        ...

    def status(self, reference: str) -> str:
        """Ask the provider: 'captured', 'pending' or 'failed'."""
        ...


class FakePaymentProvider:
    """Pretends to be a payment provider: its 'bank page' is served by sammen (card:fake_payment).

    Its state lives in the cache, as a real provider's would live on the provider's side.
    """

    key = "fake"

    def _cache_key(self, reference: str) -> str:
        return f"card:fakepay:{reference}"

    def start(
        self, *, reference: str, municipality_slug: str, amount_ore: int, description: str, return_url: str
    ) -> PaymentStart:
        cache.set(
            self._cache_key(reference),
            {"status": "pending", "amount_ore": amount_ore, "description": description, "return_url": return_url},
            timeout=24 * 3600,
        )
        url = reverse("card:fake_payment", kwargs={"municipality_slug": municipality_slug, "reference": reference})
        return PaymentStart(redirect_url=url)

    def details(self, reference: str) -> dict | None:
        return cache.get(self._cache_key(reference))

    def decide(self, reference: str, *, approve: bool) -> None:
        data = self.details(reference)
        if data is None or data["status"] != "pending":
            return
        data["status"] = "captured" if approve else "failed"
        cache.set(self._cache_key(reference), data, timeout=24 * 3600)

    def status(self, reference: str) -> str:
        data = self.details(reference)
        return "failed" if data is None else str(data["status"])


def get_payment_provider() -> PaymentProvider:
    path = getattr(settings, "SAMMEN_CARD_PAYMENT_PROVIDER", "sammen.card.payments.FakePaymentProvider")
    provider: PaymentProvider = import_string(path)()
    return provider


def new_reference() -> str:
    """Our reference for a payment: random, so the return page cannot be found by guessing."""
    return f"top_{secrets.token_urlsafe(18)}"
