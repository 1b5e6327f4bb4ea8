"""Records for the card's tests: a scheme with a provider, enrolled children, and money on their cards."""

from __future__ import annotations

import datetime
import itertools
import uuid

from sammen.accounts.models import Child, Guardianship, Role
from sammen.card import ledger, money, services
from sammen.card.models import Enrolment, GrantRound, Offer, OfferKind, Provider, Scheme
from sammen.core.testing import add_member, grant, make_organisation, make_user
from sammen.organisations.models import MembershipRole

_n = itertools.count(1)


def key() -> str:
    return uuid.uuid4().hex


def make_admin(municipality):
    return grant(make_user(), municipality, Role.MUNICIPALITY_ADMIN)


def make_scheme(municipality, **fields) -> Scheme:
    existing = Scheme.objects.filter(municipality=municipality).first()
    if existing:
        return existing
    fields.setdefault("name", "Aktivitetskortet")
    return services.scheme_create(actor=make_admin(municipality), municipality=municipality, **fields)


def make_provider(scheme: Scheme, organisation=None, staff=None) -> Provider:
    organisation = organisation or make_organisation(scheme.municipality, kind="municipal_unit")
    provider = Provider.objects.filter(scheme=scheme, organisation=organisation).first()
    if provider is None:
        provider = services.provider_add(
            actor=make_admin(scheme.municipality), scheme=scheme, organisation=organisation
        )
    if staff is not None:
        add_member(organisation, staff, MembershipRole.PROVIDER_STAFF)
    return provider


def make_offer(provider: Provider, **fields) -> Offer:
    fields.setdefault("title", f"Inngang {next(_n)}")
    fields.setdefault("kind", OfferKind.PRICE)
    fields.setdefault("category", "entry")
    if fields["kind"] == OfferKind.PRICE:
        fields.setdefault("price_ore", 6000)
    return services.offer_create(actor=make_admin(provider.municipality), provider=provider, **fields)


def make_child(municipality, guardian=None, *, age: int = 10, name: str | None = None) -> Child:
    guardian = guardian or make_user()
    today = datetime.date.today()
    born = datetime.date(today.year - age, 1, 1) if today >= datetime.date(today.year, 1, 1) else today
    child = Child.objects.create(
        municipality=municipality, given_name=name or f"Barn{next(_n)}", family_name="Test", birth_date=born
    )
    Guardianship.objects.create(guardian=guardian, child=child)
    return child


def make_enrolment(scheme: Scheme, *, guardian=None, age: int = 10, neighbourhood=None, name=None) -> Enrolment:
    guardian = guardian or make_user()
    child = make_child(scheme.municipality, guardian, age=age, name=name)
    return services.enrol(guardian=guardian, scheme=scheme, child=child, neighbourhood=neighbourhood)


def give_grant(enrolment: Enrolment, amount_ore: int, *, expires_on=None, name=None) -> GrantRound:
    """A grant round only for this test (issued to every eligible holder without one)."""
    today = datetime.date.today()
    grant_round = money.grant_round_create(
        actor=make_admin(enrolment.municipality),
        scheme=enrolment.scheme,
        name=name or f"Runde {next(_n)}",
        amount_ore=amount_ore,
        valid_from=today - datetime.timedelta(days=1),
        expires_on=expires_on or today + datetime.timedelta(days=180),
    )
    money.grant_round_issue(actor=None, grant_round=grant_round, idempotency_key=key())
    return grant_round


def fund_directly(enrolment: Enrolment, amount_ore: int) -> None:
    """A top-up as if paid through the fake provider, without the web round trip."""
    from sammen.card.payments import FakePaymentProvider

    topup, _url = money.topup_start(
        payer=None,
        enrolment=enrolment,
        amount_ore=amount_ore,
        payer_name="Bestemor",
        payer_email="",
        message="",
        return_url_for=lambda t: "/",
    )
    FakePaymentProvider().decide(topup.provider_reference, approve=True)
    money.topup_confirm(topup=topup)


def active_card(enrolment: Enrolment):
    return enrolment.cards.get(status="active")


def books_balance() -> bool:
    return ledger.reconcile().balanced
