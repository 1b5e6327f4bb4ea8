"""Exchange events: set up, invite actors, add organisers and brokers, and let actors say they are coming."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot
from sammen.core.services import model_update
from sammen.organisations.models import Organisation, OrganisationStatus
from sammen.places.models import Municipality

from .. import notify
from ..models import Actor, EventParticipant, EventRole, EventRoleKind, ExchangeEvent, ParticipantStatus
from ..rules import forget_event_roles, user_acts_for
from .common import absolute_url, check_place, plain, require

EVENT_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "neighbourhood",
    "agreement_goal",
    "is_published",
    "is_open_for_registration",
)


def _clean_event(municipality: Municipality, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    check_place(municipality, venue=fields.get("venue"), neighbourhood=fields.get("neighbourhood"))
    for key in ("title", "description"):
        if key in fields:
            fields[key] = plain(fields[key])
    if "title" in fields and not fields["title"]:
        raise ValidationError({"title": _("Give the event a name.")})
    return fields


def _check_times(event: ExchangeEvent) -> None:
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})


def event_create(*, user: User, municipality: Municipality, **fields: Any) -> ExchangeEvent:
    """Set up an exchange event; the person who sets it up is its first organiser."""
    require(user, "exchange.create_event", municipality)
    event = ExchangeEvent(municipality=municipality, created_by=user, **_clean_event(municipality, fields))
    _check_times(event)
    event.full_clean()
    with transaction.atomic():
        event.save()
        EventRole.objects.create(event=event, user=user, role=EventRoleKind.ORGANISER, added_by=user)
        audit_record(
            actor=user, municipality=municipality, action="exchange.event.create", obj=event, after=snapshot(event)
        )
    forget_event_roles(user)
    return event


def event_update(*, user: User, event: ExchangeEvent, **changes: Any) -> ExchangeEvent:
    require(user, "exchange.organise_event", event)
    changes = _clean_event(event.municipality, changes)
    starts_at = changes.get("starts_at", event.starts_at)
    ends_at = changes.get("ends_at", event.ends_at)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})
    return model_update(
        actor=user, municipality=event.municipality, instance=event, changes=changes, action="exchange.event.update"
    )


def event_role_add(*, user: User, event: ExchangeEvent, email: str, role: str) -> EventRole:
    """Give a person with an account a role at this event (brokers need one to register agreements)."""
    require(user, "exchange.organise_event", event)
    if role not in EventRoleKind.values:
        raise ValidationError({"role": _("Choose organiser or broker.")})
    person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        raise ValidationError(
            {"email": _("Nobody has an account with this e-mail address. Ask the person to sign up first.")}
        )
    try:
        with transaction.atomic():
            event_role = EventRole.objects.create(event=event, user=person, role=role, added_by=user)
            audit_record(
                actor=user,
                municipality=event.municipality,
                action="exchange.event_role.add",
                obj=event_role,
                after={"user": person.email, "role": role},
            )
    except IntegrityError:
        raise ValidationError({"email": _("This person already has this role at the event.")}) from None
    forget_event_roles(person)
    notify.send(
        [notify.recipient_for_user(person)],
        "event_role",
        {"event": event, "role": event_role, "url": absolute_url(event.get_absolute_url())},
    )
    return event_role


def event_role_remove(*, user: User, event_role: EventRole) -> None:
    event = event_role.event
    require(user, "exchange.organise_event", event)
    if (
        event_role.role == EventRoleKind.ORGANISER
        and not event.roles.filter(role=EventRoleKind.ORGANISER).exclude(pk=event_role.pk).exists()
    ):
        raise ValidationError(_("An event needs at least one organiser."))
    with transaction.atomic():
        audit_record(
            actor=user,
            municipality=event.municipality,
            action="exchange.event_role.remove",
            obj=event_role,
            before={"user": event_role.user.email, "role": event_role.role},
        )
        event_role.delete()
    forget_event_roles(event_role.user)


def event_invite(
    *,
    user: User,
    event: ExchangeEvent,
    actors: list[Actor] | None = None,
    organisations: list[Organisation] | None = None,
) -> int:
    """Invite actors, and approved organisations not yet in the exchange (they join as actors on the way).
    Each new invitee gets an e-mail with a link to register its offers and needs. Returns how many were new."""
    require(user, "exchange.organise_event", event)
    municipality = event.municipality
    actors = list(actors or [])
    for actor in actors:
        check_place(municipality, actors=actor)
    invited: list[Actor] = []
    with transaction.atomic():
        for organisation in organisations or []:
            if organisation.municipality_id != municipality.pk:
                raise PermissionDenied
            if organisation.status != OrganisationStatus.APPROVED:
                raise ValidationError(
                    {"organisations": _("“%(name)s” is not approved yet.") % {"name": organisation.name}}
                )
            actor, _created = Actor.objects.get_or_create(
                organisation=organisation,
                defaults={
                    "municipality": municipality,
                    "contact_name": organisation.contact_name,
                    "contact_email": organisation.email,
                    "contact_phone": organisation.phone,
                    "neighbourhood": organisation.neighbourhood,
                },
            )
            actors.append(actor)
        for actor in actors:
            _participant, created = EventParticipant.objects.get_or_create(
                event=event, actor=actor, defaults={"status": ParticipantStatus.INVITED, "invited_by": user}
            )
            if created:
                invited.append(actor)
        if invited:
            audit_record(
                actor=user,
                municipality=municipality,
                action="exchange.event.invite",
                obj=event,
                after={"actors": [a.pk for a in invited]},
            )
    url = absolute_url(
        reverse("exchange:event_detail", kwargs={"municipality_slug": municipality.slug, "exchange_event_id": event.pk})
    )
    for actor in invited:
        notify.send(
            notify.recipients_for_actor(actor), "event_invitation", {"event": event, "actor": actor, "url": url}
        )
    return len(invited)


def event_respond(*, user: User, event: ExchangeEvent, actor: Actor, attending: bool) -> EventParticipant:
    """An actor says it is coming (signing up if the event is open) or that it cannot come."""
    if not user_acts_for(user, actor):
        raise PermissionDenied
    if actor.municipality_id != event.municipality_id:
        raise PermissionDenied
    if event.ends_at < timezone.now():
        raise ValidationError(_("This exchange event is over."))
    status = ParticipantStatus.ATTENDING if attending else ParticipantStatus.DECLINED
    now = timezone.now()
    with transaction.atomic():
        participant = EventParticipant.objects.select_for_update().filter(event=event, actor=actor).first()
        if participant is None:
            if not event.is_open_for_registration:
                raise ValidationError(_("Only invited actors can take part in this event."))
            participant = EventParticipant.objects.create(event=event, actor=actor, status=status, responded_at=now)
        else:
            participant.status = status
            participant.responded_at = now
            participant.save(update_fields=["status", "responded_at", "updated_at"])
        audit_record(
            actor=user,
            municipality=event.municipality,
            action="exchange.event.respond",
            obj=participant,
            after={"status": status},
        )
    return participant
