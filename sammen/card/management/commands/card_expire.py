from typing import Any

from django.core.management.base import BaseCommand

from sammen.card.money import expire_due


class Command(BaseCommand):
    help = "Move unused money of expired grants back to their grant accounts. Run daily (cron); safe to repeat."

    def handle(self, *args: Any, **options: Any) -> None:
        done = expire_due()
        self.stdout.write(f"{done} expired grants moved back to their grant accounts.")
