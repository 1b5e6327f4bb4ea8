"""Writes to the roadmap and the fates of inputs: authorise first, validate, write and audit in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot
from sammen.core.sanitise import strip_html
from sammen.core.services import model_create, model_delete, model_update
from sammen.participation.attachments import validate_upload
from sammen.participation.models import FocusArea, Input, Process

from .models import (
    STATES_NEEDING_REASON,
    ActorKind,
    FateChange,
    FateState,
    Goal,
    InputFate,
    KnowledgeBaseAttachment,
    Measure,
    MeasureActor,
    MeasureStatus,
    Roadmap,
    Strategy,
)

MEASURE_FIELDS = ("title", "description", "status", "dropped_reason", "start_date", "end_date")
ACTOR_FIELDS = ("kind", "organisation", "name", "role", "responsibility")
# A bulk change touches at most this many inputs at once; the staff list selects one page at a time.
BULK_LIMIT = 1000


def authorise(actor: User, process: Process) -> None:
    if not actor.has_perm("roadmap.change_roadmap", process):
        raise PermissionDenied


def _plain(value: str | None) -> str:
    return strip_html(value or "").strip()


def _only(changes: dict[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return changes


# --- The roadmap ----------------------------------------------------------------------------------------------


def roadmap_save(
    *,
    actor: User,
    process: Process,
    main_goal: str,
    introduction: str = "",
    knowledge_base: str = "",
    is_published: bool = False,
) -> Roadmap:
    """Create the process's roadmap, or change it."""
    authorise(actor, process)
    fields = {
        "main_goal": _plain(main_goal),
        "introduction": _plain(introduction),
        "knowledge_base": _plain(knowledge_base),
        "is_published": bool(is_published),
    }
    if not fields["main_goal"]:
        raise ValidationError({"main_goal": _("Write the main goal.")})
    roadmap = Roadmap.objects.filter(process=process).first()
    if roadmap is None:
        return model_create(
            actor=actor,
            municipality=process.municipality,
            instance=Roadmap(process=process, **fields),
            action="roadmap.roadmap.create",
        )
    return model_update(
        actor=actor,
        municipality=process.municipality,
        instance=roadmap,
        changes=fields,
        action="roadmap.roadmap.update",
    )


def attachment_add(
    *, actor: User, roadmap: Roadmap, upload: Any, title: str = "", alt_text: str = ""
) -> KnowledgeBaseAttachment:
    """Add a file or picture to the knowledge base (checked like every upload: type, size, alt text)."""
    authorise(actor, roadmap.process)
    checked = validate_upload(upload, alt_text=alt_text)
    return model_create(
        actor=actor,
        municipality=roadmap.process.municipality,
        instance=KnowledgeBaseAttachment(roadmap=roadmap, title=_plain(title), **checked.fields()),
        action="roadmap.attachment.add",
    )


def attachment_delete(*, actor: User, attachment: KnowledgeBaseAttachment) -> None:
    authorise(actor, attachment.roadmap.process)
    name = attachment.file.name or ""
    model_delete(
        actor=actor,
        municipality=attachment.roadmap.process.municipality,
        instance=attachment,
        action="roadmap.attachment.delete",
    )
    attachment.file.storage.delete(name)


# --- Goals and strategies -------------------------------------------------------------------------------------


def goal_create(*, actor: User, focus_area: FocusArea, title: str, description: str = "") -> Goal:
    process = focus_area.process
    authorise(actor, process)
    position = (Goal.objects.filter(focus_area=focus_area).aggregate(top=Max("position"))["top"] or 0) + 1
    goal = Goal(focus_area=focus_area, title=_plain(title), description=_plain(description), position=position)
    return model_create(actor=actor, municipality=process.municipality, instance=goal, action="roadmap.goal.create")


def goal_update(
    *, actor: User, goal: Goal, focus_area: FocusArea, title: str, description: str = "", position: int | None = None
) -> Goal:
    process = goal.focus_area.process
    authorise(actor, process)
    if focus_area.process_id != process.pk:
        raise ValidationError({"focus_area": _("The focus area belongs to another process.")})
    changes: dict[str, Any] = {"focus_area": focus_area, "title": _plain(title), "description": _plain(description)}
    if position is not None:
        changes["position"] = position
    with transaction.atomic():
        goal = model_update(
            actor=actor, municipality=process.municipality, instance=goal, changes=changes, action="roadmap.goal.update"
        )
    return goal


