"""The impact module's side of its links to the co-creation processes (participation) and the roadmap.

Neither app is required. What each side does:

* Roadmap → indicators: the roadmap declares `Measure.indicators = models.ManyToManyField("impact.Indicator",
  related_name="measures", blank=True)` and offers `indicator_choices(municipality)` in its measure form. The
  indicator page then lists `measures_for_indicator(indicator)`.
* Survey free text → co-creation inputs: `survey_free_text_export()` returns one record per free-text answer in the
  shape the participation import takes (a CSV with these columns works today); `send_free_text_to_inputs()` hands
  them to `sammen.participation.services.input_import_records(actor=, process=, records=)` when that app is installed.
* Report → co-creation: `cocreation_summary()` asks `sammen.participation.selectors.process_report_summary(
  municipality=, neighbourhood=)` for what was done, with whom and what changed.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.places.models import Municipality, Neighbourhood

from .models import Answer, Indicator, QuestionKind, Survey

# The columns of the participation import (issue 3: text, channel, date, language, neighbourhood, tags) plus an
# external id, so importing the same export twice creates no duplicates.
INPUT_COLUMNS = [
    "external_id",
    "text",
    "channel",
    "engagement_kind",
    "date",
    "language",
    "neighbourhood",
    "tags",
    "source",
]


def participation_installed() -> bool:
    return apps.is_installed("sammen.participation")


def roadmap_installed() -> bool:
    return apps.is_installed("sammen.roadmap")


def indicator_choices(*, municipality: Municipality) -> QuerySet[Indicator]:
    """The indicators a roadmap measure of this municipality may aim to move."""
    return (
        Indicator.objects.filter(municipality=municipality)
        .select_related("goal")
        .order_by("goal__order", "order", "name")
    )


def measures_for_indicator(indicator: Indicator) -> list[Any]:
    """The roadmap measures that aim to move this indicator ([] until the roadmap declares its side)."""
    related = getattr(indicator, "measures", None)
    if related is None:
        return []
    return list(related.all())


def survey_free_text_export(*, actor: User, survey: Survey) -> list[dict[str, str]]:
    """Every free-text answer as an input record. Owners only: free text is raw answer data."""
    from .rules import may_read_answers

    if not may_read_answers(actor, survey):
        raise PermissionDenied
    answers = (
        Answer.objects.filter(question__survey=survey, question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .select_related("question", "response__neighbourhood")
        .order_by("pk")
    )
    records = []
    for answer in answers:
        response = answer.response
        records.append(
            {
                "external_id": f"impact-survey-{survey.pk}-answer-{answer.pk}",
                "text": answer.text,
                "channel": "survey",
                "engagement_kind": "survey",
                "date": response.submitted_on.isoformat(),
                "language": response.language,
                "neighbourhood": response.neighbourhood.slug if response.neighbourhood else "",
                "tags": answer.question.bank_key,
                "source": _("Resident survey: %(title)s – %(question)s")
                % {"title": survey.title, "question": answer.question.text_in(response.language)},
            }
        )
    return records


def free_text_csv(records: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=INPUT_COLUMNS)
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def send_free_text_to_inputs(*, actor: User, survey: Survey, process: Any) -> int:
    """Hand the free-text answers to the co-creation process's inputs; returns how many were taken."""
    if not participation_installed():
        raise RuntimeError("The participation app is not installed.")
    from importlib import import_module

    participation_services = import_module("sammen.participation.services")
    records = survey_free_text_export(actor=actor, survey=survey)
    result = participation_services.input_import_records(actor=actor, process=process, records=records)
    return int(result) if isinstance(result, int) else len(records)


def process_choices(*, municipality: Municipality) -> list[Any]:
    """The co-creation processes free text can be sent to ([] without the participation app)."""
    if not participation_installed():
        return []
    label = "participation.Process"  # declared by the participation app, which may not be installed
    model = apps.get_model(label)
    return list(model.objects.filter(municipality=municipality))


def cocreation_summary(*, municipality: Municipality, neighbourhood: Neighbourhood) -> dict[str, Any] | None:
    """What the co-creation processes did in the neighbourhood, for the report; None without the participation app."""
    if not participation_installed():
        return None
    from importlib import import_module

    selectors = import_module("sammen.participation.selectors")
    summary = getattr(selectors, "process_report_summary", None)
    if summary is None:
        return None
    return summary(municipality=municipality, neighbourhood=neighbourhood)
