"""Importing activities from a spreadsheet (CSV or XLSX): check every row, show a report, apply all or nothing."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record
from sammen.organisations.models import Organisation, OrganisationStatus
from sammen.places.models import Municipality, Venue

from . import recurrence, services
from .models import (
    LANGUAGE_CODES,
    Activity,
    ActivityImport,
    ActivityStatus,
    Category,
    ImportStatus,
    JoinMethod,
    PriceType,
    TargetGroup,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED = ("title", "description", "organisation", "category", "venue", "start_date", "start_time", "end_time")
COLUMNS = (
    *REQUIRED,
    "weekdays",
    "end_date",
    "every_weeks",
    "rrule",
    "exdates",
    "age_min",
    "age_max",
    "price",
    "card",
    "join",
    "join_url",
    "capacity",
    "languages",
    "target_groups",
    "step_free",
    "accessible_toilet",
    "hearing_loop",
    "adapted",
    "companion_free",
    "trial",
    "contact_name",
    "contact_email",
    "contact_phone",
    "status",
)
# Norwegian and Danish column names the municipality's old lists tend to use.
ALIASES = {
    "tittel": "title",
    "navn": "title",
    "beskrivelse": "description",
    "arrangør": "organisation",
    "arrangor": "organisation",
    "organisasjon": "organisation",
    "forening": "organisation",
    "kategori": "category",
    "sted": "venue",
    "lokale": "venue",
    "dager": "weekdays",
    "dag": "weekdays",
    "ukedag": "weekdays",
    "startdato": "start_date",
    "fra dato": "start_date",
    "sluttdato": "end_date",
    "til dato": "end_date",
    "starttid": "start_time",
    "fra": "start_time",
    "sluttid": "end_time",
    "til": "end_time",
    "alder fra": "age_min",
    "alder til": "age_max",
    "pris": "price",
    "aktivitetskort": "card",
    "språk": "languages",
    "organization": "organisation",
}
DAY_NAMES = {
    0: ("mo", "mon", "monday", "man", "mandag", "må", "mån"),
    1: ("tu", "tue", "tuesday", "ti", "tir", "tirsdag", "tys", "tysdag"),
    2: ("we", "wed", "wednesday", "on", "ons", "onsdag"),
    3: ("th", "thu", "thursday", "to", "tor", "torsdag"),
    4: ("fr", "fri", "friday", "fre", "fredag"),
    5: ("sa", "sat", "saturday", "lø", "lør", "lørdag", "lau", "laurdag"),
    6: ("su", "sun", "sunday", "sø", "søn", "søndag", "sundag"),
}
DAY_LOOKUP = {name: day for day, names in DAY_NAMES.items() for name in names}
YES = {"yes", "ja", "true", "1", "x"}
NO = {"no", "nei", "nej", "false", "0", ""}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.time.min
            else value.isoformat(sep=" ", timespec="minutes")
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(name: str, content: bytes) -> list[list[str]]:
    """The sheet as rows of text. Refuses merged cells, wrong encodings and files too big or empty, clearly."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise ValidationError(_("The file could not be read as an Excel workbook (.xlsx).")) from None
        sheet = workbook.worksheets[0]
        merged = [str(r) for r in sheet.merged_cells.ranges]
        if merged:
            raise ValidationError(
                _(
                    "The sheet has merged cells (%(cells)s). "
                    "Unmerge them so that every row is one activity, and try again."
                )
                % {"cells": ", ".join(merged[:5])}
            )
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    elif lower.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not in UTF-8. In Excel, choose “Save as” and “CSV UTF-8”, and upload that file.")
            ) from None
        if "\x00" in text:
            raise ValidationError(_("The file is not a text CSV file."))
        sample = text[:4096]
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    rows = [r for r in rows if any(c for c in r)]
    if len(rows) < 2:
        raise ValidationError(_("The file has no rows below the header."))
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return rows


