"""Public pages: processes with their timeline, engagements with sign-up, the input list, the idea portal,
support, comments and follows, statistics, the dialogue dinner kit, exports and attachments.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sammen.core.forms import add_service_errors
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view

from . import events, exports, portal, selectors
from .forms import (
    AttachmentForm,
    CommentForm,
    DinnerHostForm,
    DinnerReportForm,
    IdeaForm,
    InputFilterForm,
    RegistrationForm,
)
from .models import EngagementAttachment, InputAttachment, InputStatus, Process, RegistrationStatus
from .spam import (
    HONEYPOT_FIELD,
    TIMER_FIELD,
    client_fingerprint,
    form_timer_problem,
    form_timer_token,
    hit_rate_limit,
    honeypot_filled,
)
from .statistics import process_statistics_cached as process_statistics

PAGE_SIZE = 25
SUPPORTER_COOKIE = "sammen_supporter"
SUPPORTER_COOKIE_AGE = 2 * 365 * 24 * 3600
SUBMITTED_SESSION_KEY = "participation_submitted"
IDEA_LIMIT = (5, 600)  # ideas per client per ten minutes
SIGNUP_LIMIT = (10, 600)
SUPPORT_LIMIT = (60, 600)
COMMENT_LIMIT = (10, 600)


def _process(request: HttpRequest, municipality: Municipality, process_slug: str) -> Process:
    process = selectors.process_get_visible(municipality=municipality, slug=process_slug, user=request.user)
    if process is None:
        raise Http404
    return process


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _language() -> str:
    return (get_language() or "nb").split("-")[0]


@municipality_view
def process_list(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    processes = list(selectors.process_list_public(municipality=municipality))
    rows = [(p, process_statistics(process=p, with_details=False)) for p in processes]
    return render(request, "participation/process_list.html", {"rows": rows})


@municipality_view
def process_detail(request: HttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    today = timezone.localdate()
    engagements = list(selectors.engagement_list(process=process))
    return render(
        request,
        "participation/process_detail.html",
        {
            "process": process,
            "phases": _timeline(process),
            "stats": process_statistics(process=process, with_details=False),
            "upcoming": [
                e for e in engagements if e.status == "planned" and e.date >= today and e.kind != "dialogue_dinner"
            ],
            "past": [e for e in engagements if e.status == "held"][-12:][::-1],
            "engagement_count": len(engagements),
            "popular": selectors.with_relations(
                list(selectors.input_list_public(process=process, filters=selectors.InputFilter(sort="support"))[:5]),
                process,
            ),
            "focus_areas": list(process.focus_areas.order_by("position", "id")),
            "target_groups": list(process.target_groups.order_by("position", "id")),
            "can_change": request.user.has_perm("participation.change_process", process),
        },
    )


def _timeline(process: Process) -> list[Any]:
    """The phases in order, each marked done, current or upcoming relative to the current phase."""
    phases = list(process.phases.order_by("position", "id"))
    current_index = next((i for i, p in enumerate(phases) if p.pk == process.current_phase_id), None)
    for index, phase in enumerate(phases):
        if current_index is None:
            phase.state = "upcoming"  # type: ignore[attr-defined]
        elif index < current_index:
            phase.state = "done"  # type: ignore[attr-defined]
        elif index == current_index:
            phase.state = "current"  # type: ignore[attr-defined]
        else:
            phase.state = "upcoming"  # type: ignore[attr-defined]
    return phases


@municipality_view
def engagement_detail(
    request: HttpRequest, *, municipality: Municipality, process_slug: str, engagement_id: int
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    engagement = selectors.engagement_get(process=process, engagement_id=engagement_id)
    if engagement is None:
        raise Http404
    signup_open = events.signup_is_open(engagement)
    form = RegistrationForm(request.POST or None) if signup_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Sign-up for this event is closed."))
            return redirect(engagement.get_absolute_url())
        if honeypot_filled(request.POST):
            return redirect(engagement.get_absolute_url())
        if form.is_valid():
            limit, window = SIGNUP_LIMIT
            if hit_rate_limit(scope="signup", key=client_fingerprint(request), limit=limit, window_seconds=window):
                form.add_error(
                    None, _("Many sign-ups came from your connection just now. Wait ten minutes and try again.")
                )
            else:
                data = form.cleaned_data
                try:
                    registration = events.registration_create(
                        engagement=engagement,
                        name=data["name"],
                        email=data["email"],
                        phone=data["phone"],
                        seats=data["seats"],
                        user=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                        language=_language(),
                        base_url=_base_url(request),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    if registration.status == RegistrationStatus.CONFIRMED:
                        messages.success(request, _("You are signed up. Welcome!"))
                    else:
                        messages.success(
                            request,
                            _("The event is full, so you are on the waiting list. We will tell you if a place opens."),
                        )
                    return redirect(
                        "participation:registration_cancel",
                        municipality_slug=municipality.slug,
                        registration_token=registration.token,
                    )
    taken = events.seats_taken(engagement) if engagement.signup_enabled else 0
    return render(
        request,
        "participation/engagement_detail.html",
        {
            "process": process,
            "engagement": engagement,
            "form": form,
            "signup_open": signup_open,
            "seats_left": max(engagement.capacity - taken, 0) if engagement.capacity else None,
            "attachments": list(engagement.attachments.all()),
            "input_count": engagement.inputs.filter(status=InputStatus.PUBLISHED).count(),
            "can_change": request.user.has_perm("participation.change_process", process),
            # A host's own summary of a dialogue dinner is for the staff; the inputs go through moderation.
            "show_summary": not engagement.host_token or request.user.has_perm("participation.change_process", process),
        },
    )


@municipality_view
def registration_cancel(request: HttpRequest, *, municipality: Municipality, registration_token: str) -> HttpResponse:
    registration = selectors.registration_by_token(municipality=municipality, token=registration_token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        events.registration_cancel(registration=registration, language=_language(), base_url=_base_url(request))
        messages.success(request, _("Your sign-up is cancelled. Thank you for letting us know."))
        return redirect(registration.engagement.get_absolute_url())
    waiting_position = None
    if registration.status == RegistrationStatus.WAITING:
        waiting_position = registration.engagement.registrations.filter(
            status=RegistrationStatus.WAITING, created_at__lte=registration.created_at, id__lte=registration.pk
        ).count()
    return render(
        request,
        "participation/registration.html",
        {"registration": registration, "engagement": registration.engagement, "waiting_position": waiting_position},
    )


def _filter_form(request: HttpRequest, process: Process) -> InputFilterForm:
    return InputFilterForm(request.GET or None, process=process)


@municipality_view
def input_list(request: HttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    form = _filter_form(request, process)
    filters = form.filters()
    page = Paginator(selectors.input_list_public(process=process, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_relations(page.object_list, process)  # type: ignore[arg-type]
    return render(
        request,
        "participation/input_list.html",
        {"process": process, "form": form, "page": page, "filtered": filters.is_active()},
    )


@municipality_view
def input_export(
    request: HttpRequest, *, municipality: Municipality, process_slug: str, export_format: str
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    filters = _filter_form(request, process).filters()
    inputs = selectors.input_list_public(process=process, filters=filters)
    # Streamed responses are not HttpResponse subclasses, but every caller treats them alike.
    if export_format == "csv":
        return cast(
            HttpResponse, exports.inputs_csv_response(process=process, inputs=inputs, base_url=_base_url(request))
        )
    if export_format == "json":
        return cast(
            HttpResponse, exports.inputs_json_response(process=process, inputs=inputs, base_url=_base_url(request))
        )
    raise Http404


def _submitted(request: HttpRequest) -> list[int]:
    return list(request.session.get(SUBMITTED_SESSION_KEY, []))


@municipality_view
def input_detail(request: HttpRequest, *, municipality: Municipality, process_slug: str, input_id: int) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    item = selectors.input_get_public(process=process, input_id=input_id, user=request.user)
    if item is None and input_id in _submitted(request):
        item = selectors.input_get_staff(process=process, input_id=input_id)
    if item is None or (
        item.status == InputStatus.REJECTED and not request.user.has_perm("participation.change_process", process)
    ):
        raise Http404
    if item.status == InputStatus.MERGED and item.merged_into is not None:
        messages.info(request, _("This input said the same as another, so they were merged. Here it is."))
        return redirect(item.merged_into.get_absolute_url())
    return render(request, "participation/input_detail.html", _input_context(request, process, item))


def _input_context(request: HttpRequest, process: Process, item: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "process": process,
        "input": item,
        "comments": list(selectors.comments_public(item=item)),
        "comment_form": extra.get("comment_form") or CommentForm(),
        "supported": portal.has_supported(
            item=item,
            user=user,
            anonymous_key=request.COOKIES.get(SUPPORTER_COOKIE, ""),  # type: ignore[arg-type]
        ),
        "following": user.is_authenticated and item.follows.filter(user=user).exists(),
        "can_change": user.has_perm("participation.change_process", process),
        "is_public": item.status == InputStatus.PUBLISHED,
    }


@municipality_view
def input_support(
    request: HttpRequest, *, municipality: Municipality, process_slug: str, input_id: int
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    item = selectors.input_get_public(process=process, input_id=input_id, user=request.user)
    if item is None or item.status != InputStatus.PUBLISHED:
        raise Http404
    if request.method != "POST":
        # The action's address shows the input with its buttons, so a shared or bookmarked link still works.
        return render(request, "participation/input_detail.html", _input_context(request, process, item))
    key = request.COOKIES.get(SUPPORTER_COOKIE, "")
    new_key = ""
    if not request.user.is_authenticated and not key:
        key = new_key = secrets.token_urlsafe(24)
    limit, window = SUPPORT_LIMIT
    if hit_rate_limit(scope="support", key=client_fingerprint(request), limit=limit, window_seconds=window):
        messages.error(request, _("Many supports came from your connection just now. Wait a little and try again."))
    else:
        try:
            if request.POST.get("action") == "remove":
                portal.support_remove(item=item, user=request.user, anonymous_key=key)  # type: ignore[arg-type]
            elif not portal.support_add(item=item, user=request.user, anonymous_key=key):  # type: ignore[arg-type]
                messages.info(request, _("You already support this input."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    item.refresh_from_db(fields=["support_count"])
    if request.htmx:  # type: ignore[attr-defined]
        request.COOKIES[SUPPORTER_COOKIE] = key
        response = render(
            request,
            "participation/input_detail.html#support",
            _input_context(request, process, item),
        )
    else:
        response = redirect(item.get_absolute_url())
    if new_key:
        response.set_cookie(
            SUPPORTER_COOKIE,
            new_key,
            max_age=SUPPORTER_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@municipality_view
def input_follow(request: HttpRequest, *, municipality: Municipality, process_slug: str, input_id: int) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    item = selectors.input_get_public(process=process, input_id=input_id, user=request.user)
    if item is None:
        raise Http404
    if request.method != "POST":
        return render(request, "participation/input_detail.html", _input_context(request, process, item))
    if not request.user.is_authenticated:
        return redirect_to_login(item.get_absolute_url())
    try:
        if request.POST.get("action") == "unfollow":
            portal.unfollow(item=item, user=request.user)  # type: ignore[arg-type]
            messages.success(request, _("You no longer follow this input."))
        else:
            portal.follow(item=item, user=request.user)  # type: ignore[arg-type]
            messages.success(request, _("You follow this input. We will e-mail you when something happens."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(item.get_absolute_url())


@municipality_view
def input_comment(
    request: HttpRequest, *, municipality: Municipality, process_slug: str, input_id: int
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    item = selectors.input_get_public(process=process, input_id=input_id, user=request.user)
    if item is None:
        raise Http404
    if request.method != "POST":
        return render(request, "participation/input_detail.html", _input_context(request, process, item))
    if not request.user.is_authenticated:
        return redirect_to_login(item.get_absolute_url())
    form = CommentForm(request.POST)
    if form.is_valid():
        limit, window = COMMENT_LIMIT
        if hit_rate_limit(scope="comment", key=str(request.user.pk), limit=limit, window_seconds=window):
            form.add_error(None, _("You have written many comments just now. Wait ten minutes and try again."))
        else:
            try:
                comment = portal.comment_add(
                    item=item,
                    user=request.user,  # type: ignore[arg-type]
                    text=form.cleaned_data["text"],
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if comment.status == "published":
                    messages.success(request, _("Thank you for your comment."))
                else:
                    messages.success(request, _("Thank you. Your comment is shown when a moderator has read it."))
                return redirect(item.get_absolute_url() + "#comments")
    return render(request, "participation/input_detail.html", _input_context(request, process, item, comment_form=form))


@municipality_view
def idea_new(request: HttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    if not (process.accepts_ideas and process.is_published):
        return render(request, "participation/idea_closed.html", {"process": process})
    data = request.POST.copy() if request.method == "POST" else None
    form = IdeaForm(data, request.FILES or None, process=process)
    if request.method == "POST" and data is not None:
        if honeypot_filled(request.POST):
            # Quietly accept and drop it: a bot should learn nothing.
            return redirect("participation:idea_thanks", municipality_slug=municipality.slug, process_slug=process.slug)
        timer = form_timer_problem(request.POST.get(TIMER_FIELD))
        data[TIMER_FIELD] = form_timer_token() if timer == "expired" else request.POST.get(TIMER_FIELD, "")
        if form.is_valid():
            limit, window = IDEA_LIMIT
            if timer == "fast":
                form.add_error(None, _("That was very quick. Check your text and send it again."))
            elif timer == "expired":
                form.add_error(None, _("The page was open for a long time. Check your text and send it again."))
            elif hit_rate_limit(scope="idea", key=client_fingerprint(request), limit=limit, window_seconds=window):
                form.add_error(
                    None, _("Many ideas came from your connection just now. Wait ten minutes and try again.")
                )
            else:
                cleaned = form.cleaned_data
                try:
                    item = portal.idea_submit(
                        process=process,
                        text=cleaned["text"],
                        kind=cleaned["kind"],
                        language=cleaned.get("language") or "",
                        focus_area=cleaned.get("focus_area"),
                        latitude=cleaned.get("latitude"),
                        longitude=cleaned.get("longitude"),
                        contact_email=cleaned.get("contact_email") or "",
                        contact_phone=cleaned.get("contact_phone") or "",
                        consent=bool(cleaned.get("consent")),
                        ui_language=_language(),
                        user=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                        image=cleaned.get("image"),
                        image_alt=cleaned.get("image_alt") or "",
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    request.session[SUBMITTED_SESSION_KEY] = [*_submitted(request)[-19:], item.pk]
                    return redirect(
                        "participation:idea_thanks", municipality_slug=municipality.slug, process_slug=process.slug
                    )
    return render(
        request, "participation/idea_form.html", {"process": process, "form": form, "honeypot": HONEYPOT_FIELD}
    )


@municipality_view
def idea_thanks(request: HttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    submitted = _submitted(request)
    item = None
    if submitted:
        item = selectors.input_get_staff(process=process, input_id=submitted[-1])
    return render(request, "participation/idea_thanks.html", {"process": process, "input": item})


@municipality_view
def statistics(request: HttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    return render(
        request,
        "participation/statistics.html",
        {
            "process": process,
            "stats": process_statistics(process=process),
            "can_change": request.user.has_perm("participation.change_process", process),
        },
    )


@municipality_view
def dinner_host(request: HttpRequest, *, municipality: Municipality, process_slug: str) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    if not process.dinner_kit_enabled:
        raise Http404
    form = DinnerHostForm(request.POST or None)
    if request.method == "POST" and not honeypot_filled(request.POST) and form.is_valid():
        limit, window = SIGNUP_LIMIT
        if hit_rate_limit(scope="dinner", key=client_fingerprint(request), limit=limit, window_seconds=window):
            form.add_error(None, _("Many sign-ups came from your connection just now. Wait ten minutes and try again."))
        else:
            data = form.cleaned_data
            try:
                engagement = events.dinner_register(
                    process=process,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    planned_on=data["planned_on"],
                    guests=data["guests"],
                    consent=data["consent"],
                    user=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
                    language=_language(),
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you for hosting! We have e-mailed you the question guide and the link to this page. "
                        "Come back here after the dinner to report."
                    ),
                )
                return redirect(events.dinner_report_url(engagement))
    return render(
        request,
        "participation/dinner_host.html",
        {"process": process, "form": form, "questions": _questions(process)},
    )


def _questions(process: Process) -> list[str]:
    return [line.strip() for line in process.dinner_guide.splitlines() if line.strip()]


@municipality_view
def dinner_report(request: HttpRequest, *, municipality: Municipality, host_token: str) -> HttpResponse:
    engagement = selectors.dinner_by_token(municipality=municipality, token=host_token)
    if engagement is None:
        raise Http404
    process = engagement.process
    form = None
    if engagement.reported_at is None:
        form = DinnerReportForm(request.POST or None, initial={"held_on": engagement.date})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                events.dinner_report(
                    engagement=engagement,
                    held_on=data["held_on"],
                    participants=data["participants"],
                    summary=data["summary"],
                    inputs_text=data["inputs"],
                    language=_language(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Thank you! Your report and the inputs from your table are received."))
                return redirect(request.path)
    return render(
        request,
        "participation/dinner_report.html",
        {
            "process": process,
            "engagement": engagement,
            "form": form,
            "questions": _questions(process),
            "input_count": engagement.inputs.count(),
        },
    )


@municipality_view
def my_inputs(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    lists = selectors.inputs_of_person(municipality=municipality, user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "participation/my_inputs.html",
        {"mine": list(lists["mine"][:200]), "following": list(lists["following"][:200])},
    )


def add_posted_attachment(request: HttpRequest, add: Callable[..., Any]) -> None:
    """Read the attachment form of a staff page, call `add(upload=, title=, alt_text=)` and say how it went."""
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to add."))
        return
    try:
        add(upload=form.cleaned_data["file"], title=form.cleaned_data["title"], alt_text=form.cleaned_data["alt_text"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file is added."))


def serve_attachment(attachment: Any) -> HttpResponse:
    handle = attachment.file.storage.open(attachment.file.name, "rb")
    filename = attachment.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle,
        content_type=attachment.content_type or "application/octet-stream",
        as_attachment=not attachment.is_image,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return cast(HttpResponse, response)


@municipality_view
def input_attachment(
    request: HttpRequest, *, municipality: Municipality, process_slug: str, input_id: int, input_attachment_id: int
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    item = selectors.input_get_public(process=process, input_id=input_id, user=request.user)
    if item is None and input_id in _submitted(request):
        item = selectors.input_get_staff(process=process, input_id=input_id)
    if item is None:
        raise Http404
    attachment = InputAttachment.objects.filter(input=item, pk=input_attachment_id).first()
    if attachment is None:
        raise Http404
    return serve_attachment(attachment)


@municipality_view
def engagement_attachment(
    request: HttpRequest,
    *,
    municipality: Municipality,
    process_slug: str,
    engagement_id: int,
    engagement_attachment_id: int,
) -> HttpResponse:
    process = _process(request, municipality, process_slug)
    attachment = EngagementAttachment.objects.filter(
        engagement__process=process, engagement_id=engagement_id, pk=engagement_attachment_id
    ).first()
    if attachment is None:
        raise Http404
    return serve_attachment(attachment)
