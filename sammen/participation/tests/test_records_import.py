"""Records another module hands over (impact's survey free text) become inputs: idempotent, all or nothing, and
awaiting moderation; and the headline summary impact's public health report asks for (decision 0706)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sammen.participation import selectors, services
from sammen.participation.models import Channel, ImportBatch, Input, InputStatus, Phase

from .factories import make_engagement, make_input, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _records():
    return [
        {
            "external_id": "impact-survey-1-answer-1",
            "text": "Benker langs fjorden",
            "channel": "survey",
            "engagement_kind": "survey",
            "date": "2025-03-02",
            "language": "nb",
            "neighbourhood": "sentrum",
            "tags": "core.improve",
            "source": "Resident survey: Si din mening – What should be better?",
        },
        {
            "external_id": "impact-survey-1-answer-2",
            "text": "More light in the underpass",
            "channel": "survey",
            "engagement_kind": "survey",
            "date": "2025-03-03",
            "language": "en",
            "neighbourhood": "",
            "tags": "",
            "source": "Resident survey: Si din mening – What should be better?",
        },
    ]


def test_records_become_inputs_awaiting_moderation(world):
    process = make_process(world.municipality, world.neighbourhood)
    created = services.input_import_records(actor=world.users["coordinator"], process=process, records=_records())
    assert created == 2
    first = Input.objects.get(import_key="id:impact-survey-1-answer-1")
    assert first.text == "Benker langs fjorden" and first.channel == Channel.SURVEY
    assert first.received_on == datetime.date(2025, 3, 2) and first.language == "nb"
    assert [t.name for t in first.tags.all()] == ["core.improve"]
    assert first.status == InputStatus.PENDING and first.author is None
    assert first.entered_by == world.users["coordinator"]
    batch = ImportBatch.objects.get()
    assert batch.filename == "Resident survey: Si din mening – What should be better?" and batch.rows_created == 2


def test_importing_the_same_records_twice_creates_no_duplicates(world):
    process = make_process(world.municipality, world.neighbourhood)
    actor = world.users["coordinator"]
    services.input_import_records(actor=actor, process=process, records=_records())
    assert services.input_import_records(actor=actor, process=process, records=_records()) == 0
    more = [*_records(), {**_records()[0], "external_id": "impact-survey-1-answer-3", "text": "Et bibliotek"}]
    assert services.input_import_records(actor=actor, process=process, records=more) == 1
    assert Input.objects.filter(process=process).count() == 3


def test_one_bad_record_imports_nothing_and_says_which(world):
    process = make_process(world.municipality, world.neighbourhood)
    records = _records()
    records[1] = {**records[1], "text": "", "date": "yesterday"}
    with pytest.raises(ValidationError) as error:
        services.input_import_records(actor=world.users["coordinator"], process=process, records=records)
    assert error.value.messages[0].startswith("Record 2: The text is empty.")
    assert "“yesterday” is not a date" in error.value.messages[0]
    assert error.value.messages[-1] == "Nothing was imported."
    assert not Input.objects.exists() and not ImportBatch.objects.exists()
    with pytest.raises(ValidationError, match="Record 1 is not a set of named values"):
        services.input_import_records(actor=world.users["coordinator"], process=process, records=["text"])


def test_only_those_who_run_the_process_may_import(world):
    process = make_process(world.municipality, world.neighbourhood)
    with pytest.raises(PermissionDenied):
        services.input_import_records(actor=world.users["citizen"], process=process, records=_records())
    assert not Input.objects.exists()


def test_report_summary_says_what_was_done_with_whom_and_what_changed(world):
    process = make_process(world.municipality, world.neighbourhood, title="Samskaping i Sentrum", areas=2)
    make_engagement(process, kind="dialogue_dinner", participants_min=8, participants_max=8)
    make_engagement(process, kind="workshop", participants_min=12, participants_max=12, reach=300)
    area = process.focus_areas.get(key="omrade-1")
    make_input(process, focus_areas=[area])
    make_input(process, focus_areas=[area])
    Phase.objects.filter(process=process, kind="knowledge_base").update(end_date=datetime.date(2024, 12, 31))
    make_process(world.municipality, world.other_neighbourhood, title="Nordby")  # another neighbourhood
    make_process(world.municipality, world.neighbourhood, title="Utkast", published=False)  # not public yet
    summary = selectors.process_report_summary(municipality=world.municipality, neighbourhood=world.neighbourhood)
    assert summary["Co-creation processes"] == "Samskaping i Sentrum (now: Knowledge base)"
    assert summary["What was done"] == "2 engagements: 1 × Workshop, 1 × Dialogue dinner"
    assert summary["With whom"].startswith("20 participants")
    assert summary["Reached by information"] == "300"
    assert summary["What residents said"] == "2 inputs; most about: Område 1 (2)"
    assert summary["What changed"] == "Phases completed: Knowledge base."
    empty = selectors.process_report_summary(municipality=world.municipality, neighbourhood=world.foreign_neighbourhood)
    assert empty == {}
