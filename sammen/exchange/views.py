"""Pages of the volunteer exchange: the front page, offers and needs with their matches, contact requests,
actors, agreements with their PDF and follow-ups, and the municipality's overview. Events and volunteer tasks
have their own view modules."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.organisations.models import MembershipRole, Organisation, OrganisationStatus
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view, staff_view

from . import selectors, services
from .forms import (
    ActorFilterForm,
    ActorForm,
    AgreementEditForm,
    AgreementFilterForm,
    AgreementForm,
    AgreementStatusForm,
    AnswerForm,
    ContactRequestForm,
    FollowUpDoneForm,
    FollowUpForm,
    ListingFilterForm,
    ListingForm,
    OrganisationJoinForm,
    VolunteerJoinForm,
)
from .models import Actor, ContactRequest, ExchangeEvent, FollowUp, Listing, ListingStatus, Side
from .pdf import agreement_pdf_bytes

PAGE_SIZE = 20


def login_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A municipality page for logged-in people: anyone else is sent to the login page first."""

    @municipality_view
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, municipality: Municipality, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, municipality=municipality, **kwargs)

    return wrapper


def viewer(request: HttpRequest, municipality: Municipality) -> selectors.Viewer:
    cached = getattr(request, "_exchange_viewer", None)
    if cached is None:
        cached = selectors.viewer_for(municipality=municipality, user=request.user)
        request._exchange_viewer = cached  # type: ignore[attr-defined]
    return cached


def join_first(request: HttpRequest, organisation_only: bool = False) -> HttpResponse:
    """What someone who is not (yet) in the exchange sees instead of a form they cannot use."""
    return render(request, "exchange/join_first.html", {"organisation_only": organisation_only})


def _my_actors(request: HttpRequest, municipality: Municipality) -> list[Actor]:
    return selectors.actors_for_user(municipality=municipality, user=request.user)


# The front page, joining, my page ---------------------------------------------------------------------------------


