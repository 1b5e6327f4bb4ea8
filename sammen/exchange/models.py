"""The volunteer exchange (frivilligbørs): actors, their offers and needs, contact requests, agreements,
exchange events with brokers, and volunteer tasks with shifts. No money changes hands in any of it."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sammen.core.models import TimeStampedModel

# ---------------------------------------------------------------------------------------------------------------
# Shared vocabularies


class Category(models.TextChoices):
    """What is offered or needed. The same list classifies agreements, so reports can count by category."""

    COMPETENCE = "competence", _("Competence")
    VOLUNTEER_HOURS = "volunteer_hours", _("Volunteers' hours")
    PREMISES = "premises", _("Premises")
    EQUIPMENT = "equipment", _("Equipment")
    TRANSPORT = "transport", _("Transport")
    EVENT = "event", _("Event or activity")
    SPONSORSHIP = "sponsorship", _("Sponsorship in kind")
    OTHER = "other", _("Other")


# Weekdays as bits of a small integer (Monday = bit 0), so a period can say "Tuesdays and Thursdays".
WEEKDAYS: list[tuple[int, object, object]] = [
    (0, _("Monday"), _("Mondays")),
    (1, _("Tuesday"), _("Tuesdays")),
    (2, _("Wednesday"), _("Wednesdays")),
    (3, _("Thursday"), _("Thursdays")),
    (4, _("Friday"), _("Fridays")),
    (5, _("Saturday"), _("Saturdays")),
    (6, _("Sunday"), _("Sundays")),
]
ALL_WEEKDAYS = 0b1111111


def weekday_mask(days: list[int] | list[str] | tuple[int, ...]) -> int:
    mask = 0
    for day in days:
        mask |= 1 << int(day)
    return mask


def weekday_list(mask: int) -> list[int]:
    return [day for day, _label, _plural in WEEKDAYS if mask & (1 << day)]


class ActorKind(models.TextChoices):
    ORGANISATION = "organisation", _("Voluntary organisation")
    BUSINESS = "business", _("Business")
    MUNICIPAL = "municipal", _("Municipal unit")
    VOLUNTEER = "volunteer", _("Individual volunteer")


# ---------------------------------------------------------------------------------------------------------------
# Actors


class Actor(TimeStampedModel):
    """Someone who takes part in the exchange: an organisation (club, business, municipal unit, volunteer centre,
    all from sammen.organisations) or one person as an individual volunteer. Exactly one of the two is set."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="exchange_actors", verbose_name=_("municipality")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exchange_actors",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exchange_actors",
        verbose_name=_("volunteer"),
    )
    display_name = models.CharField(
        _("name shown to others"),
        max_length=120,
        blank=True,
        help_text=_("For a volunteer, e.g. your first name and the first letter of your surname."),
    )
    about = models.TextField(_("about"), blank=True, help_text=_("What you do and what you care about."))
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_actors",
        verbose_name=_("neighbourhood"),
    )
    venue = models.ForeignKey(
        "places.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_actors",
        verbose_name=_("where you are"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("exchange actor")
        verbose_name_plural = _("exchange actors")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organisation__isnull=False) & models.Q(user__isnull=True))
                | (models.Q(organisation__isnull=True) & models.Q(user__isnull=False)),
                name="exchange_actor_organisation_xor_user",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(organisation__isnull=False),
                name="exchange_actor_one_per_org",
            ),
            models.UniqueConstraint(
                fields=["municipality", "user"],
                condition=models.Q(user__isnull=False),
                name="exchange_actor_one_volunteer_profile",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return self.display_name or str(_("A volunteer"))

    @property
    def kind(self) -> str:
        if self.organisation is None:
            return ActorKind.VOLUNTEER
        kind = self.organisation.kind
        if kind == "business":
            return ActorKind.BUSINESS
        if kind == "municipal_unit":
            return ActorKind.MUNICIPAL
        return ActorKind.ORGANISATION

    def get_kind_display(self) -> str:
        return str(ActorKind(self.kind).label)

    @property
    def is_volunteer(self) -> bool:
        return self.user_id is not None

    def public_name(self) -> str:
        """The name shown where anyone can see it (the big screen): individual volunteers stay anonymous."""
        if self.user_id is not None:
            return str(_("A volunteer"))
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "exchange:actor_detail",
            kwargs={"municipality_slug": self.municipality.slug, "exchange_actor_id": self.pk},
        )


