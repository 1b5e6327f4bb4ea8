"""Small groups stay hidden, also against a differencing attack on what the API publishes."""

import random
from decimal import Decimal

import pytest
from django.test import Client

from sammen.impact import services
from sammen.impact.models import Answer, Response
from sammen.impact.suppression import Group, disclosed_groups, suppress

from .factories import make_indicator, make_question, make_survey, publish


def test_primary_suppression_hides_small_cells():
    counts = {"all": 12, "a": 3, "b": 9}
    hidden = suppress(counts, [Group("all", ("a", "b"))], k=5)
    # a alone would be revealed as 12 − 9, so b goes too.
    assert hidden == {"a", "b"}


def test_two_small_hidden_cells_that_add_up_to_a_small_group_pull_in_a_third():
    counts = {"all": 30, "a": 1, "b": 2, "c": 7, "d": 20}
    hidden = suppress(counts, [Group("all", ("a", "b", "c", "d"))], k=5)
    assert hidden == {"a", "b", "c"}
    assert disclosed_groups(counts, [Group("all", ("a", "b", "c", "d"))], hidden, 5) == []


def test_a_never_shown_remainder_counts_as_hidden():
    counts = {"all": 20, "women": 10, "men": 8, "rest": 2}
    group = Group("all", ("women", "men", "rest"))
    hidden = suppress(counts, [group], k=5, never_shown=["rest"])
    assert "men" in hidden and "women" not in hidden
    assert disclosed_groups(counts, [group], hidden, 5) == []


def test_when_no_child_is_left_the_parent_is_hidden():
    counts = {"top": 9, "mid": 4, "outside": 5, "a": 4}
    groups = [Group("top", ("mid", "outside")), Group("mid", ("a",))]
    hidden = suppress(counts, groups, k=5, never_shown=["outside"])
    assert {"mid", "outside"} <= hidden
    assert disclosed_groups(counts, groups, hidden, 5) == []


def test_random_tables_leave_nothing_to_subtract():
    rng = random.Random(11)
    for _ in range(500):
        children = [f"c{i}" for i in range(rng.randint(2, 6))]
        counts = {c: rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15]) for c in children}
        counts["all"] = sum(counts.values())
        groups = [Group("all", tuple(children))]
        hidden = suppress(counts, groups, k=5)
        assert disclosed_groups(counts, groups, hidden, 5) == []
        assert all(c in hidden for c in children if 0 < counts[c] < 5)


@pytest.mark.django_db
def test_differencing_attack_on_the_public_api_finds_no_small_group(world):
    """Publish survey aggregates built from random answers; an attacker subtracts every shown cell from its parent."""
    municipality = world.municipality
    publish(municipality)
    third = world.other_neighbourhood.__class__.objects.create(municipality=municipality, slug="vestby", name="Vestby")
    places = [world.neighbourhood, world.other_neighbourhood, third]
    rng = random.Random(5)
    for trial in range(6):
        indicator = make_indicator(municipality, breakdown_by_sex=True, breakdown_by_age=True, name=f"Trial {trial}")
        survey = make_survey(municipality, neighbourhoods=places, status="open", year=2025)
        question = make_question(survey, indicator=indicator)
        for _ in range(rng.randint(15, 45)):
            response = Response.objects.create(
                municipality=municipality,
                survey=survey,
                neighbourhood=rng.choice([*places, None]),
                sex=rng.choice(["female", "male", "female", "male", "other", ""]),
                age_band=rng.choice(["16-24", "25-44", "45-66", "67+", ""]),
                channel="link",
                language="nb",
            )
            Answer.objects.create(response=response, question=question, number=Decimal(rng.randint(1, 5)))
        services.survey_aggregate(actor=None, survey=survey)

        data = (
            Client().get(f"/api/v1/impact/municipalities/{municipality.slug}/indicators/{indicator.pk}/values").json()
        )
        shown = {(v["neighbourhood"], v["sex"], v["age_band"]): v["respondents"] for v in data if not v["suppressed"]}
        assert all(v["value"] is None and v["respondents"] is None for v in data if v["suppressed"])
        k = 5
        slugs = [p.slug for p in places]
        # Within a place: everyone − shown women − shown men; everyone − shown age bands.
        for place in [*slugs, None]:
            total = shown.get((place, "all", ""))
            if total is None:
                continue
            for partition in (
                [(place, s, "") for s in ("female", "male")],
                [(place, "all", band) for band in ("16-24", "25-44", "45-66", "67+")],
            ):
                rest = total - sum(shown.get(cell, 0) for cell in partition)
                assert rest == 0 or rest >= k, (trial, place, partition, rest)
        # Across places: the municipality − every shown neighbourhood, for each column.
        for column in [
            ("all", ""),
            ("female", ""),
            ("male", ""),
            *(("all", b) for b in ("16-24", "25-44", "45-66", "67+")),
        ]:
            total = shown.get((None, *column))
            if total is None:
                continue
            rest = total - sum(shown.get((slug, *column), 0) for slug in slugs)
            assert rest == 0 or rest >= k, (trial, column, rest)
        # And no shown cell is itself small.
        assert all(n >= k for n in shown.values())
