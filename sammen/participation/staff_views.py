"""Staff pages: set up processes, phases, target groups and focus areas; register engagements and attendance;
enter inputs one by one, as a stack of sticky notes or from a spreadsheet; moderate.
"""

from __future__ import annotations

import datetime
import uuid
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.accounts.roles import held_roles
from sammen.accounts.rules import is_admin
from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.places.models import Municipality, Neighbourhood
from sammen.places.tenancy import staff_view

from . import events, imports, portal, selectors, services
from .forms import (
    AttachmentForm,
    BulkInputForm,
    EngagementForm,
    FocusAreaForm,
    ImportUploadForm,
    InputFilterForm,
    InputForm,
    MergeForm,
    ModerationForm,
    PhaseForm,
    ProcessCreateForm,
    ProcessSettingsForm,
    TargetGroupForm,
    WalkInForm,
)
from .models import (
    Comment,
    Engagement,
    EngagementAttachment,
    FocusArea,
    Input,
    InputAttachment,
    InputStatus,
    Phase,
    Process,
    Registration,
    TargetGroup,
)
from .views import add_posted_attachment

STAFF_PAGE_SIZE = 50
IMPORT_SESSION_KEY = "participation_import"
VIEW = "participation.view_staff_pages"


def _managed(request: AuthedHttpRequest, municipality: Municipality, process_slug: str) -> Process:
    process = selectors.process_get(municipality=municipality, slug=process_slug)
    if process is None:
        raise Http404
    if not request.user.has_perm("participation.change_process", process):
        raise PermissionDenied
    return process