# ---------------------------------------------------------------------------------------------------------------
# Offers and needs


class Tag(models.Model):
    """A free keyword (lower case) that offers, needs and tasks share within a municipality."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="exchange_tags", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="exchange_tag_unique")]

    def __str__(self) -> str:
        return self.name


class Side(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    ACTORS = "actors", _("Only registered actors in the exchange")


class ListingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Listing(TimeStampedModel):
    """An offer or a need (the glossary's Offer and Need): the two sides of one table, so matching compares
    rows of the same shape."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="exchange_listings",
        verbose_name=_("municipality"),
    )
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="listings", verbose_name=_("actor"))
    side = models.CharField(_("offer or need"), max_length=8, choices=Side.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("For example hours, chairs, people."))
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    weekdays = models.PositiveSmallIntegerField(_("weekdays"), default=0)
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_listings",
        verbose_name=_("neighbourhood"),
        help_text=_("Leave empty for the whole municipality."),
    )
    venue = models.ForeignKey(
        "places.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_listings",
        verbose_name=_("venue"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="listings", verbose_name=_("tags"))
    visibility = models.CharField(
        _("who can see it"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(_("status"), max_length=8, choices=ListingStatus.choices, default=ListingStatus.OPEN)
    event = models.ForeignKey(
        "ExchangeEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("exchange event"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        indexes = [
            models.Index(fields=["municipality", "side", "status", "category"], name="exchange_listing_find"),
            # The search lists the newest first.
            models.Index(fields=["municipality", "status", "-created_at"], name="exchange_listing_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(side__in=Side.values), name="exchange_listing_side_known"),
            models.CheckConstraint(condition=models.Q(category__in=Category.values), name="exchange_listing_category"),
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values), name="exchange_listing_visibility"
            ),
            models.CheckConstraint(condition=models.Q(status__in=ListingStatus.values), name="exchange_listing_status"),
            models.CheckConstraint(
                condition=models.Q(weekdays__gte=0) & models.Q(weekdays__lte=ALL_WEEKDAYS),
                name="exchange_listing_weekdays_bits",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="exchange_listing_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "exchange:listing_detail",
            kwargs={"municipality_slug": self.municipality.slug, "exchange_listing_id": self.pk},
        )

    @property
    def is_offer(self) -> bool:
        return self.side == Side.OFFER

    @property
    def weekday_numbers(self) -> list[int]:
        return weekday_list(self.weekdays)

    def weekday_labels(self) -> list[str]:
        return [str(plural) for day, _label, plural in WEEKDAYS if self.weekdays & (1 << day)]

    def is_current(self, today: datetime.date) -> bool:
        return self.status == ListingStatus.OPEN and (self.ends_on is None or self.ends_on >= today)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ContactRequest(TimeStampedModel):
    """One actor asks another to get in touch about an offer or a need; the other side accepts or declines.
    Contact details are shared only when the request is accepted."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="exchange_contact_requests",
        verbose_name=_("municipality"),
    )
    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="contact_requests", verbose_name=_("about")
    )
    from_actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="requests_sent", verbose_name=_("from")
    )
    to_actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="requests_received", verbose_name=_("to")
    )
    own_listing = models.ForeignKey(
        Listing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("your own offer or need"),
    )
    message = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    answer = models.TextField(_("answer"), blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=RequestStatus.values), name="exchange_request_status"),
            models.CheckConstraint(
                condition=~models.Q(from_actor=models.F("to_actor")), name="exchange_request_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["listing", "from_actor"],
                condition=models.Q(status="pending"),
                name="exchange_request_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_actor} → {self.to_actor}: {self.listing}"


# ---------------------------------------------------------------------------------------------------------------
# Exchange events


class ExchangeEvent(TimeStampedModel):
    """A timed exchange (frivilligbørs) where actors meet and brokers register the agreements they make."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="exchange_events", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        "places.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_events",
        verbose_name=_("venue"),
    )
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_events",
        verbose_name=_("neighbourhood"),
    )
    agreement_goal = models.PositiveIntegerField(
        _("goal for the number of agreements"), null=True, blank=True, help_text=_("Shown on the big screen.")
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Published events are shown to everyone.")
    )
    is_open_for_registration = models.BooleanField(
        _("actors may sign up themselves"),
        default=True,
        help_text=_("If not, only actors you invite can take part."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("exchange event")
        verbose_name_plural = _("exchange events")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="exchange_event_order")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "exchange:event_detail",
            kwargs={"municipality_slug": self.municipality.slug, "exchange_event_id": self.pk},
        )


class EventRoleKind(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    BROKER = "broker", _("Broker")


class EventRole(TimeStampedModel):
    """A person's role at one exchange event: organisers run it and follow up, brokers register agreements."""

    tenant_path: ClassVar[str | None] = "event__municipality"

    event = models.ForeignKey(ExchangeEvent, on_delete=models.CASCADE, related_name="roles", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_event_roles", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=10, choices=EventRoleKind.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["role", "user__full_name", "user__email"]
        verbose_name = _("event role")
        verbose_name_plural = _("event roles")
        constraints = [
            models.UniqueConstraint(fields=["event", "user", "role"], name="exchange_event_role_unique"),
            models.CheckConstraint(condition=models.Q(role__in=EventRoleKind.values), name="exchange_event_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.event}"


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ATTENDING = "attending", _("Coming")
    DECLINED = "declined", _("Not coming")


class EventParticipant(TimeStampedModel):
    """An actor invited to, or signed up for, an exchange event."""

    tenant_path: ClassVar[str | None] = "event__municipality"

    event = models.ForeignKey(
        ExchangeEvent, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="event_participations", verbose_name=_("actor")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ParticipantStatus.choices, default=ParticipantStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["event", "actor__display_name", "id"]
        verbose_name = _("event participant")
        verbose_name_plural = _("event participants")
        constraints = [
            models.UniqueConstraint(fields=["event", "actor"], name="exchange_participant_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=ParticipantStatus.values), name="exchange_participant_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} – {self.event}"


# ---------------------------------------------------------------------------------------------------------------
# Agreements


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Which status may follow which. Completed and cancelled are final.
AGREEMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    AgreementStatus.DRAFT: (AgreementStatus.AGREED, AgreementStatus.CANCELLED),
    AgreementStatus.AGREED: (AgreementStatus.UNDER_WAY, AgreementStatus.COMPLETED, AgreementStatus.CANCELLED),
    AgreementStatus.UNDER_WAY: (AgreementStatus.COMPLETED, AgreementStatus.CANCELLED),
    AgreementStatus.COMPLETED: (),
    AgreementStatus.CANCELLED: (),
}


class Agreement(TimeStampedModel):
    """A cooperation agreement between two actors: what each gives, for which period, with whom to talk."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="exchange_agreements",
        verbose_name=_("municipality"),
    )
    event = models.ForeignKey(
        ExchangeEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("exchange event"),
    )
    party_a = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+", verbose_name=_("first party"))
    party_a_gives = models.TextField(_("what the first party gives"))
    party_a_contact = models.CharField(_("contact person for the first party"), max_length=200, blank=True)
    party_b = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+", verbose_name=_("second party"))
    party_b_gives = models.TextField(_("what the second party gives"), blank=True)
    party_b_contact = models.CharField(_("contact person for the second party"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.AGREED
    )
    note = models.TextField(_("note"), blank=True)
    offer = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("offer")
    )
    need = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("need")
    )
    contact_request = models.ForeignKey(
        ContactRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="agreements"
    )
    # Generated when a form is shown and sent back with it: a second submission of the same form is the same
    # agreement, however many times a broker's phone retries.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [models.Index(fields=["event", "-created_at"], name="exchange_agreement_event")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(party_a=models.F("party_b")), name="exchange_agreement_two_parties"
            ),
            models.CheckConstraint(condition=models.Q(status__in=AgreementStatus.values), name="exchange_agr_status"),
            models.CheckConstraint(condition=models.Q(category__in=Category.values), name="exchange_agr_category"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="exchange_agreement_period_order",
            ),
            # At an event, two brokers at the same table must not count one handshake twice: one live agreement
            # per pair of parties per event, whichever party either broker put first.
            models.UniqueConstraint(
                Least("party_a", "party_b"),
                Greatest("party_a", "party_b"),
                "event",
                condition=models.Q(event__isnull=False) & ~models.Q(status="cancelled"),
                name="exchange_agreement_one_per_pair_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_a} – {self.party_b}"

    def get_absolute_url(self) -> str:
        return reverse(
            "exchange:agreement_detail",
            kwargs={"municipality_slug": self.municipality.slug, "exchange_agreement_id": self.pk},
        )

    @property
    def reference(self) -> str:
        return f"A-{self.pk:05d}" if self.pk else ""

    def allowed_transitions(self) -> tuple[str, ...]:
        return AGREEMENT_TRANSITIONS.get(self.status, ())

    @property
    def is_live(self) -> bool:
        return self.status not in (AgreementStatus.COMPLETED, AgreementStatus.CANCELLED)


class FollowUp(TimeStampedModel):
    """A date on which the organiser wants to check how an agreement is going; a reminder goes out once."""

    tenant_path: ClassVar[str | None] = "agreement__municipality"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("agreement")
    )
    due_on = models.DateField(_("follow up on"))
    what = models.CharField(_("what to check"), max_length=200, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_follow_ups",
        verbose_name=_("who follows up"),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    outcome = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["agreement", "due_on"], name="exchange_follow_up_one_per_day")]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.due_on}"


# ---------------------------------------------------------------------------------------------------------------
# Volunteer tasks


class VolunteerTask(TimeStampedModel):
    """Work an organisation asks volunteers to do, in one or more shifts."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="exchange_tasks", verbose_name=_("municipality")
    )
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("what you will do"))
    requirements = models.TextField(
        _("what we ask of you"),
        blank=True,
        help_text=_("For example a police certificate for work with children, or a driving licence."),
    )
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_tasks",
        verbose_name=_("neighbourhood"),
    )
    venue = models.ForeignKey(
        "places.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_tasks",
        verbose_name=_("venue"),
    )
    meeting_point = models.CharField(_("where to meet"), max_length=200, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="tasks", verbose_name=_("tags"))
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("volunteer task")
        verbose_name_plural = _("volunteer tasks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "exchange:task_detail",
            kwargs={"municipality_slug": self.municipality.slug, "exchange_task_id": self.pk},
        )


class Shift(TimeStampedModel):
    """One time slot of a task with a number of places. Recurring shifts are separate rows sharing a series."""

    tenant_path: ClassVar[str | None] = "task__municipality"

    task = models.ForeignKey(VolunteerTask, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("task"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("volunteers needed"))
    series = models.UUIDField(null=True, blank=True, editable=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        indexes = [models.Index(fields=["starts_at"], name="exchange_shift_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="exchange_shift_order"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="exchange_shift_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> Decimal:
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))


class SignupStatus(models.TextChoices):
    ACTIVE = "active", _("Signed up")
    CANCELLED = "cancelled", _("Cancelled")


class ShiftSignup(TimeStampedModel):
    """A volunteer's place on a shift. Hours count once the shift is over, unless the organiser marks a no-show."""

    tenant_path: ClassVar[str | None] = "shift__task__municipality"

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("shift"))
    volunteer = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="signups", verbose_name=_("volunteer"))
    status = models.CharField(_("status"), max_length=10, choices=SignupStatus.choices, default=SignupStatus.ACTIVE)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    hours_override = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=2, null=True, blank=True, help_text=_("If not the shift's length.")
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["shift__starts_at", "id"]
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=models.Q(status="active"),
                name="exchange_signup_once_per_shift",
            ),
            models.CheckConstraint(condition=models.Q(status__in=SignupStatus.values), name="exchange_signup_status"),
            models.CheckConstraint(
                condition=models.Q(hours_override__isnull=True) | models.Q(hours_override__gte=0),
                name="exchange_signup_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.shift}"

    def hours_for(self, now: datetime.datetime) -> Decimal:
        """Hours this sign-up counts for: nothing before the shift ends, when cancelled, or for a no-show."""
        if self.status != SignupStatus.ACTIVE or self.attended is False or self.shift.ends_at > now:
            return Decimal("0")
        if self.hours_override is not None:
            return self.hours_override
        return self.shift.hours
