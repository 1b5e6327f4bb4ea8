"""The pages as residents and staff use them: content, bad input, and query counts that do not grow."""

import datetime

import pytest
from django.urls import reverse

from sammen.core.testing import client_for, make_user

from ..calendar import today_in
from ..circulation import Line, loan_check_out, reservation_create
from ..models import Booking, Loan, Reservation
from .factories import make_borrower, make_depot, make_depot_staff, make_item_type, make_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def lib(world):
    m = world.municipality
    depot = make_depot(m, name="BUA Sentrum", code_prefix="SEN", confirms_automatically=False, min_days_ahead=1)
    skates = make_item_type(depot, name="Skøyter", min_age=5, max_age=12)
    helmet = make_item_type(depot, name="Hjelm", category="protective")
    make_units(skates, 2, size="34")
    make_units(helmet, 1, size="M")
    staff = make_depot_staff(depot, make_user("bua@example.com", full_name="Bua Ansatt"))
    return {"m": m, "depot": depot, "skates": skates, "helmet": helmet, "staff": staff, "today": today_in(m)}


def url(name, lib, **kwargs):
    return reverse(f"lending:{name}", kwargs={"municipality_slug": lib["m"].slug, **kwargs})


def test_every_page_renders_for_staff(lib, world):
    depot = lib["depot"]
    borrower = make_borrower(lib["m"], full_name="Kari Låner")
    loan = loan_check_out(
        actor=lib["staff"],
        depot=depot,
        borrower=borrower,
        codes=[lib["helmet"].units.get().code],
        due_date=lib["today"] + datetime.timedelta(days=3),
    )
    resident = make_user()
    reservation = reservation_create(
        actor=resident,
        depot=depot,
        borrower=make_borrower(lib["m"], user=resident),
        start=lib["today"] + datetime.timedelta(days=2),
        end=lib["today"] + datetime.timedelta(days=4),
        lines=[Line(lib["skates"], "34")],
    )
    admin = client_for(world.users["municipality_admin"], language="en")
    d = {"depot_slug": depot.slug}
    pages = [
        url("home", lib),
        url("home", lib) + "?q=sk&category=&start=&end=",
        url("depot", lib, **d),
        url("item", lib, item_type_id=lib["skates"].pk, **d),
        url("desk", lib, **d),
        url("desk", lib, **d) + f"?borrower={borrower.pk}",
        url("desk", lib, **d) + "?q=Kari",
        url("desk_borrower_new", lib, **d),
        url("staff_home", lib),
        url("staff_depot_create", lib),
        url("staff_depot_edit", lib, **d),
        url("staff_depot_hours", lib, **d),
        url("staff_depot_people", lib, **d),
        url("staff_catalogue", lib, **d),
        url("staff_item_type", lib, item_type_id=lib["skates"].pk, **d),
        url("staff_unit", lib, unit_id=lib["skates"].units.first().pk, **d),
        url("staff_reservations", lib, **d),
        url("staff_reservation", lib, reservation_id=reservation.pk, **d),
        url("staff_loans", lib, **d),
        url("staff_loan", lib, loan_id=loan.pk, **d),
        url("staff_overdue", lib),
        url("staff_review", lib),
        url("staff_borrowers", lib) + "?q=Kari",
        url("staff_borrower", lib, borrower_id=borrower.pk),
        url("staff_statistics", lib),
        url("mine", lib),
    ]
    for page in pages:
        response = admin.get(page)
        assert response.status_code in (200, 302), (page, response.status_code)
        if response.status_code == 302:
            assert page.endswith("?q=Kari")  # one match goes straight to the borrower
    assert "Kari Låner" in admin.get(url("staff_loans", lib, **d)).content.decode()


def test_resident_reserves_through_the_pages(lib):
    resident = make_user("forelder@example.com", full_name="Amina Forelder")
    client = client_for(resident, language="en")
    start = lib["today"] + datetime.timedelta(days=2)
    end = start + datetime.timedelta(days=2)
    item = url("item", lib, depot_slug=lib["depot"].slug, item_type_id=lib["skates"].pk)
    response = client.post(item, {"size": "34", "start": start.isoformat(), "end": end.isoformat()})
    assert response.status_code == 302
    client.post(
        url("item", lib, depot_slug=lib["depot"].slug, item_type_id=lib["helmet"].pk),
        {"size": "M", "start": start.isoformat(), "end": end.isoformat()},
    )
    reserve = url("reserve", lib, depot_slug=lib["depot"].slug)
    page = client.get(reserve).content.decode()
    assert "Skøyter" in page and "Hjelm" in page
    # Bad input: no year of birth; nothing is written.
    response = client.post(reserve, {"action": "send", "phone": "912 34 567", "birth_year": ""})
    assert "There is a problem" in response.content.decode()
    assert Reservation.objects.count() == 0
    response = client.post(reserve, {"action": "send", "phone": "912 34 567", "birth_year": "1986"})
    assert response.status_code == 302
    reservation = Reservation.objects.get()
    assert reservation.status == "requested"
    assert reservation.borrower.phone == "+4791234567"
    assert reservation.bookings.count() == 2
    assert "Awaiting confirmation" in client.get(url("mine", lib)).content.decode()


