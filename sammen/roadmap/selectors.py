"""Reads of roadmaps and the fates of inputs. Every read takes the process (and so the municipality) explicitly."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext

from sammen.accounts.models import User
from sammen.participation.models import FocusArea, Input, InputStatus, Process
from sammen.participation.selectors import InputFilter, input_list_public, input_list_staff
from sammen.places.models import Municipality

from .models import (
    ActorKind,
    FateState,
    Goal,
    InputFate,
    Measure,
    MeasureActor,
    MeasureStatus,
    ReportJob,
    Roadmap,
    Strategy,
)


def roadmap_get(*, process: Process) -> Roadmap | None:
    return Roadmap.objects.filter(process=process).first()


@dataclass
class GoalNode:
    goal: Goal
    strategies: list[Strategy] = field(default_factory=list)
    # Measures straight under the goal (no strategy), then those under each strategy.
    measures: list[Measure] = field(default_factory=list)
    by_strategy: dict[int, list[Measure]] = field(default_factory=dict)

    @property
    def strategy_nodes(self) -> list[tuple[Strategy, list[Measure]]]:
        return [(s, self.by_strategy.get(s.pk, [])) for s in self.strategies]


@dataclass
class AreaNode:
    area: FocusArea
    goals: list[GoalNode] = field(default_factory=list)

    @property
    def measure_count(self) -> int:
        return sum(len(g.measures) + sum(len(m) for m in g.by_strategy.values()) for g in self.goals)


@dataclass
class RoadmapTree:
    roadmap: Roadmap | None
    areas: list[AreaNode]
    measures: list[Measure]
    status_counts: dict[str, int]

    def measures_with_relations(self) -> list[Measure]:
        """The measures in roadmap order, each with its goal, focus area and strategy attached (no more queries)."""
        areas = {node.area.pk: node.area for node in self.areas}
        goals = {g.goal.pk: g for node in self.areas for g in node.goals}
        ordered = []
        for node in self.areas:
            for goal_node in node.goals:
                goal_node.goal.focus_area = areas[goal_node.goal.focus_area_id]
                for measure in goal_node.measures:
                    measure.goal, measure.strategy = goal_node.goal, None
                    ordered.append(measure)
                for strategy, measures in goal_node.strategy_nodes:
                    for measure in measures:
                        measure.goal, measure.strategy = goals[measure.goal_id].goal, strategy
                        ordered.append(measure)
        return ordered

    @property
    def status_rows(self) -> list[tuple[Any, int]]:
        return [(MeasureStatus(status).label, count) for status, count in self.status_counts.items()]


def measure_list(*, process: Process) -> QuerySet[Measure]:
    """The measures of a process with the number of inputs each answers, in roadmap order."""
    return (
        Measure.objects.filter(process=process)
        .annotate(input_count=Count("inputs", distinct=True))
        .select_related("goal", "strategy")
        .order_by("goal__focus_area__position", "goal__position", "goal_id", "position", "id")
    )


def measure_choices(*, process: Process) -> QuerySet[Measure]:
    """Id and title of every measure of the process in roadmap order, for filters and fate forms."""
    return (
        Measure.objects.filter(process=process)
        .only("id", "title")
        .order_by("goal__focus_area__position", "goal__position", "goal_id", "position", "id")
    )


def roadmap_tree(*, process: Process) -> RoadmapTree:
    """Focus areas → goals → strategies → measures (with actors and inspiration cases) in a fixed number of queries."""
    roadmap = roadmap_get(process=process)
    areas = list(FocusArea.objects.filter(process=process).order_by("position", "id"))
    goals = list(Goal.objects.filter(focus_area__process=process).order_by("position", "id"))
    strategies = list(Strategy.objects.filter(goal__focus_area__process=process).order_by("position", "id"))
    measures: list[Measure] = list(
        Measure.objects.filter(process=process)
        .prefetch_related(
            Prefetch("actors", queryset=MeasureActor.objects.order_by("position", "id")),
            "inspired_by",
            "indicators",
        )
        .order_by("position", "id")
    )
    # One grouped read of the link table instead of a COUNT(DISTINCT) joined into the measures query.
    input_counts: dict[int, int] = {
        row["measure_id"]: row["n"]
        for row in Measure.inputs.through.objects.filter(measure__process=process)
        .values("measure_id")
        .annotate(n=Count("input_id"))
        .order_by()
    }
    status_labels = {s.value: str(s.label) for s in MeasureStatus}
    kind_labels = {k.value: str(k.label) for k in ActorKind}
    for measure in measures:
        measure.input_count = input_counts.get(measure.pk, 0)  # type: ignore[attr-defined]
        measure.status_label = status_labels.get(measure.status, measure.status)  # type: ignore[attr-defined]
        measure.answers_label = (  # type: ignore[attr-defined]
            ngettext("Answers %(counter)s input", "Answers %(counter)s inputs", measure.input_count)  # type: ignore[attr-defined]
            % {"counter": measure.input_count}  # type: ignore[attr-defined]
        )
        for actor in measure.actors.all():
            actor.kind_label = kind_labels.get(actor.kind, actor.kind)  # type: ignore[attr-defined]
    goal_nodes = {g.pk: GoalNode(goal=g) for g in goals}
    for strategy in strategies:
        goal_nodes[strategy.goal_id].strategies.append(strategy)
    for measure in measures:
        node = goal_nodes[measure.goal_id]
        if measure.strategy_id:
            node.by_strategy.setdefault(measure.strategy_id, []).append(measure)
        else:
            node.measures.append(measure)
    area_nodes = {a.pk: AreaNode(area=a) for a in areas}
    for goal in goals:
        area_nodes[goal.focus_area_id].goals.append(goal_nodes[goal.pk])
    counts = Counter(m.status for m in measures)
    return RoadmapTree(
        roadmap=roadmap,
        areas=list(area_nodes.values()),
        measures=measures,
        status_counts={s.value: counts.get(s.value, 0) for s in MeasureStatus},
    )


@dataclass(frozen=True)
class FateFilter:
    focus_area: str = ""
    channel: str = ""
    query: str = ""
    fate: str = ""
    measure: int | None = None

    def is_active(self) -> bool:
        return any([self.focus_area, self.channel, self.query, self.fate, self.measure])


def _with_fates(qs: QuerySet[Input], f: FateFilter) -> QuerySet[Input]:
    if f.fate == FateState.RECEIVED:
        # An anti-join: no fate row, or one set back to "received". (An OR across the outer join is far slower.)
        qs = qs.filter(~Exists(InputFate.objects.filter(input_id=OuterRef("pk")).exclude(state=FateState.RECEIVED)))
    elif f.fate:
        qs = qs.filter(fate__state=f.fate)
    if f.measure:
        qs = qs.filter(
            Q(fate__measure_id=f.measure)
            | Exists(Measure.inputs.through.objects.filter(input_id=OuterRef("pk"), measure_id=f.measure))
        )
    return qs.annotate(fate_state=Coalesce("fate__state", Value(FateState.RECEIVED.value)))


PUBLIC_INPUT_FIELDS = ("id", "process_id", "text", "kind", "channel", "received_on", "language", "mentions", "status")
PUBLIC_FATE_FIELDS = (
    "fate__id",
    "fate__input_id",
    "fate__state",
    "fate__reason",
    "fate__measure_id",
    "fate__measure__id",
    "fate__measure__title",
    "fate__measure__process_id",
)


def fate_list_public(*, process: Process, filters: FateFilter) -> QuerySet[Input]:
    """Every published input of the process with its fate, filtered; no author or contact."""
    base = input_list_public(
        process=process,
        filters=InputFilter(focus_area=filters.focus_area, channel=filters.channel, query=filters.query),
    )
    # input_list_public loads only public fields and the engagement; here the fate and its measure instead.
    return (
        _with_fates(base, filters)
        .select_related(None)
        .select_related("fate__measure")
        .only(*PUBLIC_INPUT_FIELDS, *PUBLIC_FATE_FIELDS)
    )


def fate_list_staff(*, process: Process, filters: FateFilter) -> QuerySet[Input]:
    """Every input of the process (any status) with its fate, for the staff list and bulk linking."""
    base = input_list_staff(
        process=process,
        filters=InputFilter(focus_area=filters.focus_area, channel=filters.channel, query=filters.query),
    )
    return _with_fates(base, filters).select_related("fate__measure")


def fate_of(*, item: Input) -> InputFate | None:
    return InputFate.objects.filter(input=item).select_related("measure").first()


def fate_counts(*, process: Process, public: bool = True) -> dict[str, int]:
    """How many inputs have each fate (inputs without a row count as received)."""
    inputs = Input.objects.filter(process=process)
    if public:
        inputs = inputs.filter(status=InputStatus.PUBLISHED)
    rows = inputs.values("fate__state").annotate(n=Count("id")).order_by()
    counts = {s.value: 0 for s in FateState}
    for row in rows:
        counts[row["fate__state"] or FateState.RECEIVED] += row["n"]
    return counts


def inputs_with_fates_of_person(*, municipality: Municipality, user: User) -> QuerySet[Input]:
    """A resident's own inputs (sent while logged in) with their fates, newest first."""
    return (
        Input.objects.filter(process__municipality=municipality, author=user)
        .exclude(status=InputStatus.MERGED)
        .select_related("process", "fate__measure")
        .annotate(fate_state=Coalesce("fate__state", Value(FateState.RECEIVED.value)))
        .order_by("-created_at", "-id")
    )


def roadmap_list_public(*, municipality: Municipality) -> QuerySet[Roadmap]:
    return (
        Roadmap.objects.filter(process__municipality=municipality, process__is_published=True, is_published=True)
        .select_related("process__neighbourhood")
        .order_by("process__title")
    )


def report_job_latest(*, process: Process) -> ReportJob | None:
    return ReportJob.objects.filter(process=process).order_by("-created_at", "-id").first()
