"""Staff add files and pictures to an engagement (a workshop's report, photos of its posters)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sammen.core.testing import client_for
from sammen.participation.models import EngagementAttachment

from .factories import make_engagement, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _add_url(engagement):
    return reverse(
        "participation_staff:engagement_attachment_add",
        kwargs={
            "municipality_slug": "testvik",
            "process_slug": engagement.process.slug,
            "engagement_id": engagement.pk,
        },
    )


def test_staff_add_a_report_and_bad_files_are_refused_with_a_message(world):
    engagement = make_engagement(make_process(world.municipality, world.neighbourhood, slug="borgen"))
    client = client_for(world.users["coordinator"], language="nb")
    report = SimpleUploadedFile("referat.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = client.post(_add_url(engagement), {"file": report, "title": "Referat fra verkstedet"}, follow=True)
    assert "Filen er lagt til." in response.content.decode()
    assert list(EngagementAttachment.objects.values_list("title", flat=True)) == ["Referat fra verkstedet"]

    disguised = SimpleUploadedFile("plakat.pdf", b"GIF89a not a pdf", "application/pdf")
    response = client.post(_add_url(engagement), {"file": disguised}, follow=True)
    assert "stemmer ikke med navnet" in response.content.decode()
    response = client.post(_add_url(engagement), {}, follow=True)
    assert "Velg en fil" in response.content.decode()
    assert EngagementAttachment.objects.count() == 1
