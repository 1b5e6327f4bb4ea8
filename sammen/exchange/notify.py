"""E-mail (and text messages) from the exchange, written in the recipient's language and sent in the background."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from sammen.core.tasks import send_email, send_text_message
from sammen.organisations.models import MembershipRole

from .models import Actor


def _zone(context: dict[str, Any]) -> zoneinfo.ZoneInfo:
    for value in context.values():
        municipality = getattr(value, "municipality", None)
        if municipality is not None and getattr(municipality, "timezone", None):
            return zoneinfo.ZoneInfo(municipality.timezone)
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    phone: str = ""


def recipients_for_actor(actor: Actor) -> list[Recipient]:
    """Who hears on behalf of an actor: the volunteer; or the exchange contact, else the representatives."""
    fallback = actor.municipality.default_language
    if actor.user_id is not None:
        user = actor.user
        if not user or not user.is_active or not user.email:
            return []
        return [Recipient(actor.contact_email or user.email, user.language, actor.contact_phone or user.phone)]
    if actor.contact_email:
        return [Recipient(actor.contact_email, fallback)]
    reps = actor.organisation.memberships.filter(  # type: ignore[union-attr]
        role=MembershipRole.REPRESENTATIVE, user__is_active=True
    ).select_related("user")
    found = [Recipient(m.user.email, m.user.language) for m in reps]
    if not found and actor.organisation.email:  # type: ignore[union-attr]
        found = [Recipient(actor.organisation.email, fallback)]  # type: ignore[union-attr]
    return found


def recipient_for_user(user: Any) -> Recipient | None:
    if user is None or not user.is_active or not user.email:
        return None
    return Recipient(user.email, user.language, user.phone)


def send(
    recipients: Iterable[Recipient | None],
    template: str,
    context: dict[str, Any],
    *,
    text_message: bool = False,
) -> int:
    """Render `exchange/email/<template>.txt` (first line: subject) per recipient language and queue it.
    Times are shown in the municipality's time zone (`context["municipality"]` or the record's)."""
    zone = _zone(context)
    sent = 0
    for recipient in recipients:
        if recipient is None:
            continue
        with translation.override(recipient.language), timezone.override(zone):
            rendered = render_to_string(f"exchange/email/{template}.txt", context).strip()
            subject, _blank, body = rendered.partition("\n")
            send_email.enqueue(subject=subject.strip(), body=body.strip() + "\n", to=[recipient.email])
            if text_message and recipient.phone:
                sms = render_to_string(f"exchange/email/{template}.sms.txt", context).strip()
                send_text_message.enqueue(to=recipient.phone, body=sms)
        sent += 1
    return sent