@municipality_view
def home(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    look = viewer(request, municipality)
    listings = selectors.listing_search(municipality=municipality, viewer=look)
    return render(
        request,
        "exchange/home.html",
        {
            "offers": list(listings.filter(side=Side.OFFER)[:6]),
            "needs": list(listings.filter(side=Side.NEED)[:6]),
            "event": selectors.event_upcoming(municipality=municipality),
            "tasks": list(selectors.task_search(municipality=municipality)[:4]),
            "tags": selectors.tag_cloud(municipality=municipality, limit=20),
            "filter_form": ListingFilterForm(municipality=municipality),
            "viewer": look,
            "can_report": request.user.has_perm("exchange.view_reports", municipality),
        },
    )


def _joinable_organisations(request: AuthedHttpRequest, municipality: Municipality) -> Any:
    return Organisation.objects.filter(
        municipality=municipality,
        status=OrganisationStatus.APPROVED,
        memberships__user=request.user,
        memberships__role=MembershipRole.REPRESENTATIVE,
        exchange_actors__isnull=True,
    ).order_by("name")


@login_view
def join(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    """Join as an individual volunteer, or bring in an organisation you represent."""
    profile = selectors.volunteer_profile(municipality=municipality, user=request.user)
    organisations = _joinable_organisations(request, municipality)
    which = request.POST.get("as") if request.method == "POST" else None
    volunteer_form = VolunteerJoinForm(
        request.POST if which == "volunteer" else None,
        municipality=municipality,
        initial={"display_name": _short_name(request.user.full_name)},
        prefix="volunteer",
    )
    organisation_form = OrganisationJoinForm(
        request.POST if which == "organisation" else None, organisations=organisations, prefix="organisation"
    )
    if which == "volunteer" and profile is None and volunteer_form.is_valid():
        data = volunteer_form.cleaned_data
        try:
            services.actor_join_volunteer(user=request.user, municipality=municipality, **data)
        except ValidationError as error:
            add_service_errors(volunteer_form, error)
        else:
            messages.success(request, _("Welcome to the volunteer exchange."))
            return redirect("exchange:mine", municipality_slug=municipality.slug)
    if which == "organisation" and organisation_form.is_valid():
        data = organisation_form.cleaned_data
        try:
            actor = services.actor_join_organisation(
                user=request.user, municipality=municipality, organisation=data["organisation"], about=data["about"]
            )
        except ValidationError as error:
            add_service_errors(organisation_form, error)
        else:
            messages.success(request, _("%(name)s is now in the volunteer exchange.") % {"name": actor.name})
            return redirect("exchange:mine", municipality_slug=municipality.slug)
    return render(
        request,
        "exchange/join.html",
        {
            "profile": profile,
            "volunteer_form": volunteer_form,
            "organisation_form": organisation_form,
            "has_organisations": organisations.exists(),
        },
    )


def _short_name(full_name: str) -> str:
    parts = full_name.split()
    if len(parts) >= 2:
        return f"{parts[0]} {parts[-1][0]}."
    return full_name


@login_view
def mine(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    look = viewer(request, municipality)
    received, sent = selectors.requests_for_actors(actor_ids=look.actor_ids)
    profile = selectors.volunteer_profile(municipality=municipality, user=request.user)
    actors = _my_actors(request, municipality)
    return render(
        request,
        "exchange/mine.html",
        {
            "actors": actors,
            "has_organisation": any(a.organisation_id for a in actors),
            "listings": selectors.listings_for_actors(actor_ids=look.actor_ids),
            "received": received,
            "sent": sent,
            "agreements": selectors.agreements_for_actors(municipality=municipality, actor_ids=look.actor_ids)[:50],
            "events": selectors.events_for_user(municipality=municipality, user=request.user),
            "tasks": selectors.tasks_for_actors(actor_ids=look.actor_ids),
            "history": selectors.volunteer_hours(volunteer=profile) if profile else None,
            "profile": profile,
            "answer_form": AnswerForm(),
            "can_create_event": request.user.has_perm("exchange.create_event", municipality),
        },
    )


@staff_view("exchange.view_reports")
def staff_overview(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "exchange/staff/overview.html",
        {"overview": selectors.overview(municipality=municipality)},
    )


# Offers and needs ------------------------------------------------------------------------------------------------


@municipality_view
def listing_search(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = ListingFilterForm(request.GET or None, municipality=municipality)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"],
            "side": data["side"],
            "category": data["category"],
            "neighbourhood": data["neighbourhood"],
            "tag": data["tag"],
            "kind": data["kind"],
        }
    look = viewer(request, municipality)
    listings = selectors.listing_search(municipality=municipality, viewer=look, **filters)
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "exchange/listing_search.html#results" if request.htmx else "exchange/listing_search.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page, "viewer": look})


def _visible_listing_or_404(request: HttpRequest, municipality: Municipality, listing_id: int) -> Listing:
    listing = selectors.listing_get_visible(
        municipality=municipality, listing_id=listing_id, viewer=viewer(request, municipality)
    )
    if listing is None:
        raise Http404
    return listing


@municipality_view
def listing_detail(request: HttpRequest, *, municipality: Municipality, exchange_listing_id: int) -> HttpResponse:
    look = viewer(request, municipality)
    listing = selectors.listing_get_visible(municipality=municipality, listing_id=exchange_listing_id, viewer=look)
    if listing is None:
        if (
            not request.user.is_authenticated
            and Listing.objects.filter(municipality=municipality, pk=exchange_listing_id, visibility="actors").exists()
        ):
            return redirect_to_login(request.get_full_path())
        raise Http404
    can_manage = request.user.has_perm("exchange.manage_listing", listing)
    is_current = listing.is_current(timezone.localdate())
    return render(
        request,
        "exchange/listing_detail.html",
        {
            "listing": listing,
            "matches": selectors.match_list(listing=listing, viewer=look) if is_current else [],
            "viewer": look,
            "can_manage": can_manage,
            "is_current": is_current,
            "is_own": listing.actor_id in look.actor_ids,
            "requests": listing.contact_requests.select_related("from_actor__organisation").order_by("-created_at")
            if can_manage
            else [],
        },
    )


@login_view
def listing_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    actors = _my_actors(request, municipality)
    if not actors:
        return join_first(request)
    events = ExchangeEvent.objects.filter(
        municipality=municipality, is_published=True, ends_at__gte=timezone.now()
    ).order_by("starts_at")
    side = request.GET.get("side") if request.GET.get("side") in Side.values else Side.OFFER
    initial: dict[str, Any] = {"side": side, "visibility": "public"}
    if request.GET.get("event", "").isdigit():
        initial["event"] = int(request.GET["event"])
    form = ListingForm(request.POST or None, municipality=municipality, actors=actors, events=events, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        actor = data.pop("actor")
        try:
            listing = services.listing_create(user=request.user, actor=actor, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” is registered.") % {"title": listing.title})
            return redirect(listing.get_absolute_url())
    return render(request, "exchange/listing_form.html", {"form": form, "listing": None})


@login_view
def listing_edit(request: AuthedHttpRequest, *, municipality: Municipality, exchange_listing_id: int) -> HttpResponse:
    listing = get_object_or_404(
        Listing.objects.select_related("actor__organisation"), municipality=municipality, pk=exchange_listing_id
    )
    if not request.user.has_perm("exchange.manage_listing", listing):
        raise PermissionDenied
    events = ExchangeEvent.objects.filter(municipality=municipality, is_published=True).order_by("-starts_at")
    form = ListingForm(
        request.POST or None,
        instance=Listing.objects.get(pk=listing.pk),
        municipality=municipality,
        actors=[listing.actor],
        events=events,
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(user=request.user, listing=listing, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(listing.get_absolute_url())
    return render(request, "exchange/listing_form.html", {"form": form, "listing": listing})


@login_view
@require_POST
def listing_status(request: AuthedHttpRequest, *, municipality: Municipality, exchange_listing_id: int) -> HttpResponse:
    listing = get_object_or_404(Listing, municipality=municipality, pk=exchange_listing_id)
    status = request.POST.get("status", "")
    try:
        services.listing_set_status(user=request.user, listing=listing, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if status == ListingStatus.CLOSED:
            messages.success(request, _("Closed. It is no longer shown in searches."))
        else:
            messages.success(request, _("Open again."))
    return redirect(listing.get_absolute_url())


@login_view
def contact_send(request: AuthedHttpRequest, *, municipality: Municipality, exchange_listing_id: int) -> HttpResponse:
    listing = _visible_listing_or_404(request, municipality, exchange_listing_id)
    actors = [a for a in _my_actors(request, municipality) if a.pk != listing.actor_id]
    if not actors:
        return join_first(request)
    initial: dict[str, Any] = {}
    if request.GET.get("own", "").isdigit():
        initial["own_listing"] = int(request.GET["own"])
    form = ContactRequestForm(request.POST or None, actors=actors, listing=listing, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_request_send(user=request.user, listing=listing, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your request is sent to %(name)s. You will hear by e-mail.") % {"name": listing.actor.name}
            )
            return redirect(listing.get_absolute_url())
    return render(request, "exchange/contact_form.html", {"form": form, "listing": listing})


def _request_or_404(municipality: Municipality, request_id: int) -> ContactRequest:
    contact = selectors.request_get(municipality=municipality, request_id=request_id)
    if contact is None:
        raise Http404
    return contact


@login_view
@require_POST
def request_answer(request: AuthedHttpRequest, *, municipality: Municipality, exchange_request_id: int) -> HttpResponse:
    contact = _request_or_404(municipality, exchange_request_id)
    form = AnswerForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    if form.is_valid():
        try:
            services.contact_request_answer(
                user=request.user, request=contact, accept=accept, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if accept:
                messages.success(
                    request,
                    _("Accepted. %(name)s can now see your contact details, and you theirs.")
                    % {"name": contact.from_actor.name},
                )
            else:
                messages.success(request, _("Declined. %(name)s is told.") % {"name": contact.from_actor.name})
    return redirect("exchange:mine", municipality_slug=municipality.slug)


@login_view
@require_POST
def request_withdraw(
    request: AuthedHttpRequest, *, municipality: Municipality, exchange_request_id: int
) -> HttpResponse:
    contact = _request_or_404(municipality, exchange_request_id)
    try:
        services.contact_request_withdraw(user=request.user, request=contact)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("exchange:mine", municipality_slug=municipality.slug)


# Actors ------------------------------------------------------------------------------------------------------------


@municipality_view
def actor_list(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = ActorFilterForm(request.GET or None)
    query = kind = ""
    if form.is_bound and form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    actors = selectors.actor_list(municipality=municipality, kind=kind, query=query)
    page = Paginator(actors, 30).get_page(request.GET.get("page"))
    return render(request, "exchange/actor_list.html", {"form": form, "page": page})


@municipality_view
def actor_detail(request: HttpRequest, *, municipality: Municipality, exchange_actor_id: int) -> HttpResponse:
    actor = selectors.actor_get(municipality=municipality, actor_id=exchange_actor_id)
    if actor is None:
        raise Http404
    look = viewer(request, municipality)
    can_manage = request.user.has_perm("exchange.manage_actor", actor)
    organisation_hidden = actor.organisation is not None and actor.organisation.status != "approved"
    # Volunteers are not listed publicly: their page is for themselves, staff and those they deal with.
    if (actor.is_volunteer or organisation_hidden or not actor.is_active) and not (
        can_manage or selectors.actors_may_see_contact(viewer=look, actor=actor)
    ):
        raise Http404
    listings = selectors.listing_search(municipality=municipality, viewer=look).filter(actor=actor)
    return render(
        request,
        "exchange/actor_detail.html",
        {
            "actor": actor,
            "listings": listings,
            "tasks": selectors.task_search(municipality=municipality).filter(actor=actor),
            "can_manage": can_manage,
            "show_contact": selectors.actors_may_see_contact(viewer=look, actor=actor),
        },
    )


@login_view
def actor_edit(request: AuthedHttpRequest, *, municipality: Municipality, exchange_actor_id: int) -> HttpResponse:
    actor = get_object_or_404(
        Actor.objects.select_related("organisation"), municipality=municipality, pk=exchange_actor_id
    )
    if not request.user.has_perm("exchange.manage_actor", actor):
        raise PermissionDenied
    form = ActorForm(request.POST or None, instance=Actor.objects.get(pk=actor.pk), municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.actor_update(user=request.user, actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("exchange:mine", municipality_slug=municipality.slug)
    return render(request, "exchange/actor_form.html", {"form": form, "actor": actor})


# Agreements --------------------------------------------------------------------------------------------------------


@login_view
def agreement_list(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = AgreementFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    agreements = selectors.agreement_list(
        municipality=municipality, viewer=viewer(request, municipality), status=status
    )
    page = Paginator(agreements, 30).get_page(request.GET.get("page"))
    return render(request, "exchange/agreement_list.html", {"form": form, "page": page})


def _agreement_or_404(request: HttpRequest, municipality: Municipality, agreement_id: int, perm: str) -> Any:
    agreement = selectors.agreement_get(municipality=municipality, agreement_id=agreement_id)
    if agreement is None:
        raise Http404
    if not request.user.has_perm(perm, agreement):
        raise PermissionDenied
    return agreement


@login_view
def agreement_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    """The parties write down an agreement themselves, e.g. after an accepted contact request."""
    is_staff = request.user.has_perm("exchange.view_reports", municipality)
    mine_ = _my_actors(request, municipality)
    if not mine_ and not is_staff:
        return join_first(request)
    everyone = selectors.actor_choices(municipality=municipality)
    first = everyone if is_staff else everyone.filter(pk__in=[a.pk for a in mine_])
    contact = None
    initial: dict[str, Any] = {}
    if request.GET.get("request", "").isdigit():
        contact = selectors.request_get(municipality=municipality, request_id=int(request.GET["request"]))
        if contact is not None and contact.status == "accepted":
            ours_first = contact.to_actor_id in {a.pk for a in mine_}
            a, b = (contact.to_actor, contact.from_actor) if ours_first else (contact.from_actor, contact.to_actor)
            initial = {"party_a": a.pk, "party_b": b.pk, "category": contact.listing.category}
        else:
            contact = None
    form = AgreementForm(request.POST or None, first=first, second=everyone, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if contact is not None:
            data["contact_request"] = contact
            listing = contact.listing
            data["offer" if listing.side == Side.OFFER else "need"] = listing
        try:
            result = services.agreement_register(user=request.user, municipality=municipality, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Agreement %(reference)s is saved as a draft. Mark it as agreed when both parties are ready.")
                % {"reference": result.agreement.reference},
            )
            return redirect(result.agreement.get_absolute_url())
    return render(request, "exchange/agreement_form.html", {"form": form, "contact": contact})


@login_view
def agreement_detail(
    request: AuthedHttpRequest, *, municipality: Municipality, exchange_agreement_id: int
) -> HttpResponse:
    agreement = _agreement_or_404(request, municipality, exchange_agreement_id, "exchange.view_agreement")
    can_follow_up = request.user.has_perm("exchange.follow_up", agreement)
    return render(
        request,
        "exchange/agreement_detail.html",
        {
            "agreement": agreement,
            "can_change": request.user.has_perm("exchange.change_agreement", agreement),
            "can_follow_up": can_follow_up,
            "status_form": AgreementStatusForm(agreement=agreement),
            "follow_up_form": FollowUpForm(),
            "done_form": FollowUpDoneForm(),
            "follow_ups": agreement.follow_ups.select_related("assignee", "done_by").order_by("due_on"),
        },
    )


@login_view
def agreement_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, exchange_agreement_id: int
) -> HttpResponse:
    agreement = _agreement_or_404(request, municipality, exchange_agreement_id, "exchange.change_agreement")
    form = AgreementEditForm(
        request.POST or None, instance=selectors.agreement_get(municipality=municipality, agreement_id=agreement.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(user=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(agreement.get_absolute_url())
    return render(request, "exchange/agreement_edit.html", {"form": form, "agreement": agreement})


@login_view
@require_POST
def agreement_status(
    request: AuthedHttpRequest, *, municipality: Municipality, exchange_agreement_id: int
) -> HttpResponse:
    agreement = _agreement_or_404(request, municipality, exchange_agreement_id, "exchange.change_agreement")
    form = AgreementStatusForm(request.POST, agreement=agreement)
    if form.is_valid():
        try:
            services.agreement_set_status(user=request.user, agreement=agreement, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The agreement is now “%(status)s”.") % {"status": agreement.get_status_display()}
            )
    else:
        messages.error(request, _("Choose the new status."))
    return redirect(agreement.get_absolute_url())


@login_view
def agreement_pdf(
    request: AuthedHttpRequest, *, municipality: Municipality, exchange_agreement_id: int
) -> HttpResponse:
    agreement = _agreement_or_404(request, municipality, exchange_agreement_id, "exchange.view_agreement")
    response = HttpResponse(agreement_pdf_bytes(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{agreement.reference}.pdf"'
    return response


@login_view
@require_POST
def follow_up_add(
    request: AuthedHttpRequest, *, municipality: Municipality, exchange_agreement_id: int
) -> HttpResponse:
    agreement = _agreement_or_404(request, municipality, exchange_agreement_id, "exchange.follow_up")
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_add(user=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("You will get a reminder on that day."))
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "exchange/agreement_detail.html",
        {
            "agreement": agreement,
            "can_change": request.user.has_perm("exchange.change_agreement", agreement),
            "can_follow_up": True,
            "status_form": AgreementStatusForm(agreement=agreement),
            "follow_up_form": form,
            "done_form": FollowUpDoneForm(),
            "follow_ups": agreement.follow_ups.select_related("assignee", "done_by").order_by("due_on"),
        },
    )


@login_view
def follow_up_done(
    request: AuthedHttpRequest, *, municipality: Municipality, exchange_follow_up_id: int
) -> HttpResponse:
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("agreement__party_a__organisation", "agreement__party_b__organisation"),
        agreement__municipality=municipality,
        pk=exchange_follow_up_id,
    )
    if not request.user.has_perm("exchange.follow_up", follow_up.agreement):
        raise PermissionDenied
    form = FollowUpDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_done(user=request.user, follow_up=follow_up, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up note is saved."))
            return redirect(follow_up.agreement.get_absolute_url())
    return render(request, "exchange/follow_up_done.html", {"form": form, "follow_up": follow_up})
