"""Staff writes: processes and their phases, target groups and focus areas, engagements, inputs and moderation.

Every function authorises first (PermissionDenied), validates (ValidationError with field keys), writes inside one
transaction and records the change in the audit log. Residents' writes live in portal.py and events.py, imports in
imports.py.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot
from sammen.core.sanitise import strip_html
from sammen.core.services import model_create, model_delete, model_update
from sammen.places.models import Municipality, Neighbourhood

from .attachments import validate_upload
from .hooks import inputs_changed
from .models import (
    CHANNEL_FOR_KIND,
    DEFAULT_TARGET_GROUPS,
    INPUT_MAX_LENGTH,
    AgeBand,
    Channel,
    Engagement,
    EngagementAgeBand,
    EngagementAttachment,
    EngagementKind,
    EngagementTargetGroup,
    FocusArea,
    Input,
    InputAttachment,
    InputKind,
    InputStatus,
    Phase,
    PhaseKind,
    Process,
    Tag,
    TargetGroup,
)
from .statistics import statistics_changed

PROCESS_EDITABLE = (
    "title",
    "slug",
    "summary",
    "purpose",
    "content_language",
    "is_published",
    "accepts_ideas",
    "moderation",
    "participant_rule",
    "dinner_kit_enabled",
    "dinner_guide",
)
PHASE_EDITABLE = ("kind", "title", "description", "start_date", "end_date")
ENGAGEMENT_EDITABLE = (
    "kind",
    "title",
    "description",
    "status",
    "date",
    "start_time",
    "end_time",
    "venue",
    "place",
    "facilitator",
    "participants_min",
    "participants_max",
    "participants_from_attendance",
    "reach",
    "reach_note",
    "notes",
    "signup_enabled",
    "capacity",
    "summary",
)
BULK_MAX_LINES = 500
# "2: Flere benker" puts a sticky note in focus area 2; "1,3: ..." in areas 1 and 3.
FOCUS_PREFIX = re.compile(r"^\s*(\d{1,2}(?:\s*,\s*\d{1,2})*)\s*:\s+(.*)$", re.DOTALL)


def _only(changes: dict[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return changes


def authorise_process(actor: User, process: Process) -> None:
    if not actor.has_perm("participation.change_process", process):
        raise PermissionDenied


def _plain(value: str | None) -> str:
    return strip_html(value or "").strip()


# --- Processes -------------------------------------------------------------------------------------------------


def process_create(
    *,
    actor: User,
    municipality: Municipality,
    neighbourhood: Neighbourhood,
    title: str,
    slug: str,
    summary: str = "",
    purpose: str = "",
    template: Process | None = None,
) -> Process:
    """A new process from the default template (four phases, seed 002's target groups) or as a copy of another.

    A copy takes the phases (without dates), target groups, focus areas, settings and dinner guide; never the
    engagements or inputs, which belong to the neighbourhood where they happened.
    """
    if neighbourhood.municipality_id != municipality.pk:
        raise ValidationError({"neighbourhood": _("The neighbourhood belongs to another municipality.")})
    if not actor.has_perm("participation.create_process", neighbourhood):
        raise PermissionDenied
    if template is not None:
        if template.municipality_id != municipality.pk:
            raise ValidationError({"template": _("The process to copy belongs to another municipality.")})
        if not actor.has_perm("participation.view_process", template):
            raise PermissionDenied
    process = Process(
        municipality=municipality,
        neighbourhood=neighbourhood,
        title=_plain(title),
        slug=slug,
        summary=_plain(summary),
        purpose=_plain(purpose),
        content_language=municipality.default_language,
        created_by=actor,
    )
    if template is not None:
        for name in ("content_language", "accepts_ideas", "moderation", "participant_rule"):
            setattr(process, name, getattr(template, name))
        process.dinner_kit_enabled = template.dinner_kit_enabled
        process.dinner_guide = template.dinner_guide
        process.copied_from = template
        process.purpose = process.purpose or template.purpose
    _check_slug_free(municipality, slug, None)
    process.full_clean()
    with transaction.atomic():
        process.save()
        if template is None:
            phases = [
                Phase(process=process, kind=kind, position=index)
                for index, kind in enumerate(
                    [
                        PhaseKind.KNOWLEDGE_BASE,
                        PhaseKind.CO_CREATION,
                        PhaseKind.POLITICAL_TREATMENT,
                        PhaseKind.IMPLEMENTATION,
                    ]
                )
            ]
            groups = [TargetGroup(process=process, key=key, position=i) for i, key in enumerate(DEFAULT_TARGET_GROUPS)]
            areas: list[FocusArea] = []
        else:
            phases = [
                Phase(process=process, kind=p.kind, title=p.title, description=p.description, position=p.position)
                for p in template.phases.all()
            ]
            groups = [
                TargetGroup(process=process, key=g.key, name=g.name, description=g.description, position=g.position)
                for g in template.target_groups.all()
            ]
            areas = [
                FocusArea(process=process, key=a.key, name=a.name, description=a.description, position=a.position)
                for a in template.focus_areas.all()
            ]
        Phase.objects.bulk_create(phases)
        TargetGroup.objects.bulk_create(groups)
        FocusArea.objects.bulk_create(areas)
        first = process.phases.order_by("position", "id").first()
        if first is not None:
            process.current_phase = first
            process.save(update_fields=["current_phase"])
        audit_record(
            actor=actor,
            municipality=municipality,
            action="participation.process.copy" if template else "participation.process.create",
            obj=process,
            after=snapshot(process),
        )
    return process


def _check_slug_free(municipality: Municipality, slug: str, process: Process | None) -> None:
    others = Process.objects.filter(municipality=municipality, slug=slug)
    if process is not None:
        others = others.exclude(pk=process.pk)
    if others.exists():
        raise ValidationError({"slug": _("Another process already has this address.")})


def process_update(*, actor: User, process: Process, **changes: Any) -> Process:
    authorise_process(actor, process)
    changes = _only(changes, PROCESS_EDITABLE)
    if "slug" in changes:
        _check_slug_free(process.municipality, changes["slug"], process)
    for name in ("title", "summary", "purpose", "dinner_guide"):
        if name in changes:
            changes[name] = _plain(changes[name])
    try:
        return model_update(
            actor=actor,
            municipality=process.municipality,
            instance=process,
            changes=changes,
            action="participation.process.update",
        )
    except IntegrityError as error:
        raise ValidationError({"slug": _("Another process already has this address.")}) from error


# --- Phases ----------------------------------------------------------------------------------------------------


def phase_create(*, actor: User, process: Process, **fields: Any) -> Phase:
    authorise_process(actor, process)
    fields = _only(fields, PHASE_EDITABLE)
    position = (process.phases.aggregate(top=Max("position"))["top"] or 0) + 1
    phase = Phase(process=process, position=position, **fields)
    return model_create(
        actor=actor, municipality=process.municipality, instance=phase, action="participation.phase.create"
    )


def phase_update(*, actor: User, phase: Phase, **changes: Any) -> Phase:
    authorise_process(actor, phase.process)
    phase = Phase.objects.select_related("process__municipality").get(pk=phase.pk)  # its position may have moved
    return model_update(
        actor=actor,
        municipality=phase.process.municipality,
        instance=phase,
        changes=_only(changes, PHASE_EDITABLE),
        action="participation.phase.update",
    )


def phase_delete(*, actor: User, phase: Phase) -> None:
    process = phase.process
    authorise_process(actor, process)
    if process.phases.count() <= 1:
        raise ValidationError(_("A process needs at least one phase."))
    model_delete(actor=actor, municipality=process.municipality, instance=phase, action="participation.phase.delete")


def phase_set_current(*, actor: User, phase: Phase) -> Process:
    process = phase.process
    authorise_process(actor, process)
    return model_update(
        actor=actor,
        municipality=process.municipality,
        instance=process,
        changes={"current_phase": phase},
        action="participation.process.set_phase",
    )


def _move[M: models.Model](items: list[M], item: M, direction: int) -> list[M]:
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + direction
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    return items


def _renumber[M: models.Model](model: type[M], ordered: Iterable[M]) -> None:
    objects = list(ordered)
    for position, obj in enumerate(objects):
        obj.position = position  # type: ignore[attr-defined]
    model._default_manager.bulk_update(objects, ["position"])


def phase_move(*, actor: User, phase: Phase, direction: int) -> None:
    """Move a phase one step earlier (-1) or later (+1) in the timeline."""
    process = phase.process
    authorise_process(actor, process)
    with transaction.atomic():
        phases = list(Phase.objects.select_for_update().filter(process=process).order_by("position", "id"))
        _renumber(Phase, _move(phases, phase, -1 if direction < 0 else 1))
        audit_record(
            actor=actor,
            municipality=process.municipality,
            action="participation.phase.move",
            obj=phase,
            after={"order": [p.pk for p in phases]},
        )


# --- Target groups and focus areas -----------------------------------------------------------------------------


def target_group_create(*, actor: User, process: Process, name: str, description: str = "") -> TargetGroup:
    authorise_process(actor, process)
    statistics_changed(process.pk)
    name = _plain(name)
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    if any(str(g.display_name).casefold() == name.casefold() for g in process.target_groups.all()):
        raise ValidationError({"name": _("The process already has this target group.")})
    position = (process.target_groups.aggregate(top=Max("position"))["top"] or 0) + 1
    group = TargetGroup(process=process, name=name, description=_plain(description), position=position)
    return model_create(
        actor=actor, municipality=process.municipality, instance=group, action="participation.target_group.create"
    )


def target_group_update(*, actor: User, group: TargetGroup, name: str, description: str = "") -> TargetGroup:
    authorise_process(actor, group.process)
    statistics_changed(group.process_id)
    name = _plain(name)
    if not name and not group.key:
        raise ValidationError({"name": _("Give the group a name.")})
    others = group.process.target_groups.exclude(pk=group.pk)
    if name and any(str(g.display_name).casefold() == name.casefold() for g in others):
        raise ValidationError({"name": _("The process already has this target group.")})
    return model_update(
        actor=actor,
        municipality=group.process.municipality,
        instance=group,
        changes={"name": name, "description": _plain(description)},
        action="participation.target_group.update",
    )


def target_group_delete(*, actor: User, group: TargetGroup) -> None:
    authorise_process(actor, group.process)
    statistics_changed(group.process_id)
    model_delete(
        actor=actor,
        municipality=group.process.municipality,
        instance=group,
        action="participation.target_group.delete",
    )


def target_group_move(*, actor: User, group: TargetGroup, direction: int) -> None:
    authorise_process(actor, group.process)
    statistics_changed(group.process_id)
    with transaction.atomic():
        groups = list(TargetGroup.objects.select_for_update().filter(process=group.process).order_by("position", "id"))
        _renumber(TargetGroup, _move(groups, group, -1 if direction < 0 else 1))


def focus_area_create(*, actor: User, process: Process, key: str, name: str, description: str = "") -> FocusArea:
    authorise_process(actor, process)
    statistics_changed(process.pk)
    position = (process.focus_areas.aggregate(top=Max("position"))["top"] or 0) + 1
    area = FocusArea(process=process, key=key, name=_plain(name), description=_plain(description), position=position)
    try:
        return model_create(
            actor=actor, municipality=process.municipality, instance=area, action="participation.focus_area.create"
        )
    except IntegrityError as error:
        raise ValidationError(_("The process already has a focus area with this key or name.")) from error


def focus_area_update(*, actor: User, area: FocusArea, key: str, name: str, description: str = "") -> FocusArea:
    authorise_process(actor, area.process)
    statistics_changed(area.process_id)
    try:
        return model_update(
            actor=actor,
            municipality=area.process.municipality,
            instance=area,
            changes={"key": key, "name": _plain(name), "description": _plain(description)},
            action="participation.focus_area.update",
        )
    except IntegrityError as error:
        raise ValidationError(_("The process already has a focus area with this key or name.")) from error


def focus_area_delete(*, actor: User, area: FocusArea) -> None:
    authorise_process(actor, area.process)
    statistics_changed(area.process_id)
    model_delete(
        actor=actor, municipality=area.process.municipality, instance=area, action="participation.focus_area.delete"
    )


def focus_area_move(*, actor: User, area: FocusArea, direction: int) -> None:
    authorise_process(actor, area.process)
    statistics_changed(area.process_id)
    with transaction.atomic():
        areas = list(FocusArea.objects.select_for_update().filter(process=area.process).order_by("position", "id"))
        _renumber(FocusArea, _move(areas, area, -1 if direction < 0 else 1))


def tags_for_names(*, process: Process, names: Iterable[str]) -> list[Tag]:
    """The process's tags with these names (case-insensitive), creating the missing ones. Call inside a transaction."""
    wanted: dict[str, str] = {}
    for raw in names:
        name = " ".join(_plain(raw).split())[:60]
        if name:
            wanted.setdefault(name.casefold(), name)
    if not wanted:
        return []
    existing = {t.name.casefold(): t for t in Tag.objects.filter(process=process)}
    tags = []
    for folded, name in wanted.items():
        found = existing.get(folded)
        if found is None:
            found, _created = Tag.objects.get_or_create(process=process, name=name)
        tags.append(found)
    return tags


def split_tag_names(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", value or "") if part.strip()]


# --- Engagements -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    target_groups: dict[int, int]  # target group id → participants
    age_bands: dict[str, int]  # AgeBand value → participants


def _check_breakdown(process: Process, engagement_max: int | None, breakdown: Breakdown) -> None:
    groups = set(process.target_groups.values_list("id", flat=True))
    if set(breakdown.target_groups) - groups:
        raise ValidationError(_("A target group belongs to another process."))
    if set(breakdown.age_bands) - set(AgeBand.values):
        raise ValidationError(_("Unknown age band."))
    if any(count < 0 for count in [*breakdown.target_groups.values(), *breakdown.age_bands.values()]):
        raise ValidationError(_("Counts cannot be negative."))
    ages = sum(breakdown.age_bands.values())
    if engagement_max is not None and ages > engagement_max:
        raise ValidationError(
            {
                "age_bands": _("The age bands add up to %(ages)s, more than the %(total)s participants.")
                % {"ages": ages, "total": engagement_max}
            }
        )
    for count in breakdown.target_groups.values():
        if engagement_max is not None and count > engagement_max:
            raise ValidationError(
                {"target_groups": _("A target group cannot have more participants than the engagement.")}
            )


def _save_breakdown(engagement: Engagement, breakdown: Breakdown) -> None:
    EngagementTargetGroup.objects.filter(engagement=engagement).delete()
    EngagementAgeBand.objects.filter(engagement=engagement).delete()
    EngagementTargetGroup.objects.bulk_create(
        [
            EngagementTargetGroup(engagement=engagement, target_group_id=group_id, participants=count)
            for group_id, count in breakdown.target_groups.items()
            if count
        ]
    )
    EngagementAgeBand.objects.bulk_create(
        [
            EngagementAgeBand(engagement=engagement, band=band, participants=count)
            for band, count in breakdown.age_bands.items()
            if count
        ]
    )


def _clean_engagement_fields(fields: dict[str, Any]) -> dict[str, Any]:
    fields = _only(fields, ENGAGEMENT_EDITABLE)
    for name in ("title", "description", "place", "facilitator", "reach_note", "notes", "summary"):
        if name in fields:
            fields[name] = _plain(fields[name])
    # One number given: an exact count.
    low, high = fields.get("participants_min"), fields.get("participants_max")
    if low is not None and high is None and "participants_max" in fields:
        fields["participants_max"] = low
    if high is not None and low is None and "participants_min" in fields:
        fields["participants_min"] = high
    return fields


def engagement_create(
    *, actor: User, process: Process, breakdown: Breakdown | None = None, **fields: Any
) -> Engagement:
    authorise_process(actor, process)
    fields = _clean_engagement_fields(fields)
    engagement = Engagement(process=process, **fields)
    engagement.full_clean()
    if breakdown is not None:
        _check_breakdown(process, engagement.participants_max, breakdown)
    with transaction.atomic():
        engagement.save()
        if breakdown is not None:
            _save_breakdown(engagement, breakdown)
        if engagement.participants_from_attendance:
            from .events import sync_participants_from_attendance

            sync_participants_from_attendance(engagement)
        statistics_changed(process.pk)
        audit_record(
            actor=actor,
            municipality=process.municipality,
            action="participation.engagement.create",
            obj=engagement,
            after=snapshot(engagement),
        )
    return engagement


def engagement_update(
    *, actor: User, engagement: Engagement, breakdown: Breakdown | None = None, **changes: Any
) -> Engagement:
    process = engagement.process
    authorise_process(actor, process)
    changes = _clean_engagement_fields(changes)
    new_max = changes.get("participants_max", engagement.participants_max)
    if breakdown is not None:
        _check_breakdown(process, new_max, breakdown)
    with transaction.atomic():
        engagement = model_update(
            actor=actor,
            municipality=process.municipality,
            instance=engagement,
            changes=changes,
            action="participation.engagement.update",
        )
        if breakdown is not None:
            _save_breakdown(engagement, breakdown)
        if engagement.participants_from_attendance:
            from .events import sync_participants_from_attendance

            sync_participants_from_attendance(engagement)
        statistics_changed(process.pk)
    return engagement


def engagement_delete(*, actor: User, engagement: Engagement) -> None:
    process = engagement.process
    authorise_process(actor, process)
    if engagement.inputs.exists():
        raise ValidationError(
            _("This engagement has inputs. Move them to another engagement first, or cancel the engagement instead.")
        )
    with transaction.atomic():
        model_delete(
            actor=actor,
            municipality=process.municipality,
            instance=engagement,
            action="participation.engagement.delete",
        )
        statistics_changed(process.pk)


def engagement_attachment_add(
    *, actor: User, engagement: Engagement, upload: Any, title: str = "", alt_text: str = ""
) -> EngagementAttachment:
    authorise_process(actor, engagement.process)
    checked = validate_upload(upload, alt_text=alt_text)
    attachment = EngagementAttachment(engagement=engagement, title=_plain(title), **checked.fields())
    with transaction.atomic():
        attachment.save()
        audit_record(
            actor=actor,
            municipality=engagement.process.municipality,
            action="participation.engagement.attach",
            obj=engagement,
            after={"attachment": attachment.pk, "file": attachment.file.name},
        )
    return attachment


def engagement_attachment_delete(*, actor: User, attachment: EngagementAttachment) -> None:
    authorise_process(actor, attachment.engagement.process)
    name = attachment.file.name or ""
    model_delete(
        actor=actor,
        municipality=attachment.engagement.process.municipality,
        instance=attachment,
        action="participation.engagement.detach",
    )
    attachment.file.storage.delete(name)


# --- Inputs ----------------------------------------------------------------------------------------------------


@dataclass
class InputData:
    """What staff (or an import row, or a host) give for one input. Relations are ids of the same process."""

    text: str
    received_on: datetime.date
    channel: str = ""
    kind: str = InputKind.IDEA
    engagement: Engagement | None = None
    language: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    focus_area_ids: Sequence[int] = ()
    target_group_ids: Sequence[int] = ()
    tag_names: Sequence[str] = ()
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_consent: bool = False
    import_key: str = ""


def default_channel(engagement: Engagement | None) -> str:
    if engagement is None:
        return Channel.OTHER
    return CHANNEL_FOR_KIND.get(EngagementKind(engagement.kind), Channel.MEETING)


def build_input(
    *, process: Process, data: InputData, status: str, entered_by: User | None, author: User | None = None
) -> Input:
    """An unsaved, validated input. Raises ValidationError with field keys."""
    text = _plain(data.text)
    if len(text) > INPUT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("The text is %(length)s characters long; the limit is %(limit)s.")
                % {"length": len(text), "limit": INPUT_MAX_LENGTH}
            }
        )
    has_contact = bool(data.contact_email or data.contact_phone or data.contact_name)
    if has_contact and not data.contact_consent:
        raise ValidationError(
            {
                "contact_consent": _(
                    "A contact can only be kept with the contributor's consent. Tick the box or remove it."
                )
            }
        )
    now = timezone.now()
    item = Input(
        process=process,
        text=text,
        kind=data.kind or InputKind.IDEA,
        channel=data.channel or default_channel(data.engagement),
        engagement=data.engagement,
        received_on=data.received_on,
        language=(data.language or "").strip().lower(),
        latitude=data.latitude,
        longitude=data.longitude,
        status=status,
        # Staff-entered inputs are reviewed as they are typed; residents' go through moderation.
        reviewed_at=now if entered_by is not None else None,
        author=author,
        entered_by=entered_by,
        contact_name=_plain(data.contact_name)[:200],
        contact_email=(data.contact_email or "").strip(),
        contact_phone=(data.contact_phone or "").strip(),
        contact_consent_at=now if has_contact else None,
        import_key=data.import_key,
    )
    # Relations were checked by the caller, and the database enforces the constraints: no query per row here.
    item.full_clean(
        exclude=["process", "engagement", "author", "entered_by", "merged_into", "import_batch"],
        validate_constraints=False,
    )
    if item.received_on > timezone.localdate() + datetime.timedelta(days=1):
        raise ValidationError({"received_on": _("The date lies in the future.")})
    return item


