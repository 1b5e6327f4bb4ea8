"""Analyse a CSV of inputs: suggested focus areas, themes and near-duplicate groups, optionally evaluated."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sammen.analysis.batch import InputFileError, analyse, read_focus_areas, read_inputs, write_rows
from sammen.analysis.engine import BackendUnavailable, get_backend


class Command(BaseCommand):
    help = (
        "Read a CSV with the columns id,text (optional language, channel, focus_area) and write "
        "id,suggested_focus_area,confidence,theme,duplicate_group."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file of inputs (UTF-8; comma, semicolon or tab separated)")
        parser.add_argument("--out", required=True, help="CSV file to write (replaced only when all went well)")
        parser.add_argument(
            "--train-fraction",
            type=float,
            default=None,
            help="Train on this share (0-1) of the labelled rows and hide the rest; 0 uses no labels at all",
        )
        parser.add_argument("--focus-areas", help="CSV with key,name,description of the focus areas")
        parser.add_argument("--evaluate", action="store_true", help="Print macro-F1 and accuracy on the hidden rows")
        parser.add_argument(
            "--backend",
            choices=["auto", "bundled", "local", "none"],
            default=None,
            help="Embedding backend (default: the SAMMEN_ANALYSIS_BACKEND setting, normally auto)",
        )
        parser.add_argument("--model-path", default=None, help="A local embedding model (for --backend local)")
        parser.add_argument("--themes", type=int, default=None, help="Number of themes (default: chosen from the data)")
        parser.add_argument("--seed", type=int, default=0, help="Seed for the split and the clustering")
        parser.add_argument(
            "--show-themes", action="store_true", help="Print each theme with its keywords and representative inputs"
        )
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], help="Language of the messages"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        fraction = options["train_fraction"]
        if fraction is not None and not 0 <= fraction <= 1:
            raise CommandError(_("--train-fraction must be between 0 and 1."))
        if options["evaluate"] and fraction is None:
            raise CommandError(
                _(
                    "--evaluate needs --train-fraction F to hide labelled rows to evaluate on "
                    "(F = 0 evaluates suggestions from the focus areas' descriptions alone)."
                )
            )
        if options["themes"] is not None and options["themes"] < 1:
            raise CommandError(_("--themes must be at least 1."))
        source, target = Path(options["file"]), Path(options["out"])
        if target.resolve() == source.resolve():
            raise CommandError(_("The output file must not be the input file."))
        kind = options["backend"] or settings.SAMMEN_ANALYSIS_BACKEND
        path = options["model_path"] or settings.SAMMEN_ANALYSIS_MODEL_PATH
        started = time.perf_counter()
        try:
            table = read_inputs(source)
            areas = read_focus_areas(Path(options["focus_areas"])) if options["focus_areas"] else None
            backend = get_backend(kind, path)
            for warning in table.warnings:
                self.stderr.write(self.style.WARNING(warning))
            result = analyse(
                table,
                areas,
                backend=backend,
                train_fraction=fraction,
                evaluate=options["evaluate"],
                seed=options["seed"],
                n_themes=options["themes"],
                say=self.stdout.write,
            )
            write_rows(target, result.rows)
        except (InputFileError, BackendUnavailable) as error:
            raise CommandError(str(error)) from None
        method = backend.name if backend is not None else _("words and character n-grams (no embedding model)")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Wrote %(rows)d rows to %(path)s: %(themes)d themes, %(groups)d near-duplicate groups "
                    "(method: %(method)s, %(seconds).1f s)."
                )
                % {
                    "rows": len(result.rows),
                    "path": target,
                    "themes": result.themes,
                    "groups": result.duplicate_groups,
                    "method": method,
                    "seconds": time.perf_counter() - started,
                }
            )
        )
        if options["show_themes"] and result.theme_result is not None:
            for theme in result.theme_result.themes:
                self.stdout.write(
                    _("Theme %(id)d: %(label)s (%(size)d inputs). Keywords: %(keywords)s")
                    % {"id": theme.id, "label": theme.label, "size": theme.size, "keywords": ", ".join(theme.keywords)}
                )
                for record_id in theme.representative_ids:
                    self.stdout.write(f"    {record_id}: {result.texts[record_id][:160]}")
        if result.evaluation is not None:
            scores = result.evaluation
            self.stdout.write(
                _("Hidden rows: %(rows)d (trained on %(trained)d). Macro-F1: %(f1).3f. Accuracy: %(accuracy).3f.")
                % {
                    "rows": scores.rows,
                    "trained": result.trained_on,
                    "f1": scores.macro_f1,
                    "accuracy": scores.accuracy,
                }
            )
            for column, values in result.by_column.items():
                for value, part in values.items():
                    self.stdout.write(
                        f"  {column}={value}: n={part.rows} macro-F1={part.macro_f1:.3f} accuracy={part.accuracy:.3f}"
                    )
        if result.duplicates is not None:
            pairs = result.duplicates
            self.stdout.write(
                _(
                    "Near-duplicate pairs: %(found)d found, %(correct)d correct, %(true)d in the key column. "
                    "Precision: %(precision).3f. Recall: %(recall).3f."
                )
                % {
                    "found": pairs.predicted_pairs,
                    "correct": pairs.correct_pairs,
                    "true": pairs.true_pairs,
                    "precision": pairs.precision,
                    "recall": pairs.recall,
                }
            )
