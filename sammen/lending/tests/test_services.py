"""Setting up the library: depots, hours, staff, the catalogue and borrowers; bad input writes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sammen.core.models import AuditEntry
from sammen.core.privacy import person_erase, person_export_data
from sammen.core.testing import make_user, make_venue

from .. import services
from ..calendar import DepotCalendar, today_in
from ..circulation import Line, reservation_create
from ..models import Borrower, Depot, DepotStaff, Unit
from .factories import make_borrower, make_depot, make_item_type, make_units

pytestmark = pytest.mark.django_db


def test_admin_creates_a_depot_at_a_venue_or_with_its_own_address(world):
    admin = world.users["municipality_admin"]
    venue = make_venue(world.municipality, name="Huset", neighbourhood=world.neighbourhood, street_address="Gata 1")
    depot = services.depot_create(
        actor=admin, municipality=world.municipality, name="BUA Huset", slug="huset", venue=venue, code_prefix="HUS"
    )
    assert depot.neighbourhood == world.neighbourhood and depot.address == "Gata 1"
    with pytest.raises(ValidationError) as error:
        services.depot_create(
            actor=admin, municipality=world.municipality, name="BUA Uten", slug="uten", code_prefix="UTE"
        )
    assert "street_address" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.depot_create(
            actor=world.users["coordinator"],
            municipality=world.municipality,
            name="X",
            slug="x",
            street_address="Vei 2",
            code_prefix="XX",
        )
    assert Depot.objects.count() == 1
    assert AuditEntry.objects.filter(action="lending.depot.create").count() == 1


def test_hours_and_exceptions_make_the_calendar(world):
    admin = world.users["municipality_admin"]
    depot = make_depot(world.municipality, open_every_day=False)
    services.opening_hours_set(actor=admin, depot=depot, hours={0: (datetime.time(15), datetime.time(19)), 5: None})
    today = today_in(world.municipality)
    monday = today + datetime.timedelta(days=(7 - today.weekday()) % 7)
    services.opening_exception_add(
        actor=admin, depot=depot, start_date=monday, end_date=monday, is_closed=True, reason="Påske"
    )
    calendar = DepotCalendar.for_depot(depot)
    assert not calendar.is_open(monday)
    assert calendar.is_open(monday + datetime.timedelta(days=7))
    with pytest.raises(ValidationError):
        services.opening_hours_set(actor=admin, depot=depot, hours={1: (datetime.time(19), datetime.time(15))})


def test_depot_staff_by_email(world):
    admin = world.users["municipality_admin"]
    depot = make_depot(world.municipality)
    with pytest.raises(ValidationError):
        services.depot_staff_add(actor=admin, depot=depot, email="nobody@example.com")
    person = make_user("ansatt@example.com")
    services.depot_staff_add(actor=admin, depot=depot, email="ANSATT@example.com")
    with pytest.raises(ValidationError):
        services.depot_staff_add(actor=admin, depot=depot, email="ansatt@example.com")
    assert person.has_perm("lending.use_desk", depot)
    services.depot_staff_remove(actor=admin, membership=DepotStaff.objects.get())
    person = type(person).objects.get(pk=person.pk)
    assert not person.has_perm("lending.use_desk", depot)


def test_units_get_codes_from_the_prefix_and_codes_never_repeat(world):
    admin = world.users["municipality_admin"]
    depot = make_depot(world.municipality, code_prefix="BOR")
    item_type = make_item_type(depot)
    units = services.units_add(actor=admin, item_type=item_type, sizes=["30", "32", "32"])
    assert [(u.code, u.size) for u in units] == [("BOR-0001", "30"), ("BOR-0002", "32"), ("BOR-0003", "32")]
    assert [u.code for u in services.units_add(actor=admin, item_type=item_type, sizes=[""])] == ["BOR-0004"]
    with pytest.raises(ValidationError):
        services.units_add(actor=admin, item_type=item_type, sizes=["1"], codes=["bor-0001"])
    with pytest.raises(ValidationError):
        services.units_add(actor=admin, item_type=item_type, sizes=["1", "2"], codes=["A-1"])
    assert Unit.objects.count() == 4


def test_a_unit_sent_for_repair_passes_its_reservation_to_a_twin(world):
    admin = world.users["municipality_admin"]
    depot = make_depot(world.municipality)
    item_type = make_item_type(depot)
    first, second = make_units(item_type, 2, size="M")
    resident = make_user()
    today = today_in(world.municipality)
    reservation = reservation_create(
        actor=resident,
        depot=depot,
        borrower=make_borrower(world.municipality, user=resident),
        start=today + datetime.timedelta(days=2),
        end=today + datetime.timedelta(days=3),
        lines=[Line(item_type, "M")],
    )
    held = reservation.bookings.get(is_active=True).unit
    services.unit_update(actor=admin, unit=held, state="in_repair")
    assert reservation.bookings.get(is_active=True).unit == (second if held == first else first)


def test_borrower_registration_checks_its_input(world):
    admin = world.users["municipality_admin"]
    m = world.municipality
    with pytest.raises(ValidationError) as error:
        services.borrower_create(actor=admin, municipality=m, full_name="Uten År", phone="91234567")
    assert "birth_year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.borrower_create(actor=admin, municipality=m, full_name="Feil", phone="12", birth_year=1980)
    assert "phone" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.borrower_create(actor=admin, municipality=m, kind="organisation", full_name="Lærer", phone="91234567")
    assert "organisation_name" in error.value.message_dict
    borrower = services.borrower_create(
        actor=admin,
        municipality=m,
        full_name="Kari",
        phone="912 34 567",
        birth_year=1980,
        id_checked=True,
        card_number="k-1",
    )
    assert (borrower.phone, borrower.card_number, borrower.id_checked_by) == ("+4791234567", "K-1", admin)
    with pytest.raises(ValidationError):
        services.borrower_create(
            actor=admin, municipality=m, full_name="Per", phone="91234568", birth_year=1980, card_number="K-1"
        )
    with pytest.raises(ValidationError):
        services.minor_add(actor=admin, adult=borrower, full_name="Gammel", birth_year=1990)
    minor = services.minor_add(actor=admin, adult=borrower, full_name="Lille", birth_year=today_in(m).year - 8)
    assert minor.responsible_adult == borrower
    assert Borrower.objects.count() == 2
    with pytest.raises(PermissionDenied):
        services.borrower_create(
            actor=world.users["citizen"], municipality=m, full_name="X", phone="91234567", birth_year=1980
        )


def test_privacy_export_and_erase_keep_the_loans_but_not_the_person(world):
    resident = make_user("privat@example.com", full_name="Privat Person")
    borrower = make_borrower(world.municipality, user=resident, full_name="Privat Person", email="privat@example.com")
    make_borrower(world.municipality, full_name="Lille Privat", responsible_adult=borrower, birth_year=2016)
    exported = person_export_data(resident)["lending"]
    assert {r["name"] for r in exported["borrower_records"]} == {"Privat Person", "Lille Privat"}
    person_erase(resident)
    assert not Borrower.objects.filter(full_name__contains="Privat").exists()
    assert Borrower.objects.filter(is_erased=True).count() == 2
