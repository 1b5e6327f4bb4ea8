"""Pages through the test client: dashboards, exports, the import preview, answering by link and by code, the report."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from sammen.core.testing import client_for
from sammen.impact import services
from sammen.impact.models import ImpactGoal, Indicator, IndicatorValue, Response, SurveyCode

from .factories import make_indicator, make_survey, publish

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "fhi_extract_fjordvik.csv"


def url(name, municipality, **kwargs):
    return reverse(f"impact:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def _values(indicator, neighbourhood, years, start=10.0, step=1.0):
    for i, year in enumerate(years):
        IndicatorValue.objects.create(
            municipality=indicator.municipality,
            indicator=indicator,
            neighbourhood=neighbourhood,
            year_from=year,
            year_to=year,
            value=Decimal(str(start + step * i)),
            source="Test",
        )


def test_dashboard_is_hidden_until_published_then_public(world):
    indicator = make_indicator(world.municipality, name="Trivsel", direction="up")
    _values(indicator, world.neighbourhood, range(2020, 2025), start=50, step=2)
    _values(indicator, None, range(2020, 2025), start=55, step=0)
    page = url("dashboard", world.municipality, neighbourhood_slug=world.neighbourhood.slug)
    assert client_for(None).get(page).status_code == 404
    assert client_for(world.users["coordinator"]).get(page).status_code == 200
    publish(world.municipality)
    response = client_for(None).get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trivsel" in html and "<svg" in html and "<table>" in html
    # 50 → 58 is +16 %: better, and the rule is printed.
    assert "judgement--better" in html
    assert "at least 5 % in the good direction" in html or "minst 5" in html


def test_unpublished_indicator_is_not_on_the_public_dashboard(world):
    publish(world.municipality)
    make_indicator(world.municipality, name="Synlig")
    make_indicator(world.municipality, name="Intern", is_public=False)
    html = (
        client_for(None)
        .get(url("dashboard", world.municipality, neighbourhood_slug=world.neighbourhood.slug))
        .content.decode()
    )
    assert "Synlig" in html and "Intern" not in html
    html = (
        client_for(world.users["coordinator"])
        .get(url("dashboard", world.municipality, neighbourhood_slug=world.neighbourhood.slug))
        .content.decode()
    )
    assert "Intern" in html


def test_suppressed_values_show_as_colon_and_never_as_a_number(world):
    publish(world.municipality)
    indicator = make_indicator(world.municipality, name="Ensom")
    IndicatorValue.objects.create(
        municipality=world.municipality,
        indicator=indicator,
        neighbourhood=world.neighbourhood,
        year_from=2024,
        year_to=2024,
        value=None,
        is_suppressed=True,
        source="Test",
    )
    # A value from 3 respondents that slipped in (e.g. under an old threshold) is hidden on reading too.
    IndicatorValue.objects.create(
        municipality=world.municipality,
        indicator=indicator,
        neighbourhood=world.neighbourhood,
        year_from=2023,
        year_to=2023,
        value=Decimal("33.3333"),
        respondents=3,
        source="Test",
    )
    html = (
        client_for(None)
        .get(url("dashboard", world.municipality, neighbourhood_slug=world.neighbourhood.slug))
        .content.decode()
    )
    assert "33,3" not in html and "33.3" not in html
    assert html.count('title="Hidden to protect small groups">:</abbr>') + html.count(">:</abbr>") >= 2


def test_dashboard_query_count_does_not_grow_with_data(world, django_assert_max_num_queries):
    publish(world.municipality)
    for n in range(6):
        indicator = make_indicator(world.municipality, name=f"Ind {n}")
        _values(indicator, world.neighbourhood, range(2015, 2025))
        _values(indicator, None, range(2015, 2025))
    client = client_for(None)
    page = url("dashboard", world.municipality, neighbourhood_slug=world.neighbourhood.slug)
    with django_assert_max_num_queries(9):
        assert client.get(page).status_code == 200
    for n in range(6, 20):
        indicator = make_indicator(world.municipality, name=f"Ind {n}")
        _values(indicator, world.neighbourhood, range(2015, 2025))
    with django_assert_max_num_queries(9):
        assert client.get(page).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(url("overview", world.municipality)).status_code == 200


def test_staff_lists_pin_their_query_counts(world, django_assert_max_num_queries):
    client = client_for(world.users["municipality_admin"])
    for n in range(3):
        make_indicator(world.municipality, name=f"Ind {n}")
        make_survey(world.municipality, title=f"S {n}")
    with django_assert_max_num_queries(14):
        assert client.get(url("staff_home", world.municipality)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("survey_list", world.municipality)).status_code == 200
    for n in range(3, 12):
        make_indicator(world.municipality, name=f"Ind {n}")
        make_survey(world.municipality, title=f"S {n}")
    with django_assert_max_num_queries(14):
        assert client.get(url("staff_home", world.municipality)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("survey_list", world.municipality)).status_code == 200


def test_chart_and_table_downloads(world):
    publish(world.municipality)
    indicator = make_indicator(world.municipality, name="Trivsel")
    _values(indicator, world.neighbourhood, range(2020, 2025))
    client = client_for(None)
    png = client.get(
        url("chart_png", world.municipality, indicator_id=indicator.pk, impact_place=world.neighbourhood.slug)
    )
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get(url("chart_svg", world.municipality, indicator_id=indicator.pk, impact_place="all"))
    assert svg.content.startswith(b"<svg") and b"<title" in svg.content
    xlsx = client.get(url("dashboard_export", world.municipality, impact_place=world.neighbourhood.slug))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert any(row[1] == "Trivsel" and row[3] == "2024" and row[4] == 14.0 for row in rows if len(row) > 4)


def test_table_import_preview_then_confirm_through_the_pages(world):
    indicator = make_indicator(world.municipality, name="Trivsel")
    client = client_for(world.users["coordinator"])
    upload = io.BytesIO(b"indicator;neighbourhood;year;value\nTrivsel;Sentrum;2024;61\nTrivsel;Hele kommunen;2024;64\n")
    upload.name = "verdier.csv"
    response = client.post(url("import_table", world.municipality), {"file": upload, "source": "Egen telling"})
    assert response.status_code == 200
    assert not IndicatorValue.objects.exists()
    assert "Preview" in response.content.decode() or "Forhåndsvisning" in response.content.decode()
    response = client.post(url("import_table", world.municipality), {"confirm": "1"})
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 2
    assert set(IndicatorValue.objects.values_list("source", flat=True)) == {"Egen telling"}


def test_bad_import_shows_row_problems_and_writes_nothing(world):
    make_indicator(world.municipality, name="Trivsel")
    client = client_for(world.users["coordinator"])
    upload = io.BytesIO(b"indicator;neighbourhood;year;value\nTrivsel;Sentrum;2024;mange\nTrivsel;Sentrum;2024;61\n")
    upload.name = "verdier.csv"
    html = client.post(url("import_table", world.municipality), {"file": upload}).content.decode()
    assert "error-summary" in html
    assert client.post(url("import_table", world.municipality), {"confirm": "1"}).status_code == 302
    assert not IndicatorValue.objects.exists()


def _open(world, **fields):
    survey = services.survey_create(
        actor=world.users["coordinator"],
        municipality=world.municipality,
        title="Si din mening",
        year=2025,
        neighbourhoods=[world.neighbourhood, world.other_neighbourhood],
        **fields,
    )
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    return survey


def test_answering_by_open_link(world):
    survey = _open(world)
    client = client_for(None)
    page = client.get(survey.get_absolute_url())
    assert page.status_code == 200
    safe = survey.questions.get(bank_key="core.safe_evening")
    activities = survey.questions.get(bank_key="core.activities")
    bad = client.post(survey.get_absolute_url(), {"neighbourhood": str(world.neighbourhood.pk), f"q{safe.pk}": "9"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    assert not Response.objects.exists()
    good = client.post(
        survey.get_absolute_url(),
        {
            "neighbourhood": str(world.neighbourhood.pk),
            "sex": "female",
            "age_band": "25-44",
            f"q{safe.pk}": "4",
            f"q{activities.pk}": ["sport", "culture"],
        },
    )
    assert good.status_code == 302
    response = Response.objects.get()
    assert (response.neighbourhood, response.sex, response.channel) == (world.neighbourhood, "female", "link")
    assert response.answers.count() == 3


def test_answering_with_a_paper_code_once(world):
    survey = _open(world, allow_open_link=False)
    code = services.codes_generate(actor=world.users["coordinator"], survey=survey, count=1)[0].code
    client = client_for(None)
    assert client.get(survey.get_absolute_url()).status_code == 404
    entry = url("code_entry", world.municipality)
    assert client.post(entry, {"code": "NOPE1234"}).status_code == 200
    response = client.post(entry, {"code": f"{code[:4]}-{code[4:]}".lower()})
    assert response.status_code == 302
    safe = survey.questions.get(bank_key="core.safe_evening")
    done = client.post(url("code_answer", world.municipality), {"neighbourhood": "elsewhere", f"q{safe.pk}": "2"})
    assert done.status_code == 302
    assert Response.objects.get().channel == "code"
    assert SurveyCode.objects.get().is_used
    # The same code again: refused at the door.
    again = client_for(None).post(entry, {"code": code})
    assert "already been used" in again.content.decode() or "allerede brukt" in again.content.decode()
    assert Response.objects.count() == 1


def test_raw_answers_only_for_owners(world):
    survey = _open(world)
    answers = url("survey_answers", world.municipality, survey_id=survey.pk)
    assert client_for(world.users["coordinator"]).get(answers).status_code == 200
    assert client_for(world.users["municipality_admin"]).get(answers).status_code == 403
    assert client_for(world.users["caseworker"]).get(answers).status_code == 403
    results = url("survey_results", world.municipality, survey_id=survey.pk)
    assert client_for(world.users["caseworker"]).get(results).status_code == 200


def test_survey_builder_adds_bank_question_and_own_question(world):
    survey = _open(world)
    survey.status = "draft"
    survey.save()
    client = client_for(world.users["coordinator"])
    detail = url("survey_detail", world.municipality, survey_id=survey.pk)
    assert client.post(detail, {"add_from_bank": "optional.stay"}).status_code == 302
    response = client.post(
        url("question_create", world.municipality, survey_id=survey.pk),
        {"kind": "multiple", "text": "Hva savner du?", "options_text": "Kafé\nLekeplass", "scale_points": "5"},
    )
    assert response.status_code == 302
    assert survey.questions.count() == 10
    question = survey.questions.get(bank_key__startswith="own.")
    translate = url("question_translate", world.municipality, survey_id=survey.pk, question_id=question.pk)
    assert (
        client.post(
            f"{translate}?language=da", {"language": "da", "text": "Hvad savner du?", "option_kafe": "Café"}
        ).status_code
        == 302
    )
    question.refresh_from_db()
    assert question.text["da"] == "Hvad savner du?"
    assert question.options[0]["label"]["da"] == "Café"


def test_report_pdf_and_docx_are_real_documents(world):
    publish(world.municipality)
    indicator = make_indicator(
        world.municipality, name="Trivsel i nabolaget", theme="environment", target_value=Decimal(70), target_year=2030
    )
    _values(indicator, world.neighbourhood, range(2020, 2025), start=50, step=3)
    _values(indicator, None, range(2020, 2025), start=60, step=0)
    client = client_for(world.users["coordinator"])
    form = {
        "neighbourhood": world.neighbourhood.pk,
        "assessment": "Lavinntekt henger sammen med ensomhet.",
        "file_format": "pdf",
    }
    pdf = client.post(url("report", world.municipality), form)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Trivsel i nabolaget" in text and "Lavinntekt henger sammen" in text
    docx = client.post(url("report", world.municipality), {**form, "file_format": "docx"})
    from docx import Document

    document = Document(io.BytesIO(docx.content))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Sentrum" in body and "Lavinntekt henger sammen med ensomhet." in body
    assert len(document.inline_shapes) == 1


def test_framework_pages_create_goal_and_indicator(world):
    client = client_for(world.users["coordinator"])
    assert client.post(url("goal_create", world.municipality), {"title": "Fellesskap", "order": "1"}).status_code == 302
    goal = ImpactGoal.objects.get()
    data = {
        "goal": goal.pk,
        "name": "Ofte ensom",
        "definition": "Andel som ofte er ensomme.",
        "unit": "%",
        "decimals": "1",
        "direction": "down",
        "theme": "health",
        "source": "Undersøkelsen",
        "neighbourhoods": [world.neighbourhood.pk],
        "is_public": "on",
        "order": "1",
        "target_value": "10,5",
        "target_year": "2030",
    }
    assert client.post(url("indicator_create", world.municipality), data).status_code == 302
    assert Indicator.objects.get().target_value == Decimal("10.5")
    bad = client.post(url("indicator_create", world.municipality), {**data, "name": "Annen", "target_year": ""})
    assert bad.status_code == 200 and Indicator.objects.count() == 1


def test_value_entry_page_rejects_text(world):
    indicator = make_indicator(world.municipality)
    client = client_for(world.users["coordinator"])
    page = url("indicator_values", world.municipality, indicator_id=indicator.pk)
    bad = client.post(page, {"period": "2024", "value": "ti"})
    assert bad.status_code == 200 and re.search(r"is not a number|er ikke et tall", bad.content.decode())
    assert client.post(page, {"period": "2019-2021", "value": "10,2"}).status_code == 302
    assert IndicatorValue.objects.get().year_from == 2019


def test_extra_language_is_offered_once_every_question_is_translated(world):
    from sammen.impact.models import ImpactSettings

    ImpactSettings.objects.create(municipality=world.municipality, extra_languages="ar")
    survey = services.survey_create(
        actor=world.users["coordinator"],
        municipality=world.municipality,
        title="Kort",
        year=2025,
        neighbourhoods=[world.neighbourhood],
        include_core=False,
    )
    services.question_add_from_bank(actor=world.users["coordinator"], survey=survey, key="core.good_place")
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    client = client_for(None)
    assert "العربية" not in client.get(survey.get_absolute_url()).content.decode()
    question = survey.questions.get()
    services.question_translate(
        actor=world.users["coordinator"],
        question=question,
        language="ar",
        text="حيّي مكان جيد للعيش.",
        scale_low="لا أوافق بشدة",
        scale_high="أوافق بشدة",
    )
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "العربية" in html
    html = client.get(survey.get_absolute_url() + "?lang=ar").content.decode()
    assert 'lang="ar" dir="rtl"' in html and "حيّي مكان جيد للعيش." in html and "1 – لا أوافق بشدة" in html


def test_free_text_goes_to_the_participation_import_when_that_app_is_installed(world, monkeypatch):
    """The participation app is not in this branch: a stand-in module takes its place behind the feature check."""
    import sys
    import types

    from sammen.impact import integration

    received = {}

    def input_import_records(*, actor, process, records):
        received.update(actor=actor, process=process, records=records)
        return len(records)

    fake = types.ModuleType("sammen.participation.services")
    fake.input_import_records = input_import_records
    monkeypatch.setitem(sys.modules, "sammen.participation.services", fake)
    process = types.SimpleNamespace(pk=7, __str__=lambda self: "Borgen")
    monkeypatch.setattr(integration, "participation_installed", lambda: True)
    monkeypatch.setattr(integration, "process_choices", lambda *, municipality: [process])

    survey = _open(world)
    question = survey.questions.get(bank_key="core.improve")
    services.response_submit(
        survey=survey, answers={question.pk: "Benker langs fjorden"}, neighbourhood=world.neighbourhood
    )
    client = client_for(world.users["coordinator"])
    page = url("survey_answers", world.municipality, survey_id=survey.pk)
    assert 'name="process"' in client.get(page).content.decode()
    assert client.post(page, {"process": "7"}).status_code == 302
    assert received["process"] is process
    assert [r["text"] for r in received["records"]] == ["Benker langs fjorden"]
    assert received["records"][0]["neighbourhood"] == world.neighbourhood.slug
    # Without the app there is no button, only the CSV download.
    monkeypatch.setattr(integration, "participation_installed", lambda: False)
    monkeypatch.setattr(integration, "process_choices", lambda *, municipality: [])
    assert 'name="process"' not in client.get(page).content.decode()
