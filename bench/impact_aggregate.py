"""Benchmark: aggregate 100,000 survey answers into indicator values (with sex and age breakdowns and suppression).

Run: .venv/bin/python bench/impact_aggregate.py   (SQLite in a temporary file; set DATABASE_URL for PostgreSQL)
Builds 10 neighbourhoods, a 12-question survey with 8 questions mapped to indicators broken down by sex and age band,
and 8,334 responses (100,008 answers); then times survey_aggregate() five times and reports the median.
"""

from __future__ import annotations

import random
import statistics
import time

from _setup import setup_django

setup_django("impact-aggregate")

from decimal import Decimal  # noqa: E402

from django.db import transaction  # noqa: E402

from sammen.accounts.models import Role  # noqa: E402
from sammen.core.testing import grant, make_municipality, make_neighbourhood, make_user  # noqa: E402
from sammen.impact import bank, services  # noqa: E402
from sammen.impact.models import Answer, ImpactGoal, Indicator, IndicatorValue, Question, Response, Survey  # noqa: E402

RESPONSES = 8_334
QUESTIONS = 12


def build() -> Survey:
    rng = random.Random(1)
    municipality = make_municipality(slug="benchvik", name="Benchvik kommune")
    neighbourhoods = [make_neighbourhood(municipality, slug=f"nb-{i}", name=f"Nabolag {i}") for i in range(10)]
    admin = grant(make_user("bench@example.com"), municipality, Role.MUNICIPALITY_ADMIN)
    goal = ImpactGoal.objects.create(municipality=municipality, title="Mål")
    survey = services.survey_create(
        actor=admin, municipality=municipality, title="Stor undersøkelse", year=2025, neighbourhoods=neighbourhoods
    )
    for key in ("optional.active_days", "optional.recommend", "optional.green", "optional.stay"):
        services.question_add_from_bank(actor=admin, survey=survey, key=key)
    questions = list(survey.questions.order_by("order"))
    assert len(questions) == QUESTIONS
    for question in [q for q in questions if q.kind != "text"][:8]:
        indicator = Indicator.objects.create(
            municipality=municipality,
            goal=goal,
            name=f"Indikator {question.bank_key}",
            definition="d",
            unit="%",
            direction="up",
            source="Undersøkelsen",
            breakdown_by_sex=True,
            breakdown_by_age=True,
        )
        indicator.neighbourhoods.set(neighbourhoods)
        services.question_update(actor=admin, question=question, indicator=indicator)
    questions = list(survey.questions.order_by("order"))
    bands = ["16-24", "25-44", "45-66", "67+", ""]
    with transaction.atomic():
        responses = Response.objects.bulk_create(
            [
                Response(
                    municipality=municipality,
                    survey=survey,
                    neighbourhood=rng.choice([*neighbourhoods, None]),
                    sex=rng.choice(["female", "male", "other", ""]),
                    age_band=rng.choice(bands),
                    channel="link",
                    language="nb",
                )
                for _ in range(RESPONSES)
            ],
            batch_size=2000,
        )
        answers = []
        for response in responses:
            for question in questions:
                if question.kind in ("likert", "number"):
                    answers.append(Answer(response=response, question=question, number=Decimal(rng.randint(1, 5))))
                elif question.kind in ("single", "multiple"):
                    answers.append(
                        Answer(response=response, question=question, option=rng.choice(question.option_values()))
                    )
                else:
                    answers.append(Answer(response=response, question=question, text="Flere benker"))
        Answer.objects.bulk_create(answers, batch_size=5000)
    return survey


def main() -> None:
    survey = build()
    print(
        f"answers: {Answer.objects.count():,}, questions: {survey.questions.count()}, "
        f"responses: {Response.objects.count():,}"
    )
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        written = services.survey_aggregate(actor=None, survey=survey)
        timings.append(time.perf_counter() - start)
    hidden = IndicatorValue.objects.filter(is_suppressed=True).count()
    print(f"indicator values written: {written} ({hidden} suppressed)")
    print(
        f"survey_aggregate: median {statistics.median(timings):.3f} s, "
        f"min {min(timings):.3f} s, max {max(timings):.3f} s"
    )
    assert bank.NATIONAL_BANK  # the bank the survey was built from
    assert Question.objects.filter(survey=survey, indicator__isnull=False).count() == 8


if __name__ == "__main__":
    main()
