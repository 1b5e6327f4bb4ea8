import io

import pytest
from django.urls import reverse

from sammen.core.testing import client_for
from sammen.participation.tests.factories import make_input, make_process
from sammen.roadmap.models import InputFate, ReportJob

from .factories import make_actor, make_goal, make_measure, make_roadmap

pytestmark = pytest.mark.django_db


def test_the_council_report_is_made_in_the_background_with_text_tables_and_bookmarks(
    world, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    process = make_process(world.municipality, world.neighbourhood, areas=2, slug="borgen", title="Veikart Borgen")
    make_roadmap(process, knowledge_base="Borgen har mange eldre som bor alene.")
    goal = make_goal(process, title="Flere møteplasser")
    measure = make_measure(process, goal=goal, title="Åpen skole på kveldstid", status="adopted")
    make_actor(measure, name="Kulturenheten", role="Ansvarlig")
    item = make_input(process, text="Vi trenger et sted å møtes om kvelden")
    InputFate.objects.create(input=item, state="in_measure", measure=measure)
    client = client_for(world.users["coordinator"], language="nb")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("roadmap:report", kwargs={"municipality_slug": "testvik", "process_slug": "borgen"})
        )
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.status, job.progress) == ("done", 100)
    pdf = client.get(
        reverse(
            "roadmap:report_pdf",
            kwargs={"municipality_slug": "testvik", "process_slug": "borgen", "report_job_id": job.pk},
        )
    )
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Borgen har mange eldre som bor alene." in text
    assert "Åpen skole på kveldstid" in text
    assert "Kulturenheten" in text
    assert "Vi trenger et sted å møtes om kvelden" in text
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert any("Kunnskapsgrunnlag" in t for t in titles)
    status = client.get(
        reverse(
            "roadmap:report_status",
            kwargs={"municipality_slug": "testvik", "process_slug": "borgen", "report_job_id": job.pk},
        )
    )
    assert b"<progress" in status.content


def test_council_report_command_writes_pdf_and_xlsx(world, tmp_path):
    from django.core.management import call_command
    from openpyxl import load_workbook

    process = make_process(world.municipality, world.neighbourhood, areas=1, slug="borgen")
    make_roadmap(process)
    make_measure(process, title="Turvei rundt vannet")
    call_command("council_report", "testvik/borgen", output_dir=str(tmp_path), stdout=io.StringIO())
    assert (tmp_path / "council-report-borgen.pdf").read_bytes().startswith(b"%PDF")
    workbook = load_workbook(tmp_path / "council-report-borgen.xlsx")
    assert workbook.worksheets[0]["D2"].value == "Turvei rundt vannet"
