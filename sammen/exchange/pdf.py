"""The printable one-page agreement both parties keep, rendered by WeasyPrint from an HTML template."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Agreement

# Tries from roomy to compact: (font size in pt, longest "gives" text, longest note). Long texts are cut so the
# agreement always fits on one page; the full text stays on the agreement's page.
LAYOUTS = [(10.0, 1200, 600), (8.5, 1200, 600), (8.5, 600, 300), (8.0, 300, 150)]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def agreement_pdf_bytes(agreement: Agreement) -> bytes:
    return agreement_document(agreement).write_pdf()  # type: ignore[no-any-return]


def agreement_document(agreement: Agreement) -> Any:
    """The laid-out one-page document (its `pages` say how many pages it takes)."""
    # Imported here: WeasyPrint is heavy and logs while it loads, which every other request can do without.
    from weasyprint import HTML

    municipality = agreement.municipality
    document = None
    for font_size, gives_limit, note_limit in LAYOUTS:
        with timezone.override(zoneinfo.ZoneInfo(municipality.timezone)):
            html = render_to_string(
                "exchange/pdf/agreement.html",
                {
                    "agreement": agreement,
                    "municipality": municipality,
                    "party_a_gives": _cut(agreement.party_a_gives, gives_limit),
                    "party_b_gives": _cut(agreement.party_b_gives, gives_limit),
                    "note": _cut(agreement.note, note_limit),
                    "platform": settings.SAMMEN_PLATFORM_NAME,
                    "printed": timezone.localdate(),
                    "font_size": font_size,
                },
            )
        document = HTML(string=html).render()
        if len(document.pages) == 1:
            break
    return document
