"""Public search, detail and calendar pages; the organisers' listing pages; open-data feeds."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.organisations.models import Organisation, OrganisationStatus
from sammen.places.models import Municipality
from sammen.places.tenancy import get_neighbourhood_or_404, municipality_view

from . import card_payment, opendata, selectors, services
from .forms import (
    ActivityForm,
    CancelSessionForm,
    ImageForm,
    SavedSearchForm,
    ScheduleForm,
    SearchForm,
    SignUpForm,
    StatusForm,
)
from .geocoding import get_geocoder, inside_country
from .models import Activity, ActivityStatus, JoinMethod, SavedSearch, Schedule, Session, SignUp, SignUpStatus

PER_PAGE = 20


def _login_required(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _search_from_request(
    request: HttpRequest, municipality: Municipality
) -> tuple[SearchForm, selectors.SearchFilters | None, dict[str, Any]]:
    """The search form bound to the query string, and the filters it gives (None when the input is invalid)."""
    categories = list(selectors.category_list(municipality=municipality))
    form = SearchForm(request.GET or None, municipality=municipality, categories=categories)
    info: dict[str, Any] = {"location": None, "location_error": ""}
    if not form.is_bound:
        return form, selectors.SearchFilters(), info
    if not form.is_valid():
        return form, None, info
    location = None
    lat, lon = form.cleaned_data.get("lat"), form.cleaned_data.get("lon")
    near = form.cleaned_data.get("near") or ""
    # A typed place wins over an earlier "near me" position (the script clears the place when it uses the position).
    if near:
        found = get_geocoder().locate(municipality=municipality, text=near)
        if found is None:
            info["location_error"] = _("We could not find “%(place)s”. Try a neighbourhood, a venue or a postcode.") % {
                "place": near
            }
        else:
            location = (found.latitude, found.longitude)
            info["location"] = found.label
    elif lat is not None and lon is not None:
        if inside_country(lat, lon, municipality.country):
            location = (lat, lon)
            info["location"] = _("your position")
        else:
            info["location_error"] = _("Your position seems to be outside %(country)s, so it is not used.") % {
                "country": municipality.get_country_display()
            }
    return form, form.filters(location=location), info


def _map_config(request: HttpRequest, municipality: Municipality) -> dict[str, Any] | None:
    tiles = getattr(settings, "SAMMEN_MAP_TILE_URL", "")
    if not tiles:
        return None
    centre = municipality.neighbourhoods.filter(latitude__isnull=False).order_by("name").first()
    return {
        "tiles": tiles,
        "attribution": getattr(settings, "SAMMEN_MAP_ATTRIBUTION", ""),
        "markers": reverse("activities:map_markers", kwargs={"municipality_slug": municipality.slug})
        + "?"
        + request.GET.urlencode(),
        "lat": float(centre.latitude or 0) if centre else 59.9,
        "lon": float(centre.longitude or 0) if centre else 10.7,
    }


@municipality_view
def search(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    form, filters, info = _search_from_request(request, municipality)
    result = None
    if filters is not None:
        try:
            page = int(request.GET.get("page", "1"))
        except ValueError:
            page = 1
        result = selectors.activity_search(municipality=municipality, filters=filters, page=page, per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    controls = form.controls()
    return render(
        request,
        "activities/search.html",
        {
            "form": form,
            "controls": controls,
            "hidden_controls": [controls[name] for name in ("lat", "lon", "venue", "organisation")],
            "more_open": any(
                request.GET.get(n) for n in ("category", "card", "trial", "group", "language", "neighbourhood")
            ),
            "result": result,
            "info": info,
            "query": query.urlencode(),
            "map": _map_config(request, municipality),
            "has_filters": bool(query),
        },
    )


@municipality_view
def map_markers(request: HttpRequest, *, municipality: Municipality) -> JsonResponse:
    form, filters, _info = _search_from_request(request, municipality)
    if filters is None:
        return JsonResponse({"errors": form.errors}, status=400)
    bbox = None
    if request.GET.get("bbox"):
        try:
            west, south, east, north = (float(v) for v in request.GET["bbox"].split(","))
        except ValueError:
            return JsonResponse({"errors": {"bbox": [_("Give the box as west,south,east,north.")]}}, status=400)
        bbox = (west, south, east, north)
    markers = selectors.map_markers(municipality=municipality, filters=filters, bbox=bbox)
    base = reverse("activities:search", kwargs={"municipality_slug": municipality.slug})
    query = request.GET.copy()
    query.pop("bbox", None)
    for marker in markers:
        query["venue"] = str(marker["venue"])
        marker["url"] = f"{base}?{query.urlencode()}"
    return JsonResponse({"markers": markers})


@municipality_view
def search_calendar(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    """The search as a calendar feed: subscribe to "free, Tuesdays, near Borgen"."""
    _form, filters, _info = _search_from_request(request, municipality)
    if filters is None:
        raise Http404
    activities = selectors.activity_search_all(municipality=municipality, filters=filters)
    return _ics(
        opendata.ical_calendar(
            request, name=_("Activities in %(place)s") % {"place": municipality.name}, activities=activities
        ),
        "activities.ics",
    )


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@municipality_view
def this_week(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    neighbourhood = None
    slug = request.GET.get("neighbourhood", "")
    if slug:
        neighbourhood = get_neighbourhood_or_404(municipality, slug)
    sessions = selectors.sessions_this_week(municipality=municipality, neighbourhood_slug=slug)
    days: dict[Any, list[Session]] = {}
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return render(
        request,
        "activities/this_week.html",
        {
            "days": sorted(days.items()),
            "neighbourhood": neighbourhood,
            "neighbourhoods": municipality.neighbourhoods.filter(is_active=True).order_by("name"),
        },
    )


@municipality_view
def detail(request: HttpRequest, *, municipality: Municipality, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get_public(municipality=municipality, activity_id=activity_id, user=request.user)
    if activity is None:
        raise Http404
    sessions = selectors.upcoming_sessions(activity=activity)
    next_session = next((s for s in sessions if not s.is_cancelled), None)
    jsonld = json.dumps(opendata.event_jsonld(request, activity, next_session), ensure_ascii=False)
    children = list(request.user.children.all()) if request.user.is_authenticated else []
    my_signups = (
        list(activity.signups.filter(user=request.user).exclude(status=SignUpStatus.CANCELLED))
        if request.user.is_authenticated
        else []
    )
    card_options = (
        card_payment.payment_options(guardian=request.user, activity=activity)  # type: ignore[arg-type]
        if activity.join_method == JoinMethod.SIGN_UP and request.user.is_authenticated
        else []
    )
    by_child = {o.child.pk: o for o in card_options}
    for item in my_signups:
        # A held place whose child's card can pay the fee gets a "pay with the activity card" button.
        option = by_child.get(item.child_id) if item.child_id and item.status == SignUpStatus.AWAITING_PAYMENT else None
        item.card_option = option  # type: ignore[attr-defined]
    taken = (
        activity.signups.filter(status__in=["confirmed", "awaiting_payment"]).count()
        if activity.join_method == JoinMethod.SIGN_UP
        else 0
    )
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "sessions": sessions,
            "jsonld": jsonld.replace("</", "<\\/"),
            "can_change": request.user.has_perm("activities.change_activity", activity),
            "is_visible": selectors.visible_activities(municipality=municipality).filter(pk=activity.pk).exists(),
            "signup_form": SignUpForm(children=children, card_options=card_options, fee_ore=activity.signup_fee_ore)
            if activity.join_method == JoinMethod.SIGN_UP
            else None,
            "my_signups": my_signups,
            "places_left": max(0, (activity.capacity or 0) - taken),
            "schedules": [(s, _schedule_text(s)) for s in activity.schedules.all()],
        },
    )


def _schedule_text(schedule: Schedule) -> dict[str, Any]:
    from .recurrence import parse_exdates, schedule_summary

    summary = schedule_summary(schedule)
    return {**summary, "exdates": parse_exdates(schedule.exdates)}


@municipality_view
def activity_calendar(request: HttpRequest, *, municipality: Municipality, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get_public(municipality=municipality, activity_id=activity_id, user=request.user)
    if activity is None:
        raise Http404
    return _ics(
        opendata.ical_calendar(request, name=activity.title, activities=[activity]), f"activity-{activity.pk}.ics"
    )


@municipality_view
def organisation_calendar(request: HttpRequest, *, municipality: Municipality, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation, municipality=municipality, pk=organisation_id, status=OrganisationStatus.APPROVED
    )
    activities = (
        selectors.visible_activities(municipality=municipality)
        .filter(organisation=organisation)
        .select_related("organisation", "venue", "municipality")
        .prefetch_related("schedules__cancellations")
    )
    return _ics(
        opendata.ical_calendar(request, name=organisation.name, activities=activities),
        f"organisation-{organisation.pk}.ics",
    )


@municipality_view
def saved_calendar(request: HttpRequest, *, municipality: Municipality, token: str) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, municipality=municipality, token=token)
    from django.http import QueryDict

    # The saved query string stands in for the request's own: the same form, filters and geocoding.
    request.GET = QueryDict(saved.query)  # type: ignore[assignment]
    _form, filters, _info = _search_from_request(request, municipality)
    activities = selectors.activity_search_all(municipality=municipality, filters=filters or selectors.SearchFilters())
    return _ics(opendata.ical_calendar(request, name=saved.name, activities=activities), "saved-search.ics")


@municipality_view
def saved_searches(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    form = SavedSearchForm(request.POST or None, initial={"query": request.GET.get("query", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.saved_search_create(actor=request.user, municipality=municipality, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The search is saved. Subscribe to it in your calendar with the link below."))
            return redirect("activities:saved", municipality_slug=municipality.slug)
    saved = SavedSearch.objects.filter(municipality=municipality, user=request.user).order_by("name")  # type: ignore[misc]
    return render(request, "activities/saved.html", {"form": form, "saved": saved})


@municipality_view
@require_POST
def saved_search_delete(request: HttpRequest, *, municipality: Municipality, saved_id: int) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    saved = get_object_or_404(SavedSearch, municipality=municipality, pk=saved_id, user=request.user)
    services.saved_search_delete(actor=request.user, saved=saved)  # type: ignore[arg-type]
    messages.success(request, _("The saved search is deleted."))
    return redirect("activities:saved", municipality_slug=municipality.slug)


@municipality_view
def signup(request: HttpRequest, *, municipality: Municipality, activity_id: int) -> HttpResponse:
    """Sign yourself or a child up: a page of its own, so a mistake is shown next to the field."""
    if (denied := _login_required(request)) is not None:
        return denied
    activity = get_object_or_404(
        selectors.visible_activities(municipality=municipality).select_related("organisation", "municipality"),
        pk=activity_id,
        join_method=JoinMethod.SIGN_UP,
    )
    card_options = card_payment.payment_options(guardian=request.user, activity=activity)  # type: ignore[arg-type]
    form = SignUpForm(
        request.POST or None,
        children=list(request.user.children.all()),  # type: ignore[union-attr]
        card_options=card_options,
        fee_ore=activity.signup_fee_ore,
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.signup_create(
                actor=request.user,  # type: ignore[arg-type]
                activity=activity,
                participant_name=form.cleaned_data.get("participant_name") or "",
                child=form.cleaned_data["child_obj"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data.get("pay_with_card") and created.status == SignUpStatus.AWAITING_PAYMENT:
                _pay_with_card(request, created)
            else:
                texts = {
                    SignUpStatus.CONFIRMED: _("%(name)s has a place. Welcome!"),
                    SignUpStatus.AWAITING_PAYMENT: _("A place is held for %(name)s until the fee is paid."),
                    SignUpStatus.WAITING: _("The activity is full: %(name)s is on the waiting list."),
                }
                messages.success(request, texts[created.status] % {"name": created.participant_name})  # type: ignore[index]
            return redirect(activity.get_absolute_url())
    return render(request, "activities/signup.html", {"activity": activity, "form": form, "card_options": card_options})


def _pay_with_card(request: HttpRequest, signup: SignUp) -> None:
    """Pay a held place from the child's activity card and say how it went (a 'no' leaves the place held)."""
    try:
        services.signup_pay_with_card(actor=request.user, signup=signup)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(
            request,
            " ".join(
                [
                    *error.messages,
                    _("A place is held for %(name)s until the fee is paid.") % {"name": signup.participant_name},
                ]
            ),
        )
    else:
        messages.success(
            request,
            _("%(name)s has a place. The fee is paid with the activity card.") % {"name": signup.participant_name},
        )


