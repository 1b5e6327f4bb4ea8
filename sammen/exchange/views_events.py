"""Exchange event pages: the public event page, the organiser's pages, the broker's phone form, the big screen
that counts agreements as they come in, and the report with the follow-up list afterwards."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.organisations.models import Organisation, OrganisationStatus
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view

from . import selectors, services
from .forms import BrokerForm, EventForm, EventRoleForm, FollowUpsForEventForm, InviteForm
from .models import Agreement, EventRole, ExchangeEvent, ParticipantStatus
from .views import login_view, viewer

SCREEN_POLL_SECONDS = 4


def _event_or_404(request: HttpRequest, municipality: Municipality, event_id: int) -> ExchangeEvent:
    event = selectors.event_get(municipality=municipality, event_id=event_id)
    if event is None:
        raise Http404
    if not event.is_published and not request.user.has_perm("exchange.broker_event", event):
        raise Http404
    return event


def _organised_event(request: HttpRequest, municipality: Municipality, event_id: int) -> ExchangeEvent:
    event = get_object_or_404(ExchangeEvent, municipality=municipality, pk=event_id)
    if not request.user.has_perm("exchange.organise_event", event):
        raise PermissionDenied
    return event


@municipality_view
def event_list(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    can_create = request.user.has_perm("exchange.create_event", municipality)
    events = list(selectors.event_list(municipality=municipality, include_unpublished=can_create))
    now = timezone.now()
    return render(
        request,
        "exchange/event_list.html",
        {
            "upcoming": [e for e in events if e.ends_at >= now][::-1],
            "past": [e for e in events if e.ends_at < now],
            "can_create": can_create,
        },
    )


@login_view
def event_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    if not request.user.has_perm("exchange.create_event", municipality):
        raise PermissionDenied
    form = EventForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(user=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event is set up. Now invite actors and add brokers."))
            return redirect("exchange:event_manage", municipality_slug=municipality.slug, exchange_event_id=event.pk)
    return render(request, "exchange/event_form.html", {"form": form, "event": None})


@login_view
def event_edit(request: AuthedHttpRequest, *, municipality: Municipality, exchange_event_id: int) -> HttpResponse:
    event = _organised_event(request, municipality, exchange_event_id)
    form = EventForm(request.POST or None, instance=ExchangeEvent.objects.get(pk=event.pk), municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(user=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(event.get_absolute_url())
    return render(request, "exchange/event_form.html", {"form": form, "event": event})


@municipality_view
def event_detail(request: HttpRequest, *, municipality: Municipality, exchange_event_id: int) -> HttpResponse:
    event = _event_or_404(request, municipality, exchange_event_id)
    look = viewer(request, municipality)
    participants = selectors.event_participants(event=event)
    mine = {p.actor_id: p for p in participants if p.actor_id in look.actor_ids}
    my_actors = selectors.actors_for_user(municipality=municipality, user=request.user) if look.is_actor else []
    listings = selectors.listing_search(municipality=municipality, viewer=look, event=event)
    now = timezone.now()
    return render(
        request,
        "exchange/event_detail.html",
        {
            "event": event,
            "participants": [p for p in participants if p.status != ParticipantStatus.DECLINED],
            "my_participation": [(a, mine.get(a.pk)) for a in my_actors],
            "offers": [item for item in listings if item.side == "offer"],
            "needs": [item for item in listings if item.side == "need"],
            "live": selectors.event_live(event=event, recent=0),
            "can_organise": request.user.has_perm("exchange.organise_event", event),
            "can_broker": request.user.has_perm("exchange.broker_event", event),
            "is_over": event.ends_at < now,
            "viewer": look,
        },
    )


@login_view
def event_manage(request: AuthedHttpRequest, *, municipality: Municipality, exchange_event_id: int) -> HttpResponse:
    event = _organised_event(request, municipality, exchange_event_id)
    participants = selectors.event_participants(event=event)
    taken = [p.actor_id for p in participants]
    invite_form = InviteForm(
        request.POST if request.POST.get("form") == "invite" else None,
        actors=selectors.actor_choices(municipality=municipality).exclude(pk__in=taken),
        organisations=Organisation.objects.filter(
            municipality=municipality, status=OrganisationStatus.APPROVED, exchange_actors__isnull=True
        ).order_by("name"),
        prefix="invite",
    )
    role_form = EventRoleForm(request.POST if request.POST.get("form") == "role" else None, prefix="role")
    if request.method == "POST" and request.POST.get("form") == "invite" and invite_form.is_valid():
        try:
            count = services.event_invite(user=request.user, event=event, **invite_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(invite_form, error)
        else:
            messages.success(request, _("%(count)d invited. They get an e-mail with a link.") % {"count": count})
            return redirect(request.path)
    if request.method == "POST" and request.POST.get("form") == "role" and role_form.is_valid():
        try:
            services.event_role_add(user=request.user, event=event, **role_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(role_form, error)
        else:
            messages.success(request, _("The person is added."))
            return redirect(request.path)
    attending = sum(1 for p in participants if p.status == ParticipantStatus.ATTENDING)
    return render(
        request,
        "exchange/event_manage.html",
        {
            "event": event,
            "participants": participants,
            "roles": selectors.event_role_list(event=event),
            "invite_form": invite_form,
            "role_form": role_form,
            "attending": attending,
            # About one broker per 15 participants.
            "brokers_needed": max(1, -(-attending // 15)),
        },
    )


@login_view
@require_POST
def event_role_remove(
    request: AuthedHttpRequest, *, municipality: Municipality, exchange_event_role_id: int
) -> HttpResponse:
    event_role = get_object_or_404(
        EventRole.objects.select_related("event", "user"), event__municipality=municipality, pk=exchange_event_role_id
    )
    try:
        services.event_role_remove(user=request.user, event_role=event_role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The person is removed."))
    return redirect("exchange:event_manage", municipality_slug=municipality.slug, exchange_event_id=event_role.event_id)


@login_view
@require_POST
def event_respond(request: AuthedHttpRequest, *, municipality: Municipality, exchange_event_id: int) -> HttpResponse:
    event = _event_or_404(request, municipality, exchange_event_id)
    actors = {a.pk: a for a in selectors.actors_for_user(municipality=municipality, user=request.user)}
    actor_id = request.POST.get("actor", "")
    actor = actors.get(int(actor_id)) if actor_id.isdigit() else None
    if actor is None:
        raise PermissionDenied
    attending = request.POST.get("attending") == "yes"
    try:
        services.event_respond(user=request.user, event=event, actor=actor, attending=attending)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if attending:
            messages.success(
                request,
                _("%(name)s is signed up. Register your offers and needs so others can find them before the event.")
                % {"name": actor.name},
            )
        else:
            messages.success(request, _("Thank you for letting us know."))
    return redirect(event.get_absolute_url())


@login_view
def event_broker(request: AuthedHttpRequest, *, municipality: Municipality, exchange_event_id: int) -> HttpResponse:
    """The broker's phone form. The hidden key makes a resubmission (double tap, retry) the same agreement."""
    event = get_object_or_404(ExchangeEvent, municipality=municipality, pk=exchange_event_id)
    if not request.user.has_perm("exchange.broker_event", event):
        raise PermissionDenied
    parties = selectors.event_party_choices(event=event)
    form = BrokerForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.agreement_register(
                user=request.user, municipality=municipality, event=event, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            agreement = result.agreement
            if result.duplicate:
                who = agreement.registered_by.get_full_name() if agreement.registered_by else _("another broker")
                messages.warning(
                    request,
                    _(
                        "%(a)s and %(b)s were already registered by %(who)s at %(time)s (%(reference)s). "
                        "It counts once; open it to add what else they agreed."
                    )
                    % {
                        "a": agreement.party_a.name,
                        "b": agreement.party_b.name,
                        "who": who,
                        "time": formats.time_format(timezone.localtime(agreement.created_at), "TIME_FORMAT"),
                        "reference": agreement.reference,
                    },
                )
            else:
                messages.success(
                    request,
                    _("Registered: %(a)s and %(b)s (%(reference)s).")
                    % {"a": agreement.party_a.name, "b": agreement.party_b.name, "reference": agreement.reference},
                )
            return redirect("exchange:event_broker", municipality_slug=municipality.slug, exchange_event_id=event.pk)
    mine = (
        Agreement.objects.filter(event=event, registered_by=request.user)
        .select_related("party_a__organisation", "party_b__organisation")
        .order_by("-created_at")[:5]
    )
    return render(
        request,
        "exchange/broker.html",
        {
            "event": event,
            "form": form,
            "live": selectors.event_live(event=event, recent=0),
            "mine": mine,
            "no_parties": not parties,
        },
    )


@municipality_view
def event_screen(request: HttpRequest, *, municipality: Municipality, exchange_event_id: int) -> HttpResponse:
    """For a projector in the hall: the number of agreements and the latest ones, refreshed without reloading."""
    event = _event_or_404(request, municipality, exchange_event_id)
    return render(
        request,
        "exchange/screen.html",
        {"event": event, "live": selectors.event_live(event=event), "poll_seconds": SCREEN_POLL_SECONDS},
    )


@never_cache
@municipality_view
def event_screen_live(request: HttpRequest, *, municipality: Municipality, exchange_event_id: int) -> HttpResponse:
    event = _event_or_404(request, municipality, exchange_event_id)
    return render(
        request, "exchange/partials/screen_live.html", {"event": event, "live": selectors.event_live(event=event)}
    )


@login_view
def event_report(request: AuthedHttpRequest, *, municipality: Municipality, exchange_event_id: int) -> HttpResponse:
    event = _organised_event(request, municipality, exchange_event_id)
    return render(
        request,
        "exchange/event_report.html",
        {
            "event": event,
            "report": selectors.event_report(event=event),
            "follow_up_form": FollowUpsForEventForm(),
        },
    )


@login_view
@require_POST
def event_follow_ups(request: AuthedHttpRequest, *, municipality: Municipality, exchange_event_id: int) -> HttpResponse:
    event = _organised_event(request, municipality, exchange_event_id)
    form = FollowUpsForEventForm(request.POST)
    if form.is_valid():
        try:
            count = services.follow_ups_add_for_event(user=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)d follow-ups added. You get a reminder by e-mail on %(date)s.")
                % {"count": count, "date": formats.date_format(form.cleaned_data["due_on"], "DATE_FORMAT")},
            )
            return redirect("exchange:event_report", municipality_slug=municipality.slug, exchange_event_id=event.pk)
    return render(
        request,
        "exchange/event_report.html",
        {"event": event, "report": selectors.event_report(event=event), "follow_up_form": form},
    )


