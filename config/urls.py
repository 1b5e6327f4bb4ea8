"""URL map: platform paths first, then everything under /<municipality_slug>/ (see places.RESERVED_SLUGS)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver, include, path

from .api import api

admin.site.site_header = "sammen"
admin.site.site_title = "sammen"
# The technical admin signs in through the same login as everyone else (rate limits, two-step verification).
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("accounts/", include("sammen.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include("sammen.core.urls")),
    path("<slug:municipality_slug>/staff/people/", include("sammen.accounts.staff_urls")),
    path("<slug:municipality_slug>/staff/participation/", include("sammen.participation.staff_urls")),
    path("<slug:municipality_slug>/staff/analysis/", include("sammen.analysis.urls")),
    path("<slug:municipality_slug>/", include("sammen.places.urls")),
    path("<slug:municipality_slug>/organisations/", include("sammen.organisations.urls")),
    path("<slug:municipality_slug>/participation/", include("sammen.participation.urls")),
    path("<slug:municipality_slug>/roadmap/", include("sammen.roadmap.urls")),
    path("<slug:municipality_slug>/inspiration/", include("sammen.inspiration.urls")),
    path("<slug:municipality_slug>/card/", include("sammen.card.urls")),
    path("<slug:municipality_slug>/lending/", include("sammen.lending.urls")),
    path("<slug:municipality_slug>/exchange/", include("sammen.exchange.urls")),
    path("<slug:municipality_slug>/impact/", include("sammen.impact.urls")),
    path("<slug:municipality_slug>/activities/", include("sammen.activities.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
