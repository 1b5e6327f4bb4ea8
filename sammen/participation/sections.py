"""How co-creation shows on the landing pages, in the main navigation and on the staff dashboard."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sammen.core.registry import NavLink, Section, StaffLink, registry
from sammen.places.models import Municipality, Neighbourhood

from .selectors import process_list_public
from .statistics import process_statistics_cached as process_statistics


def _section(
    request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None
) -> dict[str, Any] | None:
    processes = list(process_list_public(municipality=municipality, neighbourhood=neighbourhood)[:6])
    if not processes:
        return None
    return {
        "rows": [(p, process_statistics(process=p, with_details=False)) for p in processes],
        "neighbourhood": neighbourhood,
    }


registry.add_nav_link(
    NavLink(key="participation", order=20, label=_("Co-creation"), url_name="participation:processes")
)
registry.add_section(Section(key="participation", order=20, template="participation/section.html", context=_section))
registry.add_staff_link(
    StaffLink(
        key="participation.processes",
        order=15,
        label=_("Co-creation processes"),
        url_name="participation_staff:processes",
        visible=lambda user, m: user.has_perm("participation.view_staff_pages", m),
        description=_("Phases, engagements, inputs from every channel, imports and moderation."),
    )
)
