"""Impact and participation together, with both apps installed (decision 0706): survey free text sent to a
process's inputs through the answers page, and the public health report's co-creation chapter filled from the
process's statistics."""

import io
import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from sammen.core.testing import client_for
from sammen.impact import exports, integration, services
from sammen.participation.models import Input, InputStatus
from sammen.participation.tests.factories import make_engagement, make_input, make_process

pytestmark = pytest.mark.django_db


def _url(name, municipality, **kwargs):
    return reverse(f"impact:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def _survey_with_answers(world, texts):
    coordinator = world.users["coordinator"]
    survey = services.survey_create(
        actor=coordinator,
        municipality=world.municipality,
        title="Si din mening",
        year=2025,
        neighbourhoods=[world.neighbourhood],
    )
    services.survey_set_status(actor=coordinator, survey=survey, status="open")
    question = survey.questions.get(bank_key="core.improve")
    for text in texts:
        services.response_submit(survey=survey, answers={question.pk: text}, neighbourhood=world.neighbourhood)
    return survey


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_free_text_answers_are_sent_to_the_process_inputs_once(world):
    process = make_process(world.municipality, world.neighbourhood, title="Samskaping i Sentrum")
    survey = _survey_with_answers(world, ["Benker langs fjorden", "Mer lys i undergangen"])
    assert integration.participation_installed()
    assert process in integration.process_choices(municipality=world.municipality)
    client = _english(client_for(world.users["coordinator"]))
    page = _url("survey_answers", world.municipality, survey_id=survey.pk)
    response = client.post(page, {"process": process.pk}, follow=True)
    assert "2 free-text answers are sent to the co-creation inputs." in response.content.decode()
    inputs = Input.objects.filter(process=process).order_by("text")
    assert [i.text for i in inputs] == ["Benker langs fjorden", "Mer lys i undergangen"]
    assert {i.channel for i in inputs} == {"survey"} and {i.status for i in inputs} == {InputStatus.PENDING}
    assert all(i.author is None for i in inputs)  # the answers stay anonymous
    # Sending again creates nothing and says so.
    response = client.post(page, {"process": process.pk}, follow=True)
    assert "Every free-text answer had already been sent" in response.content.decode()
    assert Input.objects.filter(process=process).count() == 2
    # A new answer goes over on its own.
    question = survey.questions.get(bank_key="core.improve")
    services.response_submit(survey=survey, answers={question.pk: "Et bibliotek"}, neighbourhood=world.neighbourhood)
    assert integration.send_free_text_to_inputs(actor=world.users["coordinator"], survey=survey, process=process) == 1
    assert Input.objects.filter(process=process).count() == 3


def test_the_report_co_creation_chapter_shows_the_process_summary(world):
    process = make_process(world.municipality, world.neighbourhood, title="Samskaping i Sentrum", areas=1)
    make_engagement(process, kind="dialogue_dinner", participants_min=8, participants_max=8)
    make_input(process, focus_areas=[process.focus_areas.get()])
    report = exports.build_report(
        municipality=world.municipality, neighbourhood=world.neighbourhood, assessment="", language="en"
    )
    assert report.cocreation["Co-creation processes"] == "Samskaping i Sentrum (now: Knowledge base)"
    html = render_to_string("impact/report/overview.html", {"report": report, "charts": {}})
    chapter = html[html.index("4 Co-creation in the neighbourhood") :]
    assert re.search(r'<th scope="row">What was done</th><td>1 engagement: 1 × Dialogue dinner</td>', chapter)
    assert re.search(r'<th scope="row">With whom</th><td>8 participants', chapter)
    assert "No co-creation process is registered" not in html

    # The DOCX the coordinator downloads has the same chapter.
    client = _english(client_for(world.users["coordinator"]))
    form = {"neighbourhood": world.neighbourhood.pk, "assessment": "", "file_format": "docx"}
    docx = client.post(_url("report", world.municipality), form)
    from docx import Document

    body = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Co-creation processes: Samskaping i Sentrum (now: Knowledge base)" in body
    assert "What residents said: 1 input; most about: Område 1 (1)" in body


def test_a_neighbourhood_without_a_process_says_so_in_the_report(world):
    report = exports.build_report(
        municipality=world.municipality, neighbourhood=world.other_neighbourhood, assessment="", language="en"
    )
    assert report.cocreation == {} and report.cocreation_installed
    html = render_to_string("impact/report/overview.html", {"report": report, "charts": {}})
    assert "No co-creation process is registered for the neighbourhood." in html
