"""Co-creation processes: phases, target groups, focus areas, engagements and the inputs from every channel.

One `Input` record holds what a resident said, whatever the channel (sticky note, dialogue dinner, idea portal,
spreadsheet import). The roadmap, analysis and impact modules build on these records; see docs/participation.md.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.core.models import TimeStampedModel
from sammen.places.models import latitude_validators, longitude_validators, slug_validator, validate_coordinates

INPUT_MAX_LENGTH = 5000
# Public paths under /<municipality>/participation/ that a process slug must not shadow.
RESERVED_PROCESS_SLUGS = frozenset({"my", "new", "staff", "dinner", "api"})

language_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    _("Give a language code such as nb, nn, da, en, so or ar."),
)


def validate_process_slug(value: str) -> None:
    if value in RESERVED_PROCESS_SLUGS:
        raise ValidationError(_("This address is reserved. Choose another."), code="reserved")


class ParticipantRule(models.TextChoices):
    """How an approximate participant count (a range like 30–35) enters the headline."""

    UPPER = "upper", _("Ranges counted at their upper bound")
    LOWER = "lower", _("Ranges counted at their lower bound")
    MIDPOINT = "midpoint", _("Ranges counted at their midpoint")


class Moderation(models.TextChoices):
    PRE = "pre", _("Pre-moderation: staff approve each input before it is shown")
    POST = "post", _("Post-moderation: inputs are shown at once and staff review them afterwards")


class Process(TimeStampedModel):
    """A co-creation process in one neighbourhood, from knowledge base to implementation."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="processes", verbose_name=_("municipality")
    )
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood", on_delete=models.PROTECT, related_name="processes", verbose_name=_("neighbourhood")
    )
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(
        _("address"),
        max_length=60,
        validators=[slug_validator, validate_process_slug],
        help_text=_("Used in web addresses, e.g. veikart-borgen."),
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True, help_text=_("One or two sentences."))
    purpose = models.TextField(_("purpose"), blank=True, help_text=_("What the process wants to achieve, and why."))
    content_language = models.CharField(
        _("language of the texts"), max_length=12, default="nb", validators=[language_validator]
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Residents see the process and its inputs when it is published.")
    )
    accepts_ideas = models.BooleanField(
        _("open for ideas"), default=True, help_text=_("Residents may send ideas and needs through the idea portal.")
    )
    moderation = models.CharField(_("moderation"), max_length=8, choices=Moderation.choices, default=Moderation.PRE)
    participant_rule = models.CharField(
        _("counting rule for approximate numbers"),
        max_length=10,
        choices=ParticipantRule.choices,
        default=ParticipantRule.UPPER,
        help_text=_("Shown with the headline, so readers know how “about 30–35” was counted."),
    )
    current_phase = models.ForeignKey(
        "Phase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current phase"),
    )
    dinner_kit_enabled = models.BooleanField(
        _("dialogue dinner kit"),
        default=False,
        help_text=_("Residents may register as hosts of a dialogue dinner and report back."),
    )
    dinner_guide = models.TextField(
        _("question guide for dialogue dinners"),
        blank=True,
        help_text=_("The questions hosts put to their guests, one per line."),
    )
    # Bumped by every write that changes the figures, so cached statistics are never served for old data.
    stats_version = models.PositiveIntegerField(default=0, editable=False)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["municipality", "title"]
        verbose_name = _("co-creation process")
        verbose_name_plural = _("co-creation processes")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="participation_process_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(moderation__in=[m.value for m in Moderation]),
                name="participation_process_moderation_known",
            ),
            models.CheckConstraint(
                condition=models.Q(participant_rule__in=[r.value for r in ParticipantRule]),
                name="participation_process_rule_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "participation:process", kwargs={"municipality_slug": self.municipality.slug, "process_slug": self.slug}
        )

    def clean(self) -> None:
        if (
            self.neighbourhood_id
            and self.municipality_id
            and self.neighbourhood.municipality_id != self.municipality_id
        ):
            raise ValidationError({"neighbourhood": _("The neighbourhood belongs to another municipality.")})


class PhaseKind(models.TextChoices):
    KNOWLEDGE_BASE = "knowledge_base", _("Knowledge base")
    CO_CREATION = "co_creation", _("Co-creation")
    POLITICAL_TREATMENT = "political_treatment", _("Political treatment")
    IMPLEMENTATION = "implementation", _("Implementation")
    OTHER = "other", pgettext_lazy("phase kind", "Other")


