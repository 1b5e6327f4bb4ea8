"""Services: framework, values and imports (bad input writes nothing), surveys, codes and aggregation."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sammen.core.models import AuditEntry
from sammen.core.testing import make_municipality, make_neighbourhood, row_fingerprint
from sammen.impact import services
from sammen.impact.models import (
    Answer,
    ImpactGoal,
    Indicator,
    IndicatorValue,
    Question,
    Response,
    Survey,
    SurveyCode,
    SurveyStatus,
)

from .factories import make_indicator, make_question, make_survey

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "fhi_extract_fjordvik.csv"
WATCHED = [IndicatorValue, Response, Answer, SurveyCode, Indicator, ImpactGoal, Question]


@pytest.fixture
def fjordvik(world):
    """A municipality named like the sample extract, with Borgen and Ullerål, and the world's admin granted there."""
    from sammen.accounts.models import Role
    from sammen.core.testing import grant

    municipality = make_municipality(slug="fjordvik", name="Fjordvik kommune", code="3999")
    make_neighbourhood(municipality, slug="borgen", name="Borgen")
    make_neighbourhood(municipality, slug="ulleral", name="Ullerål")
    grant(world.users["municipality_admin"], municipality, Role.MUNICIPALITY_ADMIN)
    return municipality


def _admin(world):
    from sammen.accounts.roles import forget_roles

    admin = world.users["municipality_admin"]
    forget_roles(admin)
    return admin


# Framework ----------------------------------------------------------------------------------------------------------


def test_coordinator_defines_goal_and_indicator_with_audit(world):
    coordinator = world.users["coordinator"]
    goal = services.goal_create(actor=coordinator, municipality=world.municipality, title="Trygge nabolag")
    indicator = services.indicator_create(
        actor=coordinator,
        municipality=world.municipality,
        neighbourhoods=[world.neighbourhood],
        goal=goal,
        name="Trygg om kvelden",
        definition="<b>Andel</b> som føler seg trygge.",
        unit="%",
        direction="up",
        source="Innbyggerundersøkelsen",
        target_value=Decimal("80"),
        target_year=2030,
    )
    assert indicator.definition == "Andel som føler seg trygge."
    assert list(indicator.neighbourhoods.all()) == [world.neighbourhood]
    assert AuditEntry.objects.filter(action="impact.indicator.create").count() == 1


def test_indicator_needs_target_year_with_target_and_own_neighbourhoods(world):
    admin = world.users["municipality_admin"]
    goal = services.goal_create(actor=admin, municipality=world.municipality, title="Mål")
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            actor=admin,
            municipality=world.municipality,
            goal=goal,
            name="X",
            definition="d",
            unit="%",
            direction="up",
            source="s",
            target_value=Decimal(5),
        )
    assert "target_year" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.indicator_create(
            actor=admin,
            municipality=world.municipality,
            neighbourhoods=[world.foreign_neighbourhood],
            goal=goal,
            name="Y",
            definition="d",
            unit="%",
            direction="up",
            source="s",
        )
    assert not Indicator.objects.exists()


def test_citizen_and_caseworker_cannot_change_the_framework(world):
    for role in ("citizen", "caseworker", "organisation_representative"):
        with pytest.raises(PermissionDenied):
            services.goal_create(actor=world.users[role], municipality=world.municipality, title="Nei")
    assert not ImpactGoal.objects.exists()


def test_goal_with_indicators_cannot_be_deleted(world):
    indicator = make_indicator(world.municipality)
    with pytest.raises(ValidationError):
        services.goal_delete(actor=world.users["municipality_admin"], goal=indicator.goal)
    assert ImpactGoal.objects.filter(pk=indicator.goal_id).exists()


# Values -------------------------------------------------------------------------------------------------------------


