"""The impact module in a real browser, as in the issue's "Done when".

A coordinator defines three impact goals with eight indicators, imports five years of statistics for two
neighbourhoods, runs a 12-question survey that 40 residents answer on phones and 20 with paper codes, sees the
dashboard update with small groups hidden, and exports the overview report. A representative part runs in the
browser (every page checked by axe); the rest of the 60 residents answer through Django's test client, the same
forms over HTTP.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from django.test import Client

from sammen.accounts.models import Role
from sammen.core.testing import PASSWORD, grant, make_municipality, make_neighbourhood, make_user
from sammen.impact import services
from sammen.impact.models import ImpactGoal, Indicator, IndicatorValue, Question, Response, Survey, SurveyCode

from .conftest import PHONE, check_a11y, login, visit

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = Path(__file__).resolve().parent.parent / "sammen" / "impact" / "samples" / "fhi_extract_fjordvik.csv"


@pytest.fixture
def fjordvik(db):
    municipality = make_municipality(slug="fjordvik", name="Fjordvik kommune", code="3999")
    borgen = make_neighbourhood(municipality, slug="borgen", name="Borgen")
    make_neighbourhood(municipality, slug="ulleral", name="Ullerål")
    coordinator = grant(
        make_user("kari@fjordvik.example", full_name="Kari Koordinator"), municipality, Role.COORDINATOR, borgen
    )
    return municipality, coordinator


WIDE = """() => { const w = document.documentElement.clientWidth; const out = [];
  for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect();
    if (r.right > w + 1) out.push(`${el.tagName}.${el.className} ${Math.round(r.right)}`); }
  return out.slice(0, 8); }"""


def _assert_no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px on a phone: {page.evaluate(WIDE)}"


def _click(page, role, name, **kwargs):
    page.get_by_role(role, name=name, **kwargs).click()
    page.wait_for_load_state("load")
    check_a11y(page)


def _answer_on_phone(page, *, where, answers, extra=None):
    """Fill the questionnaire the way a resident does on a phone: tap the radio buttons and checkboxes."""
    page.get_by_role("group", name="Hvor bor du?").get_by_label(where, exact=True).check()
    for legend, choice in answers.items():
        group = page.get_by_role("group", name=legend)
        for item in choice if isinstance(choice, list) else [choice]:
            group.get_by_label(item, exact=True).check()
    for label, text in (extra or {}).items():
        page.get_by_label(label).fill(text)
    _click(page, "button", "Send svarene mine")


def test_coordinator_runs_the_whole_impact_cycle(page, browser, live_server, fjordvik):
    municipality, coordinator = fjordvik
    base = f"{live_server.url}/fjordvik/impact"
    login(page, live_server, coordinator.email, PASSWORD)

    # 1. Three impact goals, in the browser.
    visit(page, f"{base}/staff/")
    titles = ["Flere i arbeid og trygg økonomi", "Trygge og attraktive nabolag", "Fellesskap og deltakelse"]
    for order, title in enumerate(titles, start=1):
        _click(page, "link", "Nytt effektmål")
        page.get_by_label("Tittel").fill(title)
        page.get_by_label("Rekkefølge").fill(str(order))
        _click(page, "button", "Lagre")
        assert page.get_by_role("status").filter(has_text=title).is_visible()
    goals = list(ImpactGoal.objects.filter(municipality=municipality).order_by("order"))
    assert [g.title for g in goals] == titles

    # 2. Eight indicators: the two the statistics extract feeds are made in the browser, six through the service.
    for name, code in [
        ("Uføretrygdede 18–66 år", "Uføretrygdede 18-66 år"),
        ("Barn i lavinntektshusholdninger", "Barn i husholdninger med vedvarende lavinntekt"),
    ]:
        _click(page, "link", f"Ny indikator for «{titles[0]}»")
        page.get_by_label("Navn", exact=True).fill(name)
        page.get_by_label("Definisjon").fill("Andel av befolkningen i gruppen.")
        page.get_by_label("Enhet").fill("%")
        page.get_by_label("Lavere er bedre").check()
        page.get_by_label("Datakilde").fill("FHI, Kommunehelsa statistikkbank")
        page.get_by_label("Navn i kilden").fill(code)
        page.get_by_label(re.compile(r"^Mål \(")).fill("11,0")
        page.get_by_label("Målår").fill("2030")
        if name.startswith("Ufør"):
            page.get_by_label("Fordelt på kjønn").check()
        page.get_by_label("Borgen").check()
        page.get_by_label("Ullerål").check()
        _click(page, "button", "Lagre")
    assert Indicator.objects.filter(municipality=municipality).count() == 2
    survey_indicators = {
        "core.safe_evening": ("Trygg i nabolaget om kvelden", 1, "up", True),
        "core.good_place": ("Godt sted å bo", 1, "up", False),
        "core.lonely": ("Ofte ensom", 2, "down", True),
        "core.activities": ("Deltar i aktiviteter", 2, "up", False),
        "core.know_neighbours": ("Kjenner naboer å spørre", 2, "up", False),
        "core.influence": ("Kan påvirke nabolaget", 2, "up", False),
    }
    indicators = {}
    for key, (name, goal_index, direction, by_sex) in survey_indicators.items():
        indicators[key] = services.indicator_create(
            actor=coordinator,
            municipality=municipality,
            neighbourhoods=list(municipality.neighbourhoods.all()),
            goal=goals[goal_index],
            name=name,
            definition="Andel som svarer 4 eller 5, eller som velger de aktuelle svarene.",
            unit="%",
            direction=direction,
            source="Innbyggerundersøkelsen",
            breakdown_by_sex=by_sex,
            decimals=0,
        )
    assert Indicator.objects.filter(municipality=municipality).count() == 8

    # 3. Five years of statistics for Borgen, Ullerål and the municipality, from an FHI-style extract.
    visit(page, f"{base}/staff/")
    _click(page, "link", "Importer et statistikkuttrekk")
    page.get_by_label("Fil (.csv eller .xlsx)").set_input_files(str(SAMPLE))
    page.get_by_label("Måltall som skal importeres").fill("Andel (prosent)")
    _click(page, "button", "Kontroller filen")
    assert page.get_by_text("59 verdier er klare").is_visible()
    assert not IndicatorValue.objects.exists()
    _click(page, "button", "Importer 59 verdier")
    assert page.get_by_role("status").filter(has_text="59 verdier er importert").is_visible()
    assert IndicatorValue.objects.filter(is_suppressed=True, value__isnull=True).count() == 2

    # 4. A 12-question survey: the 8 core questions, 4 optional ones from the bank, open link and paper codes.
    visit(page, f"{base}/staff/surveys/")
    _click(page, "link", "Ny undersøkelse")
    page.get_by_label("Tittel").fill("Innbyggerundersøkelsen 2025")
    page.get_by_label("Året svarene gjelder").fill("2025")
    page.get_by_label("Borgen").check()
    page.get_by_label("Ullerål").check()
    _click(page, "button", "Lagre")
    for _ in range(4):
        page.get_by_role("button", name=re.compile(r"^Legg til")).first.click()
        page.wait_for_load_state("load")
        check_a11y(page)
    survey = Survey.objects.get(title="Innbyggerundersøkelsen 2025")
    assert survey.questions.count() == 12
    # Map the first question to its indicator in the browser, the other five through the service.
    _click(page, "link", "Indikator og innstillinger for spørsmål 1", exact=True)
    page.get_by_label(re.compile(r"^Indikator")).select_option(label="Trygg i nabolaget om kvelden")
    _click(page, "button", "Lagre")
    for key, indicator in indicators.items():
        if key != "core.safe_evening":
            services.question_update(
                actor=coordinator, question=survey.questions.get(bank_key=key), indicator=indicator
            )
    assert survey.questions.filter(indicator__isnull=False).count() == 6
    _click(page, "button", "Åpen for svar")
    _click(page, "link", "Koder på papir")
    page.get_by_label("Antall koder").fill("20")
    page.get_by_label("Delt ut til").fill("Klasse 9B, Borgen skole")
    _click(page, "button", "Lag koder")
    codes = list(SurveyCode.objects.filter(survey=survey).values_list("code", flat=True))
    assert len(codes) == 20 and page.get_by_text(codes[0]).is_visible()

    # 5. Residents on phones: two with the open link and one with a paper code in the browser.
    phone = browser.new_context(viewport=PHONE, locale="nb-NO", timezone_id="Europe/Oslo")
    resident = phone.new_page()
    resident.set_default_timeout(10_000)
    answers = {
        "Jeg føler meg trygg når jeg går ute i nabolaget om kvelden.": "5 – Helt enig",
        "Hvor ofte føler du deg ensom?": "Sjelden",
        "Hva har du vært med på i nabolaget det siste året?": ["Idrett eller trening", "Frivillig arbeid"],
    }
    try:
        for where in ("Borgen", "Ullerål"):
            visit(resident, f"{live_server.url}{survey.get_absolute_url()}")
            _assert_no_sideways_scroll(resident)
            _answer_on_phone(
                resident,
                where=where,
                answers=answers,
                extra={"Hva ville gjort nabolaget ditt bedre?": "Flere benker ved fjorden."},
            )
            assert resident.get_by_role("heading", name="Takk for svarene dine").is_visible()
        visit(resident, f"{base}/code/")
        resident.get_by_label("Koden din").fill(codes[0].lower())
        _click(resident, "button", "Fortsett")
        _answer_on_phone(resident, where="Borgen", answers=answers)
        assert resident.get_by_role("heading", name="Takk for svarene dine").is_visible()
        # The same code again is refused, with a clear message, and nothing is saved.
        visit(resident, f"{base}/code/")
        resident.get_by_label("Koden din").fill(codes[0])
        _click(resident, "button", "Fortsett")
        assert resident.get_by_text("Denne koden er allerede brukt").first.is_visible()
    finally:
        phone.close()
    assert Response.objects.filter(survey=survey).count() == 3

    # The other 38 phones and 19 paper codes answer through the same forms over HTTP.
    questions = {q.bank_key: q for q in Question.objects.filter(survey=survey)}
    borgen, ulleral = municipality.neighbourhoods.get(slug="borgen"), municipality.neighbourhoods.get(slug="ulleral")
    rng = random.Random(3)

    def form(neighbourhood, sex):
        data = {
            "neighbourhood": str(neighbourhood.pk),
            "sex": sex,
            "age_band": rng.choice(["16-24", "25-44", "45-66", "67+"]),
        }
        for question in questions.values():
            if question.kind == "likert":
                data[f"q{question.pk}"] = str(rng.choice([2, 3, 4, 4, 5]))
            elif question.kind == "single":
                data[f"q{question.pk}"] = rng.choice(question.option_values())
            elif question.kind == "multiple":
                data[f"q{question.pk}"] = rng.sample(question.option_values()[:-1], 2)
            elif question.kind == "number":
                data[f"q{question.pk}"] = str(rng.randint(0, 7))
        return data

    # Ullerål: only three men answer, so every result for men in Ullerål must stay hidden.
    people = (
        [(borgen, rng.choice(["female", "male"])) for _ in range(24)]
        + [(ulleral, "female")] * 11
        + [(ulleral, "male")] * 3
    )
    for neighbourhood, sex in people:
        assert Client().post(survey.get_absolute_url(), form(neighbourhood, sex)).status_code == 302
    for code in codes[1:]:
        client = Client()
        assert client.post("/fjordvik/impact/code/", {"code": code}).status_code == 302
        assert (
            client.post("/fjordvik/impact/code/answer/", form(borgen, rng.choice(["female", "male"]))).status_code
            == 302
        )
    assert Response.objects.filter(survey=survey, channel="link").count() == 40
    assert Response.objects.filter(survey=survey, channel="code").count() == 20
    assert SurveyCode.objects.filter(survey=survey, is_used=False).count() == 0

    # 6. The coordinator closes the survey: the answers become indicator values, small groups hidden.
    visit(page, f"{base}/staff/surveys/{survey.pk}/")
    _click(page, "button", "Avslutt undersøkelsen")
    safe = indicators["core.safe_evening"]
    men_ulleral = IndicatorValue.objects.get(indicator=safe, neighbourhood=ulleral, sex="male", year_to=2025)
    assert men_ulleral.is_suppressed and men_ulleral.value is None and men_ulleral.respondents is None
    assert IndicatorValue.objects.get(indicator=safe, neighbourhood=borgen, sex="all", year_to=2025).respondents == 45
    visit(page, f"{base}/neighbourhoods/ulleral/")
    card = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Trygg i nabolaget om kvelden"))
    assert card.get_by_text("2025").count() >= 1
    visit(page, f"{base}/neighbourhoods/borgen/")
    card = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Uføretrygdede 18–66 år"))
    assert card.get_by_text("Bedre", exact=True).is_visible()
    assert card.get_by_text(re.compile("Regel: Sammenlignet med første viste verdi")).is_visible()
    visit(page, f"{base}/indicators/{safe.pk}/")
    breakdown = page.get_by_role("table", name="Fordelinger")
    men_row = breakdown.get_by_role("row").filter(has_text="Ullerål").filter(has_text="Menn")
    assert men_row.get_by_text(":", exact=True).is_visible()
    visit(page, f"{base}/compare/")
    visit(page, f"{base}/staff/surveys/{survey.pk}/results/")
    assert page.get_by_role("heading", name=re.compile("Jeg føler meg trygg")).is_visible()

    # 7. The neighbourhood chapter of the public health overview, as PDF and as DOCX.
    for file_format, label in (("pdf", "PDF"), ("docx", "Word (DOCX)")):
        visit(page, f"{base}/staff/report/")
        page.get_by_label("Nabolag", exact=True).select_option(label="Borgen")
        page.get_by_label("Vurdering (valgfritt)").fill(
            "Færre står utenfor arbeidslivet, men ensomheten er fortsatt høy."
        )
        page.get_by_label(label, exact=True).check()
        with page.expect_download() as download:
            page.get_by_role("button", name="Lag rapporten").click()
        content = Path(download.value.path()).read_bytes()
        if file_format == "pdf":
            from pypdf import PdfReader

            assert content.startswith(b"%PDF")
            text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
            assert "Folkehelseoversikt: Borgen" in text and "Uføretrygdede 18–66 år" in text
            assert "ensomheten er fortsatt høy" in text
        else:
            from docx import Document

            body = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
            assert "Folkehelseoversikt: Borgen" in body and "Innbyggerundersøkelsen 2025" in body


def test_public_dashboard_on_a_phone(page, live_server, fjordvik):
    """When published, a resident reads the neighbourhood's dashboard on a phone without sideways scrolling."""
    from sammen.impact.models import ImpactSettings

    municipality, coordinator = fjordvik
    ImpactSettings.objects.create(municipality=municipality, is_dashboard_public=True)
    goal = services.goal_create(actor=coordinator, municipality=municipality, title="Trygge nabolag")
    indicator = services.indicator_create(
        actor=coordinator,
        municipality=municipality,
        neighbourhoods=list(municipality.neighbourhoods.all()),
        goal=goal,
        name="Uføretrygdede",
        definition="Andel 18–66 år.",
        unit="%",
        direction="down",
        source="FHI",
        source_code="Uføretrygdede 18-66 år",
        breakdown_by_sex=True,
    )
    services.fhi_import(
        actor=grant(make_user(), municipality, Role.MUNICIPALITY_ADMIN),
        municipality=municipality,
        content=SAMPLE.read_bytes(),
        filename=SAMPLE.name,
        indicator=indicator,
        measure_type="Andel (prosent)",
        apply=True,
    )
    page.set_viewport_size(PHONE)
    visit(page, f"{live_server.url}/fjordvik/")
    _click(page, "link", "Slik går det")
    _click(page, "link", "Borgen")
    _assert_no_sideways_scroll(page)
    page.get_by_text("Datatabell: Uføretrygdede").click()
    table = page.get_by_role("table", name="Uføretrygdede (%)")
    assert table.get_by_role("row").count() == 6
    check_a11y(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned diagrammet for Uføretrygdede som PNG").click()
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG")


def test_every_other_impact_page_passes_axe(page, live_server, fjordvik):
    """The pages the story above does not pass through: settings, values, table import, translations, answers."""
    from decimal import Decimal

    municipality, coordinator = fjordvik
    admin = grant(make_user("admin@fjordvik.example"), municipality, Role.MUNICIPALITY_ADMIN)
    goal = services.goal_create(actor=coordinator, municipality=municipality, title="Trygge nabolag")
    indicator = services.indicator_create(
        actor=coordinator,
        municipality=municipality,
        neighbourhoods=list(municipality.neighbourhoods.all()),
        goal=goal,
        name="Trygg om kvelden",
        definition="Andel som er trygge.",
        unit="%",
        direction="up",
        source="Undersøkelsen",
    )
    services.value_save(
        actor=coordinator, indicator=indicator, neighbourhood=None, year_from=2024, year_to=2024, value=Decimal("71.5")
    )
    survey = services.survey_create(
        actor=coordinator,
        municipality=municipality,
        title="Høst",
        year=2025,
        neighbourhoods=list(municipality.neighbourhoods.all()),
    )
    question = survey.questions.get(bank_key="core.improve")
    services.survey_set_status(actor=coordinator, survey=survey, status="open")
    services.response_submit(survey=survey, answers={question.pk: "Lys i parken"}, neighbourhood=None)
    base = f"{live_server.url}/fjordvik/impact/staff"
    login(page, live_server, coordinator.email, PASSWORD)
    for path in (
        f"/indicators/{indicator.pk}/values/",
        "/import/",
        f"/surveys/{survey.pk}/edit/",
        f"/surveys/{survey.pk}/questions/{question.pk}/translate/?language=nn",
        f"/surveys/{survey.pk}/answers/",
        f"/surveys/{survey.pk}/codes/?print=1",
        f"/goals/{goal.pk}/",
        f"/indicators/{indicator.pk}/",
    ):
        visit(page, f"{base}{path}")
    assert page.get_by_label("Navn", exact=True).input_value() == "Trygg om kvelden"
    # A bad value shows the error summary, linked to the field, and nothing is saved.
    visit(page, f"{base}/indicators/{indicator.pk}/values/")
    page.get_by_label("År eller periode").fill("2023")
    page.get_by_label(re.compile("^Verdi")).fill("mye")
    _click(page, "button", "Lagre verdien")
    assert page.locator(".error-summary").get_by_text("«mye» er ikke et tall.").is_visible()
    assert IndicatorValue.objects.count() == 1
    page.context.clear_cookies()
    login(page, live_server, admin.email, PASSWORD)
    visit(page, f"{base}/settings/")
    page.get_by_label("Publiser oversiktene").check()
    _click(page, "button", "Lagre")
    visit(page, f"{base}/surveys/{survey.pk}/questions/new/")
