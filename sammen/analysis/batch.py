"""Batch analysis of a CSV file: read and check the inputs, run the engine, write the result in one go.

Used by `manage.py analyse_inputs`; every message a person reads is translated, and nothing is written
unless the whole analysis succeeded (the output is written to a temporary file and then renamed).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .engine import (
    Corpus,
    DuplicateSettings,
    EmbeddingBackend,
    FocusArea,
    InputRecord,
    ThemeResult,
    ThemeSettings,
    compute_features,
    find_duplicates,
    find_themes,
    suggest,
    train,
)
from .engine.duplicates import group_of
from .engine.evaluation import PairScores, Scores, duplicate_pair_scores, score, split_labelled
from .engine.text import MAX_TEXT_CHARS

OUTPUT_COLUMNS = ["id", "suggested_focus_area", "confidence", "theme", "duplicate_group"]
MAX_FILE_BYTES = 200 * 1024 * 1024

Say = Callable[[str], None]


class InputFileError(Exception):
    """A file that cannot be analysed; the message says why and what to do, in the user's language."""


@dataclass
class InputTable:
    records: list[InputRecord]
    extra: dict[str, dict[str, str]]  # record id → columns the engine does not use (e.g. duplicate_key)
    columns: list[str]
    warnings: list[str] = field(default_factory=list)


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(_("The file %(path)s does not exist.") % {"path": path}) from None
    except IsADirectoryError:
        raise InputFileError(_("%(path)s is a folder, not a file.") % {"path": path}) from None
    except OSError as error:
        raise InputFileError(_("Could not read %(path)s: %(error)s") % {"path": path, "error": error}) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputFileError(_("The file %(path)s is larger than 200 MB.") % {"path": path})
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    raise InputFileError(
        _(
            "The file %(path)s is not UTF-8 text (it looks like Windows-1252 or Latin-1). "
            "Save it again as “CSV UTF-8” and try once more."
        )
        % {"path": path}
    )


def _rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = _decode(path)
    if "\x00" in text:
        raise InputFileError(_("The file %(path)s is not a CSV file.") % {"path": path})
    if not text.strip():
        raise InputFileError(_("The file %(path)s is empty.") % {"path": path})
    first_line = text.lstrip().splitlines()[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip().lower() for column in next(reader)]
        rows = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise InputFileError(_("Line %(line)d has more columns than the header.") % {"line": reader.line_num})
            rows.append((reader.line_num, dict(zip(header, row, strict=False))))
    except csv.Error as error:
        raise InputFileError(
            _("The file %(path)s is not valid CSV: %(error)s") % {"path": path, "error": error}
        ) from None
    return header, rows


def read_inputs(path: Path) -> InputTable:
    """The inputs of a CSV with at least `id,text` (optional `language`, `channel`, `focus_area`)."""
    header, rows = _rows(path)
    missing = [column for column in ("id", "text") if column not in header]
    if missing:
        raise InputFileError(
            _("The file lacks the column(s) %(missing)s. It has: %(found)s. The first line must name the columns.")
            % {"missing": ", ".join(missing), "found": ", ".join(column for column in header if column) or "—"}
        )
    if not rows:
        raise InputFileError(_("The file %(path)s has a header but no inputs.") % {"path": path})
    records, extra, seen = [], {}, set()
    too_long = empty = 0
    for line, row in rows:
        record_id = (row.get("id") or "").strip()
        if not record_id:
            raise InputFileError(_("Line %(line)d has no id.") % {"line": line})
        if record_id in seen:
            raise InputFileError(
                _("The id %(id)s appears more than once (again on line %(line)d); ids must be unique.")
                % {"id": record_id, "line": line}
            )
        seen.add(record_id)
        text = row.get("text") or ""
        too_long += len(text) > MAX_TEXT_CHARS
        empty += not text.strip()
        records.append(
            InputRecord(
                id=record_id,
                text=text,
                language=(row.get("language") or "").strip() or None,
                channel=(row.get("channel") or "").strip() or None,
                focus_area=(row.get("focus_area") or "").strip() or None,
            )
        )
        extra[record_id] = {
            key: value for key, value in row.items() if key not in {"id", "text", "language", "channel", "focus_area"}
        }
    table = InputTable(records=records, extra=extra, columns=header)
    if empty:
        table.warnings.append(
            ngettext(
                "%(count)d input has no text; it gets no suggestion, theme or group.",
                "%(count)d inputs have no text; they get no suggestion, theme or group.",
                empty,
            )
            % {"count": empty}
        )
    if too_long:
        table.warnings.append(
            ngettext(
                "%(count)d input is longer than %(max)d characters; only its start is analysed.",
                "%(count)d inputs are longer than %(max)d characters; only their start is analysed.",
                too_long,
            )
            % {"count": too_long, "max": MAX_TEXT_CHARS}
        )
    return table


def read_focus_areas(path: Path) -> list[FocusArea]:
    header, rows = _rows(path)
    missing = [column for column in ("key", "name") if column not in header]
    if missing:
        raise InputFileError(
            _("The focus-area file lacks the column(s) %(missing)s; it needs key,name,description.")
            % {"missing": ", ".join(missing)}
        )
    areas: list[FocusArea] = []
    for line, row in rows:
        key, name = (row.get("key") or "").strip(), (row.get("name") or "").strip()
        if not key or not name:
            raise InputFileError(
                _("Line %(line)d of the focus-area file needs both a key and a name.") % {"line": line}
            )
        if any(area.key == key for area in areas):
            raise InputFileError(_("The focus area %(key)s appears more than once.") % {"key": key})
        areas.append(FocusArea(key=key, name=name, description=(row.get("description") or "").strip()))
    if len(areas) < 2:
        raise InputFileError(_("The focus-area file must list at least two focus areas."))
    return areas