@municipality_view
@require_POST
def signup_pay(request: HttpRequest, *, municipality: Municipality, signup_id: int) -> HttpResponse:
    """Pay a held place's fee with the child's activity card (the button next to the guardian's sign-up)."""
    if (denied := _login_required(request)) is not None:
        return denied
    item = get_object_or_404(
        SignUp.objects.select_related("activity__organisation", "child"),
        pk=signup_id,
        activity__municipality=municipality,
        user=request.user,
    )
    _pay_with_card(request, item)
    return redirect(item.activity.get_absolute_url())


@municipality_view
@require_POST
def signup_cancel(request: HttpRequest, *, municipality: Municipality, signup_id: int) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    item = get_object_or_404(
        SignUp.objects.select_related("activity"), pk=signup_id, activity__municipality=municipality
    )
    try:
        services.signup_cancel(actor=request.user, signup=item)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The sign-up is cancelled. The fee is given back to the activity card.")
            if item.paid_by_card
            else _("The sign-up is cancelled."),
        )
    if item.user_id == request.user.pk:
        return redirect(item.activity.get_absolute_url())
    return redirect("activities:manage_signups", municipality_slug=municipality.slug, activity_id=item.activity_id)


# Organisers ------------------------------------------------------------------------------------------------------


def _manageable(request: HttpRequest, municipality: Municipality, activity_id: int) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("organisation", "venue", "category", "municipality"),
        municipality=municipality,
        pk=activity_id,
    )
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    return activity


