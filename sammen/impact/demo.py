"""Demo: Fjordvik's impact goals (after the idea of Gladsaxe's Social Balance, in our own words), indicators with five
years of values for Borgen, Ullerål and the municipality, and a resident survey with answers.

Values come in the way a coordinator would bring them: the FHI-style extract in samples/ and a value table through
the import services, and the survey's answers through the same service residents use.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from sammen.core.demo import DemoContext

from . import services
from .models import ImpactGoal, ImpactSettings, Indicator, IndicatorValue, Question, Survey, SurveyStatus

SAMPLE = Path(__file__).parent / "samples" / "fhi_extract_fjordvik.csv"

GOALS = [
    (
        "Flere i arbeid, utdanning og trygg økonomi",
        "Færre skal stå utenfor arbeidslivet, flere unge skal fullføre skolen, og færre barn skal vokse opp med "
        "lite penger. Vi følger nabolagene opp mot snittet for hele kommunen.",
    ),
    (
        "Trygge og attraktive nabolag",
        "Nabolaget skal være et sted folk vil bo, føler seg trygge og er stolte av – også sett utenfra.",
    ),
    (
        "Fellesskap og deltakelse",
        "Flere skal kjenne naboene sine, være med på noe og kunne påvirke det som skjer der de bor.",
    ),
]

# name, goal index, definition, unit, direction, theme, source, source code, baseline, target, sex, age, decimals
INDICATORS = [
    (
        "Uføretrygdede 18–66 år",
        0,
        "Andel av befolkningen 18–66 år som mottar uføretrygd.",
        "%",
        "down",
        "living_conditions",
        "FHI, Kommunehelsa statistikkbank",
        "Uføretrygdede 18-66 år",
        (2021, "14.2"),
        (2030, "11.0"),
        True,
        False,
        1,
    ),
    (
        "Barn i lavinntektshusholdninger",
        0,
        "Andel barn 0–17 år i husholdninger med vedvarende lavinntekt (treårssnitt).",
        "%",
        "down",
        "living_conditions",
        "FHI, Kommunehelsa statistikkbank",
        "Barn i husholdninger med vedvarende lavinntekt",
        (2021, "21.0"),
        (2030, "15.0"),
        False,
        False,
        1,
    ),
    (
        "Fullført videregående opplæring",
        0,
        "Andel elever som har fullført og bestått videregående innen fem år.",
        "%",
        "up",
        "living_conditions",
        "SSB og fylkeskommunen",
        "",
        (2021, "74.0"),
        (2030, "85.0"),
        False,
        False,
        1,
    ),
    (
        "Trygg i nabolaget om kvelden",
        1,
        "Andel som svarer 4 eller 5 på at de føler seg trygge ute i nabolaget om kvelden.",
        "%",
        "up",
        "environment",
        "Innbyggerundersøkelsen",
        "",
        None,
        (2030, "80.0"),
        True,
        True,
        0,
    ),
    (
        "Nabolaget er et godt sted å bo",
        1,
        "Andel som svarer 4 eller 5 på at nabolaget er et godt sted å bo.",
        "%",
        "up",
        "environment",
        "Innbyggerundersøkelsen",
        "",
        None,
        (2030, "85.0"),
        False,
        False,
        0,
    ),
    (
        "Ofte ensom",
        2,
        "Andel som føler seg ensomme ofte eller svært ofte.",
        "%",
        "down",
        "health",
        "Innbyggerundersøkelsen",
        "",
        None,
        (2030, "10.0"),
        True,
        True,
        0,
    ),
    (
        "Deltar i aktiviteter i nabolaget",
        2,
        "Andel som har vært med på idrett, kultur, frivillig arbeid eller en møteplass i nabolaget det siste året.",
        "%",
        "up",
        "behaviour",
        "Innbyggerundersøkelsen",
        "",
        None,
        (2030, "60.0"),
        False,
        False,
        0,
    ),
    (
        "Kjenner naboer å spørre om hjelp",
        2,
        "Andel som svarer 4 eller 5 på at de kjenner naboer de kan be om hjelp.",
        "%",
        "up",
        "environment",
        "Innbyggerundersøkelsen",
        "",
        None,
        (2030, "70.0"),
        False,
        False,
        0,
    ),
    (
        "Kan påvirke nabolaget",
        2,
        "Andel som svarer 4 eller 5 på at de kan påvirke det som skjer i nabolaget.",
        "%",
        "up",
        "environment",
        "Innbyggerundersøkelsen",
        "",
        None,
        (2030, "50.0"),
        False,
        False,
        0,
    ),
]

# Earlier years of the survey indicators (from earlier paper surveys), per place: five years before this one.
HISTORY: dict[str, dict[str, list[float]]] = {
    "Fullført videregående opplæring": {
        "Borgen": [74.0, 75.5, 76.1, 77.8, 78.4],
        "Ullerål": [81.0, 80.2, 79.5, 80.1, 79.0],
        "": [80.2, 80.9, 81.4, 82.0, 82.3],
    },
    "Trygg i nabolaget om kvelden": {
        "Borgen": [58, 60, 61, 64, 66],
        "Ullerål": [74, 73, 75, 74, 73],
        "": [72, 72, 73, 74, 74],
    },
    "Nabolaget er et godt sted å bo": {
        "Borgen": [66, 67, 70, 71, 73],
        "Ullerål": [80, 79, 80, 78, 78],
        "": [79, 79, 80, 80, 81],
    },
    "Ofte ensom": {"Borgen": [19, 18, 18, 16, 15], "Ullerål": [17, 18, 19, 19, 20], "": [14, 14, 15, 14, 14]},
    "Deltar i aktiviteter i nabolaget": {
        "Borgen": [38, 41, 44, 47, 51],
        "Ullerål": [45, 44, 44, 43, 42],
        "": [48, 48, 49, 50, 50],
    },
    "Kjenner naboer å spørre om hjelp": {
        "Borgen": [44, 46, 49, 52, 55],
        "Ullerål": [58, 57, 57, 56, 55],
        "": [57, 57, 58, 58, 59],
    },
    "Kan påvirke nabolaget": {
        "Borgen": [22, 25, 29, 31, 35],
        "Ullerål": [27, 27, 26, 27, 26],
        "": [28, 29, 29, 30, 31],
    },
}

SURVEY_MAPPING = {
    "core.safe_evening": "Trygg i nabolaget om kvelden",
    "core.good_place": "Nabolaget er et godt sted å bo",
    "core.lonely": "Ofte ensom",
    "core.activities": "Deltar i aktiviteter i nabolaget",
    "core.know_neighbours": "Kjenner naboer å spørre om hjelp",
    "core.influence": "Kan påvirke nabolaget",
}
OPTIONAL = ["optional.active_days", "optional.recommend", "optional.green", "optional.stay"]
FREE_TEXT = [
    "Flere benker og lys langs turstien ned mot fjorden.",
    "En kafé der folk kan stikke innom uten å avtale noe.",
    "Mer for ungdom på kveldstid, særlig i helgene.",
    "Bedre vedlikehold av lekeplassen ved blokkene.",
    "Fellesmiddager der nye og gamle naboer blir kjent.",
    "At bussen går oftere om kvelden.",
    "Trygge skoleveier, det kjøres for fort i Borgenveien.",
    "Flere gratis aktiviteter for barnefamilier.",
]


def _table_csv(this_year: int) -> bytes:
    years = list(range(this_year - 5, this_year))
    lines = ["indicator;neighbourhood;year;value;respondents;source"]
    for name, places in HISTORY.items():
        source = "SSB og fylkeskommunen" if name.startswith("Fullført") else "Innbyggerundersøkelsen (papir)"
        for place, values in places.items():
            for year, value in zip(years, values, strict=True):
                n = "" if name.startswith("Fullført") else ("140" if place == "Borgen" else "95" if place else "610")
                lines.append(f"{name};{place or 'Hele kommunen'};{year};{str(value).replace('.', ',')};{n};{source}")
    return ("\n".join(lines) + "\n").encode()


# Per question and place: the chance of an answer that counts (4 or 5 on a scale; "often" for loneliness; taking part).
LIKELY = {
    "core.safe_evening": {"Borgen": 0.68, "Ullerål": 0.72},
    "core.good_place": {"Borgen": 0.75, "Ullerål": 0.76},
    "core.know_neighbours": {"Borgen": 0.58, "Ullerål": 0.53},
    "core.influence": {"Borgen": 0.38, "Ullerål": 0.25},
    "core.lonely": {"Borgen": 0.14, "Ullerål": 0.22},
    "core.activities": {"Borgen": 0.54, "Ullerål": 0.40},
}
SINGLE_WEIGHTS = {
    "core.health": [3, 5, 3, 1.2, 0.4],
    "optional.main_activity": [5, 2, 0.8, 2, 1, 0.4],
    "optional.stay": [6, 1.5, 2],
}


def _answers(rng: random.Random, survey: Survey, place: str) -> dict[int, object]:
    answers: dict[int, object] = {}
    for question in survey.questions.all():
        chance = LIKELY.get(question.bank_key, {}).get(place, 0.62)
        if question.kind == "likert":
            high = rng.random() < chance
            answers[question.pk] = str(rng.choice([4, 4, 5]) if high else rng.choice([1, 2, 3, 3]))
        elif question.bank_key == "core.lonely":
            values = question.option_values()
            answers[question.pk] = rng.choice(values[3:]) if rng.random() < chance else rng.choice(values[:3])
        elif question.kind == "single":
            answers[question.pk] = rng.choices(question.option_values(), SINGLE_WEIGHTS.get(question.bank_key))[0]
        elif question.kind == "multiple":
            each = 1 - (1 - chance) ** 0.25
            chosen = [v for v in question.option_values()[:-1] if rng.random() < each]
            answers[question.pk] = chosen or ["none"]
        elif question.kind == "number":
            answers[question.pk] = str(rng.choice([0, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7]))
        elif question.kind == "text" and rng.random() < 0.3:
            answers[question.pk] = rng.choice(FREE_TEXT)
    return answers


def load(ctx: DemoContext) -> None:
    fjordvik = ctx.municipalities["fjordvik"]
    borgen, ullereal = ctx.neighbourhoods["borgen"], ctx.neighbourhoods["ullereal"]
    admin = ctx.users["municipality_admin"]
    coordinator = ctx.users["coordinator_borgen"]
    this_year = timezone.localdate().year
    ImpactSettings.objects.update_or_create(municipality=fjordvik, defaults={"is_dashboard_public": True})

    goals = []
    for order, (title, description) in enumerate(GOALS, start=1):
        goal, _created = ImpactGoal.objects.update_or_create(
            municipality=fjordvik, title=title, defaults={"description": description, "order": order}
        )
        goals.append(goal)
    indicators = {}
    for order, row in enumerate(INDICATORS, start=1):
        name, goal_i, definition, unit, direction, theme, source, code, baseline, target, by_sex, by_age, decimals = row
        indicator, _created = Indicator.objects.update_or_create(
            municipality=fjordvik,
            name=name,
            defaults={
                "goal": goals[goal_i],
                "definition": definition,
                "unit": unit,
                "direction": direction,
                "theme": theme,
                "source": source,
                "source_code": code,
                "baseline_year": baseline[0] if baseline else None,
                "baseline_value": Decimal(baseline[1]) if baseline else None,
                "target_year": target[0],
                "target_value": Decimal(target[1]),
                "breakdown_by_sex": by_sex,
                "breakdown_by_age": by_age,
                "decimals": decimals,
                "order": order,
            },
        )
        indicator.neighbourhoods.set([borgen, ullereal])
        indicators[name] = indicator
        ctx.objects[f"indicator:{name}"] = indicator

    if not IndicatorValue.objects.filter(municipality=fjordvik).exclude(origin="survey").exists():
        plan = services.fhi_import(
            actor=admin,
            municipality=fjordvik,
            content=SAMPLE.read_bytes(),
            filename=SAMPLE.name,
            measure_type="Andel (prosent)",
            source="FHI, Kommunehelsa statistikkbank",
            apply=True,
        )
        assert plan.ok, plan.problems
        plan = services.table_import(
            actor=admin,
            municipality=fjordvik,
            content=_table_csv(this_year),
            filename="tidligere-undersokelser.csv",
            apply=True,
        )
        assert plan.ok, plan.problems

    title = "Innbyggerundersøkelsen i Borgen og Ullerål"
    survey = Survey.objects.filter(municipality=fjordvik, title=title, year=this_year).first()
    if survey is None:
        survey = services.survey_create(
            actor=coordinator,
            municipality=fjordvik,
            title=title,
            year=this_year,
            neighbourhoods=[borgen, ullereal],
            intro=(
                "Hvordan er det å bo i nabolaget ditt? Svarene dine er anonyme og hjelper kommunen, lagene og "
                "naboene med å se om det vi gjør sammen virker. Det tar fem minutter."
            ),
        )
        for key in OPTIONAL:
            services.question_add_from_bank(actor=coordinator, survey=survey, key=key)
        for key, indicator_name in SURVEY_MAPPING.items():
            question = Question.objects.get(survey=survey, bank_key=key)
            services.question_update(actor=coordinator, question=question, indicator=indicators[indicator_name])
        survey.owners.add(admin)
    ctx.objects["survey:resident"] = survey
    if not survey.responses.exists():
        rng = random.Random(2026)
        services.survey_set_status(actor=coordinator, survey=survey, status=SurveyStatus.OPEN)
        plan_of_people = [("Borgen", borgen, 92), ("Ullerål", ullereal, 58), ("", None, 12)]
        for place, neighbourhood, count in plan_of_people:
            for i in range(count):
                # Few men answered in Ullerål: their group stays hidden on the dashboard.
                if place == "Ullerål":
                    sex = "male" if i < 3 else ("female" if i % 5 else "other")
                else:
                    sex = rng.choice(["female", "male", "female", "male", "other"])
                services.response_submit(
                    survey=survey,
                    answers=_answers(rng, survey, place),
                    neighbourhood=neighbourhood,
                    sex=sex,
                    age_band=rng.choice(["16-24", "25-44", "25-44", "45-66", "67+"]),
                    language="nb",
                )
        services.codes_generate(
            actor=coordinator, survey=survey, count=20, batch_label="Dialogmiddag, Borgen nærmiljøsenter"
        )
        services.survey_aggregate(actor=coordinator, survey=survey)
