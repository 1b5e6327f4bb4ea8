"""Impact: goals, indicators and their values, resident surveys and their anonymous answers.

Values are per neighbourhood or for the whole municipality (neighbourhood is null), per year or period. A suppressed
value has no number at all (never zero). Survey responses carry no link to a person or to a paper code.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.core.models import TimeStampedModel

# Codes on paper: no 0/O, 1/I/L, so they can be typed from a printout without doubt.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_public_token() -> str:
    return secrets.token_urlsafe(12)


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Theme(models.TextChoices):
    """The chapters of a Norwegian public health overview (forskrift om oversikt over folkehelsen § 3)."""

    POPULATION = "population", pgettext_lazy("health overview chapter", "Population")
    LIVING_CONDITIONS = "living_conditions", _("Childhood and living conditions")
    ENVIRONMENT = "environment", _("Physical and social environment")
    INJURIES = "injuries", _("Injuries and accidents")
    BEHAVIOUR = "behaviour", _("Health-related behaviour")
    HEALTH = "health", _("Health status")


class Sex(models.TextChoices):
    ALL = "all", _("Everyone")
    FEMALE = "female", _("Women")
    MALE = "male", _("Men")


class Origin(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    TABLE = "table", _("Imported table")
    FHI = "fhi", _("Public health statistics extract")
    SURVEY = "survey", _("Resident survey")


class ImpactSettings(TimeStampedModel):
    """Per municipality: the privacy threshold, the judgement rule, publication and extra survey languages."""

    municipality = models.OneToOneField(
        "places.Municipality", on_delete=models.CASCADE, related_name="impact_settings", verbose_name=_("municipality")
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(50)],
        help_text=_("Results from fewer respondents than this are never shown. At least 3."),
    )
    change_threshold_percent = models.DecimalField(
        _("change that counts (%)"),
        max_digits=5,
        decimal_places=1,
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A change smaller than this, relative to the first value, is judged as unchanged."),
    )
    is_dashboard_public = models.BooleanField(
        _("publish the dashboards"),
        default=False,
        help_text=_("Everyone can see the neighbourhood dashboards and the indicators marked as public."),
    )
    extra_languages = models.CharField(
        _("extra survey languages"),
        max_length=200,
        blank=True,
        help_text=_("Language codes separated by commas, e.g. ar, so, uk, pl. Surveys can be translated into these."),
    )
    age_bands = models.CharField(
        _("age bands"),
        max_length=200,
        default="16-24,25-44,45-66,67+",
        help_text=_("The age bands respondents choose from and results are broken down by, separated by commas."),
    )

    class Meta:
        verbose_name = _("impact settings")
        verbose_name_plural = _("impact settings")
        constraints = [
            models.CheckConstraint(condition=Q(min_group_size__gte=3), name="impact_settings_min_group_at_least_3"),
        ]

    def __str__(self) -> str:
        return str(self.municipality)

    def age_band_list(self) -> list[str]:
        return [band.strip() for band in self.age_bands.split(",") if band.strip()]

    def extra_language_list(self) -> list[str]:
        return [code.strip().lower() for code in self.extra_languages.split(",") if code.strip()]

    def clean(self) -> None:
        for code in self.extra_language_list():
            if not code.replace("-", "").isalpha() or len(code) > 8:
                raise ValidationError({"extra_languages": _("“%(code)s” is not a language code.") % {"code": code}})
        bands = self.age_band_list()
        if len(set(bands)) != len(bands):
            raise ValidationError({"age_bands": _("Each age band may appear only once.")})


class ImpactGoal(TimeStampedModel):
    """An impact goal (effektmål): what the municipality wants to change, measured by its indicators."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="impact_goals", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("impact goal")
        verbose_name_plural = _("impact goals")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"], name="impact_goal_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(TimeStampedModel):
    """A measurable sign of an impact goal, tracked per neighbourhood against the municipality as a whole.

    The roadmap's measures point here (Measure.indicators = ManyToManyField("impact.Indicator",
    related_name="measures")): see sammen/impact/integration.py.
    """

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="indicators", verbose_name=_("municipality")
    )
    goal = models.ForeignKey(
        ImpactGoal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("impact goal")
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), help_text=_("What exactly is counted, and of whom."))
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example %, per 1,000 or kr."))
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1, validators=[MaxValueValidator(3)])
    direction = models.CharField(_("direction of good"), max_length=8, choices=Direction.choices)
    theme = models.CharField(
        _("chapter of the public health overview"),
        max_length=32,
        choices=Theme.choices,
        default=Theme.LIVING_CONDITIONS,
    )
    source = models.CharField(
        _("data source"), max_length=200, help_text=_("For example FHI, SSB or the resident survey.")
    )
    source_code = models.CharField(
        _("name in the source"),
        max_length=200,
        blank=True,
        help_text=_("How statistics extracts name this indicator, e.g. “Uføretrygdede 18-66 år”."),
    )
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=4, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    breakdown_by_sex = models.BooleanField(_("broken down by sex"), default=False)
    breakdown_by_age = models.BooleanField(_("broken down by age band"), default=False)
    neighbourhoods = models.ManyToManyField(
        "places.Neighbourhood",
        blank=True,
        related_name="indicators",
        verbose_name=_("neighbourhoods measured"),
    )
    is_public = models.BooleanField(
        _("show on the public dashboard"), default=True, help_text=_("Only when the dashboards are published.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["goal__order", "order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="impact_indicator_unique_name"),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_year__isnull=True)
                | Q(baseline_value__isnull=False, baseline_year__isnull=False),
                name="impact_indicator_baseline_complete",
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True, target_year__isnull=True)
                | Q(target_value__isnull=False, target_year__isnull=False),
                name="impact_indicator_target_complete",
            ),
            models.CheckConstraint(condition=Q(direction__in=["up", "down"]), name="impact_indicator_direction"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "impact:indicator", kwargs={"municipality_slug": self.municipality.slug, "indicator_id": self.pk}
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (self.baseline_value is None) != (self.baseline_year is None):
            errors["baseline_year"] = _("Give both the baseline and its year, or neither.")
        if (self.target_value is None) != (self.target_year is None):
            errors["target_year"] = _("Give both the target and its year, or neither.")
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            errors["target_year"] = _("The target year cannot be before the baseline year.")
        if self.goal_id and self.municipality_id and self.goal.municipality_id != self.municipality_id:
            errors["goal"] = _("The impact goal belongs to another municipality.")
        if errors:
            raise ValidationError(errors)


class ImportBatch(models.Model):
    """One import of values (a table, a statistics extract or a survey's aggregation): where values came from."""

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    source = models.CharField(_("data source"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("imported"), default=timezone.now)
    row_count = models.PositiveIntegerField(_("values"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_origin_display()} {self.filename}".strip()


class IndicatorValue(models.Model):
    """One value of an indicator for a neighbourhood (or the whole municipality), a period, a sex and an age band."""

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
        help_text=_("Empty for the municipality as a whole."),
    )
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.ALL)
    age_band = models.CharField(_("age band"), max_length=20, blank=True, help_text=_("Empty for all ages."))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    is_suppressed = models.BooleanField(_("suppressed"), default=False)
    respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    source = models.CharField(_("data source"), max_length=200)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices, default=Origin.MANUAL)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="values")

    class Meta:
        ordering = ["indicator_id", "year_to", "neighbourhood_id"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "neighbourhood", "year_from", "year_to", "sex", "age_band"],
                condition=Q(neighbourhood__isnull=False),
                name="impact_value_unique_cell",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year_from", "year_to", "sex", "age_band"],
                condition=Q(neighbourhood__isnull=True),
                name="impact_value_unique_municipal_cell",
            ),
            # A suppressed cell has no number: suppression is never turned into zero.
            models.CheckConstraint(
                condition=Q(is_suppressed=True, value__isnull=True) | Q(is_suppressed=False, value__isnull=False),
                name="impact_value_suppressed_has_no_number",
            ),
            models.CheckConstraint(condition=Q(year_to__gte=models.F("year_from")), name="impact_value_period_order"),
            models.CheckConstraint(condition=Q(sex__in=["all", "female", "male"]), name="impact_value_sex"),
        ]
        indexes = [models.Index(fields=["municipality", "sex", "age_band"], name="impact_value_headline")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_label}"

    @property
    def period_label(self) -> str:
        return str(self.year_to) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"


