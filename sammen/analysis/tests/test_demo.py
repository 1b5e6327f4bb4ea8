"""The demo: the Borgen process has stored features and one finished run of each kind."""

import pytest
from django.core.management import call_command

from sammen.accounts.models import User
from sammen.core.testing import client_for
from sammen.participation.models import Input, Process

from ..models import AnalysisRun, FocusAreaSuggestion, InputFeatures, RunKind, RunStatus

pytestmark = pytest.mark.django_db


def test_the_demo_borgen_process_is_analysed_and_shows_on_the_pages():
    call_command("demo_setup", quiet_users=True)
    call_command("demo_setup", quiet_users=True)  # idempotent: no second run of any kind
    process = Process.objects.get(slug="veikart-borgen")
    runs = AnalysisRun.objects.filter(process=process)
    assert sorted(runs.values_list("kind", "status")) == sorted((kind, RunStatus.DONE) for kind in RunKind.values)
    published = Input.objects.filter(process=process, status="published").count()
    assert InputFeatures.objects.filter(input__process=process).count() >= published
    suggestions = FocusAreaSuggestion.objects.filter(run__process=process)
    assert suggestions.count() == Input.objects.filter(process=process, channel="social_media").count() > 0
    coordinator = User.objects.get(email="koordinator.borgen@fjordvik.example")
    client = client_for(coordinator)
    for path in ("", "review/", "duplicates/"):
        response = client.get(f"/fjordvik/staff/analysis/veikart-borgen/{path}")
        assert response.status_code == 200
        assert "Run again" in response.content.decode() or "Kjør på nytt" in response.content.decode()
