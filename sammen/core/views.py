"""Platform pages: the front door, the staff dashboard, the audit log, privacy, accessibility and health."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sammen.core.types import AuthedHttpRequest
from sammen.places import selectors as place_selectors
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view, staff_view

from . import selectors
from .forms import FilterForm
from .registry import registry


def home(request: HttpRequest) -> HttpResponse:
    municipalities = list(place_selectors.municipality_list_public())
    if len(municipalities) == 1:
        return redirect(municipalities[0].get_absolute_url())
    return render(request, "core/home.html", {"municipalities": municipalities})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


@municipality_view
def privacy(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(request, "core/privacy.html", {"handlers": registry.ordered_privacy()})


@municipality_view
def accessibility(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(request, "core/accessibility.html")


@staff_view("core.view_staff_area")
def staff_dashboard(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    links = [link for link in registry.ordered_staff_links() if link.visible(request.user, municipality)]
    return render(request, "core/staff/dashboard.html", {"links": links})


class AuditFilterForm(FilterForm):
    area = forms.ChoiceField(label=_("Area"), required=False)
    actor = forms.CharField(label=_("Changed by (e-mail)"), required=False, max_length=200)
    since = forms.DateField(label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, areas: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].choices = [("", _("All areas")), *[(a, a) for a in areas]]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:  # type: ignore[operator]
            self.add_error("until", _("The end date must be on or after the start date."))
        return data


AUDIT_PAGE_SIZE = 50


@staff_view("core.view_audit_log")
def audit_log(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, areas=selectors.audit_action_prefixes(municipality=municipality))
    filters: dict[str, object] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "action_prefix": f"{data['area']}." if data["area"] else "",
            "actor_email": data["actor"],
            "since": data["since"],
            "until": data["until"],
        }
    entries = selectors.audit_entry_list(municipality=municipality, **filters)  # type: ignore[arg-type]
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    template = "core/staff/audit_log.html#results" if request.htmx else "core/staff/audit_log.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when this process can reach its database, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