def test_manual_value_entry_replaces_the_same_cell(world):
    admin = world.users["municipality_admin"]
    indicator = make_indicator(world.municipality)
    services.value_save(
        actor=admin,
        indicator=indicator,
        neighbourhood=world.neighbourhood,
        year_from=2024,
        year_to=2024,
        value=Decimal("12.5"),
    )
    services.value_save(
        actor=admin,
        indicator=indicator,
        neighbourhood=world.neighbourhood,
        year_from=2024,
        year_to=2024,
        value=Decimal("13.5"),
    )
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("13.5")
    assert value.source == indicator.source
    assert value.origin == "manual"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"value": None}, "value"),
        ({"is_suppressed": True}, "value"),
        ({"year_to": 2099}, "year_to"),
        ({"respondents": 3}, "respondents"),
        ({"sex": "female"}, "sex"),
    ],
)
def test_manual_value_bad_input_writes_nothing(world, changes, field):
    indicator = make_indicator(world.municipality)
    arguments = {"neighbourhood": None, "year_from": 2024, "year_to": 2024, "value": Decimal(1), **changes}
    with pytest.raises(ValidationError) as error:
        services.value_save(actor=world.users["municipality_admin"], indicator=indicator, **arguments)
    assert field in error.value.message_dict
    assert not IndicatorValue.objects.exists()


def test_table_import_previews_then_writes_all_and_reimport_changes_nothing(world):
    admin = world.users["municipality_admin"]
    indicator = make_indicator(world.municipality, name="Trivsel")
    content = (
        "indicator;neighbourhood;year;value;source\n"
        "Trivsel;Sentrum;2023;61,5;Undersøkelse\n"
        "Trivsel;Sentrum;2024;63;Undersøkelse\n"
        "Trivsel;Hele kommunen;2024;66,2;Undersøkelse\n"
        "Trivsel;nordby;2019-2021;:;\n"
    ).encode()
    plan = services.table_import(actor=admin, municipality=world.municipality, content=content, filename="v.csv")
    assert plan.ok and len(plan.values) == 4
    assert not IndicatorValue.objects.exists()
    services.table_import(actor=admin, municipality=world.municipality, content=content, filename="v.csv", apply=True)
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 4
    municipal = IndicatorValue.objects.get(neighbourhood__isnull=True)
    assert municipal.value == Decimal("66.2")
    suppressed = IndicatorValue.objects.get(year_from=2019)
    assert suppressed.is_suppressed and suppressed.value is None and suppressed.year_to == 2021
    again = services.table_import(
        actor=admin, municipality=world.municipality, content=content, filename="v.csv", apply=True
    )
    assert again.replaced == 4
    assert IndicatorValue.objects.count() == 4


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Trivsel;Sentrum;2024;mye", "is not a number"),
        ("Trivsel;Atlantis;2024;5", "is not a neighbourhood"),
        ("Trivsel;Sentrum;2090;5", "outside"),
        ("Trivsel;Sentrum;tjue;5", "is not a year"),
        ("Ukjent;Sentrum;2024;5", "no indicator"),
        ("Trivsel;Sentrum;2023;5", "repeats row"),
    ],
)
def test_table_import_bad_rows_are_reported_and_nothing_is_written(world, row, message):
    make_indicator(world.municipality, name="Trivsel")
    content = f"indicator;neighbourhood;year;value\nTrivsel;Sentrum;2023;61\n{row}\n".encode()
    before = row_fingerprint(WATCHED)
    plan = services.table_import(
        actor=world.users["municipality_admin"],
        municipality=world.municipality,
        content=content,
        filename="v.csv",
        apply=True,
    )
    assert not plan.ok
    assert any(message in text and number == 3 for number, text in plan.problems), plan.problems
    assert row_fingerprint(WATCHED) == before


def test_table_import_reads_xlsx(world):
    from io import BytesIO

    from openpyxl import Workbook

    make_indicator(world.municipality, name="Trivsel")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Indicator", "Neighbourhood", "Year", "Value"])
    sheet.append(["Trivsel", "Sentrum", 2024, 61.5])
    out = BytesIO()
    workbook.save(out)
    plan = services.table_import(
        actor=world.users["municipality_admin"],
        municipality=world.municipality,
        content=out.getvalue(),
        filename="v.xlsx",
        apply=True,
    )
    assert plan.ok
    assert IndicatorValue.objects.get().value == Decimal("61.5")


