"""The role × view matrix for the card's pages."""

import pytest
from django.urls import reverse

from sammen.core.testing import ROLE_NAMES, assert_matrix

from .factories import make_enrolment, make_offer, make_provider, make_scheme

pytestmark = pytest.mark.django_db


def row(anonymous="login", default="deny", **roles):
    result = dict.fromkeys(ROLE_NAMES, default)
    result["anonymous"] = anonymous
    result.update(roles)
    return result


def test_role_view_matrix(world):
    m = world.municipality
    scheme = make_scheme(m)
    provider = make_provider(scheme, organisation=world.provider)
    offer = make_offer(provider)
    enrolment = make_enrolment(scheme)
    card = enrolment.cards.get()

    def u(name, **kwargs):
        return reverse(f"card:{name}", kwargs={"municipality_slug": m.slug, **kwargs})

    urls = {
        "card home": u("home"),
        "enrol": u("enrol"),
        "someone else's card": u("card_detail", card_id=card.pk),
        "door": u("door", provider_id=provider.pk),
        "provider page": u("provider_home", provider_id=provider.pk),
        "new offer": u("offer_create", provider_id=provider.pk),
        "edit offer": u("offer_edit", provider_id=provider.pk, offer_id=offer.pk),
        "staff home": u("staff_home"),
        "scheme rules": u("staff_scheme"),
        "providers": u("staff_providers"),
        "grant rounds": u("staff_grants"),
        "targeted grants": u("staff_targeted"),
        "targeted grant form": u("staff_targeted_new", enrolment_id=enrolment.pk),
        "settlement": u("staff_settlement"),
        "reports": u("staff_reports"),
    }
    admins = {"municipality_admin": "ok", "platform_admin": "ok"}
    logged_in = dict.fromkeys(ROLE_NAMES, "ok") | {"anonymous": "login"}
    matrix = {
        "card home": dict.fromkeys(ROLE_NAMES, "ok"),
        "enrol": logged_in,
        "someone else's card": row(default="missing"),
        "door": row(provider="ok", platform_admin="ok"),  # the platform admin holds every permission
        "provider page": row(provider="ok", **admins),
        "new offer": row(**admins),
        "edit offer": row(**admins),
        "staff home": row(caseworker="ok", **admins),
        "scheme rules": row(**admins),
        "providers": row(**admins),
        "grant rounds": row(**admins),
        "targeted grants": row(caseworker="ok", **admins),
        "targeted grant form": row(caseworker="ok", **admins),
        "settlement": row(**admins),
        "reports": row(coordinator="ok", **admins),
    }
    assert_matrix(world, matrix, urls)
