"""Public read endpoints for municipalities, neighbourhoods and venues; staff write endpoints for venues."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from sammen.accounts.api_auth import staff_auth

from . import selectors, services
from .models import Venue
from .tenancy import get_municipality_or_404

router = Router(tags=["places"])


class MunicipalityOut(Schema):
    slug: str
    name: str
    country: str
    code: str
    url: str

    @staticmethod
    def resolve_url(obj: object) -> str:
        return obj.get_absolute_url()  # type: ignore[attr-defined]


class NeighbourhoodOut(Schema):
    slug: str
    name: str
    description: str
    population: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    url: str

    @staticmethod
    def resolve_url(obj: object) -> str:
        return obj.get_absolute_url()  # type: ignore[attr-defined]


class VenueOut(Schema):
    id: int
    name: str
    neighbourhood: str | None
    street_address: str
    postal_code: str
    city: str
    latitude: Decimal | None
    longitude: Decimal | None
    is_step_free: bool
    has_accessible_toilet: bool
    has_hearing_loop: bool

    @staticmethod
    def resolve_neighbourhood(obj: Venue) -> str | None:
        return obj.neighbourhood.slug if obj.neighbourhood else None


class VenueIn(Schema):
    name: str
    neighbourhood: str | None = None
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    description: str = ""
    is_step_free: bool = False
    has_accessible_toilet: bool = False
    has_hearing_loop: bool = False


@router.get("/municipalities", response=list[MunicipalityOut])
def municipalities(request: HttpRequest) -> object:
    return selectors.municipality_list_public()


@router.get("/municipalities/{municipality_slug}/neighbourhoods", response=list[NeighbourhoodOut])
def neighbourhoods(request: HttpRequest, municipality_slug: str) -> object:
    municipality = get_municipality_or_404(municipality_slug)
    return selectors.neighbourhood_list(municipality=municipality)


@router.get("/municipalities/{municipality_slug}/venues", response=list[VenueOut])
def venues(request: HttpRequest, municipality_slug: str) -> object:
    municipality = get_municipality_or_404(municipality_slug)
    return selectors.venue_list(municipality=municipality)


@router.post("/municipalities/{municipality_slug}/venues", response={201: VenueOut}, auth=staff_auth)
def venue_create(request: HttpRequest, municipality_slug: str, payload: VenueIn) -> object:
    municipality = get_municipality_or_404(municipality_slug)
    data = payload.dict()
    neighbourhood_slug = data.pop("neighbourhood")
    neighbourhood = None
    if neighbourhood_slug:
        neighbourhood = get_object_or_404(municipality.neighbourhoods, slug=neighbourhood_slug)
    venue = services.venue_create(actor=request.user, municipality=municipality, neighbourhood=neighbourhood, **data)  # type: ignore[arg-type]
    return Status(201, venue)