def test_fhi_extract_keeps_suppression_and_never_writes_zero(world, fjordvik):
    admin = _admin(world)
    benefit = make_indicator(
        fjordvik, name="Uføretrygdede", source_code="Uføretrygdede 18-66 år", breakdown_by_sex=True, direction="down"
    )
    low_income = make_indicator(
        fjordvik, name="Lavinntekt", source_code="Barn i husholdninger med vedvarende lavinntekt", direction="down"
    )
    plan = services.fhi_import(
        actor=admin,
        municipality=fjordvik,
        content=SAMPLE.read_bytes(),
        filename=SAMPLE.name,
        measure_type="Andel (prosent)",
        apply=True,
    )
    assert plan.ok, plan.problems
    # 3 places × 5 years × 3 sexes, and 3 places × 5 periods less the one ".." cell.
    assert IndicatorValue.objects.filter(indicator=benefit).count() == 45
    assert IndicatorValue.objects.filter(indicator=low_income).count() == 14
    hidden = IndicatorValue.objects.filter(indicator=benefit, is_suppressed=True)
    assert hidden.count() == 2
    assert set(hidden.values_list("neighbourhood__name", "sex", "year_to")) == {
        ("Ullerål", "male", 2022),
        ("Ullerål", "male", 2024),
    }
    assert not hidden.exclude(value__isnull=True).exists()
    assert not IndicatorValue.objects.filter(value=0).exists()
    borgen = IndicatorValue.objects.get(indicator=benefit, neighbourhood__name="Borgen", year_to=2025, sex="all")
    assert borgen.value == Decimal("12.6") and borgen.source == "Test" and borgen.origin == "fhi"
    municipal = IndicatorValue.objects.get(indicator=low_income, neighbourhood__isnull=True, year_to=2025)
    assert (municipal.year_from, municipal.value) == (2023, Decimal("10.4"))
    # The counts ("Antall") were left out, as the preview said.
    assert len(plan.skipped) == 46


def test_fhi_extract_with_several_measure_types_asks_which(world, fjordvik):
    make_indicator(fjordvik, name="Uføretrygdede", source_code="Uføretrygdede 18-66 år", breakdown_by_sex=True)
    make_indicator(fjordvik, name="Lavinntekt", source_code="Barn i husholdninger med vedvarende lavinntekt")
    plan = services.fhi_import(
        actor=_admin(world), municipality=fjordvik, content=SAMPLE.read_bytes(), filename=SAMPLE.name, apply=True
    )
    assert not plan.ok
    assert "several measure types" in plan.problems[0][1]
    assert not IndicatorValue.objects.exists()


def test_fhi_extract_suppressed_cell_with_a_number_is_refused(world, fjordvik):
    indicator = make_indicator(fjordvik, name="Lavinntekt")
    content = (
        "Sted;År;Kjønn;Alder;Måltall;Verdi;Flagg\n"
        "Borgen;2024;Begge kjønn;0-17 år;Andel (prosent);12,0;\n"
        "Ullerål;2024;Begge kjønn;0-17 år;Andel (prosent);3,0;:\n"
    ).encode()
    plan = services.fhi_import(
        actor=_admin(world), municipality=fjordvik, content=content, filename="x.csv", indicator=indicator, apply=True
    )
    assert plan.problems == [(3, "The row is marked as suppressed but has a value.")]
    assert not IndicatorValue.objects.exists()


# Surveys ------------------------------------------------------------------------------------------------------------


def _open_survey(world, **fields):
    survey = services.survey_create(
        actor=world.users["coordinator"],
        municipality=world.municipality,
        title="Innbyggerundersøkelse",
        year=2025,
        neighbourhoods=[world.neighbourhood, world.other_neighbourhood],
        **fields,
    )
    return survey


def test_survey_starts_with_core_questions_and_the_creator_as_owner(world):
    survey = _open_survey(world)
    assert survey.questions.count() == 8
    assert set(survey.questions.values_list("tier", flat=True)) == {"core"}
    assert list(survey.owners.all()) == [world.users["coordinator"]]
    services.question_add_from_bank(actor=world.users["coordinator"], survey=survey, key="optional.active_days")
    with pytest.raises(ValidationError):
        services.question_add_from_bank(actor=world.users["coordinator"], survey=survey, key="optional.active_days")
    assert survey.questions.count() == 9


