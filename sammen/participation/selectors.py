"""Reads for pages, the API and exports. Every read takes the municipality (or a process already scoped to one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from sammen.accounts.models import User
from sammen.accounts.roles import held_roles
from sammen.accounts.rules import is_admin
from sammen.places.models import Municipality, Neighbourhood

from .models import (
    Comment,
    CommentStatus,
    Engagement,
    EngagementStatus,
    FocusArea,
    Input,
    InputStatus,
    Process,
    Registration,
    RegistrationStatus,
    Tag,
)


def process_list_public(*, municipality: Municipality, neighbourhood: Neighbourhood | None = None) -> QuerySet[Process]:
    qs = Process.objects.filter(municipality=municipality, is_published=True, neighbourhood__is_active=True)
    if neighbourhood is not None:
        qs = qs.filter(neighbourhood=neighbourhood)
    return qs.select_related("neighbourhood", "current_phase", "municipality").order_by("-created_at", "title")


def process_list_staff(*, municipality: Municipality, user: Any) -> QuerySet[Process]:
    """The processes a staff member may change: all for administrators, their neighbourhoods' for coordinators."""
    qs = Process.objects.filter(municipality=municipality).select_related("neighbourhood", "current_phase")
    if not is_admin.test(user, municipality):
        qs = qs.filter(neighbourhood_id__in=held_roles(user).neighbourhood_ids(municipality.pk))
    return qs.order_by("neighbourhood__name", "title")


def process_templates(*, municipality: Municipality, user: Any) -> list[Process]:
    """Processes a new one may copy: published ones, and those the user manages."""
    managed = set(process_list_staff(municipality=municipality, user=user).values_list("pk", flat=True))
    return list(
        Process.objects.filter(municipality=municipality)
        .filter(Q(is_published=True) | Q(pk__in=managed))
        .select_related("neighbourhood")
        .order_by("title")
    )


def process_get(*, municipality: Municipality, slug: str) -> Process | None:
    return (
        Process.objects.filter(municipality=municipality, slug=slug)
        .select_related("municipality", "neighbourhood", "current_phase")
        .first()
    )


def process_get_visible(*, municipality: Municipality, slug: str, user: Any) -> Process | None:
    """A published process, or an unpublished one for the staff who may change it."""
    process = process_get(municipality=municipality, slug=slug)
    if process is None or not user.has_perm("participation.view_process", process):
        return None
    return process


def engagement_list(*, process: Process) -> QuerySet[Engagement]:
    return process.engagements.select_related("venue").order_by("date", "start_time", "id")


def engagement_get(*, process: Process, engagement_id: int) -> Engagement | None:
    return process.engagements.select_related("venue", "process__municipality").filter(pk=engagement_id).first()


def upcoming_events(*, process: Process, today: Any) -> QuerySet[Engagement]:
    return (
        process.engagements.filter(status=EngagementStatus.PLANNED, date__gte=today)
        .exclude(kind="dialogue_dinner")
        .select_related("venue")
        .order_by("date", "start_time")
    )


@dataclass(frozen=True)
class InputFilter:
    focus_area: str = ""  # a focus area key, or "none" for inputs without one
    channel: str = ""
    kind: str = ""
    tag: int | None = None
    engagement: int | None = None
    language: str = ""
    target_group: int | None = None
    query: str = ""
    status: str = ""  # staff only
    sort: str = "newest"  # newest, oldest, support

    def is_active(self) -> bool:
        return any(
            [
                self.focus_area,
                self.channel,
                self.kind,
                self.tag,
                self.engagement,
                self.language,
                self.target_group,
                self.query,
                self.status,
            ]
        )


SORTS = {"newest": ("-received_on", "-id"), "oldest": ("received_on", "id"), "support": ("-support_count", "-id")}


