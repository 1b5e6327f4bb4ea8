"""Agreements between two actors, registered by the parties or by a broker at an exchange event, and the
organiser's follow-ups."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot
from sammen.core.services import model_update
from sammen.places.models import Municipality

from ..models import (
    Actor,
    Agreement,
    AgreementStatus,
    Category,
    ContactRequest,
    EventParticipant,
    ExchangeEvent,
    FollowUp,
    Listing,
    ParticipantStatus,
)
from .common import check_place, plain, require

EDITABLE = (
    "party_a_gives",
    "party_b_gives",
    "party_a_contact",
    "party_b_contact",
    "category",
    "starts_on",
    "ends_on",
    "note",
)


@dataclass(frozen=True)
class AgreementResult:
    agreement: Agreement
    # False when the same form came back (a retry) or another broker had just registered the same pair.
    created: bool
    # True when another registration of the same two parties at the same event already counts.
    duplicate: bool = False


def _contact_of(actor: Actor) -> str:
    parts = [actor.contact_name, actor.contact_phone or actor.contact_email]
    return ", ".join(p for p in parts if p)[:200]


def _existing(municipality: Municipality, key: uuid.UUID, event: ExchangeEvent | None, a: Actor, b: Actor) -> Any:
    """The agreement this registration repeats: the same form (key), or the same pair at the same event."""
    same_form = Agreement.objects.filter(idempotency_key=key).first()
    if same_form is not None:
        if same_form.municipality_id != municipality.pk:
            raise PermissionDenied
        return AgreementResult(same_form, created=False)
    if event is not None:
        pair = (
            Agreement.objects.filter(event=event)
            .exclude(status=AgreementStatus.CANCELLED)
            .filter(Q(party_a=a, party_b=b) | Q(party_a=b, party_b=a))
            .first()
        )
        if pair is not None:
            return AgreementResult(pair, created=False, duplicate=True)
    return None


def agreement_register(
    *,
    user: User,
    municipality: Municipality,
    idempotency_key: uuid.UUID,
    party_a: Actor,
    party_b: Actor,
    party_a_gives: str,
    category: str,
    party_b_gives: str = "",
    party_a_contact: str = "",
    party_b_contact: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    note: str = "",
    event: ExchangeEvent | None = None,
    offer: Listing | None = None,
    need: Listing | None = None,
    contact_request: ContactRequest | None = None,
    status: str | None = None,
) -> AgreementResult:
    """Register an agreement. Submitting the same form twice, or two brokers registering the same two parties at
    the same event at the same moment, gives one agreement: the database holds the key and the pair unique, and
    the loser of a race gets the winner's agreement back."""
    check_place(municipality, party_a=party_a, party_b=party_b, event=event, offer=offer, need=need)
    if event is not None:
        require(user, "exchange.broker_event", event)
    elif not (
        user.has_perm("exchange.view_reports", municipality)
        or user.has_perm("exchange.manage_actor", party_a)
        or user.has_perm("exchange.manage_actor", party_b)
    ):
        raise PermissionDenied

    replay = _existing(municipality, idempotency_key, event, party_a, party_b)
    if replay is not None:
        return replay

    errors: dict[str, str] = {}
    if party_a.pk == party_b.pk:
        errors["party_b"] = _("Choose two different parties.")
    for field, actor in (("party_a", party_a), ("party_b", party_b)):
        if not actor.is_active:
            errors[field] = _("This actor is no longer active in the exchange.")
    party_a_gives, party_b_gives = plain(party_a_gives), plain(party_b_gives)
    if not party_a_gives:
        errors["party_a_gives"] = _("Write what the first party gives.")
    if category not in Category.values:
        errors["category"] = _("Choose a category.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date must be on or after the start date.")
    if status is None:
        # At an event the parties shake hands at the broker's table; elsewhere the other party confirms later.
        status = AgreementStatus.AGREED if event is not None else AgreementStatus.DRAFT
    if status not in (AgreementStatus.DRAFT, AgreementStatus.AGREED):
        errors["status"] = _("A new agreement is a draft or agreed.")
    if event is not None and event.starts_at - datetime.timedelta(hours=12) > timezone.now():
        errors["__all__"] = _("Agreements are registered at the event, which has not started yet.")
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    agreement = Agreement(
        municipality=municipality,
        event=event,
        party_a=party_a,
        party_a_gives=party_a_gives,
        party_a_contact=plain(party_a_contact) or _contact_of(party_a),
        party_b=party_b,
        party_b_gives=party_b_gives,
        party_b_contact=plain(party_b_contact) or _contact_of(party_b),
        category=category,
        starts_on=starts_on,
        ends_on=ends_on,
        note=plain(note),
        offer=offer,
        need=need,
        contact_request=contact_request,
        status=status,
        idempotency_key=idempotency_key,
        registered_by=user,
        status_changed_at=now,
    )
    # Uniqueness is the database's job (see Agreement.Meta): a Python check here could race.
    agreement.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            agreement.save()
            if event is not None:
                _mark_attending(event, [party_a, party_b], now)
            audit_record(
                actor=user,
                municipality=municipality,
                action="exchange.agreement.register",
                obj=agreement,
                after=snapshot(agreement),
            )
    except IntegrityError:
        replay = _existing(municipality, idempotency_key, event, party_a, party_b)
        if replay is None:
            raise
        return replay
    return AgreementResult(agreement, created=True)


