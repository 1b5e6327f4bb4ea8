from typing import Any

from django.core.management.base import BaseCommand

from sammen.roadmap.digest import digest_send


class Command(BaseCommand):
    help = "Tell followers and contributors what became of the inputs whose fate changed (one message per person)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = digest_send()
        self.stdout.write(f"{result.changes} changes, {result.messages} messages")