def _check_relations(process: Process, datas: Sequence[InputData]) -> None:
    """Every focus area, target group and engagement named belongs to the process (two queries for any number)."""
    area_ids = {i for data in datas for i in data.focus_area_ids}
    group_ids = {i for data in datas for i in data.target_group_ids}
    if area_ids and process.focus_areas.filter(pk__in=area_ids).count() != len(area_ids):
        raise ValidationError({"focus_areas": _("A focus area belongs to another process.")})
    if group_ids and process.target_groups.filter(pk__in=group_ids).count() != len(group_ids):
        raise ValidationError({"target_groups": _("A target group belongs to another process.")})
    if any(data.engagement is not None and data.engagement.process_id != process.pk for data in datas):
        raise ValidationError({"engagement": _("The engagement belongs to another process.")})


def _set_relations(process: Process, inputs: Sequence[Input], datas: Sequence[InputData]) -> None:
    """Write the many-to-many rows of freshly created inputs in three bulk inserts."""
    area_rows, group_rows, tag_rows = [], [], []
    tag_cache: dict[str, Tag] = {}
    all_names = list(dict.fromkeys(name for data in datas for name in data.tag_names))
    for tag in tags_for_names(process=process, names=all_names):
        tag_cache[tag.name.casefold()] = tag
    for item, data in zip(inputs, datas, strict=True):
        area_rows += [
            Input.focus_areas.through(input_id=item.pk, focusarea_id=area_id) for area_id in set(data.focus_area_ids)
        ]
        group_rows += [
            Input.target_groups.through(input_id=item.pk, targetgroup_id=group_id)
            for group_id in set(data.target_group_ids)
        ]
        seen: set[int] = set()
        for name in data.tag_names:
            cached = tag_cache.get(" ".join(_plain(name).split())[:60].casefold())
            if cached is not None and cached.pk not in seen:
                seen.add(cached.pk)
                tag_rows.append(Input.tags.through(input_id=item.pk, tag_id=cached.pk))
    Input.focus_areas.through.objects.bulk_create(area_rows, batch_size=1000)
    Input.target_groups.through.objects.bulk_create(group_rows, batch_size=1000)
    Input.tags.through.objects.bulk_create(tag_rows, batch_size=1000)


