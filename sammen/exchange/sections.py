from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sammen.core.registry import NavLink, Section, StaffLink, registry
from sammen.places.models import Municipality, Neighbourhood

from . import selectors
from .models import Side


def _exchange_section(
    request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None
) -> dict[str, Any] | None:
    look = selectors.Viewer(user=None)  # the landing pages show what everyone may see
    listings = selectors.listing_search(municipality=municipality, viewer=look)
    if neighbourhood is not None:
        listings = listings.filter(Q(neighbourhood=neighbourhood))
    offers = list(listings.filter(side=Side.OFFER)[:3])
    needs = list(listings.filter(side=Side.NEED)[:3])
    event = selectors.event_upcoming(municipality=municipality)
    if neighbourhood is not None and not (offers or needs):
        return None
    return {"offers": offers, "needs": needs, "event": event, "neighbourhood": neighbourhood}


registry.add_nav_link(NavLink(key="exchange", order=80, label=_("Volunteer exchange"), url_name="exchange:home"))
registry.add_section(Section(key="exchange", order=80, template="exchange/section.html", context=_exchange_section))
registry.add_staff_link(
    StaffLink(
        key="exchange.overview",
        order=80,
        label=_("Volunteer exchange"),
        url_name="exchange:staff_overview",
        visible=lambda user, m: user.has_perm("exchange.view_reports", m),
        description=_("Exchange events, agreements to follow up, and volunteer hours by organisation."),
    )
)
