"""Importing inputs from a spreadsheet (CSV or XLSX): read, check every row, report, and apply all or nothing.

Nothing is written while previewing. Each row gets a stable key (its `id` column, or a hash of its text, date and
engagement plus its occurrence number), stored on the input, so importing the same file again creates no
duplicates. Imported inputs have no author: the staff member who imports is recorded as `entered_by` only.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sammen.accounts.models import User
from sammen.core.audit import audit_record

from .models import Channel, Engagement, ImportBatch, Input, InputKind, InputStatus, Process
from .services import InputData, authorise_process, build_input, create_inputs, default_channel

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
PREVIEW_TEXT_LENGTH = 140

# Column headers we understand, in English, bokmål, nynorsk and Danish (compared without case, spaces or dashes).
COLUMN_ALIASES: dict[str, set[str]] = {
    "text": {"text", "tekst", "innspill", "innspel", "indspil", "input", "forslag", "beskrivelse"},
    "id": {"id", "ref", "referanse", "reference", "externalid", "løpenummer", "lopenummer", "nr", "nummer"},
    "date": {"date", "dato", "received", "receivedon", "mottatt", "modtaget"},
    "engagement": {"engagement", "aktivitet", "metode", "møte", "mote", "medvirkning", "arrangement", "event"},
    "channel": {"channel", "kanal"},
    "kind": {"kind", "type", "art", "slag"},
    "language": {"language", "språk", "sprak", "sprog", "mål"},
    "focus_areas": {
        "focusarea",
        "focusareas",
        "innsatsområde",
        "innsatsområder",
        "innsatsomrade",
        "indsatsområde",
        "indsatsområder",
    },
    "tags": {"tags", "tag", "tema", "temaer", "themes", "theme", "stikkord", "emneord"},
    "target_groups": {"targetgroup", "targetgroups", "målgruppe", "målgrupper", "målgruppa", "målgruppene"},
    "latitude": {"latitude", "lat", "breddegrad"},
    "longitude": {"longitude", "lon", "lng", "long", "lengdegrad", "længdegrad"},
    "contact_name": {"contactname", "kontaktnavn", "navn", "namn", "name"},
    "contact_email": {"contactemail", "email", "epost", "mail", "emailadresse", "epostadresse"},
    "contact_phone": {"contactphone", "phone", "telefon", "mobil", "tlf", "mobilnummer"},
    "consent": {"consent", "samtykke"},
}
HEADER_TO_FIELD = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}
YES = {"ja", "yes", "j", "y", "x", "1", "true", "sant", "samtykke", "ok"}
NO = {"", "nei", "no", "n", "0", "false", "usant", "nej"}
LANGUAGE_NAMES = {
    "norsk": "nb",
    "bokmål": "nb",
    "bokmal": "nb",
    "nynorsk": "nn",
    "dansk": "da",
    "danish": "da",
    "engelsk": "en",
    "english": "en",
    "norwegian": "nb",
}
# Everyday words for the channels, in our four languages, besides the labels themselves.
CHANNEL_ALIASES = {
    "møte": "meeting",
    "mote": "meeting",
    "verksted": "meeting",
    "workshop": "meeting",
    "værksted": "meeting",
    "meeting": "meeting",
    "arrangement": "meeting",
    "nett": "portal",
    "web": "portal",
    "nettside": "portal",
    "idéportal": "portal",
    "ideportal": "portal",
    "gjestebud": "dialogue_dinner",
    "dialogmiddag": "dialogue_dinner",
    "middag": "dialogue_dinner",
    "facebook": "social_media",
    "sosiale medier": "social_media",
    "sociale medier": "social_media",
    "spørreundersøkelse": "survey",
    "undersøkelse": "survey",
    "spørjeundersøking": "survey",
    "spørgeskema": "survey",
    "survey": "survey",
    "intervju": "interview",
    "interview": "interview",
    "e-post": "email",
    "epost": "email",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "brev": "letter",
    "papir": "letter",
    "skjema": "letter",
    "letter": "letter",
    "post-it": "letter",
    "telefon": "phone",
    "tlf": "phone",
    "phone": "phone",
    "sms": "phone",
    "annet": "other",
    "anna": "other",
    "andet": "other",
    "other": "other",
}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%d-%m-%Y")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


def normalise_header(value: Any) -> str:
    return re.sub(r"[\s\-_.:/()]+", "", str(value or "").strip().lower())


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (line number in the file, cells)
    encoding: str = ""
    delimiter: str = ""


def _decode(content: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1"), "latin-1"


def _read_csv(content: bytes) -> Table:
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("The file is not a text file. Save the spreadsheet as CSV (UTF-8) or XLSX."))
    text, encoding = _decode(content)
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise ImportFileError(_("The CSV file could not be read: %(error)s") % {"error": error}) from error
    return _table_from_lines(lines, encoding=encoding, delimiter=delimiter)


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        lines = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            lines.append((number, list(row)))
            if len(lines) > MAX_ROWS + 50:
                break
    finally:
        workbook.close()
    return _table_from_lines(lines)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table_from_lines(lines: list[tuple[int, list[Any]]], encoding: str = "", delimiter: str = "") -> Table:
    header_index = next((i for i, (_n, cells) in enumerate(lines) if any(not _blank(c) for c in cells)), None)
    if header_index is None:
        raise ImportFileError(_("The file is empty."))
    headers = ["" if _blank(c) else str(c).strip() for c in lines[header_index][1]]
    rows = [(number, cells) for number, cells in lines[header_index + 1 :]]
    while rows and all(_blank(c) for c in rows[-1][1]):
        rows.pop()
    return Table(headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)


def read_table(content: bytes, filename: str) -> Table:
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)s MB. Split it in parts.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    name = filename.lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        table = _read_xlsx(content)
    elif name.endswith((".csv", ".txt", ".tsv")):
        table = _read_csv(content)
    else:
        raise ImportFileError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    if len(table.rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows. Split it in parts.") % {"max": f"{MAX_ROWS:,}".replace(",", " ")}
        )
    return table


@dataclass
class ImportDefaults:
    """Applied to rows that leave a column empty (or have no such column)."""

    received_on: datetime.date
    engagement: Engagement | None = None
    channel: str = ""
    language: str = ""


@dataclass
class RowReport:
    line: int
    status: str  # "new", "duplicate", "error"
    text: str
    messages: list[str] = field(default_factory=list)
    data: InputData | None = None


@dataclass
class ImportReport:
    filename: str
    columns: list[tuple[str, str | None]]  # (header in the file, field it maps to or None when ignored)
    rows: list[RowReport]
    file_errors: list[str] = field(default_factory=list)
    encoding: str = ""
    file_sha256: str = ""

    @property
    def new(self) -> int:
        return sum(1 for r in self.rows if r.status == "new")

    @property
    def duplicates(self) -> int:
        return sum(1 for r in self.rows if r.status == "duplicate")

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.status == "error")

    @property
    def can_apply(self) -> bool:
        return not self.file_errors and self.errors == 0 and self.new > 0

    @property
    def ignored_columns(self) -> list[str]:
        return [header for header, name in self.columns if name is None and header]


class _Lookups:
    """How cell values map to the process's records and our choices, in every UI language."""

    def __init__(self, process: Process) -> None:
        self.engagements = list(process.engagements.all())
        self.by_title: dict[str, Engagement] = {}
        for engagement in self.engagements:
            self.by_title.setdefault(engagement.title.casefold(), engagement)
        self.by_id = {str(e.pk): e for e in self.engagements}
        self.areas = list(process.focus_areas.order_by("position", "id"))
        self.area_lookup: dict[str, int] = {}
        for number, area in enumerate(self.areas, start=1):
            for key in (area.key, area.name, str(number)):
                self.area_lookup.setdefault(key.casefold(), area.pk)
        self.groups = list(process.target_groups.all())
        self.group_lookup: dict[str, int] = {}
        self.channels: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for group in self.groups:
                    for key in (group.key, str(group.display_name)):
                        if key:
                            self.group_lookup.setdefault(key.casefold(), group.pk)
                for channel in Channel:
                    self.channels[str(channel.label).casefold()] = channel.value
                for kind in InputKind:
                    self.kinds[str(kind.label).casefold()] = kind.value
        for channel in Channel:
            self.channels[channel.value] = channel.value
        self.channels.update(CHANNEL_ALIASES)
        for kind in InputKind:
            self.kinds[kind.value] = kind.value
        self.kinds.update({"idé": InputKind.IDEA, "ide": InputKind.IDEA, "behov": InputKind.NEED})


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value).strip()