def test_own_question_is_translated_and_offered_again_from_the_bank(world):
    coordinator = world.users["coordinator"]
    survey = _open_survey(world, include_core=False)
    question = services.question_create(
        actor=coordinator,
        survey=survey,
        kind="single",
        text="Hvor handler du mat?",
        language="nb",
        options_text="Butikken\nPå nett\n",
    )
    assert [o["value"] for o in question.options] == ["butikken", "pa-nett"]
    services.question_translate(
        actor=coordinator,
        question=question,
        language="en",
        text="Where do you buy food?",
        option_labels={"butikken": "The shop", "pa-nett": "Online"},
    )
    question.refresh_from_db()
    assert question.text == {"nb": "Hvor handler du mat?", "en": "Where do you buy food?"}
    assert question.options[0]["label"] == {"nb": "Butikken", "en": "The shop"}
    later = services.survey_create(
        actor=coordinator,
        municipality=world.municipality,
        title="Neste år",
        year=2026 if False else 2024,
        neighbourhoods=[world.neighbourhood],
        include_core=False,
    )
    services.question_add_from_bank(actor=coordinator, survey=later, key=question.bank_key)
    assert later.questions.get().text["en"] == "Where do you buy food?"


def test_question_mapping_is_checked(world):
    survey = _open_survey(world)
    question = survey.questions.get(bank_key="core.lonely")
    indicator = make_indicator(world.municipality)
    with pytest.raises(ValidationError) as error:
        services.question_update(
            actor=world.users["coordinator"], question=question, indicator=indicator, share_options=["sometimes-never"]
        )
    assert "share_options" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.question_update(
            actor=world.users["coordinator"], question=question, indicator=indicator, aggregation="mean"
        )
    foreign = make_indicator(world.other_municipality)
    with pytest.raises(ValidationError):
        services.question_update(actor=world.users["coordinator"], question=question, indicator=foreign)
    services.question_update(actor=world.users["coordinator"], question=question, indicator=indicator)
    question.refresh_from_db()
    assert question.indicator == indicator


def test_only_owners_and_administrators_change_a_survey(world):
    from sammen.accounts.models import Role
    from sammen.core.testing import grant, make_user

    survey = _open_survey(world)
    other_coordinator = grant(make_user(), world.municipality, Role.COORDINATOR, world.other_neighbourhood)
    with pytest.raises(PermissionDenied):
        services.survey_set_status(actor=other_coordinator, survey=survey, status="open")
    services.survey_set_status(actor=world.users["municipality_admin"], survey=survey, status="open")


def _answers(survey, **by_key):
    return {q.pk: by_key[q.bank_key] for q in survey.questions.all() if q.bank_key in by_key}


def test_response_is_stored_without_anything_that_identifies_the_person(world):
    survey = _open_survey(world)
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    response = services.response_submit(
        survey=survey,
        answers=_answers(
            survey,
            **{"core.safe_evening": "4", "core.activities": ["sport", "culture"], "core.improve": "Flere benker"},
        ),
        neighbourhood=world.neighbourhood,
        sex="female",
        age_band="25-44",
    )
    assert response.channel == "link"
    assert {f.name for f in Response._meta.concrete_fields} == {
        "id",
        "municipality",
        "survey",
        "neighbourhood",
        "sex",
        "age_band",
        "channel",
        "language",
        "submitted_on",
    }
    assert sorted(Answer.objects.filter(response=response).values_list("option", flat=True)) == [
        "",
        "",
        "culture",
        "sport",
    ]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("core.safe_evening", "6", "from 1 to 5"),
        ("core.safe_evening", "0", "from 1 to 5"),
        ("core.safe_evening", "2.5", "from 1 to 5"),
        ("core.safe_evening", "svært", "from 1 to 5"),
        ("core.lonely", "always", "Choose among"),
        ("core.improve", "x" * 2001, "at most"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(world, key, value, message):
    survey = _open_survey(world)
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    question = survey.questions.get(bank_key=key)
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError) as error:
        services.response_submit(survey=survey, answers={question.pk: value}, neighbourhood=world.neighbourhood)
    assert message in error.value.message_dict[f"q{question.pk}"][0]
    assert row_fingerprint(WATCHED) == before


