from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sammen.core.registry import NavLink, Section, StaffLink, registry
from sammen.places.models import Municipality, Neighbourhood

from . import selectors


def _impact_section(
    request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None
) -> dict[str, Any] | None:
    published = selectors.is_published(municipality)
    surveys = list(selectors.open_surveys(municipality=municipality, neighbourhood=neighbourhood))
    if not published and not surveys:
        return None
    counts = None
    if published and neighbourhood is not None:
        counts = {"better": 0, "worse": 0, "unchanged": 0}
        for section in selectors.neighbourhood_dashboard(
            municipality=municipality, neighbourhood=neighbourhood, public_only=True
        ):
            for card in section.cards:
                if card.judgement.kind in counts:
                    counts[card.judgement.kind] += 1
    if neighbourhood is not None:
        url = reverse(
            "impact:dashboard",
            kwargs={"municipality_slug": municipality.slug, "neighbourhood_slug": neighbourhood.slug},
        )
    else:
        url = reverse("impact:overview", kwargs={"municipality_slug": municipality.slug})
    return {"published": published, "surveys": surveys, "counts": counts, "url": url}


registry.add_nav_link(NavLink(key="impact", order=80, label=_("How we are doing"), url_name="impact:overview"))
registry.add_section(Section(key="impact", order=80, template="impact/section.html", context=_impact_section))
registry.add_staff_link(
    StaffLink(
        key="impact.framework",
        order=60,
        label=_("Impact goals and indicators"),
        url_name="impact:staff_home",
        visible=lambda user, m: user.has_perm("impact.view_staff", m),
        description=_("Goals, indicators, values and statistics imports, and the public health overview report."),
    )
)
registry.add_staff_link(
    StaffLink(
        key="impact.surveys",
        order=61,
        label=_("Resident surveys"),
        url_name="impact:survey_list",
        visible=lambda user, m: user.has_perm("impact.view_staff", m),
        description=_("Build questionnaires, hand out links and paper codes, and see the results."),
    )
)
