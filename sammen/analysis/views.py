"""Staff pages of a process's analysis: themes, the focus-area review queue and near-duplicate groups.

Each tab shows the newest finished run with its date and settings, a "run again" form, and while a run works
its progress (polled with HTMX; a plain reload link without JavaScript). Every action posts, then redirects
back with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from sammen.core.types import AuthedHttpRequest
from sammen.participation import selectors as participation_selectors
from sammen.participation.models import FocusArea, Process
from sammen.places.models import Municipality
from sammen.places.tenancy import staff_view

from . import selectors, services
from .models import RunKind
from .runner import error_message

VIEW = "analysis.view_staff_pages"
PAGE_SIZE = 20
TABS: dict[str, str] = {RunKind.THEMES: "themes", RunKind.SUGGESTIONS: "suggestions", RunKind.DUPLICATES: "duplicates"}
TITLES: dict[str, Any] = {
    RunKind.THEMES: gettext_lazy("Themes"),
    RunKind.SUGGESTIONS: gettext_lazy("Review queue"),
    RunKind.DUPLICATES: gettext_lazy("Near-duplicates"),
}


def _process(request: AuthedHttpRequest, municipality: Municipality, process_slug: str) -> Process:
    process = participation_selectors.process_get(municipality=municipality, slug=process_slug)
    if process is None:
        raise Http404
    if not request.user.has_perm("analysis.analyse_process", process):
        raise PermissionDenied
    return process


def _url(name: str, process: Process, **kwargs: Any) -> str:
    return reverse(
        f"analysis:{name}",
        kwargs={"municipality_slug": process.municipality.slug, "process_slug": process.slug, **kwargs},
    )


def _errors(request: AuthedHttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


Context = Callable[[selectors.RunState], dict[str, Any]]


def _tab(request: AuthedHttpRequest, process: Process, kind: str, template: str, context: Context) -> HttpResponse:
    state = selectors.run_state(process=process, kind=kind)
    return render(
        request,
        template,
        {
            "process": process,
            "kind": kind,
            "tab_title": TITLES[kind],
            "state": state,
            "run": state.done,
            "error": error_message(state.failed.error) if state.failed else "",
            "tab_url": _url(TABS[kind], process),
            **context(state),
        },
    )


@staff_view(VIEW)
def themes(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)

    def context(state: selectors.RunState) -> dict[str, Any]:
        return {"themes": selectors.theme_list(run=state.done) if state.done else []}

    return _tab(request, process, RunKind.THEMES, "analysis/staff/themes.html", context)


@staff_view(VIEW)
def suggestions(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)

    def context(state: selectors.RunState) -> dict[str, Any]:
        if state.done is None:
            return {"page": None}
        page = Paginator(selectors.suggestion_queue(run=state.done), PAGE_SIZE).get_page(request.GET.get("page"))
        return {
            "page": page,
            "decided": selectors.suggestion_decided_count(run=state.done),
            "areas": list(FocusArea.objects.filter(process=process).order_by("position", "id")),
        }

    return _tab(request, process, RunKind.SUGGESTIONS, "analysis/staff/suggestions.html", context)


@staff_view(VIEW)
def duplicates(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)

    def context(state: selectors.RunState) -> dict[str, Any]:
        if state.done is None:
            return {"page": None}
        groups = selectors.duplicate_group_list(run=state.done)
        return {"page": Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))}

    return _tab(request, process, RunKind.DUPLICATES, "analysis/staff/duplicates.html", context)


@staff_view(VIEW)
@require_POST
def run_start(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    kind = request.POST.get("kind", "")
    back = _url(TABS.get(kind, "themes"), process)
    try:
        services.run_start(
            actor=request.user,
            process=process,
            kind=kind,
            settings={key: request.POST.get(key) for key in ("n_themes", "threshold")},
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The analysis has started. This page shows its progress."))
    return redirect(back)


@staff_view(VIEW)
def run_progress(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, run_id: int
) -> HttpResponse:
    """The progress of one run, polled every 2 seconds; once it has ended, the page reloads to show the result."""
    process = _process(request, municipality, process_slug)
    run = selectors.run_get(process=process, run_id=run_id)
    if run is None:
        raise Http404
    context = {"process": process, "active": run, "tab_url": _url(TABS[run.kind], process)}
    response = render(request, "analysis/staff/progress.html", context)
    if not run.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@staff_view(VIEW)
@require_POST
def theme_merge(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, run_id: int
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    run = selectors.run_get(process=process, run_id=run_id)
    if run is None:
        raise Http404
    try:
        ids = [int(value) for value in request.POST.getlist("themes")]
        services.theme_merge(actor=request.user, run=run, theme_ids=ids, label=request.POST.get("label", ""))
    except ValueError:
        messages.error(request, _("Choose at least two themes to merge."))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The themes are merged."))
    return redirect(_url("themes", process))


@staff_view(VIEW)
@require_POST
def theme_action(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, theme_id: int
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    theme = selectors.theme_get(process=process, theme_id=theme_id)
    if theme is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "rename":
            services.theme_rename(actor=request.user, theme=theme, label=request.POST.get("label", ""))
            messages.success(request, _("The theme is renamed."))
        elif action == "split":
            services.theme_split(actor=request.user, theme=theme, parts=2)
            messages.success(request, _("The theme is split in two."))
        elif action == "accept":
            count = services.theme_accept(actor=request.user, theme=theme)
            messages.success(
                request,
                ngettext(
                    "The theme is accepted: %(count)d input is tagged “%(label)s”.",
                    "The theme is accepted: %(count)d inputs are tagged “%(label)s”.",
                    count,
                )
                % {"count": count, "label": theme.label},
            )
        else:
            messages.error(request, _("Choose what to do with the theme."))
    except ValidationError as error:
        _errors(request, error)
    return redirect(_url("themes", process) + f"#theme-{theme.number}")


@staff_view(VIEW)
@require_POST
def suggestion_decide(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, suggestion_id: int
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    suggestion = selectors.suggestion_get(process=process, suggestion_id=suggestion_id)
    if suggestion is None:
        raise Http404
    area = None
    if request.POST.get("action") == "correct":
        area = FocusArea.objects.filter(process=process, pk=request.POST.get("focus_area") or 0).first()
        if area is None:
            messages.error(request, _("Choose the focus area the input belongs to."))
            return redirect(_url("suggestions", process))
    try:
        decided = services.suggestion_decide(actor=request.user, suggestion=suggestion, focus_area=area)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("Input %(number)d is in the focus area “%(area)s”.")
            % {"number": decided.input_id, "area": (area or suggestion.focus_area).name},
        )
    return redirect(_url("suggestions", process))


@staff_view(VIEW)
@require_POST
def duplicate_merge(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, duplicate_group_id: int
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    group = selectors.duplicate_group_get(process=process, group_id=duplicate_group_id)
    if group is None:
        raise Http404
    try:
        member_ids = [int(value) for value in request.POST.getlist("members")]
        merged = services.duplicate_group_merge(actor=request.user, group=group, member_ids=member_ids)
    except ValueError:
        messages.error(request, _("Choose at least one input to merge."))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("The inputs are merged into input %(number)d, which now counts %(count)d mentions.")
            % {"number": merged.pk, "count": merged.mentions},
        )
    return redirect(_url("duplicates", process))