def goal_delete(*, actor: User, goal: Goal) -> None:
    process = goal.focus_area.process
    authorise(actor, process)
    if InputFate.objects.filter(measure__goal=goal).exists():
        raise ValidationError(_("Inputs are linked to measures under this goal. Move or unlink them first."))
    model_delete(actor=actor, municipality=process.municipality, instance=goal, action="roadmap.goal.delete")


def strategy_create(*, actor: User, goal: Goal, title: str, description: str = "") -> Strategy:
    process = goal.focus_area.process
    authorise(actor, process)
    position = (Strategy.objects.filter(goal=goal).aggregate(top=Max("position"))["top"] or 0) + 1
    strategy = Strategy(goal=goal, title=_plain(title), description=_plain(description), position=position)
    return model_create(
        actor=actor, municipality=process.municipality, instance=strategy, action="roadmap.strategy.create"
    )


def strategy_update(*, actor: User, strategy: Strategy, title: str, description: str = "") -> Strategy:
    process = strategy.goal.focus_area.process
    authorise(actor, process)
    return model_update(
        actor=actor,
        municipality=process.municipality,
        instance=strategy,
        changes={"title": _plain(title), "description": _plain(description)},
        action="roadmap.strategy.update",
    )


def strategy_delete(*, actor: User, strategy: Strategy) -> None:
    process = strategy.goal.focus_area.process
    authorise(actor, process)
    model_delete(actor=actor, municipality=process.municipality, instance=strategy, action="roadmap.strategy.delete")


# --- Measures -------------------------------------------------------------------------------------------------


def _check_links(
    process: Process,
    *,
    goal: Goal | None,
    strategy: Strategy | None,
    inputs: Sequence[Input] | None,
    cases: Sequence[Any] | None,
    indicators: Sequence[Any] | None,
) -> None:
    errors: dict[str, str] = {}
    if goal is not None and goal.focus_area.process_id != process.pk:
        errors["goal"] = _("The goal belongs to another process.")
    if strategy is not None and goal is not None and strategy.goal_id != goal.pk:
        errors["strategy"] = _("The strategy belongs to another goal.")
    if inputs and any(i.process_id != process.pk for i in inputs):
        errors["inputs"] = _("Only inputs of this process can be linked to its measures.")
    if cases and any(c.municipality_id != process.municipality_id for c in cases):
        errors["inspired_by"] = _("Only cases from this municipality's inspiration library can be linked.")
    if indicators and any(i.municipality_id != process.municipality_id for i in indicators):
        errors["indicators"] = _("Only this municipality's indicators can be linked.")
    if errors:
        raise ValidationError(errors)


def _links_snapshot(measure: Measure) -> dict[str, list[int]]:
    return {
        "inputs": sorted(measure.inputs.values_list("pk", flat=True)),
        "inspired_by": sorted(measure.inspired_by.values_list("pk", flat=True)),
        "indicators": sorted(measure.indicators.values_list("pk", flat=True)),
    }


def _clean_measure_fields(fields: dict[str, Any]) -> dict[str, Any]:
    fields = _only(fields, MEASURE_FIELDS)
    for name in ("title", "description", "dropped_reason"):
        if name in fields:
            fields[name] = _plain(fields[name])
    if fields.get("status") and fields["status"] != MeasureStatus.DROPPED and "dropped_reason" in fields:
        fields["dropped_reason"] = ""
    return fields


def measure_create(
    *,
    actor: User,
    goal: Goal,
    strategy: Strategy | None = None,
    inputs: Iterable[Input] = (),
    inspired_by: Iterable[Any] = (),
    indicators: Iterable[Any] = (),
    **fields: Any,
) -> Measure:
    process = goal.focus_area.process
    authorise(actor, process)
    inputs, inspired_by, indicators = list(inputs), list(inspired_by), list(indicators)
    _check_links(process, goal=goal, strategy=strategy, inputs=inputs, cases=inspired_by, indicators=indicators)
    position = (Measure.objects.filter(goal=goal).aggregate(top=Max("position"))["top"] or 0) + 1
    measure = Measure(process=process, goal=goal, strategy=strategy, position=position, **_clean_measure_fields(fields))
    measure.full_clean()
    with transaction.atomic():
        measure.save()
        measure.inputs.set(inputs)
        measure.inspired_by.set(inspired_by)
        measure.indicators.set(indicators)
        audit_record(
            actor=actor,
            municipality=process.municipality,
            action="roadmap.measure.create",
            obj=measure,
            after={**snapshot(measure, MEASURE_FIELDS), **_links_snapshot(measure)},
        )
    return measure


