"""Writes to municipalities, neighbourhoods and venues: authorise, validate, save and audit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied

from sammen.accounts.models import User
from sammen.core.services import model_create, model_update

from .models import Municipality, Neighbourhood, Venue

MUNICIPALITY_EDITABLE = (
    "name",
    "intro",
    "contact_email",
    "privacy_controller",
    "privacy_contact",
    "privacy_text",
    "accessibility_contact",
    "default_language",
)
NEIGHBOURHOOD_EDITABLE = ("name", "slug", "description", "population", "latitude", "longitude", "is_active")
VENUE_EDITABLE = (
    "name",
    "neighbourhood",
    "street_address",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "description",
    "is_step_free",
    "has_accessible_toilet",
    "has_hearing_loop",
    "is_active",
)


def _only(changes: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return changes


def municipality_update(*, actor: User, municipality: Municipality, **changes: Any) -> Municipality:
    if not actor.has_perm("places.change_municipality", municipality):
        raise PermissionDenied
    return model_update(
        actor=actor,
        municipality=municipality,
        instance=municipality,
        changes=_only(changes, MUNICIPALITY_EDITABLE),
        action="places.municipality.update",
    )


def neighbourhood_create(
    *,
    actor: User,
    municipality: Municipality,
    name: str,
    slug: str,
    description: str = "",
    population: int | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    is_active: bool = True,
) -> Neighbourhood:
    if not actor.has_perm("places.manage_neighbourhoods", municipality):
        raise PermissionDenied
    neighbourhood = Neighbourhood(
        municipality=municipality,
        name=name,
        slug=slug,
        description=description,
        population=population,
        latitude=latitude,
        longitude=longitude,
        is_active=is_active,
    )
    return model_create(
        actor=actor, municipality=municipality, instance=neighbourhood, action="places.neighbourhood.create"
    )


def neighbourhood_update(*, actor: User, neighbourhood: Neighbourhood, **changes: Any) -> Neighbourhood:
    if not actor.has_perm("places.change_neighbourhood", neighbourhood):
        raise PermissionDenied
    # Renaming, moving the address or closing a neighbourhood is for administrators; coordinators describe it.
    if {"name", "slug", "is_active"} & set(changes) and not actor.has_perm(
        "places.manage_neighbourhoods", neighbourhood.municipality
    ):
        changes = {k: v for k, v in changes.items() if k not in {"name", "slug", "is_active"}}
    return model_update(
        actor=actor,
        municipality=neighbourhood.municipality,
        instance=neighbourhood,
        changes=_only(changes, NEIGHBOURHOOD_EDITABLE),
        action="places.neighbourhood.update",
    )


def venue_create(*, actor: User, municipality: Municipality, **fields: Any) -> Venue:
    if not actor.has_perm("places.manage_venues", municipality):
        raise PermissionDenied
    venue = Venue(municipality=municipality, **_only(fields, VENUE_EDITABLE))
    return model_create(actor=actor, municipality=municipality, instance=venue, action="places.venue.create")


def venue_update(*, actor: User, venue: Venue, **changes: Any) -> Venue:
    if not actor.has_perm("places.manage_venues", venue.municipality):
        raise PermissionDenied
    return model_update(
        actor=actor,
        municipality=venue.municipality,
        instance=venue,
        changes=_only(changes, VENUE_EDITABLE),
        action="places.venue.update",
    )
