"""Factories for the exchange's records, used by its tests, the tenancy crawler and the benchmarks."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone

from sammen.core.testing import make_organisation, make_user, unique
from sammen.exchange.models import (
    Actor,
    Agreement,
    EventParticipant,
    EventRole,
    ExchangeEvent,
    FollowUp,
    Listing,
    ParticipantStatus,
    Shift,
    ShiftSignup,
    VolunteerTask,
)


def make_actor(municipality, *, organisation=None, user=None, **fields: Any) -> Actor:
    if organisation is None and user is None:
        organisation = make_organisation(municipality, **fields.pop("organisation_fields", {}))
    defaults: dict[str, Any] = {"contact_email": f"{unique('kontakt')}@example.com"}
    if user is not None:
        defaults["display_name"] = fields.pop("display_name", f"Frivillig {unique('v')}")
    defaults.update(fields)
    return Actor.objects.create(municipality=municipality, organisation=organisation, user=user, **defaults)


def make_volunteer(municipality, user=None, **fields: Any) -> Actor:
    return make_actor(municipality, user=user or make_user(), **fields)


def make_listing(actor: Actor, *, side: str = "offer", category: str = "premises", tags=(), **fields: Any) -> Listing:
    from sammen.exchange.services.common import tags_for

    defaults: dict[str, Any] = {"title": unique("Tilbud")}
    defaults.update(fields)
    listing = Listing.objects.create(
        municipality=actor.municipality, actor=actor, side=side, category=category, **defaults
    )
    if tags:
        listing.tags.set(tags_for(actor.municipality, list(tags)))
    return listing


def make_event(
    municipality, *, organiser=None, starts_in_hours: float = -1, hours: float = 3, **fields
) -> ExchangeEvent:
    starts = timezone.now() + datetime.timedelta(hours=starts_in_hours)
    defaults: dict[str, Any] = {"title": unique("Frivilligbørs"), "starts_at": starts}
    defaults["ends_at"] = starts + datetime.timedelta(hours=hours)
    defaults.update(fields)
    event = ExchangeEvent.objects.create(municipality=municipality, **defaults)
    if organiser is not None:
        EventRole.objects.create(event=event, user=organiser, role="organiser")
    return event


def add_event_role(event: ExchangeEvent, user, role: str = "broker"):
    EventRole.objects.create(event=event, user=user, role=role)
    from sammen.exchange.rules import forget_event_roles

    forget_event_roles(user)
    return user


def add_participant(event: ExchangeEvent, actor: Actor, status: str = ParticipantStatus.ATTENDING):
    return EventParticipant.objects.create(event=event, actor=actor, status=status)


def make_agreement(party_a: Actor, party_b: Actor, **fields: Any) -> Agreement:
    defaults: dict[str, Any] = {
        "party_a_gives": "Lokaler tirsdager",
        "category": "premises",
        "status": "agreed",
        "idempotency_key": uuid.uuid4(),
    }
    defaults.update(fields)
    return Agreement.objects.create(municipality=party_a.municipality, party_a=party_a, party_b=party_b, **defaults)


def make_follow_up(agreement: Agreement, **fields: Any) -> FollowUp:
    defaults: dict[str, Any] = {"due_on": timezone.localdate()}
    defaults.update(fields)
    return FollowUp.objects.create(agreement=agreement, **defaults)


def make_task(actor: Actor, **fields: Any) -> VolunteerTask:
    defaults: dict[str, Any] = {"title": unique("Dugnad"), "description": "Vi rydder i parken."}
    defaults.update(fields)
    return VolunteerTask.objects.create(municipality=actor.municipality, actor=actor, **defaults)


def make_shift(task: VolunteerTask, *, starts_in_hours: float = 48, hours: float = 2, capacity: int = 3, **fields):
    starts = timezone.now() + datetime.timedelta(hours=starts_in_hours)
    return Shift.objects.create(
        task=task, starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours), capacity=capacity, **fields
    )


def make_signup(shift: Shift, volunteer: Actor, **fields: Any) -> ShiftSignup:
    return ShiftSignup.objects.create(shift=shift, volunteer=volunteer, **fields)
