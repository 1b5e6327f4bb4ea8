"""Offers and needs, and the contact requests that answer them."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot

from .. import notify
from ..models import (
    ALL_WEEKDAYS,
    Actor,
    Category,
    ContactRequest,
    EventParticipant,
    ExchangeEvent,
    Listing,
    ListingStatus,
    ParticipantStatus,
    RequestStatus,
    Side,
    Visibility,
    weekday_mask,
)
from ..rules import user_acts_for
from .common import absolute_url, check_place, parse_tags, plain, require, tags_for

LISTING_FIELDS = (
    "category",
    "title",
    "description",
    "quantity",
    "unit",
    "starts_on",
    "ends_on",
    "weekdays",
    "neighbourhood",
    "venue",
    "visibility",
    "event",
)
MESSAGE_LENGTH = 2000


def _clean_listing(actor: Actor, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(LISTING_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    errors: dict[str, str] = {}
    check_place(
        actor.municipality,
        neighbourhood=fields.get("neighbourhood"),
        venue=fields.get("venue"),
        event=fields.get("event"),
    )
    if "title" in fields:
        fields["title"] = plain(fields["title"])
        if not fields["title"]:
            errors["title"] = _("Write a short title, e.g. “Meeting room on Tuesday evenings”.")
    for key in ("description", "unit"):
        if key in fields:
            fields[key] = plain(fields[key])
    if "category" in fields and fields["category"] not in Category.values:
        errors["category"] = _("Choose a category.")
    if "visibility" in fields and fields["visibility"] not in Visibility.values:
        errors["visibility"] = _("Choose who can see it.")
    if "weekdays" in fields:
        days = fields["weekdays"]
        mask = days if isinstance(days, int) else weekday_mask([int(d) for d in days or []])
        if not 0 <= mask <= ALL_WEEKDAYS:
            errors["weekdays"] = _("Choose weekdays from the list.")
        fields["weekdays"] = mask
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date must be on or after the start date.")
    if errors:
        raise ValidationError(errors)
    return fields


def _attach_event(actor: Actor, event: ExchangeEvent | None) -> None:
    """Offers and needs registered for an event make the actor a participant if the event is open to them."""
    if event is None:
        return
    if event.ends_at < timezone.now():
        raise ValidationError({"event": _("This exchange event is over.")})
    participant = EventParticipant.objects.filter(event=event, actor=actor).first()
    if participant is None:
        if not event.is_open_for_registration:
            raise ValidationError({"event": _("Only invited actors can take part in this event.")})
        EventParticipant.objects.create(
            event=event, actor=actor, status=ParticipantStatus.ATTENDING, responded_at=timezone.now()
        )
    elif participant.status == ParticipantStatus.INVITED:
        participant.status = ParticipantStatus.ATTENDING
        participant.responded_at = timezone.now()
        participant.save(update_fields=["status", "responded_at", "updated_at"])


def listing_create(
    *, user: User, actor: Actor, side: str, tags: str | list[str] | None = None, **fields: Any
) -> Listing:
    """An actor registers what it offers or needs."""
    require(user, "exchange.manage_actor", actor)
    if not actor.is_active:
        raise ValidationError(_("This actor is not active in the exchange."))
    if side not in Side.values:
        raise ValidationError({"side": _("Choose offer or need.")})
    fields = _clean_listing(actor, fields)
    tag_names = parse_tags(tags)
    listing = Listing(municipality=actor.municipality, actor=actor, side=side, created_by=user, **fields)
    listing.full_clean()
    with transaction.atomic():
        _attach_event(actor, listing.event)
        listing.save()
        listing.tags.set(tags_for(actor.municipality, tag_names))
        audit_record(
            actor=user,
            municipality=actor.municipality,
            action="exchange.listing.create",
            obj=listing,
            after={**snapshot(listing), "tags": tag_names},
        )
    return listing


def listing_update(*, user: User, listing: Listing, tags: str | list[str] | None = None, **changes: Any) -> Listing:
    require(user, "exchange.manage_listing", listing)
    changes = _clean_listing(listing.actor, changes)
    before = {**snapshot(listing, changes), "tags": sorted(t.name for t in listing.tags.all())}
    for key, value in changes.items():
        setattr(listing, key, value)
    listing.full_clean()
    tag_names = parse_tags(tags) if tags is not None else before["tags"]
    with transaction.atomic():
        if "event" in changes:
            _attach_event(listing.actor, listing.event)
        listing.save()
        listing.tags.set(tags_for(listing.municipality, tag_names))
        after = {**snapshot(listing, changes), "tags": sorted(tag_names)}
        changed = [key for key in after if before.get(key) != after.get(key)]
        if changed:
            audit_record(
                actor=user,
                municipality=listing.municipality,
                action="exchange.listing.update",
                obj=listing,
                before={k: before.get(k) for k in changed},
                after={k: after[k] for k in changed},
            )
    return listing


def listing_set_status(*, user: User, listing: Listing, status: str) -> Listing:
    """Close an offer or need when it is taken care of (or open it again)."""
    require(user, "exchange.manage_listing", listing)
    if status not in ListingStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if listing.status == status:
        return listing
    with transaction.atomic():
        before = listing.status
        listing.status = status
        listing.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=user,
            municipality=listing.municipality,
            action="exchange.listing.status",
            obj=listing,
            before={"status": before},
            after={"status": status},
        )
    return listing


def contact_request_send(
    *,
    user: User,
    from_actor: Actor,
    listing: Listing,
    message: str,
    own_listing: Listing | None = None,
) -> ContactRequest:
    """An actor asks the actor behind an offer or need to get in touch."""
    require(user, "exchange.manage_actor", from_actor)
    if listing.municipality_id != from_actor.municipality_id:
        raise PermissionDenied
    if listing.actor_id == from_actor.pk:
        raise ValidationError(_("This is your own offer or need."))
    if listing.status != ListingStatus.OPEN:
        raise ValidationError(_("This offer or need is closed."))
    if listing.visibility == Visibility.ACTORS and not from_actor.is_active:
        raise PermissionDenied
    message = plain(message)
    if not message:
        raise ValidationError({"message": _("Write a few words about what you have in mind.")})
    if len(message) > MESSAGE_LENGTH:
        raise ValidationError({"message": _("Keep the message under %(n)d characters.") % {"n": MESSAGE_LENGTH}})
    if own_listing is not None and (own_listing.actor_id != from_actor.pk or own_listing.side == listing.side):
        raise ValidationError({"own_listing": _("Choose one of your own offers or needs of the other kind.")})
    request = ContactRequest(
        municipality_id=listing.municipality_id,
        listing=listing,
        from_actor=from_actor,
        to_actor_id=listing.actor_id,
        own_listing=own_listing,
        message=message,
        sent_by=user,
    )
    try:
        with transaction.atomic():
            request.save()
            audit_record(
                actor=user,
                municipality=listing.municipality,
                action="exchange.request.send",
                obj=request,
                after={"listing": listing.pk, "from": from_actor.pk},
            )
    except IntegrityError:
        raise ValidationError(_("You have already asked about this. Wait for an answer.")) from None
    notify.send(
        notify.recipients_for_actor(listing.actor),
        "contact_request",
        {"request": request, "url": absolute_url(_mine_url(listing))},
    )
    return request


def _mine_url(listing: Listing) -> str:
    from django.urls import reverse

    return reverse("exchange:mine", kwargs={"municipality_slug": listing.municipality.slug})


def contact_request_answer(*, user: User, request: ContactRequest, accept: bool, answer: str = "") -> ContactRequest:
    """The other side accepts (and both see each other's contact details) or declines, once."""
    if not user_acts_for(user, request.to_actor):
        raise PermissionDenied
    status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    answer = plain(answer)[:MESSAGE_LENGTH]
    now = timezone.now()
    with transaction.atomic():
        # Only a pending request can be answered; two answers at once leave the first.
        updated = ContactRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
            status=status, answer=answer, answered_by=user, answered_at=now, updated_at=now
        )
        if not updated:
            raise ValidationError(_("This request has already been answered or withdrawn."))
        audit_record(
            actor=user,
            municipality=request.municipality,
            action="exchange.request.answer",
            obj=request,
            before={"status": RequestStatus.PENDING},
            after={"status": status},
        )
    request.refresh_from_db()
    notify.send(
        notify.recipients_for_actor(request.from_actor),
        "contact_answer",
        {"request": request, "url": absolute_url(_mine_url(request.listing))},
    )
    return request


def contact_request_withdraw(*, user: User, request: ContactRequest) -> ContactRequest:
    if not user_acts_for(user, request.from_actor):
        raise PermissionDenied
    updated = ContactRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
        status=RequestStatus.WITHDRAWN, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This request has already been answered or withdrawn."))
    request.refresh_from_db()
    return request


def is_past(day: datetime.date | None) -> bool:
    return day is not None and day < timezone.localdate()
