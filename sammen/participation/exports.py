"""Open data: a process's public inputs as CSV and JSON, streamed so 50,000 rows never sit in memory at once.

Only public fields leave: never the author, the contact, who entered it or moderation notes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse

from .models import FocusArea, Input, Process, Tag

COLUMNS = [
    "id",
    "url",
    "text",
    "kind",
    "channel",
    "engagement",
    "engagement_kind",
    "date",
    "language",
    "focus_areas",
    "tags",
    "supporters",
    "said_by",
    "latitude",
    "longitude",
]
CHUNK = 2000


def public_rows(*, process: Process, inputs: QuerySet[Input], base_url: str = "") -> Iterator[dict[str, Any]]:
    """One dict per published input in the queryset, with public fields only."""
    prefix = f"{base_url.rstrip('/')}/{process.municipality.slug}/participation/{process.slug}/inputs/"
    qs = inputs.prefetch_related(
        Prefetch("focus_areas", queryset=FocusArea.objects.only("id", "key").order_by("position", "id")),
        Prefetch("tags", queryset=Tag.objects.only("id", "name").order_by("name")),
    )
    for item in qs.iterator(chunk_size=CHUNK):
        yield {
            "id": item.pk,
            "url": f"{prefix}{item.pk}/",
            "text": item.text,
            "kind": item.kind,
            "channel": item.channel,
            "engagement": item.engagement.title if item.engagement else "",
            "engagement_kind": item.engagement.kind if item.engagement else "",
            "date": item.received_on.isoformat(),
            "language": item.language,
            "focus_areas": [area.key for area in item.focus_areas.all()],
            "tags": [tag.name for tag in item.tags.all()],
            "supporters": item.support_count,
            "said_by": item.mentions,
            "latitude": str(item.latitude) if item.latitude is not None else None,
            "longitude": str(item.longitude) if item.longitude is not None else None,
        }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
    yield writer.writerow(COLUMNS)
    for row in rows:
        flat = {
            **row,
            "focus_areas": ";".join(row["focus_areas"]),
            "tags": ";".join(row["tags"]),
            "latitude": row["latitude"] or "",
            "longitude": row["longitude"] or "",
        }
        yield writer.writerow([flat[column] for column in COLUMNS])


def inputs_csv_response(*, process: Process, inputs: QuerySet[Input], base_url: str = "") -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _csv_lines(public_rows(process=process, inputs=inputs, base_url=base_url)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-inputs.csv"'
    return response


def _json_chunks(process: Process, rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    head = {
        "process": process.slug,
        "title": process.title,
        "municipality": process.municipality.slug,
        "neighbourhood": process.neighbourhood.slug,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "inputs": ['
    first = True
    for row in rows:
        yield ("" if first else ",") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]}"


def inputs_json_response(*, process: Process, inputs: QuerySet[Input], base_url: str = "") -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _json_chunks(process, public_rows(process=process, inputs=inputs, base_url=base_url)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-inputs.json"'
    return response
