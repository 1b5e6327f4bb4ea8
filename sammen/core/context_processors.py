from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from sammen.core.registry import registry

# Each language is named in itself, so a reader finds their own language whatever the page's language is.
LANGUAGE_ENDONYMS = {"nb": "Bokmål", "nn": "Nynorsk", "da": "Dansk", "en": "English"}


def site(request: HttpRequest) -> dict[str, Any]:
    municipality = getattr(request, "municipality", None)
    context: dict[str, Any] = {
        "site_name": settings.SAMMEN_PLATFORM_NAME,
        "ui_languages": [(code, LANGUAGE_ENDONYMS.get(code, code)) for code, _name in settings.LANGUAGES],
        "municipality": municipality,
        "municipality_nav": [],
        "is_municipality_staff": False,
    }
    if municipality is not None:
        nav = []
        for link in registry.ordered_nav_links():
            url = reverse(link.url_name, kwargs={"municipality_slug": municipality.slug})
            nav.append({"url": url, "label": link.label, "current": request.path.startswith(url)})
        context["municipality_nav"] = nav
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["is_municipality_staff"] = user.has_perm("core.view_staff_area", municipality)
    return context
