"""URL kwargs of the equipment library, for the tenancy crawler (sammen/core/tests/test_tenancy.py)."""

import datetime

from django.utils import timezone

from sammen.core.testing import TenantKwarg, make_user

from ..models import (
    Booking,
    Borrower,
    Depot,
    DepotStaff,
    ItemPhoto,
    ItemType,
    Loan,
    OpeningException,
    Reservation,
    Unit,
)
from .factories import make_borrower, make_depot, make_item_type, make_units


def _depot(m, built):
    return built.get("depot_slug") or make_depot(m)


def _item_type(m, built):
    return make_item_type(_depot(m, built))


def _unit(m, built):
    return make_units(_item_type(m, built))[0]


def _loan(m, built):
    unit = _unit(m, built)
    today = timezone.localdate()
    loan = Loan.objects.create(
        municipality=m,
        depot=unit.item_type.depot,
        borrower=make_borrower(m),
        start_date=today,
        due_date=today + datetime.timedelta(days=3),
        checked_out_at=timezone.now(),
    )
    Booking.objects.create(
        municipality=m,
        depot=loan.depot,
        unit=unit,
        item_type=unit.item_type,
        loan=loan,
        start_date=loan.start_date,
        end_date=loan.due_date,
    )
    return loan


def _reservation(m, built):
    unit = _unit(m, built)
    today = timezone.localdate()
    reservation = Reservation.objects.create(
        municipality=m,
        depot=unit.item_type.depot,
        borrower=make_borrower(m, user=make_user()),
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=4),
        status="requested",
    )
    Booking.objects.create(
        municipality=m,
        depot=reservation.depot,
        unit=unit,
        item_type=unit.item_type,
        reservation=reservation,
        start_date=reservation.start_date,
        end_date=reservation.end_date,
    )
    return reservation


def _photo(m, built):
    return ItemPhoto.objects.create(item_type=_item_type(m, built), image="lending/photos/x.jpg", alt_text="Et bilde")


URL_KWARGS = {
    "depot_slug": TenantKwarg(Depot, "slug", lambda m, built: make_depot(m)),
    "item_type_id": TenantKwarg(ItemType, "pk", _item_type),
    "unit_id": TenantKwarg(Unit, "pk", _unit),
    "photo_id": TenantKwarg(ItemPhoto, "pk", _photo),
    "exception_id": TenantKwarg(
        OpeningException,
        "pk",
        lambda m, built: OpeningException.objects.create(
            depot=_depot(m, built), start_date=timezone.localdate(), end_date=timezone.localdate(), reason="Påske"
        ),
    ),
    "depot_staff_id": TenantKwarg(
        DepotStaff, "pk", lambda m, built: DepotStaff.objects.create(depot=_depot(m, built), user=make_user())
    ),
    "reservation_id": TenantKwarg(Reservation, "pk", _reservation),
    "loan_id": TenantKwarg(Loan, "pk", _loan),
    "borrower_id": TenantKwarg(Borrower, "pk", lambda m, built: make_borrower(m)),
    "code": TenantKwarg(Unit, "code", _unit),
}
