"""Template helpers for the co-creation pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def split(value: str) -> list[str]:
    return (value or "").split()


@register.simple_tag
def column_chart(rows: list[Any], height: int = 120) -> dict[str, Any]:
    """Geometry of a column chart (one column per row) in SVG user units; labels every few columns."""
    count = max(len(rows), 1)
    width = max(count * 24, 240)
    slot = width / count
    largest = max((row.value for row in rows), default=0) or 1
    every = max(1, count // 12)
    columns = []
    for index, row in enumerate(rows):
        bar = (height - 20) * row.value / largest
        columns.append(
            {
                "x": round(index * slot + slot * 0.15, 2),
                "width": round(slot * 0.7, 2),
                "y": round(height - 20 - bar, 2),
                "height": round(bar, 2),
                "label_x": round(index * slot + slot / 2, 2),
                "show_label": index % every == 0,
                "row": row,
            }
        )
    return {"width": width, "height": height, "baseline": height - 20, "columns": columns}


@register.simple_tag
def process_staff_links(process: Any, municipality_slug: str) -> list[tuple[Any, str]]:
    """The tabs other modules add to a process's staff navigation (see participation.hooks), as (label, url)."""
    from django.urls import reverse

    from ..hooks import process_staff_links as links

    kwargs = {"municipality_slug": municipality_slug, "process_slug": process.slug}
    return [
        (link.label, reverse(link.url_name, kwargs=kwargs))
        for link in sorted(links.values(), key=lambda link: (link.order, link.key))
    ]
