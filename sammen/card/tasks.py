"""Background work for the card: moving expired grants back (schedule daily), and top-up receipts."""

from __future__ import annotations

from django.tasks import task

from sammen.core.tasks import send_email

from .money import expire_due


@task()
def expire_grants() -> int:
    """The daily expiry run, for the task worker or cron (`manage.py card_expire` does the same)."""
    return expire_due()


def send_topup_receipt(*, to: str, subject: str, body: str) -> None:
    send_email.enqueue(subject=subject, body=body, to=[to])
