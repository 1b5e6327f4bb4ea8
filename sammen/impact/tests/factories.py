"""Factories for the impact tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sammen.core.testing import unique
from sammen.impact.models import ImpactGoal, ImpactSettings, Indicator, Question, Survey, SurveyStatus
from sammen.places.models import Municipality, Neighbourhood


def make_goal(municipality: Municipality, **fields: Any) -> ImpactGoal:
    defaults: dict[str, Any] = {"title": unique("Mål")}
    defaults.update(fields)
    return ImpactGoal.objects.create(municipality=municipality, **defaults)


def make_indicator(
    municipality: Municipality, neighbourhoods: list[Neighbourhood] | None = None, **fields: Any
) -> Indicator:
    goal = fields.pop("goal", None) or make_goal(municipality)
    defaults: dict[str, Any] = {
        "name": unique("Indikator"),
        "definition": "Andel som svarer ja.",
        "unit": "%",
        "direction": "up",
        "source": "Test",
    }
    defaults.update(fields)
    indicator = Indicator.objects.create(municipality=municipality, goal=goal, **defaults)
    indicator.neighbourhoods.set(
        neighbourhoods if neighbourhoods is not None else list(municipality.neighbourhoods.all())
    )
    return indicator


def make_survey(municipality: Municipality, neighbourhoods: list[Neighbourhood] | None = None, **fields: Any) -> Survey:
    defaults: dict[str, Any] = {"title": unique("Undersøkelse"), "year": 2025, "status": SurveyStatus.DRAFT}
    defaults.update(fields)
    survey = Survey.objects.create(municipality=municipality, **defaults)
    survey.neighbourhoods.set(neighbourhoods if neighbourhoods is not None else list(municipality.neighbourhoods.all()))
    return survey


def make_question(survey: Survey, **fields: Any) -> Question:
    defaults: dict[str, Any] = {
        "kind": "likert",
        "bank_key": unique("own.q"),
        "text": {"nb": "Jeg trives i nabolaget.", "en": "I like my neighbourhood."},
        "order": survey.questions.count() + 1,
        "share_min": Decimal(4),
    }
    defaults.update(fields)
    return Question.objects.create(survey=survey, **defaults)


def publish(municipality: Municipality, **fields: Any) -> ImpactSettings:
    settings, _ = ImpactSettings.objects.update_or_create(
        municipality=municipality, defaults={"is_dashboard_public": True, **fields}
    )
    return settings