def _filtered(qs: QuerySet[Input], process: Process, f: InputFilter) -> QuerySet[Input]:
    if f.focus_area == "none":
        qs = qs.filter(~Exists(Input.focus_areas.through.objects.filter(input_id=OuterRef("pk"))))
    elif f.focus_area:
        area = process.focus_areas.filter(key=f.focus_area).values_list("pk", flat=True).first()
        qs = qs.filter(
            Exists(Input.focus_areas.through.objects.filter(input_id=OuterRef("pk"), focusarea_id=area or 0))
        )
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.language:
        qs = qs.filter(language=f.language)
    if f.engagement:
        qs = qs.filter(engagement_id=f.engagement)
    if f.tag:
        qs = qs.filter(Exists(Input.tags.through.objects.filter(input_id=OuterRef("pk"), tag_id=f.tag)))
    if f.target_group:
        qs = qs.filter(
            Exists(Input.target_groups.through.objects.filter(input_id=OuterRef("pk"), targetgroup_id=f.target_group))
        )
    if f.query:
        qs = qs.filter(text__icontains=f.query)
    return qs.order_by(*SORTS.get(f.sort, SORTS["newest"]))


def input_list_public(*, process: Process, filters: InputFilter) -> QuerySet[Input]:
    """Published inputs with their public fields only (no author, no contact)."""
    qs = Input.objects.filter(process=process, status=InputStatus.PUBLISHED).select_related("engagement")
    qs = qs.only(
        "id",
        "process_id",
        "text",
        "kind",
        "channel",
        "received_on",
        "language",
        "support_count",
        "comment_count",
        "mentions",
        "latitude",
        "longitude",
        "engagement__id",
        "engagement__title",
        "engagement__kind",
    )
    return _filtered(qs, process, filters)


def input_list_staff(*, process: Process, filters: InputFilter) -> QuerySet[Input]:
    qs = Input.objects.filter(process=process).select_related("engagement")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return _filtered(qs, process, filters)


def with_relations(inputs: list[Input], process: Process | None = None) -> list[Input]:
    """Load the focus areas and tags of one page of inputs in two queries; attach the (already loaded) process."""
    from django.db.models import prefetch_related_objects

    inputs = list(inputs)
    if process is not None:
        for item in inputs:
            item.process = process
    prefetch_related_objects(
        inputs,
        Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position", "id")),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
    )
    return inputs


def input_get_public(*, process: Process, input_id: int, user: Any) -> Input | None:
    """A published input; a pending one only for its author and staff; a merged one redirects to its target."""
    item = (
        Input.objects.filter(process=process, pk=input_id)
        .select_related("engagement", "merged_into", "process__municipality")
        .prefetch_related("focus_areas", "tags", "target_groups", "attachments")
        .first()
    )
    if item is None:
        return None
    if item.status in (InputStatus.PUBLISHED, InputStatus.MERGED):
        return item
    if user.is_authenticated and (item.author_id == user.pk or user.has_perm("participation.change_process", process)):
        return item
    return None


def input_get_staff(*, process: Process, input_id: int) -> Input | None:
    return (
        Input.objects.filter(process=process, pk=input_id)
        .select_related("engagement", "author", "entered_by", "import_batch", "merged_into")
        .prefetch_related("focus_areas", "tags", "target_groups", "attachments")
        .first()
    )


def comments_public(*, item: Input) -> QuerySet[Comment]:
    return item.comments.filter(status=CommentStatus.PUBLISHED).select_related("author").order_by("created_at", "id")


def moderation_queue(*, process: Process) -> dict[str, Any]:
    """Inputs awaiting approval, published residents' inputs nobody has reviewed yet, and comments awaiting approval."""
    residents = Q(entered_by__isnull=True)
    return {
        "pending": list(
            Input.objects.filter(process=process, status=InputStatus.PENDING)
            .select_related("engagement")
            .prefetch_related("attachments")
            .order_by("created_at", "id")[:200]
        ),
        "unreviewed": list(
            Input.objects.filter(residents, process=process, status=InputStatus.PUBLISHED, reviewed_at__isnull=True)
            .select_related("engagement")
            .prefetch_related("attachments")
            .order_by("created_at", "id")[:200]
        ),
        "comments": list(
            Comment.objects.filter(input__process=process, status=CommentStatus.PENDING)
            .select_related("input", "author")
            .order_by("created_at", "id")[:200]
        ),
    }


def registration_list(*, engagement: Engagement) -> QuerySet[Registration]:
    return engagement.registrations.exclude(status=RegistrationStatus.CANCELLED).order_by(
        "is_walk_in", "status", "name", "id"
    )


