"""The API gives indicators and aggregated values only, with suppression, to the public when published."""

from decimal import Decimal

import pytest

from sammen.core.testing import client_for
from sammen.impact.models import IndicatorValue

from .factories import make_indicator, publish

pytestmark = pytest.mark.django_db


def _api(world, path=""):
    return f"/api/v1/impact/municipalities/{world.municipality.slug}/indicators{path}"


def test_indicators_and_values_with_suppression(world):
    indicator = make_indicator(
        world.municipality, name="Trygg", breakdown_by_sex=True, target_value=Decimal(80), target_year=2030
    )
    make_indicator(world.municipality, name="Intern", is_public=False)
    IndicatorValue.objects.create(
        municipality=world.municipality,
        indicator=indicator,
        neighbourhood=world.neighbourhood,
        year_from=2024,
        year_to=2024,
        value=Decimal("61.5"),
        respondents=40,
        source="Undersøkelsen",
    )
    IndicatorValue.objects.create(
        municipality=world.municipality,
        indicator=indicator,
        neighbourhood=world.neighbourhood,
        year_from=2024,
        year_to=2024,
        sex="male",
        value=None,
        is_suppressed=True,
        source="Undersøkelsen",
    )
    assert client_for(None).get(_api(world)).status_code == 404
    publish(world.municipality)
    listing = client_for(None).get(_api(world)).json()
    assert [i["name"] for i in listing] == ["Trygg"]
    assert listing[0]["neighbourhoods"] == ["nordby", "sentrum"] or set(listing[0]["neighbourhoods"]) == {
        "sentrum",
        "nordby",
    }
    values = client_for(None).get(_api(world, f"/{indicator.pk}/values?neighbourhood=sentrum")).json()
    assert values[0]["value"] == "61.5000" and values[0]["respondents"] == 40
    male = next(v for v in values if v["sex"] == "male")
    assert male == {**male, "value": None, "suppressed": True, "respondents": None}
    assert {i["name"] for i in client_for(world.users["coordinator"]).get(_api(world)).json()} == {"Trygg", "Intern"}


def test_hidden_indicator_is_not_found_for_the_public(world):
    publish(world.municipality)
    hidden = make_indicator(world.municipality, is_public=False)
    assert client_for(None).get(_api(world, f"/{hidden.pk}/values")).status_code == 404
    assert client_for(world.users["coordinator"]).get(_api(world, f"/{hidden.pk}/values")).status_code == 200


def test_other_municipality_indicator_is_not_found(world):
    publish(world.municipality)
    foreign = make_indicator(world.other_municipality)
    assert (
        client_for(world.users["other_municipality_admin"]).get(_api(world, f"/{foreign.pk}/values")).status_code == 404
    )
