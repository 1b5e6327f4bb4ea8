import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from sammen.core.models import AuditEntry
from sammen.core.testing import client_for
from sammen.participation.imports import ImportDefaults, import_apply, import_preview
from sammen.participation.models import ImportBatch, Input

from .factories import make_engagement, make_process

pytestmark = pytest.mark.django_db

DEFAULTS = ImportDefaults(received_on=datetime.date(2025, 2, 3))


def csv_bytes(rows, delimiter=";", encoding="utf-8-sig"):
    return "\r\n".join(delimiter.join(str(c) for c in row) for row in rows).encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.fixture
def setting(world):
    process = make_process(world.municipality, world.neighbourhood, areas=4)
    engagement = make_engagement(process, title="Verksted 2", date=datetime.date(2025, 2, 1))
    return process, engagement, world.users["coordinator"]


def test_a_norwegian_csv_is_previewed_row_by_row_and_nothing_is_written(setting):
    process, engagement, coordinator = setting
    content = csv_bytes(
        [
            ["Tekst", "Dato", "Aktivitet", "Innsatsområde", "Tema", "Målgruppe", "Språk"],
            ["Flere benker", "01.02.2025", "Verksted 2", "omrade-1", "eldre, møteplasser", "single_elderly", "nb"],
            ["Mer lys i undergangen", "2025-02-01", "", "Område 4", "", "", "nynorsk"],
        ],
        encoding="cp1252",
    )

    report = import_preview(
        actor=coordinator, process=process, content=content, filename="lapper.csv", defaults=DEFAULTS
    )

    assert report.file_errors == []
    assert report.encoding == "cp1252"
    assert [(r.line, r.status) for r in report.rows] == [(2, "new"), (3, "new")]
    assert report.rows[0].data.engagement == engagement
    assert report.rows[1].data.language == "nn"
    assert report.can_apply
    assert Input.objects.count() == 0


def test_confirming_creates_the_inputs_with_no_author_and_the_importer_recorded_apart(setting):
    process, engagement, coordinator = setting
    content = csv_bytes(
        [
            ["text", "date", "engagement", "focus_area", "tags", "target_groups", "contact_email", "consent"],
            ["Flere benker", "01.02.2025", "Verksted 2", "omrade-1,omrade-2", "eldre", "single_elderly", "", ""],
            ["Ring meg om dette", "", "", "", "", "", "kari@example.com", "ja"],
        ]
    )

    batch = import_apply(actor=coordinator, process=process, content=content, filename="lapper.csv", defaults=DEFAULTS)

    assert (batch.rows_read, batch.rows_created, batch.rows_skipped) == (2, 2, 0)
    first, second = Input.objects.order_by("id")
    assert first.author is None and first.entered_by == coordinator and first.import_batch == batch
    assert first.engagement == engagement and first.channel == "meeting"
    assert sorted(first.focus_areas.values_list("key", flat=True)) == ["omrade-1", "omrade-2"]
    assert list(first.tags.values_list("name", flat=True)) == ["eldre"]
    assert list(first.target_groups.values_list("key", flat=True)) == ["single_elderly"]
    assert second.received_on == DEFAULTS.received_on and second.contact_consent_at is not None
    assert AuditEntry.objects.get(action="participation.input.import").after["created"] == 2


def test_importing_the_same_file_again_creates_no_duplicates(setting):
    process, _engagement, coordinator = setting
    rows = [["tekst"], ["Flere benker"], ["Flere benker"], ["Mer lys"]]  # two identical notes are two voices
    content = csv_bytes(rows)
    import_apply(actor=coordinator, process=process, content=content, filename="a.csv", defaults=DEFAULTS)
    assert Input.objects.count() == 3

    report = import_preview(actor=coordinator, process=process, content=content, filename="a.csv", defaults=DEFAULTS)
    assert [r.status for r in report.rows] == ["duplicate", "duplicate", "duplicate"]
    with pytest.raises(ValidationError):
        import_apply(actor=coordinator, process=process, content=content, filename="a.csv", defaults=DEFAULTS)

    # The same file with one more row: only that row is new, whatever the defaults.
    grown = csv_bytes([*rows, ["Benker ved butikken"]])
    other_defaults = ImportDefaults(received_on=datetime.date(2024, 1, 1), language="en")
    batch = import_apply(actor=coordinator, process=process, content=grown, filename="a.csv", defaults=other_defaults)
    assert (batch.rows_created, batch.rows_skipped) == (1, 3)
    assert Input.objects.count() == 4


def test_an_id_column_keeps_rows_apart_even_when_their_text_is_corrected(setting):
    process, _engagement, coordinator = setting
    import_apply(
        actor=coordinator,
        process=process,
        content=csv_bytes([["id", "text"], ["17", "Fler benker"], ["18", "Lys"]]),
        filename="a.csv",
        defaults=DEFAULTS,
    )
    report = import_preview(
        actor=coordinator,
        process=process,
        content=csv_bytes([["id", "text"], ["17", "Flere benker"], ["19", "Ny"]]),
        filename="a.csv",
        defaults=DEFAULTS,
    )
    assert [r.status for r in report.rows] == ["duplicate", "new"]


def test_a_400_row_workbook_is_previewed_and_imported_in_one_go(setting):
    process, _engagement, coordinator = setting
    rows = [["Innspill", "Dato", "Innsatsområde", "Kanal"]]
    rows += [
        [f"Innspill nummer {n} om nærmiljøet", datetime.date(2025, 1, 1 + n % 28), f"omrade-{1 + n % 4}", "Brev"]
        for n in range(400)
    ]
    content = xlsx_bytes(rows)

    report = import_preview(
        actor=coordinator, process=process, content=content, filename="innspill.xlsx", defaults=DEFAULTS
    )
    assert report.new == 400 and report.errors == 0 and report.rows[-1].line == 401
    assert Input.objects.count() == 0

    batch = import_apply(
        actor=coordinator, process=process, content=content, filename="innspill.xlsx", defaults=DEFAULTS
    )
    assert batch.rows_created == 400
    assert Input.objects.filter(channel="letter").count() == 400
    assert Input.focus_areas.through.objects.count() == 400


