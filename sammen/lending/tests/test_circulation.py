"""Reservations, check-out and check-in: the rules, the clear messages, and that a refusal changes nothing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from sammen.core.models import AuditEntry
from sammen.core.sms import MemorySmsBackend
from sammen.core.testing import make_user, row_fingerprint

from ..calendar import today_in
from ..circulation import (
    Line,
    booking_mark_lost,
    loan_check_in,
    loan_check_out,
    loan_extend,
    reservation_cancel,
    reservation_confirm,
    reservation_create,
    reservation_decline,
    reservation_no_show,
    reservations_release_no_shows,
)
from ..models import Booking, Borrower, Loan, Reservation, Unit
from .factories import make_borrower, make_depot, make_depot_staff, make_item_type, make_units

pytestmark = pytest.mark.django_db
WATCHED = [Booking, Loan, Reservation, Unit, Borrower]


@pytest.fixture
def setup(world):
    m = world.municipality
    depot = make_depot(m, name="BUA Sentrum", code_prefix="SEN")
    skates = make_item_type(depot, name="Skøyter")
    helmet = make_item_type(depot, name="Hjelm", category="protective")
    skates_units = make_units(skates, 2, size="34")
    helmet_units = make_units(helmet, 1, size="M")
    staff = make_depot_staff(depot)
    resident = make_user("forelder@example.com", full_name="Forelder")
    parent = make_borrower(m, full_name="Forelder", user=resident, email="forelder@example.com")
    today = today_in(m)
    return {
        "m": m,
        "depot": depot,
        "skates": skates,
        "helmet": helmet,
        "skates_units": skates_units,
        "helmet_units": helmet_units,
        "staff": staff,
        "resident": resident,
        "parent": parent,
        "today": today,
    }


def test_resident_reserves_two_things_and_the_units_are_held(setup):
    s = setup
    start = s["today"] + datetime.timedelta(days=3)
    reservation = reservation_create(
        actor=s["resident"],
        depot=s["depot"],
        borrower=s["parent"],
        start=start,
        end=start + datetime.timedelta(days=2),
        lines=[Line(s["skates"], "34"), Line(s["helmet"], "M")],
    )
    assert reservation.status == "confirmed"
    assert sorted(b.unit.code for b in reservation.bookings.all()) == sorted(
        [s["skates_units"][0].code, s["helmet_units"][0].code]
    )
    assert mail.outbox[-1].to == ["forelder@example.com"]
    assert AuditEntry.objects.filter(action="lending.reservation.create").count() == 1


def test_the_last_unit_cannot_be_reserved_twice_for_overlapping_days(setup):
    s = setup
    other = make_borrower(s["m"], user=make_user())
    start = s["today"] + datetime.timedelta(days=3)
    kwargs = {
        "depot": s["depot"],
        "start": start,
        "end": start + datetime.timedelta(days=2),
        "lines": [Line(s["helmet"], "M")],
    }
    reservation_create(actor=s["resident"], borrower=s["parent"], **kwargs)
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError) as error:
        reservation_create(actor=other.user, borrower=other, **kwargs)
    assert "no longer available" in error.value.messages[0]
    assert row_fingerprint(WATCHED) == before
    # The day it comes back, it can go out again.
    reservation_create(
        actor=other.user,
        borrower=other,
        **{**kwargs, "start": start + datetime.timedelta(days=2), "end": start + datetime.timedelta(days=4)},
    )


def test_the_database_refuses_overlapping_active_bookings(setup):
    s = setup
    unit = s["helmet_units"][0]
    start = s["today"] + datetime.timedelta(days=1)
    reservation = reservation_create(
        actor=s["resident"],
        depot=s["depot"],
        borrower=s["parent"],
        start=start,
        end=start + datetime.timedelta(days=3),
        lines=[Line(s["helmet"])],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            municipality=s["m"],
            depot=s["depot"],
            unit=unit,
            item_type=s["helmet"],
            reservation=reservation,
            start_date=start + datetime.timedelta(days=2),
            end_date=start + datetime.timedelta(days=5),
        )
    # An inactive (released) booking never blocks.
    Booking.objects.create(
        municipality=s["m"],
        depot=s["depot"],
        unit=unit,
        item_type=s["helmet"],
        reservation=reservation,
        start_date=start,
        end_date=start + datetime.timedelta(days=5),
        is_active=False,
    )
    # Moving a booking onto another's days is refused too.
    later = Booking.objects.create(
        municipality=s["m"],
        depot=s["depot"],
        unit=unit,
        item_type=s["helmet"],
        reservation=reservation,
        start_date=start + datetime.timedelta(days=3),
        end_date=start + datetime.timedelta(days=5),
    )
    later.start_date = start + datetime.timedelta(days=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        later.save()


def test_reservation_window_and_opening_days(setup):
    s = setup
    depot = s["depot"]
    depot.min_days_ahead, depot.max_days_ahead = 2, 14
    depot.save()
    depot.hours.filter(weekday=6).delete()  # closed on Sundays

    def attempt(start, end):
        with pytest.raises(ValidationError) as error:
            reservation_create(
                actor=s["resident"], depot=depot, borrower=s["parent"], start=start, end=end, lines=[Line(s["helmet"])]
            )
        return error.value.message_dict

    today = s["today"]
    assert "start_date" in attempt(today + datetime.timedelta(days=1), today + datetime.timedelta(days=3))
    assert "start_date" in attempt(today + datetime.timedelta(days=15), today + datetime.timedelta(days=17))
    sunday = today + datetime.timedelta(days=(6 - today.weekday()) % 7 or 7)
    if (sunday - today).days < 2:
        sunday += datetime.timedelta(days=7)
    assert "closed" in attempt(sunday, sunday + datetime.timedelta(days=1))["start_date"][0]
    start = today + datetime.timedelta(days=3)
    assert "end_date" in attempt(start, start + datetime.timedelta(days=depot.max_loan_days + 1))
    assert "end_date" in attempt(start, start)
    assert Reservation.objects.count() == 0


def test_a_drop_in_depot_takes_no_reservations(setup):
    s = setup
    s["depot"].mode = "drop_in"
    s["depot"].save()
    with pytest.raises(ValidationError, match="does not take reservations"):
        reservation_create(
            actor=s["resident"],
            depot=s["depot"],
            borrower=s["parent"],
            start=s["today"] + datetime.timedelta(days=2),
            end=s["today"] + datetime.timedelta(days=4),
            lines=[Line(s["helmet"])],
        )


def test_staff_confirm_or_decline_and_the_borrower_hears_in_their_language(setup):
    s = setup
    s["depot"].confirms_automatically = False
    s["depot"].save()
    s["parent"].language = "en"
    s["parent"].save()
    start = s["today"] + datetime.timedelta(days=2)
    first = reservation_create(
        actor=s["resident"],
        depot=s["depot"],
        borrower=s["parent"],
        start=start,
        end=start + datetime.timedelta(days=1),
        lines=[Line(s["skates"], "34")],
    )
    assert first.status == "requested"
    assert "received your reservation" in mail.outbox[-1].subject
    with pytest.raises(PermissionDenied):
        reservation_confirm(actor=s["resident"], reservation=first)
    reservation_confirm(actor=s["staff"], reservation=first)
    assert mail.outbox[-1].subject == "Your reservation at BUA Sentrum is confirmed"
    second = reservation_create(
        actor=s["resident"],
        depot=s["depot"],
        borrower=s["parent"],
        start=start,
        end=start + datetime.timedelta(days=1),
        lines=[Line(s["skates"], "34")],
    )
    with pytest.raises(ValidationError):
        reservation_decline(actor=s["staff"], reservation=second, reason=" ")
    reservation_decline(actor=s["staff"], reservation=second, reason="Vi har stengt for varetelling.")
    second.refresh_from_db()
    assert second.status == "declined"
    assert not second.bookings.filter(is_active=True).exists()
    assert "Vi har stengt for varetelling." in mail.outbox[-1].body


def test_resident_cancels_and_the_unit_is_free_again(setup):
    s = setup
    start = s["today"] + datetime.timedelta(days=2)
    reservation = reservation_create(
        actor=s["resident"],
        depot=s["depot"],
        borrower=s["parent"],
        start=start,
        end=start + datetime.timedelta(days=1),
        lines=[Line(s["helmet"])],
    )
    intruder = make_user()
    with pytest.raises(PermissionDenied):
        reservation_cancel(actor=intruder, reservation=reservation)
    reservation_cancel(actor=s["resident"], reservation=reservation)
    assert Reservation.objects.get().status == "cancelled"
    assert not Booking.objects.filter(is_active=True).exists()


def test_no_show_releases_the_units(setup):
    s = setup
    start = s["today"] + datetime.timedelta(days=1)
    reservation = reservation_create(
        actor=s["resident"],
        depot=s["depot"],
        borrower=s["parent"],
        start=start,
        end=start + datetime.timedelta(days=2),
        lines=[Line(s["helmet"])],
    )
    with pytest.raises(ValidationError, match="not come yet"):
        reservation_no_show(actor=s["staff"], reservation=reservation)
    assert reservations_release_no_shows(today=start + datetime.timedelta(days=1)) == 0  # within the grace day
    assert reservations_release_no_shows(today=start + datetime.timedelta(days=2)) == 1
    reservation.refresh_from_db()
    assert reservation.status == "no_show"
    assert not Booking.objects.filter(is_active=True).exists()
    assert reservations_release_no_shows(today=start + datetime.timedelta(days=3)) == 0


def test_desk_checks_out_three_units_and_records_the_id_check(setup):
    s = setup
    borrower = make_borrower(s["m"], id_checked_at=None)
    codes = [u.code for u in s["skates_units"]] + [s["helmet_units"][0].code]
    due = s["today"] + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        loan_check_out(actor=s["staff"], depot=s["depot"], borrower=borrower, codes=codes, due_date=due)
    assert "id_checked" in error.value.message_dict
    loan = loan_check_out(
        actor=s["staff"],
        depot=s["depot"],
        borrower=borrower,
        codes=[c.lower() for c in codes],
        due_date=due,
        id_checked=True,
    )
    assert loan.bookings.filter(is_active=True).count() == 3
    borrower.refresh_from_db()
    assert borrower.id_checked_by == s["staff"]
    assert loan.user_birth_year == 1985


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown", "No unit has the code"),
        ("repair", "out for repair"),
        ("out", "already lent out"),
        ("other_depot", "belongs to"),
        ("reserved", "reserved by someone else"),
    ],
)
def test_desk_refuses_with_a_clear_message_and_changes_nothing(setup, case, message):
    s = setup
    due = s["today"] + datetime.timedelta(days=7)
    unit = s["helmet_units"][0]
    code = unit.code
    if case == "unknown":
        code = "NOPE-1"
    elif case == "repair":
        Unit.objects.filter(pk=unit.pk).update(state="in_repair")
    elif case == "out":
        loan_check_out(actor=s["staff"], depot=s["depot"], borrower=make_borrower(s["m"]), codes=[code], due_date=due)
    elif case == "other_depot":
        other = make_depot(s["m"], name="BUA Nord", code_prefix="NOR")
        code = make_units(make_item_type(other))[0].code
    elif case == "reserved":
        reservation_create(
            actor=s["resident"],
            depot=s["depot"],
            borrower=s["parent"],
            start=s["today"] + datetime.timedelta(days=3),
            end=s["today"] + datetime.timedelta(days=5),
            lines=[Line(s["helmet"])],
        )
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError) as error:
        loan_check_out(
            actor=s["staff"],
            depot=s["depot"],
            borrower=make_borrower(s["m"], full_name="Ny"),
            codes=[code],
            due_date=due,
        )
    assert message in " ".join(error.value.messages)
    assert row_fingerprint(WATCHED) == {**before, "lending.Borrower": row_fingerprint([Borrower])["lending.Borrower"]}


def test_collecting_a_reservation_turns_its_holds_into_the_loan(setup):
    s = setup
    start = s["today"] + datetime.timedelta(days=1)
    reservation = reservation_create(
        actor=s["resident"],
        depot=s["depot"],
        borrower=s["parent"],
        start=start,
        end=start + datetime.timedelta(days=4),
        lines=[Line(s["skates"], "34"), Line(s["helmet"], "M")],
    )
    held = {b.unit.code: b.pk for b in reservation.bookings.all()}
    skate_codes = [u.code for u in s["skates_units"]]
    reserved_skate = next(c for c in held if c in skate_codes)
    other_skate = next(c for c in skate_codes if c != reserved_skate)
    # The desk hands over the other pair of the same size: it takes the reserved pair's place.
    loan = loan_check_out(
        actor=s["staff"],
        depot=s["depot"],
        borrower=s["parent"],
        codes=[other_skate, s["helmet_units"][0].code],
        due_date=start + datetime.timedelta(days=4),
    )
    reservation.refresh_from_db()
    assert reservation.status == "collected"
    assert loan.reservation == reservation
    assert sorted(b.unit.code for b in Booking.objects.filter(is_active=True)) == sorted(
        [other_skate, s["helmet_units"][0].code]
    )
    assert Booking.objects.get(pk=held[s["helmet_units"][0].code]).loan == loan


def test_check_in_returns_and_damage_sends_the_unit_for_repair(setup):
    s = setup
    due = s["today"] + datetime.timedelta(days=7)
    borrower = make_borrower(s["m"])
    loan = loan_check_out(
        actor=s["staff"], depot=s["depot"], borrower=borrower, codes=[u.code for u in s["skates_units"]], due_date=due
    )
    first, second = s["skates_units"]
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError, match="not lent out"):
        loan_check_in(actor=s["staff"], depot=s["depot"], code=s["helmet_units"][0].code)
    with pytest.raises(ValidationError, match="No unit has the code"):
        loan_check_in(actor=s["staff"], depot=s["depot"], code="XX-999")
    with pytest.raises(ValidationError, match="Describe the damage"):
        loan_check_in(actor=s["staff"], depot=s["depot"], code=first.code, condition="damaged")
    assert row_fingerprint(WATCHED) == before
    loan_check_in(actor=s["staff"], depot=s["depot"], code=first.code)
    loan.refresh_from_db()
    assert loan.closed_at is None
    loan_check_in(actor=s["staff"], depot=s["depot"], code=second.code, condition="damaged", note="Løs skrue")
    loan.refresh_from_db()
    second.refresh_from_db()
    assert loan.closed_at is not None
    assert second.state == "in_repair" and "Løs skrue" in second.notes
    with pytest.raises(ValidationError, match="not lent out"):
        loan_check_in(actor=s["staff"], depot=s["depot"], code=second.code)


def test_extend_respects_the_next_reservation_and_lost_closes_the_loan(setup):
    s = setup
    helmet = s["helmet_units"][0]
    loan = loan_check_out(
        actor=s["staff"],
        depot=s["depot"],
        borrower=make_borrower(s["m"]),
        codes=[helmet.code],
        due_date=s["today"] + datetime.timedelta(days=2),
    )
    reservation_create(
        actor=s["resident"],
        depot=s["depot"],
        borrower=s["parent"],
        start=s["today"] + datetime.timedelta(days=4),
        end=s["today"] + datetime.timedelta(days=6),
        lines=[Line(s["helmet"])],
    )
    with pytest.raises(ValidationError, match="reserved from"):
        loan_extend(actor=s["staff"], loan=loan, due_date=s["today"] + datetime.timedelta(days=5))
    loan_extend(actor=s["staff"], loan=loan, due_date=s["today"] + datetime.timedelta(days=4))
    assert Loan.objects.get().due_date == s["today"] + datetime.timedelta(days=4)
    booking = loan.bookings.get()
    booking_mark_lost(actor=s["staff"], booking=booking, note="Glemt på bussen")
    loan.refresh_from_db()
    assert loan.closed_at is not None
    assert Unit.objects.get(pk=helmet.pk).state == "lost"


def test_minors_borrow_with_an_adult_unless_the_depot_lets_them_alone(setup):
    s = setup
    year = s["today"].year
    teen = make_borrower(s["m"], full_name="Ung", birth_year=year - 15, responsible_adult=s["parent"])
    due = s["today"] + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="cannot borrow alone"):
        loan_check_out(
            actor=s["staff"], depot=s["depot"], borrower=teen, codes=[s["helmet_units"][0].code], due_date=due
        )
    loan = loan_check_out(
        actor=s["staff"],
        depot=s["depot"],
        borrower=s["parent"],
        codes=[s["helmet_units"][0].code],
        due_date=due,
        co_borrowers=[teen],
    )
    assert loan.user_birth_year == year - 15
    s["depot"].solo_age = 14
    s["depot"].save()
    loan_check_out(actor=s["staff"], depot=s["depot"], borrower=teen, codes=[s["skates_units"][0].code], due_date=due)


def test_maximum_items_per_borrower(setup):
    s = setup
    s["depot"].max_items = 2
    s["depot"].save()
    due = s["today"] + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="at most 2 items"):
        loan_check_out(
            actor=s["staff"],
            depot=s["depot"],
            borrower=s["parent"],
            codes=[u.code for u in s["skates_units"]] + [s["helmet_units"][0].code],
            due_date=due,
        )
    assert Loan.objects.count() == 0


def test_longest_loan(setup):
    s = setup
    with pytest.raises(ValidationError) as error:
        loan_check_out(
            actor=s["staff"],
            depot=s["depot"],
            borrower=s["parent"],
            codes=[s["helmet_units"][0].code],
            due_date=s["today"] + datetime.timedelta(days=s["depot"].max_loan_days + 1),
        )
    assert "due_date" in error.value.message_dict


def test_only_the_depots_staff_use_its_desk(setup, world):
    s = setup
    other_depot = make_depot(s["m"], name="BUA Annen", code_prefix="ANN")
    outsider = make_depot_staff(other_depot)
    for actor in (outsider, world.users["coordinator"], world.users["other_municipality_admin"]):
        with pytest.raises(PermissionDenied):
            loan_check_out(
                actor=actor,
                depot=s["depot"],
                borrower=s["parent"],
                codes=[s["helmet_units"][0].code],
                due_date=s["today"] + datetime.timedelta(days=2),
            )
    loan_check_out(
        actor=world.users["municipality_admin"],
        depot=s["depot"],
        borrower=s["parent"],
        codes=[s["helmet_units"][0].code],
        due_date=s["today"] + datetime.timedelta(days=2),
    )


def test_self_service_check_out_and_return_need_review(setup):
    s = setup
    s["depot"].is_self_service = True
    s["depot"].save()
    loan = loan_check_out(
        actor=s["resident"],
        depot=s["depot"],
        borrower=s["parent"],
        codes=[s["helmet_units"][0].code],
        due_date=s["today"] + datetime.timedelta(days=2),
        self_service=True,
    )
    assert loan.needs_review and loan.is_self_service
    stranger = make_borrower(s["m"], user=make_user())
    with pytest.raises(PermissionDenied):
        loan_check_out(
            actor=s["resident"],
            depot=s["depot"],
            borrower=stranger,
            codes=[s["skates_units"][0].code],
            due_date=s["today"] + datetime.timedelta(days=2),
            self_service=True,
        )
    with pytest.raises(ValidationError, match="not lent to you"):
        loan_check_in(
            actor=stranger.user, depot=s["depot"], code=s["helmet_units"][0].code, self_service_borrower=stranger
        )
    loan_check_in(
        actor=s["resident"], depot=s["depot"], code=s["helmet_units"][0].code, self_service_borrower=s["parent"]
    )
    assert Loan.objects.get().closed_at is not None
    assert MemorySmsBackend.outbox == []
