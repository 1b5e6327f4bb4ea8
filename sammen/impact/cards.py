"""The HTML of one indicator card on a dashboard, built in Python.

A dashboard shows 30 or more cards, each with a chart and a data table; building them with format_html rather than an
included template keeps the page within its time budget (docs/impact.md, "Speed"). Every value is escaped.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .selectors import IndicatorCard, fmt


def card_html(card: IndicatorCard, *, municipality_slug: str, place: str) -> SafeString:
    indicator = card.indicator
    kwargs = {"municipality_slug": municipality_slug, "indicator_id": indicator.pk}
    title_id = f"indicator-{indicator.pk}-title"
    target = ""
    if indicator.target_value is not None:
        target = format_html(
            "<p>{}</p>",
            _("Target: %(value)s %(unit)s by %(year)s.")
            % {
                "value": fmt(indicator.target_value, indicator.decimals),
                "unit": indicator.unit,
                "year": indicator.target_year,
            },
        )
    versus = format_html(" · {}", capfirst(card.versus_average)) if card.versus_average else ""
    return format_html(
        '<article class="card indicator-card" aria-labelledby="{title_id}">'
        '<h3 id="{title_id}"><a href="{url}">{name}</a></h3>'
        '<p class="muted">{definition} {unit_label} {unit}. {direction}.</p>'
        '<p><strong class="judgement judgement--{kind}">{judgement}</strong>{versus}</p>'
        '<p class="hint">{rule_label} {rule}</p>'
        '<figure class="chart-figure">{svg}<figcaption>{summary}</figcaption></figure>'
        "<details><summary>{table_label}</summary>"
        '<div class="table-wrap">{table}</div>{target}<p class="muted">{source_label} {source}</p></details>'
        '<p class="inline-list"><a href="{png}" download>{png_label}</a>'
        ' <a href="{svg_url}" download>{svg_label}</a></p>'
        "</article>",
        title_id=title_id,
        url=reverse("impact:indicator", kwargs=kwargs),
        name=indicator.name,
        definition=indicator.definition,
        unit_label=_("Unit:"),
        unit=indicator.unit,
        direction=indicator.get_direction_display(),
        kind=card.judgement.kind,
        judgement=card.judgement.label,
        versus=versus,
        rule_label=_("Rule:"),
        rule=card.judgement.rule,
        svg=mark_safe(card.svg),  # noqa: S308 - charts.render_svg escapes every text it draws.
        summary=card.summary,
        table_label=_("Data table: %(name)s") % {"name": indicator.name},
        table=card.table_html(),
        target=target,
        source_label=_("Source:"),
        source=indicator.source,
        png=reverse("impact:chart_png", kwargs={**kwargs, "impact_place": place}),
        png_label=_("Download the chart of %(name)s as PNG") % {"name": indicator.name},
        svg_url=reverse("impact:chart_svg", kwargs={**kwargs, "impact_place": place}),
        svg_label=_("as SVG"),
    )