def _mark_attending(event: ExchangeEvent, actors: list[Actor], now: datetime.datetime) -> None:
    """Whoever makes an agreement at the event was there, invited or not."""
    for actor in actors:
        participant, created = EventParticipant.objects.get_or_create(
            event=event, actor=actor, defaults={"status": ParticipantStatus.ATTENDING, "responded_at": now}
        )
        if not created and participant.status != ParticipantStatus.ATTENDING:
            EventParticipant.objects.filter(pk=participant.pk).update(
                status=ParticipantStatus.ATTENDING, responded_at=now, updated_at=now
            )


def agreement_update(*, user: User, agreement: Agreement, **changes: Any) -> Agreement:
    require(user, "exchange.change_agreement", agreement)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if agreement.status == AgreementStatus.CANCELLED:
        raise ValidationError(_("A cancelled agreement cannot be changed."))
    for key in ("party_a_gives", "party_b_gives", "party_a_contact", "party_b_contact", "note"):
        if key in changes:
            changes[key] = plain(changes[key])
    if "party_a_gives" in changes and not changes["party_a_gives"]:
        raise ValidationError({"party_a_gives": _("Write what the first party gives.")})
    starts_on = changes.get("starts_on", agreement.starts_on)
    ends_on = changes.get("ends_on", agreement.ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must be on or after the start date.")})
    return model_update(
        actor=user,
        municipality=agreement.municipality,
        instance=agreement,
        changes=changes,
        action="exchange.agreement.update",
    )


def agreement_set_status(*, user: User, agreement: Agreement, status: str) -> Agreement:
    """Move an agreement on: draft → agreed → under way → completed, or cancel it. Final states stay final."""
    require(user, "exchange.change_agreement", agreement)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if status not in locked.allowed_transitions():
            raise ValidationError(
                {
                    "status": _("An agreement that is “%(now)s” cannot become “%(next)s”.")
                    % {
                        "now": AgreementStatus(locked.status).label,
                        "next": AgreementStatus(status).label if status in AgreementStatus.values else status,
                    }
                }
            )
        before = locked.status
        locked.status = status
        locked.status_changed_at = timezone.now()
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "status_changed_at", "updated_at"])
        except IntegrityError:
            # Re-opening is not possible, so this is only reachable through a cancelled pair; say so plainly.
            raise ValidationError(_("These two parties already have a live agreement from this event.")) from None
        audit_record(
            actor=user,
            municipality=locked.municipality,
            action="exchange.agreement.status",
            obj=locked,
            before={"status": before},
            after={"status": status},
        )
    agreement.status = locked.status
    agreement.status_changed_at = locked.status_changed_at
    return agreement


def follow_up_add(
    *,
    user: User,
    agreement: Agreement,
    due_on: datetime.date,
    what: str = "",
    assignee: User | None = None,
) -> FollowUp:
    """The organiser picks a date to check how an agreement is going; a reminder is sent that morning."""
    require(user, "exchange.follow_up", agreement)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Choose today or a later date.")})
    if agreement.status == AgreementStatus.CANCELLED:
        raise ValidationError(_("This agreement is cancelled."))
    follow_up = FollowUp(agreement=agreement, due_on=due_on, what=plain(what)[:200], assignee=assignee or user)
    try:
        with transaction.atomic():
            follow_up.save()
            audit_record(
                actor=user,
                municipality=agreement.municipality,
                action="exchange.follow_up.add",
                obj=follow_up,
                after={"agreement": agreement.pk, "due_on": due_on.isoformat()},
            )
    except IntegrityError:
        raise ValidationError({"due_on": _("There is already a follow-up on this date.")}) from None
    return follow_up


def follow_ups_add_for_event(*, user: User, event: ExchangeEvent, due_on: datetime.date, what: str = "") -> int:
    """One follow-up date for every live agreement from an event that has none that day; returns how many."""
    require(user, "exchange.organise_event", event)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Choose today or a later date.")})
    what = plain(what)[:200]
    agreements = (
        Agreement.objects.filter(event=event)
        .exclude(status__in=[AgreementStatus.CANCELLED, AgreementStatus.COMPLETED])
        .exclude(follow_ups__due_on=due_on)
    )
    created = 0
    with transaction.atomic():
        for agreement in agreements:
            FollowUp.objects.create(agreement=agreement, due_on=due_on, what=what, assignee=user)
            created += 1
        audit_record(
            actor=user,
            municipality=event.municipality,
            action="exchange.follow_up.add_for_event",
            obj=event,
            after={"due_on": due_on.isoformat(), "count": created},
        )
    return created


def follow_up_done(*, user: User, follow_up: FollowUp, outcome: str) -> FollowUp:
    require(user, "exchange.follow_up", follow_up.agreement)
    outcome = plain(outcome)
    if not outcome:
        raise ValidationError({"outcome": _("Write what you found out, e.g. “Going well, meets every Tuesday”.")})
    if follow_up.done_at is not None:
        raise ValidationError(_("This follow-up is already done."))
    return model_update(
        actor=user,
        municipality=follow_up.agreement.municipality,
        instance=follow_up,
        changes={"outcome": outcome, "done_at": timezone.now(), "done_by": user},
        action="exchange.follow_up.done",
    )
