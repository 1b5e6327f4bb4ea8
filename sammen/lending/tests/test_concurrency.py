"""Concurrent writes on PostgreSQL: threads with their own database connections race for the same unit."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.utils import translation

from sammen.core.testing import make_municipality, make_user

from ..calendar import today_in
from ..circulation import Line, loan_check_out, reservation_create
from ..models import Booking, Reminder, Reservation
from ..reminders import reminders_send
from .factories import make_borrower, make_depot, make_depot_staff, make_item_type, make_units

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _connect(retry: bool) -> bool:
    """Open this thread's own connection. The server allows about 100 clients, shared with the rest of the suite:
    a thread that finds no free slot waits for one, so every attempt still runs on its own connection."""
    for _ in range(600 if retry else 1):
        try:
            connection.ensure_connection()
            return True
        except OperationalError as error:
            if "too many clients" not in str(error) and "connection slots are reserved" not in str(error):
                raise
            time.sleep(0.05)
    return False


def race(workers: int, work) -> list:
    """Run work(i) in `workers` threads released at the same moment; each thread has its own connection."""
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def run(i: int) -> None:
        translation.activate("en")  # each thread has its own active language
        try:
            connected = _connect(retry=False)
            barrier.wait()
            if not connected:
                _connect(retry=True)
            results[i] = ("ok", work(i))
        except ValidationError as error:
            results[i] = ("refused", " ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[i] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_100_concurrent_reservations_for_the_last_free_unit_exactly_one_wins():
    municipality = make_municipality(slug="racevik")
    depot = make_depot(municipality, name="BUA Race", code_prefix="RACE")
    canoe = make_item_type(depot, name="Kano", category="water", default_loan_days=1)
    _taken, last = make_units(canoe, 2)
    start = today_in(municipality) + datetime.timedelta(days=3)
    end = start + datetime.timedelta(days=1)
    # One canoe is already reserved: one is left.
    first = make_borrower(municipality, user=make_user())
    reservation_create(actor=first.user, depot=depot, borrower=first, start=start, end=end, lines=[Line(canoe)])
    borrowers = [make_borrower(municipality, user=make_user()) for _ in range(100)]

    def attempt(i: int):
        borrower = borrowers[i]
        return reservation_create(
            actor=borrower.user, depot=depot, borrower=borrower, start=start, end=end, lines=[Line(canoe)]
        ).pk

    results = race(100, attempt)
    outcomes = [r[0] for r in results]
    assert outcomes.count("ok") == 1, results
    assert outcomes.count("refused") == 99, [r for r in results if r[0] == "error"][:3]
    assert all("no longer available" in message for kind, message in results if kind == "refused")
    assert Booking.objects.filter(unit=last, is_active=True).count() == 1
    assert Reservation.objects.count() == 2


def test_two_desks_lend_the_same_unit_at_once_one_wins():
    municipality = make_municipality(slug="deskvik")
    depot = make_depot(municipality, name="BUA Desk", code_prefix="DESK")
    bike = make_units(make_item_type(depot, name="Sykkel", category="cycling"))[0]
    staff = [make_depot_staff(depot) for _ in range(2)]
    borrowers = [make_borrower(municipality) for _ in range(2)]
    due = today_in(municipality) + datetime.timedelta(days=7)

    def attempt(i: int):
        return loan_check_out(actor=staff[i], depot=depot, borrower=borrowers[i], codes=[bike.code], due_date=due).pk

    results = race(2, attempt)
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    assert Booking.objects.filter(unit=bike, is_active=True).count() == 1


def test_two_schedulers_send_each_reminder_once():
    municipality = make_municipality(slug="paminn")
    depot = make_depot(municipality, name="BUA Påminn", code_prefix="PAM")
    units = make_units(make_item_type(depot), 5)
    staff = make_depot_staff(depot)
    today = today_in(municipality)
    for unit in units:
        loan_check_out(
            actor=staff,
            depot=depot,
            borrower=make_borrower(municipality),
            codes=[unit.code],
            due_date=today + datetime.timedelta(days=1),
        )
    results = race(4, lambda i: reminders_send().sent)
    assert sum(r[1] for r in results if r[0] == "ok") == 5, results
    assert Reminder.objects.count() == 5
