"""SMS leaves the platform through this interface. The console backend prints; tests use the memory backend."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None: ...


class ConsoleSmsBackend:
    def send(self, message: SmsMessage) -> None:
        logger.info("SMS to %s: %s", message.to, message.body)
        print(f"--- SMS to {message.to} ---\n{message.body}\n---")  # noqa: T201


class MemorySmsBackend:
    outbox: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> None:
        MemorySmsBackend.outbox.append(message)


def send_sms(*, to: str, body: str) -> None:
    backend: SmsBackend = import_string(settings.SAMMEN_SMS_BACKEND)()
    backend.send(SmsMessage(to=to, body=body))