def test_desk_flow_with_htmx_and_without(lib):
    staff = client_for(lib["staff"], language="en")
    borrower = make_borrower(lib["m"], full_name="Per Pedal", id_checked_at=None)
    desk = url("desk", lib, depot_slug=lib["depot"].slug)
    checkout = url("desk_checkout", lib, depot_slug=lib["depot"].slug)
    code = lib["helmet"].units.get().code
    # Unknown code: a clear message, nothing on the list.
    response = staff.post(
        checkout, {"borrower": borrower.pk, "code": "NOPE", "action": "add"}, headers={"HX-Request": "true"}
    )
    assert "No unit has the code NOPE" in response.content.decode()
    response = staff.post(
        checkout, {"borrower": borrower.pk, "code": code.lower(), "action": "add"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert f'data-code="{code}"' in content and "Lend 1 item" in content
    # Enter in the empty field lends; first the ID check is needed.
    response = staff.post(
        checkout,
        {
            "borrower": borrower.pk,
            "code": "",
            "action": "add",
            "due_date": (lib["today"] + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert "check their ID" in response.content.decode()
    assert Loan.objects.count() == 0
    response = staff.post(
        checkout,
        {
            "borrower": borrower.pk,
            "code": "",
            "action": "add",
            "id_checked": "on",
            "due_date": (lib["today"] + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"] == desk
    assert Loan.objects.get().bookings.get().unit.code == code
    # Return: twice; the second time nothing is out.
    checkin = url("desk_checkin", lib, depot_slug=lib["depot"].slug)
    response = staff.post(checkin, {"code": code, "condition": "good"}, headers={"HX-Request": "true"})
    assert "is returned from Per Pedal" in response.content.decode()
    response = staff.post(checkin, {"code": code, "condition": "good"}, headers={"HX-Request": "true"})
    assert "is not lent out" in response.content.decode()
    assert Booking.objects.filter(is_active=True).count() == 0


def test_catalogue_query_count_does_not_grow(lib, django_assert_max_num_queries):
    client = client_for(None)
    depot_url = url("depot", lib, depot_slug=lib["depot"].slug)
    client.get(depot_url)
    with django_assert_max_num_queries(12) as first:
        client.get(depot_url)
    for i in range(40):
        t = make_item_type(lib["depot"], name=f"Ting {i}")
        make_units(t, 3, size="L")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(depot_url)
    assert response.status_code == 200


def _seed(lib, count):
    today = lib["today"]
    for _ in range(count):
        t = make_item_type(lib["depot"])
        units = make_units(t, 2)
        loan = Loan.objects.create(
            municipality=lib["m"],
            depot=lib["depot"],
            borrower=make_borrower(lib["m"]),
            start_date=today - datetime.timedelta(days=10),
            due_date=today - datetime.timedelta(days=2),
            checked_out_at=lib["m"].created_at,
        )
        Booking.objects.create(
            municipality=lib["m"],
            depot=lib["depot"],
            unit=units[0],
            item_type=t,
            loan=loan,
            start_date=loan.start_date,
            end_date=loan.due_date,
        )
        resident = make_user()
        reservation_create(
            actor=resident,
            depot=lib["depot"],
            borrower=make_borrower(lib["m"], user=resident),
            start=today + datetime.timedelta(days=2),
            end=today + datetime.timedelta(days=4),
            lines=[Line(t)],
        )


def test_staff_list_pages_query_counts_do_not_grow(lib, django_assert_max_num_queries):
    staff = client_for(lib["staff"])
    pages = [
        url("staff_loans", lib, depot_slug=lib["depot"].slug),
        url("staff_overdue", lib),
        url("staff_reservations", lib, depot_slug=lib["depot"].slug),
        url("staff_catalogue", lib, depot_slug=lib["depot"].slug),
        url("staff_home", lib),
    ]
    _seed(lib, 1)
    counts = {}
    for page in pages:
        staff.get(page)
        with django_assert_max_num_queries(30) as captured:
            staff.get(page)
        counts[page] = len(captured.captured_queries)
    _seed(lib, 15)
    for page in pages:
        with django_assert_max_num_queries(counts[page]):
            assert staff.get(page).status_code == 200
