from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sammen.core.registry import NavLink, Section, StaffLink, registry
from sammen.places.models import Municipality, Neighbourhood

from .models import Depot


def _lending_section(
    request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None
) -> dict[str, Any] | None:
    depots = Depot.objects.filter(municipality=municipality, is_active=True).select_related("venue")
    if neighbourhood is not None:
        depots = depots.filter(neighbourhood=neighbourhood)
    found = list(depots.order_by("name")[:6])
    if not found:
        return None
    return {"depots": found, "neighbourhood": neighbourhood}


registry.add_nav_link(NavLink(key="lending", order=60, label=_("Borrow equipment"), url_name="lending:home"))
registry.add_section(Section(key="lending", order=60, template="lending/section.html", context=_lending_section))
registry.add_staff_link(
    StaffLink(
        key="lending",
        order=60,
        label=_("Equipment library"),
        url_name="lending:staff_home",
        visible=lambda user, m: user.has_perm("lending.view_staff_pages", m),
        description=_("Depots, catalogue, the desk, reservations, overdue loans."),
    )
)
registry.add_staff_link(
    StaffLink(
        key="lending.statistics",
        order=61,
        label=_("Equipment library statistics"),
        url_name="lending:staff_statistics",
        visible=lambda user, m: user.has_perm("lending.view_statistics", m),
        description=_("Loans per depot and month, per category and age band, for funders."),
    )
)
