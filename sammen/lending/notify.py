"""Messages to borrowers by e-mail and SMS, written in the borrower's language.

Messages are queued with the platform's tasks inside the caller's transaction: with the database task backend the
queued message and the row that caused it (a reminder, a decision) are committed together or not at all.
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from sammen.core.tasks import send_email, send_text_message

from .models import Borrower, Depot, Loan, ReminderKind, Reservation


def contact_of(borrower: Borrower) -> Borrower:
    """Whom to write to: the borrower, or for a minor without contact details, the responsible adult."""
    if not (borrower.email or borrower.phone) and borrower.responsible_adult is not None:
        return borrower.responsible_adult
    return borrower


def _deliver(
    borrower: Borrower, subject: str, body: str, sms: str, *, email: bool = True, text: bool = True
) -> tuple[bool, bool]:
    contact = contact_of(borrower)
    sent_email = sent_sms = False
    if email and contact.email:
        send_email.enqueue(subject=subject, body=body, to=[contact.email])
        sent_email = True
    if text and contact.phone:
        send_text_message.enqueue(to=contact.phone, body=sms)
        sent_sms = True
    return sent_email, sent_sms


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "l j. F")


def _opening(depot: Depot) -> str:
    return depot.address or depot.name


def reservation_message(reservation: Reservation, event: str) -> tuple[bool, bool]:
    """event: received, confirmed, declined, cancelled, no_show."""
    borrower = reservation.borrower
    contact = contact_of(borrower)
    with translation.override(contact.language):
        context = {
            "reservation": reservation,
            "borrower": contact,
            "depot": reservation.depot,
            "start": _day(reservation.start_date),
            "end": _day(reservation.end_date),
            "lines": [
                f"{b.item_type.name}{f' ({b.unit.size})' if b.unit.size else ''}" for b in reservation.bookings.all()
            ],
            "event": event,
        }
        subjects = {
            "received": _("We have received your reservation at %(depot)s"),
            "confirmed": _("Your reservation at %(depot)s is confirmed"),
            "declined": _("Your reservation at %(depot)s could not be confirmed"),
            "cancelled": _("Your reservation at %(depot)s is cancelled"),
            "no_show": _("Your reservation at %(depot)s was not collected"),
        }
        subject = subjects[event] % {"depot": reservation.depot.name}
        body = render_to_string("lending/messages/reservation.txt", context)
        sms = render_to_string("lending/messages/reservation_sms.txt", context).strip()
    # Reservation news goes by e-mail, or by SMS when there is no e-mail address.
    return _deliver(borrower, subject, body, sms, email=True, text=not contact.email)


def reminder_message(loan: Loan, kind: str) -> tuple[bool, bool, str]:
    borrower = loan.borrower
    contact = contact_of(borrower)
    with translation.override(contact.language):
        lines = [
            f"{b.item_type.name}{f' ({b.unit.size})' if b.unit.size else ''} – {b.unit.code}"
            for b in loan.bookings.all()
            if b.is_active
        ]
        context = {
            "loan": loan,
            "borrower": contact,
            "depot": loan.depot,
            "due": _day(loan.due_date),
            "lines": lines,
            "kind": kind,
            "place": _opening(loan.depot),
        }
        if kind == ReminderKind.DUE_SOON:
            subject = _("Reminder: please return your things to %(depot)s tomorrow") % {"depot": loan.depot.name}
        else:
            subject = _("Overdue: please return your things to %(depot)s") % {"depot": loan.depot.name}
        body = render_to_string("lending/messages/reminder.txt", context)
        sms = render_to_string("lending/messages/reminder_sms.txt", context).strip()
    by_email, by_sms = _deliver(borrower, subject, body, sms)
    return by_email, by_sms, contact.language
