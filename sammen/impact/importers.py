"""Reading value tables (CSV/XLSX) and public-health statistics extracts into validated rows, without writing anything.

Both readers return an `ImportPlan`: the rows that would be written and a list of problems by row number. The services
write a plan only when it has no problems, in one transaction (docs/impact.md describes the accepted shapes).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from sammen.places.models import Municipality, Neighbourhood

from .models import Indicator, Sex

MAX_ROWS = 50_000
FIRST_YEAR = 1950

SUPPRESSED_MARKS = {":", "3", "anonymisert", "prikket"}
MISSING_MARKS = {"..", "1", "manglende"}
NOT_APPLICABLE_MARKS = {".", "2"}
TRUE_WORDS = {"1", "x", "yes", "ja", "true", ":", "suppressed", "prikket"}

SEX_WORDS = {
    "": Sex.ALL,
    "0": Sex.ALL,
    "all": Sex.ALL,
    "alle": Sex.ALL,
    "everyone": Sex.ALL,
    "begge kjønn": Sex.ALL,
    "begge kjonn": Sex.ALL,
    "i alt": Sex.ALL,
    "2": Sex.FEMALE,
    "female": Sex.FEMALE,
    "women": Sex.FEMALE,
    "kvinner": Sex.FEMALE,
    "kvinne": Sex.FEMALE,
    "kvinder": Sex.FEMALE,
    "1": Sex.MALE,
    "male": Sex.MALE,
    "men": Sex.MALE,
    "menn": Sex.MALE,
    "mann": Sex.MALE,
    "mænd": Sex.MALE,
}
ALL_AGES = {"", "alle aldre", "alle", "all ages", "i alt", "totalt", "total"}
MUNICIPALITY_WORDS = {"hele kommunen", "kommunen", "municipality", "the municipality", "kommune", "hele kommunen i alt"}

COLUMN_ALIASES = {
    "indicator": {"indicator", "indikator"},
    "place": {"neighbourhood", "nabolag", "område", "omrade", "sted", "place", "geografi", "lokalområde"},
    "place_code": {"stedkode", "place code", "geo"},
    "year": {"year", "år", "aar", "periode", "period"},
    "sex": {"sex", "kjønn", "kjonn", "køn"},
    "age": {"age", "alder", "age band", "aldersgruppe"},
    "value": {"value", "verdi", "værdi"},
    "flag": {"suppressed", "prikket", "flagg", "flag", "spvflagg"},
    "respondents": {"respondents", "antall svar", "n"},
    "source": {"source", "kilde"},
    "measure": {"måltall", "maltall", "measure type", "measure", "måltal"},
}


@dataclass
class PlannedValue:
    row: int
    indicator: Indicator
    neighbourhood: Neighbourhood | None
    year_from: int
    year_to: int
    sex: str
    age_band: str
    value: Decimal | None
    is_suppressed: bool
    respondents: int | None
    source: str

    @property
    def key(self) -> tuple[int, int | None, int, int, str, str]:
        return (
            self.indicator.pk,
            self.neighbourhood.pk if self.neighbourhood else None,
            self.year_from,
            self.year_to,
            self.sex,
            self.age_band,
        )

    @property
    def group_label(self) -> str:
        parts = [str(Sex(self.sex).label)] if self.sex != Sex.ALL else []
        return " ".join([*parts, self.age_band]).strip()

    @property
    def place_label(self) -> str:
        return self.neighbourhood.name if self.neighbourhood else _("Whole municipality")

    @property
    def period_label(self) -> str:
        return str(self.year_to) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"


@dataclass
class ImportPlan:
    values: list[PlannedValue] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    replaced: int = 0
    # Values with a respondent count that are stored as suppressed: small, or revealing a small group by subtraction.
    protected: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.values)


class UnreadableFile(Exception):
    pass


def read_table(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX file as dicts keyed by lower-case header."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise UnreadableFile(_("The file is neither UTF-8 nor Windows-1252 text."))
    if "\x00" in text:
        raise UnreadableFile(_("This does not look like a CSV file. Upload a .csv or .xlsx file."))
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise UnreadableFile(_("The file is empty."))
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [h.strip().strip('"').lower() for h in next(reader)]
    rows = []
    for cells in reader:
        rows.append({header[i]: (cells[i].strip() if i < len(cells) else "") for i in range(len(header))})
        if len(rows) > MAX_ROWS:
            raise UnreadableFile(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return rows


def _read_xlsx(content: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise UnreadableFile(_("The spreadsheet could not be read. Save it as .xlsx and try again.")) from error
    sheet = workbook.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        header = [str(h).strip().lower() if h is not None else "" for h in next(rows_iter)]
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    rows = []
    for cells in rows_iter:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append({header[i]: _cell_text(cells[i]) if i < len(cells) else "" for i in range(len(header))})
        if len(rows) > MAX_ROWS:
            raise UnreadableFile(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return rows


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _columns(rows: list[dict[str, str]]) -> dict[str, str]:
    """Our column name → the file's header, for the columns present."""
    headers = set(rows[0].keys()) if rows else set()
    found = {}
    for name, aliases in COLUMN_ALIASES.items():
        for header in headers:
            if header in aliases:
                found[name] = header
                break
    return found


