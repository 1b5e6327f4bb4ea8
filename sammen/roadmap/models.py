"""The roadmap (veikart) of a co-creation process, and what became of every input.

Roadmap → goals (under the process's focus areas) → strategies → measures with their actors. Each input has a fate;
an input without an `InputFate` row is simply "received". Every change of fate is logged in `FateChange`, which the
digest reads to tell followers and consenting contributors. See docs/roadmap.md.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.core.models import TimeStampedModel
from sammen.participation.models import Attachment


class Roadmap(TimeStampedModel):
    """One roadmap per process: the main goal, the knowledge base for the council, and whether residents see it."""

    tenant_path: ClassVar[str] = "process__municipality"

    process = models.OneToOneField(
        "participation.Process", on_delete=models.CASCADE, related_name="roadmap", verbose_name=_("process")
    )
    main_goal = models.CharField(_("main goal"), max_length=300)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the roadmap: why it was made and how.")
    )
    knowledge_base = models.TextField(
        _("knowledge base"),
        blank=True,
        help_text=_("What the municipality knows about the neighbourhood; the first chapter of the council report."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Residents see the roadmap when it and the process are published.")
    )

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def __str__(self) -> str:
        return self.main_goal


class KnowledgeBaseAttachment(Attachment):
    """A file or picture behind the knowledge base (a survey report, a map): listed in the council report, pictures
    shown in it. Staff only: the knowledge base may draw on internal documents."""

    tenant_path: ClassVar[str] = "roadmap__process__municipality"

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        ordering = ["roadmap", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_image=False) | ~models.Q(alt_text=""),
                name="roadmap_kbattachment_alt_text",
            ),
        ]


class Goal(models.Model):
    """A goal under one focus area of the process."""

    tenant_path: ClassVar[str] = "focus_area__process__municipality"

    focus_area = models.ForeignKey(
        "participation.FocusArea", on_delete=models.CASCADE, related_name="roadmap_goals", verbose_name=_("focus area")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class Strategy(models.Model):
    """A way of reaching a goal; measures carry it out."""

    tenant_path: ClassVar[str] = "goal__focus_area__process__municipality"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="strategies", verbose_name=_("goal"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.title


class MeasureStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Measure(TimeStampedModel):
    """A concrete measure (tiltak): who does what, when, and which inputs it answers."""

    tenant_path: ClassVar[str] = "process__municipality"

    # Denormalised from the goal, so lists, filters and the "same process" checks need no joins.
    process = models.ForeignKey(
        "participation.Process", on_delete=models.CASCADE, related_name="measures", verbose_name=_("process")
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("goal"))
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("strategy"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PROPOSED)
    dropped_reason = models.TextField(
        _("why it was dropped"), blank=True, help_text=_("Required when the measure is dropped; shown to residents.")
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    inputs = models.ManyToManyField(
        "participation.Input", blank=True, related_name="roadmap_measures", verbose_name=_("inputs it answers")
    )
    inspired_by = models.ManyToManyField(
        "inspiration.Case", blank=True, related_name="measures", verbose_name=_("inspired by")
    )
    indicators = models.ManyToManyField(
        "impact.Indicator", related_name="measures", blank=True, verbose_name=_("indicators")
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        indexes = [models.Index(fields=["process", "status"], name="roadmap_measure_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in MeasureStatus]), name="roadmap_measure_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="dropped") | ~models.Q(dropped_reason=""),
                name="roadmap_measure_dropped_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="roadmap_measure_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return (
            reverse(
                "roadmap:roadmap",
                kwargs={"municipality_slug": self.process.municipality.slug, "process_slug": self.process.slug},
            )
            + f"#measure-{self.pk}"
        )

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.status == MeasureStatus.DROPPED and not (self.dropped_reason or "").strip():
            errors["dropped_reason"] = [_("Say why the measure was dropped; residents will read it.")]
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = [_("The end cannot be before the start.")]
        if self.goal_id and self.process_id and self.goal.focus_area.process_id != self.process_id:
            errors["goal"] = [_("The goal belongs to another process.")]
        if self.strategy is not None and self.goal_id and self.strategy.goal_id != self.goal_id:
            errors["strategy"] = [_("The strategy belongs to another goal.")]
        if errors:
            raise ValidationError(errors)


class ActorKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality unit")
    ORGANISATION = "organisation", _("Organisation or association")
    BUSINESS = "business", _("Business")
    RESIDENTS = "residents", _("Residents")


class MeasureActor(models.Model):
    """Shared goals, different roles: one party to a measure, with its role and responsibility."""

    tenant_path: ClassVar[str] = "measure__process__municipality"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="actors", verbose_name=_("measure"))
    kind = models.CharField(_("kind"), max_length=12, choices=ActorKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure_roles",
        verbose_name=_("organisation"),
        help_text=_("When the actor is an organisation registered on the platform."),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, help_text=_("E.g. “responsible”, “partner”, “host”."))
    responsibility = models.TextField(_("responsibility"), blank=True, help_text=_("What this actor does."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in ActorKind]), name="roadmap_actor_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FateState(models.TextChoices):
    RECEIVED = "received", _("Received")
    CONSIDERING = "considering", _("Being considered")
    IN_MEASURE = "in_measure", _("Part of a measure")
    ANSWERED = "answered", pgettext_lazy("input fate", "Answered")
    NOT_PURSUED = "not_pursued", _("Not pursued")


STATES_NEEDING_REASON = (FateState.ANSWERED, FateState.NOT_PURSUED)


class InputFate(models.Model):
    """What became of one input. No row means "received"."""

    tenant_path: ClassVar[str] = "input__process__municipality"

    input = models.OneToOneField(
        "participation.Input", on_delete=models.CASCADE, related_name="fate", verbose_name=_("input")
    )
    state = models.CharField(_("what became of it"), max_length=12, choices=FateState.choices)
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="fates", verbose_name=_("measure")
    )
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("In plain language: residents read it. Required when answered or not pursued."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("fate of an input")
        verbose_name_plural = _("fates of inputs")
        indexes = [models.Index(fields=["state", "measure"], name="roadmap_fate_state")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in FateState]), name="roadmap_fate_state_known"
            ),
            models.CheckConstraint(
                condition=(models.Q(state="in_measure") & models.Q(measure__isnull=False))
                | (~models.Q(state="in_measure") & models.Q(measure__isnull=True)),
                name="roadmap_fate_measure_iff_in_measure",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=[s.value for s in STATES_NEEDING_REASON]) | ~models.Q(reason=""),
                name="roadmap_fate_reason_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.input_id}: {self.state}"


class FateChange(models.Model):
    """One change of an input's fate; un-notified rows are what the next digest tells people about."""

    tenant_path: ClassVar[str] = "input__process__municipality"

    input = models.ForeignKey("participation.Input", on_delete=models.CASCADE, related_name="fate_changes")
    old_state = models.CharField(max_length=12, choices=FateState.choices)
    new_state = models.CharField(max_length=12, choices=FateState.choices)
    measure = models.ForeignKey(Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("change of fate")
        verbose_name_plural = _("changes of fate")
        indexes = [
            models.Index(
                fields=["changed_at"], condition=models.Q(notified_at__isnull=True), name="roadmap_fatechange_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.input_id}: {self.old_state} → {self.new_state}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportJob(models.Model):
    """One council report made in the background: its progress, and the files when done."""

    tenant_path: ClassVar[str] = "process__municipality"

    process = models.ForeignKey(
        "participation.Process", on_delete=models.CASCADE, related_name="council_reports", verbose_name=_("process")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=8, default="nb")
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    pdf = models.FileField(upload_to="roadmap/reports/", blank=True)
    xlsx = models.FileField(upload_to="roadmap/reports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="roadmap_reportjob_progress"),
        ]

    def __str__(self) -> str:
        return f"{self.process_id} {self.created_at:%Y-%m-%d %H:%M}"
