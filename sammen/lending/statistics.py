"""Statistics for funders: loans per depot and month, per category, per age band, unique borrowers, popular items.

No figure describes fewer than five people: such cells are hidden, and so is a second cell wherever one hidden
cell could be worked out from a total by subtraction (decision 0504).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, QuerySet, Value, When
from django.db.models.functions import ExtractMonth
from django.utils import formats
from django.utils.translation import gettext as _

from sammen.places.models import Municipality

from .models import Booking, Category, Depot, Loan

MIN_PEOPLE = 5
HIDDEN = "–"


@dataclass
class Cell:
    value: int = 0
    people: int = 0
    hidden: bool = False

    def shown(self) -> int | str:
        return HIDDEN if self.hidden else self.value


@dataclass
class Table:
    """Rows × columns of counts with row totals, column totals (when more than one column) and a grand total."""

    title: Any
    row_labels: list[tuple[Any, Any]]
    col_labels: list[tuple[Any, Any]]
    cells: dict[tuple[Any, Any], Cell] = field(default_factory=dict)
    row_totals: dict[Any, Cell] = field(default_factory=dict)
    col_totals: dict[Any, Cell] = field(default_factory=dict)
    total: Cell = field(default_factory=Cell)
    # Distinct people are not additive: a total of people need not equal the sum of its rows.
    additive: bool = True

    def cell(self, row: Any, col: Any) -> Cell:
        return self.cells.setdefault((row, col), Cell())

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "label": label,
                "cells": [self.cell(key, col) for col, _l in self.col_labels],
                "total": self.row_totals.get(key, Cell()),
            }
            for key, label in self.row_labels
        ]

    def equations(self) -> list[list[Cell]]:
        """Each group of cells that adds up to a shown total: within one, a single hidden cell would be revealed."""
        groups: list[list[Cell]] = []
        multi_column = len(self.col_labels) > 1
        for key, _label in self.row_labels:
            if multi_column:
                groups.append(
                    [self.cell(key, col) for col, _l in self.col_labels] + [self.row_totals.setdefault(key, Cell())]
                )
        if multi_column:
            for col, _label in self.col_labels:
                groups.append(
                    [self.cell(key, col) for key, _l in self.row_labels] + [self.col_totals.setdefault(col, Cell())]
                )
            groups.append([self.col_totals[col] for col, _l in self.col_labels] + [self.total])
        groups.append([self.row_totals.setdefault(key, Cell()) for key, _l in self.row_labels] + [self.total])
        return groups


def suppress(table: Table) -> Table:
    """Hide cells about fewer than MIN_PEOPLE people, then hide more until no hidden cell can be subtracted out."""
    everything = [*table.cells.values(), *table.row_totals.values(), *table.col_totals.values(), table.total]
    for cell in everything:
        if 0 < cell.people < MIN_PEOPLE or (cell.value > 0 and cell.people == 0):
            cell.hidden = True
    changed = True
    while changed:
        changed = False
        for group in table.equations():
            hidden = [c for c in group if c.hidden]
            if len(hidden) != 1:
                continue
            candidates = sorted((c for c in group if not c.hidden and c.value > 0), key=lambda c: (c.value, id(c)))
            if not candidates:
                continue  # every other term is zero: the total is hidden or zero, nothing can be derived
            candidates[0].hidden = True
            changed = True
    return table


AGE_BANDS = [
    ("0-5", 0, 5),
    ("6-12", 6, 12),
    ("13-15", 13, 15),
    ("16-19", 16, 19),
    ("20-66", 20, 66),
    ("67+", 67, 200),
]


def age_band_label(key: str) -> str:
    labels = {
        "0-5": _("Under 6"),
        "6-12": _("6–12 years"),
        "13-15": _("13–15 years"),
        "16-19": _("16–19 years"),
        "20-66": _("20–66 years"),
        "67+": _("67 and over"),
        "unknown": _("Organisations and schools"),
    }
    return labels[key]


def _age_band(year: int) -> Case:
    whens = [When(user_birth_year__isnull=True, then=Value("unknown"))]
    for key, low, high in AGE_BANDS:
        whens.append(When(user_birth_year__gte=year - high, user_birth_year__lte=year - low, then=Value(key)))
    return Case(*whens, default=Value("unknown"), output_field=CharField())


@dataclass
class Statistics:
    year: int
    monthly: Table
    categories: Table
    age_bands: Table
    borrowers: Table
    popular: list[dict[str, Any]]

    def tables(self) -> list[Table]:
        return [self.monthly, self.categories, self.age_bands, self.borrowers]


def _loans(municipality: Municipality, year: int, depots: Iterable[Depot]) -> QuerySet[Loan]:
    return Loan.objects.filter(municipality=municipality, start_date__year=year, depot__in=[d.pk for d in depots])


def lending_statistics(*, municipality: Municipality, year: int, depots: list[Depot]) -> Statistics:
    loans = _loans(municipality, year, depots)
    people = Count("borrower_id", distinct=True)
    months = [(m, formats.date_format(datetime.date(year, m, 1), "M")) for m in range(1, 13)]
    depot_rows = [(d.pk, d.name) for d in depots]

    monthly = Table(_("Loans per depot and month"), depot_rows, list(months))
    by_month = loans.annotate(month=ExtractMonth("start_date"))
    for cell_row in by_month.values("depot_id", "month").annotate(n=Count("id"), p=people):
        monthly.cells[(cell_row["depot_id"], cell_row["month"])] = Cell(cell_row["n"], cell_row["p"])
    for depot_row in loans.values("depot_id").annotate(n=Count("id"), p=people):
        monthly.row_totals[depot_row["depot_id"]] = Cell(depot_row["n"], depot_row["p"])
    for month_row in by_month.values("month").annotate(n=Count("id"), p=people):
        monthly.col_totals[month_row["month"]] = Cell(month_row["n"], month_row["p"])
    grand = loans.aggregate(n=Count("id"), p=people)
    monthly.total = Cell(grand["n"], grand["p"])

    items = Booking.objects.filter(loan__in=loans)
    item_people = Count("loan__borrower_id", distinct=True)
    category_rows: list[tuple[Any, str]] = [(c.value, str(c.label)) for c in Category]
    categories = Table(_("Items lent per category"), category_rows, [("n", _("Items lent"))])
    for cat_row in items.values("item_type__category").annotate(n=Count("id"), p=item_people):
        key = cat_row["item_type__category"]
        categories.cells[(key, "n")] = categories.row_totals[key] = Cell(cat_row["n"], cat_row["p"])
    all_items = items.aggregate(n=Count("id"), p=item_people)
    categories.total = Cell(all_items["n"], all_items["p"])

    band_keys = [key for key, _low, _high in AGE_BANDS] + ["unknown"]
    age_bands = Table(
        _("Loans per age band of the user"), [(k, age_band_label(k)) for k in band_keys], [("n", _("Loans"))]
    )
    for band_row in loans.annotate(band=_age_band(year)).values("band").annotate(n=Count("id"), p=people):
        band = band_row["band"]
        age_bands.cells[(band, "n")] = age_bands.row_totals[band] = Cell(band_row["n"], band_row["p"])
    age_bands.total = Cell(grand["n"], grand["p"])

    borrowers = Table(_("Unique borrowers per depot"), depot_rows, [("n", _("Borrowers"))], additive=False)
    for people_row in loans.values("depot_id").annotate(p=people):
        depot_id = people_row["depot_id"]
        borrowers.cells[(depot_id, "n")] = borrowers.row_totals[depot_id] = Cell(people_row["p"], people_row["p"])
    borrowers.total = Cell(grand["p"], grand["p"])

    for table in (monthly, categories, age_bands, borrowers):
        suppress(table)

    popular = [
        {"name": row["item_type__name"], "depot": row["depot__name"], "loans": row["n"]}
        for row in items.values("item_type__name", "depot__name")
        .annotate(n=Count("id"), p=item_people)
        .filter(p__gte=MIN_PEOPLE)
        .order_by("-n", "item_type__name")[:10]
    ]
    return Statistics(year, monthly, categories, age_bands, borrowers, popular)


def _rows_for_export(stats: Statistics) -> list[tuple[str, list[list[Any]]]]:
    sheets = []
    for table in stats.tables():
        header = ["", *[str(label) for _k, label in table.col_labels]]
        multi = len(table.col_labels) > 1
        if multi:
            header.append(_("Total"))
        rows: list[list[Any]] = [header]
        for row in table.rows():
            line = [str(row["label"]), *[c.shown() for c in row["cells"]]]
            if multi:
                line.append(row["total"].shown())
            rows.append(line)
        footer = [
            _("Total"),
            *([table.col_totals.get(k, Cell()).shown() for k, _l in table.col_labels] if multi else []),
        ]
        footer.append(table.total.shown())
        rows.append(footer)
        sheets.append((str(table.title), rows))
    popular = [[_("Item"), _("Depot"), _("Loans")], *[[p["name"], p["depot"], p["loans"]] for p in stats.popular]]
    sheets.append((_("Popular items"), popular))
    return sheets


def export_note() -> str:
    return _("– means hidden to protect privacy: fewer than 5 people, or a figure that others would reveal.")


def statistics_csv(stats: Statistics) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Equipment library statistics %(year)s") % {"year": stats.year}])
    writer.writerow([export_note()])
    for title, rows in _rows_for_export(stats):
        writer.writerow([])
        writer.writerow([title])
        writer.writerows(rows)
    return out.getvalue()


def statistics_xlsx(stats: Statistics) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in _rows_for_export(stats):
        sheet = workbook.create_sheet(title[:31])
        sheet.append([title])
        sheet["A1"].font = Font(bold=True)
        sheet.append([export_note()])
        sheet.append([])
        for row in rows:
            sheet.append(row)
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 34
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
