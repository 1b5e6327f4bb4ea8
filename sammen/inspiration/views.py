"""The public inspiration library and the pages where staff curate it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from .forms import CaseFilterForm, CaseForm, TagForm
from .models import Case

PAGE_SIZE = 20


@municipality_view
def case_list(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = CaseFilterForm(request.GET or None, municipality=municipality)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "query": form.cleaned_data["q"],
            "theme": form.cleaned_data["theme"],
            "target_group": form.cleaned_data["group"],
        }
    cases = selectors.case_search(municipality=municipality, **filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_manage": request.user.has_perm("inspiration.manage_cases", municipality),
    }
    template = "inspiration/list.html#results" if request.htmx else "inspiration/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@municipality_view
def case_detail(request: HttpRequest, *, municipality: Municipality, case_id: int) -> HttpResponse:
    can_manage = request.user.has_perm("inspiration.manage_cases", municipality)
    case = selectors.case_get_visible(municipality=municipality, case_id=case_id, include_drafts=can_manage)
    if case is None:
        raise Http404
    return render(request, "inspiration/detail.html", {"case": case, "can_manage": can_manage})


@staff_view("inspiration.manage_cases")
def case_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = CaseForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.case_create(actor=request.user, municipality=municipality, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": case.title})
            return redirect(case.get_absolute_url())
    return render(request, "inspiration/staff/case_form.html", {"form": form, "case": None})


@staff_view("inspiration.manage_cases")
def case_edit(request: AuthedHttpRequest, *, municipality: Municipality, case_id: int) -> HttpResponse:
    case = get_object_or_404(Case, municipality=municipality, pk=case_id)
    form = CaseForm(request.POST or None, instance=Case.objects.get(pk=case.pk), municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": case.title})
            return redirect(case.get_absolute_url())
    return render(request, "inspiration/staff/case_form.html", {"form": form, "case": case})


@staff_view("inspiration.manage_cases")
@require_POST
def case_delete(request: AuthedHttpRequest, *, municipality: Municipality, case_id: int) -> HttpResponse:
    case = get_object_or_404(Case, municipality=municipality, pk=case_id)
    services.case_delete(actor=request.user, case=case)
    messages.success(request, _("“%(title)s” is deleted.") % {"title": case.title})
    return redirect("inspiration:list", municipality_slug=municipality.slug)


@staff_view("inspiration.manage_cases")
def tags(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    kind = request.POST.get("kind", "")
    theme_form = TagForm(request.POST if kind == "theme" else None, prefix="theme")
    group_form = TagForm(request.POST if kind == "group" else None, prefix="group")
    form = theme_form if kind == "theme" else group_form
    if request.method == "POST" and kind in {"theme", "group"} and form.is_valid():
        create = services.theme_create if kind == "theme" else services.target_group_create
        try:
            tag = create(actor=request.user, municipality=municipality, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” is added.") % {"name": tag.name})
            return redirect("inspiration:tags", municipality_slug=municipality.slug)
    return render(
        request,
        "inspiration/staff/tags.html",
        {
            "theme_form": theme_form,
            "group_form": group_form,
            "themes": selectors.theme_list(municipality=municipality),
            "groups": selectors.target_group_list(municipality=municipality),
        },
    )
