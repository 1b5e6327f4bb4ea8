"""What a card looks like: the QR code and the printable PDF. Every card looks the same: no name, no balance,
nothing that says where its money comes from."""

from __future__ import annotations

import io
import logging

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string

from .models import Card


def qr_svg(number: str) -> str:
    """The card number as a QR code (an SVG path), error correction M so a scratched card still scans."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=10)
    code.add_data(number)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def card_pdf(card: Card) -> bytes:
    """A printable card in ID-1 size (85.6 × 54 mm), the same for every child."""
    from weasyprint import HTML

    # WeasyPrint logs every layout step at INFO; keep the server log for what matters.
    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)

    html = render_to_string(
        "card/print.html",
        {
            "card": card,
            "scheme": card.enrolment.scheme,
            "municipality": card.enrolment.municipality,
            "qr": qr_svg(card.number),
        },
    )
    return HTML(string=html).write_pdf()
