"""Stored features per input, analysis runs with their progress, and their results staff act on.

The engine (sammen.analysis.engine) computes; these models keep what it computed so that an analysis reuses the
features of every input and a result is shown with the date and settings of the run that made it.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InputFeatures(models.Model):
    """What the engine computed once for one input (`Features.to_dict()`); recomputed when stale."""

    tenant_path: ClassVar[str] = "input__process__municipality"

    input = models.OneToOneField(
        "participation.Input", on_delete=models.CASCADE, related_name="analysis_features", verbose_name=_("input")
    )
    version = models.PositiveSmallIntegerField()
    backend = models.CharField(max_length=80, blank=True)
    # A hash of the text and language the features were computed from: an edited input is recomputed.
    source_hash = models.CharField(max_length=64)
    data = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("input features")
        verbose_name_plural = _("input features")

    def __str__(self) -> str:
        return f"features of input {self.input_id}"


class RunKind(models.TextChoices):
    THEMES = "themes", _("Themes")
    SUGGESTIONS = "suggestions", _("Focus-area suggestions")
    DUPLICATES = "duplicates", _("Near-duplicates")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", pgettext_lazy("analysis run", "Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class AnalysisRun(models.Model):
    """One analysis of one process's inputs: its settings, progress and outcome. Re-runnable; the newest is shown."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    process = models.ForeignKey(
        "participation.Process", on_delete=models.CASCADE, related_name="analysis_runs", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RunKind.choices)
    settings = models.JSONField(_("settings"), default=dict)
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    started_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # A summary of the outcome (counts, backend, inputs analysed); the details are in the rows below.
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")
        indexes = [models.Index(fields=["process", "kind", "-started_at"], name="analysis_run_latest")]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "kind"],
                condition=models.Q(status__in=["queued", "running"]),
                name="analysis_run_one_active",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="analysis_run_progress_range"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in RunStatus]), name="analysis_run_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in RunKind]), name="analysis_run_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Theme(models.Model):
    """A theme of a themes run; staff rename, merge, split and accept it (accepted: a tag on its inputs)."""

    tenant_path: ClassVar[str] = "run__municipality"

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=60)
    keywords = models.JSONField(_("keywords"), default=list)
    is_renamed = models.BooleanField(default=False)
    is_accepted = models.BooleanField(_("accepted"), default=False)

    class Meta:
        ordering = ["run", "number"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="analysis_theme_number_unique")]

    def __str__(self) -> str:
        return self.label


class ThemeMembership(models.Model):
    tenant_path: ClassVar[str] = "theme__run__municipality"

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="memberships")
    input = models.ForeignKey("participation.Input", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField()  # 0: the most representative

    class Meta:
        ordering = ["theme", "rank"]
        constraints = [models.UniqueConstraint(fields=["theme", "input"], name="analysis_membership_unique")]

    def __str__(self) -> str:
        return f"{self.theme_id}: {self.input_id}"


class Decision(models.TextChoices):
    OPEN = "open", _("Not decided")
    CONFIRMED = "confirmed", _("Confirmed")
    CORRECTED = "corrected", _("Corrected")


class FocusAreaSuggestion(models.Model):
    """A suggested focus area for an input without one; applied only when staff confirm or correct it."""

    tenant_path: ClassVar[str] = "run__municipality"

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="suggestions")
    input = models.ForeignKey("participation.Input", on_delete=models.CASCADE, related_name="+")
    focus_area = models.ForeignKey("participation.FocusArea", on_delete=models.CASCADE, related_name="+")
    confidence = models.FloatField(_("confidence"))
    margin = models.FloatField()  # small: uncertain, so reviewed first
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.OPEN)
    decided_focus_area = models.ForeignKey(
        "participation.FocusArea", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "margin", "confidence", "id"]
        verbose_name = _("focus-area suggestion")
        verbose_name_plural = _("focus-area suggestions")
        constraints = [models.UniqueConstraint(fields=["run", "input"], name="analysis_suggestion_unique")]
        indexes = [models.Index(fields=["run", "decision", "margin"], name="analysis_suggestion_queue")]

    def __str__(self) -> str:
        return f"{self.input_id} → {self.focus_area_id}"


class DuplicateGroup(models.Model):
    """Inputs that say the same thing; merging keeps `canonical` and counts the others as mentions of it."""

    tenant_path: ClassVar[str] = "run__municipality"

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="duplicate_groups")
    number = models.PositiveIntegerField(_("number"))
    canonical = models.ForeignKey("participation.Input", on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(_("similarity"))
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)
    merged_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["run", "number"]
        verbose_name = _("duplicate group")
        verbose_name_plural = _("duplicate groups")
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="analysis_duplicate_number_unique")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.number}"


class DuplicateMember(models.Model):
    tenant_path: ClassVar[str] = "group__run__municipality"

    group = models.ForeignKey(DuplicateGroup, on_delete=models.CASCADE, related_name="members")
    input = models.ForeignKey("participation.Input", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["group", "position"]
        constraints = [models.UniqueConstraint(fields=["group", "input"], name="analysis_member_unique")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.input_id}"