def create_inputs(
    *,
    process: Process,
    datas: Sequence[InputData],
    status: str,
    entered_by: User | None,
    author: User | None = None,
    import_batch: Any = None,
) -> list[Input]:
    """Validate and insert many inputs with their relations. No authorisation: callers have done it."""
    _check_relations(process, datas)
    items = []
    for data in datas:
        item = build_input(process=process, data=data, status=status, entered_by=entered_by, author=author)
        item.import_batch = import_batch
        items.append(item)
    with transaction.atomic():
        created = Input.objects.bulk_create(items, batch_size=500)
        _set_relations(process, created, datas)
        statistics_changed(process.pk)
        inputs_changed(item.pk for item in created)
    return created


def input_create(*, actor: User, process: Process, data: InputData) -> Input:
    """Staff register one input. The author is left empty: staff record what someone else said."""
    authorise_process(actor, process)
    if data.engagement is not None and data.engagement.process_id != process.pk:
        raise ValidationError({"engagement": _("The engagement belongs to another process.")})
    with transaction.atomic():
        (item,) = create_inputs(process=process, datas=[data], status=InputStatus.PUBLISHED, entered_by=actor)
        audit_record(
            actor=actor,
            municipality=process.municipality,
            action="participation.input.create",
            obj=item,
            after=snapshot(item),
        )
    return item