def test_rows_with_errors_are_reported_by_line_and_nothing_is_imported(setting):
    process, _engagement, coordinator = setting
    content = csv_bytes(
        [
            [
                "id",
                "text",
                "date",
                "engagement",
                "focus_area",
                "contact_email",
                "consent",
                "channel",
                "latitude",
                "longitude",
            ],
            ["1", "God rad", "31.02.2025", "", "", "", "", "", "", ""],
            ["2", "", "", "", "", "", "", "", "", ""],
            ["3", "Ukjent møte", "", "Verksted 9", "omrade-7", "", "", "", "", ""],
            ["4", "Kontakt uten samtykke", "", "", "", "ola@example.com", "nei", "", "", ""],
            ["1", "Samme id", "", "", "", "", "", "brevdue", "", ""],
            ["6", "Feil sted", "", "", "", "", "", "", "12,5", "abc"],
            ["7", "I fremtiden", "01.01.2099", "", "", "", "", "", "", ""],
            ["8", "Alt er fint", "", "", "", "", "", "", "59.8381", "10.4339"],
        ]
    )

    report = import_preview(actor=coordinator, process=process, content=content, filename="feil.csv", defaults=DEFAULTS)

    statuses = {r.line: r.status for r in report.rows}
    assert statuses == {2: "error", 3: "error", 4: "error", 5: "error", 6: "error", 7: "error", 8: "error", 9: "new"}
    messages = {r.line: " ".join(r.messages) for r in report.rows}
    assert "31.02.2025" in messages[2]
    assert "Verksted 9" in messages[4] and "omrade-7" in messages[4]
    assert "consent" in messages[5] or "samtykke" in messages[5]
    assert "line 2" in messages[6].lower() or "linje 2" in messages[6].lower()
    assert "brevdue" in messages[6]
    assert not report.can_apply
    with pytest.raises(ValidationError):
        import_apply(actor=coordinator, process=process, content=content, filename="feil.csv", defaults=DEFAULTS)
    assert Input.objects.count() == 0 and ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"", "tom.csv"),
        (b"%PDF-1.4 not a sheet", "notat.pdf"),
        (b"PK\x03\x04 broken zip", "innspill.xlsx"),
        (b"navn;dato\r\nKari;01.02.2025", "uten-tekst.csv"),
        (b"tekst\r\n", "bare-overskrift.csv"),
        (b"\x00\x01\x02\x03binary", "binar.csv"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(setting, content, filename):
    process, _engagement, coordinator = setting
    report = import_preview(actor=coordinator, process=process, content=content, filename=filename, defaults=DEFAULTS)
    assert report.file_errors and not report.can_apply
    with pytest.raises(ValidationError):
        import_apply(actor=coordinator, process=process, content=content, filename=filename, defaults=DEFAULTS)
    assert Input.objects.count() == 0


def test_the_upload_waits_in_file_storage_until_confirmed(setting, world):
    process, _engagement, coordinator = setting
    client = client_for(coordinator, language="en")
    base = f"/testvik/staff/participation/{process.slug}/import/"
    upload = SimpleUploadedFile("lapper.csv", csv_bytes([["text"], ["Flere benker"], ["Lys"]]), "text/csv")

    response = client.post(base, {"file": upload, "received_on": "2025-02-03", "language": "nb"})
    assert response.status_code == 302 and response["Location"].endswith("/import/preview/")
    pending = client.session["participation_import"][str(process.pk)]
    assert default_storage.exists(pending["name"])
    assert Input.objects.count() == 0

    preview = client.get(base + "preview/")
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "2 rows read: 2 new, 0 already imported, 0 with errors." in content
    assert "Flere benker" in content

    confirmed = client.post(base + "preview/", {"action": "apply"})
    assert confirmed.status_code == 302
    assert Input.objects.count() == 2
    assert not default_storage.exists(pending["name"])
    assert str(process.pk) not in client.session["participation_import"]


def test_cancelling_an_import_deletes_the_stored_file_and_writes_nothing(setting):
    process, _engagement, coordinator = setting
    client = client_for(coordinator, language="en")
    base = f"/testvik/staff/participation/{process.slug}/import/"
    upload = SimpleUploadedFile("lapper.csv", csv_bytes([["text"], ["Flere benker"]]), "text/csv")
    client.post(base, {"file": upload, "received_on": "2025-02-03"})
    name = client.session["participation_import"][str(process.pk)]["name"]

    client.post(base + "preview/", {"action": "cancel"})

    assert not default_storage.exists(name)
    assert Input.objects.count() == 0


def test_the_import_template_can_be_downloaded_and_imported(setting):
    process, _engagement, coordinator = setting
    client = client_for(coordinator)
    response = client.get(f"/testvik/staff/participation/{process.slug}/import/template.xlsx")
    assert response.status_code == 200
    report = import_preview(
        actor=coordinator, process=process, content=response.content, filename="mal.xlsx", defaults=DEFAULTS
    )
    assert report.file_errors == [] and report.new == 1


def test_abandoned_uploads_are_cleaned_up(setting):
    import time_machine
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    old = default_storage.save("participation/imports/abc/gammel.csv", ContentFile(b"tekst\nx"))
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=25)):
        fresh = default_storage.save("participation/imports/def/ny.csv", ContentFile(b"tekst\ny"))
        call_command("participation_clean_imports")
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh)