def test_number_question_rejects_text_and_out_of_range(world):
    survey = _open_survey(world)
    services.question_add_from_bank(actor=world.users["coordinator"], survey=survey, key="optional.active_days")
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    question = survey.questions.get(bank_key="optional.active_days")
    for value, message in (("sju", "Enter a number"), ("8", "from 0 to 7")):
        with pytest.raises(ValidationError) as error:
            services.response_submit(survey=survey, answers={question.pk: value}, neighbourhood=None)
        assert message in error.value.message_dict[f"q{question.pk}"][0]
    assert not Response.objects.exists()


def test_closed_or_draft_survey_takes_no_answers(world):
    survey = _open_survey(world)
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, answers={}, neighbourhood=None)
    assert not Response.objects.exists()


def test_paper_code_answers_once_and_is_not_linked_to_the_answer(world):
    survey = _open_survey(world, allow_open_link=False)
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    codes = services.codes_generate(actor=world.users["coordinator"], survey=survey, count=3, batch_label="9B")
    code = codes[0].code
    assert services.code_check(municipality=world.municipality, code=code.lower()) == survey
    answers = _answers(survey, **{"core.safe_evening": "5"})
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, answers=answers, neighbourhood=world.neighbourhood)  # no open link
    response = services.response_submit(survey=survey, answers=answers, neighbourhood=world.neighbourhood, code=code)
    assert response.channel == "code"
    assert SurveyCode.objects.get(code=code).is_used
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError) as error:
        services.response_submit(survey=survey, answers=answers, neighbourhood=world.neighbourhood, code=code)
    assert "already been used" in error.value.message_dict["code"][0]
    with pytest.raises(ValidationError):
        services.code_check(municipality=world.municipality, code=code)
    with pytest.raises(ValidationError):
        services.code_check(municipality=world.other_municipality, code=codes[1].code)
    assert row_fingerprint(WATCHED) == before
    # Nothing on the code points at the response, and nothing on the response at the code.
    assert {f.name for f in SurveyCode._meta.concrete_fields} == {"id", "survey", "code", "batch_label", "is_used"}


def test_aggregation_makes_indicator_values_and_hides_small_groups(world):
    coordinator = world.users["coordinator"]
    survey = _open_survey(world)
    indicator = make_indicator(world.municipality, name="Trygg", breakdown_by_sex=True)
    question = survey.questions.get(bank_key="core.safe_evening")
    services.question_update(actor=coordinator, question=question, indicator=indicator)
    services.survey_set_status(actor=coordinator, survey=survey, status="open")
    # Sentrum: 6 women (4 feel safe) and 2 men; Nordby: 7 women, 5 men.
    plan = [(world.neighbourhood, "female", "5")] * 4 + [(world.neighbourhood, "female", "2")] * 2
    plan += [(world.neighbourhood, "male", "4")] * 2
    plan += [(world.other_neighbourhood, "female", "1")] * 7 + [(world.other_neighbourhood, "male", "5")] * 5
    for neighbourhood, sex, value in plan:
        services.response_submit(survey=survey, answers={question.pk: value}, neighbourhood=neighbourhood, sex=sex)
    assert services.survey_aggregate(actor=coordinator, survey=survey) > 0

    def cell(neighbourhood, sex):
        return IndicatorValue.objects.get(indicator=indicator, neighbourhood=neighbourhood, sex=sex, year_to=2025)

    assert cell(world.neighbourhood, "all").value == Decimal("75.0000")  # 6 of 8
    assert cell(world.neighbourhood, "all").respondents == 8
    assert cell(None, "all").value == Decimal("55.0000")  # 11 of 20
    # Two men in Sentrum are hidden; women in Sentrum must be hidden too, or 8 − 6 would reveal the men.
    assert cell(world.neighbourhood, "male").is_suppressed
    assert cell(world.neighbourhood, "male").respondents is None
    assert cell(world.neighbourhood, "female").is_suppressed
    # Men across the municipality (7) are shown; so Nordby's men (5) must not let Sentrum's 2 be derived: both hidden.
    assert cell(None, "male").is_suppressed or cell(world.other_neighbourhood, "male").is_suppressed
    assert cell(world.other_neighbourhood, "female").value == Decimal("0.0000")