def input_import_records(*, actor: User, process: Process, records: Sequence[Mapping[str, Any]]) -> int:
    """Take records another module hands over (impact's survey free text) as inputs; see imports.records_import.

    Idempotent on each record's external_id, all or nothing, and the inputs await moderation. Returns how many
    inputs were created (0 when every record had been imported before).
    """
    from .imports import records_import

    return records_import(actor=actor, process=process, records=records)


@dataclass(frozen=True)
class BulkLine:
    number: int
    text: str
    focus_area_ids: tuple[int, ...]


def parse_bulk_lines(*, process: Process, text: str) -> list[BulkLine]:
    """One sticky note per line; a line may start with focus area numbers ("2: ...", "1,3: ...").

    Raises ValidationError naming every bad line, so the form can show them all at once.
    """
    areas = list(process.focus_areas.order_by("position", "id").values_list("id", flat=True))
    lines: list[BulkLine] = []
    errors = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        area_ids: tuple[int, ...] = ()
        match = FOCUS_PREFIX.match(line)
        if match:
            numbers = [int(n) for n in re.split(r"\s*,\s*", match.group(1))]
            unknown = [n for n in numbers if not 1 <= n <= len(areas)]
            if unknown:
                errors.append(
                    _("Line %(line)s: there is no focus area number %(number)s.")
                    % {"line": number, "number": unknown[0]}
                )
                continue
            area_ids = tuple(areas[n - 1] for n in numbers)
            line = match.group(2).strip()
        if len(line) > INPUT_MAX_LENGTH:
            errors.append(
                _("Line %(line)s is longer than %(limit)s characters.") % {"line": number, "limit": INPUT_MAX_LENGTH}
            )
            continue
        lines.append(BulkLine(number=number, text=line, focus_area_ids=area_ids))
    if errors:
        raise ValidationError({"notes": errors})
    if not lines:
        raise ValidationError({"notes": _("Write at least one input, one per line.")})
    if len(lines) > BULK_MAX_LINES:
        raise ValidationError(
            {"notes": _("At most %(limit)s inputs at a time; split the stack in two.") % {"limit": BULK_MAX_LINES}}
        )
    return lines


