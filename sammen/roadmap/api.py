"""REST API: public reads of roadmaps, measures and the fates of inputs, and the open-data export of the fates.

Paths: /api/v1/roadmap/municipalities/{municipality_slug}/processes/{process_slug}/...
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from sammen.participation import selectors as participation_selectors
from sammen.participation.models import Process
from sammen.places.tenancy import get_municipality_or_404

from . import selectors
from .exports import fates_response
from .models import Measure

router = Router(tags=["roadmap"])
MAX_LIMIT = 500


def _process(request: HttpRequest, municipality_slug: str, process_slug: str) -> Process:
    municipality = get_municipality_or_404(municipality_slug)
    process = participation_selectors.process_get_visible(
        municipality=municipality, slug=process_slug, user=request.user
    )
    if process is None:
        raise Http404
    return process


def _roadmap_process(request: HttpRequest, municipality_slug: str, process_slug: str) -> Process:
    process = _process(request, municipality_slug, process_slug)
    roadmap = selectors.roadmap_get(process=process)
    if roadmap is None or not (roadmap.is_published or request.user.has_perm("roadmap.change_roadmap", process)):
        raise Http404
    return process


class ActorOut(Schema):
    kind: str
    name: str
    role: str
    responsibility: str
    organisation_id: int | None


class MeasureOut(Schema):
    id: int
    title: str
    description: str
    status: str
    dropped_reason: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    focus_area: str
    goal: str
    strategy: str | None
    actors: list[ActorOut]
    inspired_by: list[str]
    indicators: list[str]
    input_count: int

    @staticmethod
    def resolve_focus_area(obj: Measure) -> str:
        return obj.goal.focus_area.key

    @staticmethod
    def resolve_goal(obj: Measure) -> str:
        return obj.goal.title

    @staticmethod
    def resolve_strategy(obj: Measure) -> str | None:
        return obj.strategy.title if obj.strategy else None

    @staticmethod
    def resolve_actors(obj: Measure) -> list[Any]:
        return list(obj.actors.all())

    @staticmethod
    def resolve_inspired_by(obj: Measure) -> list[str]:
        return [c.title for c in obj.inspired_by.all()]

    @staticmethod
    def resolve_indicators(obj: Measure) -> list[str]:
        return [i.name for i in obj.indicators.all()]


class StrategyOut(Schema):
    title: str
    description: str
    measures: list[MeasureOut]


class GoalOut(Schema):
    title: str
    description: str
    measures: list[MeasureOut]
    strategies: list[StrategyOut]


class FocusAreaOut(Schema):
    key: str
    name: str
    description: str
    goals: list[GoalOut]


class RoadmapOut(Schema):
    process: str
    title: str
    main_goal: str
    introduction: str
    focus_areas: list[FocusAreaOut]
    fates: dict[str, int]


class FateOut(Schema):
    input_id: int
    text: str
    channel: str
    date: datetime.date
    fate: str
    measure_id: int | None
    measure: str
    reason: str


class FatePage(Schema):
    count: int
    offset: int
    limit: int
    results: list[FateOut]


class FateQuery(Schema):
    focus_area: str = ""
    channel: str = ""
    fate: str = ""
    measure: int | None = None
    q: str = ""
    offset: int = 0
    limit: int = 50


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}/roadmap", response=RoadmapOut)
def roadmap(request: HttpRequest, municipality_slug: str, process_slug: str) -> object:
    process = _roadmap_process(request, municipality_slug, process_slug)
    tree = selectors.roadmap_tree(process=process)
    assert tree.roadmap is not None
    tree.measures_with_relations()  # attaches goal, focus area and strategy to every measure
    areas = [
        {
            "key": node.area.key,
            "name": node.area.name,
            "description": node.area.description,
            "goals": [
                {
                    "title": g.goal.title,
                    "description": g.goal.description,
                    "measures": g.measures,
                    "strategies": [
                        {"title": s.title, "description": s.description, "measures": ms} for s, ms in g.strategy_nodes
                    ],
                }
                for g in node.goals
            ],
        }
        for node in tree.areas
    ]
    return {
        "process": process.slug,
        "title": process.title,
        "main_goal": tree.roadmap.main_goal,
        "introduction": tree.roadmap.introduction,
        "focus_areas": areas,
        "fates": selectors.fate_counts(process=process),
    }


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}/measures", response=list[MeasureOut])
def measures(request: HttpRequest, municipality_slug: str, process_slug: str) -> object:
    process = _roadmap_process(request, municipality_slug, process_slug)
    return selectors.roadmap_tree(process=process).measures_with_relations()


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}/fates", response=FatePage)
def fates(request: HttpRequest, municipality_slug: str, process_slug: str, filters: Query[FateQuery]) -> object:
    process = _process(request, municipality_slug, process_slug)
    limit = max(1, min(filters.limit, MAX_LIMIT))
    offset = max(0, filters.offset)
    qs = selectors.fate_list_public(
        process=process,
        filters=selectors.FateFilter(
            focus_area=filters.focus_area,
            channel=filters.channel,
            fate=filters.fate,
            measure=filters.measure,
            query=filters.q,
        ),
    )
    results = []
    for item in qs[offset : offset + limit]:
        fate = getattr(item, "fate", None)
        results.append(
            {
                "input_id": item.pk,
                "text": item.text,
                "channel": item.channel,
                "date": item.received_on,
                "fate": item.fate_state,  # type: ignore[attr-defined]
                "measure_id": fate.measure_id if fate is not None else None,
                "measure": fate.measure.title if fate is not None and fate.measure is not None else "",
                "reason": fate.reason if fate is not None else "",
            }
        )
    return {"count": qs.count(), "offset": offset, "limit": limit, "results": results}


def _export(request: HttpRequest, municipality_slug: str, process_slug: str, export_format: str) -> HttpResponse:
    process = _process(request, municipality_slug, process_slug)
    inputs = selectors.fate_list_public(process=process, filters=selectors.FateFilter())
    base_url = request.build_absolute_uri("/").rstrip("/")
    return cast(
        HttpResponse, fates_response(process=process, inputs=inputs, export_format=export_format, base_url=base_url)
    )


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}/fates.csv", response=None)
def fates_csv(request: HttpRequest, municipality_slug: str, process_slug: str) -> HttpResponse:
    """Every published input with its fate and measures, as CSV (open data)."""
    return _export(request, municipality_slug, process_slug, "csv")


@router.get("/municipalities/{municipality_slug}/processes/{process_slug}/fates.json", response=None)
def fates_json(request: HttpRequest, municipality_slug: str, process_slug: str) -> HttpResponse:
    """Every published input with its fate and measures, as JSON (open data)."""
    return _export(request, municipality_slug, process_slug, "json")
