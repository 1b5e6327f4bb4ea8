"""Reads of municipalities, neighbourhoods and venues. Every selector takes the municipality explicitly."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Municipality, Neighbourhood, Venue


def municipality_list_public() -> QuerySet[Municipality]:
    return Municipality.objects.filter(is_active=True).order_by("name")


def neighbourhood_list(*, municipality: Municipality, include_inactive: bool = False) -> QuerySet[Neighbourhood]:
    qs = Neighbourhood.objects.filter(municipality=municipality).select_related("municipality")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("name")


def venue_list(
    *, municipality: Municipality, neighbourhood: Neighbourhood | None = None, include_inactive: bool = False
) -> QuerySet[Venue]:
    qs = Venue.objects.filter(municipality=municipality).select_related("neighbourhood", "municipality")
    if neighbourhood is not None:
        qs = qs.filter(neighbourhood=neighbourhood)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("name")


def venue_get(*, municipality: Municipality, venue_id: int) -> Venue | None:
    return Venue.objects.filter(municipality=municipality, pk=venue_id).select_related("neighbourhood").first()
