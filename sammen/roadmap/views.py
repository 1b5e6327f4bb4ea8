"""Public pages: the roadmap (also printable), what became of every input, and a resident's own inputs."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sammen.participation import selectors as participation_selectors
from sammen.participation.models import Process
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view

from . import selectors
from .forms import FateFilterForm
from .models import FateState

PAGE_SIZE = 25


def _process(request: HttpRequest, municipality: Municipality, process_slug: str) -> Process:
    process = participation_selectors.process_get_visible(
        municipality=municipality, slug=process_slug, user=request.user
    )
    if process is None:
        raise Http404
    return process


def _roadmap_context(request: HttpRequest, municipality: Municipality, process_slug: str) -> dict[str, object]:
    process = _process(request, municipality, process_slug)
    tree = selectors.roadmap_tree(process=process)
    can_change = request.user.has_perm("roadmap.change_roadmap", process)
    if tree.roadmap is None or not (tree.roadmap.is_published or can_change):
        raise Http404
    return {
        "process": process,
        "tree": tree,
        "roadmap": tree.roadmap,
        "can_change": can_change,
        "fate_states": FateState,
    }


@municipality_view
def roadmap_list(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(request, "roadmap/list.html", {"roadmaps": selectors.roadmap_list_public(municipality=municipality)})


@municipality_view
def roadmap_detail(request: HttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    return render(request, "roadmap/detail.html", _roadmap_context(request, municipality, process_slug))


@municipality_view
def roadmap_print(request: HttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    return render(request, "roadmap/print.html", _roadmap_context(request, municipality, process_slug))


@municipality_view
def fate_list(request: HttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    measures = list(selectors.measure_choices(process=process))
    form = FateFilterForm(request.GET or None, process=process, measures=measures)
    filters = form.filters()
    page = Paginator(selectors.fate_list_public(process=process, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    for item in page.object_list:
        item.process = process  # for its address, without a query per row
    return render(
        request,
        "roadmap/fate_list.html",
        {
            "process": process,
            "form": form,
            "page": page,
            "filtered": filters.is_active(),
            "can_change": request.user.has_perm("roadmap.change_roadmap", process),
        },
    )


@municipality_view
def my_fates(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    inputs = selectors.inputs_with_fates_of_person(municipality=municipality, user=request.user)  # type: ignore[arg-type]
    return render(request, "roadmap/my_fates.html", {"inputs": list(inputs[:200])})


@municipality_view
def fate_export(
    request: HttpRequest, *, municipality: Municipality, process_slug: str, export_format: str
) -> HttpResponse:
    from typing import cast

    from .exports import fates_response

    process = _process(request, municipality, process_slug)
    measures = list(selectors.measure_choices(process=process))
    filters = FateFilterForm(request.GET or None, process=process, measures=measures).filters()
    inputs = selectors.fate_list_public(process=process, filters=filters)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return cast(
        HttpResponse, fates_response(process=process, inputs=inputs, export_format=export_format, base_url=base_url)
    )
