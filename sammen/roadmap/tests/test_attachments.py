"""Files and pictures behind the knowledge base: checked on upload, staff only, shown in the council report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sammen.core.testing import client_for
from sammen.participation.tests.factories import make_process
from sammen.roadmap import reports
from sammen.roadmap.models import KnowledgeBaseAttachment

from .factories import make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def process(world):
    process = make_process(world.municipality, world.neighbourhood, areas=2, slug="borgen")
    make_roadmap(process, knowledge_base="Levekårsundersøkelsen 2025 viser at mange bor alene.")
    return process


def _url(name, **kwargs):
    return reverse(f"roadmap:{name}", kwargs={"municipality_slug": "testvik", "process_slug": "borgen", **kwargs})


def _png(name="kart.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def _pdf(name="levekar.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "application/pdf")


def test_staff_add_a_document_and_a_picture_and_the_report_shows_them(world, process):
    client = client_for(world.users["coordinator"], language="nb")
    response = client.post(_url("attachment_add"), {"file": _pdf(), "title": "Levekårsundersøkelsen 2025"})
    assert response.status_code == 302
    response = client.post(_url("attachment_add"), {"file": _png(), "title": "Kart over Borgen", "alt_text": "Kart"})
    assert response.status_code == 302
    assert KnowledgeBaseAttachment.objects.filter(roadmap=process.roadmap).count() == 2
    page = client.get(_url("staff_roadmap")).content.decode()
    assert "Levekårsundersøkelsen 2025" in page and "Kart over Borgen" in page

    report = reports.build(process=process)
    assert [item.name for item in report.documents] == ["Levekårsundersøkelsen 2025"]
    assert [item.name for item in report.pictures] == ["Kart over Borgen"]
    assert report.pictures[0].image_uri.startswith("data:image/png;base64,")
    html = reports.render_html(report)
    assert 'alt="Kart"' in html and "Levekårsundersøkelsen 2025" in html

    picture = KnowledgeBaseAttachment.objects.get(is_image=True)
    served = client.get(_url("attachment", knowledge_base_attachment_id=picture.pk))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_a_picture_without_alt_text_or_a_disguised_file_is_refused_and_nothing_is_written(world, process):
    client = client_for(world.users["coordinator"], language="nb")
    response = client.post(_url("attachment_add"), {"file": _png()}, follow=True)
    assert "Beskriv hva bildet viser" in response.content.decode()
    fake = SimpleUploadedFile("rapport.pdf", b"MZ not a pdf", "application/pdf")
    response = client.post(_url("attachment_add"), {"file": fake}, follow=True)
    assert "stemmer ikke med navnet" in response.content.decode()
    assert not KnowledgeBaseAttachment.objects.exists()


def test_residents_and_other_municipalities_cannot_reach_the_files(world, process):
    coordinator = client_for(world.users["coordinator"], language="nb")
    coordinator.post(_url("attachment_add"), {"file": _pdf(), "title": "Intern rapport"})
    attachment = KnowledgeBaseAttachment.objects.get()
    url = _url("attachment", knowledge_base_attachment_id=attachment.pk)
    assert client_for(world.users["citizen"]).get(url).status_code == 403
    assert client_for(world.users["other_municipality_admin"]).get(url).status_code in (403, 404)
    assert (
        client_for(world.users["citizen"])
        .post(_url("attachment_delete", knowledge_base_attachment_id=attachment.pk))
        .status_code
        == 403
    )
    assert KnowledgeBaseAttachment.objects.count() == 1


def test_staff_remove_a_file(world, process):
    client = client_for(world.users["coordinator"], language="nb")
    client.post(_url("attachment_add"), {"file": _pdf(), "title": "Gammel rapport"})
    attachment = KnowledgeBaseAttachment.objects.get()
    response = client.post(_url("attachment_delete", knowledge_base_attachment_id=attachment.pk))
    assert response.status_code == 302
    assert not KnowledgeBaseAttachment.objects.exists()
