from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sammen.core.registry import NavLink, Section, StaffLink, registry
from sammen.places.models import Municipality, Neighbourhood

from .models import Case, CaseStatus


def _inspiration_section(
    request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None
) -> dict[str, Any] | None:
    if neighbourhood is not None:
        return None
    cases = list(
        Case.objects.filter(municipality=municipality, status=CaseStatus.PUBLISHED).order_by("-created_at")[:3]
    )
    return {"cases": cases} if cases else None


registry.add_nav_link(NavLink(key="inspiration", order=80, label=_("Inspiration"), url_name="inspiration:list"))
registry.add_section(
    Section(key="inspiration", order=80, template="inspiration/section.html", context=_inspiration_section)
)
registry.add_staff_link(
    StaffLink(
        key="inspiration.cases",
        order=60,
        label=_("Inspiration library"),
        url_name="inspiration:list",
        visible=lambda user, m: user.has_perm("inspiration.manage_cases", m),
        description=_("Initiatives from here and elsewhere that measures can build on."),
    )
)
