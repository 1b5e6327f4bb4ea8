"""Run by test_reliability in a separate process: a redemption that stops dead inside its transaction.

It posts the ledger entries, says "inside" on stdout, then waits to be killed with SIGKILL before it can commit.
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from sammen.accounts.models import User  # noqa: E402
from sammen.card import money  # noqa: E402
from sammen.card.models import Card, Offer, Provider, Redemption  # noqa: E402


def main() -> None:
    provider_id, card_id, offer_id, staff_id, key = sys.argv[1:6]
    provider = Provider.objects.get(pk=provider_id)
    card = Card.objects.get(pk=card_id)
    offer = Offer.objects.get(pk=offer_id)
    staff = User.objects.get(pk=staff_id)

    def stall(**kwargs):
        print("inside", flush=True)
        time.sleep(600)

    Redemption.objects.create = stall  # type: ignore[method-assign]
    money.redeem(actor=staff, provider=provider, card=card, offer=offer, idempotency_key=key)


if __name__ == "__main__":
    main()
