"""Monthly settlement per provider: what the municipality owes for card uses, line by line, to the øre.

A statement for month M: what was still unpaid before M, each use and refund in M, and the amount to pay.
The lines come from the provider-facing records (Redemption, Refund) and are checked against the ledger:
the month's lines must equal the entries on the provider's account in the month. Nothing here says which
source (grant, top-up) paid a use.
"""

from __future__ import annotations

import csv
import datetime
import io
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from . import ledger
from .models import Entry, Payout, Provider, Redemption, Refund, Scheme, TransactionKind


def month_bounds(month: datetime.date, tz_name: str) -> tuple[datetime.datetime, datetime.datetime]:
    tz = zoneinfo.ZoneInfo(tz_name)
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=tz),
    )


@dataclass
class Line:
    time: datetime.datetime
    reference: str
    kind: str  # "use" or "refund"
    offer: str
    category: str
    channel: str
    persons: int
    list_price_ore: int
    discount_ore: int
    card_ore: int
    municipality_ore: int

    @property
    def owed_ore(self) -> int:
        return self.card_ore + self.municipality_ore


@dataclass
class Statement:
    provider: Provider
    month: datetime.date
    opening_ore: int = 0
    lines: list[Line] = field(default_factory=list)
    ledger_month_ore: int = 0
    payout: Payout | None = None

    @property
    def month_ore(self) -> int:
        return sum(line.owed_ore for line in self.lines)

    @property
    def closing_ore(self) -> int:
        return self.opening_ore + self.month_ore

    @property
    def uses(self) -> int:
        return sum(1 for line in self.lines if line.kind == "use")

    @property
    def matches_ledger(self) -> bool:
        return self.ledger_month_ore == self.month_ore


def settlement_for(*, provider: Provider, month: datetime.date) -> Statement:
    month = month.replace(day=1)
    start, end = month_bounds(month, provider.municipality.timezone)
    account = ledger.provider_account(provider)
    statement = Statement(provider=provider, month=month)
    earlier = Entry.objects.filter(account=account, created_at__lt=start)
    unpaid_uses = earlier.exclude(transaction__kind=TransactionKind.PAYOUT).aggregate(t=Sum("amount"))["t"] or 0
    paid_before = Payout.objects.filter(provider=provider, month__lt=month).aggregate(t=Sum("amount_ore"))["t"] or 0
    statement.opening_ore = int(unpaid_uses) - int(paid_before)
    statement.ledger_month_ore = int(
        Entry.objects.filter(account=account, created_at__gte=start, created_at__lt=end)
        .exclude(transaction__kind=TransactionKind.PAYOUT)
        .aggregate(t=Sum("amount"))["t"]
        or 0
    )
    tz = zoneinfo.ZoneInfo(provider.municipality.timezone)
    for r in (
        Redemption.objects.filter(provider=provider, created_at__gte=start, created_at__lt=end)
        .select_related("offer")
        .order_by("created_at", "pk")
    ):
        statement.lines.append(
            Line(
                time=r.created_at.astimezone(tz),
                reference=r.reference,
                kind="use",
                offer=r.offer.title if r.offer else "",
                category=r.get_category_display(),
                channel=r.get_channel_display(),
                persons=r.persons,
                list_price_ore=r.list_price_ore,
                discount_ore=r.discount_ore,
                card_ore=r.amount_ore,
                municipality_ore=r.municipality_pays_ore,
            )
        )
    for f in (
        Refund.objects.filter(redemption__provider=provider, created_at__gte=start, created_at__lt=end)
        .select_related("redemption__offer")
        .order_by("created_at", "pk")
    ):
        r = f.redemption
        statement.lines.append(
            Line(
                time=f.created_at.astimezone(tz),
                reference=f"{f} ({r.reference})",
                kind="refund",
                offer=r.offer.title if r.offer else "",
                category=r.get_category_display(),
                channel=r.get_channel_display(),
                persons=r.persons if f.cancels_visit else 0,
                list_price_ore=0,
                discount_ore=0,
                card_ore=-f.amount_ore,
                municipality_ore=-f.municipality_ore,
            )
        )
    statement.lines.sort(key=lambda line: (line.time, line.reference))
    statement.payout = Payout.objects.filter(provider=provider, month=month).first()
    return statement


