"""Factories for roadmap records in tests (written directly, without services)."""

from __future__ import annotations

from typing import Any

from sammen.core.testing import unique
from sammen.participation.models import FocusArea, Process
from sammen.participation.tests.factories import make_process

from ..models import Goal, Measure, MeasureActor, Roadmap, Strategy


def make_roadmap(process: Process | None = None, *, municipality: Any = None, **fields: Any) -> Roadmap:
    if process is None:
        process = make_process(municipality, areas=2)
    defaults: dict[str, Any] = {"main_goal": "Et aktivt, åpent og inkluderende lokalsamfunn", "is_published": True}
    defaults.update(fields)
    return Roadmap.objects.create(process=process, **defaults)


def make_goal(process: Process, *, area: FocusArea | None = None, **fields: Any) -> Goal:
    if area is None:
        area = process.focus_areas.first() or FocusArea.objects.create(
            process=process, key=unique("omrade"), name=unique("Område")
        )
    return Goal.objects.create(focus_area=area, title=fields.pop("title", unique("Mål")), **fields)


def make_strategy(goal: Goal, **fields: Any) -> Strategy:
    return Strategy.objects.create(goal=goal, title=fields.pop("title", unique("Strategi")), **fields)


def make_measure(process: Process, *, goal: Goal | None = None, **fields: Any) -> Measure:
    goal = goal or Goal.objects.filter(focus_area__process=process).first() or make_goal(process)
    return Measure.objects.create(process=process, goal=goal, title=fields.pop("title", unique("Tiltak")), **fields)


def make_actor(measure: Measure, **fields: Any) -> MeasureActor:
    defaults: dict[str, Any] = {"kind": "municipality", "name": "Kulturenheten", "role": "Ansvarlig"}
    defaults.update(fields)
    return MeasureActor.objects.create(measure=measure, **defaults)
