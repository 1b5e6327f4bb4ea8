"""The equipment library in a real browser, on the demo data: a parent reserves on a phone, the desk lends and
takes back with the keyboard only, an overdue reminder goes out once, and the statistics show the month's loans."""

import datetime
import time

import pytest
from django.core import mail
from django.core.management import call_command

from sammen.core.demo import DEMO_PASSWORD
from sammen.core.sms import MemorySmsBackend
from sammen.lending.calendar import DepotCalendar, today_in
from sammen.lending.circulation import Line, loan_check_out, reservation_confirm, reservation_create
from sammen.lending.models import Booking, Borrower, Depot, ItemType, Loan, Reminder, Reservation, Unit
from sammen.lending.tests.factories import make_borrower
from sammen.places.models import Municipality

from .conftest import check_a11y, login, visit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    call_command("demo_setup", quiet_users=True)
    return Municipality.objects.get(slug="fjordvik")


def next_open_saturday(depot: Depot) -> datetime.date:
    today = today_in(depot.municipality)
    calendar = DepotCalendar.for_depot(depot)
    day = today + datetime.timedelta(days=max(depot.min_days_ahead, 1))
    while day.weekday() != 5 or not calendar.is_open(day):
        day += datetime.timedelta(days=1)
    return day


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_parent_reserves_skates_and_a_helmet_for_saturday_on_a_phone(phone_page, live_server, demo):
    page = phone_page
    borgen = Depot.objects.get(municipality=demo, slug="borgen")
    saturday = next_open_saturday(borgen)
    monday = DepotCalendar.for_depot(borgen).next_open_day(saturday + datetime.timedelta(days=1))
    login(page, live_server, "forelder@example.com", DEMO_PASSWORD)
    visit(page, f"{live_server.url}/fjordvik/")
    page.locator(".site-nav").get_by_role("link", name="Lån utstyr").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_role("link", name="BUA Borgen", exact=True).click()
    page.wait_for_load_state("load")
    check_a11y(page)
    no_sideways_scroll(page)
    page.locator("#id_start").fill(saturday.isoformat())
    page.locator("#id_end").fill(monday.isoformat())
    page.get_by_role("button", name="Vis hva som er ledig").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    for name, size in (("Skøyter, barn", "32"), ("Hjelm", "M")):
        page.get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state("load")
        check_a11y(page)
        no_sideways_scroll(page)
        page.locator("#id_size").select_option(size)
        page.get_by_role("button", name="Legg til i reservasjonen").click()
        page.wait_for_load_state("load")
        check_a11y(page)
    page.get_by_role("link", name="Din reservasjon: 2 ting").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    no_sideways_scroll(page)
    assert page.locator("#id_birth_year").input_value() == "1987"
    page.get_by_label("Yusuf Hassan").check()
    page.get_by_role("button", name="Send reservasjonen").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_role("status").filter(has_text="BUA Borgen").is_visible()
    reservation = Reservation.objects.get(borrower__user__email="forelder@example.com")
    assert (reservation.start_date, reservation.end_date, reservation.status) == (saturday, monday, "requested")
    assert sorted((b.item_type.name, b.unit.size) for b in reservation.bookings.all()) == [
        ("Hjelm", "M"),
        ("Skøyter, barn", "32"),
    ]
    assert [m.full_name for m in reservation.co_borrowers.all()] == ["Yusuf Hassan"]
    assert any("forelder@example.com" in m.to for m in mail.outbox)


