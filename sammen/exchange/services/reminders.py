"""Reminders that go out once: follow-ups on their day, and shifts a day before they start.

`manage.py exchange_reminders` runs these (every hour from cron or a systemd timer). Each reminder is claimed with
a conditional update (`... WHERE reminder_sent_at IS NULL`) in the same transaction that queues the e-mail, so two
runs at the same time, or a run repeated after a crash, never send one twice.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .. import notify
from ..models import EventRoleKind, FollowUp, ShiftSignup, SignupStatus
from .common import absolute_url

SHIFT_REMINDER_LEAD = datetime.timedelta(hours=24)


def follow_up_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind whoever follows up (the organiser who set the date) on the morning of the due day."""
    now = now or timezone.now()
    candidates = (
        FollowUp.objects.filter(reminder_sent_at__isnull=True, done_at__isnull=True)
        # Widest possible "today" across time zones; each is checked in its municipality's zone below.
        .filter(due_on__lte=(now + datetime.timedelta(days=1)).date())
        .select_related(
            "agreement__municipality",
            "agreement__event",
            "agreement__party_a__organisation",
            "agreement__party_b__organisation",
            "assignee",
            "agreement__registered_by",
        )
        .order_by("due_on", "id")
    )
    sent = 0
    for follow_up in candidates:
        agreement = follow_up.agreement
        municipality = agreement.municipality
        if follow_up.due_on > timezone.localdate(now, zoneinfo.ZoneInfo(municipality.timezone)):
            continue
        recipients = _follow_up_recipients(follow_up)
        url = absolute_url(
            reverse(
                "exchange:agreement_detail",
                kwargs={"municipality_slug": municipality.slug, "exchange_agreement_id": agreement.pk},
            )
        )
        with transaction.atomic():
            claimed = FollowUp.objects.filter(pk=follow_up.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                notify.send(
                    recipients, "follow_up_reminder", {"follow_up": follow_up, "agreement": agreement, "url": url}
                )
                sent += 1
    return sent


def _follow_up_recipients(follow_up: FollowUp) -> list[notify.Recipient | None]:
    if follow_up.assignee is not None and follow_up.assignee.is_active:
        return [notify.recipient_for_user(follow_up.assignee)]
    agreement = follow_up.agreement
    if agreement.event is not None:
        organisers = agreement.event.roles.filter(role=EventRoleKind.ORGANISER).select_related("user")
        found = [notify.recipient_for_user(role.user) for role in organisers]
        if any(found):
            return found
    return [notify.recipient_for_user(agreement.registered_by)]


def shift_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind each volunteer of a shift starting within the next 24 hours, by e-mail and text message."""
    now = now or timezone.now()
    signups = ShiftSignup.objects.filter(
        status=SignupStatus.ACTIVE,
        reminder_sent_at__isnull=True,
        shift__is_cancelled=False,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + SHIFT_REMINDER_LEAD,
    ).select_related("shift__task__municipality", "shift__task__actor__organisation", "volunteer__user")
    sent = 0
    for signup in signups:
        task = signup.shift.task
        with transaction.atomic():
            claimed = ShiftSignup.objects.filter(pk=signup.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                notify.send(
                    notify.recipients_for_actor(signup.volunteer),
                    "shift_reminder",
                    {"shift": signup.shift, "task": task, "url": absolute_url(task.get_absolute_url())},
                    text_message=True,
                )
                sent += 1
    return sent