def statements_for_month(*, scheme: Scheme, month: datetime.date) -> list[Statement]:
    providers = (
        Provider.objects.filter(scheme=scheme)
        .select_related("organisation", "municipality")
        .order_by("organisation__name")
    )
    return [settlement_for(provider=p, month=month) for p in providers]


# --- files ------------------------------------------------------------------------------------------------


def kr(ore: int) -> Decimal:
    """Øre as kroner with exactly two decimals, for spreadsheets and finance systems."""
    return (Decimal(int(ore)) / 100).quantize(Decimal("0.01"))


def _line_headers() -> list[str]:
    return [
        _("Provider"),
        _("Organisation number"),
        _("Date"),
        _("Time"),
        _("Reference"),
        _("Type"),
        _("Offer"),
        _("Paid for"),
        _("Channel"),
        _("Persons"),
        _("List price (kr)"),
        _("Provider's discount (kr)"),
        _("Paid by card (kr)"),
        _("Paid by the municipality (kr)"),
        _("Owed (kr)"),
        _("Owed (øre)"),
    ]


def _line_row(statement: Statement, line: Line) -> list[object]:
    org = statement.provider.organisation
    return [
        org.name,
        org.registration_number,
        line.time.date().isoformat(),
        line.time.strftime("%H:%M:%S"),
        line.reference,
        _("Use") if line.kind == "use" else _("Refund"),
        line.offer,
        line.category,
        line.channel,
        line.persons,
        kr(line.list_price_ore),
        kr(line.discount_ore),
        kr(line.card_ore),
        kr(line.municipality_ore),
        kr(line.owed_ore),
        line.owed_ore,
    ]


def _summary_headers() -> list[str]:
    return [
        _("Provider"),
        _("Organisation number"),
        _("Bank account"),
        _("Month"),
        _("Uses"),
        _("Unpaid from earlier months (kr)"),
        _("This month (kr)"),
        _("To pay (kr)"),
        _("To pay (øre)"),
    ]


def _summary_row(statement: Statement) -> list[object]:
    org = statement.provider.organisation
    return [
        org.name,
        org.registration_number,
        statement.provider.bank_account,
        statement.month.strftime("%Y-%m"),
        statement.uses,
        kr(statement.opening_ore),
        kr(statement.month_ore),
        kr(statement.closing_ore),
        statement.closing_ore,
    ]


def settlement_csv(statements: list[Statement]) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark (opens correctly in Nordic Excel), amounts with a dot."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_summary_headers())
    for statement in statements:
        writer.writerow(_summary_row(statement))
    writer.writerow([])
    writer.writerow(_line_headers())
    for statement in statements:
        for line in statement.lines:
            writer.writerow(_line_row(statement, line))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def settlement_xlsx(statements: list[Statement]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    summary.append(_summary_headers())
    for statement in statements:
        summary.append(_summary_row(statement))
    total_row = summary.max_row + 1
    summary.append(
        [
            _("Total"),
            "",
            "",
            "",
            sum(s.uses for s in statements),
            kr(sum(s.opening_ore for s in statements)),
            kr(sum(s.month_ore for s in statements)),
            kr(sum(s.closing_ore for s in statements)),
            sum(s.closing_ore for s in statements),
        ]
    )
    lines = book.create_sheet(_("Lines")[:31])
    lines.append(_line_headers())
    for statement in statements:
        for line in statement.lines:
            lines.append(_line_row(statement, line))
    for sheet in (summary, lines):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
        sheet.freeze_panes = "A2"
    for cell in summary[total_row]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