def input_bulk_create(
    *,
    actor: User,
    process: Process,
    notes: str,
    received_on: datetime.date,
    engagement: Engagement | None = None,
    channel: str = "",
    language: str = "",
    kind: str = InputKind.IDEA,
    focus_area_ids: Sequence[int] = (),
    target_group_ids: Sequence[int] = (),
    tag_names: Sequence[str] = (),
) -> list[Input]:
    """A stack of sticky notes typed in one go: all saved, or none."""
    authorise_process(actor, process)
    if engagement is not None and engagement.process_id != process.pk:
        raise ValidationError({"engagement": _("The engagement belongs to another process.")})
    lines = parse_bulk_lines(process=process, text=notes)
    datas = [
        InputData(
            text=line.text,
            received_on=received_on,
            channel=channel,
            kind=kind,
            engagement=engagement,
            language=language,
            focus_area_ids=line.focus_area_ids or tuple(focus_area_ids),
            target_group_ids=tuple(target_group_ids),
            tag_names=tuple(tag_names),
        )
        for line in lines
    ]
    try:
        with transaction.atomic():
            created = create_inputs(process=process, datas=datas, status=InputStatus.PUBLISHED, entered_by=actor)
            audit_record(
                actor=actor,
                municipality=process.municipality,
                action="participation.input.bulk_create",
                obj=process,
                after={
                    "count": len(created),
                    "ids": [item.pk for item in created],
                    "engagement": engagement and engagement.pk,
                },
            )
    except ValidationError as error:
        # Name the line: a per-line field error is more use than a field name.
        messages = [str(m) for m in error.messages]
        raise ValidationError({"notes": messages}) from error
    return created