@dataclass
class BatchResult:
    rows: list[dict[str, str]]
    themes: int
    duplicate_groups: int
    trained_on: int
    evaluation: Scores | None = None
    by_column: dict[str, dict[str, Scores]] = field(default_factory=dict)
    duplicates: PairScores | None = None
    theme_result: ThemeResult | None = None
    texts: dict[str, str] = field(default_factory=dict)


def analyse(
    table: InputTable,
    areas: list[FocusArea] | None,
    *,
    backend: EmbeddingBackend | None,
    train_fraction: float | None = None,
    evaluate: bool = False,
    seed: int = 0,
    n_themes: int | None = None,
    say: Say | None = None,
) -> BatchResult:
    """Suggestions, themes and duplicate groups for every input with text."""
    say = say or (lambda message: None)
    labels = {record.id: record.focus_area for record in table.records if record.focus_area}
    if areas is None:
        keys = sorted(set(labels.values()))
        if len(keys) < 2:
            raise InputFileError(
                _(
                    "There is nothing to suggest from: give the focus areas with --focus-areas AREAS.csv, "
                    "or label inputs in at least two focus areas in the focus_area column."
                )
            )
        areas = [FocusArea(key=key, name=key.replace("_", " ")) for key in keys]
    known = {area.key for area in areas}
    unknown = sorted({key for key in labels.values() if key not in known})
    if unknown:
        raise InputFileError(
            _("The focus_area column uses %(unknown)s, which the focus-area file does not list (it lists %(known)s).")
            % {"unknown": ", ".join(unknown), "known": ", ".join(sorted(known))}
        )
    with_text = [record for record in table.records if record.text.strip()]
    say(
        ngettext("Computing features for %(count)d input…", "Computing features for %(count)d inputs…", len(with_text))
        % {"count": len(with_text)}
    )
    computed = compute_features(with_text, backend)
    kept = [(record, item) for record, item in zip(with_text, computed, strict=True) if _has_words(item.text)]
    if len(kept) < len(with_text):
        dropped = len(with_text) - len(kept)
        say(
            ngettext(
                "%(count)d input has no words (only emoji, symbols or markup); it is left out.",
                "%(count)d inputs have no words (only emoji, symbols or markup); they are left out.",
                dropped,
            )
            % {"count": dropped}
        )
    if not kept:
        raise InputFileError(_("None of the inputs has any words to analyse."))
    with_text = [record for record, _item in kept]
    features = [item for _record, item in kept]
    corpus = Corpus(with_text, features)
    usable = set(corpus.ids)
    labels = {record_id: key for record_id, key in labels.items() if record_id in usable}

    hidden: dict[str, str] = {}
    training = labels
    if train_fraction is not None:
        groups = {record_id: row.get("duplicate_key", "") for record_id, row in table.extra.items()}
        training, hidden = split_labelled(labels, train_fraction, seed=seed, groups=groups)
    say(
        ngettext(
            "Suggesting focus areas (trained on %(count)d labelled input)…",
            "Suggesting focus areas (trained on %(count)d labelled inputs)…",
            len(training),
        )
        % {"count": len(training)}
    )
    model = train(corpus, areas, training, backend=backend, seed=seed)
    suggestions = {item.id: item for item in suggest(model, corpus)}
    say(_("Finding themes…"))
    themes = find_themes(corpus, ThemeSettings(n_themes=n_themes, seed=seed))
    theme_of = {member: theme for theme in themes.themes for member in theme.member_ids}
    say(_("Finding near-duplicates…"))
    groups_found = find_duplicates(corpus, DuplicateSettings())
    group_ids = group_of(groups_found)

    rows = []
    for record in table.records:
        suggestion = suggestions.get(record.id)
        theme = theme_of.get(record.id)
        rows.append(
            {
                "id": record.id,
                "suggested_focus_area": suggestion.focus_area if suggestion else "",
                "confidence": f"{suggestion.confidence:.3f}" if suggestion else "",
                "theme": f"{theme.id}: {theme.label}" if theme else "",
                "duplicate_group": str(group_ids[record.id]) if record.id in group_ids else "",
            }
        )
    result = BatchResult(
        rows=rows,
        themes=len(themes.themes),
        duplicate_groups=len(groups_found),
        trained_on=len(training),
        theme_result=themes,
        texts={record.id: item.text for record, item in zip(with_text, features, strict=True)},
    )
    if evaluate:
        predicted = {record_id: item.focus_area for record_id, item in suggestions.items()}
        result.evaluation = score(hidden, predicted)
        for column in ("language", "difficulty", "channel"):
            values = {
                record.id: (getattr(record, column, None) or table.extra[record.id].get(column) or "")
                for record in table.records
            }
            if any(values.get(record_id) for record_id in hidden):
                result.by_column[column] = {
                    value: score(hidden, predicted, [i for i in sorted(hidden) if values.get(i) == value])
                    for value in sorted({values[i] for i in hidden if values.get(i)})
                }
        if "duplicate_key" in table.columns:
            duplicate_keys = {record.id: table.extra[record.id].get("duplicate_key", "") for record in with_text}
            result.duplicates = duplicate_pair_scores(groups_found, duplicate_keys)
    return result


def _has_words(text: str) -> bool:
    return any(character.isalpha() for character in text)


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Write the result CSV atomically: a temporary file next to it, renamed over it at the end."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InputFileError(_("The folder %(folder)s does not exist.") % {"folder": folder})
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed or removed
        "w", encoding="utf-8", newline="", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            writer = csv.DictWriter(handle, fieldnames=OUTPUT_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
