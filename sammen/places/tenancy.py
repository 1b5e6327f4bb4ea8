"""Resolving the tenant from the URL. Views receive the municipality as an argument; nothing global holds it."""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Municipality, Neighbourhood


def get_municipality_or_404(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug, is_active=True)


def get_neighbourhood_or_404(municipality: Municipality, slug: str) -> Neighbourhood:
    return get_object_or_404(Neighbourhood, municipality=municipality, slug=slug, is_active=True)


def municipality_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn the URL's `municipality_slug` into a `municipality` argument and show times in its time zone."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, municipality_slug: str, **kwargs: Any) -> HttpResponse:
        municipality = get_municipality_or_404(municipality_slug)
        request.municipality = municipality  # type: ignore[attr-defined]  # read by templates only
        timezone.activate(zoneinfo.ZoneInfo(municipality.timezone))
        return view(request, *args, municipality=municipality, **kwargs)

    return wrapper


def staff_view(permission: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A municipality view that requires `permission` on the municipality: login first, then 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @municipality_view
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, municipality: Municipality, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission, municipality):
                raise PermissionDenied
            return view(request, *args, municipality=municipality, **kwargs)

        return wrapper

    return decorator