class _Places:
    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self.by_name: dict[str, Neighbourhood] = {}
        for neighbourhood in Neighbourhood.objects.filter(municipality=municipality):
            self.by_name[neighbourhood.name.lower()] = neighbourhood
            self.by_name[neighbourhood.slug.lower()] = neighbourhood
        name = municipality.name.lower()
        self.municipality_names = MUNICIPALITY_WORDS | {name, re.sub(r"\s+(kommune)$", "", name)}
        if municipality.code:
            self.municipality_names.add(municipality.code)

    def resolve(self, text: str, code: str = "") -> tuple[bool, Neighbourhood | None]:
        """(found, neighbourhood or None for the whole municipality)."""
        key = text.strip().lower()
        if key in self.municipality_names or (code and code in self.municipality_names):
            return True, None
        if key in self.by_name:
            return True, self.by_name[key]
        return False, None


def parse_period(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-_–/]\s*(\d{4}))?\s*", text or "")
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return (first, last) if last >= first else None


def parse_number(text: str) -> Decimal | None:
    cleaned = (text or "").replace("\u00a0", "").replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def normalise_age(text: str) -> str:
    label = (text or "").strip().lower().replace(" år", "").replace(" years", "").replace(" ", "")
    label = label.replace("_", "-").replace("–", "-")
    return "" if label in {a.replace(" ", "") for a in ALL_AGES} else label


def _check_year(plan: ImportPlan, row: int, period: tuple[int, int] | None, raw: str) -> bool:
    this_year = datetime.date.today().year
    if period is None:
        plan.problems.append((row, _("“%(year)s” is not a year or a period like 2019-2021.") % {"year": raw}))
        return False
    if period[0] < FIRST_YEAR or period[1] > this_year:
        plan.problems.append(
            (
                row,
                _("The year %(year)s is outside %(first)s–%(last)s.")
                % {"year": raw, "first": FIRST_YEAR, "last": this_year},
            )
        )
        return False
    return True


def protect_small_groups(plan: ImportPlan, k: int) -> None:
    """Suppress, before anything is stored, the values from fewer than k respondents and those that would reveal them.

    Only values that carry a respondent count take part (per indicator and period): the neighbourhoods and the rest of
    the municipality make up the municipality, women and men (and the rest) make up everyone, the age bands (and the
    rest) make up everyone. The rests are what the parent's count leaves over; they are never shown.
    """
    from collections import defaultdict

    from .suppression import Group, suppress

    by_table: dict[tuple[int, int, int], list[PlannedValue]] = defaultdict(list)
    for value in plan.values:
        if value.respondents is not None and not value.is_suppressed:
            by_table[(value.indicator.pk, value.year_from, value.year_to)].append(value)
    for values in by_table.values():
        counts: dict[tuple[Any, str, str], int] = {}
        cells: dict[tuple[Any, str, str], PlannedValue] = {}
        for value in values:
            key = (value.neighbourhood.pk if value.neighbourhood else "municipality", value.sex, value.age_band)
            counts[key] = value.respondents or 0
            cells[key] = value
        places = {key[0] for key in counts}
        groups, rests = [], []
        columns = {(key[1], key[2]) for key in counts}
        for column in columns:
            parent = ("municipality", *column)
            children = tuple((place, *column) for place in places if place != "municipality")
            if parent in counts and children:
                rest = ("rest", *column)
                counts[rest] = max(counts[parent] - sum(counts.get(c, 0) for c in children), 0)
                groups.append(Group(parent, (*children, rest)))
                rests.append(rest)
        for place in places:
            parent = (place, Sex.ALL, "")
            if parent not in counts:
                continue
            for children in (
                tuple((place, sex, "") for sex in (Sex.FEMALE, Sex.MALE) if (place, sex, "") in counts),
                tuple(key for key in counts if key[0] == place and key[1] == Sex.ALL and key[2]),
            ):
                if children:
                    rest = (place, f"rest-{len(groups)}", "")
                    counts[rest] = max(counts[parent] - sum(counts[c] for c in children), 0)
                    groups.append(Group(parent, (*children, rest)))
                    rests.append(rest)
        hidden = suppress(counts, groups, k, never_shown=rests)
        for cell_key, cell in cells.items():
            if cell_key in hidden:
                cell.value, cell.respondents, cell.is_suppressed = None, None, True
                plan.protected += 1


