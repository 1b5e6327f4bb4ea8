"""Statistics for funders: exact counts, no figure about fewer than five people, and none revealed by subtraction."""

import datetime
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..calendar import today_in
from ..models import Booking, Loan
from ..statistics import MIN_PEOPLE, Cell, Table, lending_statistics, statistics_csv, statistics_xlsx, suppress
from .factories import make_borrower, make_depot, make_item_type, make_units


def revealed_by_subtraction(table: Table) -> list[str]:
    problems = []
    for group in table.equations():
        hidden = [c for c in group if c.hidden]
        if len(hidden) == 1:
            problems.append(f"one hidden cell in {[(c.value, c.hidden) for c in group]}")
    return problems


@given(st.lists(st.lists(st.integers(min_value=0, max_value=12), min_size=3, max_size=3), min_size=2, max_size=4))
@settings(max_examples=200, deadline=None)
def test_no_small_group_is_shown_or_revealed(values):
    rows = [(i, f"r{i}") for i in range(len(values))]
    cols = [(j, f"c{j}") for j in range(3)]
    table = Table("t", rows, cols)
    for i, row in enumerate(values):
        for j, people in enumerate(row):
            table.cells[(i, j)] = Cell(people * 2, people)  # two loans per person
        table.row_totals[i] = Cell(sum(row) * 2, sum(row))
    for j in range(3):
        column = sum(values[i][j] for i in range(len(values)))
        table.col_totals[j] = Cell(column * 2, column)
    total = sum(itertools.chain.from_iterable(values))
    table.total = Cell(total * 2, total)
    suppress(table)
    everything = [*table.cells.values(), *table.row_totals.values(), *table.col_totals.values(), table.total]
    assert all(c.hidden for c in everything if 0 < c.people < MIN_PEOPLE)
    assert not revealed_by_subtraction(table)


def test_a_single_small_cell_takes_a_second_one_with_it():
    table = Table("t", [("a", "A"), ("b", "B")], [("n", "n")])
    table.cells[("a", "n")] = table.row_totals["a"] = Cell(20, 10)
    table.cells[("b", "n")] = table.row_totals["b"] = Cell(3, 2)
    table.total = Cell(23, 12)
    suppress(table)
    assert table.cells[("b", "n")].hidden and table.cells[("a", "n")].hidden
    assert not table.total.hidden


@pytest.mark.django_db
def test_monthly_counts_are_exact_and_exports_match(world):
    m = world.municipality
    depot = make_depot(m, name="BUA Tall", code_prefix="TAL")
    item_type = make_item_type(depot, name="Ski", category="skiing")
    units = make_units(item_type, 12)
    today = today_in(m)
    first = today.replace(day=1)
    borrowers = [make_borrower(m, birth_year=today.year - 10) for _ in range(6)]
    for n, unit in enumerate(units):
        loan = Loan.objects.create(
            municipality=m,
            depot=depot,
            borrower=borrowers[n % 6],
            start_date=first,
            due_date=first + datetime.timedelta(days=1),
            checked_out_at=world.municipality.created_at,
            user_birth_year=today.year - 10,
            closed_at=world.municipality.created_at,
        )
        Booking.objects.create(
            municipality=m,
            depot=depot,
            unit=unit,
            item_type=item_type,
            loan=loan,
            start_date=loan.start_date,
            end_date=loan.due_date,
            is_active=False,
        )
    stats = lending_statistics(municipality=m, year=today.year, depots=[depot])
    assert stats.monthly.cell(depot.pk, today.month).shown() == 12
    assert stats.monthly.total.shown() == 12
    assert stats.categories.cell("skiing", "n").shown() == 12
    assert stats.age_bands.cell("6-12", "n").shown() == 12
    assert stats.borrowers.cell(depot.pk, "n").shown() == 6
    assert stats.popular == [{"name": "Ski", "depot": "BUA Tall", "loans": 12}]
    csv_text = statistics_csv(stats)
    line = next(line for line in csv_text.splitlines() if line.startswith("BUA Tall"))
    assert line.split(",")[today.month] == "12"
    assert statistics_xlsx(stats)[:2] == b"PK"