def _parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _parse_decimal(value: Any) -> Decimal | None:
    text = _cell_text(value).replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    return round(number, 6)


def _split(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;|,]", _cell_text(value)) if part.strip()]


def _row_key(text: str, raw_date: str, raw_engagement: str, occurrence: int) -> str:
    normalised = " ".join(text.split()).casefold()
    digest = hashlib.sha256(f"{normalised}\x1f{raw_date}\x1f{raw_engagement.casefold()}".encode()).hexdigest()
    return f"row:{digest[:40]}:{occurrence}"


def _id_key(value: str) -> str:
    if len(value) <= 70:
        return f"id:{value}"
    return "id:#" + hashlib.sha256(value.encode()).hexdigest()[:60]


def _parse_row(
    cells: dict[str, Any], lookups: _Lookups, defaults: ImportDefaults, process: Process
) -> tuple[InputData | None, list[str]]:
    messages: list[str] = []
    text = _cell_text(cells.get("text"))
    if not text:
        messages.append(_("The text is empty."))
    received_on = defaults.received_on
    raw_date = cells.get("date")
    if not _blank(raw_date):
        try:
            received_on = _parse_date(raw_date)  # type: ignore[assignment]
        except ValueError:
            messages.append(
                _("“%(value)s” is not a date. Write it as 31.12.2016 or 2016-12-31.") % {"value": _cell_text(raw_date)}
            )
    engagement = defaults.engagement
    raw_engagement = _cell_text(cells.get("engagement"))
    if raw_engagement:
        engagement = lookups.by_title.get(raw_engagement.casefold()) or lookups.by_id.get(raw_engagement.lstrip("#"))
        if engagement is None:
            messages.append(_("No engagement in this process is called “%(value)s”.") % {"value": raw_engagement})
    channel: str = defaults.channel
    raw_channel = _cell_text(cells.get("channel"))
    if raw_channel:
        channel = lookups.channels.get(raw_channel.casefold(), "")
        if not channel:
            messages.append(
                _("“%(value)s” is not a channel. Use one of: %(choices)s.")
                % {"value": raw_channel, "choices": ", ".join(str(c.label) for c in Channel)}
            )
    if not channel:
        channel = default_channel(engagement)
    kind: str = InputKind.IDEA
    raw_kind = _cell_text(cells.get("kind"))
    if raw_kind:
        kind = lookups.kinds.get(raw_kind.casefold(), "")
        if not kind:
            messages.append(
                _("“%(value)s” is not a kind of input. Use one of: %(choices)s.")
                % {"value": raw_kind, "choices": ", ".join(str(c.label) for c in InputKind)}
            )
    language = defaults.language
    raw_language = _cell_text(cells.get("language")).lower()
    if raw_language:
        language = LANGUAGE_NAMES.get(raw_language, raw_language)
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", language):
            messages.append(_("“%(value)s” is not a language code such as nb, nn, da or en.") % {"value": raw_language})
    areas = []
    for value in _split(cells.get("focus_areas")):
        area = lookups.area_lookup.get(value.casefold())
        if area is None:
            messages.append(_("The process has no focus area “%(value)s”.") % {"value": value})
        else:
            areas.append(area)
    groups = []
    for value in _split(cells.get("target_groups")):
        group = lookups.group_lookup.get(value.casefold())
        if group is None:
            messages.append(_("The process has no target group “%(value)s”.") % {"value": value})
        else:
            groups.append(group)
    latitude = longitude = None
    try:
        latitude = _parse_decimal(cells.get("latitude"))
        longitude = _parse_decimal(cells.get("longitude"))
    except ValueError:
        messages.append(_("The coordinates must be decimal numbers, e.g. 59.8381 and 10.4339."))
    contact_name = _cell_text(cells.get("contact_name"))
    contact_email = _cell_text(cells.get("contact_email"))
    contact_phone = _cell_text(cells.get("contact_phone"))
    raw_consent = _cell_text(cells.get("consent")).casefold()
    if raw_consent not in YES and raw_consent not in NO:
        messages.append(_("Write yes or no for consent, not “%(value)s”.") % {"value": raw_consent})
    consent = raw_consent in YES
    if (contact_name or contact_email or contact_phone) and not consent:
        messages.append(_("The row has a contact but no consent: remove the contact or record the consent (yes)."))
    if messages:
        return None, messages
    data = InputData(
        text=text,
        received_on=received_on,
        channel=channel,
        kind=kind,
        engagement=engagement,
        language=language,
        latitude=latitude,
        longitude=longitude,
        focus_area_ids=tuple(areas),
        target_group_ids=tuple(groups),
        tag_names=tuple(_split(cells.get("tags"))),
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        contact_consent=consent,
    )
    try:
        build_input(process=process, data=data, status=InputStatus.PUBLISHED, entered_by=None)
    except ValidationError as error:
        return None, [str(m) for m in error.messages]
    return data, []


