"""The council report: the document for political treatment, as PDF (WeasyPrint, tagged PDF/UA-1) and XLSX.

Made in the background (`tasks.council_report`), with its progress in a `ReportJob` the staff page polls. Everything is
read through the selectors, so the report shows what the public pages show. See docs/decisions/0162.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from html import escape
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record
from sammen.participation.models import Process
from sammen.participation.statistics import Bar, process_statistics

from . import selectors
from .models import FateState, MeasureStatus, ReportJob, ReportStatus

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The PDF appendix lists at most this many inputs; the spreadsheet always has them all.
APPENDIX_LIMIT = 1500
BAR_COLOURS = ["#00515a", "#1f5fa8", "#a3320b", "#2e6b1e", "#6b3fa0", "#7a5c00", "#8e244d", "#4a4d55"]


def bar_chart_svg(*, title: str, rows: list[tuple[str, int]]) -> str:
    """A horizontal bar chart as a standalone SVG, labelled with its numbers (readable without colour)."""
    width, bar_height, gap, label_width = 520, 18, 8, 190
    height = max(len(rows), 1) * (bar_height + gap) + 10
    largest = max((value for _label, value in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * (bar_height + gap)
        length = round((width - label_width - 60) * value / largest)
        colour = BAR_COLOURS[index % len(BAR_COLOURS)]
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" font-size="11" font-family="sans-serif" '
            f'fill="#1d1d1f">{escape(label[:34])}</text>'
            f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" height="{bar_height}" fill="{colour}"/>'
            f'<text x="{label_width + max(length, 1) + 5}" y="{y + 13}" font-size="11" font-family="sans-serif" '
            f'fill="#1d1d1f">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@dataclass(frozen=True)
class ReportAttachment:
    """A knowledge-base file as the report shows it: pictures inline (as a data URI), documents by name."""

    name: str
    alt_text: str
    image_uri: str


def _report_attachments(tree: selectors.RoadmapTree) -> list[ReportAttachment]:
    roadmap = tree.roadmap
    if roadmap is None:
        return []
    items = []
    for attachment in roadmap.attachments.all():
        uri = ""
        if attachment.is_image:
            with attachment.file.open("rb") as handle:
                uri = f"data:{attachment.content_type};base64,{base64.b64encode(handle.read()).decode('ascii')}"
        items.append(ReportAttachment(name=str(attachment), alt_text=attachment.alt_text, image_uri=uri))
    return items


@dataclass
class CouncilReport:
    process: Process
    generated: Any
    tree: selectors.RoadmapTree
    statistics: Any
    fate_counts: dict[str, int]
    fate_rows: list[tuple[str, int]]
    appendix: list[Any]
    appendix_total: int
    channel_chart: str
    fate_chart: str
    attachments: list[ReportAttachment]

    @property
    def documents(self) -> list[ReportAttachment]:
        return [item for item in self.attachments if not item.image_uri]

    @property
    def pictures(self) -> list[ReportAttachment]:
        return [item for item in self.attachments if item.image_uri]

    @property
    def appendix_cut(self) -> bool:
        return self.appendix_total > len(self.appendix)


def _bars(rows: list[Bar]) -> list[tuple[str, int]]:
    return [(str(row.label), int(row.value)) for row in rows]


def build(*, process: Process, progress: Any = None) -> CouncilReport:
    """Gather everything the report shows (in the active language)."""
    step = progress or (lambda percent, text: None)
    step(10, _("Counting who took part"))
    statistics = process_statistics(process=process)
    step(25, _("Reading the roadmap"))
    tree = selectors.roadmap_tree(process=process)
    counts = selectors.fate_counts(process=process)
    fate_rows = [(str(FateState(state).label), n) for state, n in counts.items()]
    step(40, _("Listing the inputs and their fates"))
    inputs = selectors.fate_list_public(process=process, filters=selectors.FateFilter()).order_by("received_on", "id")
    total = sum(counts.values())
    appendix = list(inputs[:APPENDIX_LIMIT])
    return CouncilReport(
        process=process,
        generated=timezone.localdate(),
        tree=tree,
        statistics=statistics,
        fate_counts=counts,
        fate_rows=fate_rows,
        appendix=appendix,
        appendix_total=total,
        channel_chart=_data_uri(bar_chart_svg(title=_("Inputs by channel"), rows=_bars(statistics.channels))),
        fate_chart=_data_uri(bar_chart_svg(title=_("What became of the inputs"), rows=fate_rows)),
        attachments=_report_attachments(tree),
    )


def render_html(report: CouncilReport) -> str:
    return render_to_string(
        "roadmap/report/council.html",
        {"report": report, "process": report.process, "tree": report.tree, "stats": report.statistics},
    )


def render_pdf(report: CouncilReport) -> bytes:
    from weasyprint import HTML

    html = render_html(report)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def render_xlsx(*, process: Process, report: CouncilReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Measures")[:31]
    sheet.append(
        [
            _("Focus area"),
            _("Goal"),
            _("Strategy"),
            _("Measure"),
            _("Status"),
            _("Start"),
            _("End"),
            _("Actors"),
            _("Inputs it answers"),
        ]
    )
    for area in report.tree.areas:
        for node in area.goals:
            rows = [(None, m) for m in node.measures] + [(s, m) for s, ms in node.strategy_nodes for m in ms]
            for strategy, measure in rows:
                sheet.append(
                    [
                        area.area.name,
                        node.goal.title,
                        strategy.title if strategy else "",
                        measure.title,
                        str(MeasureStatus(measure.status).label),
                        measure.start_date,
                        measure.end_date,
                        "; ".join(f"{a.name} ({a.role})" for a in measure.actors.all()),
                        measure.input_count,  # type: ignore[attr-defined]
                    ]
                )
    inputs_sheet = workbook.create_sheet(_("Inputs")[:31])
    inputs_sheet.append(
        [_("Number"), _("Date"), _("Channel"), _("Input"), _("What became of it"), _("Measure"), _("Reason")]
    )
    qs = selectors.fate_list_public(process=process, filters=selectors.FateFilter()).order_by("received_on", "id")
    for item in qs.iterator(chunk_size=2000):
        fate = getattr(item, "fate", None)
        inputs_sheet.append(
            [
                item.pk,
                item.received_on,
                str(item.get_channel_display()),
                item.text,
                str(FateState(item.fate_state).label),  # type: ignore[attr-defined]
                fate.measure.title if fate is not None and fate.measure else "",
                fate.reason if fate is not None else "",
            ]
        )
    for ws in (sheet, inputs_sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_request(*, actor: User, process: Process, language: str) -> ReportJob:
    """Queue a council report for the process; the task makes the files."""
    if not actor.has_perm("roadmap.change_roadmap", process):
        raise PermissionDenied
    from .tasks import council_report

    with transaction.atomic():
        job = ReportJob.objects.create(process=process, requested_by=actor, language=language[:8])
        audit_record(actor=actor, municipality=process.municipality, action="roadmap.report.request", obj=job, after={})
    transaction.on_commit(lambda: council_report.enqueue(job_id=job.pk))
    return job


def report_run(*, job: ReportJob) -> ReportJob:
    """Make the files of a queued report, saving the progress as it goes. A failure is recorded, not raised."""

    def step(percent: int, text: str) -> None:
        ReportJob.objects.filter(pk=job.pk).update(progress=percent, step=text[:200], status=ReportStatus.RUNNING)

    process = Process.objects.select_related("municipality", "neighbourhood").get(pk=job.process_id)
    with translation.override(job.language):
        try:
            report = build(process=process, progress=step)
            step(55, _("Laying out the PDF"))
            pdf = render_pdf(report)
            step(85, _("Writing the spreadsheet"))
            xlsx = render_xlsx(process=process, report=report)
        except Exception:
            logging.getLogger(__name__).exception("Council report %s failed", job.pk)
            ReportJob.objects.filter(pk=job.pk).update(
                status=ReportStatus.FAILED, step=_("Something went wrong. Try again, or ask for help.")
            )
            job.refresh_from_db()
            return job
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    job.refresh_from_db()
    job.pdf.save(f"council-report-{process.slug}-{stamp}.pdf", ContentFile(pdf), save=False)
    job.xlsx.save(f"council-report-{process.slug}-{stamp}.xlsx", ContentFile(xlsx), save=False)
    job.status, job.progress, job.finished_at = ReportStatus.DONE, 100, timezone.now()
    with translation.override(job.language):
        job.step = _("Ready")
    job.save()
    return job
