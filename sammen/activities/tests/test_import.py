"""Importing the municipality's old list: preview with a row report, all or nothing, clear messages for bad files."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from sammen.accounts.models import Role
from sammen.activities import importer
from sammen.activities.models import Activity, ActivityImport, Session
from sammen.core.testing import (
    client_for,
    grant,
    make_municipality,
    make_organisation,
    make_user,
    make_venue,
    row_fingerprint,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "title,description,organisation,category,venue,weekdays,start_date,end_date,start_time,end_time,"
    "age_min,age_max,price,card,step_free,languages\n"
)
GOOD = [
    "Allidrett,Lek og idrett,Borgen IL,sport,Borgenhallen,tirsdag,2026-09-01,2026-12-15,17:00,18:00,6,10,,ja,ja,nb\n",
    "Seniortrim,Styrke og balanse,Borgen IL,Sport,Borgenhallen,mo/th,01.09.2026,,10:00,11:00,65,,50,nei,ja,nb;en\n",
]


@pytest.fixture
def staff(db):
    municipality = make_municipality(slug="fjordby")
    make_organisation(municipality, name="Borgen IL")
    make_venue(municipality, name="Borgenhallen", latitude="59.840100", longitude="10.437800")
    return municipality, grant(make_user(), municipality, Role.MUNICIPALITY_ADMIN)


def test_a_clean_file_is_previewed_then_applied(staff):
    municipality, admin = staff
    content = (HEADER + "".join(GOOD)).encode()
    checked = importer.import_check(actor=admin, municipality=municipality, name="liste.csv", content=content)
    assert [r["errors"] for r in checked.report] == [[], []]
    assert not Activity.objects.exists()  # nothing before confirmation
    assert importer.import_apply(actor=admin, activity_import=checked) == 2
    allidrett = Activity.objects.get(title="Allidrett")
    assert allidrett.schedules.get().rrule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T235959"
    assert (allidrett.accepts_card, allidrett.is_step_free, allidrett.status) == (True, True, "published")
    senior = Activity.objects.get(title="Seniortrim")
    assert senior.schedules.get().rrule == "FREQ=WEEKLY;BYDAY=MO,TH"
    assert (senior.price_ore, senior.languages) == (5000, ",en,nb,")
    with pytest.raises(ValidationError):
        importer.import_apply(actor=admin, activity_import=checked)  # never twice


def test_one_bad_row_means_nothing_is_imported(staff):
    municipality, admin = staff
    bad = (
        "Fotball,<b>Fet</b>,Borgen IL,sport,Ukjent hall,fredag,2026-09-01,2026-08-01,18:00,17:00,12,8,-5,kanskje,ja,xx"
    )
    bad += "\n"
    checked = importer.import_check(
        actor=admin, municipality=municipality, name="liste.csv", content=(HEADER + GOOD[0] + bad).encode()
    )
    errors = " ".join(checked.report[1]["errors"])
    for expected in ("Ukjent hall", "last date is before", "negative", "yes or no", "xx"):
        assert expected in errors
    assert checked.report[0]["errors"] == []
    before = row_fingerprint([Activity, Session])
    with pytest.raises(ValidationError):
        importer.import_apply(actor=admin, activity_import=checked)
    assert row_fingerprint([Activity, Session]) == before


def test_wrong_encoding_is_refused_with_advice(staff):
    municipality, admin = staff
    content = (
        HEADER + "Strikkekafé,Vi strikker,Borgen IL,crafts,Borgenhallen,onsdag,2026-09-01,,12:00,14:00,,,,nei,nei,nb\n"
    ).encode("cp1252")
    with pytest.raises(ValidationError) as error:
        importer.import_check(actor=admin, municipality=municipality, name="liste.csv", content=content)
    assert "UTF-8" in error.value.messages[0]
    assert not ActivityImport.objects.exists()


def _xlsx(rows, merge=None):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_with_merged_cells_is_refused(staff):
    municipality, admin = staff
    rows = [HEADER.strip().split(","), GOOD[0].strip().split(","), GOOD[1].strip().split(",")]
    with pytest.raises(ValidationError) as error:
        importer.import_check(
            actor=admin, municipality=municipality, name="liste.xlsx", content=_xlsx(rows, merge="A2:A3")
        )
    assert "merged cells (A2:A3)" in error.value.messages[0]


def test_xlsx_with_real_dates_and_times_imports(staff):
    import datetime

    municipality, admin = staff
    header = HEADER.strip().split(",")
    row = [
        "Allidrett",
        "Lek",
        "Borgen IL",
        "sport",
        "Borgenhallen",
        "tirsdag",
        datetime.datetime(2026, 9, 1),
        None,
        datetime.time(17, 0),
        datetime.time(18, 0),
        6,
        10,
        None,
        "ja",
        "ja",
        "nb",
    ]
    checked = importer.import_check(
        actor=admin, municipality=municipality, name="liste.xlsx", content=_xlsx([header, row])
    )
    assert checked.report == [{"row": 2, "title": "Allidrett", "errors": []}]


def test_missing_columns_and_non_spreadsheets(staff):
    municipality, admin = staff
    with pytest.raises(ValidationError, match="columns are missing"):
        importer.import_check(
            actor=admin, municipality=municipality, name="liste.csv", content=b"title,description\nA,B\n"
        )
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        importer.import_check(actor=admin, municipality=municipality, name="liste.pdf", content=b"%PDF")
    with pytest.raises(ValidationError, match="Excel"):
        importer.import_check(actor=admin, municipality=municipality, name="liste.xlsx", content=b"not a zip")


def test_import_pages_show_the_report(staff):
    _municipality, admin = staff
    client = client_for(admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("liste.csv", (HEADER + "".join(GOOD)).encode(), content_type="text/csv")
    response = client.post("/fjordby/activities/staff/import/", {"file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert "Allidrett" in preview.content.decode()
    assert client.post(response["Location"]).status_code == 302
    assert Activity.objects.count() == 2
    bad = SimpleUploadedFile("liste.csv", "Ã¦".encode("latin-1"), content_type="text/csv")
    page = client.post("/fjordby/activities/staff/import/", {"file": bad})
    assert page.status_code == 200 and 'class="error-summary"' in page.content.decode()