def test_desk_lends_and_takes_back_with_the_keyboard_only(page, live_server, demo):
    borgen = Depot.objects.get(municipality=demo, slug="borgen")
    amina = Borrower.objects.get(user__email="forelder@example.com")
    saturday = next_open_saturday(borgen)
    staff = borgen.staff.get().user
    reservation = reservation_create(
        actor=amina.user,
        depot=borgen,
        borrower=amina,
        start=saturday,
        end=saturday + datetime.timedelta(days=2),
        lines=[
            Line(ItemType.objects.get(depot=borgen, name="Skøyter, barn"), "33"),
            Line(ItemType.objects.get(depot=borgen, name="Hjelm"), "S"),
        ],
    )
    reservation_confirm(actor=staff, reservation=reservation)
    reserved = [b.unit.code for b in reservation.bookings.order_by("id")]
    third = Unit.objects.filter(item_type__depot=borgen, item_type__name="Kubbespill").order_by("code").first().code
    login(page, live_server, "bua@fjordvik.example", DEMO_PASSWORD)
    visit(page, f"{live_server.url}/fjordvik/lending/desk/borgen/")
    started = time.perf_counter()
    assert page.evaluate("document.activeElement.id") == "borrower-q"
    page.keyboard.type("Amina")
    page.keyboard.press("Enter")
    page.wait_for_selector("#unit-code:focus")
    check_a11y(page)
    for code in [*reserved, third]:
        page.keyboard.type(code.lower())
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#lend-list tr[data-code='{code}']")
        page.wait_for_selector("#unit-code:focus")
    # An unknown code: a clear message, nothing added.
    page.keyboard.type("BOR-9999")
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text="BOR-9999").wait_for()
    check_a11y(page)
    assert page.locator("#lend-list tr[data-code]").count() == 3
    page.wait_for_selector("#unit-code:focus")
    page.keyboard.press("Enter")  # Enter in the empty field lends the list
    page.wait_for_url(f"{live_server.url}/fjordvik/lending/desk/borgen/")
    page.get_by_role("status").filter(has_text="3").wait_for()
    elapsed = time.perf_counter() - started
    check_a11y(page)
    loan = Loan.objects.get(borrower=amina, bookings__unit__code=third)
    assert sorted(loan.bookings.values_list("unit__code", flat=True)) == sorted([*reserved, third])
    assert Reservation.objects.get(pk=reservation.pk).status == "collected"
    print(f"check-out of three items with the keyboard: {elapsed:.1f} s")
    assert elapsed < 30, f"check-out of three items took {elapsed:.1f} s"

    # Take them back: Tab to the return field, scan, Enter.
    for _ in range(10):
        if page.evaluate("document.activeElement.id") == "return-code":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "return-code"
    for code in [*reserved, third]:
        page.keyboard.type(code)
        page.keyboard.press("Enter")
        page.locator("#return-results .returned-line").filter(has_text=f"{code} (").wait_for()
        page.wait_for_selector("#return-code:focus")
    check_a11y(page)
    # The same unit again: it is not out, so nothing changes.
    page.keyboard.type(third)
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text=third).wait_for()
    check_a11y(page)
    loan.refresh_from_db()
    assert loan.closed_at is not None
    assert not Booking.objects.filter(loan=loan, is_active=True).exists()


def test_an_overdue_reminder_goes_out_once_and_staff_see_the_overdue_list(page, live_server, demo):
    overdue = Loan.objects.get(depot__slug="borgen", closed_at__isnull=True, due_date__lt=today_in(demo))
    mail.outbox.clear()
    call_command("lending_daily")
    call_command("lending_daily")
    assert Reminder.objects.filter(loan=overdue, kind="overdue").count() == 1
    sms = [m for m in MemorySmsBackend.outbox if m.to == overdue.borrower.phone]
    assert len(sms) == 1 and "BUA Borgen" in sms[0].body
    login(page, live_server, "bua@fjordvik.example", DEMO_PASSWORD)
    visit(page, f"{live_server.url}/fjordvik/lending/staff/overdue/")
    row = page.get_by_role("row").filter(has_text=overdue.borrower.full_name)
    assert row.is_visible() and "Forfalt" in row.inner_text()


def test_statistics_page_and_export_show_the_months_loans(page, live_server, demo, tmp_path):
    from openpyxl import load_workbook

    borgen = Depot.objects.get(municipality=demo, slug="borgen")
    staff = borgen.staff.get().user
    today = today_in(demo)
    # Enough people this month at both staffed depots that no figure of the month has to be hidden.
    for depot, count in ((borgen, 20), (Depot.objects.get(municipality=demo, slug="ulleral"), 5)):
        free = Unit.objects.filter(item_type__depot=depot, state="in_service").exclude(bookings__is_active=True)[:count]
        for unit in free:
            loan_check_out(
                actor=depot.staff.first().user if depot.staff.exists() else staff,
                depot=depot,
                borrower=make_borrower(demo),
                codes=[unit.code],
                due_date=today + datetime.timedelta(days=1),
            )
    expected = Loan.objects.filter(depot=borgen, start_date__year=today.year, start_date__month=today.month).count()
    login(page, live_server, "admin@fjordvik.example", DEMO_PASSWORD)
    visit(page, f"{live_server.url}/fjordvik/staff/")
    page.get_by_role("link", name="Statistikk for utlånssentralene").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    table = page.locator("table").first
    row = table.get_by_role("row").filter(has_text="BUA Borgen")
    cells = row.locator("td").all_inner_texts()
    assert cells[today.month - 1] == str(expected)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som CSV").click()
    csv_text = download.value.path().read_text(encoding="utf-8")
    borgen_line = next(line for line in csv_text.splitlines() if line.startswith("BUA Borgen"))
    assert borgen_line.split(",")[today.month] == str(expected)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som Excel (XLSX)").click()
    xlsx = tmp_path / download.value.suggested_filename
    download.value.save_as(xlsx)
    sheet = load_workbook(xlsx).worksheets[0]
    values = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["BUA Borgen"][today.month] == expected