class Phase(models.Model):
    """A step of a process. The default template has four (seed 000's 1-2-3-4); staff edit, reorder and date them."""

    tenant_path: ClassVar[str] = "process__municipality"

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process"))
    kind = models.CharField(_("kind"), max_length=24, choices=PhaseKind.choices, default=PhaseKind.OTHER)
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("Leave empty to use the name of the kind.")
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["process", "position", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="participation_phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_title)

    @property
    def display_title(self) -> Any:
        return self.title or self.get_kind_display()

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})


# Seed 002's target groups: people at risk of loneliness, passivity and social withdrawal.
DEFAULT_TARGET_GROUPS: dict[str, Any] = {
    "disability_benefit": _("People on disability benefit"),
    "single_parents": _("Single parents with small children"),
    "single_elderly": _("Single elderly people"),
    "immigrants": _("Immigrants"),
    "municipal_housing": _("Residents of municipal housing"),
    "disabled_adults": _("Adults with disabilities"),
}


class TargetGroup(models.Model):
    """A group the process wants to reach. Default groups keep their key, so their name follows the UI language."""

    tenant_path: ClassVar[str] = "process__municipality"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="target_groups", verbose_name=_("process")
    )
    key = models.SlugField(_("key"), max_length=40, blank=True)
    name = models.CharField(
        _("name"), max_length=120, blank=True, help_text=_("Leave empty for a default group to use its usual name.")
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["process", "position", "id"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "key"], condition=~models.Q(key=""), name="participation_targetgroup_unique_key"
            ),
            models.CheckConstraint(
                condition=~models.Q(key="") | ~models.Q(name=""), name="participation_targetgroup_named"
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def display_name(self) -> Any:
        return self.name or DEFAULT_TARGET_GROUPS.get(self.key, self.key)


class FocusArea(models.Model):
    """A focus area (innsatsområde) of a process. The roadmap module's goals and measures hang under these."""

    tenant_path: ClassVar[str] = "process__municipality"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("process")
    )
    key = models.SlugField(
        _("key"), max_length=40, validators=[slug_validator], help_text=_("Short code used in imports and exports.")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["process", "position", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="participation_focusarea_unique_key"),
            models.UniqueConstraint(fields=["process", "name"], name="participation_focusarea_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A theme tag on inputs (set by staff, or accepted from the analysis module's themes)."""

    tenant_path: ClassVar[str] = "process__municipality"

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="tags", verbose_name=_("process"))
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["process", "name"]
        verbose_name = _("theme tag")
        verbose_name_plural = _("theme tags")
        constraints = [
            models.UniqueConstraint("process", Lower("name"), name="participation_tag_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class EngagementKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    DIALOGUE_DINNER = "dialogue_dinner", _("Dialogue dinner")
    CHILDRENS_MAP = "childrens_map", _("Children's route mapping")
    YOUTH_DAY = "youth_day", _("Youth focus day")
    FOCUS_GROUP = "focus_group", _("Focus group")
    OPEN_OFFICE = "open_office", _("Open office")
    SOCIAL_MEDIA = "social_media", _("Social media debate")
    INTERVIEWS = "interviews", _("Interviews")
    WORKSHOP = "workshop", _("Workshop")
    POLITICIANS = "politicians", _("Meeting with politicians")
    SURVEY = "survey", _("Survey")
    OTHER = "other", pgettext_lazy("engagement kind", "Other")


class EngagementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class AgeBand(models.TextChoices):
    CHILDREN = "0-12", _("Children (0–12)")
    YOUTH = "13-19", _("Young people (13–19)")
    ADULTS = "20-66", _("Adults (20–66)")
    OLDER = "67+", _("Older people (67+)")


class Engagement(TimeStampedModel):
    """One participation activity. Participation (people who took part) and reach (likes, views) are kept apart."""

    tenant_path: ClassVar[str] = "process__municipality"

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EngagementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Shown on the public page."))
    status = models.CharField(
        _("status"), max_length=10, choices=EngagementStatus.choices, default=EngagementStatus.HELD
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    venue = models.ForeignKey(
        "places.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("venue"),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Where it happened if not at a venue, e.g. “Facebook”.")
    )
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    # Exact count: both the same. Approximate (“about 30–35”): the range, counted by the process's stated rule.
    participants_min = models.PositiveIntegerField(_("participants (from)"), null=True, blank=True)
    participants_max = models.PositiveIntegerField(_("participants (to)"), null=True, blank=True)
    participants_from_attendance = models.BooleanField(
        _("count participants from attendance"),
        default=False,
        help_text=_("The participant count follows the attendance registered at the door."),
    )
    reach = models.PositiveIntegerField(
        _("reach"),
        null=True,
        blank=True,
        help_text=_("People reached without taking part, e.g. likes or views. Never counted as participants."),
    )
    reach_note = models.CharField(_("what the reach is"), max_length=200, blank=True)
    notes = models.TextField(_("staff notes"), blank=True, help_text=_("Only staff see these."))
    signup_enabled = models.BooleanField(_("sign-up open"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    # Dialogue dinner (gjestebud): a resident hosts, gets the guide, reports back through a private link.
    host_name = models.CharField(_("host"), max_length=200, blank=True)
    host_email = models.EmailField(_("host's e-mail"), blank=True)
    host_phone = models.CharField(_("host's phone"), max_length=20, blank=True)
    host_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="hosted_engagements"
    )
    host_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)

    class Meta:
        ordering = ["process", "date", "id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        indexes = [models.Index(fields=["process", "kind"], name="participation_eng_kind")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(participants_min__isnull=True) & models.Q(participants_max__isnull=True))
                | (
                    models.Q(participants_min__isnull=False)
                    & models.Q(participants_max__isnull=False)
                    & models.Q(participants_max__gte=models.F("participants_min"))
                ),
                name="participation_engagement_participant_range",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in EngagementKind]),
                name="participation_engagement_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="participation_engagement_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "participation:engagement",
            kwargs={
                "municipality_slug": self.process.municipality.slug,
                "process_slug": self.process.slug,
                "engagement_id": self.pk,
            },
        )

    @property
    def is_approximate(self) -> bool:
        return self.participants_min is not None and self.participants_min != self.participants_max

    @property
    def participants_display(self) -> str:
        if self.participants_min is None:
            return "–"
        if self.participants_min == self.participants_max:
            return str(self.participants_min)
        return f"{self.participants_min}–{self.participants_max}"

    @property
    def where(self) -> str:
        return self.venue.name if self.venue_id and self.venue else self.place

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        low, high = self.participants_min, self.participants_max
        if (low is None) != (high is None):
            errors["participants_max"] = _("Give both ends of the range, or the same number twice for an exact count.")
        elif low is not None and high is not None and high < low:
            errors["participants_max"] = _("The upper end cannot be below the lower end.")
        if self.start_time and self.end_time and self.end_time < self.start_time:
            errors["end_time"] = _("The end cannot be before the start.")
        if self.venue is not None and self.process_id and self.venue.municipality_id != self.process.municipality_id:
            errors["venue"] = _("The venue belongs to another municipality.")
        if errors:
            raise ValidationError(errors)


class EngagementTargetGroup(models.Model):
    """How many of an engagement's participants belonged to a target group."""

    tenant_path: ClassVar[str] = "engagement__process__municipality"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="target_group_counts")
    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="engagement_counts")
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("participants from a target group")
        verbose_name_plural = _("participants from target groups")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "target_group"], name="participation_engtg_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.target_group}: {self.participants}"