def measure_update(
    *,
    actor: User,
    measure: Measure,
    goal: Goal | None = None,
    strategy: Strategy | None = None,
    inputs: Iterable[Input] | None = None,
    inspired_by: Iterable[Any] | None = None,
    indicators: Iterable[Any] | None = None,
    **changes: Any,
) -> Measure:
    process = measure.process
    authorise(actor, process)
    inputs = list(inputs) if inputs is not None else None
    inspired_by = list(inspired_by) if inspired_by is not None else None
    indicators = list(indicators) if indicators is not None else None
    goal = goal or measure.goal
    _check_links(process, goal=goal, strategy=strategy, inputs=inputs, cases=inspired_by, indicators=indicators)
    changes = _clean_measure_fields(changes)
    before = {**snapshot(measure, (*MEASURE_FIELDS, "goal", "strategy")), **_links_snapshot(measure)}
    measure.goal = goal
    measure.strategy = strategy
    for name, value in changes.items():
        setattr(measure, name, value)
    measure.full_clean()
    with transaction.atomic():
        measure.save()
        if inputs is not None:
            measure.inputs.set(inputs)
        if inspired_by is not None:
            measure.inspired_by.set(inspired_by)
        if indicators is not None:
            measure.indicators.set(indicators)
        after = {**snapshot(measure, (*MEASURE_FIELDS, "goal", "strategy")), **_links_snapshot(measure)}
        changed = [k for k in after if before.get(k) != after.get(k)]
        if changed:
            audit_record(
                actor=actor,
                municipality=process.municipality,
                action="roadmap.measure.update",
                obj=measure,
                before={k: before.get(k) for k in changed},
                after={k: after[k] for k in changed},
            )
    return measure


def measure_delete(*, actor: User, measure: Measure) -> None:
    process = measure.process
    authorise(actor, process)
    try:
        model_delete(actor=actor, municipality=process.municipality, instance=measure, action="roadmap.measure.delete")
    except ProtectedError as error:
        raise ValidationError(
            _("Inputs are part of this measure. Give them another fate first, or drop the measure with a reason.")
        ) from error


def measure_actor_add(*, actor: User, measure: Measure, **fields: Any) -> MeasureActor:
    process = measure.process
    authorise(actor, process)
    fields = _only(fields, ACTOR_FIELDS)
    for name in ("name", "role", "responsibility"):
        fields[name] = _plain(fields.get(name))
    organisation = fields.get("organisation")
    if organisation is not None:
        if organisation.municipality_id != process.municipality_id:
            raise ValidationError({"organisation": _("The organisation belongs to another municipality.")})
        fields["kind"] = fields.get("kind") or ActorKind.ORGANISATION
        fields["name"] = fields["name"] or organisation.name
    position = (measure.actors.aggregate(top=Max("position"))["top"] or 0) + 1
    item = MeasureActor(measure=measure, position=position, **fields)
    return model_create(actor=actor, municipality=process.municipality, instance=item, action="roadmap.actor.create")


def measure_actor_delete(*, actor: User, measure_actor: MeasureActor) -> None:
    process = measure_actor.measure.process
    authorise(actor, process)
    model_delete(actor=actor, municipality=process.municipality, instance=measure_actor, action="roadmap.actor.delete")


# --- Fates of inputs ------------------------------------------------------------------------------------------


def _check_fate(process: Process, state: str, measure: Measure | None, reason: str) -> None:
    if state not in FateState.values:
        raise ValidationError({"state": _("Choose what became of the input.")})
    if state == FateState.IN_MEASURE and measure is None:
        raise ValidationError({"measure": _("Choose the measure the input is part of.")})
    if measure is not None and measure.process_id != process.pk:
        raise ValidationError({"measure": _("The measure belongs to another process.")})
    if state in STATES_NEEDING_REASON and not reason:
        raise ValidationError({"reason": _("Explain in plain words what was done with the input.")})