INPUT_EDITABLE = ("text", "kind", "channel", "engagement", "received_on", "language", "latitude", "longitude")


def input_update(
    *,
    actor: User,
    item: Input,
    focus_area_ids: Sequence[int] | None = None,
    target_group_ids: Sequence[int] | None = None,
    tag_names: Sequence[str] | None = None,
    **changes: Any,
) -> Input:
    process = item.process
    authorise_process(actor, process)
    changes = _only(changes, INPUT_EDITABLE)
    if "text" in changes:
        changes["text"] = _plain(changes["text"])
    engagement = changes.get("engagement")
    if engagement is not None and engagement.process_id != process.pk:
        raise ValidationError({"engagement": _("The engagement belongs to another process.")})
    _check_relations(
        process,
        [
            InputData(
                text="",
                received_on=item.received_on,
                focus_area_ids=focus_area_ids or (),
                target_group_ids=target_group_ids or (),
            )
        ],
    )
    before_relations = _relations_snapshot(item)
    with transaction.atomic():
        item = model_update(
            actor=actor,
            municipality=process.municipality,
            instance=item,
            changes=changes,
            action="participation.input.update",
        )
        if focus_area_ids is not None:
            item.focus_areas.set(focus_area_ids)
        if target_group_ids is not None:
            item.target_groups.set(target_group_ids)
        if tag_names is not None:
            item.tags.set(tags_for_names(process=process, names=tag_names))
        statistics_changed(process.pk)
        if "text" in changes or "language" in changes:
            inputs_changed([item.pk])
        after_relations = _relations_snapshot(item)
        if after_relations != before_relations:
            audit_record(
                actor=actor,
                municipality=process.municipality,
                action="participation.input.classify",
                obj=item,
                before=before_relations,
                after=after_relations,
            )
    return item


