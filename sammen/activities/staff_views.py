"""The municipality's pages for the catalogue (categories, import, guides) and the activity guides' own pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.places.models import Municipality
from sammen.places.tenancy import staff_view

from . import guides, importer, selectors, services
from .forms import CategoryForm, FamilyForm, GuideForm, GuideLogForm, ImportForm
from .models import ActivityGuide, ActivityImport, GuideFamily, GuideTally


@staff_view("activities.manage_categories")
def categories(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    services.category_defaults_ensure(municipality=municipality)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The category is saved."))
            return redirect("activities:staff_categories", municipality_slug=municipality.slug)
    return render(
        request,
        "activities/staff/categories.html",
        {"form": form, "categories": selectors.category_list(municipality=municipality)},
    )


@staff_view("activities.import")
def import_upload(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = importer.import_check(
                actor=request.user, municipality=municipality, name=upload.name, content=upload.read()
            )
        except ValidationError as error:
            add_service_errors(form, ValidationError({"file": error.messages}))
        else:
            return redirect(
                "activities:staff_import_preview", municipality_slug=municipality.slug, import_id=checked.pk
            )
    recent = ActivityImport.objects.filter(municipality=municipality).order_by("-created_at")[:10]
    return render(
        request,
        "activities/staff/import.html",
        {"form": form, "columns": importer.COLUMNS, "required": importer.REQUIRED, "recent": recent},
    )


@staff_view("activities.import")
def import_preview(request: AuthedHttpRequest, *, municipality: Municipality, import_id: int) -> HttpResponse:
    checked = get_object_or_404(ActivityImport, municipality=municipality, pk=import_id)
    if request.method == "POST":
        try:
            created = importer.import_apply(actor=request.user, activity_import=checked)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)s activities are imported.") % {"count": created})
            return redirect("activities:manage", municipality_slug=municipality.slug)
        checked.refresh_from_db()
    header = checked.rows[0] if checked.rows else []
    return render(
        request,
        "activities/staff/import_preview.html",
        {"import": checked, "header": header, "rows": list(zip(checked.report, checked.rows[1:], strict=False))},
    )


@staff_view("activities.manage_guides")
def guide_admin(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = GuideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guides.guide_add(actor=request.user, municipality=municipality, email=form.cleaned_data["email"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The guide is added."))
            return redirect("activities:staff_guides", municipality_slug=municipality.slug)
    rows = ActivityGuide.objects.filter(municipality=municipality).select_related("user").order_by("user__email")
    tallies = GuideTally.objects.filter(municipality=municipality).order_by("-year")
    return render(request, "activities/staff/guides.html", {"form": form, "guides": rows, "tallies": tallies})


@staff_view("activities.manage_guides")
@require_POST
def guide_remove(request: AuthedHttpRequest, *, municipality: Municipality, guide_id: int) -> HttpResponse:
    guide = get_object_or_404(ActivityGuide, municipality=municipality, pk=guide_id)
    guides.guide_remove(actor=request.user, guide=guide)
    messages.success(request, _("The guide is removed, and the families they followed are erased."))
    return redirect("activities:staff_guides", municipality_slug=municipality.slug)


@staff_view("activities.guide")
def guide_home(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "activities/guide/home.html",
        {"families": selectors.guide_families(municipality=municipality, user=request.user)},
    )


@staff_view("activities.guide")
def family_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    services.category_defaults_ensure(municipality=municipality)
    form = FamilyForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            family = guides.family_create(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is added. Here are activities that may fit.") % {"name": family.nickname}
            )
            return redirect("activities:guide_family", municipality_slug=municipality.slug, family_id=family.pk)
    return render(request, "activities/guide/family_form.html", {"form": form})


def _own_family(request: AuthedHttpRequest, municipality: Municipality, family_id: int) -> GuideFamily:
    # Another guide's family is simply not found: guides cannot even learn that it exists.
    return get_object_or_404(selectors.guide_families(municipality=municipality, user=request.user), pk=family_id)


@staff_view("activities.guide")
def family_detail(request: AuthedHttpRequest, *, municipality: Municipality, family_id: int) -> HttpResponse:
    family = _own_family(request, municipality, family_id)
    form = GuideLogForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            guides.family_log(actor=request.user, family=family, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The visit is logged."))
            return redirect("activities:guide_family", municipality_slug=municipality.slug, family_id=family.pk)
    return render(
        request,
        "activities/guide/family.html",
        {
            "family": family,
            "form": form,
            "matches": selectors.family_matches(family=family),
            "log": family.log.select_related("activity"),
        },
    )


@staff_view("activities.guide")
@require_POST
def family_end(request: AuthedHttpRequest, *, municipality: Municipality, family_id: int) -> HttpResponse:
    family = _own_family(request, municipality, family_id)
    guides.family_end(actor=request.user, family=family)
    messages.success(request, _("The follow-up has ended and everything about the child is erased."))
    return redirect("activities:guide_home", municipality_slug=municipality.slug)
