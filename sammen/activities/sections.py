from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sammen.core.registry import NavLink, Section, StaffLink, registry
from sammen.places.models import Municipality, Neighbourhood

from . import selectors


def _activities_section(
    request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None
) -> dict[str, Any] | None:
    sessions = selectors.sessions_this_week(
        municipality=municipality, neighbourhood_slug=neighbourhood.slug if neighbourhood else "", limit=6
    )
    if neighbourhood is not None and not sessions:
        return None
    return {"sessions": sessions, "neighbourhood": neighbourhood}


registry.add_nav_link(NavLink(key="activities", order=20, label=_("Activities"), url_name="activities:search"))
registry.add_section(
    Section(key="activities", order=20, template="activities/section.html", context=_activities_section)
)
registry.add_staff_link(
    StaffLink(
        key="activities.manage",
        order=40,
        label=_("Activities"),
        url_name="activities:manage",
        visible=lambda user, m: user.has_perm("activities.manage_own", m),
        description=_("Every activity in the catalogue, stale listings and sign-ups."),
    )
)
registry.add_staff_link(
    StaffLink(
        key="activities.import",
        order=41,
        label=_("Import activities"),
        url_name="activities:staff_import",
        visible=lambda user, m: user.has_perm("activities.import", m),
        description=_("Bring in the municipality's old list from a spreadsheet, checked row by row."),
    )
)
registry.add_staff_link(
    StaffLink(
        key="activities.categories",
        order=42,
        label=_("Activity categories"),
        url_name="activities:staff_categories",
        visible=lambda user, m: user.has_perm("activities.manage_categories", m),
        description=_("The categories residents filter by."),
    )
)
registry.add_staff_link(
    StaffLink(
        key="activities.guides",
        order=43,
        label=_("Activity guides"),
        url_name="activities:staff_guides",
        visible=lambda user, m: user.has_perm("activities.manage_guides", m),
        description=_("Who may help newcomer families into activities."),
    )
)