def _relations_snapshot(item: Input) -> dict[str, list[Any]]:
    return {
        "focus_areas": sorted(item.focus_areas.values_list("key", flat=True)),
        "target_groups": sorted(item.target_groups.values_list("id", flat=True)),
        "tags": sorted(item.tags.values_list("name", flat=True)),
    }


def input_moderate(*, actor: User, item: Input, publish: bool, note: str = "") -> Input:
    """Approve (publish) or reject an input; rejecting needs a reason the contributor could understand."""
    authorise_process(actor, item.process)
    if item.status == InputStatus.MERGED:
        raise ValidationError(_("This input was merged into another; moderate that one instead."))
    note = _plain(note)
    if not publish and not note:
        raise ValidationError({"note": _("Give a reason for rejecting the input.")})
    statistics_changed(item.process_id)
    return model_update(
        actor=actor,
        municipality=item.process.municipality,
        instance=item,
        changes={
            "status": InputStatus.PUBLISHED if publish else InputStatus.REJECTED,
            "reviewed_at": timezone.now(),
            "moderation_note": note,
        },
        action="participation.input.moderate",
    )


def input_remove_contact(*, actor: User, item: Input) -> Input:
    """The contributor withdrew their consent, or staff decide the contact is no longer needed."""
    authorise_process(actor, item.process)
    return model_update(
        actor=actor,
        municipality=item.process.municipality,
        instance=item,
        changes={
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "contact_language": "",
            "contact_consent_at": None,
        },
        action="participation.input.remove_contact",
    )