def _apply_fates(
    *, actor: User, process: Process, items: Sequence[Input], state: str, measure: Measure | None, reason: str
) -> list[FateChange]:
    """Set the fate of these inputs (already authorised and checked). Call inside a transaction."""
    measure = measure if state == FateState.IN_MEASURE else None
    existing = {f.input_id: f for f in InputFate.objects.select_for_update().filter(input__in=items)}
    changes, to_create, to_update = [], [], []
    for item in items:
        fate = existing.get(item.pk)
        old_state = fate.state if fate else FateState.RECEIVED
        old_measure = fate.measure_id if fate else None
        old_reason = fate.reason if fate else ""
        if old_state == state and old_measure == (measure.pk if measure else None) and old_reason == reason:
            continue
        if fate is None:
            to_create.append(InputFate(input=item, state=state, measure=measure, reason=reason, updated_by=actor))
        else:
            fate.state, fate.measure, fate.reason, fate.updated_by = state, measure, reason, actor
            to_update.append(fate)
        changes.append(
            FateChange(
                input=item, old_state=old_state, new_state=state, measure=measure, reason=reason, changed_by=actor
            )
        )
    # _check_fate gave the friendly messages; the database constraints guarantee the rules (no per-row queries).
    InputFate.objects.bulk_create(to_create)
    if to_update:
        from django.utils import timezone

        now = timezone.now()
        for fate in to_update:
            fate.updated_at = now
        InputFate.objects.bulk_update(to_update, ["state", "measure", "reason", "updated_by", "updated_at"])
    FateChange.objects.bulk_create(changes)
    if measure is not None:
        through = Measure.inputs.through
        through.objects.bulk_create(
            [through(measure_id=measure.pk, input_id=item.pk) for item in items], ignore_conflicts=True
        )
    return changes


def fate_set(
    *, actor: User, item: Input, state: str, measure: Measure | None = None, reason: str = ""
) -> InputFate | None:
    """Set what became of one input. Returns the fate (None when it went back to "received" for the first time)."""
    process = item.process
    authorise(actor, process)
    reason = _plain(reason)
    _check_fate(process, state, measure, reason)
    with transaction.atomic():
        before = InputFate.objects.filter(input=item).values("state", "measure_id", "reason").first()
        changes = _apply_fates(actor=actor, process=process, items=[item], state=state, measure=measure, reason=reason)
        if changes:
            audit_record(
                actor=actor,
                municipality=process.municipality,
                action="roadmap.fate.set",
                obj=item,
                before=dict(before) if before else {"state": FateState.RECEIVED},
                after={"state": state, "measure_id": measure.pk if measure else None, "reason": reason},
            )
    return InputFate.objects.filter(input=item).first()


def fates_bulk_set(
    *,
    actor: User,
    process: Process,
    inputs: Sequence[Input],
    state: str,
    measure: Measure | None = None,
    reason: str = "",
) -> int:
    """Give many inputs of one process the same fate (e.g. link them to a measure) in one go; one audit entry.

    All or nothing: an input of another process, a measure of another process or a missing reason refuses the lot.
    Returns how many inputs changed.
    """
    authorise(actor, process)
    reason = _plain(reason)
    items = list(inputs)
    if not items:
        raise ValidationError(_("Select at least one input."))
    if len(items) > BULK_LIMIT:
        raise ValidationError(_("Select at most %(limit)s inputs at a time.") % {"limit": BULK_LIMIT})
    if any(i.process_id != process.pk for i in items):
        raise ValidationError(_("Only inputs of this process can be changed here."))
    _check_fate(process, state, measure, reason)
    with transaction.atomic():
        changes = _apply_fates(actor=actor, process=process, items=items, state=state, measure=measure, reason=reason)
        audit_record(
            actor=actor,
            municipality=process.municipality,
            action="roadmap.fate.bulk_set",
            obj=measure or process,
            after={
                "state": state,
                "measure_id": measure.pk if measure else None,
                "reason": reason,
                "inputs": sorted(i.pk for i in items),
                "changed": len(changes),
            },
        )
    return len(changes)