@login_view
def event_report_xlsx(
    request: AuthedHttpRequest, *, municipality: Municipality, exchange_event_id: int
) -> HttpResponse:
    """The report as a spreadsheet: agreements with their follow-ups, and the participants."""
    event = _organised_event(request, municipality, exchange_event_id)
    report = selectors.event_report(event=event)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Agreements")[:31]
    header = [
        _("Reference"),
        _("Registered"),
        _("First party"),
        _("What the first party gives"),
        _("Second party"),
        _("What the second party gives"),
        _("Category"),
        _("Status"),
        _("Contact person for the first party"),
        _("Contact person for the second party"),
        _("Next follow-up"),
        _("Follow-up notes"),
        _("Registered by"),
    ]
    sheet.append(header)
    for agreement in report.agreements:
        follow_ups = list(agreement.follow_ups.all())
        open_dates = [f.due_on for f in follow_ups if f.done_at is None]
        sheet.append(
            [
                agreement.reference,
                timezone.localtime(agreement.created_at).replace(tzinfo=None),
                agreement.party_a.name,
                agreement.party_a_gives,
                agreement.party_b.name,
                agreement.party_b_gives,
                agreement.get_category_display(),
                agreement.get_status_display(),
                agreement.party_a_contact,
                agreement.party_b_contact,
                min(open_dates) if open_dates else None,
                "\n".join(f"{f.due_on}: {f.outcome}" for f in follow_ups if f.outcome),
                agreement.registered_by.get_full_name() if agreement.registered_by else "",
            ]
        )
    people = book.create_sheet(_("Participants")[:31])
    people.append([_("Actor"), _("Kind"), _("Status"), _("Offers"), _("Needs"), _("Agreements")])
    for participant in report.participants:
        people.append(
            [
                participant.actor.name,
                participant.actor.get_kind_display(),
                participant.get_status_display(),
                participant.offers,  # type: ignore[attr-defined]
                participant.needs,  # type: ignore[attr-defined]
                report.agreements_per_actor.get(participant.actor_id, 0),
            ]
        )
    for ws in (sheet, people):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="exchange-event-{event.pk}-report.xlsx"'
    return response
