"""Files made from the dashboards: XLSX tables, and the public health overview's neighbourhood chapter (PDF, DOCX).

Everything goes through the selectors, so a suppressed cell is ":" in every file and never a number.
"""

from __future__ import annotations

import base64
import datetime
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.places.models import Municipality, Neighbourhood

from . import integration, selectors
from .charts import render_png, render_svg
from .models import Survey, SurveyStatus, Theme

# WeasyPrint reports every layout step at INFO; one line per step and page is noise in the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def dashboard_xlsx(*, municipality: Municipality, neighbourhood: Neighbourhood | None, public_only: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    sections = selectors.neighbourhood_dashboard(
        municipality=municipality, neighbourhood=neighbourhood, public_only=public_only
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicators")[:31]
    place = neighbourhood.name if neighbourhood else municipality.name
    sheet.append([_("Indicators for %(place)s") % {"place": place}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            _(": = hidden to protect small groups (fewer than %(k)s people)")
            % {"k": selectors.settings_for(municipality).min_group_size}
        ]
    )
    sheet.append([])
    header = [
        _("Impact goal"),
        _("Indicator"),
        _("Unit"),
        _("Period"),
        *([] if not sections else sections[0].cards[0].columns),
        _("Judgement"),
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for section in sections:
        for card in section.cards:
            for row in card.rows:
                values: list[Any] = []
                for item in row.cells:
                    if item is None:
                        values.append(None)
                    elif item.suppressed:
                        values.append(":")
                    else:
                        values.append(float(item.value))  # type: ignore[arg-type]
                sheet.append(
                    [
                        section.goal.title,
                        card.indicator.name,
                        card.indicator.unit,
                        row.period,
                        *values,
                        card.judgement.label,
                    ]
                )
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 44
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass
class ThemeChapter:
    theme: str
    label: str
    cards: list[selectors.IndicatorCard] = field(default_factory=list)


@dataclass
class Report:
    municipality: Municipality
    neighbourhood: Neighbourhood
    generated: datetime.date
    chapters: list[ThemeChapter]
    survey: Survey | None
    survey_results: list[selectors.QuestionResult]
    cocreation: dict[str, Any] | None
    cocreation_installed: bool
    assessment: str
    min_group_size: int
    judgement_rule: str
    sources: list[str]
    language: str = "nb"


def build_report(*, municipality: Municipality, neighbourhood: Neighbourhood, assessment: str, language: str) -> Report:
    sections = selectors.neighbourhood_dashboard(
        municipality=municipality, neighbourhood=neighbourhood, public_only=False
    )
    chapters = {theme: ThemeChapter(theme, str(label)) for theme, label in Theme.choices}
    for section in sections:
        for card in section.cards:
            chapters[card.indicator.theme].cards.append(card)
    survey = (
        Survey.objects.filter(
            municipality=municipality, neighbourhoods=neighbourhood, status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED]
        )
        .order_by("-year", "-pk")
        .first()
    )
    results = []
    if survey is not None:
        for result in selectors.survey_results(survey=survey, language=language):
            result.places = [p for p in result.places if p[0] in (neighbourhood.name, _("All respondents"))]
            results.append(result)
    config = selectors.settings_for(municipality)
    rule = selectors.judge([], "up", config.change_threshold_percent).rule
    sources = sorted({card.indicator.source for section in sections for card in section.cards})
    return Report(
        municipality=municipality,
        neighbourhood=neighbourhood,
        generated=timezone.localdate(),
        chapters=[c for c in chapters.values() if c.cards],
        survey=survey,
        survey_results=results,
        cocreation=integration.cocreation_summary(municipality=municipality, neighbourhood=neighbourhood),
        cocreation_installed=integration.participation_installed(),
        assessment=assessment.strip(),
        min_group_size=config.min_group_size,
        judgement_rule=rule,
        sources=sources,
        language=language,
    )


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    charts = {}
    for chapter in report.chapters:
        for card in chapter.cards:
            svg = render_svg(card.chart, standalone=True)
            charts[card.indicator.pk] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    html = render_to_string("impact/report/overview.html", {"report": report, "charts": charts})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def report_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    document.core_properties.title = _("Public health overview: %(place)s") % {"place": report.neighbourhood.name}
    document.add_heading(_("Public health overview: %(place)s") % {"place": report.neighbourhood.name}, level=0)
    document.add_paragraph(
        _("Neighbourhood chapter for %(municipality)s, made on %(date)s.")
        % {"municipality": report.municipality.name, "date": report.generated.isoformat()}
    )
    document.add_heading(_("1 About the neighbourhood"), level=1)
    if report.neighbourhood.description:
        document.add_paragraph(report.neighbourhood.description)
    if report.neighbourhood.population:
        document.add_paragraph(_("Population: about %(n)s.") % {"n": report.neighbourhood.population})
    document.add_heading(_("2 Status and trends"), level=1)
    document.add_paragraph(report.judgement_rule)
    for chapter in report.chapters:
        document.add_heading(chapter.label, level=2)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            [_("Indicator"), _("Latest"), _("Whole municipality"), _("Judgement"), _("Target")],
            strict=True,
        ):
            cell.text = text
        for card in chapter.cards:
            last = card.rows[-1] if card.rows else None
            row = table.add_row().cells
            row[0].text = f"{card.indicator.name} ({card.indicator.unit})"
            row[1].text = f"{card.formatted(card.latest)} ({card.latest_period})" if card.latest else "–"
            row[2].text = card.formatted(last.cells[-1]) if last else "–"
            row[3].text = card.judgement.label
            row[4].text = (
                f"{selectors.fmt(card.indicator.target_value, card.indicator.decimals)} ({card.indicator.target_year})"
                if card.indicator.target_value is not None
                else "–"
            )
        for card in chapter.cards:
            document.add_heading(card.indicator.name, level=3)
            document.add_picture(io.BytesIO(render_png(card.chart)), width=Cm(15))
            document.add_paragraph(card.summary)
    document.add_heading(_("3 What residents say"), level=1)
    if report.survey is None:
        document.add_paragraph(_("No resident survey has been run in the neighbourhood yet."))
    else:
        document.add_paragraph(
            _("From the survey “%(title)s” (%(year)s). Groups of fewer than %(k)s respondents are not shown.")
            % {"title": report.survey.title, "year": report.survey.year, "k": report.min_group_size}
        )
        for number, result in enumerate(report.survey_results, start=1):
            document.add_heading(f"{number}. {result.question.text_in(report.language)}", level=3)
            columns, rows = result.table
            if not rows:
                continue
            table = document.add_table(rows=1, cols=len(columns) + 1)
            table.style = "Table Grid"
            table.rows[0].cells[0].text = _("Answer")
            for cell, (name, n) in zip(table.rows[0].cells[1:], columns, strict=True):
                cell.text = (
                    f"{name} (n = {n})"
                    if n is not None
                    else _("%(place)s: hidden (too few respondents)") % {"place": name}
                )
            for label, values in rows:
                cells = table.add_row().cells
                cells[0].text = label
                for cell, value in zip(cells[1:], values, strict=True):
                    cell.text = value
    document.add_heading(_("4 Co-creation in the neighbourhood"), level=1)
    if report.cocreation:
        for key, value in report.cocreation.items():
            document.add_paragraph(f"{key}: {value}")
    elif report.cocreation_installed:
        document.add_paragraph(_("No co-creation process is registered for the neighbourhood."))
    else:
        document.add_paragraph(_("The co-creation module is not in use, so this chapter is written by hand."))
    document.add_heading(_("5 Assessment"), level=1)
    document.add_paragraph(
        report.assessment or _("Write the municipality's assessment of causes and consequences here.")
    )
    document.add_heading(_("Sources and method"), level=1)
    for source in report.sources:
        document.add_paragraph(source, style="List Bullet")
    document.add_paragraph(
        _(
            "Values from fewer than %(k)s people are hidden (shown as “:”), and so is anything that would let them be "
            "worked out by subtraction."
        )
        % {"k": report.min_group_size}
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
