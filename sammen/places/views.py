"""Public landing pages of a municipality and its neighbourhoods, and the staff pages that maintain them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sammen.core.forms import add_service_errors
from sammen.core.registry import registry
from sammen.core.types import AuthedHttpRequest

from . import selectors, services
from .forms import MunicipalityForm, NeighbourhoodForm, VenueForm
from .models import Municipality, Neighbourhood, Venue
from .tenancy import get_neighbourhood_or_404, municipality_view, staff_view


def _sections(request: HttpRequest, municipality: Municipality, neighbourhood: Neighbourhood | None) -> list:
    rendered = []
    for section in registry.ordered_sections():
        context = section.context(request, municipality, neighbourhood)
        if context is not None:
            rendered.append({"template": section.template, "context": context, "key": section.key})
    return rendered


@municipality_view
def municipality_home(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "places/municipality.html",
        {
            "neighbourhoods": selectors.neighbourhood_list(municipality=municipality),
            "sections": _sections(request, municipality, None),
        },
    )


@municipality_view
def neighbourhood_home(request: HttpRequest, *, municipality: Municipality, neighbourhood_slug: str) -> HttpResponse:
    neighbourhood = get_neighbourhood_or_404(municipality, neighbourhood_slug)
    return render(
        request,
        "places/neighbourhood.html",
        {
            "neighbourhood": neighbourhood,
            "venues": selectors.venue_list(municipality=municipality, neighbourhood=neighbourhood),
            "sections": _sections(request, municipality, neighbourhood),
            "can_edit": request.user.has_perm("places.change_neighbourhood", neighbourhood),
        },
    )


@municipality_view
def venue_detail(request: HttpRequest, *, municipality: Municipality, venue_id: int) -> HttpResponse:
    venue = selectors.venue_get(municipality=municipality, venue_id=venue_id)
    if venue is None or not venue.is_active:
        raise Http404
    return render(request, "places/venue.html", {"venue": venue})


@staff_view("places.change_municipality")
def municipality_edit(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = MunicipalityForm(request.POST or None, instance=Municipality.objects.get(pk=municipality.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.municipality_update(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The municipality's settings are saved."))
            return redirect("places:staff_municipality", municipality_slug=municipality.slug)
    return render(request, "places/staff/municipality_form.html", {"form": form})


@staff_view("core.view_staff_area")
def neighbourhood_staff_list(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    neighbourhoods = [
        (n, request.user.has_perm("places.change_neighbourhood", n))
        for n in selectors.neighbourhood_list(municipality=municipality, include_inactive=True)
    ]
    return render(
        request,
        "places/staff/neighbourhood_list.html",
        {
            "neighbourhoods": neighbourhoods,
            "can_create": request.user.has_perm("places.manage_neighbourhoods", municipality),
        },
    )


@staff_view("places.manage_neighbourhoods")
def neighbourhood_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = NeighbourhoodForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            neighbourhood = services.neighbourhood_create(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Neighbourhood “%(name)s” is created.") % {"name": neighbourhood.name})
            return redirect("places:staff_neighbourhoods", municipality_slug=municipality.slug)
    return render(request, "places/staff/neighbourhood_form.html", {"form": form, "neighbourhood": None})


@staff_view("core.view_staff_area")
def neighbourhood_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, neighbourhood_id: int
) -> HttpResponse:
    neighbourhood = get_object_or_404(Neighbourhood, municipality=municipality, pk=neighbourhood_id)
    if not request.user.has_perm("places.change_neighbourhood", neighbourhood):
        raise PermissionDenied
    can_manage = request.user.has_perm("places.manage_neighbourhoods", municipality)
    form = NeighbourhoodForm(
        request.POST or None,
        instance=Neighbourhood.objects.get(pk=neighbourhood.pk),
        municipality=municipality,
        can_manage=can_manage,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.neighbourhood_update(actor=request.user, neighbourhood=neighbourhood, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Neighbourhood “%(name)s” is saved.") % {"name": neighbourhood.name})
            return redirect("places:staff_neighbourhoods", municipality_slug=municipality.slug)
    return render(request, "places/staff/neighbourhood_form.html", {"form": form, "neighbourhood": neighbourhood})


@staff_view("places.manage_venues")
def venue_staff_list(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "places/staff/venue_list.html",
        {"venues": selectors.venue_list(municipality=municipality, include_inactive=True)},
    )


@staff_view("places.manage_venues")
def venue_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = VenueForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            venue = services.venue_create(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Venue “%(name)s” is created.") % {"name": venue.name})
            return redirect("places:staff_venues", municipality_slug=municipality.slug)
    return render(request, "places/staff/venue_form.html", {"form": form, "venue": None})


@staff_view("places.manage_venues")
def venue_edit(request: AuthedHttpRequest, *, municipality: Municipality, venue_id: int) -> HttpResponse:
    venue = get_object_or_404(Venue, municipality=municipality, pk=venue_id)
    form = VenueForm(request.POST or None, instance=Venue.objects.get(pk=venue.pk), municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_update(actor=request.user, venue=venue, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Venue “%(name)s” is saved.") % {"name": venue.name})
            return redirect("places:staff_venues", municipality_slug=municipality.slug)
    return render(request, "places/staff/venue_form.html", {"form": form, "venue": venue})
