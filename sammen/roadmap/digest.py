"""The fates digest: one message per person per run about the inputs whose fate changed since the last run.

Who hears: the people who follow an input, its author when they have an account, and an offline contributor who left
an e-mail address or phone number with consent. Each change is marked notified in the same transaction as the
messages are queued, so a second run sends nothing (docs/decisions/0161).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sammen.core.tasks import send_email, send_text_message
from sammen.participation.models import Follow, Input

from .models import FateChange, FateState

BATCH = 5000


@dataclass
class Recipient:
    kind: str  # "email" or "sms"
    address: str
    language: str
    items: dict[int, dict[str, Any]] = field(default_factory=dict)


@dataclass
class DigestResult:
    changes: int = 0
    messages: int = 0


def _fate_page(item: Input) -> str:
    process = item.process
    path = reverse(
        "roadmap:fates", kwargs={"municipality_slug": process.municipality.slug, "process_slug": process.slug}
    )
    return f"{settings.SAMMEN_BASE_URL}{path}"


def digest_send() -> DigestResult:
    """Send the digest for every un-notified change of fate; returns how many changes and messages."""
    result = DigestResult()
    with transaction.atomic():
        changes = list(
            FateChange.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(notified_at__isnull=True)
            .select_related("measure")
            .order_by("changed_at", "id")[:BATCH]
        )
        if not changes:
            return result
        latest: dict[int, FateChange] = {}
        for change in changes:
            latest[change.input_id] = change
        # Nothing to tell when an input ended where it started (e.g. considered, then received again).
        first_old: dict[int, str] = {}
        for change in changes:
            first_old.setdefault(change.input_id, change.old_state)
        inputs = {
            i.pk: i for i in Input.objects.filter(pk__in=latest).select_related("author", "process__municipality")
        }
        followers = defaultdict(list)
        for follow in Follow.objects.filter(input_id__in=latest, user__is_active=True).select_related("user"):
            followers[follow.input_id].append(follow.user)
        recipients: dict[tuple[str, str], Recipient] = {}

        def add(kind: str, address: str, language: str, item: Input, change: FateChange) -> None:
            key = (kind, address.lower())
            recipient = recipients.setdefault(key, Recipient(kind=kind, address=address, language=language))
            recipient.items[item.pk] = {"input": item, "change": change, "url": _fate_page(item)}

        for input_id, change in latest.items():
            item = inputs.get(input_id)
            if item is None or (first_old[input_id] == FateState.RECEIVED and change.new_state == FateState.RECEIVED):
                continue
            people = list(followers[input_id])
            if item.author is not None and item.author.is_active:
                people.append(item.author)
            for person in people:
                if person.email:
                    add("email", person.email, person.language or "nb", item, change)
            if item.contact_consent_at is not None:
                language = item.contact_language or item.process.content_language or "nb"
                if item.contact_email:
                    add("email", item.contact_email, language, item, change)
                elif item.contact_phone:
                    add("sms", item.contact_phone, language, item, change)
        for recipient in recipients.values():
            _send(recipient)
            result.messages += 1
        FateChange.objects.filter(pk__in=[c.pk for c in changes]).update(notified_at=timezone.now())
        result.changes = len(changes)
    return result


def _send(recipient: Recipient) -> None:
    entries = [
        {
            "input": entry["input"],
            "state": FateState(entry["change"].new_state),
            "measure": entry["change"].measure,
            "reason": entry["change"].reason,
            "url": entry["url"],
        }
        for entry in recipient.items.values()
    ]
    subject = ""
    language = recipient.language if recipient.language in dict(settings.LANGUAGES) else "nb"
    with translation.override(language):
        if recipient.kind == "email":
            subject = _("What became of your input")
            body: str = render_to_string("roadmap/email/digest.txt", {"entries": entries})
        else:
            body = render_to_string("roadmap/email/digest_sms.txt", {"entries": entries}).strip()
    if recipient.kind == "email":
        send_email.enqueue(subject=subject, body=body, to=[recipient.address])
    else:
        send_text_message.enqueue(to=recipient.address, body=body)
