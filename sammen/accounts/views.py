"""The person's own pages (profile, children, tokens, privacy) and the municipality's role management."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from sammen.core.forms import add_service_errors
from sammen.core.privacy import person_erase, person_export_data
from sammen.core.types import AuthedHttpRequest
from sammen.places.models import Municipality
from sammen.places.tenancy import staff_view

from . import selectors, services
from .forms import ApiTokenForm, ChildForm, EraseAccountForm, ProfileForm, RoleGrantForm
from .models import ApiToken, Child, RoleAssignment


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice on the account of a logged-in user."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        try:
            services.user_set_language(user=request.user, language=language)
        except ValidationError:
            pass
    return django_set_language(request)


@login_required
def profile(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "phone": user.phone, "language": user.language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your details are saved."))
            response = redirect("accounts:profile")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            return response
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "children": selectors.children_of(guardian=user),
            "memberships": user.organisation_memberships.select_related("organisation__municipality"),
            "roles": user.role_assignments.select_related("municipality", "neighbourhood"),
        },
    )


@login_required
def child_add(request: AuthedHttpRequest) -> HttpResponse:
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_add(guardian=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": child.given_name})
            return redirect("accounts:profile")
    return render(request, "accounts/child_form.html", {"form": form})


@login_required
@require_POST
def child_remove(request: AuthedHttpRequest, child_id: int) -> HttpResponse:
    child = get_object_or_404(Child, pk=child_id, guardianships__guardian=request.user)
    services.child_remove(guardian=request.user, child=child)
    messages.success(request, _("%(name)s is removed from your page.") % {"name": child.given_name})
    return redirect("accounts:profile")


@login_required
def api_tokens(request: AuthedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": selectors.api_tokens_of(user=request.user), "new_secret": new_secret},
    )


@login_required
@require_POST
def api_token_revoke(request: AuthedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:api_tokens")


@login_required
def privacy(request: AuthedHttpRequest) -> HttpResponse:
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        person_erase(user)
        messages.success(request, _("Your account and personal data are erased."))
        return redirect("core:home")
    return render(request, "accounts/privacy.html", {"form": form})


@login_required
def privacy_export(request: AuthedHttpRequest) -> HttpResponse:
    data = person_export_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sammen-data-{timezone.localdate():%Y-%m-%d}.json"'
    return response


@staff_view("accounts.manage_roles")
def role_list(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = RoleGrantForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.role_grant(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": assignment.user, "role": assignment.get_role_display().lower()},
            )
            return redirect("accounts_staff:roles", municipality_slug=municipality.slug)
    return render(
        request,
        "accounts/staff/roles.html",
        {"form": form, "assignments": selectors.role_assignment_list(municipality=municipality)},
    )


@staff_view("accounts.manage_roles")
@require_POST
def role_revoke(request: AuthedHttpRequest, *, municipality: Municipality, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment, pk=assignment_id, municipality=municipality)
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role is removed."))
    return redirect("accounts_staff:roles", municipality_slug=municipality.slug)
