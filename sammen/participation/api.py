"""REST API: public reads of processes, engagements, inputs (public fields only) and statistics; staff writes.

Paths: /api/v1/participation/municipalities/{municipality_slug}/processes/...
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from sammen.accounts.api_auth import staff_auth
from sammen.places.tenancy import get_municipality_or_404

from . import selectors, services
from .models import Engagement, Input, InputStatus, Process
from .statistics import process_statistics_cached as process_statistics

router = Router(tags=["participation"])
MAX_LIMIT = 500


def _process(request: HttpRequest, municipality_slug: str, process_slug: str) -> Process:
    municipality = get_municipality_or_404(municipality_slug)
    process = selectors.process_get_visible(municipality=municipality, slug=process_slug, user=request.user)
    if process is None:
        raise Http404
    return process


def _managed(request: HttpRequest, municipality_slug: str, process_slug: str) -> Process:
    municipality = get_municipality_or_404(municipality_slug)
    process = selectors.process_get(municipality=municipality, slug=process_slug)
    if process is None:
        raise Http404
    services.authorise_process(request.user, process)  # type: ignore[arg-type]
    return process


class PhaseOut(Schema):
    kind: str
    title: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    is_current: bool


class HeadlineOut(Schema):
    participants: int
    participants_low: int
    participants_high: int
    counting_rule: str
    inputs: int
    reach: int


class ProcessOut(Schema):
    slug: str
    title: str
    neighbourhood: str
    summary: str
    current_phase: str | None
    url: str
    headline: HeadlineOut


class NamedOut(Schema):
    key: str
    name: str


class ProcessDetailOut(ProcessOut):
    purpose: str
    language: str
    phases: list[PhaseOut]
    focus_areas: list[NamedOut]
    target_groups: list[NamedOut]
    accepts_ideas: bool


def _headline(process: Process) -> dict[str, Any]:
    stats = process_statistics(process=process, with_details=False)
    return {
        "participants": stats.participants,
        "participants_low": stats.participants_low,
        "participants_high": stats.participants_high,
        "counting_rule": stats.rule,
        "inputs": stats.inputs,
        "reach": stats.reach,
    }


def _process_out(process: Process, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": process.slug,
        "title": process.title,
        "neighbourhood": process.neighbourhood.slug,
        "summary": process.summary,
        "current_phase": str(process.current_phase.display_title) if process.current_phase else None,
        "url": process.get_absolute_url(),
        "headline": _headline(process),
    }
    if detail:
        data.update(
            {
                "purpose": process.purpose,
                "language": process.content_language,
                "accepts_ideas": process.accepts_ideas,
                "phases": [
                    {
                        "kind": p.kind,
                        "title": str(p.display_title),
                        "start_date": p.start_date,
                        "end_date": p.end_date,
                        "is_current": p.pk == process.current_phase_id,
                    }
                    for p in process.phases.order_by("position", "id")
                ],
                "focus_areas": [{"key": a.key, "name": a.name} for a in process.focus_areas.order_by("position", "id")],
                "target_groups": [
                    {"key": g.key or str(g.pk), "name": str(g.display_name)}
                    for g in process.target_groups.order_by("position", "id")
                ],
            }
        )
    return data


class EngagementOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    status: str
    date: datetime.date
    place: str
    participants_min: int | None
    participants_max: int | None
    reach: int | None
    reach_note: str
    url: str

    @staticmethod
    def resolve_place(obj: Engagement) -> str:
        return obj.where

    @staticmethod
    def resolve_url(obj: Engagement) -> str:
        return obj.get_absolute_url()


class EngagementIn(Schema):
    kind: str
    title: str
    date: datetime.date
    description: str = ""
    status: str = "held"
    place: str = ""
    facilitator: str = ""
    participants_min: int | None = Field(None, ge=0)
    participants_max: int | None = Field(None, ge=0)
    reach: int | None = Field(None, ge=0)
    reach_note: str = ""
    notes: str = ""


class EngagementPatch(Schema):
    title: str | None = None
    description: str | None = None
    status: str | None = None
    date: datetime.date | None = None
    participants_min: int | None = Field(None, ge=0)
    participants_max: int | None = Field(None, ge=0)
    reach: int | None = Field(None, ge=0)
    reach_note: str | None = None


class InputOut(Schema):
    id: int
    url: str
    text: str
    kind: str
    channel: str
    engagement_id: int | None
    received_on: datetime.date
    language: str
    focus_areas: list[str]
    tags: list[str]
    supporters: int
    said_by: int
    latitude: Decimal | None
    longitude: Decimal | None

    @staticmethod
    def resolve_url(obj: Input) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_focus_areas(obj: Input) -> list[str]:
        return [a.key for a in obj.focus_areas.all()]

    @staticmethod
    def resolve_tags(obj: Input) -> list[str]:
        return [t.name for t in obj.tags.all()]

    @staticmethod
    def resolve_supporters(obj: Input) -> int:
        return obj.support_count

    @staticmethod
    def resolve_said_by(obj: Input) -> int:
        return obj.mentions


class InputPage(Schema):
    count: int
    offset: int
    limit: int
    results: list[InputOut]


class InputQuery(Schema):
    focus_area: str = ""
    channel: str = ""
    kind: str = ""
    engagement: int | None = None
    language: str = ""
    q: str = ""
    sort: str = "newest"
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


class InputIn(Schema):
    text: str
    received_on: datetime.date
    kind: str = "idea"
    channel: str = ""
    engagement_id: int | None = None
    language: str = ""
    focus_areas: list[str] = []
    tags: list[str] = []
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class BulkIn(Schema):
    notes: str
    received_on: datetime.date
    engagement_id: int | None = None
    channel: str = ""
    language: str = ""
    kind: str = "idea"
    focus_area: str = ""
    tags: list[str] = []


class InputPatch(Schema):
    text: str | None = None
    kind: str | None = None
    focus_areas: list[str] | None = None
    tags: list[str] | None = None


class ModerationIn(Schema):
    decision: str
    note: str = ""


@router.get("/municipalities/{municipality_slug}/processes", response=list[ProcessOut])
def process_list(request: HttpRequest, municipality_slug: str) -> object:
    municipality = get_municipality_or_404(municipality_slug)
    return [_process_out(p) for p in selectors.process_list_public(municipality=municipality)]


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}", response=ProcessDetailOut)
def process_detail(request: HttpRequest, municipality_slug: str, process_slug: str) -> object:
    return _process_out(_process(request, municipality_slug, process_slug), detail=True)


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}/engagements", response=list[EngagementOut])
def engagement_list(request: HttpRequest, municipality_slug: str, process_slug: str) -> object:
    process = _process(request, municipality_slug, process_slug)
    return list(selectors.engagement_list(process=process).select_related("process__municipality"))


def _engagement(process: Process, engagement_id: int | None) -> Engagement | None:
    if engagement_id is None:
        return None
    engagement = selectors.engagement_get(process=process, engagement_id=engagement_id)
    if engagement is None:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError({"engagement_id": _("This process has no engagement with that number.")})
    return engagement


@router.post(
    "/municipalities/{municipality_slug}/processes/{process_slug}/engagements",
    response={201: EngagementOut},
    auth=staff_auth,
)
def engagement_create(request: HttpRequest, municipality_slug: str, process_slug: str, payload: EngagementIn) -> object:
    process = _managed(request, municipality_slug, process_slug)
    engagement = services.engagement_create(actor=request.user, process=process, **payload.dict())  # type: ignore[arg-type]
    return Status(201, engagement)


@router.patch(
    "/municipalities/{municipality_slug}/processes/{process_slug}/engagements/{engagement_id}",
    response=EngagementOut,
    auth=staff_auth,
)
def engagement_update(
    request: HttpRequest, municipality_slug: str, process_slug: str, engagement_id: int, payload: EngagementPatch
) -> object:
    process = _managed(request, municipality_slug, process_slug)
    engagement = selectors.engagement_get(process=process, engagement_id=engagement_id)
    if engagement is None:
        raise Http404
    changes = payload.dict(exclude_unset=True)
    return services.engagement_update(actor=request.user, engagement=engagement, **changes)  # type: ignore[arg-type]


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}/inputs", response=InputPage)
def input_list(request: HttpRequest, municipality_slug: str, process_slug: str, filters: Query[InputQuery]) -> object:
    process = _process(request, municipality_slug, process_slug)
    qs = selectors.input_list_public(
        process=process,
        filters=selectors.InputFilter(
            focus_area=filters.focus_area,
            channel=filters.channel,
            kind=filters.kind,
            engagement=filters.engagement,
            language=filters.language,
            query=filters.q,
            sort=filters.sort,
        ),
    )
    results = selectors.with_relations(list(qs[filters.offset : filters.offset + filters.limit]), process)
    return {"count": qs.count(), "offset": filters.offset, "limit": filters.limit, "results": results}


# Before the detail route, so that 'bulk' is never read as an input number.
@router.post(
    "/municipalities/{municipality_slug}/processes/{process_slug}/inputs/bulk",
    response={201: list[InputOut]},
    auth=staff_auth,
)
def input_bulk(request: HttpRequest, municipality_slug: str, process_slug: str, payload: BulkIn) -> object:
    process = _managed(request, municipality_slug, process_slug)
    created = services.input_bulk_create(
        actor=request.user,  # type: ignore[arg-type]
        process=process,
        notes=payload.notes,
        received_on=payload.received_on,
        engagement=_engagement(process, payload.engagement_id),
        channel=payload.channel,
        language=payload.language,
        kind=payload.kind,
        focus_area_ids=_area_ids(process, [payload.focus_area]) if payload.focus_area else (),
        tag_names=payload.tags,
    )
    return Status(
        201,
        selectors.with_relations(list(Input.objects.filter(pk__in=[i.pk for i in created]).order_by("id")), process),
    )


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}/inputs/{input_id}", response=InputOut)
def input_detail(request: HttpRequest, municipality_slug: str, process_slug: str, input_id: int) -> object:
    process = _process(request, municipality_slug, process_slug)
    item = selectors.input_get_public(process=process, input_id=input_id, user=request.user)
    if item is None or item.status != InputStatus.PUBLISHED:
        raise Http404
    return item


def _area_ids(process: Process, keys: list[str]) -> list[int]:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    areas = dict(process.focus_areas.filter(key__in=keys).values_list("key", "pk"))
    unknown = [k for k in keys if k not in areas]
    if unknown:
        raise ValidationError({"focus_areas": _("Unknown focus area: %(key)s") % {"key": unknown[0]}})
    return [areas[k] for k in keys]


@router.post(
    "/municipalities/{municipality_slug}/processes/{process_slug}/inputs", response={201: InputOut}, auth=staff_auth
)
def input_create(request: HttpRequest, municipality_slug: str, process_slug: str, payload: InputIn) -> object:
    process = _managed(request, municipality_slug, process_slug)
    item = services.input_create(
        actor=request.user,  # type: ignore[arg-type]
        process=process,
        data=services.InputData(
            text=payload.text,
            received_on=payload.received_on,
            kind=payload.kind,
            channel=payload.channel,
            engagement=_engagement(process, payload.engagement_id),
            language=payload.language,
            latitude=payload.latitude,
            longitude=payload.longitude,
            focus_area_ids=tuple(_area_ids(process, payload.focus_areas)),
            tag_names=tuple(payload.tags),
        ),
    )
    return Status(201, selectors.input_get_staff(process=process, input_id=item.pk))


@router.patch(
    "/municipalities/{municipality_slug}/processes/{process_slug}/inputs/{input_id}",
    response=InputOut,
    auth=staff_auth,
)
def input_update(
    request: HttpRequest, municipality_slug: str, process_slug: str, input_id: int, payload: InputPatch
) -> object:
    process = _managed(request, municipality_slug, process_slug)
    item = selectors.input_get_staff(process=process, input_id=input_id)
    if item is None:
        raise Http404
    changes = payload.dict(exclude_unset=True)
    areas = changes.pop("focus_areas", None)
    tags = changes.pop("tags", None)
    services.input_update(
        actor=request.user,  # type: ignore[arg-type]
        item=item,
        focus_area_ids=_area_ids(process, areas) if areas is not None else None,
        tag_names=tags,
        **changes,
    )
    return selectors.input_get_staff(process=process, input_id=input_id)


@router.post(
    "/municipalities/{municipality_slug}/processes/{process_slug}/inputs/{input_id}/moderation",
    response=InputOut,
    auth=staff_auth,
)
def input_moderate(
    request: HttpRequest, municipality_slug: str, process_slug: str, input_id: int, payload: ModerationIn
) -> object:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    process = _managed(request, municipality_slug, process_slug)
    item = selectors.input_get_staff(process=process, input_id=input_id)
    if item is None:
        raise Http404
    if payload.decision not in {"publish", "reject"}:
        raise ValidationError({"decision": _("Choose publish or reject.")})
    services.input_moderate(
        actor=request.user,  # type: ignore[arg-type]
        item=item,
        publish=payload.decision == "publish",
        note=payload.note,
    )
    return selectors.input_get_staff(process=process, input_id=input_id)


class StatRow(Schema):
    key: str
    label: str
    value: int


class StatisticsOut(Schema):
    headline: HeadlineOut
    methods: list[StatRow]
    focus_areas: list[StatRow]
    channels: list[StatRow]
    target_groups: list[dict[str, Any]]
    months: list[StatRow]


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}/statistics", response=StatisticsOut)
def statistics(request: HttpRequest, municipality_slug: str, process_slug: str) -> object:
    process = _process(request, municipality_slug, process_slug)
    stats = process_statistics(process=process)

    def rows(bars: list[Any]) -> list[dict[str, Any]]:
        return [{"key": b.key, "label": str(b.label), "value": b.value} for b in bars]

    return {
        "headline": {
            "participants": stats.participants,
            "participants_low": stats.participants_low,
            "participants_high": stats.participants_high,
            "counting_rule": stats.rule,
            "inputs": stats.inputs,
            "reach": stats.reach,
        },
        "methods": rows(stats.kind_bars),
        "focus_areas": rows(stats.focus_areas),
        "channels": rows(stats.channels),
        "target_groups": [
            {"label": str(r.label), "participants": r.participants, "inputs": r.inputs, "gap": r.gap}
            for r in stats.target_groups
        ],
        "months": [{"key": b.key, "label": b.key, "value": b.value} for b in stats.months],
    }