@municipality_view
def manage(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    if not request.user.has_perm("activities.manage_own", municipality):
        raise PermissionDenied
    activities = selectors.manageable_activities(municipality=municipality, user=request.user)  # type: ignore[arg-type]
    stale_before = timezone.now() - services.STALE_AFTER
    rows = [
        (a, a.status == ActivityStatus.PUBLISHED and (a.confirmed_at is None or a.confirmed_at < stale_before))
        for a in activities[:500]
    ]
    return render(request, "activities/manage/list.html", {"rows": rows, "total": activities.count()})


@municipality_view
def manage_create(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    if not request.user.has_perm("activities.manage_own", municipality):
        raise PermissionDenied
    services.category_defaults_ensure(municipality=municipality)
    organisations = selectors.organisations_for(municipality=municipality, user=request.user)  # type: ignore[arg-type]
    form = ActivityForm(
        request.POST or None, request.FILES or None, municipality=municipality, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=form.cleaned_data["organisation"],
                schedule=form.schedule_input(),
                price_bands=form.cleaned_data["price_bands_text"] or None,
                publish=form.cleaned_data["publish"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if activity.status == ActivityStatus.PUBLISHED:
                messages.success(request, _("“%(title)s” is published.") % {"title": activity.title})
            else:
                messages.success(request, _("“%(title)s” is saved as a draft.") % {"title": activity.title})
            return redirect(activity.get_absolute_url())
    return render(request, "activities/manage/form.html", {"form": form, "activity": None})


@municipality_view
def manage_edit(request: HttpRequest, *, municipality: Municipality, activity_id: int) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    activity = _manageable(request, municipality, activity_id)
    organisations = selectors.organisations_for(municipality=municipality, user=request.user)  # type: ignore[arg-type]
    form = ActivityForm(
        request.POST or None,
        instance=Activity.objects.get(pk=activity.pk),
        municipality=municipality,
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                actor=request.user,  # type: ignore[arg-type]
                activity=activity,
                price_bands=form.cleaned_data["price_bands_text"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": activity.title})
            return redirect("activities:manage_schedule", municipality_slug=municipality.slug, activity_id=activity.pk)
    return render(request, "activities/manage/form.html", {"form": form, "activity": activity})


@municipality_view
def manage_schedule(request: HttpRequest, *, municipality: Municipality, activity_id: int) -> HttpResponse:
    """Schedules, exceptions, cancellations and status of one activity."""
    if (denied := _login_required(request)) is not None:
        return denied
    activity = _manageable(request, municipality, activity_id)
    schedule_id = request.GET.get("schedule") or request.POST.get("schedule_id")
    editing = get_object_or_404(Schedule, activity=activity, pk=schedule_id) if schedule_id else None
    form = ScheduleForm(request.POST or None, initial=ScheduleForm.initial_for(editing) if editing else None)
    if request.method == "POST" and form.is_valid():
        try:
            if editing is not None:
                services.schedule_update(actor=request.user, schedule=editing, data=form.schedule_input())  # type: ignore[arg-type]
            else:
                services.schedule_add(actor=request.user, activity=activity, data=form.schedule_input())  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The schedule is saved."))
            return redirect("activities:manage_schedule", municipality_slug=municipality.slug, activity_id=activity.pk)
    return render(
        request,
        "activities/manage/schedule.html",
        {
            "activity": activity,
            "form": form,
            "editing": editing,
            "schedules": [(s, _schedule_text(s)) for s in activity.schedules.all()],
            "sessions": selectors.upcoming_sessions(activity=activity, limit=30),
            "status_form": StatusForm(initial={"status": activity.status}),
            "image_form": ImageForm(),
            "images": list(activity.images.all()),
            "cancel_form": CancelSessionForm(),
            "is_stale": activity.confirmed_at is None or activity.confirmed_at < timezone.now() - services.STALE_AFTER,
        },
    )


@municipality_view
@require_POST
def manage_schedule_delete(
    request: HttpRequest, *, municipality: Municipality, activity_id: int, schedule_id: int
) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    activity = _manageable(request, municipality, activity_id)
    schedule = get_object_or_404(Schedule, activity=activity, pk=schedule_id)
    services.schedule_delete(actor=request.user, schedule=schedule)  # type: ignore[arg-type]
    messages.success(request, _("The schedule is removed."))
    return redirect("activities:manage_schedule", municipality_slug=municipality.slug, activity_id=activity.pk)


@municipality_view
@require_POST
def manage_session(
    request: HttpRequest, *, municipality: Municipality, activity_id: int, session_id: int
) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    activity = _manageable(request, municipality, activity_id)
    session = get_object_or_404(Session, activity=activity, pk=session_id)
    if request.POST.get("action") == "reinstate":
        services.session_reinstate(actor=request.user, session=session)  # type: ignore[arg-type]
        messages.success(request, _("The session is back on."))
    else:
        form = CancelSessionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Check the reason."))
            services.session_cancel(actor=request.user, session=session, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The session is cancelled."))
    return redirect("activities:manage_schedule", municipality_slug=municipality.slug, activity_id=activity.pk)


@municipality_view
@require_POST
def manage_status(request: HttpRequest, *, municipality: Municipality, activity_id: int) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    activity = _manageable(request, municipality, activity_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.activity_set_status(actor=request.user, activity=activity, status=form.cleaned_data["status"])  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status is now “%(status)s”.") % {"status": activity.get_status_display()})
    return redirect("activities:manage_schedule", municipality_slug=municipality.slug, activity_id=activity.pk)


@municipality_view
def manage_confirm(request: HttpRequest, *, municipality: Municipality, activity_id: int) -> HttpResponse:
    """The page the yearly reminder links to: one button to say the activity is still running."""
    if (denied := _login_required(request)) is not None:
        return denied
    activity = _manageable(request, municipality, activity_id)
    if request.method == "POST":
        services.activity_confirm(actor=request.user, activity=activity)  # type: ignore[arg-type]
        messages.success(
            request, _("Thank you. “%(title)s” stays listed for another season.") % {"title": activity.title}
        )
        return redirect("activities:manage", municipality_slug=municipality.slug)
    return render(request, "activities/manage/confirm.html", {"activity": activity})


@municipality_view
def manage_signups(request: HttpRequest, *, municipality: Municipality, activity_id: int) -> HttpResponse:
    if (denied := _login_required(request)) is not None:
        return denied
    activity = _manageable(request, municipality, activity_id)
    if request.method == "POST":
        item = get_object_or_404(SignUp, activity=activity, pk=request.POST.get("signup_id"))
        try:
            services.signup_mark_paid(actor=request.user, signup=item, reference=_("Marked paid by the organiser"))  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s's place is confirmed.") % {"name": item.participant_name})
        return redirect("activities:manage_signups", municipality_slug=municipality.slug, activity_id=activity.pk)
    return render(
        request,
        "activities/manage/signups.html",
        {"activity": activity, "signups": selectors.signups_for(activity=activity)},
    )


# Open data ---------------------------------------------------------------------------------------------------------


@municipality_view
def open_data(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(request, "activities/open_data.html", {})


def _rpde_params(request: HttpRequest) -> tuple[int | None, int | None]:
    try:
        after_stamp = int(request.GET["afterTimestamp"]) if "afterTimestamp" in request.GET else None
        after_id = int(request.GET["afterId"]) if "afterId" in request.GET else None
    except ValueError:
        raise Http404 from None
    return after_stamp, after_id


@municipality_view
def rpde_session_series(request: HttpRequest, *, municipality: Municipality) -> JsonResponse:
    stamp, after_id = _rpde_params(request)
    return JsonResponse(
        opendata.rpde_session_series(request, municipality, stamp, after_id), json_dumps_params={"ensure_ascii": False}
    )


@municipality_view
def rpde_scheduled_sessions(request: HttpRequest, *, municipality: Municipality) -> JsonResponse:
    stamp, after_id = _rpde_params(request)
    return JsonResponse(
        opendata.rpde_scheduled_sessions(request, municipality, stamp, after_id),
        json_dumps_params={"ensure_ascii": False},
    )


def _page(request: HttpRequest) -> tuple[int, int]:
    try:
        page = max(1, int(request.GET.get("page", "1")))
        per_page = min(200, max(1, int(request.GET.get("per_page", "50"))))
    except ValueError:
        raise Http404 from None
    return page, per_page


@municipality_view
def hsds_root(request: HttpRequest, *, municipality: Municipality) -> JsonResponse:
    return JsonResponse(
        {
            "version": "3.0",
            "profile": "https://docs.openreferral.org/en/v3.0/",
            "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        }
    )


@municipality_view
def hsds_services(request: HttpRequest, *, municipality: Municipality) -> JsonResponse:
    page, per_page = _page(request)
    return JsonResponse(
        opendata.hsds_services(request, municipality, page=page, per_page=per_page),
        json_dumps_params={"ensure_ascii": False},
    )


@municipality_view
def hsds_service(request: HttpRequest, *, municipality: Municipality, service_uuid: str) -> JsonResponse:
    activity = get_object_or_404(
        selectors.visible_activities(municipality=municipality)
        .select_related("organisation__municipality", "venue__municipality", "municipality")
        .prefetch_related("schedules", "price_bands"),
        uuid=service_uuid,
    )
    return JsonResponse(opendata.hsds_service(request, activity), json_dumps_params={"ensure_ascii": False})


@municipality_view
def hsds_organizations(request: HttpRequest, *, municipality: Municipality) -> JsonResponse:
    page, per_page = _page(request)
    return JsonResponse(
        opendata.hsds_organizations(request, municipality, page=page, per_page=per_page),
        json_dumps_params={"ensure_ascii": False},
    )


@municipality_view
def hsds_organization(request: HttpRequest, *, municipality: Municipality, organization_uuid: str) -> JsonResponse:
    organisation = opendata.organisation_by_uuid(municipality, str(organization_uuid))
    if organisation is None or not organisation.is_approved:
        raise Http404
    return JsonResponse(
        opendata.hsds_organization_full(request, organisation), json_dumps_params={"ensure_ascii": False}
    )


@municipality_view
def manage_images(request: HttpRequest, *, municipality: Municipality, activity_id: int) -> HttpResponse:
    """Add an image (with its required description) or remove one."""
    if (denied := _login_required(request)) is not None:
        return denied
    activity = _manageable(request, municipality, activity_id)
    if request.method == "POST" and request.POST.get("remove"):
        image = get_object_or_404(activity.images, pk=request.POST["remove"])
        services.image_remove(actor=request.user, image=image)  # type: ignore[arg-type]
        messages.success(request, _("The image is removed."))
        return redirect("activities:manage_schedule", municipality_slug=municipality.slug, activity_id=activity.pk)
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.image_add(actor=request.user, activity=activity, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The image is added."))
            return redirect("activities:manage_schedule", municipality_slug=municipality.slug, activity_id=activity.pk)
    return render(request, "activities/manage/images.html", {"activity": activity, "form": form})