# Surveys ----------------------------------------------------------------------------------------------------------


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Survey(TimeStampedModel):
    """A resident questionnaire. Answers are anonymous; owners alone may read them one by one."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="surveys", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown to respondents before the questions."))
    year = models.PositiveSmallIntegerField(_("year the answers count for"))
    status = models.CharField(_("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    neighbourhoods = models.ManyToManyField(
        "places.Neighbourhood", related_name="surveys", verbose_name=_("neighbourhoods")
    )
    owners = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="owned_surveys", verbose_name=_("owners"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token, editable=False)
    allow_open_link = models.BooleanField(
        _("open link and QR code"), default=True, help_text=_("Anyone with the link can answer, anonymously.")
    )

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title", "year"], name="impact_survey_unique_title"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse(
            "impact:survey_answer",
            kwargs={"municipality_slug": self.municipality.slug, "survey_token": self.public_token},
        )


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Scale (Likert)")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    NUMBER = "number", pgettext_lazy("question kind", "Number")
    TEXT = "text", _("Free text")


class Tier(models.TextChoices):
    CORE = "core", _("Core question")
    OPTIONAL = "optional", _("Optional question")
    OWN = "own", _("The municipality's own question")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Average answer")
    SHARE = "share", _("Share of respondents (%)")


class Question(models.Model):
    """A question of a survey. Texts are per language: {"nb": "...", "en": "..."}."""

    tenant_path = "survey__municipality"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    tier = models.CharField(_("question bank"), max_length=10, choices=Tier.choices, default=Tier.OWN)
    bank_key = models.CharField(
        _("bank key"), max_length=60, help_text=_("The same key across surveys makes answers comparable over time.")
    )
    text = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("hint"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    scale_points = models.PositiveSmallIntegerField(
        _("points on the scale"), default=5, validators=[MinValueValidator(3), MaxValueValidator(10)]
    )
    scale_low = models.JSONField(_("label of the lowest point"), default=dict, blank=True)
    scale_high = models.JSONField(_("label of the highest point"), default=dict, blank=True)
    number_min = models.DecimalField(_("smallest number"), max_digits=12, decimal_places=3, null=True, blank=True)
    number_max = models.DecimalField(_("largest number"), max_digits=12, decimal_places=3, null=True, blank=True)
    is_required = models.BooleanField(_("answer required"), default=False)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("indicator"),
    )
    aggregation = models.CharField(
        _("how answers become the indicator"), max_length=8, choices=Aggregation.choices, default=Aggregation.SHARE
    )
    share_min = models.DecimalField(_("count answers from"), max_digits=12, decimal_places=3, null=True, blank=True)
    share_max = models.DecimalField(_("count answers up to"), max_digits=12, decimal_places=3, null=True, blank=True)
    share_options = models.JSONField(_("count these options"), default=list, blank=True)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "bank_key"], name="impact_question_unique_key"),
            models.CheckConstraint(
                condition=Q(kind__in=["likert", "single", "multiple", "number", "text"]), name="impact_question_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.text_in("")

    def text_in(self, language: str, fallback: str = "nb") -> str:
        return _pick(self.text, language, fallback)

    def option_values(self) -> list[str]:
        return [str(option["value"]) for option in self.options]


def _pick(translations: dict[str, str], language: str, fallback: str) -> str:
    if translations.get(language):
        return translations[language]
    if translations.get(fallback):
        return translations[fallback]
    return next((text for text in translations.values() if text), "")


class Channel(models.TextChoices):
    LINK = "link", _("Open link or QR code")
    CODE = "code", _("Paper code")


class RespondentSex(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other or do not want to say")


class Response(models.Model):
    """One anonymous filled-in questionnaire. Deliberately no user, no code and no time of day."""

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sex = models.CharField(max_length=8, choices=RespondentSex.choices, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=8)
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "neighbourhood"], name="impact_response_survey_nb")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One answer to one question; several rows for a multiple choice (one per chosen option)."""

    tenant_path = "response__municipality"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    option = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "option"], name="impact_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.number if self.number is not None else self.option or self.text[:20]}"


class SurveyCode(models.Model):
    """A one-time code printed on paper. It knows only whether it was used: never by whom, when, or which answer."""

    tenant_path = "survey__municipality"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=16, unique=True, default=new_code)
    batch_label = models.CharField(_("handed out to"), max_length=100, blank=True)
    is_used = models.BooleanField(default=False)

    class Meta:
        ordering = ["batch_label", "code"]
        verbose_name = _("paper code")
        verbose_name_plural = _("paper codes")

    def __str__(self) -> str:
        return self.code