def _finish(plan: ImportPlan) -> ImportPlan:
    seen: dict[tuple[int, int | None, int, int, str, str], int] = {}
    for value in plan.values:
        if value.key in seen:
            plan.problems.append(
                (
                    value.row,
                    _("This row repeats row %(row)s (same indicator, place, period, sex and age).")
                    % {"row": seen[value.key]},
                )
            )
        else:
            seen[value.key] = value.row
    if not plan.values and not plan.problems:
        plan.problems.append((0, _("The file has no values to import.")))
    plan.problems.sort()
    return plan


def plan_table(*, municipality: Municipality, rows: list[dict[str, str]], default_source: str = "") -> ImportPlan:
    """A plain value table: indicator, place, year, (sex, age,) value, (suppressed, respondents, source)."""
    plan = ImportPlan()
    columns = _columns(rows)
    missing = [name for name in ("indicator", "place", "year", "value") if name not in columns]
    if missing:
        plan.problems.append(
            (
                0,
                _("The file lacks the columns: %(columns)s. The first row must name the columns.")
                % {"columns": ", ".join(missing)},
            )
        )
        return plan
    indicators = {i.name.lower(): i for i in Indicator.objects.filter(municipality=municipality)}
    places = _Places(municipality)
    for number, row in enumerate(rows, start=2):
        name = row[columns["indicator"]]
        indicator = indicators.get(name.strip().lower())
        if indicator is None:
            plan.problems.append((number, _("There is no indicator called “%(name)s”.") % {"name": name}))
            continue
        found, neighbourhood = places.resolve(row[columns["place"]])
        if not found:
            plan.problems.append(
                (
                    number,
                    _("“%(place)s” is not a neighbourhood of %(municipality)s.")
                    % {"place": row[columns["place"]], "municipality": municipality.name},
                )
            )
            continue
        raw_year = row[columns["year"]]
        period = parse_period(raw_year)
        if not _check_year(plan, number, period, raw_year):
            continue
        assert period is not None
        sex = SEX_WORDS.get(row.get(columns.get("sex", ""), "").strip().lower()) if "sex" in columns else Sex.ALL
        if sex is None:
            plan.problems.append(
                (number, _("“%(sex)s” is not a sex we know (all, women, men).") % {"sex": row[columns["sex"]]})
            )
            continue
        age = normalise_age(row.get(columns.get("age", ""), "")) if "age" in columns else ""
        flag = row.get(columns.get("flag", ""), "").strip().lower() if "flag" in columns else ""
        suppressed = flag in TRUE_WORDS
        raw_value = row[columns["value"]]
        value = None
        if raw_value.strip() == ":":
            suppressed = True
        elif raw_value.strip():
            value = parse_number(raw_value)
            if value is None:
                plan.problems.append((number, _("The value “%(value)s” is not a number.") % {"value": raw_value}))
                continue
        if suppressed and value is not None:
            plan.problems.append((number, _("The row is marked as suppressed but has a value.")))
            continue
        if not suppressed and value is None:
            plan.problems.append((number, _("The value is missing. Mark the row as suppressed if it was hidden.")))
            continue
        respondents = None
        if "respondents" in columns and row[columns["respondents"]].strip():
            raw_n = row[columns["respondents"]].strip()
            if not raw_n.isdigit():
                plan.problems.append(
                    (number, _("The number of respondents “%(n)s” is not a whole number.") % {"n": raw_n})
                )
                continue
            respondents = int(raw_n)
        source = (row.get(columns.get("source", ""), "") if "source" in columns else "").strip()
        plan.values.append(
            PlannedValue(
                row=number,
                indicator=indicator,
                neighbourhood=neighbourhood,
                year_from=period[0],
                year_to=period[1],
                sex=sex,
                age_band=age,
                value=value,
                is_suppressed=suppressed,
                respondents=respondents,
                source=source or default_source or indicator.source,
            )
        )
    return _finish(plan)


