"""List pages do not slow down as data grows: their query counts stay the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sammen.card import money
from sammen.core.testing import client_for, make_user

from .factories import (
    active_card,
    fund_directly,
    key,
    make_child,
    make_enrolment,
    make_offer,
    make_provider,
    make_scheme,
)

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_provider_page_queries_do_not_grow_with_uses(world):
    scheme = make_scheme(world.municipality)
    provider = make_provider(scheme, organisation=world.provider)
    offer = make_offer(provider, price_ore=100)
    staff = world.users["provider"]
    url = reverse(
        "card:provider_home", kwargs={"municipality_slug": world.municipality.slug, "provider_id": provider.pk}
    )
    client = client_for(staff)

    def use(n):
        for _ in range(n):
            holder = make_enrolment(scheme)
            fund_directly(holder, 5_000)
            money.redeem(actor=staff, provider=provider, card=active_card(holder), offer=offer, idempotency_key=key())

    use(2)
    few = _count(client, url)
    use(10)
    assert _count(client, url) == few


def test_card_home_queries_do_not_grow_with_children(world):
    scheme = make_scheme(world.municipality)
    guardian = make_user()
    url = reverse("card:home", kwargs={"municipality_slug": world.municipality.slug})
    client = client_for(guardian)
    from sammen.card import services

    services.enrol(guardian=guardian, scheme=scheme, child=make_child(world.municipality, guardian), neighbourhood=None)
    one = _count(client, url)
    for _ in range(4):
        services.enrol(
            guardian=guardian, scheme=scheme, child=make_child(world.municipality, guardian), neighbourhood=None
        )
    assert _count(client, url) == one


def test_targeted_grant_list_queries_do_not_grow(world):
    import datetime

    scheme = make_scheme(world.municipality)
    caseworker = world.users["caseworker"]
    url = reverse("card:staff_targeted", kwargs={"municipality_slug": world.municipality.slug})
    client = client_for(caseworker)

    def decide(n):
        for _ in range(n):
            money.targeted_grant_decide(
                actor=caseworker,
                enrolment=make_enrolment(scheme),
                amount_ore=1_000,
                reason="Vedtak",
                valid_from=datetime.date.today(),
                expires_on=None,
                idempotency_key=key(),
            )

    decide(1)
    few = _count(client, url)
    decide(6)
    assert _count(client, url) == few