def _existing_keys(process: Process, keys: Iterable[str]) -> set[str]:
    found: set[str] = set()
    batch: list[str] = []
    for key in keys:
        batch.append(key)
        if len(batch) == 500:
            found.update(
                Input.objects.filter(process=process, import_key__in=batch).values_list("import_key", flat=True)
            )
            batch = []
    if batch:
        found.update(Input.objects.filter(process=process, import_key__in=batch).values_list("import_key", flat=True))
    return found


def import_preview(
    *, actor: User, process: Process, content: bytes, filename: str, defaults: ImportDefaults
) -> ImportReport:
    """Read and check every row; write nothing. The report says, row by row, what confirming would do."""
    authorise_process(actor, process)
    report = ImportReport(filename=filename, columns=[], rows=[], file_sha256=hashlib.sha256(content).hexdigest())
    try:
        table = read_table(content, filename)
    except ImportFileError as error:
        report.file_errors.append(str(error))
        return report
    report.encoding = table.encoding
    return _check_table(process=process, table=table, report=report, defaults=defaults)


def _check_table(*, process: Process, table: Table, report: ImportReport, defaults: ImportDefaults) -> ImportReport:
    """Map the columns and check every row of a table read from a file (or made from records)."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(table.headers):
        name = HEADER_TO_FIELD.get(normalise_header(header))
        if name is not None and name in mapping.values():
            report.file_errors.append(
                _("Two columns mean the same thing (%(header)s). Keep one of them.") % {"header": header}
            )
        if name is not None:
            mapping[index] = name
        report.columns.append((header, name))
    if "text" not in mapping.values():
        report.file_errors.append(_("The file has no column for the text of the inputs. Name it “text” or “tekst”."))
    if report.file_errors:
        return report
    if not table.rows:
        report.file_errors.append(_("The file has a header row but no inputs."))
        return report

    lookups = _Lookups(process)
    occurrences: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    keyed: list[tuple[RowReport, str]] = []
    for line, raw_cells in table.rows:
        cells = {name: raw_cells[index] if index < len(raw_cells) else None for index, name in mapping.items()}
        if all(_blank(v) for v in cells.values()):
            continue
        data, messages = _parse_row(cells, lookups, defaults, process)
        text = _cell_text(cells.get("text"))
        row = RowReport(
            line=line,
            status="error" if messages else "new",
            text=text[:PREVIEW_TEXT_LENGTH] + ("…" if len(text) > PREVIEW_TEXT_LENGTH else ""),
            messages=messages,
            data=data,
        )
        external_id = _cell_text(cells.get("id"))
        if external_id:
            if external_id in seen_ids:
                row.status = "error"
                row.messages.append(
                    _("The id %(id)s is also on line %(line)s.") % {"id": external_id, "line": seen_ids[external_id]}
                )
            seen_ids.setdefault(external_id, line)
            key = _id_key(external_id)
        else:
            base = _row_key(text, _cell_text(cells.get("date")), _cell_text(cells.get("engagement")), 0)[:-2]
            occurrences[base] = occurrences.get(base, 0) + 1
            key = f"{base}:{occurrences[base]}"
        if row.data is not None:
            row.data.import_key = key
        report.rows.append(row)
        keyed.append((row, key))
    existing = _existing_keys(process, [key for _row, key in keyed])
    for row, key in keyed:
        if key in existing and row.status == "new":
            row.status = "duplicate"
            row.messages.append(_("Already imported: this row is skipped."))
    if not report.rows:
        report.file_errors.append(_("The file has a header row but no inputs."))
    return report


def import_apply(
    *, actor: User, process: Process, content: bytes, filename: str, defaults: ImportDefaults
) -> ImportBatch:
    """Create every new row's input in one transaction, or none when any row has an error."""
    authorise_process(actor, process)
    with transaction.atomic():
        # One import at a time per process: two confirmations of the same file cannot both create the rows.
        Process.objects.select_for_update().filter(pk=process.pk).first()
        report = import_preview(actor=actor, process=process, content=content, filename=filename, defaults=defaults)
        if report.file_errors:
            raise ValidationError(report.file_errors)
        if report.errors:
            raise ValidationError(
                ngettext(
                    "%(count)s row has errors. Correct it in the file and upload it again; nothing was imported.",
                    "%(count)s rows have errors. Correct them in the file and upload it again; nothing was imported.",
                    report.errors,
                )
                % {"count": report.errors}
            )
        batch = _create_batch(actor=actor, process=process, report=report, status=InputStatus.PUBLISHED)
        if batch is None:
            raise ValidationError(_("Every row in this file has already been imported."))
    return batch


