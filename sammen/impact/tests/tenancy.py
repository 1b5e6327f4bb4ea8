"""URL kwargs of the impact app, for the tenancy crawler (sammen/core/tests/test_tenancy.py)."""

from decimal import Decimal

from sammen.core.testing import TenantKwarg, make_neighbourhood
from sammen.impact.models import ImpactGoal, Indicator, IndicatorValue, Question, Survey
from sammen.places.models import Neighbourhood

from .factories import make_goal, make_indicator, make_question, make_survey


def _value(municipality, built):
    indicator = built.get("indicator_id") or make_indicator(municipality)
    return IndicatorValue.objects.create(
        municipality=municipality, indicator=indicator, year_from=2024, year_to=2024, value=Decimal(1), source="Test"
    )


def _question(municipality, built):
    survey = built.get("survey_id") or make_survey(municipality)
    return make_question(survey)


URL_KWARGS = {
    "impact_goal_id": TenantKwarg(ImpactGoal, "pk", lambda m, built: make_goal(m)),
    "indicator_id": TenantKwarg(Indicator, "pk", lambda m, built: make_indicator(m)),
    "value_id": TenantKwarg(IndicatorValue, "pk", _value),
    "survey_id": TenantKwarg(Survey, "pk", lambda m, built: make_survey(m)),
    "question_id": TenantKwarg(Question, "pk", _question),
    "survey_token": TenantKwarg(Survey, "public_token", lambda m, built: make_survey(m)),
    "impact_place": TenantKwarg(Neighbourhood, "slug", lambda m, built: make_neighbourhood(m)),
}