def test_raising_the_threshold_re_aggregates(world):
    coordinator = world.users["coordinator"]
    survey = _open_survey(world)
    indicator = make_indicator(world.municipality)
    question = survey.questions.get(bank_key="core.safe_evening")
    services.question_update(actor=coordinator, question=question, indicator=indicator)
    services.survey_set_status(actor=coordinator, survey=survey, status="open")
    for _ in range(6):
        services.response_submit(survey=survey, answers={question.pk: "5"}, neighbourhood=world.neighbourhood)
    for _ in range(9):
        services.response_submit(survey=survey, answers={question.pk: "5"}, neighbourhood=world.other_neighbourhood)
    services.survey_set_status(actor=coordinator, survey=survey, status="closed")  # closing aggregates
    assert not IndicatorValue.objects.get(neighbourhood=world.neighbourhood).is_suppressed
    services.settings_update(actor=world.users["municipality_admin"], municipality=world.municipality, min_group_size=7)
    assert IndicatorValue.objects.get(neighbourhood=world.neighbourhood).is_suppressed
    assert IndicatorValue.objects.get(neighbourhood=world.other_neighbourhood).is_suppressed  # 15 − 9 = 6 < 7
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.CLOSED


def test_free_text_export_for_owners_only(world):
    from sammen.impact import integration

    survey = _open_survey(world)
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    services.response_submit(
        survey=survey,
        answers=_answers(survey, **{"core.improve": "En benk ved fjorden"}),
        neighbourhood=world.neighbourhood,
    )
    records = integration.survey_free_text_export(actor=world.users["coordinator"], survey=survey)
    assert [(r["text"], r["neighbourhood"], r["channel"]) for r in records] == [
        ("En benk ved fjorden", "sentrum", "survey")
    ]
    assert records[0]["external_id"].startswith(f"impact-survey-{survey.pk}-answer-")
    with pytest.raises(PermissionDenied):
        integration.survey_free_text_export(actor=world.users["municipality_admin"], survey=survey)
    assert "external_id,text,channel" in integration.free_text_csv(records)


def test_question_with_answers_cannot_change_what_it_asks(world):
    survey = _open_survey(world)
    question = survey.questions.get(bank_key="core.safe_evening")
    services.survey_set_status(actor=world.users["coordinator"], survey=survey, status="open")
    services.response_submit(survey=survey, answers={question.pk: "3"}, neighbourhood=None)
    with pytest.raises(ValidationError):
        services.question_update(actor=world.users["coordinator"], question=question, scale_points=7)
    with pytest.raises(ValidationError):
        services.question_delete(actor=world.users["coordinator"], question=question)
    assert Question.objects.get(pk=question.pk).scale_points == 5


def test_make_question_factory_is_usable(world):
    survey = make_survey(world.municipality)
    assert make_question(survey).survey == survey


def test_table_import_hides_small_groups_and_what_subtracts_to_them(world):
    make_indicator(world.municipality, name="Trivsel")
    content = (
        b"indicator;neighbourhood;year;value;respondents\n"
        b"Trivsel;Hele kommunen;2024;70;26\n"
        b"Trivsel;Sentrum;2024;33,3;3\n"
        b"Trivsel;Nordby;2024;74;23\n"
        b"Trivsel;Sentrum;2023;61;40\n"
    )
    plan = services.table_import(
        actor=world.users["municipality_admin"],
        municipality=world.municipality,
        content=content,
        filename="v.csv",
        apply=True,
    )
    assert plan.ok and plan.protected == 2
    cells = {(v.neighbourhood_id, v.year_to): v for v in IndicatorValue.objects.all()}
    assert cells[(world.neighbourhood.pk, 2024)].is_suppressed and cells[(world.neighbourhood.pk, 2024)].value is None
    # 26 − 23 would give Sentrum's 3 back, so Nordby is hidden too; the municipality stays.
    assert cells[(world.other_neighbourhood.pk, 2024)].is_suppressed
    assert cells[(world.other_neighbourhood.pk, 2024)].respondents is None
    assert cells[(None, 2024)].value == Decimal("70")
    assert cells[(world.neighbourhood.pk, 2023)].value == Decimal("61")
