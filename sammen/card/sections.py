from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sammen.core.registry import NavLink, Section, StaffLink, registry
from sammen.places.models import Municipality, Neighbourhood

from .models import Provider, Scheme


def _card_section(
    request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None
) -> dict[str, Any] | None:
    scheme = Scheme.objects.filter(municipality=municipality).order_by("pk").first()
    if scheme is None or neighbourhood is not None:
        return None
    providers = list(
        Provider.objects.filter(scheme=scheme, is_active=True)
        .select_related("organisation")
        .order_by("organisation__name")[:8]
    )
    return {"scheme": scheme, "providers": providers}


registry.add_nav_link(NavLink(key="card", order=70, label=_("Activity card"), url_name="card:home"))
registry.add_section(Section(key="card", order=70, template="card/section.html", context=_card_section))
registry.add_staff_link(
    StaffLink(
        key="card",
        order=60,
        label=_("Activity card"),
        url_name="card:staff_home",
        visible=lambda user, m: user.has_perm("card.view_staff_pages", m),
        description=_("Grants, extra grants, providers, settlement and reports for the activity card."),
    )
)
