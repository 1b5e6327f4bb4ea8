import io

import pytest
from django.core.management import call_command

from sammen.participation.models import Input, InputStatus
from sammen.roadmap.models import InputFate, Measure, MeasureActor, Roadmap

pytestmark = pytest.mark.django_db


def test_the_borgen_demo_has_a_roadmap_with_measures_actors_and_fates():
    call_command("demo_setup", quiet_users=True, stdout=io.StringIO())
    roadmap = Roadmap.objects.get(process__slug="veikart-borgen")
    assert roadmap.main_goal == "Et aktivt, åpent og inkluderende lokalsamfunn"
    process = roadmap.process
    assert process.focus_areas.count() == 4
    measures = Measure.objects.filter(process=process)
    assert measures.count() >= 20
    assert not measures.filter(actors__isnull=True).exists()
    assert MeasureActor.objects.filter(measure__process=process).count() >= 30
    assert all(m.inputs.exists() for m in measures)
    published = Input.objects.filter(process=process, status=InputStatus.PUBLISHED).count()
    fated = InputFate.objects.filter(input__process=process).count()
    assert fated > published * 0.75
    assert InputFate.objects.filter(input__process=process, state="in_measure").count() > 100
    # Idempotent: loading again changes nothing.
    call_command("demo_setup", quiet_users=True, stdout=io.StringIO())
    assert Measure.objects.filter(process=process).count() == measures.count()
