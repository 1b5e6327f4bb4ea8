"""The activity catalogue in a real browser: a club lists a weekly activity, a parent on a phone finds one and
adds it to the calendar, the map and "near me" enhance the list, and everything works without JavaScript."""

import base64
import datetime
import time

import pytest
from django.core.management import call_command
from icalendar import Calendar

from sammen.activities.models import Activity
from sammen.core.demo import DEMO_PASSWORD

from .conftest import check_a11y, login, visit

pytestmark = pytest.mark.django_db(transaction=True)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def demo(db):
    call_command("demo_setup", quiet_users=True)


def _no_tiles_from_outside(page):
    # No network here: answer tile requests with a blank tile so the map draws without an outside server.
    page.route(
        "https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG)
    )


def _csp_violations(page):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return violations


def test_club_representative_lists_a_weekly_activity_in_under_three_minutes(page, live_server, demo):
    started = time.monotonic()
    login(page, live_server, "leder@borgen-il.example", DEMO_PASSWORD)
    visit(page, f"{live_server.url}/fjordvik/activities/manage/")
    page.locator("a[href='/fjordvik/activities/manage/new/']").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.locator("#id_title").fill("Innebandy for 10–12 år")
    page.locator("#id_description").fill("Innebandy i gymsalen. Køller til låns, bare ta med innesko.")
    page.locator("#id_category").select_option(label="Idrett")
    page.locator("#id_venue").select_option(label="Borgen skole, gymsalen")
    page.locator("#id_weekdays_1").check()  # Tuesday
    next_week = datetime.date.today() + datetime.timedelta(days=7)
    page.locator("#id_start_date").fill(next_week.isoformat())
    page.locator("#id_end_date").fill((next_week + datetime.timedelta(days=100)).isoformat())
    page.locator("#id_start_time").fill("17:00")
    page.locator("#id_end_time").fill("18:30")
    page.locator("#id_age_min").fill("10")
    page.locator("#id_age_max").fill("12")
    page.locator("#id_is_step_free").check()
    page.locator("#id_accepts_card").check()
    page.locator("form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state("load")
    check_a11y(page)
    elapsed = time.monotonic() - started
    assert elapsed < 180
    activity = Activity.objects.get(title="Innebandy for 10–12 år")
    assert activity.status == "published"
    assert page.url == f"{live_server.url}{activity.get_absolute_url()}"
    assert page.get_by_role("heading", name="Innebandy for 10–12 år", level=1).is_visible()
    assert activity.sessions.filter(weekday=1, start_minute=17 * 60).count() >= 14
    # The schedule page: cancel one session, with a reason.
    visit(page, f"{live_server.url}/fjordvik/activities/manage/{activity.pk}/")
    first = activity.sessions.order_by("starts_at").first()
    page.locator(f"#reason-{first.pk}").fill("Hallen brukes til valg")
    page.locator(f"#reason-{first.pk}").locator("xpath=..").locator("button").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    first.refresh_from_db()
    assert first.is_cancelled


def test_a_parent_on_a_phone_finds_a_free_tuesday_afternoon_activity_near_borgen(phone_page, live_server, demo):
    page = phone_page
    _no_tiles_from_outside(page)
    violations = _csp_violations(page)
    visit(page, f"{live_server.url}/fjordvik/")
    page.locator("a[href='/fjordvik/activities/']").first.click()
    page.wait_for_load_state("load")
    check_a11y(page)
    page.locator("#id_age").fill("9")
    page.locator("#id_day_1").check()
    page.locator("#id_time_1").check()  # afternoon
    page.locator("#id_free").check()
    page.locator("#id_access_0").check()  # step-free
    page.locator("#id_near").fill("Borgen")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    results = page.locator(".result")
    assert results.count() >= 1
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the results scroll sideways by {overflow}px on a phone"
    # Every hit really is free, for a 9-year-old, step-free, on a Tuesday afternoon, within 3 km of Borgen.
    for activity in Activity.objects.filter(title__in=[t.strip() for t in results.locator("h2").all_inner_texts()]):
        assert activity.price_type == "free" and activity.is_step_free
        assert (activity.age_min or 0) <= 9 <= (activity.age_max or 120)
        assert activity.sessions.filter(weekday=1, start_minute__gte=12 * 60, start_minute__lt=18 * 60).exists()
    title = results.first.locator("h2 a").inner_text()
    results.first.locator("h2 a").click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.get_by_role("heading", name=title, level=1).is_visible()
    calendar_link = page.locator("a[href$='/calendar.ics']").first
    response = page.request.get(f"{live_server.url}{calendar_link.get_attribute('href')}")
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    events = list(Calendar.from_ical(response.body()).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [title]
    assert "TU" in events[0]["rrule"]["BYDAY"] or events[0].decoded("dtstart").weekday() == 1
    assert violations == []


def test_the_map_loads_markers_by_viewport_without_csp_violations(page, live_server, demo):
    _no_tiles_from_outside(page)
    violations = _csp_violations(page)
    visit(page, f"{live_server.url}/fjordvik/activities/?age=9")
    page.wait_for_selector("#activity-map .leaflet-marker-icon, #activity-map .marker-cluster", timeout=10_000)
    check_a11y(page)
    assert page.locator("#activity-map").is_visible()
    markers = page.locator("#activity-map .leaflet-marker-icon").count()
    assert markers >= 1
    assert violations == []


def test_search_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    try:
        response = page.goto(f"{live_server.url}/fjordvik/activities/")
        assert response.status == 200
        assert not page.locator("#activity-map").is_visible()
        page.locator("#id_age").fill("70")
        page.locator("#id_near").fill("Ullerål")
        page.locator("form[role=search] button[type=submit]").click()
        page.wait_for_load_state("load")
        assert "age=70" in page.url and "near=Uller" in page.url
        assert page.locator(".result").count() >= 1
        page.locator(".result h2 a").first.click()
        page.wait_for_load_state("load")
        assert page.locator("a.button[href$='/calendar.ics']").count() == 1
    finally:
        context.close()


def test_more_pages_are_accessible(page, live_server, demo):
    visit(page, f"{live_server.url}/fjordvik/activities/this-week/?neighbourhood=borgen")
    visit(page, f"{live_server.url}/fjordvik/neighbourhoods/borgen/")
    visit(page, f"{live_server.url}/fjordvik/activities/open-data/")
    visit(page, f"{live_server.url}/fjordvik/activities/?near=Atlantis&age=200")
    assert page.locator(".error-summary").is_visible()
    login(page, live_server, "admin@fjordvik.example", DEMO_PASSWORD)
    for path in ("staff/categories/", "staff/import/", "staff/guides/", "manage/", "saved/?query=age%3D9"):
        visit(page, f"{live_server.url}/fjordvik/activities/{path}")
    activity = Activity.objects.filter(join_method="sign_up").first()
    visit(page, f"{live_server.url}/fjordvik/activities/manage/{activity.pk}/sign-ups/")
    visit(page, f"{live_server.url}/fjordvik/activities/manage/{activity.pk}/confirm/")
    visit(page, f"{live_server.url}/fjordvik/activities/{activity.pk}/sign-up/")


def test_activity_guide_pages_are_accessible(page, live_server, demo):
    login(page, live_server, "aktivitetsguide@fjordvik.example", DEMO_PASSWORD)
    visit(page, f"{live_server.url}/fjordvik/activities/guide/")
    page.locator(".card h2 a").first.click()
    page.wait_for_load_state("load")
    check_a11y(page)
    assert page.locator(".result").count() >= 1
    visit(page, f"{live_server.url}/fjordvik/activities/guide/families/new/")


def test_near_me_uses_the_browsers_position(browser, live_server, demo):
    context = browser.new_context(
        locale="nb-NO", geolocation={"latitude": 60.1718, "longitude": 10.2461}, permissions=["geolocation"]
    )
    page = context.new_page()
    page.route(
        "https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG)
    )
    try:
        visit(page, f"{live_server.url}/fjordvik/activities/?age=70")
        page.locator("[data-near-me]").click()
        page.wait_for_url("**lat=60.17180**")
        check_a11y(page)
        assert "sort=distance" in page.url
        first = page.locator(".result").first
        assert "Ullerål" in first.inner_text()  # the nearest activity to the school at Ullerål
    finally:
        context.close()
