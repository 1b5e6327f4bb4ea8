from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sammen.accounts.models import User
from sammen.core.privacy import person_erase


class Command(BaseCommand):
    help = "Erase or anonymise everything that identifies one person (GDPR art. 17); counts and totals stay."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {options['email']}.")
        if not options["yes"]:
            answer = input(f"Erase {user.email} for good? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was erased.")
        person_erase(user)
        self.stdout.write(self.style.SUCCESS(f"Erased the person (account id {user.pk})."))
