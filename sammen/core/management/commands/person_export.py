import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sammen.accounts.models import User
from sammen.core.privacy import person_export_data


class Command(BaseCommand):
    help = "Write everything the platform holds about one person to a JSON file (GDPR art. 15 and 20)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--out", help="File to write (default: person-export-<id>-<date>.json)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {options['email']}.")
        path = Path(options["out"] or f"person-export-{user.pk}-{timezone.localdate():%Y%m%d}.json")
        data = person_export_data(user)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