def _staff_url(name: str, process: Process, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(
        f"participation_staff:{name}",
        kwargs={"municipality_slug": process.municipality.slug, "process_slug": process.slug, **kwargs},
    )


def _direction(request: HttpRequest) -> int:
    return -1 if request.POST.get("action") == "up" else 1


# --- Processes -------------------------------------------------------------------------------------------------


@staff_view(VIEW)
def process_list(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    processes = selectors.process_list_staff(municipality=municipality, user=request.user).annotate(
        input_total=Count("inputs", filter=Q(inputs__status=InputStatus.PUBLISHED), distinct=True),
        pending_total=Count("inputs", filter=Q(inputs__status=InputStatus.PENDING), distinct=True),
    )
    return render(request, "participation/staff/process_list.html", {"processes": processes})


def _creatable_neighbourhoods(request: AuthedHttpRequest, municipality: Municipality) -> Any:
    qs = Neighbourhood.objects.filter(municipality=municipality, is_active=True)
    if not is_admin.test(request.user, municipality):
        qs = qs.filter(pk__in=held_roles(request.user).neighbourhood_ids(municipality.pk))
    return qs.order_by("name")


@staff_view(VIEW)
def process_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    templates = selectors.process_templates(municipality=municipality, user=request.user)
    initial = {"template": request.GET.get("template", "")}
    form = ProcessCreateForm(
        request.POST or None,
        initial=initial,
        neighbourhoods=_creatable_neighbourhoods(request, municipality),
        templates=templates,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            process = services.process_create(
                actor=request.user,
                municipality=municipality,
                neighbourhood=data["neighbourhood"],
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                purpose=data["purpose"],
                template=form.template_process(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The process “%(title)s” is created.") % {"title": process.title})
            return redirect(_staff_url("process", process))
    return render(request, "participation/staff/process_create.html", {"form": form})


@staff_view(VIEW)
def process_overview(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    counts = Input.objects.filter(process=process).aggregate(
        published=Count("id", filter=Q(status=InputStatus.PUBLISHED)),
        pending=Count("id", filter=Q(status=InputStatus.PENDING)),
        unreviewed=Count(
            "id", filter=Q(status=InputStatus.PUBLISHED, reviewed_at__isnull=True, entered_by__isnull=True)
        ),
        rejected=Count("id", filter=Q(status=InputStatus.REJECTED)),
    )
    return render(
        request,
        "participation/staff/process_overview.html",
        {
            "process": process,
            "counts": counts,
            "pending_comments": Comment.objects.filter(input__process=process, status="pending").count(),
            "engagement_count": process.engagements.count(),
            "imports": list(process.import_batches.select_related("imported_by")[:5]),
            "phases": list(process.phases.order_by("position", "id")),
        },
    )


@staff_view(VIEW)
def process_settings(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    form = ProcessSettingsForm(request.POST or None, instance=Process.objects.get(pk=process.pk))
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_update(
                actor=request.user, process=process, **{k: form.cleaned_data[k] for k in form.Meta.fields}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect(_staff_url("process", process))
    return render(request, "participation/staff/process_settings.html", {"process": process, "form": form})


# --- Phases, target groups, focus areas --------------------------------------------------------------------------


@staff_view(VIEW)
def phase_list(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    form = PhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_create(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The phase is added."))
            return redirect(_staff_url("phases", process))
    return render(
        request,
        "participation/staff/phase_list.html",
        {"process": process, "phases": list(process.phases.order_by("position", "id")), "form": form},
    )


def _phase(process: Process, phase_id: int) -> Phase:
    return get_object_or_404(Phase, process=process, pk=phase_id)


@staff_view(VIEW)
def phase_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, phase_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    phase = _phase(process, phase_id)
    form = PhaseForm(request.POST or None, instance=Phase.objects.get(pk=phase.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_update(actor=request.user, phase=phase, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The phase is saved."))
            return redirect(_staff_url("phases", process))
    return render(request, "participation/staff/phase_form.html", {"process": process, "phase": phase, "form": form})


@require_POST
@staff_view(VIEW)
def phase_action(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, phase_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    phase = _phase(process, phase_id)
    action = request.POST.get("action")
    try:
        if action in {"up", "down"}:
            services.phase_move(actor=request.user, phase=phase, direction=_direction(request))
            messages.success(request, _("“%(phase)s” is moved.") % {"phase": phase.display_title})
        elif action == "current":
            services.phase_set_current(actor=request.user, phase=phase)
            messages.success(request, _("“%(phase)s” is now the current phase.") % {"phase": phase.display_title})
        elif action == "delete":
            services.phase_delete(actor=request.user, phase=phase)
            messages.success(request, _("The phase is deleted."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_staff_url("phases", process))


@staff_view(VIEW)
def target_group_list(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    form = TargetGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_group_create(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The target group is added."))
            return redirect(_staff_url("target_groups", process))
    return render(
        request,
        "participation/staff/target_group_list.html",
        {"process": process, "groups": list(process.target_groups.order_by("position", "id")), "form": form},
    )


@staff_view(VIEW)
def target_group_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, group_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    group = get_object_or_404(TargetGroup, process=process, pk=group_id)
    if request.method == "POST" and request.POST.get("action") in {"up", "down", "delete"}:
        if request.POST["action"] != "delete":
            services.target_group_move(actor=request.user, group=group, direction=_direction(request))
        else:
            services.target_group_delete(actor=request.user, group=group)
            messages.success(request, _("The target group is deleted."))
        return redirect(_staff_url("target_groups", process))
    form = TargetGroupForm(
        request.POST or None,
        initial={"name": group.name, "description": group.description},
        is_default=bool(group.key),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.target_group_update(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The target group is saved."))
            return redirect(_staff_url("target_groups", process))
    return render(
        request, "participation/staff/target_group_form.html", {"process": process, "group": group, "form": form}
    )


@staff_view(VIEW)
def focus_area_list(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    form = FocusAreaForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_area_create(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The focus area is added."))
            return redirect(_staff_url("focus_areas", process))
    areas = process.focus_areas.annotate(
        input_total=Count("inputs", filter=Q(inputs__status=InputStatus.PUBLISHED))
    ).order_by("position", "id")
    return render(
        request, "participation/staff/focus_area_list.html", {"process": process, "areas": list(areas), "form": form}
    )


@staff_view(VIEW)
def focus_area_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, area_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    area = get_object_or_404(FocusArea, process=process, pk=area_id)
    if request.method == "POST" and request.POST.get("action") in {"up", "down", "delete"}:
        if request.POST["action"] != "delete":
            services.focus_area_move(actor=request.user, area=area, direction=_direction(request))
        else:
            services.focus_area_delete(actor=request.user, area=area)
            messages.success(request, _("The focus area is deleted."))
        return redirect(_staff_url("focus_areas", process))
    form = FocusAreaForm(request.POST or None, instance=FocusArea.objects.get(pk=area.pk), process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_area_update(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The focus area is saved."))
            return redirect(_staff_url("focus_areas", process))
    return render(request, "participation/staff/focus_area_form.html", {"process": process, "area": area, "form": form})


# --- Engagements -------------------------------------------------------------------------------------------------


@staff_view(VIEW)
def engagement_list(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    engagements = (
        process.engagements.select_related("venue")
        .annotate(input_total=Count("inputs", filter=~Q(inputs__status=InputStatus.MERGED)))
        .order_by("-date", "-id")
    )
    return render(
        request, "participation/staff/engagement_list.html", {"process": process, "engagements": list(engagements)}
    )


@staff_view(VIEW)
def engagement_create(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    form = EngagementForm(request.POST or None, process=process, initial={"status": "held"})
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_create(
                actor=request.user, process=process, breakdown=form.breakdown(), **form.engagement_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is registered.") % {"title": engagement.title})
            return redirect(_staff_url("engagement", process, engagement_id=engagement.pk))
    return render(
        request, "participation/staff/engagement_form.html", {"process": process, "form": form, "engagement": None}
    )


def _engagement(process: Process, engagement_id: int) -> Engagement:
    return get_object_or_404(
        Engagement.objects.select_related("venue", "process__municipality"), process=process, pk=engagement_id
    )


@staff_view(VIEW)
def engagement_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, engagement_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    engagement = _engagement(process, engagement_id)
    form = EngagementForm(request.POST or None, instance=Engagement.objects.get(pk=engagement.pk), process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_update(
                actor=request.user, engagement=engagement, breakdown=form.breakdown(), **form.engagement_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": engagement.title})
            return redirect(_staff_url("engagement", process, engagement_id=engagement.pk))
    return render(
        request,
        "participation/staff/engagement_form.html",
        {
            "process": process,
            "form": form,
            "engagement": engagement,
            "attachment_form": AttachmentForm(),
            "attachments": list(engagement.attachments.all()),
            "input_total": engagement.inputs.count(),
        },
    )


@require_POST
@staff_view(VIEW)
def engagement_delete(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, engagement_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    engagement = _engagement(process, engagement_id)
    try:
        services.engagement_delete(actor=request.user, engagement=engagement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_staff_url("engagement", process, engagement_id=engagement.pk))
    messages.success(request, _("The engagement is deleted."))
    return redirect(_staff_url("engagements", process))


@require_POST
@staff_view(VIEW)
def engagement_attachment_add(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, engagement_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    engagement = _engagement(process, engagement_id)
    add_posted_attachment(
        request, partial(services.engagement_attachment_add, actor=request.user, engagement=engagement)
    )
    return redirect(_staff_url("engagement", process, engagement_id=engagement.pk) + "#attachments")


@require_POST
@staff_view(VIEW)
def engagement_attachment_delete(
    request: AuthedHttpRequest,
    *,
    municipality: Municipality,
    process_slug: str,
    engagement_id: int,
    engagement_attachment_id: int,
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    attachment = get_object_or_404(
        EngagementAttachment, engagement__process=process, engagement_id=engagement_id, pk=engagement_attachment_id
    )
    services.engagement_attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The file is removed."))
    return redirect(_staff_url("engagement", process, engagement_id=engagement_id) + "#attachments")


@staff_view(VIEW)
def attendance(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, engagement_id: int
) -> HttpResponse:
    """At the door: tick off who came, and register walk-ins."""
    process = _managed(request, municipality, process_slug)
    engagement = _engagement(process, engagement_id)
    walk_in_form = WalkInForm(request.POST if request.POST.get("action") == "walk_in" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "walk_in" and walk_in_form.is_valid():
            events.walk_in_add(actor=request.user, engagement=engagement, **walk_in_form.cleaned_data)
            messages.success(request, _("The walk-in is registered."))
            return redirect(_staff_url("attendance", process, engagement_id=engagement.pk))
        if action in {"arrived", "not_arrived"}:
            registration = get_object_or_404(
                Registration, engagement=engagement, pk=request.POST.get("registration") or 0
            )
            try:
                events.attendance_set(actor=request.user, registration=registration, attended=action == "arrived")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    (_("%(name)s has arrived.") if action == "arrived" else _("%(name)s is marked as not arrived."))
                    % {"name": str(registration)},
                )
            return redirect(
                _staff_url("attendance", process, engagement_id=engagement.pk) + f"#registration-{registration.pk}"
            )
    registrations = list(selectors.registration_list(engagement=engagement))
    engagement.refresh_from_db()
    return render(
        request,
        "participation/staff/attendance.html",
        {
            "process": process,
            "engagement": engagement,
            "registrations": registrations,
            "walk_in_form": walk_in_form,
            "attended": sum(r.seats for r in registrations if r.attended and r.status == "confirmed"),
            "confirmed": sum(r.seats for r in registrations if r.status == "confirmed" and not r.is_walk_in),
            "waiting": sum(r.seats for r in registrations if r.status == "waiting"),
        },
    )


# --- Inputs ------------------------------------------------------------------------------------------------------


@staff_view(VIEW)
def input_list(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    form = InputFilterForm(request.GET or None, process=process, with_status=True)
    filters = form.filters()
    page = Paginator(selectors.input_list_staff(process=process, filters=filters), STAFF_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_relations(page.object_list, process)  # type: ignore[arg-type]
    return render(request, "participation/staff/input_list.html", {"process": process, "form": form, "page": page})


@staff_view(VIEW)
def input_create(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    engagement_id = request.GET.get("engagement")
    initial: dict[str, Any] = {"received_on": datetime.date.today(), "language": process.content_language}
    if engagement_id and engagement_id.isdigit():
        engagement = process.engagements.filter(pk=engagement_id).first()
        if engagement is not None:
            initial.update({"engagement": engagement, "received_on": engagement.date})
    form = InputForm(request.POST or None, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.input_create(actor=request.user, process=process, data=_input_data(data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Input number %(number)s is saved.") % {"number": item.pk})
            if request.POST.get("next") == "another":
                return redirect(
                    _staff_url("input_create", process)
                    + (f"?engagement={item.engagement_id}" if item.engagement_id else "")
                )
            return redirect(_staff_url("input", process, input_id=item.pk))
    return render(request, "participation/staff/input_form.html", {"process": process, "form": form})


def _input_data(data: dict[str, Any]) -> services.InputData:
    return services.InputData(
        text=data["text"],
        received_on=data["received_on"],
        channel=data.get("channel") or "",
        kind=data["kind"],
        engagement=data.get("engagement"),
        language=data.get("language") or "",
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        focus_area_ids=tuple(data.get("focus_areas") or ()),
        target_group_ids=tuple(data.get("target_groups") or ()),
        tag_names=tuple(services.split_tag_names(data.get("tags") or "")),
        contact_name=data.get("contact_name") or "",
        contact_email=data.get("contact_email") or "",
        contact_phone=data.get("contact_phone") or "",
        contact_consent=bool(data.get("contact_consent")),
    )


@staff_view(VIEW)
def input_bulk(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    """A stack of sticky notes, typed one per line with the keyboard only."""
    process = _managed(request, municipality, process_slug)
    initial: dict[str, Any] = {}
    engagement_id = request.GET.get("engagement")
    if engagement_id and engagement_id.isdigit():
        initial["engagement"] = process.engagements.filter(pk=engagement_id).first()
    form = BulkInputForm(request.POST or None, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.input_bulk_create(
                actor=request.user,
                process=process,
                notes=data["notes"],
                received_on=data["received_on"],
                engagement=data.get("engagement"),
                channel=data.get("channel") or "",
                language=data.get("language") or "",
                kind=data["kind"],
                focus_area_ids=(data["focus_area"],) if data.get("focus_area") else (),
                target_group_ids=tuple(data.get("target_groups") or ()),
                tag_names=tuple(services.split_tag_names(data.get("tags") or "")),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)s inputs are saved (numbers %(first)s–%(last)s).")
                % {"count": len(created), "first": created[0].pk, "last": created[-1].pk},
            )
            target = _staff_url("input_bulk", process)
            if data.get("engagement"):
                target += f"?engagement={data['engagement'].pk}"
            return redirect(target)
    return render(request, "participation/staff/input_bulk.html", {"process": process, "form": form})


def _input(process: Process, input_id: int) -> Input:
    item = selectors.input_get_staff(process=process, input_id=input_id)
    if item is None:
        raise Http404
    return item


@staff_view(VIEW)
def input_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, input_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    item = _input(process, input_id)
    initial = {
        "text": item.text,
        "kind": item.kind,
        "engagement": item.engagement,
        "channel": item.channel,
        "received_on": item.received_on,
        "language": item.language,
        "focus_areas": [a.pk for a in item.focus_areas.all()],
        "target_groups": [g.pk for g in item.target_groups.all()],
        "tags": ", ".join(t.name for t in item.tags.all()),
        "latitude": item.latitude,
        "longitude": item.longitude,
    }
    form = InputForm(request.POST or None, process=process, initial=initial, with_contact=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.input_update(
                actor=request.user,
                item=item,
                text=data["text"],
                kind=data["kind"],
                channel=data.get("channel") or services.default_channel(data.get("engagement")),
                engagement=data.get("engagement"),
                received_on=data["received_on"],
                language=data.get("language") or "",
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                focus_area_ids=data.get("focus_areas") or [],
                target_group_ids=data.get("target_groups") or [],
                tag_names=services.split_tag_names(data.get("tags") or ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Input number %(number)s is saved.") % {"number": item.pk})
            return redirect(_staff_url("input", process, input_id=item.pk))
    return render(
        request,
        "participation/staff/input_edit.html",
        {
            "process": process,
            "input": item,
            "form": form,
            "moderation_form": ModerationForm(prefix="moderation"),
            "merge_form": MergeForm(prefix="merge"),
            "attachment_form": AttachmentForm(prefix="attachment"),
        },
    )


@require_POST
@staff_view(VIEW)
def input_action(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, input_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    item = _input(process, input_id)
    action = request.POST.get("action")
    back = request.POST.get("back") == "moderation"
    try:
        if action in {"publish", "reject"}:
            services.input_moderate(
                actor=request.user, item=item, publish=action == "publish", note=request.POST.get("note", "")
            )
            messages.success(
                request,
                (
                    _("Input number %(number)s is published.")
                    if action == "publish"
                    else _("Input number %(number)s is rejected.")
                )
                % {"number": item.pk},
            )
        elif action == "moderate":
            form = ModerationForm(request.POST, prefix="moderation")
            if not form.is_valid():
                raise ValidationError(_("Choose publish or reject."))
            services.input_moderate(
                actor=request.user,
                item=item,
                publish=form.cleaned_data["decision"] == "publish",
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The decision is saved."))
        elif action == "merge":
            merge_form = MergeForm(request.POST, prefix="merge")
            if not merge_form.is_valid():
                raise ValidationError(_("Give the number of the input this one repeats."))
            target = selectors.input_get_staff(process=process, input_id=merge_form.cleaned_data["target"])
            if target is None:
                raise ValidationError(_("This process has no input with that number."))
            services.input_merge(actor=request.user, target=target, duplicates=[item])
            messages.success(
                request, _("Merged: input number %(number)s now counts one more voice.") % {"number": target.pk}
            )
            return redirect(_staff_url("input", process, input_id=target.pk))
        elif action == "remove_contact":
            services.input_remove_contact(actor=request.user, item=item)
            messages.success(request, _("The contributor's contact is deleted."))
        elif action == "attach":
            upload_form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
            if not upload_form.is_valid():
                raise ValidationError(_("Choose a file to add."))
            services.input_attachment_add(
                actor=request.user,
                item=item,
                upload=upload_form.cleaned_data["file"],
                title=upload_form.cleaned_data["title"],
                alt_text=upload_form.cleaned_data["alt_text"],
            )
            messages.success(request, _("The file is added."))
        elif action == "detach":
            attachment = get_object_or_404(InputAttachment, input=item, pk=request.POST.get("attachment") or 0)
            services.input_attachment_delete(actor=request.user, attachment=attachment)
            messages.success(request, _("The file is removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if back:
        return redirect(_staff_url("moderation", process))
    return redirect(_staff_url("input", process, input_id=item.pk))


@staff_view(VIEW)
def moderation(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    return render(
        request,
        "participation/staff/moderation.html",
        {"process": process, **selectors.moderation_queue(process=process)},
    )


@require_POST
@staff_view(VIEW)
def comment_moderate(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, comment_id: int
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    comment = get_object_or_404(Comment.objects.select_related("input__process"), input__process=process, pk=comment_id)
    portal.comment_moderate(
        actor=request.user,
        comment=comment,
        publish=request.POST.get("action") == "publish",
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    messages.success(request, _("The decision is saved."))
    return redirect(_staff_url("moderation", process))


# --- Import ------------------------------------------------------------------------------------------------------


def _pending_import(request: HttpRequest, process: Process) -> dict[str, Any] | None:
    return request.session.get(IMPORT_SESSION_KEY, {}).get(str(process.pk))


def _import_defaults(process: Process, pending: dict[str, Any]) -> imports.ImportDefaults:
    engagement = None
    if pending.get("engagement"):
        engagement = process.engagements.filter(pk=pending["engagement"]).first()
    return imports.ImportDefaults(
        received_on=datetime.date.fromisoformat(pending["received_on"]),
        engagement=engagement,
        channel=pending.get("channel", ""),
        language=pending.get("language", ""),
    )


def _forget_import(request: HttpRequest, process: Process) -> None:
    pending = request.session.get(IMPORT_SESSION_KEY, {})
    entry = pending.pop(str(process.pk), None)
    request.session[IMPORT_SESSION_KEY] = pending
    if entry:
        default_storage.delete(entry["name"])


@staff_view(VIEW)
def import_upload(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    """Upload a spreadsheet. It is kept in the file storage (not in memory or on a local path) until confirmed."""
    process = _managed(request, municipality, process_slug)
    form = ImportUploadForm(request.POST or None, request.FILES or None, process=process)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(mb)s MB. Split it in parts.")
                % {"mb": imports.MAX_FILE_BYTES // (1024 * 1024)},
            )
        else:
            _forget_import(request, process)
            original = get_valid_filename(upload.name or "inputs")[:100] or "inputs"
            name = default_storage.save(
                f"participation/imports/{uuid.uuid4().hex}/{original}", ContentFile(upload.read())
            )
            data = form.cleaned_data
            pending = request.session.get(IMPORT_SESSION_KEY, {})
            pending[str(process.pk)] = {
                "name": name,
                "filename": upload.name,
                "engagement": data["engagement"].pk if data.get("engagement") else None,
                "channel": data.get("channel") or "",
                "received_on": data["received_on"].isoformat(),
                "language": data.get("language") or "",
            }
            request.session[IMPORT_SESSION_KEY] = pending
            return redirect(_staff_url("import_preview", process))
    return render(
        request,
        "participation/staff/import_upload.html",
        {
            "process": process,
            "form": form,
            "imports": list(process.import_batches.select_related("imported_by")[:10]),
            "aliases": {name: sorted(aliases) for name, aliases in imports.COLUMN_ALIASES.items()},
        },
    )


@staff_view(VIEW)
def import_preview(request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    pending = _pending_import(request, process)
    if pending is None or not default_storage.exists(pending["name"]):
        messages.info(request, _("Upload a file to import."))
        return redirect(_staff_url("import", process))
    with default_storage.open(pending["name"], "rb") as handle:
        content = handle.read()
    defaults = _import_defaults(process, pending)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            _forget_import(request, process)
            messages.success(request, _("The import is cancelled; nothing was saved."))
            return redirect(_staff_url("import", process))
        try:
            batch = imports.import_apply(
                actor=request.user, process=process, content=content, filename=pending["filename"], defaults=defaults
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            _forget_import(request, process)
            messages.success(
                request,
                _("%(created)s inputs are imported; %(skipped)s rows were already imported and are skipped.")
                % {"created": batch.rows_created, "skipped": batch.rows_skipped},
            )
            return redirect(_staff_url("inputs", process))
    report = imports.import_preview(
        actor=request.user, process=process, content=content, filename=pending["filename"], defaults=defaults
    )
    return render(
        request,
        "participation/staff/import_preview.html",
        {"process": process, "report": report, "defaults": defaults},
    )


@staff_view(VIEW)
def import_template(
    request: AuthedHttpRequest, *, municipality: Municipality, process_slug: str, template_format: str
) -> HttpResponse:
    process = _managed(request, municipality, process_slug)
    rows = imports.template_rows()
    if template_format == "csv":
        import csv
        import io

        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif template_format == "xlsx":
        import io

        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)  # type: ignore[union-attr]
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-import-template.{template_format}"'
    return response
