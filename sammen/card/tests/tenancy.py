"""How the tenancy crawler makes card records for the URL kwargs of the card's pages and API."""

import datetime

from sammen.card import money
from sammen.card.models import Card, Enrolment, GrantRound, Offer, Provider, Redemption, TopUp, TopUpLink
from sammen.core.testing import TenantKwarg, make_user

from .factories import key, make_enrolment, make_offer, make_provider, make_scheme


def _provider(municipality, built):
    return built.get("provider_id") or make_provider(make_scheme(municipality))


def _enrolment(municipality, built):
    return make_enrolment(make_scheme(municipality))


def _card(municipality, built):
    return _enrolment(municipality, built).cards.get()


def _round(municipality, built):
    scheme = make_scheme(municipality)
    admin = make_user(is_superuser=True)
    today = datetime.date.today()
    return money.grant_round_create(
        actor=admin, scheme=scheme, name=f"Runde {key()[:6]}", amount_ore=1000, valid_from=today, expires_on=today
    )


def _link(municipality, built):
    enrolment = _enrolment(municipality, built)
    return TopUpLink.objects.create(enrolment=enrolment, token=key())


def _topup(municipality, built):
    enrolment = _enrolment(municipality, built)
    topup, _url = money.topup_start(
        payer=None,
        enrolment=enrolment,
        amount_ore=10000,
        payer_name="",
        payer_email="",
        message="",
        return_url_for=lambda r: "/",
    )
    return topup


def _offer(municipality, built):
    return make_offer(_provider(municipality, built))


def _redemption(municipality, built):
    provider = _provider(municipality, built)
    offer = make_offer(provider, kind="free_pass", quota=5, price_ore=0)
    enrolment = make_enrolment(provider.scheme)
    staff = make_user(is_superuser=True)
    from sammen.organisations.models import MembershipRole, OrganisationMembership

    OrganisationMembership.objects.create(
        organisation=provider.organisation, user=staff, role=MembershipRole.PROVIDER_STAFF
    )
    outcome = money.redeem(
        actor=staff, provider=provider, card=enrolment.cards.get(), offer=offer, idempotency_key=key()
    )
    return Redemption.objects.get(pk=outcome.result["redemption"])


URL_KWARGS = {
    "card_id": TenantKwarg(Card, "pk", _card),
    "token": TenantKwarg(TopUpLink, "token", _link),
    "reference": TenantKwarg(TopUp, "provider_reference", _topup),
    "provider_id": TenantKwarg(Provider, "pk", _provider),
    "offer_id": TenantKwarg(Offer, "pk", _offer),
    "redemption_id": TenantKwarg(Redemption, "pk", _redemption),
    "round_id": TenantKwarg(GrantRound, "pk", _round),
    "enrolment_id": TenantKwarg(Enrolment, "pk", _enrolment),
}
