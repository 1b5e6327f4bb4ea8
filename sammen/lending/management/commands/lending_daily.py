from typing import Any

from django.core.management.base import BaseCommand

from sammen.lending.circulation import reservations_release_no_shows
from sammen.lending.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Send due and overdue reminders for equipment loans and release reservations nobody collected. "
        "Run it daily (e.g. from cron at 09:00); running it again sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        released = reservations_release_no_shows()
        run = reminders_send()
        self.stdout.write(
            f"Reminders sent: {run.sent}, already sent: {run.skipped}, reservations released: {released}."
        )
