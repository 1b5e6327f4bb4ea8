"""Reminders before the due day and when a loan is overdue: each kind goes out once per loan.

The row in `Reminder` is written before the message is queued, in the same transaction; its unique (loan, kind)
makes a second run, or two schedulers at once, skip what was already sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from . import notify
from .calendar import today_in
from .models import Booking, Loan, Reminder, ReminderKind

OVERDUE_AGAIN_AFTER_DAYS = 7


@dataclass
class ReminderRun:
    sent: int = 0
    skipped: int = 0


def reminder_kind_for(loan: Loan, today: datetime.date) -> str | None:
    days_left = (loan.due_date - today).days
    if days_left == 1:
        return ReminderKind.DUE_SOON
    if days_left < 0 and -days_left >= OVERDUE_AGAIN_AFTER_DAYS:
        return ReminderKind.OVERDUE_AGAIN
    if days_left < 0:
        return ReminderKind.OVERDUE
    return None


def reminders_send(*, today: datetime.date | None = None) -> ReminderRun:
    """Send what is due today for every open loan; run it daily (or more often: nothing goes out twice)."""
    run = ReminderRun()
    loans = (
        Loan.objects.filter(closed_at__isnull=True)
        .select_related("borrower__responsible_adult", "depot__municipality")
        .prefetch_related(
            Prefetch("bookings", queryset=Booking.objects.filter(is_active=True).select_related("unit", "item_type"))
        )
        .order_by("id")
    )
    for loan in loans.iterator(chunk_size=500):
        day = today or today_in(loan.depot.municipality)
        if loan.due_date > day + datetime.timedelta(days=1):
            continue
        kind = reminder_kind_for(loan, day)
        if kind is None:
            continue
        if (
            kind == ReminderKind.OVERDUE_AGAIN
            and not Reminder.objects.filter(loan=loan, kind=ReminderKind.OVERDUE).exists()
        ):
            kind = ReminderKind.OVERDUE  # the first overdue reminder goes first, however late
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    municipality_id=loan.municipality_id, loan=loan, kind=kind, language=""
                )
                by_email, by_sms, language = notify.reminder_message(loan, kind)
                reminder.by_email, reminder.by_sms, reminder.language = by_email, by_sms, language
                reminder.save(update_fields=["by_email", "by_sms", "language"])
        except IntegrityError:
            run.skipped += 1  # already sent, by an earlier run or one running at the same time
            continue
        run.sent += 1
    return run
