"""Run the catalogue's daily work: materialise sessions, send "still running?" reminders, erase ended follow-ups.

Schedule it once a day (cron or a systemd timer): `python manage.py activities_daily --base-url https://...`.
"""

from typing import Any

from django.core.management.base import BaseCommand

from sammen.activities import guides, services, tasks


class Command(BaseCommand):
    help = "Materialise upcoming sessions, send yearly reminders to organisers and erase ended guide follow-ups."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", default="", help="The site's address, for links in e-mails.")

    def handle(self, *args: Any, **options: Any) -> None:
        materialised = tasks.materialise_all.call()
        reminded = services.reminders_send(base_url=options["base_url"])
        erased = guides.families_erase_expired()
        self.stdout.write(f"materialised={materialised} reminded={reminded} erased={erased}")
