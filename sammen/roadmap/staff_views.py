"""Staff pages: write the roadmap, its goals, strategies, measures and actors; give inputs their fates, one or many
at a time; make the council report."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.participation import selectors as participation_selectors
from sammen.participation.forms import AttachmentForm
from sammen.participation.models import Input, Process
from sammen.participation.views import add_posted_attachment, serve_attachment
from sammen.places.models import Municipality
from sammen.places.tenancy import staff_view

from . import reports, selectors, services
from .forms import FateFilterForm, FateForm, GoalForm, MeasureActorForm, MeasureForm, RoadmapForm, StrategyForm
from .models import (
    Goal,
    KnowledgeBaseAttachment,
    Measure,
    MeasureActor,
    ReportJob,
    ReportStatus,
    Roadmap,
    Strategy,
)

VIEW = "roadmap.view_staff_pages"
STAFF_PAGE_SIZE = 50


def _managed(request: AuthedHttpRequest, municipality: Municipality, process_slug: str) -> Process:
    process = participation_selectors.process_get(municipality=municipality, slug=process_slug)
    if process is None:
        raise Http404
    if not request.user.has_perm("roadmap.change_roadmap", process):
        raise PermissionDenied
    return process


def _url(name: str, process: Process, **kwargs: Any) -> str:
    return reverse(
        f"roadmap:{name}",
        kwargs={"municipality_slug": process.municipality.slug, "process_slug": process.slug, **kwargs},
    )


@staff_view(VIEW)
def roadmap_edit(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    roadmap = selectors.roadmap_get(process=process)
    form = RoadmapForm(request.POST or None, instance=Roadmap.objects.get(pk=roadmap.pk) if roadmap else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_save(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The roadmap is saved."))
            return redirect(_url("staff_roadmap", process))
    return render(
        request,
        "roadmap/staff/roadmap.html",
        {
            "process": process,
            "form": form,
            "roadmap": roadmap,
            "tree": selectors.roadmap_tree(process=process),
            "fate_counts": selectors.fate_counts(process=process, public=False),
            "attachments": list(roadmap.attachments.all()) if roadmap else [],
            "attachment_form": AttachmentForm(),
        },
    )


@require_POST
@staff_view(VIEW)
def attachment_add(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    roadmap = get_object_or_404(Roadmap, process=process)
    add_posted_attachment(request, partial(services.attachment_add, actor=request.user, roadmap=roadmap))
    return redirect(_url("staff_roadmap", process) + "#attachments")


@staff_view(VIEW)
def attachment_file(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, knowledge_base_attachment_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    attachment = get_object_or_404(KnowledgeBaseAttachment, roadmap__process=process, pk=knowledge_base_attachment_id)
    return serve_attachment(attachment)


@require_POST
@staff_view(VIEW)
def attachment_delete(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, knowledge_base_attachment_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    attachment = get_object_or_404(KnowledgeBaseAttachment, roadmap__process=process, pk=knowledge_base_attachment_id)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The file is removed."))
    return redirect(_url("staff_roadmap", process) + "#attachments")


@staff_view(VIEW)
def goal_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, goal_id: int | None = None
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    goal = get_object_or_404(Goal, focus_area__process=process, pk=goal_id) if goal_id else None
    initial = {"focus_area": request.GET.get("focus_area")} if goal is None else None
    form = GoalForm(request.POST or None, instance=goal, initial=initial, process=process)
    if request.method == "POST" and request.POST.get("action") == "delete" and goal is not None:
        try:
            services.goal_delete(actor=request.user, goal=goal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The goal is deleted."))
        return redirect(_url("staff_roadmap", process))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if goal is None:
                services.goal_create(actor=request.user, **data)
            else:
                services.goal_update(actor=request.user, goal=Goal.objects.get(pk=goal.pk), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect(_url("staff_roadmap", process))
    return render(request, "roadmap/staff/goal_form.html", {"process": process, "form": form, "goal": goal})


@staff_view(VIEW)
def strategy_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, strategy_id: int | None = None
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    strategy = get_object_or_404(Strategy, goal__focus_area__process=process, pk=strategy_id) if strategy_id else None
    initial = {"goal": request.GET.get("goal")} if strategy is None else None
    form = StrategyForm(request.POST or None, instance=strategy, initial=initial, process=process)
    if request.method == "POST" and request.POST.get("action") == "delete" and strategy is not None:
        services.strategy_delete(actor=request.user, strategy=strategy)
        messages.success(request, _("The strategy is deleted."))
        return redirect(_url("staff_roadmap", process))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if strategy is None:
                services.strategy_create(actor=request.user, **data)
            else:
                data.pop("goal")
                services.strategy_update(actor=request.user, strategy=Strategy.objects.get(pk=strategy.pk), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy is saved."))
            return redirect(_url("staff_roadmap", process))
    return render(request, "roadmap/staff/strategy_form.html", {"process": process, "form": form, "strategy": strategy})


@staff_view(VIEW)
def measure_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, measure_id: int | None = None
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    measure = get_object_or_404(Measure, process=process, pk=measure_id) if measure_id else None
    action = request.POST.get("action", "save")
    initial = {"goal": request.GET.get("goal"), "strategy": request.GET.get("strategy")} if measure is None else None
    form = MeasureForm(
        request.POST if request.method == "POST" and action == "save" else None,
        instance=Measure.objects.get(pk=measure.pk) if measure else None,
        initial=initial,
        process=process,
    )
    actor_form = MeasureActorForm(request.POST if action == "actor" else None, process=process, prefix="actor")
    if request.method == "POST" and action == "delete" and measure is not None:
        try:
            services.measure_delete(actor=request.user, measure=measure)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_url("measure", process, measure_id=measure.pk))
        messages.success(request, _("The measure is deleted."))
        return redirect(_url("staff_roadmap", process))
    if request.method == "POST" and action == "actor" and measure is not None and actor_form.is_valid():
        try:
            services.measure_actor_add(actor=request.user, measure=measure, **actor_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(actor_form, error)
        else:
            messages.success(request, _("The actor is added."))
            return redirect(_url("measure", process, measure_id=measure.pk))
    if request.method == "POST" and action == "save" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if measure is None:
                measure = services.measure_create(actor=request.user, **data)
                messages.success(request, _("The measure is saved. Now add the actors and their roles."))
                return redirect(_url("measure", process, measure_id=measure.pk))
            services.measure_update(actor=request.user, measure=measure, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The measure is saved."))
            return redirect(_url("staff_roadmap", process))
    return render(
        request,
        "roadmap/staff/measure_form.html",
        {
            "process": process,
            "form": form,
            "actor_form": actor_form,
            "measure": measure,
            "actors": list(measure.actors.select_related("organisation")) if measure else [],
        },
    )


@staff_view(VIEW)
@require_POST
def measure_actor_delete(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, measure_id: int, measure_actor_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    item = get_object_or_404(MeasureActor, measure__process=process, measure_id=measure_id, pk=measure_actor_id)
    services.measure_actor_delete(actor=request.user, measure_actor=item)
    messages.success(request, _("The actor is removed."))
    return redirect(_url("measure", process, measure_id=measure_id))


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except ValueError:
            continue
    return ids


@staff_view(VIEW)
def input_list(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    """The filtered list of the process's inputs; tick many and give them one fate (e.g. link them to a measure)."""
    process = _managed(request, municipality, process_slug)
    measures = list(selectors.measure_choices(process=process))
    filter_form = FateFilterForm(request.GET or None, process=process, measures=measures)
    filters = filter_form.filters()
    bulk_form = FateForm(request.POST or None, measures=measures, prefix="bulk")
    if request.method == "POST" and bulk_form.is_valid():
        ids = _ids(request.POST.getlist("inputs"))
        items = list(Input.objects.filter(pk__in=ids).only("id", "process_id"))
        data = bulk_form.cleaned_data
        measure = next((m for m in measures if m.pk == data["measure"]), None) if data["measure"] else None
        if data["measure"] and measure is None:
            bulk_form.add_error("measure", _("The measure belongs to another process."))
        else:
            try:
                changed = services.fates_bulk_set(
                    actor=request.user,
                    process=process,
                    inputs=items,
                    state=data["state"],
                    measure=measure,
                    reason=data["reason"],
                )
            except ValidationError as error:
                add_service_errors(bulk_form, error)
            else:
                messages.success(request, _("%(count)s inputs got a new fate.") % {"count": changed})
                return redirect(request.get_full_path())
    page = Paginator(selectors.fate_list_staff(process=process, filters=filters), STAFF_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = participation_selectors.with_relations(page.object_list, process)  # type: ignore[arg-type]
    return render(
        request,
        "roadmap/staff/input_list.html",
        {
            "process": process,
            "form": filter_form,
            "bulk_form": bulk_form,
            "page": page,
            "selected": set(_ids(request.POST.getlist("inputs"))),
        },
    )


@staff_view(VIEW)
def input_fate(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, input_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    item = get_object_or_404(Input, process=process, pk=input_id)
    measures = list(selectors.measure_choices(process=process))
    fate = selectors.fate_of(item=item)
    initial = {"state": fate.state, "measure": fate.measure_id, "reason": fate.reason} if fate else None
    form = FateForm(request.POST or None, initial=initial, measures=measures)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        measure = Measure.objects.filter(pk=data["measure"]).first() if data["measure"] else None
        try:
            services.fate_set(
                actor=request.user, item=item, state=data["state"], measure=measure, reason=data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The fate of input %(number)s is saved.") % {"number": item.pk})
            return redirect(_url("staff_inputs", process))
    return render(request, "roadmap/staff/input_fate.html", {"process": process, "item": item, "form": form})


@staff_view(VIEW)
def report(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    if request.method == "POST":
        job = reports.report_request(actor=request.user, process=process, language=get_language() or "nb")
        return redirect(_url("report", process) + f"?job={job.pk}")
    latest = selectors.report_job_latest(process=process)
    return render(request, "roadmap/staff/report.html", {"process": process, "job": latest})


@staff_view(VIEW)
def report_status(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, report_job_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    job = get_object_or_404(ReportJob, process=process, pk=report_job_id)
    return render(request, "roadmap/staff/report_progress.html", {"process": process, "job": job})


@staff_view(VIEW)
def report_file(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, report_job_id: int, file_kind: str
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    job = get_object_or_404(ReportJob, process=process, pk=report_job_id, status=ReportStatus.DONE)
    stored = job.pdf if file_kind == "pdf" else job.xlsx
    if not stored:
        raise Http404
    content_type = (
        "application/pdf" if file_kind == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = FileResponse(
        stored.open("rb"), content_type=content_type, filename=f"council-report-{process.slug}.{file_kind}"
    )
    return response  # type: ignore[return-value]