def plan_fhi_extract(
    *,
    municipality: Municipality,
    rows: list[dict[str, str]],
    indicator: Indicator | None,
    measure_type: str,
    source: str,
) -> ImportPlan:
    """An extract in the shape of FHI's public health statistics (see docs/impact.md, "Statistics extracts")."""
    plan = ImportPlan()
    columns = _columns(rows)
    missing = [name for name in ("place", "year", "sex", "age", "value") if name not in columns]
    if "indicator" not in columns and indicator is None:
        missing.append("indikator")
    if missing:
        plan.problems.append(
            (
                0,
                _("The file lacks the columns: %(columns)s. The first row must name the columns.")
                % {"columns": ", ".join(missing)},
            )
        )
        return plan
    by_name: dict[str, Indicator] = {}
    for candidate in Indicator.objects.filter(municipality=municipality):
        by_name[candidate.name.lower()] = candidate
        if candidate.source_code:
            by_name[candidate.source_code.lower()] = candidate
    measures = {row.get(columns.get("measure", ""), "").strip() for row in rows} if "measure" in columns else {""}
    wanted_measure = measure_type.strip()
    if "measure" in columns and not wanted_measure:
        if len(measures) > 1:
            plan.problems.append(
                (
                    0,
                    _("The file has several measure types (%(types)s). Choose which one to import.")
                    % {"types": ", ".join(sorted(measures))},
                )
            )
            return plan
        wanted_measure = next(iter(measures))
    places = _Places(municipality)
    # Per indicator: the age labels in the file. With one label only, that label is the indicator's total.
    ages_by_indicator: dict[int, set[str]] = {}
    parsed: list[tuple[int, Indicator, dict[str, str]]] = []
    for number, row in enumerate(rows, start=2):
        if "measure" in columns and row[columns["measure"]].strip().lower() != wanted_measure.lower():
            plan.skipped.append((number, _("Another measure type: %(type)s") % {"type": row[columns["measure"]]}))
            continue
        target = indicator
        if "indicator" in columns and row[columns["indicator"]].strip():
            target = by_name.get(row[columns["indicator"]].strip().lower())
            if target is None or (indicator is not None and target != indicator):
                if indicator is not None:
                    plan.skipped.append(
                        (number, _("Another indicator: %(name)s") % {"name": row[columns["indicator"]]})
                    )
                else:
                    plan.problems.append(
                        (
                            number,
                            _("No indicator matches “%(name)s” (its name or its code in the source).")
                            % {"name": row[columns["indicator"]]},
                        )
                    )
                continue
        if target is None:
            plan.problems.append((number, _("The row names no indicator.")))
            continue
        ages_by_indicator.setdefault(target.pk, set()).add(normalise_age(row[columns["age"]]))
        parsed.append((number, target, row))
    for number, target, row in parsed:
        found, neighbourhood = places.resolve(row[columns["place"]], row.get(columns.get("place_code", ""), "").strip())
        if not found:
            plan.problems.append(
                (
                    number,
                    _("“%(place)s” is not a neighbourhood of %(municipality)s.")
                    % {"place": row[columns["place"]], "municipality": municipality.name},
                )
            )
            continue
        raw_year = row[columns["year"]]
        period = parse_period(raw_year)
        if not _check_year(plan, number, period, raw_year):
            continue
        assert period is not None
        sex = SEX_WORDS.get(row[columns["sex"]].strip().lower())
        if sex is None:
            plan.problems.append(
                (number, _("“%(sex)s” is not a sex we know (all, women, men).") % {"sex": row[columns["sex"]]})
            )
            continue
        if sex != Sex.ALL and not target.breakdown_by_sex:
            plan.skipped.append((number, _("%(indicator)s is not broken down by sex") % {"indicator": target.name}))
            continue
        age = normalise_age(row[columns["age"]])
        if len(ages_by_indicator[target.pk]) == 1:
            age = ""
        elif age and not target.breakdown_by_age:
            plan.skipped.append((number, _("%(indicator)s is not broken down by age") % {"indicator": target.name}))
            continue
        flag = row.get(columns.get("flag", ""), "").strip().lower() if "flag" in columns else ""
        raw_value = row[columns["value"]].strip()
        if raw_value in {":", "..", "."} and not flag:
            flag = raw_value
        if flag in MISSING_MARKS or flag in NOT_APPLICABLE_MARKS:
            plan.skipped.append((number, _("No data for this cell in the source")))
            continue
        suppressed = flag in SUPPRESSED_MARKS
        if flag and flag not in {"0"} and not suppressed:
            plan.problems.append((number, _("The flag “%(flag)s” is not one we know (:, .., .).") % {"flag": flag}))
            continue
        value = None
        if suppressed:
            if raw_value not in {"", ":"}:
                plan.problems.append((number, _("The row is marked as suppressed but has a value.")))
                continue
        else:
            value = parse_number(raw_value)
            if value is None:
                plan.problems.append((number, _("The value “%(value)s” is not a number.") % {"value": raw_value}))
                continue
        plan.values.append(
            PlannedValue(
                row=number,
                indicator=target,
                neighbourhood=neighbourhood,
                year_from=period[0],
                year_to=period[1],
                sex=sex,
                age_band=age,
                value=value,
                is_suppressed=suppressed,
                respondents=None,
                source=source or target.source,
            )
        )
    return _finish(plan)
