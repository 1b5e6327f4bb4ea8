"""Concurrency on PostgreSQL: one paper code used by many phones at once answers exactly once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sammen.impact import services
from sammen.impact.models import Response, SurveyCode

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_code_used_at_the_same_time_answers_once(world):
    survey = services.survey_create(
        actor=world.users["coordinator"],
        municipality=world.municipality,
        title="Samtidig",
        year=2025,
        neighbourhoods=[world.neighbourhood],
        allow_open_link=False,
    )
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    code = services.codes_generate(actor=world.users["coordinator"], survey=survey, count=1)[0].code
    question = survey.questions.get(bank_key="core.safe_evening")
    barrier = threading.Barrier(8)
    outcomes = []

    def answer():
        try:
            barrier.wait()
            services.response_submit(
                survey=survey, answers={question.pk: "4"}, neighbourhood=world.neighbourhood, code=code
            )
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 7 + ["saved"]
    assert Response.objects.filter(survey=survey).count() == 1
    assert SurveyCode.objects.get(code=code).is_used


def test_twenty_codes_used_concurrently_give_twenty_responses(world):
    survey = services.survey_create(
        actor=world.users["coordinator"],
        municipality=world.municipality,
        title="Klassen",
        year=2025,
        neighbourhoods=[world.neighbourhood],
        allow_open_link=False,
    )
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    codes = [c.code for c in services.codes_generate(actor=world.users["coordinator"], survey=survey, count=20)]
    question = survey.questions.get(bank_key="core.safe_evening")
    errors = []

    def answer(code):
        try:
            for attempt in (code, code):  # each phone double-taps "send"
                try:
                    services.response_submit(
                        survey=survey, answers={question.pk: "3"}, neighbourhood=None, code=attempt
                    )
                except ValidationError:
                    pass
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(c,)) for c in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Response.objects.filter(survey=survey).count() == 20
    assert SurveyCode.objects.filter(survey=survey, is_used=True).count() == 20