class EngagementAgeBand(models.Model):
    """How many of an engagement's participants were in an age band."""

    tenant_path: ClassVar[str] = "engagement__process__municipality"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="age_band_counts")
    band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("participants in an age band")
        verbose_name_plural = _("participants in age bands")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "band"], name="participation_engage_unique"),
            models.CheckConstraint(
                condition=models.Q(band__in=[b.value for b in AgeBand]), name="participation_engage_band_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_band_display()}: {self.participants}"


class Attachment(models.Model):
    """A file or photo. Photos need alt text; files are served through a view that checks visibility."""

    file = models.FileField(_("file"), upload_to="participation/%Y/%m/")
    title = models.CharField(_("title"), max_length=200, blank=True)
    alt_text = models.CharField(
        _("description of the picture"),
        max_length=300,
        blank=True,
        help_text=_("Describe what the picture shows for people who cannot see it."),
    )
    is_image = models.BooleanField(default=False)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title or (self.file.name or "").rsplit("/", 1)[-1]


class EngagementAttachment(Attachment):
    tenant_path: ClassVar[str] = "engagement__process__municipality"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        ordering = ["engagement", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_image=False) | ~models.Q(alt_text=""),
                name="participation_engattachment_alt_text",
            ),
        ]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A sign-up for a public engagement, or a walk-in registered at the door."""

    tenant_path: ClassVar[str] = "engagement__process__municipality"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    attended = models.BooleanField(_("attended"), default=False)
    attended_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["engagement", "created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["engagement", "status"], name="participation_reg_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seats__gte=1) & models.Q(seats__lte=10), name="participation_registration_seats"
            ),
            models.UniqueConstraint(
                "engagement",
                Lower("email"),
                condition=~models.Q(email="") & ~models.Q(status="cancelled"),
                name="participation_registration_unique_email",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.phone or str(_("Walk-in"))


class InputKind(models.TextChoices):
    IDEA = "idea", _("Idea")
    NEED = "need", _("Need")
    PROBLEM = "problem", _("Problem or complaint")
    QUESTION = "question", _("Question")
    OTHER = "other", pgettext_lazy("input kind", "Other")


class Channel(models.TextChoices):
    """How an input reached the municipality."""

    MEETING = "meeting", _("Meeting or event")
    PORTAL = "portal", _("Idea portal")
    DIALOGUE_DINNER = "dialogue_dinner", _("Dialogue dinner")
    SOCIAL_MEDIA = "social_media", _("Social media")
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interview")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter or paper form")
    PHONE = "phone", _("Phone")
    OTHER = "other", pgettext_lazy("channel", "Other")


# The channel an input most likely came through when it was given at an engagement of this kind.
CHANNEL_FOR_KIND = {
    EngagementKind.DIALOGUE_DINNER: Channel.DIALOGUE_DINNER,
    EngagementKind.SOCIAL_MEDIA: Channel.SOCIAL_MEDIA,
    EngagementKind.SURVEY: Channel.SURVEY,
    EngagementKind.INTERVIEWS: Channel.INTERVIEW,
}


class InputStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another input")


class Input(TimeStampedModel):
    """One input (innspill) from any channel. Authors and contacts are never public."""

    tenant_path: ClassVar[str] = "process__municipality"

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="inputs", verbose_name=_("process"))
    text = models.TextField(_("text"), validators=[MaxLengthValidator(INPUT_MAX_LENGTH)])
    kind = models.CharField(_("kind"), max_length=10, choices=InputKind.choices, default=InputKind.IDEA)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("engagement"),
    )
    received_on = models.DateField(_("date"))
    language = models.CharField(
        _("language"), max_length=12, blank=True, validators=[language_validator], help_text=_("Empty when unknown.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )
    focus_areas = models.ManyToManyField(FocusArea, blank=True, related_name="inputs", verbose_name=_("focus areas"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="inputs", verbose_name=_("theme tags"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="inputs", verbose_name=_("target groups represented")
    )
    status = models.CharField(_("status"), max_length=10, choices=InputStatus.choices, default=InputStatus.PUBLISHED)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    moderation_note = models.CharField(_("reason"), max_length=300, blank=True)
    # The person who said it: an account, or nobody. Never the staff member who typed or imported it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_inputs",
        verbose_name=_("author"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # An offline contributor may leave a contact for feedback, stored only with their explicit consent.
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_language = models.CharField(_("language for feedback"), max_length=8, blank=True)
    contact_consent_at = models.DateTimeField(_("consent to be contacted given"), null=True, blank=True)
    # How many people said this: 1, plus the inputs merged into it as duplicates.
    mentions = models.PositiveIntegerField(_("said by"), default=1)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_inputs"
    )
    import_batch = models.ForeignKey(
        "ImportBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="inputs"
    )
    # A stable key of the spreadsheet row it came from, so importing the same file again creates no duplicates.
    import_key = models.CharField(max_length=80, blank=True)
    support_count = models.PositiveIntegerField(_("supporters"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")
        indexes = [
            models.Index(fields=["process", "status", "-received_on", "-id"], name="participation_input_list"),
            # Covers every grouped query of the statistics page, so they read the index and never the table.
            models.Index(
                fields=["process", "status", "kind", "channel", "language", "received_on", "engagement", "mentions"],
                name="participation_input_stats",
            ),
            models.Index(fields=["process", "status", "-support_count"], name="participation_input_support"),
            models.Index(fields=["engagement", "status"], name="participation_input_eng"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "import_key"],
                condition=~models.Q(import_key=""),
                name="participation_input_unique_import_key",
            ),
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (models.Q(latitude__isnull=False) & models.Q(longitude__isnull=False)),
                name="participation_input_both_coordinates",
            ),
            models.CheckConstraint(
                condition=(models.Q(contact_name="") & models.Q(contact_email="") & models.Q(contact_phone=""))
                | models.Q(contact_consent_at__isnull=False),
                name="participation_input_contact_needs_consent",
            ),
            models.CheckConstraint(condition=models.Q(mentions__gte=1), name="participation_input_mentions"),
            models.CheckConstraint(
                condition=models.Q(status="merged", merged_into__isnull=False)
                | (~models.Q(status="merged") & models.Q(merged_into__isnull=True)),
                name="participation_input_merged_has_target",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=[c.value for c in Channel]), name="participation_input_channel_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in InputStatus]), name="participation_input_status_known"
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 60 else text[:59] + "…"

    def get_absolute_url(self) -> str:
        return reverse(
            "participation:input",
            kwargs={
                "municipality_slug": self.process.municipality.slug,
                "process_slug": self.process.slug,
                "input_id": self.pk,
            },
        )

    @property
    def is_public(self) -> bool:
        return self.status == InputStatus.PUBLISHED

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_email or self.contact_phone)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not (self.text or "").strip():
            errors["text"] = _("Write the input.")
        if self.process_id:
            try:
                validate_coordinates(self.latitude, self.longitude, self.process.municipality.country)
            except ValidationError as error:
                errors["latitude"] = error.messages
            if self.engagement is not None and self.engagement.process_id != self.process_id:
                errors["engagement"] = _("The engagement belongs to another process.")
        if (self.contact_email or self.contact_phone or self.contact_name) and self.contact_consent_at is None:
            errors["contact_consent"] = _("A contact can only be kept with the contributor's consent.")
        if errors:
            raise ValidationError(errors)


class InputAttachment(Attachment):
    tenant_path: ClassVar[str] = "input__process__municipality"

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        ordering = ["input", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_image=False) | ~models.Q(alt_text=""),
                name="participation_inputattachment_alt_text",
            ),
        ]


class Support(models.Model):
    """A +1 on an input: one per account, or one per anonymous browser key (stored hashed)."""

    tenant_path: ClassVar[str] = "input__process__municipality"

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    anonymous_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["input", "user"], condition=models.Q(user__isnull=False), name="participation_support_user"
            ),
            models.UniqueConstraint(
                fields=["input", "anonymous_key"],
                condition=~models.Q(anonymous_key=""),
                name="participation_support_anonymous",
            ),
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False) & models.Q(anonymous_key=""))
                | (models.Q(user__isnull=True) & ~models.Q(anonymous_key="")),
                name="participation_support_one_supporter",
            ),
        ]

    def __str__(self) -> str:
        return f"+1 → {self.input_id}"


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Comment(models.Model):
    tenant_path: ClassVar[str] = "input__process__municipality"

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("comment"), validators=[MaxLengthValidator(2000)])
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices)
    is_staff_reply = models.BooleanField(_("from the municipality"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["input", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["input", "status"], name="participation_comment_status")]

    def __str__(self) -> str:
        return self.text[:60]


class Follow(models.Model):
    """A resident follows an input: they hear about new comments (and, with the roadmap, what became of it)."""

    tenant_path: ClassVar[str] = "input__process__municipality"

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_inputs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["input", "user"], name="participation_follow_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.input_id}"


class ImportBatch(models.Model):
    """One confirmed spreadsheet import: what was read, what was created and what was already there."""

    tenant_path: ClassVar[str] = "process__municipality"

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="import_batches")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200)
    file_sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField(_("rows read"))
    rows_created = models.PositiveIntegerField(_("inputs created"))
    rows_skipped = models.PositiveIntegerField(_("rows already imported"))
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["process", "-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d})"