def _create_batch(*, actor: User, process: Process, report: ImportReport, status: str) -> ImportBatch | None:
    """Create the report's new rows as one batch (inside the caller's transaction); None when nothing is new."""
    new_rows: Sequence[InputData] = [r.data for r in report.rows if r.status == "new" and r.data is not None]
    if not new_rows:
        return None
    batch = ImportBatch.objects.create(
        process=process,
        imported_by=actor,
        filename=report.filename[:200],
        file_sha256=report.file_sha256,
        rows_read=len(report.rows),
        rows_created=len(new_rows),
        rows_skipped=report.duplicates,
    )
    create_inputs(process=process, datas=new_rows, status=status, entered_by=actor, import_batch=batch)
    audit_record(
        actor=actor,
        municipality=process.municipality,
        action="participation.input.import",
        obj=batch,
        after={"file": report.filename, "created": len(new_rows), "skipped": report.duplicates},
    )
    return batch


def records_import(*, actor: User, process: Process, records: Sequence[Mapping[str, Any]]) -> int:
    """Import records another module hands over (columns as in the spreadsheet import, e.g. impact's survey free text:
    external_id, text, channel, date, language, tags, source; unknown keys are ignored) as inputs awaiting moderation.

    The same checks as a spreadsheet row; all or nothing (any bad record: ValidationError naming each, nothing
    written); a record whose external_id was imported before is skipped. Returns how many inputs were created.
    """
    authorise_process(actor, process)
    if len(records) > MAX_ROWS:
        raise ValidationError(
            _("There are more than %(max)s records. Send them in parts.") % {"max": f"{MAX_ROWS:,}".replace(",", " ")}
        )
    headers: list[str] = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            raise ValidationError(_("Record %(number)s is not a set of named values.") % {"number": number})
        headers += [str(key) for key in record if str(key) not in headers]
    if not records:
        return 0
    table = Table(
        headers=headers, rows=[(n, [record.get(h) for h in headers]) for n, record in enumerate(records, start=1)]
    )
    sources = list(dict.fromkeys(str(r.get("source") or "") for r in records if r.get("source")))
    label = "; ".join(sources) or _("Records from another module")
    digest = hashlib.sha256(repr([sorted(r.items()) for r in records]).encode()).hexdigest()
    with transaction.atomic():
        Process.objects.select_for_update().filter(pk=process.pk).first()
        report = _check_table(
            process=process,
            table=table,
            report=ImportReport(filename=label[:200], columns=[], rows=[], file_sha256=digest),
            defaults=ImportDefaults(received_on=timezone.localdate()),
        )
        if report.file_errors:
            raise ValidationError(report.file_errors)
        problems = [
            _("Record %(number)s: %(problems)s") % {"number": row.line, "problems": " ".join(row.messages)}
            for row in report.rows
            if row.status == "error"
        ]
        if problems:
            raise ValidationError([*problems, _("Nothing was imported.")])
        # Free text from residents is read by a person before it is public, as the idea portal's is.
        batch = _create_batch(actor=actor, process=process, report=report, status=InputStatus.PENDING)
    return batch.rows_created if batch is not None else 0


def template_rows() -> list[list[str]]:
    """The header and one example row of the downloadable import template."""
    today = timezone.localdate().isoformat()
    return [
        [
            "id",
            "text",
            "date",
            "engagement",
            "channel",
            "kind",
            "language",
            "focus_area",
            "tags",
            "target_groups",
            "latitude",
            "longitude",
            "contact_name",
            "contact_email",
            "contact_phone",
            "consent",
        ],
        [
            "1",
            _("More benches along the path to the shop"),
            today,
            "",
            "meeting",
            "idea",
            "nb",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
