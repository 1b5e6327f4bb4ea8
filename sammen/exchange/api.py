"""REST API for the volunteer exchange: offers, needs and agreements.

Reads of offers and needs are open (actors-only ones need a login or token); agreements need a login or token and
show only what the caller may see. Writes call the same services as the pages; an agreement carries an
idempotency key, so a client that retries gets the same agreement back (200 instead of 201).
"""

import datetime
import uuid
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from sammen.accounts.api_auth import ApiTokenAuth, staff_auth
from sammen.places.models import Neighbourhood
from sammen.places.tenancy import get_municipality_or_404

from . import selectors, services
from .models import Actor, Agreement, ExchangeEvent, Listing, Side, weekday_list

router = Router(tags=["exchange"])


def _anyone(request: HttpRequest) -> Any:
    """Lets anonymous callers through on open endpoints; a token or session, when given, is still used."""
    return getattr(request, "user", None) or AnonymousUser()


open_auth = [ApiTokenAuth(), _anyone]


class ListingOut(Schema):
    id: int
    side: str
    category: str
    title: str
    description: str
    quantity: int | None
    unit: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    weekdays: list[int]
    neighbourhood: str | None
    actor: str
    actor_kind: str
    tags: list[str]
    visibility: str
    event_id: int | None
    url: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_weekdays(obj: Listing) -> list[int]:
        return weekday_list(obj.weekdays)

    @staticmethod
    def resolve_neighbourhood(obj: Listing) -> str | None:
        return obj.neighbourhood.slug if obj.neighbourhood else None

    @staticmethod
    def resolve_actor(obj: Listing) -> str:
        return obj.actor.name

    @staticmethod
    def resolve_actor_kind(obj: Listing) -> str:
        return obj.actor.kind

    @staticmethod
    def resolve_tags(obj: Listing) -> list[str]:
        return [t.name for t in obj.tags.all()]

    @staticmethod
    def resolve_url(obj: Listing) -> str:
        return obj.get_absolute_url()


class ListingIn(Schema):
    actor_id: int
    category: str
    title: str
    description: str = ""
    quantity: int | None = Field(default=None, ge=0)
    unit: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    weekdays: list[int] = Field(default_factory=list)
    neighbourhood: str | None = None
    visibility: str = "public"
    tags: list[str] = Field(default_factory=list)
    event_id: int | None = None


class ListingFilters(Schema):
    q: str = ""
    category: str = ""
    neighbourhood: str = ""
    tag: str = ""


class PartyOut(Schema):
    id: int
    name: str
    kind: str


class AgreementOut(Schema):
    id: int
    reference: str
    event_id: int | None
    party_a: PartyOut
    party_a_gives: str
    party_b: PartyOut
    party_b_gives: str
    category: str
    status: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    created_at: datetime.datetime


class AgreementIn(Schema):
    idempotency_key: uuid.UUID
    party_a_id: int
    party_b_id: int
    party_a_gives: str
    party_b_gives: str = ""
    category: str
    event_id: int | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    note: str = ""


def _listings(request: HttpRequest, municipality_slug: str, side: str, filters: ListingFilters) -> Any:
    municipality = get_municipality_or_404(municipality_slug)
    neighbourhood = None
    if filters.neighbourhood:
        neighbourhood = get_object_or_404(Neighbourhood, municipality=municipality, slug=filters.neighbourhood)
    look = selectors.viewer_for(municipality=municipality, user=request.user)
    return selectors.listing_search(
        municipality=municipality,
        viewer=look,
        side=side,
        query=filters.q,
        category=filters.category,
        neighbourhood=neighbourhood,
        tag=filters.tag,
    )


@router.get("/municipalities/{municipality_slug}/offers", response=list[ListingOut], auth=open_auth)
@paginate(LimitOffsetPagination)
def offers(request: HttpRequest, municipality_slug: str, filters: Query[ListingFilters]) -> Any:
    return _listings(request, municipality_slug, Side.OFFER, filters)


@router.get("/municipalities/{municipality_slug}/needs", response=list[ListingOut], auth=open_auth)
@paginate(LimitOffsetPagination)
def needs(request: HttpRequest, municipality_slug: str, filters: Query[ListingFilters]) -> Any:
    return _listings(request, municipality_slug, Side.NEED, filters)


def _create_listing(request: HttpRequest, municipality_slug: str, side: str, payload: ListingIn) -> Any:
    municipality = get_municipality_or_404(municipality_slug)
    data = payload.dict()
    actor = get_object_or_404(Actor, municipality=municipality, pk=data.pop("actor_id"))
    neighbourhood_slug = data.pop("neighbourhood")
    event_id = data.pop("event_id")
    data["neighbourhood"] = (
        get_object_or_404(Neighbourhood, municipality=municipality, slug=neighbourhood_slug)
        if neighbourhood_slug
        else None
    )
    data["event"] = get_object_or_404(ExchangeEvent, municipality=municipality, pk=event_id) if event_id else None
    listing = services.listing_create(user=request.user, actor=actor, side=side, **data)  # type: ignore[arg-type]
    return Status(201, listing)


@router.post("/municipalities/{municipality_slug}/offers", response={201: ListingOut}, auth=staff_auth)
def offer_create(request: HttpRequest, municipality_slug: str, payload: ListingIn) -> Any:
    return _create_listing(request, municipality_slug, Side.OFFER, payload)


@router.post("/municipalities/{municipality_slug}/needs", response={201: ListingOut}, auth=staff_auth)
def need_create(request: HttpRequest, municipality_slug: str, payload: ListingIn) -> Any:
    return _create_listing(request, municipality_slug, Side.NEED, payload)


@router.get("/municipalities/{municipality_slug}/agreements", response=list[AgreementOut], auth=staff_auth)
@paginate(LimitOffsetPagination)
def agreements(request: HttpRequest, municipality_slug: str, event_id: int | None = None, status: str = "") -> Any:
    municipality = get_municipality_or_404(municipality_slug)
    event = get_object_or_404(ExchangeEvent, municipality=municipality, pk=event_id) if event_id else None
    look = selectors.viewer_for(municipality=municipality, user=request.user)
    return selectors.agreement_list(municipality=municipality, viewer=look, status=status, event=event)


@router.post(
    "/municipalities/{municipality_slug}/agreements",
    response={200: AgreementOut, 201: AgreementOut},
    auth=staff_auth,
)
def agreement_create(request: HttpRequest, municipality_slug: str, payload: AgreementIn) -> Any:
    municipality = get_municipality_or_404(municipality_slug)
    data = payload.dict()
    party_a = get_object_or_404(Actor, municipality=municipality, pk=data.pop("party_a_id"))
    party_b = get_object_or_404(Actor, municipality=municipality, pk=data.pop("party_b_id"))
    event_id = data.pop("event_id")
    event = get_object_or_404(ExchangeEvent, municipality=municipality, pk=event_id) if event_id else None
    result = services.agreement_register(
        user=request.user,  # type: ignore[arg-type]
        municipality=municipality,
        party_a=party_a,
        party_b=party_b,
        event=event,
        **data,
    )
    agreement = Agreement.objects.select_related("party_a__organisation", "party_b__organisation").get(
        pk=result.agreement.pk
    )
    return Status(201 if result.created else 200, agreement)
