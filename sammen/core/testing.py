"""Test helpers shared by every app: factories for the foundation's records, the role matrix and tenancy checks.

Used only from tests. Module apps add their own factories in their tests/ folder and register URL kwargs for
the tenancy crawler in `tests/tenancy.py` (see `TenantKwarg`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.test import Client

from sammen.accounts.models import Role, RoleAssignment, User
from sammen.organisations.models import MembershipRole, Organisation, OrganisationMembership, OrganisationStatus
from sammen.places.models import Municipality, Neighbourhood, Venue

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def make_municipality(**fields: Any) -> Municipality:
    slug = fields.pop("slug", unique("kommune"))
    defaults = {"name": f"{slug.title()} kommune", "country": "NO"}
    defaults.update(fields)
    return Municipality.objects.create(slug=slug, **defaults)


def make_neighbourhood(municipality: Municipality, **fields: Any) -> Neighbourhood:
    slug = fields.pop("slug", unique("nabolag"))
    defaults = {"name": slug.replace("-", " ").title()}
    defaults.update(fields)
    return Neighbourhood.objects.create(municipality=municipality, slug=slug, **defaults)


def make_venue(municipality: Municipality, **fields: Any) -> Venue:
    defaults: dict[str, Any] = {"name": unique("Huset")}
    defaults.update(fields)
    return Venue.objects.create(municipality=municipality, **defaults)


def make_user(email: str | None = None, *, verified: bool = True, **fields: Any) -> User:
    """A user whose e-mail is confirmed (so allauth lets them log in) with the test password."""
    from allauth.account.models import EmailAddress

    email = email or f"{unique('person')}@example.com"
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def grant(user: User, municipality: Municipality, role: str, neighbourhood: Neighbourhood | None = None) -> User:
    RoleAssignment.objects.create(user=user, municipality=municipality, role=role, neighbourhood=neighbourhood)
    return user


def make_organisation(
    municipality: Municipality, *, status: str = OrganisationStatus.APPROVED, **fields: Any
) -> Organisation:
    defaults: dict[str, Any] = {"name": unique("Laget"), "kind": "sports_club"}
    defaults.update(fields)
    return Organisation.objects.create(municipality=municipality, status=status, **defaults)


def add_member(organisation: Organisation, user: User, role: str = MembershipRole.REPRESENTATIVE) -> User:
    OrganisationMembership.objects.create(organisation=organisation, user=user, role=role)
    return user


@dataclass
class World:
    """Two municipalities with one person for every role, the standard setting for permission tests."""

    municipality: Municipality
    neighbourhood: Neighbourhood
    other_neighbourhood: Neighbourhood
    other_municipality: Municipality
    foreign_neighbourhood: Neighbourhood
    organisation: Organisation
    provider: Organisation
    users: dict[str, User | None]


ROLE_NAMES = (
    "anonymous",
    "citizen",
    "organisation_representative",
    "provider",
    "coordinator",
    "caseworker",
    "municipality_admin",
    "other_municipality_admin",
    "platform_admin",
)


def make_world() -> World:
    municipality = make_municipality(slug="testvik", name="Testvik kommune")
    neighbourhood = make_neighbourhood(municipality, slug="sentrum", name="Sentrum")
    other_neighbourhood = make_neighbourhood(municipality, slug="nordby", name="Nordby")
    other_municipality = make_municipality(slug="andeby", name="Andeby kommune")
    foreign_neighbourhood = make_neighbourhood(other_municipality, slug="havna", name="Havna")
    organisation = make_organisation(municipality, name="Testvik IL")
    provider = make_organisation(municipality, name="Testvik bad", kind="municipal_unit")
    users: dict[str, User | None] = {"anonymous": None}
    users["citizen"] = make_user("citizen@example.com")
    users["organisation_representative"] = add_member(organisation, make_user("rep@example.com"))
    users["provider"] = add_member(provider, make_user("provider@example.com"), MembershipRole.PROVIDER_STAFF)
    users["coordinator"] = grant(make_user("coordinator@example.com"), municipality, Role.COORDINATOR, neighbourhood)
    users["caseworker"] = grant(make_user("caseworker@example.com"), municipality, Role.CASEWORKER)
    users["municipality_admin"] = grant(make_user("admin@example.com"), municipality, Role.MUNICIPALITY_ADMIN)
    users["other_municipality_admin"] = grant(
        make_user("other-admin@example.com"), other_municipality, Role.MUNICIPALITY_ADMIN
    )
    users["platform_admin"] = make_user("platform@example.com", is_superuser=True, is_staff=True)
    return World(
        municipality=municipality,
        neighbourhood=neighbourhood,
        other_neighbourhood=other_neighbourhood,
        other_municipality=other_municipality,
        foreign_neighbourhood=foreign_neighbourhood,
        organisation=organisation,
        provider=provider,
        users=users,
    )


def client_for(user: User | None, language: str | None = None) -> Client:
    """A test client logged in as `user`; `language` sets the language cookie (it wins over the account's)."""
    from django.conf import settings

    client = Client()
    if user is not None:
        client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


# What a role may get back: "ok" 200, "login" a redirect to the login page, "deny" 403, "missing" 404.
OUTCOMES = {"ok": {200}, "login": {302}, "deny": {403}, "missing": {404}, "redirect": {302}}


def assert_matrix(world: World, matrix: Mapping[str, Mapping[str, str]], urls: Mapping[str, str]) -> None:
    """Check a role × view matrix: matrix[view][role] is an outcome name, urls[view] the address to GET.

    Every role in ROLE_NAMES must be given for every view, so nobody forgets one.
    """
    failures = []
    for view, expected_by_role in matrix.items():
        missing = set(ROLE_NAMES) - set(expected_by_role)
        assert not missing, f"{view}: no expectation for {sorted(missing)}"
        for role in ROLE_NAMES:
            expected = expected_by_role[role]
            response = client_for(world.users[role]).get(urls[view])
            if response.status_code not in OUTCOMES[expected]:
                failures.append(f"{view} as {role}: expected {expected}, got {response.status_code}")
            elif expected == "login" and "/accounts/login/" not in response["Location"]:
                failures.append(f"{view} as {role}: redirected to {response['Location']}, not the login page")
    assert not failures, "\n".join(failures)


@dataclass(frozen=True)
class TenantKwarg:
    """How the tenancy crawler fills a URL kwarg: the model it names, the field, and a factory for a record."""

    model: type[models.Model]
    field: str
    # Called with the municipality and the records already made for the same URL (by kwarg name).
    factory: Callable[[Municipality, dict[str, models.Model]], models.Model]


def row_fingerprint(models_to_watch: Iterable[type[models.Model]]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the given models as tuples, to prove that a refused request changed nothing."""
    return {
        model._meta.label: sorted(
            (tuple(str(v) for v in row) for row in model._default_manager.values_list()),
        )
        for model in models_to_watch
    }
