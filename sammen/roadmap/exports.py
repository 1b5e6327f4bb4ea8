"""Open data: every published input of a process with its fate and measures, as CSV or JSON (streamed)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse

from sammen.participation.models import FocusArea, Input, Process

from .models import Measure

COLUMNS = [
    "id",
    "url",
    "text",
    "kind",
    "channel",
    "date",
    "focus_areas",
    "fate",
    "measure_id",
    "measure",
    "measures",
    "reason",
]
CHUNK = 2000


def fate_rows(*, process: Process, inputs: QuerySet[Input], base_url: str = "") -> Iterator[dict[str, Any]]:
    prefix = f"{base_url.rstrip('/')}/{process.municipality.slug}/participation/{process.slug}/inputs/"
    qs = inputs.prefetch_related(
        Prefetch("focus_areas", queryset=FocusArea.objects.only("id", "key").order_by("position", "id")),
        Prefetch("roadmap_measures", queryset=Measure.objects.only("id", "title").order_by("id")),
    )
    for item in qs.iterator(chunk_size=CHUNK):
        fate = getattr(item, "fate", None)
        yield {
            "id": item.pk,
            "url": f"{prefix}{item.pk}/",
            "text": item.text,
            "kind": item.kind,
            "channel": item.channel,
            "date": item.received_on.isoformat(),
            "focus_areas": [area.key for area in item.focus_areas.all()],
            "fate": item.fate_state,  # type: ignore[attr-defined]
            "measure_id": fate.measure_id if fate is not None else None,
            "measure": fate.measure.title if fate is not None and fate.measure is not None else "",
            "measures": [m.title for m in item.roadmap_measures.all()],  # type: ignore[attr-defined]
            "reason": fate.reason if fate is not None else "",
        }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for row in rows:
        flat = {
            **row,
            "focus_areas": ";".join(row["focus_areas"]),
            "measures": ";".join(row["measures"]),
            "measure_id": row["measure_id"] or "",
        }
        yield writer.writerow([flat[c] for c in COLUMNS])


def _json_chunks(process: Process, rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    head = {"process": process.slug, "title": process.title, "municipality": process.municipality.slug}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "inputs": ['
    first = True
    for row in rows:
        yield ("" if first else ",") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]}"


def fates_response(
    *, process: Process, inputs: QuerySet[Input], export_format: str, base_url: str
) -> StreamingHttpResponse:
    rows = fate_rows(process=process, inputs=inputs, base_url=base_url)
    if export_format == "csv":
        response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_json_chunks(process, rows), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-inputs-fates.{export_format}"'
    return response