def _header(row: list[str]) -> list[str]:
    names = []
    for cell in row:
        key = cell.strip().lower().replace("-", "_")
        key = ALIASES.get(key, key).replace(" ", "_")
        names.append(key)
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ValidationError(_("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return names


def _bool(value: str, column: str, errors: list[str]) -> bool:
    v = value.strip().lower()
    if v in YES:
        return True
    if v in NO:
        return False
    errors.append(_("%(column)s: write yes or no, not “%(value)s”.") % {"column": column, "value": value})
    return False


def _date(value: str, column: str, errors: list[str]) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value.strip()[:10], fmt).date()
        except ValueError:
            continue
    errors.append(
        _("%(column)s: “%(value)s” is not a date (use 2026-09-01 or 01.09.2026).") % {"column": column, "value": value}
    )
    return None


def _time(value: str, column: str, errors: list[str]) -> datetime.time | None:
    for fmt in ("%H:%M", "%H.%M", "%H:%M:%S"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).time()
        except ValueError:
            continue
    errors.append(_("%(column)s: “%(value)s” is not a time (use 17:30).") % {"column": column, "value": value})
    return None


def _int(value: str, column: str, errors: list[str]) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        errors.append(_("%(column)s: “%(value)s” is not a whole number.") % {"column": column, "value": value})
        return None


class _Lookups:
    def __init__(self, municipality: Municipality) -> None:
        self.organisations = {o.name.casefold(): o for o in Organisation.objects.filter(municipality=municipality)}
        self.venues = {v.name.casefold(): v for v in Venue.objects.filter(municipality=municipality, is_active=True)}
        self.categories: dict[str, Category] = {}
        for c in Category.objects.filter(municipality=municipality):
            self.categories[c.key.casefold()] = c
            self.categories[c.name.casefold()] = c
        self.existing = set(
            Activity.objects.filter(municipality=municipality)
            .exclude(status=ActivityStatus.ENDED)
            .values_list("organisation_id", "title")
        )


def _row_to_input(
    municipality: Municipality, data: dict[str, str], lookups: _Lookups, seen: set[tuple[int, str]]
) -> tuple[dict[str, Any] | None, list[str]]:
    errors: list[str] = []
    for column in REQUIRED:
        if not data.get(column, "").strip():
            errors.append(_("%(column)s is empty.") % {"column": column})
    organisation = lookups.organisations.get(data.get("organisation", "").strip().casefold())
    if data.get("organisation") and organisation is None:
        errors.append(
            _("organisation: no organisation called “%(value)s”. Register it first.") % {"value": data["organisation"]}
        )
    elif organisation is not None and organisation.status in (
        OrganisationStatus.REJECTED,
        OrganisationStatus.SUSPENDED,
    ):
        errors.append(_("organisation: “%(value)s” is not approved.") % {"value": organisation.name})
    venue = lookups.venues.get(data.get("venue", "").strip().casefold())
    if data.get("venue") and venue is None:
        errors.append(
            _("venue: no venue called “%(value)s”. Ask the municipality to add it.") % {"value": data["venue"]}
        )
    category = lookups.categories.get(data.get("category", "").strip().casefold())
    if data.get("category") and category is None:
        errors.append(_("category: unknown category “%(value)s”.") % {"value": data["category"]})
    start_date = _date(data["start_date"], "start_date", errors) if data.get("start_date") else None
    end_date = _date(data["end_date"], "end_date", errors) if data.get("end_date") else None
    start_time = _time(data["start_time"], "start_time", errors) if data.get("start_time") else None
    end_time = _time(data["end_time"], "end_time", errors) if data.get("end_time") else None
    if start_date and end_date and end_date < start_date:
        errors.append(_("end_date: the last date is before the first date."))
    weekdays = []
    for token in data.get("weekdays", "").replace(";", ",").replace("/", ",").replace(" ", ",").split(","):
        token = token.strip().lower().rstrip(".")
        if not token:
            continue
        if token not in DAY_LOOKUP:
            errors.append(_("weekdays: “%(value)s” is not a day.") % {"value": token})
        else:
            weekdays.append(DAY_LOOKUP[token])
    every = _int(data.get("every_weeks", ""), "every_weeks", errors) or 1
    price_ore = None
    price_text = data.get("price", "").strip().replace(",", ".").replace("kr", "").strip()
    if price_text:
        try:
            price = Decimal(price_text)
        except InvalidOperation:
            errors.append(_("price: “%(value)s” is not an amount.") % {"value": data["price"]})
        else:
            if price < 0:
                errors.append(_("price: a price cannot be negative."))
            else:
                price_ore = int(price * 100)
    languages = [c.strip().lower() for c in data.get("languages", "").replace(";", ",").split(",") if c.strip()]
    bad_languages = [c for c in languages if c not in LANGUAGE_CODES]
    if bad_languages:
        errors.append(_("languages: unknown language code %(value)s.") % {"value": ", ".join(bad_languages)})
    groups = [c.strip().lower() for c in data.get("target_groups", "").replace(";", ",").split(",") if c.strip()]
    bad_groups = [g for g in groups if g not in TargetGroup.values]
    if bad_groups:
        errors.append(_("target_groups: unknown group %(value)s.") % {"value": ", ".join(bad_groups)})
    join = (data.get("join") or JoinMethod.DROP_IN).strip().lower()
    if join not in JoinMethod.values:
        errors.append(_("join: use drop_in, sign_up or external."))
    status = (data.get("status") or ActivityStatus.PUBLISHED).strip().lower()
    if status not in (ActivityStatus.PUBLISHED, ActivityStatus.DRAFT):
        errors.append(_("status: use published or draft."))
    if organisation is not None and data.get("title"):
        key = (organisation.pk, data["title"].strip())
        if key in lookups.existing:
            errors.append(
                _("title: %(organisation)s already lists “%(title)s”.")
                % {"organisation": organisation.name, "title": data["title"]}
            )
        elif key in seen:
            errors.append(_("title: this activity is in the file twice."))
        seen.add(key)
    fields: dict[str, Any] = {
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "category": category,
        "venue": venue,
        "age_min": _int(data.get("age_min", ""), "age_min", errors),
        "age_max": _int(data.get("age_max", ""), "age_max", errors),
        "price_type": PriceType.FIXED if price_ore else PriceType.FREE,
        "price_ore": price_ore or None,
        "accepts_card": _bool(data.get("card", ""), "card", errors),
        "join_method": join if join in JoinMethod.values else JoinMethod.DROP_IN,
        "join_url": data.get("join_url", ""),
        "capacity": _int(data.get("capacity", ""), "capacity", errors),
        "languages": languages,
        "target_groups": groups,
        "is_step_free": _bool(data.get("step_free", ""), "step_free", errors),
        "has_accessible_toilet": _bool(data.get("accessible_toilet", ""), "accessible_toilet", errors),
        "has_hearing_loop": _bool(data.get("hearing_loop", ""), "hearing_loop", errors),
        "is_adapted": _bool(data.get("adapted", ""), "adapted", errors),
        "companion_free": _bool(data.get("companion_free", ""), "companion_free", errors),
        "has_trial_session": _bool(data.get("trial", ""), "trial", errors),
        "contact_name": data.get("contact_name", ""),
        "contact_email": data.get("contact_email", ""),
        "contact_phone": data.get("contact_phone", ""),
    }
    if errors or organisation is None or start_date is None or start_time is None or end_time is None:
        return None, errors
    rule = recurrence.normalise_rrule(data.get("rrule", ""))
    if not rule and (weekdays or end_date):
        rule = recurrence.build_rrule(weekdays=weekdays or [start_date.weekday()], interval=every, until=end_date)
    schedule = services.ScheduleInput(
        start_date=start_date, start_time=start_time, end_time=end_time, rrule=rule, exdates=data.get("exdates", "")
    )
    # Run the same checks as the listing form, without writing anything.
    activity = Activity(municipality=municipality, organisation=organisation, **services._prepare(dict(fields)))
    try:
        services._validate(activity, None)
    except ValidationError as error:
        errors.extend(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    try:
        services._schedule_from(activity, schedule)
    except ValidationError as error:
        errors.extend(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    if errors:
        return None, errors
    return {
        "organisation": organisation,
        "fields": fields,
        "schedule": schedule,
        "publish": status == ActivityStatus.PUBLISHED,
    }, []


def _check_rows(municipality: Municipality, rows: list[list[str]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    header = _header(rows[0])
    lookups = _Lookups(municipality)
    seen: set[tuple[int, str]] = set()
    inputs, report = [], []
    for number, row in enumerate(rows[1:], start=2):
        data = {header[i]: (row[i] if i < len(row) else "") for i in range(len(header)) if header[i]}
        parsed, errors = _row_to_input(municipality, data, lookups, seen)
        report.append({"row": number, "title": data.get("title", ""), "errors": [str(e) for e in errors]})
        if parsed is not None:
            inputs.append(parsed)
    return inputs, report


def import_check(*, actor: User, municipality: Municipality, name: str, content: bytes) -> ActivityImport:
    """Read and check the file; store it with its row-by-row report. Nothing is added to the catalogue yet."""
    if not actor.has_perm("activities.import", municipality):
        raise PermissionDenied
    services.category_defaults_ensure(municipality=municipality)
    rows = read_table(name, content)
    _inputs, report = _check_rows(municipality, rows)
    return ActivityImport.objects.create(
        municipality=municipality, uploaded_by=actor, filename=name[:200], rows=rows, report=report
    )


def import_apply(*, actor: User, activity_import: ActivityImport) -> int:
    """Add every row, or none: the rows are checked again inside the transaction, and any error undoes all."""
    municipality = activity_import.municipality
    if not actor.has_perm("activities.import", municipality):
        raise PermissionDenied
    if activity_import.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This file has already been imported."))
    with transaction.atomic():
        locked = ActivityImport.objects.select_for_update().get(pk=activity_import.pk)
        if locked.status != ImportStatus.PREVIEW:
            raise ValidationError(_("This file has already been imported."))
        inputs, report = _check_rows(municipality, locked.rows)
        if any(r["errors"] for r in report):
            locked.report = report
            locked.save(update_fields=["report", "updated_at"])
            raise ValidationError(
                _("Some rows have errors. Correct the file and upload it again; nothing was imported.")
            )
        for item in inputs:
            fields = dict(item["fields"])
            services.activity_create(
                actor=actor,
                organisation=item["organisation"],
                schedule=item["schedule"],
                publish=item["publish"] and item["organisation"].is_approved,
                **fields,
            )
        locked.status = ImportStatus.APPLIED
        locked.created_count = len(inputs)
        locked.save(update_fields=["status", "created_count", "updated_at"])
        audit_record(
            actor=actor,
            municipality=municipality,
            action="activities.import.apply",
            obj=locked,
            after={"created": len(inputs)},
        )
    activity_import.refresh_from_db()
    return len(inputs)


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    return out.getvalue()
