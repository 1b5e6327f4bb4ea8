from typing import Any

from django.core.management.base import BaseCommand

from sammen.exchange.services import follow_up_reminders_send, shift_reminders_send


class Command(BaseCommand):
    help = (
        "Send the volunteer exchange's due reminders: follow-ups on their day and shifts starting within 24 hours. "
        "Each reminder is sent once, however often this runs; run it every hour."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        follow_ups = follow_up_reminders_send()
        shifts = shift_reminders_send()
        self.stdout.write(f"Follow-up reminders sent: {follow_ups}. Shift reminders sent: {shifts}.")
