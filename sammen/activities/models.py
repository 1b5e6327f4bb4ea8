"""The activity catalogue: activities, their schedules in iCalendar terms, materialised sessions, sign-ups,
saved searches, imports and the activity guides' families."""

from __future__ import annotations

import secrets
import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sammen.core.models import TimeStampedModel

MAX_AGE = 120


class Category(TimeStampedModel):
    """A kind of activity (sport, outdoor life, culture ...). Each municipality keeps its own list."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="activity_categories",
        verbose_name=_("municipality"),
    )
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("activity category")
        verbose_name_plural = _("activity categories")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="activities_category_unique_key"),
            models.UniqueConstraint(fields=["municipality", "name"], name="activities_category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class PriceType(models.TextChoices):
    FREE = "free", _("Free")
    FIXED = "fixed", _("One price")
    BANDS = "bands", _("Price bands")


class PricePeriod(models.TextChoices):
    SESSION = "session", _("per session")
    TERM = "term", _("per term")
    YEAR = "year", _("per year")
    ONCE = "once", _("once")


class JoinMethod(models.TextChoices):
    DROP_IN = "drop_in", _("Just come (drop in)")
    SIGN_UP = "sign_up", _("Sign up here")
    EXTERNAL = "external", _("Sign up on the organiser's website")


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("Children")
    YOUTH = "youth", _("Young people")
    FAMILIES = "families", _("Families")
    ADULTS = "adults", _("Adults")
    SENIORS = "seniors", _("Seniors")
    NEWCOMERS = "newcomers", _("Newcomers")
    DISABILITIES = "disabilities", _("People with disabilities")
    WOMEN = "women", _("Women")


class AccessFact(models.TextChoices):
    """Accessibility facts a resident can filter on; each is a boolean column of Activity."""

    STEP_FREE = "is_step_free", _("Step-free access")
    ACCESSIBLE_TOILET = "has_accessible_toilet", _("Accessible toilet")
    HEARING_LOOP = "has_hearing_loop", _("Hearing loop")
    ADAPTED = "is_adapted", _("Adapted for people with disabilities")
    COMPANION_FREE = "companion_free", _("Companion goes free")


# Languages an activity can be held in (ISO 639-1): the platform's own and those most spoken by newcomers.
LANGUAGES = [
    ("nb", _("Norwegian")),
    ("da", _("Danish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
    ("fa", _("Persian")),
    ("ur", _("Urdu")),
    ("sv", _("Swedish")),
]
LANGUAGE_CODES = [code for code, _label in LANGUAGES]


def tag_list_value(values: list[str] | tuple[str, ...] | set[str]) -> str:
    """Store a set of keys as ",a,b," so that one key is found with a portable `contains` lookup."""
    return "," + ",".join(sorted(set(values))) + "," if values else ""


def tag_list_parse(value: str) -> list[str]:
    return [part for part in (value or "").split(",") if part]


class Activity(TimeStampedModel):
    """A leisure activity offered by an organisation at a venue, on a schedule."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="activities", verbose_name=_("municipality")
    )
    # A stable public identifier for open data (HSDS, OpenActive, iCalendar UIDs).
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="activities", verbose_name=_("organiser")
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=5000)
    description_language = models.CharField(_("language of the description"), max_length=12, default="nb")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="activities", verbose_name=_("category")
    )
    venue = models.ForeignKey(
        "places.Venue", on_delete=models.PROTECT, related_name="activities", verbose_name=_("venue")
    )
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("neighbourhood"),
    )
    age_min = models.PositiveSmallIntegerField(
        _("from age"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("to age"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    target_groups = models.CharField(_("target groups"), max_length=200, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=120, blank=True)
    price_type = models.CharField(_("price"), max_length=8, choices=PriceType.choices, default=PriceType.FREE)
    # Money in øre (1/100 krone) as integers, never floats.
    price_ore = models.PositiveIntegerField(_("price (øre)"), null=True, blank=True)
    price_period = models.CharField(
        _("price applies"), max_length=8, choices=PricePeriod.choices, default=PricePeriod.TERM, blank=True
    )
    # The lowest price anyone pays (0 when free): what the "price ceiling" filter compares with.
    price_from_ore = models.PositiveIntegerField(default=0, editable=False)
    accepts_card = models.BooleanField(
        _("activity card accepted"), default=False, help_text=_("The municipality's activity card can pay the fee.")
    )
    join_method = models.CharField(
        _("how to join"), max_length=10, choices=JoinMethod.choices, default=JoinMethod.DROP_IN
    )
    join_url = models.URLField(_("sign-up address"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    has_waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    # What a sign-up costs, paid when signing up (the activity card issue pays it from a card). 0 = nothing.
    signup_fee_ore = models.PositiveIntegerField(_("sign-up fee (øre)"), default=0)
    is_step_free = models.BooleanField(_("step-free access"), default=False)
    has_accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    has_hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    is_adapted = models.BooleanField(_("adapted for people with disabilities"), default=False)
    companion_free = models.BooleanField(_("companion goes free"), default=False)
    accessibility_note = models.CharField(_("more about accessibility"), max_length=300, blank=True)
    has_trial_session = models.BooleanField(_("free trial session"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT, db_index=True
    )
    # The organiser's last "yes, still running": listings unconfirmed for a season are stale and hidden.
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Lower-cased text the full-text search looks in (title, description, organiser, category, venue).
    search_document = models.TextField(default="", editable=False)
    # The next upcoming, not cancelled session when the sessions were last materialised. Only a shortcut for sorting:
    # once it has passed, the search computes the next session from the sessions themselves.
    next_session_at = models.DateTimeField(null=True, blank=True, editable=False)
    # RPDE change stamp (microseconds since the epoch): strictly grows on every change.
    modified_stamp = models.BigIntegerField(default=0, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["municipality", "status", "confirmed_at"], name="activities_visible"),
            models.Index(fields=["modified_stamp", "id"], name="activities_rpde"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="activities_age_range",
            ),
            models.CheckConstraint(
                condition=models.Q(age_max__lte=MAX_AGE) | models.Q(age_max__isnull=True), name="activities_age_max"
            ),
            models.CheckConstraint(
                condition=~models.Q(price_type="fixed") | models.Q(price_ore__isnull=False),
                name="activities_fixed_price_given",
            ),
            models.CheckConstraint(
                condition=~models.Q(join_method="external") | ~models.Q(join_url=""),
                name="activities_external_has_url",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ActivityStatus]), name="activities_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "activities:detail", kwargs={"municipality_slug": self.municipality.slug, "activity_id": self.pk}
        )

    @property
    def target_group_list(self) -> list[str]:
        return tag_list_parse(self.target_groups)

    @property
    def language_list(self) -> list[str]:
        return tag_list_parse(self.languages)

    def target_group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels[k]) for k in self.target_group_list if k in labels]

    def language_labels(self) -> list[str]:
        labels = dict(LANGUAGES)
        return [str(labels[k]) for k in self.language_list if k in labels]

    def access_labels(self) -> list[str]:
        return [str(fact.label) for fact in AccessFact if getattr(self, fact.value)]

    @property
    def is_free(self) -> bool:
        return self.price_type == PriceType.FREE


class PriceBand(models.Model):
    """One price among several (children, adults, members ...)."""

    tenant_path: ClassVar[str | None] = "activity__municipality"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="price_bands")
    label = models.CharField(_("who pays this"), max_length=80)
    amount_ore = models.PositiveIntegerField(_("amount (øre)"))

    class Meta:
        ordering = ["amount_ore", "label"]
        verbose_name = _("price band")
        verbose_name_plural = _("price bands")

    def __str__(self) -> str:
        return f"{self.label}: {self.amount_ore / 100:.2f}"


class ActivityImage(TimeStampedModel):
    tenant_path: ClassVar[str | None] = "activity__municipality"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="activities/images/")
    alt_text = models.CharField(
        _("image description"), max_length=200, help_text=_("Describe the image for people who cannot see it.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [models.CheckConstraint(condition=~models.Q(alt_text=""), name="activities_image_has_alt")]

    def __str__(self) -> str:
        return self.alt_text


class Schedule(TimeStampedModel):
    """When an activity meets, in iCalendar terms: a first date, a time of day, an RRULE and EXDATEs."""

    tenant_path: ClassVar[str | None] = "activity__municipality"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="schedules")
    start_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    # RFC 5545 RRULE without the "RRULE:" prefix, e.g. FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215. Empty: one date only.
    rrule = models.CharField(_("recurrence rule"), max_length=300, blank=True)
    # Dates (YYYY-MM-DD, comma-separated) when the activity does not meet, e.g. the autumn break: EXDATE.
    exdates = models.TextField(_("dates without a session"), blank=True)

    class Meta:
        ordering = ["start_date", "start_time"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="activities_schedule_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.start_date} {self.start_time:%H:%M}"


class Cancellation(TimeStampedModel):
    """One session called off (with a reason shown to participants); kept apart so re-materialising keeps it."""

    tenant_path: ClassVar[str | None] = "schedule__activity__municipality"

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="cancellations")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("cancelled session")
        verbose_name_plural = _("cancelled sessions")
        constraints = [models.UniqueConstraint(fields=["schedule", "date"], name="activities_cancellation_unique")]

    def __str__(self) -> str:
        return f"{self.schedule.activity} {self.date}"


class Session(models.Model):
    """One occurrence of a schedule, materialised so that search by day, time and next session is a query.

    Local weekday, date and minute of day are stored in the municipality's time zone for filtering.
    A session no longer produced by its schedule is kept as a tombstone (`is_removed`) for the RPDE feed.
    """

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    schedule = models.ForeignKey(Schedule, on_delete=models.SET_NULL, null=True, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    local_date = models.DateField()
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday
    start_minute = models.PositiveSmallIntegerField()  # minutes after local midnight
    is_cancelled = models.BooleanField(default=False)
    cancel_reason = models.CharField(max_length=200, blank=True)
    is_removed = models.BooleanField(default=False)
    modified_stamp = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [
            models.Index(fields=["activity", "starts_at"], name="activities_session_next"),
            models.Index(fields=["municipality", "local_date"], name="activities_session_day"),
            models.Index(fields=["modified_stamp", "id"], name="activities_session_rpde"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "starts_at"], name="activities_session_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="activities_session_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.starts_at:%Y-%m-%d %H:%M}"


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    # Holds a place until the fee is paid (the activity card pays it; organisers may mark it paid).
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


HOLDS_PLACE = (SignUpStatus.CONFIRMED, SignUpStatus.AWAITING_PAYMENT)


class SignUp(TimeStampedModel):
    """A person's place (or place on the waiting list) on an activity that takes sign-ups in sammen."""

    tenant_path: ClassVar[str | None] = "activity__municipality"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_signups")
    # Who takes part: the account holder or one of their children (name only, as the guardian typed it).
    participant_name = models.CharField(_("participant"), max_length=120)
    child = models.ForeignKey("accounts.Child", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=SignUpStatus.choices)
    paid_reference = models.CharField(max_length=100, blank=True)
    # Paid from the child's activity card (the reference is the card's): cancelling gives the fee back to the card.
    paid_by_card = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user", "participant_name"],
                condition=~models.Q(status="cancelled"),
                name="activities_signup_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_name} – {self.activity}"


class SavedSearch(TimeStampedModel):
    """A resident's named search; its calendar feed has an unguessable token (calendar apps cannot log in)."""

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_activity_searches")
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=1000, blank=True)
    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Checked, not applied")
    APPLIED = "applied", _("Applied")


class ActivityImport(TimeStampedModel):
    """An uploaded spreadsheet, checked row by row; applied all at once or not at all."""

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # the parsed rows, as text
    report = models.JSONField(default=list)  # [{"row": 2, "errors": [...]}]
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    created_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activity import")
        verbose_name_plural = _("activity imports")

    def __str__(self) -> str:
        return self.filename

    @property
    def error_count(self) -> int:
        return sum(len(r["errors"]) for r in self.report)


class ActivityGuide(TimeStampedModel):
    """A bridge builder (aktivitetsguide) who helps children of newcomer families into organised activities."""

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_guide_roles")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("activity guide")
        verbose_name_plural = _("activity guides")
        constraints = [models.UniqueConstraint(fields=["municipality", "user"], name="activities_guide_unique")]

    def __str__(self) -> str:
        return str(self.user)


class FamilyStatus(models.TextChoices):
    ACTIVE = "active", _("Finding an activity")
    FOLLOW_UP = "follow_up", _("Follow-up")


class GuideFamily(TimeStampedModel):
    """The minimum a guide needs about one child, recorded with the guardian's consent, erased when follow-up ends."""

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    guide = models.ForeignKey(ActivityGuide, on_delete=models.CASCADE, related_name="families")
    # A first name or nickname the guide recognises; no surname, birth date, address or ID number.
    nickname = models.CharField(_("first name or nickname"), max_length=40)
    child_age = models.PositiveSmallIntegerField(
        _("child's age"), validators=[MinValueValidator(3), MaxValueValidator(19)]
    )
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    interests = models.ManyToManyField(Category, blank=True, related_name="+", verbose_name=_("interests"))
    languages = models.CharField(_("languages"), max_length=120, blank=True)
    needs = models.CharField(_("needs"), max_length=300, blank=True)
    consent_by = models.CharField(_("consent given by"), max_length=80)
    consent_at = models.DateField(_("consent given on"))
    status = models.CharField(_("status"), max_length=10, choices=FamilyStatus.choices, default=FamilyStatus.ACTIVE)
    follow_up_until = models.DateField(_("follow-up ends"), null=True, blank=True)

    class Meta:
        ordering = ["nickname"]
        verbose_name = _("guided family")
        verbose_name_plural = _("guided families")

    def __str__(self) -> str:
        return self.nickname


class GuideLogKind(models.TextChoices):
    FIRST_VISIT = "first_visit", _("First visit")
    FOLLOW_UP = "follow_up", _("Follow-up")


class GuideLogEntry(TimeStampedModel):
    tenant_path: ClassVar[str | None] = "family__municipality"

    family = models.ForeignKey(GuideFamily, on_delete=models.CASCADE, related_name="log")
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("activity")
    )
    kind = models.CharField(_("what"), max_length=12, choices=GuideLogKind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("guide log entry")
        verbose_name_plural = _("guide log entries")

    def __str__(self) -> str:
        return f"{self.family} {self.kind} {self.date}"


class GuideTally(models.Model):
    """Anonymous counts kept when a family's data is erased, so the municipality can still report the work."""

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    families_ended = models.PositiveIntegerField(default=0)
    first_visits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="activities_guidetally_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.families_ended}"
