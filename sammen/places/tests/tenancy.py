"""URL kwargs of the places app, for the tenancy crawler (sammen/core/tests/test_tenancy.py)."""

from sammen.core.testing import TenantKwarg, make_neighbourhood, make_venue
from sammen.places.models import Neighbourhood, Venue

URL_KWARGS = {
    "neighbourhood_slug": TenantKwarg(Neighbourhood, "slug", lambda m, built: make_neighbourhood(m)),
    "neighbourhood_id": TenantKwarg(Neighbourhood, "pk", lambda m, built: make_neighbourhood(m)),
    "venue_id": TenantKwarg(Venue, "pk", lambda m, built: make_venue(m)),
}
