from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sammen.card.ledger import reconcile


class Command(BaseCommand):
    help = "Prove that the activity card's books balance. Exits with status 1 and a report if they do not."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--municipality", help="Only this municipality (its slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = None
        if options.get("municipality"):
            from sammen.places.models import Municipality

            ids = list(Municipality.objects.filter(slug=options["municipality"]).values_list("pk", flat=True))
            if not ids:
                raise CommandError(f"No municipality with the address {options['municipality']!r}.")
        report = reconcile(municipality_ids=ids)
        self.stdout.write(
            f"Checked {report.transactions} transactions, {report.entries} entries, {report.accounts} accounts."
        )
        if report.balanced:
            self.stdout.write(self.style.SUCCESS("The books balance."))
            return
        self.stdout.write(self.style.ERROR(f"The books do NOT balance: {len(report.problems)} problems."))
        for problem in report.problems:
            self.stdout.write(f"  - {problem}")
        raise CommandError("card_reconcile found problems.", returncode=1)
