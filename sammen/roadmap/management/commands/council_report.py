from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from sammen.participation.models import Process
from sammen.roadmap.reports import build, render_pdf, render_xlsx


class Command(BaseCommand):
    help = "Make the council report (PDF and XLSX) of a process: council_report <municipality>/<process> or <process>."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("process", help="The process's address, optionally as municipality/process.")
        parser.add_argument("--output-dir", default=".", help="Where to write the files.")
        parser.add_argument("--language", default="nb")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality_slug, _sep, process_slug = options["process"].rpartition("/")
        processes = Process.objects.filter(slug=process_slug).select_related("municipality", "neighbourhood")
        if municipality_slug:
            processes = processes.filter(municipality__slug=municipality_slug)
        found = list(processes[:2])
        if len(found) != 1:
            raise CommandError(
                "No such process." if not found else "Several processes have this address; add the municipality."
            )
        process = found[0]
        out = Path(options["output_dir"])
        out.mkdir(parents=True, exist_ok=True)
        with translation.override(options["language"]):
            report = build(process=process)
            pdf_path = out / f"council-report-{process.slug}.pdf"
            pdf_path.write_bytes(render_pdf(report))
            xlsx_path = out / f"council-report-{process.slug}.xlsx"
            xlsx_path.write_bytes(render_xlsx(process=process, report=report))
        self.stdout.write(f"{pdf_path}\n{xlsx_path}")