def registration_by_token(*, municipality: Municipality, token: str) -> Registration | None:
    return (
        Registration.objects.filter(token=token, engagement__process__municipality=municipality)
        .select_related("engagement__process__municipality")
        .first()
    )


def dinner_by_token(*, municipality: Municipality, token: str) -> Engagement | None:
    return (
        Engagement.objects.filter(host_token=token, process__municipality=municipality, kind="dialogue_dinner")
        .select_related("process__municipality")
        .first()
    )


def inputs_of_person(*, municipality: Municipality, user: User) -> dict[str, QuerySet[Input]]:
    base = Input.objects.filter(process__municipality=municipality).select_related("process")
    return {
        "mine": base.filter(author=user).order_by("-created_at"),
        "following": base.filter(follows__user=user, status=InputStatus.PUBLISHED)
        .exclude(author=user)
        .order_by("-created_at"),
    }


def process_report_summary(*, municipality: Municipality, neighbourhood: Neighbourhood) -> dict[str, str]:
    """The headline facts of the neighbourhood's published co-creation processes, for impact's public health report
    (chapter 4): what was done, with whom, what residents said and what changed. Empty when there is no process.

    Built from the statistics page's figures (`process_statistics_cached`), so the report and the page agree.
    """
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from .statistics import process_statistics_cached

    processes = list(
        Process.objects.filter(municipality=municipality, neighbourhood=neighbourhood, is_published=True)
        .select_related("current_phase")
        .prefetch_related("phases")
        .order_by("title", "id")
    )
    if not processes:
        return {}
    today = timezone.localdate()
    engagements: dict[str, list[Any]] = {}  # kind → [label, count]
    participants = reach = inputs = 0
    heard: dict[str, int] = {}
    not_heard: list[str] = []
    areas: dict[str, int] = {}
    standing, done = [], []
    for process in processes:
        stats = process_statistics_cached(process=process)
        participants += stats.participants
        reach += stats.reach
        inputs += stats.inputs
        for kind in stats.kinds:
            engagements.setdefault(kind.kind, [kind.label, 0])[1] += kind.engagements
        for group in stats.target_groups:
            if group.gap == "none":
                not_heard.append(str(group.label))
            else:
                heard[str(group.label)] = heard.get(str(group.label), 0) + group.participants
        for area in stats.focus_areas:
            if area.key != "none" and area.value:
                areas[str(area.label)] = areas.get(str(area.label), 0) + area.value
        phase = process.current_phase
        standing.append(
            _("%(process)s (now: %(phase)s)") % {"process": process.title, "phase": phase.display_title}
            if phase is not None
            else process.title
        )
        done += [str(p.display_title) for p in process.phases.all() if p.end_date is not None and p.end_date < today]
    total = sum(n for _label, n in engagements.values())
    done_text = ngettext("%(count)s engagement", "%(count)s engagements", total) % {"count": total}
    if engagements:
        done_text += ": " + ", ".join(f"{n} × {label}" for label, n in engagements.values())
    whom = ngettext("%(count)s participant", "%(count)s participants", participants) % {"count": participants}
    if heard:
        whom += "; " + _("target groups heard: %(groups)s") % {
            "groups": ", ".join(f"{g} ({n})" for g, n in heard.items())
        }
    if not_heard:
        whom += "; " + _("not yet heard: %(groups)s") % {"groups": ", ".join(not_heard)}
    said = ngettext("%(count)s input", "%(count)s inputs", inputs) % {"count": inputs}
    if areas:
        top = sorted(areas.items(), key=lambda item: -item[1])[:3]
        said += "; " + _("most about: %(areas)s") % {"areas": ", ".join(f"{a} ({n})" for a, n in top)}
    summary = {
        _("Co-creation processes"): "; ".join(standing),
        _("What was done"): done_text,
        _("With whom"): whom,
    }
    if reach:
        summary[_("Reached by information")] = str(reach)
    summary[_("What residents said")] = said
    summary[_("What changed")] = (
        _("Phases completed: %(phases)s.") % {"phases": ", ".join(dict.fromkeys(done))}
        if done
        else _("No phase is completed yet.")
    )
    return summary
