"""Background work shared by every app: sending e-mail and text messages outside the request."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.tasks import task

from .sms import send_sms


@task()
def send_email(*, subject: str, body: str, to: list[str], html: str = "", reply_to: list[str] | None = None) -> int:
    """Send one e-mail through the default mailer; returns the number sent (0 or 1)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, reply_to=reply_to or [])
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@task()
def send_text_message(*, to: str, body: str) -> None:
    send_sms(to=to, body=body)