def input_merge(*, actor: User, target: Input, duplicates: Sequence[Input]) -> Input:
    """Merge duplicates into `target`: it carries their count (the strength of an idea is how many said it).

    Supports and followers move over; the duplicates stay as records (status merged) pointing at the target.
    """
    process = target.process
    authorise_process(actor, process)
    ids = {d.pk for d in duplicates}
    if not ids:
        raise ValidationError(_("Choose at least one input to merge."))
    if target.pk in ids:
        raise ValidationError(_("An input cannot be merged into itself."))
    with transaction.atomic():
        locked = {i.pk: i for i in Input.objects.select_for_update().filter(pk__in=[*ids, target.pk]).order_by("pk")}
        target = locked[target.pk]
        others = [locked[pk] for pk in sorted(ids) if pk in locked]
        if len(others) != len(ids) or any(o.process_id != process.pk for o in others):
            raise ValidationError(_("Only inputs of the same process can be merged."))
        if target.status == InputStatus.MERGED or any(o.status == InputStatus.MERGED for o in others):
            raise ValidationError(_("One of these inputs is already merged into another."))
        added = sum(o.mentions for o in others)
        from .models import Follow, Support

        for other in others:
            for support in Support.objects.filter(input=other):
                duplicate = Support.objects.filter(input=target)
                duplicate = (
                    duplicate.filter(user=support.user)
                    if support.user_id
                    else duplicate.filter(anonymous_key=support.anonymous_key)
                )
                if duplicate.exists():
                    support.delete()
                else:
                    support.input = target
                    support.save(update_fields=["input"])
            for follow in Follow.objects.filter(input=other):
                if Follow.objects.filter(input=target, user=follow.user).exists():
                    follow.delete()
                else:
                    follow.input = target
                    follow.save(update_fields=["input"])
        now = timezone.now()
        Input.objects.filter(pk__in=ids).update(
            status=InputStatus.MERGED, merged_into=target, support_count=0, updated_at=now
        )
        Input.objects.filter(pk=target.pk).update(
            mentions=F("mentions") + added,
            support_count=Support.objects.filter(input_id=target.pk).count(),
            updated_at=now,
        )
        statistics_changed(process.pk)
        audit_record(
            actor=actor,
            municipality=process.municipality,
            action="participation.input.merge",
            obj=target,
            before={"mentions": target.mentions},
            after={"mentions": target.mentions + added, "merged": sorted(ids)},
        )
    target.refresh_from_db()
    return target


def attach_to_input(
    *, item: Input, upload: Any, title: str = "", alt_text: str = "", images_only: bool = False
) -> InputAttachment:
    """Store a checked file or photo on an input. Callers authorise and run this inside their transaction."""
    checked = validate_upload(upload, alt_text=alt_text, images_only=images_only)
    attachment = InputAttachment(input=item, title=_plain(title), **checked.fields())
    attachment.save()
    return attachment


def input_attachment_add(
    *, actor: User, item: Input, upload: Any, title: str = "", alt_text: str = ""
) -> InputAttachment:
    authorise_process(actor, item.process)
    with transaction.atomic():
        attachment = attach_to_input(item=item, upload=upload, title=title, alt_text=alt_text)
        audit_record(
            actor=actor,
            municipality=item.process.municipality,
            action="participation.input.attach",
            obj=item,
            after={"attachment": attachment.pk, "file": attachment.file.name},
        )
    return attachment


def input_attachment_delete(*, actor: User, attachment: InputAttachment) -> None:
    authorise_process(actor, attachment.input.process)
    name = attachment.file.name or ""
    model_delete(
        actor=actor,
        municipality=attachment.input.process.municipality,
        instance=attachment,
        action="participation.input.detach",
    )
    attachment.file.storage.delete(name)