def test_every_lending_page_passes_axe(page, live_server, demo):
    borgen = Depot.objects.get(municipality=demo, slug="borgen")
    loan = Loan.objects.filter(depot=borgen, closed_at__isnull=True).first()
    reservation = Reservation.objects.filter(depot=borgen).first()
    item_type = ItemType.objects.get(depot=borgen, name="Kano")
    amina = Borrower.objects.get(user__email="forelder@example.com")
    base = f"{live_server.url}/fjordvik/lending"
    login(page, live_server, "admin@fjordvik.example", DEMO_PASSWORD)
    for path in [
        "/",
        "/?q=telt&category=&depot=&start=&end=",
        "/depots/ulleral/",
        f"/depots/borgen/items/{item_type.pk}/",
        "/staff/",
        "/staff/depots/new/",
        "/staff/depots/borgen/",
        "/staff/depots/borgen/hours/",
        "/staff/depots/borgen/people/",
        "/staff/depots/borgen/catalogue/",
        f"/staff/depots/borgen/catalogue/{item_type.pk}/",
        f"/staff/depots/borgen/units/{item_type.units.first().pk}/",
        "/staff/depots/borgen/reservations/",
        f"/staff/depots/borgen/reservations/{reservation.pk}/",
        "/staff/depots/borgen/loans/",
        f"/staff/depots/borgen/loans/{loan.pk}/",
        "/staff/review/",
        "/staff/borrowers/?q=Hassan",
        f"/staff/borrowers/{amina.pk}/",
        "/desk/borgen/borrowers/new/",
        f"/desk/borgen/?borrower={amina.pk}",
        "/desk/ulleral/",
    ]:
        visit(page, base + path)
    # A bad form shows the error summary, and axe is still happy.
    visit(page, base + "/desk/borgen/borrowers/new/")
    page.get_by_role("button", name="Registrer").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.locator(".error-summary").is_visible()
    page.context.clear_cookies()
    login(page, live_server, "forelder@example.com", DEMO_PASSWORD)
    for path in ["/mine/", "/depots/utlansskapet/self-service/", "/depots/borgen/reserve/"]:
        visit(page, base + path)


def test_self_service_loan_and_return_on_a_phone(phone_page, live_server, demo):
    page = phone_page
    unit = Unit.objects.filter(item_type__depot__slug="utlansskapet").first()
    login(page, live_server, "innbygger@example.com", DEMO_PASSWORD)
    visit(page, f"{live_server.url}/fjordvik/lending/depots/utlansskapet/self-service/")
    page.locator("#ss-code").fill(unit.code)
    page.locator("#ss-code").press("Enter")
    page.wait_for_load_state("load")
    check_a11y(page)
    page.get_by_role("button", name="Lån 1 ting").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    loan = Loan.objects.get(bookings__unit=unit)
    assert loan.is_self_service and loan.needs_review
    page.locator("#ss-return").fill(unit.code)
    page.locator("#ss-return").press("Enter")
    page.wait_for_load_state("load")
    check_a11y(page)
    loan.refresh_from_db()
    assert loan.closed_at is not None


def test_self_service_reads_the_label_with_the_camera(browser_type, live_server, demo, tmp_path):
    """The camera loop shared with the card's door page (core/camera-scanner.js) reads a label with ZXing here."""
    from playwright.sync_api import expect

    from .conftest import CHROMIUM, PHONE
    from .test_card import _qr_video

    unit = Unit.objects.filter(item_type__depot__slug="utlansskapet").first()
    video = tmp_path / "label.y4m"
    _qr_video(video, unit.code)
    browser = browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--headless",
            "--no-sandbox",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = browser.new_context(locale="nb-NO", permissions=["camera"], viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, live_server, "innbygger@example.com", DEMO_PASSWORD)
        visit(page, f"{live_server.url}/fjordvik/lending/depots/utlansskapet/self-service/")
        page.locator("button[data-scan-target='ss-code']").click()
        # The label is decoded from the fake camera, put in the field and sent: the page lists it, ready to borrow.
        expect(page.get_by_role("button", name="Lån 1 ting")).to_be_visible(timeout=20_000)
        check_a11y(page)
        assert unit.code in page.locator("main").inner_text()
        context.close()
    finally:
        browser.close()
