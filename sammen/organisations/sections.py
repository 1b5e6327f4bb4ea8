from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sammen.core.registry import NavLink, Section, StaffLink, registry
from sammen.places.models import Municipality, Neighbourhood

from .models import Organisation, OrganisationStatus


def _organisations_section(
    request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None
) -> dict[str, Any] | None:
    qs = Organisation.objects.filter(municipality=municipality, status=OrganisationStatus.APPROVED)
    if neighbourhood is not None:
        qs = qs.filter(neighbourhood=neighbourhood)
    organisations = list(qs.select_related("municipality").order_by("name")[:6])
    if neighbourhood is not None and not organisations:
        return None
    return {"organisations": organisations, "total": qs.count(), "neighbourhood": neighbourhood}


registry.add_nav_link(NavLink(key="organisations", order=90, label=_("Organisations"), url_name="organisations:list"))
registry.add_section(
    Section(
        key="organisations",
        order=90,
        template="organisations/section.html",
        context=_organisations_section,
    )
)
registry.add_staff_link(
    StaffLink(
        key="organisations.review",
        order=30,
        label=_("Organisations to review"),
        url_name="organisations:review_queue",
        visible=lambda user, m: user.has_perm("organisations.review", m),
        description=_("Approve new clubs, choirs and businesses before they are shown."),
    )
)
