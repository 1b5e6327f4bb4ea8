"""The roadmap in a browser: a coordinator builds it and links 40 inputs at once; a resident without an account hears
what became of their idea; the council report comes out as a PDF."""

import io
import time

import pytest
from django.core import mail
from django.core.management import call_command

from sammen.accounts.models import Role
from sammen.core.testing import PASSWORD, grant, make_municipality, make_neighbourhood, make_user
from sammen.participation.models import Input
from sammen.roadmap.models import InputFate, Measure, ReportJob

from .conftest import check_a11y, login, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def town(db):
    from sammen.participation.tests.factories import make_process

    municipality = make_municipality(slug="fjordby", name="Fjordby kommune")
    borgen = make_neighbourhood(municipality, slug="borgen", name="Borgen")
    coordinator = grant(make_user("kari@fjordby.example"), municipality, Role.COORDINATOR, borgen)
    process = make_process(municipality, borgen, slug="veikart", areas=2, title="Veikart for Borgen", moderation="post")
    return municipality, process, coordinator


def wait(page):
    page.wait_for_load_state("load")
    check_a11y(page)


def test_coordinator_builds_a_roadmap_and_links_40_inputs_in_one_go(page, live_server, town):
    from sammen.participation.tests.factories import make_input

    _municipality, process, coordinator = town
    for n in range(45):
        make_input(process, text=f"Flere møteplasser for unge, innspill {n + 1}")
    login(page, live_server, coordinator.email, PASSWORD)
    base = f"{live_server.url}/fjordby/roadmap/staff/veikart"
    visit(page, f"{base}/")
    page.get_by_label("Hovedmål").fill("Et aktivt, åpent og inkluderende lokalsamfunn")
    page.get_by_label("Kunnskapsgrunnlag").fill("Borgen har mange unge og få møteplasser.")
    page.get_by_label("Publisert").check()
    page.get_by_role("button", name="Lagre veikartet").click()
    wait(page)
    page.get_by_role("link", name="Legg til et mål").first.click()
    wait(page)
    page.get_by_label("Tittel").fill("Flere møteplasser")
    page.get_by_role("button", name="Lagre").click()
    wait(page)
    page.get_by_role("link", name="Legg til et tiltak").first.click()
    wait(page)
    page.get_by_label("Tittel").fill("Ungdomsklubb på skolen")
    page.get_by_label("Status").select_option(label="Vedtatt")
    page.get_by_role("button", name="Lagre tiltaket").click()
    wait(page)
    page.get_by_label("Navn").fill("Fritidsetaten")
    page.get_by_label("Rolle").fill("Ansvarlig")
    page.get_by_role("button", name="Legg til aktøren").click()
    wait(page)
    measure = Measure.objects.get()
    assert measure.actors.get().name == "Fritidsetaten"

    visit(page, f"{base}/inputs/")
    boxes = page.locator("input[name=inputs]")
    assert boxes.count() == 45
    for index in range(40):
        boxes.nth(index).check()
    page.locator("#id_bulk-state").select_option("in_measure")
    page.locator("#id_bulk-measure").select_option(str(measure.pk))
    page.get_by_role("button", name="Bruk på de valgte innspillene").click()
    wait(page)
    assert page.get_by_text("40 innspill fikk nytt utfall.").is_visible()
    assert InputFate.objects.filter(measure=measure, state="in_measure").count() == 40

    left = Input.objects.exclude(fate__isnull=False).first()
    visit(page, f"{base}/inputs/{left.pk}/")
    page.get_by_label("Hva skjedde med det").select_option("not_pursued")
    page.get_by_role("button", name="Lagre").click()
    wait(page)
    assert page.locator(".error-summary").is_visible()  # a reason is required
    page.get_by_label("Begrunnelse").fill("Dette er fylkets ansvar; vi har sendt det videre.")
    page.get_by_role("button", name="Lagre").click()
    wait(page)
    assert InputFate.objects.get(input=left).state == "not_pursued"

    visit(page, f"{live_server.url}/fjordby/roadmap/veikart/")
    assert page.get_by_text("Ungdomsklubb på skolen").is_visible()
    visit(page, f"{live_server.url}/fjordby/roadmap/veikart/print/")


def test_resident_without_account_gets_one_digest_and_sees_the_fate(phone_page, live_server, town):
    from sammen.roadmap import services
    from sammen.roadmap.tests.factories import make_goal, make_measure, make_roadmap

    _municipality, process, coordinator = town
    make_roadmap(process)
    measure = make_measure(process, goal=make_goal(process), title="Benker ved bussholdeplassene")
    page = phone_page
    visit(page, f"{live_server.url}/fjordby/participation/veikart/ideas/new/")
    started = time.monotonic()
    page.get_by_label("Idéen eller behovet ditt").fill("En benk ved bussholdeplassen, så eldre kan sitte.")
    page.get_by_text("Få svar fra oss (valgfritt)").click()
    page.get_by_label("E-post").fill("nabo@example.com")
    page.get_by_label("Dere kan kontakte meg om hva som skjer med idéen min").check()
    page.wait_for_timeout(max(0, 3200 - int((time.monotonic() - started) * 1000)))
    page.get_by_role("button", name="Send").click()
    wait(page)
    item = Input.objects.get()
    assert item.contact_consent_at is not None and item.author is None
    services.fate_set(actor=coordinator, item=item, state="considering")
    services.fate_set(actor=coordinator, item=item, state="in_measure", measure=measure)
    mail.outbox.clear()
    call_command("roadmap_digest", stdout=io.StringIO())
    call_command("roadmap_digest", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["nabo@example.com"]]
    assert "Benker ved bussholdeplassene" in mail.outbox[0].body

    visit(page, f"{live_server.url}/fjordby/roadmap/veikart/inputs/")
    page.get_by_label("Hva skjedde med det").select_option(label="Del av et tiltak")
    page.get_by_role("button", name="Vis").click()
    wait(page)
    card = page.locator(f"#input-{item.pk}")
    assert "Benker ved bussholdeplassene" in card.inner_text()


def test_the_council_report_pdf(page, live_server, town):
    from pypdf import PdfReader

    from sammen.participation.tests.factories import make_input
    from sammen.roadmap.tests.factories import make_actor, make_goal, make_measure, make_roadmap

    _municipality, process, coordinator = town
    make_roadmap(process, knowledge_base="Borgen har mange eldre som bor alene.")
    measure = make_measure(process, goal=make_goal(process, title="Flere møteplasser"), title="Åpen skole om kvelden")
    make_actor(measure, name="Kulturenheten", role="Ansvarlig")
    item = make_input(process, text="Vi trenger et sted å være om kvelden")
    InputFate.objects.create(input=item, state="in_measure", measure=measure)
    login(page, live_server, coordinator.email, PASSWORD)
    visit(page, f"{live_server.url}/fjordby/roadmap/staff/veikart/report/")
    page.get_by_role("button", name="Lag saken til kommunestyret").click()
    wait(page)
    link = page.get_by_role("link", name="Last ned PDF-en")
    link.wait_for()
    job = ReportJob.objects.get()
    assert job.status == "done"
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    reader = PdfReader(io.BytesIO(response.body()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for expected in ("Sak til kommunestyret", "Borgen har mange eldre", "Åpen skole om kvelden", "Kulturenheten"):
        assert expected in text
    assert "Vi trenger et sted å være om kvelden" in text
