from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sammen.core.registry import NavLink, Section, StaffLink, registry
from sammen.places.models import Municipality, Neighbourhood

from .models import Roadmap


def _roadmap_section(
    request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None
) -> dict[str, Any] | None:
    qs = Roadmap.objects.filter(process__municipality=municipality, process__is_published=True, is_published=True)
    if neighbourhood is not None:
        qs = qs.filter(process__neighbourhood=neighbourhood)
    roadmaps = list(qs.select_related("process").order_by("-updated_at")[:3])
    return {"roadmaps": roadmaps} if roadmaps else None


registry.add_nav_link(NavLink(key="roadmap", order=35, label=_("Roadmaps"), url_name="roadmap:list"))
registry.add_section(Section(key="roadmap", order=35, template="roadmap/section.html", context=_roadmap_section))
registry.add_staff_link(
    StaffLink(
        key="roadmap.roadmaps",
        order=25,
        label=_("Roadmaps and council reports"),
        url_name="participation_staff:processes",
        visible=lambda user, m: user.has_perm("roadmap.view_staff_pages", m),
        description=_("Goals, measures and actors of each process; what became of every input; the council report."),
    )
)
