from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from sammen.core.demo import DEMO_PASSWORD, DemoContext, run_all_loaders


class Command(BaseCommand):
    help = "Create or refresh the demo municipalities, neighbourhoods, people and module data. Safe to re-run."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-users", action="store_true", help="Do not print the demo accounts.")

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = DemoContext()
        with transaction.atomic():
            loaded = run_all_loaders(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({', '.join(loaded)})."))
        if options["quiet_users"]:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        width = max(len(u.email) for u in ctx.printed_users) if ctx.printed_users else 20
        for user in ctx.printed_users:
            self.stdout.write(f"  {user.email.ljust(width)}  {user.role} – {user.where}")
