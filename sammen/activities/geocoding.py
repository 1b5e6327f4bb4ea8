"""Turning a typed place ("Borgen", "Skoleveien 3", "1383") into coordinates without calling an outside service.

The geocoder is pluggable (setting SAMMEN_GEOCODER, a dotted path to a class with `locate`). The default,
offline one looks in the municipality's own neighbourhoods and venues: their names, street addresses and
postcodes. A municipality that wants full address search can plug in its own (e.g. Kartverket's address API).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from sammen.places.models import COUNTRY_BOUNDS, Municipality, Neighbourhood, Venue


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    label: str


class Geocoder(Protocol):
    def locate(self, *, municipality: Municipality, text: str) -> Location | None: ...


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return " ".join(text.replace(",", " ").split())


class OfflineGeocoder:
    """Neighbourhood names first, then venue names, street addresses and postcodes (their venues' centre)."""

    def locate(self, *, municipality: Municipality, text: str) -> Location | None:
        wanted = _norm(text)
        if not wanted:
            return None
        neighbourhoods = Neighbourhood.objects.filter(
            municipality=municipality, is_active=True, latitude__isnull=False
        ).only("name", "latitude", "longitude")
        for exact in (True, False):
            for n in neighbourhoods:
                name = _norm(n.name)
                if name == wanted if exact else name.startswith(wanted):
                    return Location(float(n.latitude), float(n.longitude), n.name)  # type: ignore[arg-type]
        venues = list(
            Venue.objects.filter(municipality=municipality, is_active=True, latitude__isnull=False).only(
                "name", "street_address", "postal_code", "latitude", "longitude"
            )
        )
        if wanted.isdigit() and len(wanted) == 4:
            points = [(float(v.latitude or 0), float(v.longitude or 0)) for v in venues if v.postal_code == wanted]
            if points:
                return Location(
                    sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points), wanted
                )
        for exact in (True, False):
            for v in venues:
                for candidate in (_norm(v.name), _norm(v.street_address)):
                    if candidate and (candidate == wanted if exact else candidate.startswith(wanted)):
                        return Location(float(v.latitude), float(v.longitude), v.name)  # type: ignore[arg-type]
        return None


@cache
def _geocoder_class(path: str) -> type:
    return import_string(path)  # type: ignore[no-any-return]


def get_geocoder() -> Geocoder:
    path = getattr(settings, "SAMMEN_GEOCODER", "sammen.activities.geocoding.OfflineGeocoder")
    return _geocoder_class(path)()  # type: ignore[no-any-return]


def inside_country(latitude: float, longitude: float, country: str) -> bool:
    lat_min, lat_max, lon_min, lon_max = COUNTRY_BOUNDS[country]
    return float(lat_min) <= latitude <= float(lat_max) and float(lon_min) <= longitude <= float(lon_max)


KM_PER_DEGREE = 111.195


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
