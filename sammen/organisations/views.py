"""Public organisation pages, registration, the representative's pages, and the municipality's review queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view, staff_view

from . import selectors, services
from .forms import MemberForm, OrganisationFilterForm, OrganisationForm, ReviewForm
from .models import Organisation, OrganisationMembership

PAGE_SIZE = 30


@municipality_view
def organisation_list(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    query = kind = ""
    if form.is_bound and form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    organisations = selectors.organisation_list_public(municipality=municipality, kind=kind, query=query)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organisations/list.html", {"form": form, "page": page})


@municipality_view
def organisation_detail(request: HttpRequest, *, municipality: Municipality, organisation_id: int) -> HttpResponse:
    organisation = selectors.organisation_get_visible(
        municipality=municipality, organisation_id=organisation_id, user=request.user
    )
    if organisation is None:
        raise Http404
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "can_change": request.user.has_perm("organisations.change_organisation", organisation),
        },
    )


@municipality_view
def organisation_register(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = OrganisationForm(request.POST or None, request.FILES or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_register(
                actor=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. The municipality will review “%(name)s” soon.") % {"name": organisation.name}
            )
            return redirect(organisation.get_absolute_url())
    return render(request, "organisations/form.html", {"form": form, "organisation": None})


@municipality_view
def organisation_edit(request: HttpRequest, *, municipality: Municipality, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, municipality=municipality, pk=organisation_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        instance=Organisation.objects.get(pk=organisation.pk),
        municipality=municipality,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation's profile is saved."))
            return redirect(organisation.get_absolute_url())
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation})


@municipality_view
def organisation_members(request: HttpRequest, *, municipality: Municipality, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, municipality=municipality, pk=organisation_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person is added."))
            return redirect(
                "organisations:members", municipality_slug=municipality.slug, organisation_id=organisation.pk
            )
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "form": form,
            "memberships": organisation.memberships.select_related("user").order_by("role", "user__email"),
        },
    )


@municipality_view
@require_POST
def membership_remove(
    request: HttpRequest, *, municipality: Municipality, organisation_id: int, membership_id: int
) -> HttpResponse:
    membership = get_object_or_404(
        OrganisationMembership.objects.select_related("organisation", "user"),
        pk=membership_id,
        organisation_id=organisation_id,
        organisation__municipality=municipality,
    )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The person is removed."))
    return redirect("organisations:members", municipality_slug=municipality.slug, organisation_id=organisation_id)


@staff_view("organisations.review")
def review_queue(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "organisations/review_queue.html",
        {"organisations": selectors.organisation_review_queue(municipality=municipality)},
    )


@staff_view("organisations.review")
def review(request: AuthedHttpRequest, *, municipality: Municipality, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, municipality=municipality, pk=organisation_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_review(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your decision on “%(name)s” is saved.") % {"name": organisation.name})
            return redirect("organisations:review_queue", municipality_slug=municipality.slug)
    return render(request, "organisations/review.html", {"organisation": organisation, "form": form})
