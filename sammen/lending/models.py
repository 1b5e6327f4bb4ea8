"""The equipment library (BUA): depots, their catalogue of item types and units, borrowers, reservations and loans.

A unit is never held twice for overlapping days: every reservation line and every loan line is a `Booking`, and
the database refuses two active bookings of one unit whose periods overlap (see migrations/0002 and decision 0501).
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sammen.core.models import TimeStampedModel
from sammen.places.models import slug_validator


class DepotMode(models.TextChoices):
    DROP_IN = "drop_in", _("Drop-in only")
    RESERVABLE = "reservable", _("Reservable online")


class Depot(TimeStampedModel):
    """A lending site (a BUA): where the gear is, who works there, when it is open and its local rules."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="depots", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address"), max_length=60, validators=[slug_validator])
    description = models.TextField(_("description"), blank=True)
    venue = models.ForeignKey(
        "places.Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="depots",
        verbose_name=_("venue"),
        help_text=_("Choose the venue the depot is in, or give its own address below."),
    )
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="depots",
        verbose_name=_("neighbourhood"),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postcode"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("A postcode has four digits."))],
    )
    city = models.CharField(_("town"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    mode = models.CharField(_("lending mode"), max_length=16, choices=DepotMode.choices, default=DepotMode.DROP_IN)
    min_days_ahead = models.PositiveSmallIntegerField(
        _("reserve at least this many days ahead"), default=2, validators=[MaxValueValidator(60)]
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        _("reserve at most this many days ahead"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    confirms_automatically = models.BooleanField(
        _("confirm reservations automatically"),
        default=False,
        help_text=_("When off, staff confirm or decline each reservation."),
    )
    is_self_service = models.BooleanField(
        _("self-service"),
        default=False,
        help_text=_("Unstaffed: borrowers register their own check-out and return on the phone; staff review."),
    )
    adult_age = models.PositiveSmallIntegerField(
        _("age of a responsible borrower"), default=18, validators=[MinValueValidator(15), MaxValueValidator(25)]
    )
    solo_age = models.PositiveSmallIntegerField(
        _("minors may borrow alone from age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(6), MaxValueValidator(17)],
        help_text=_("Leave empty if minors always borrow with a responsible adult."),
    )
    max_items = models.PositiveSmallIntegerField(
        _("most items a person may have at once"), default=5, validators=[MinValueValidator(1)]
    )
    max_items_organisation = models.PositiveSmallIntegerField(
        _("most items an organisation or school may have at once"), default=30, validators=[MinValueValidator(1)]
    )
    max_loan_days = models.PositiveSmallIntegerField(
        _("longest loan in days"), default=14, validators=[MinValueValidator(1), MaxValueValidator(180)]
    )
    no_show_after_days = models.PositiveSmallIntegerField(
        _("a reservation not collected is released after this many days"),
        default=1,
        validators=[MaxValueValidator(14)],
    )
    code_prefix = models.CharField(
        _("label prefix"),
        max_length=6,
        validators=[RegexValidator(r"^[A-Z0-9]{2,6}$", _("Use 2–6 capital letters or digits."))],
        help_text=_("Starts the codes of new units, e.g. BOR gives BOR-0001."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("depot")
        verbose_name_plural = _("depots")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="lending_depot_unique_slug"),
            models.UniqueConstraint(fields=["municipality", "name"], name="lending_depot_unique_name"),
            models.UniqueConstraint(fields=["municipality", "code_prefix"], name="lending_depot_unique_prefix"),
            models.CheckConstraint(
                condition=models.Q(mode__in=[m.value for m in DepotMode]), name="lending_depot_mode_known"
            ),
            models.CheckConstraint(
                condition=models.Q(min_days_ahead__lte=models.F("max_days_ahead")), name="lending_depot_window"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lending:depot", kwargs={"municipality_slug": self.municipality.slug, "depot_slug": self.slug})

    @property
    def is_reservable(self) -> bool:
        return self.mode == DepotMode.RESERVABLE

    @property
    def address(self) -> str:
        if not self.street_address and self.venue is not None:
            return self.venue.address
        parts = [self.street_address, " ".join(p for p in [self.postal_code, self.city] if p)]
        return ", ".join(p for p in parts if p)


class DepotStaff(TimeStampedModel):
    """A person who works at a depot: runs the desk, keeps the catalogue, handles its reservations."""

    tenant_path: ClassVar[str | None] = "depot__municipality"

    depot = models.ForeignKey(Depot, on_delete=models.CASCADE, related_name="staff", verbose_name=_("depot"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="depot_roles", verbose_name=_("user")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        verbose_name = _("depot staff")
        verbose_name_plural = _("depot staff")
        constraints = [models.UniqueConstraint(fields=["depot", "user"], name="lending_depotstaff_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.depot}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """Regular opening hours: one row per weekday the depot is open."""

    tenant_path: ClassVar[str | None] = "depot__municipality"

    depot = models.ForeignKey(Depot, on_delete=models.CASCADE, related_name="hours", verbose_name=_("depot"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(fields=["depot", "weekday"], name="lending_hours_one_per_day"),
            models.CheckConstraint(condition=models.Q(opens__lt=models.F("closes")), name="lending_hours_order"),
            models.CheckConstraint(condition=models.Q(weekday__gte=0, weekday__lte=6), name="lending_hours_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """Days that differ from the regular hours: closed for a holiday or the summer, or special hours."""

    tenant_path: ClassVar[str | None] = "depot__municipality"

    depot = models.ForeignKey(Depot, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("depot"))
    start_date = models.DateField(_("from date"))
    end_date = models.DateField(_("to date"))
    is_closed = models.BooleanField(_("closed"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=120, blank=True, help_text=_("E.g. Easter or summer holiday."))

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")), name="lending_exception_order"
            ),
            models.CheckConstraint(
                condition=models.Q(is_closed=True)
                | (
                    models.Q(opens__isnull=False)
                    & models.Q(closes__isnull=False)
                    & models.Q(opens__lt=models.F("closes"))
                ),
                name="lending_exception_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date}–{self.end_date} {self.reason}"


class Category(models.TextChoices):
    """A fixed list, so statistics compare across depots and municipalities and every label is translated."""

    SKIING = "skiing", _("Skiing and winter")
    SKATING = "skating", _("Skating")
    CYCLING = "cycling", _("Cycling")
    CAMPING = "camping", _("Camping and outdoor life")
    WATER = "water", _("Paddling and water")
    BALL_GAMES = "ball_games", _("Ball games and play")
    PROTECTIVE = "protective", _("Helmets and protective gear")
    FITNESS = "fitness", _("Fitness and climbing")
    OTHER = "other", _("Other")


class ItemType(TimeStampedModel):
    """A kind of thing a depot lends (e.g. "Ice skates, children's"), with individual units to lend."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="item_types", verbose_name=_("municipality")
    )
    depot = models.ForeignKey(Depot, on_delete=models.CASCADE, related_name="item_types", verbose_name=_("depot"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language of the text"), max_length=8, choices=settings.LANGUAGES, default="nb")
    min_age = models.PositiveSmallIntegerField(
        _("suitable from age"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("suitable up to age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    default_loan_days = models.PositiveSmallIntegerField(
        _("normal loan period in days"), default=7, validators=[MinValueValidator(1), MaxValueValidator(180)]
    )
    is_active = models.BooleanField(_("shown in the catalogue"), default=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        constraints = [
            models.UniqueConstraint(fields=["depot", "name"], name="lending_itemtype_unique_name"),
            models.CheckConstraint(
                condition=models.Q(category__in=[c.value for c in Category]), name="lending_itemtype_category_known"
            ),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="lending_itemtype_age_order",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "category"], name="lending_itemtype_muni_cat")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "lending:item",
            kwargs={
                "municipality_slug": self.municipality.slug,
                "depot_slug": self.depot.slug,
                "item_type_id": self.pk,
            },
        )


class ItemPhoto(TimeStampedModel):
    tenant_path: ClassVar[str | None] = "item_type__municipality"

    item_type = models.ForeignKey(
        ItemType, on_delete=models.CASCADE, related_name="photos", verbose_name=_("item type")
    )
    image = models.ImageField(_("photo"), upload_to="lending/photos/")
    alt_text = models.CharField(
        _("description of the photo"), max_length=200, help_text=_("Describe the photo for people who cannot see it.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [models.CheckConstraint(condition=~models.Q(alt_text=""), name="lending_photo_has_alt")]

    def __str__(self) -> str:
        return self.alt_text


class UnitState(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    IN_REPAIR = "in_repair", _("Out for repair")
    LOST = "lost", _("Lost")
    RETIRED = "retired", _("Retired")


class Condition(models.TextChoices):
    GOOD = "good", _("Good")
    WORN = "worn", _("Worn")
    DAMAGED = "damaged", _("Damaged")


class Unit(TimeStampedModel):
    """One physical thing with a label (barcode or QR): "Skates size 34, BOR-0012"."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="lending_units", verbose_name=_("municipality")
    )
    item_type = models.ForeignKey(ItemType, on_delete=models.CASCADE, related_name="units", verbose_name=_("item type"))
    code = models.CharField(
        _("label code"),
        max_length=32,
        validators=[RegexValidator(r"^[A-Z0-9][A-Z0-9-]*$", _("Use capital letters, digits and hyphens."))],
    )
    size = models.CharField(_("size"), max_length=30, blank=True)
    condition = models.CharField(_("condition"), max_length=16, choices=Condition.choices, default=Condition.GOOD)
    state = models.CharField(_("state"), max_length=16, choices=UnitState.choices, default=UnitState.IN_SERVICE)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = pgettext_lazy("equipment", "unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="lending_unit_unique_code"),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in UnitState]), name="lending_unit_state_known"
            ),
        ]
        indexes = [
            models.Index(fields=["item_type", "state"], name="lending_unit_type_state"),
            # Covers the availability count: lendable units per item type and size, read from the index alone.
            models.Index(fields=["municipality", "state", "item_type", "size"], name="lending_unit_availability"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.item_type.name}{f' ({self.size})' if self.size else ''}"


class BorrowerKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation or school")


class Borrower(TimeStampedModel):
    """Someone who borrows: a responsible adult, a minor (with a responsible adult), or an organisation or school
    through its contact person. No ID number is stored: only that staff checked an ID, and who and when."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="borrowers", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=BorrowerKind.choices, default=BorrowerKind.PERSON)
    full_name = models.CharField(
        _("name"), max_length=200, help_text=_("For an organisation or school: the contact person.")
    )
    organisation_name = models.CharField(_("organisation or school"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="borrower_accounts",
        verbose_name=_("registered organisation"),
    )
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    language = models.CharField(_("language for messages"), max_length=8, choices=settings.LANGUAGES, default="nb")
    responsible_adult = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minors",
        verbose_name=_("responsible adult"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="borrower_profiles",
        verbose_name=_("account"),
    )
    child = models.ForeignKey(
        "accounts.Child",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="borrower_profiles",
        verbose_name=_("child"),
    )
    card_number = models.CharField(
        _("card number"),
        max_length=32,
        blank=True,
        help_text=_("A borrower or library card to scan at the desk."),
    )
    id_checked_at = models.DateTimeField(_("ID checked"), null=True, blank=True)
    id_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ID checked by"),
    )
    notes = models.TextField(_("notes for staff"), blank=True)
    is_erased = models.BooleanField(_("erased"), default=False)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("borrower")
        verbose_name_plural = _("borrowers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "card_number"],
                condition=~models.Q(card_number=""),
                name="lending_borrower_unique_card",
            ),
            models.UniqueConstraint(
                fields=["municipality", "user"],
                condition=models.Q(user__isnull=False, responsible_adult__isnull=True),
                name="lending_borrower_one_per_account",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in BorrowerKind]), name="lending_borrower_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="person") | ~models.Q(organisation_name=""),
                name="lending_borrower_organisation_named",
            ),
            models.CheckConstraint(
                condition=models.Q(responsible_adult__isnull=True) | models.Q(kind="person"),
                name="lending_borrower_minor_is_person",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "phone"], name="lending_borrower_phone")]

    def __str__(self) -> str:
        if self.kind == BorrowerKind.ORGANISATION:
            return f"{self.organisation_name} ({self.full_name})"
        return self.full_name

    def age_in(self, year: int) -> int | None:
        """The age the person reaches in `year`: we keep the birth year only (decision 0503)."""
        return None if self.birth_year is None else year - self.birth_year

    @property
    def is_minor_profile(self) -> bool:
        return self.responsible_adult_id is not None

    @property
    def contact_name(self) -> str:
        return self.full_name


class ReservationStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", pgettext_lazy("reservation", "Cancelled")
    COLLECTED = "collected", _("Collected")
    NO_SHOW = "no_show", _("Not collected")


OPEN_RESERVATION = (ReservationStatus.REQUESTED, ReservationStatus.CONFIRMED)


class Reservation(TimeStampedModel):
    """A resident's request to borrow some things for a period; its units are held from the moment it is made."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="reservations", verbose_name=_("municipality")
    )
    depot = models.ForeignKey(Depot, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("depot"))
    borrower = models.ForeignKey(
        Borrower, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("borrower")
    )
    co_borrowers = models.ManyToManyField(
        Borrower, blank=True, related_name="co_reservations", verbose_name=_("for whom")
    )
    start_date = models.DateField(_("pick-up day"))
    end_date = models.DateField(_("return day"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReservationStatus.choices, default=ReservationStatus.REQUESTED
    )
    note = models.TextField(_("message to the staff"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lt=models.F("end_date")), name="lending_reservation_period"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ReservationStatus]),
                name="lending_reservation_status_known",
            ),
        ]
        indexes = [models.Index(fields=["depot", "status", "start_date"], name="lending_resv_depot_status")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.borrower} {self.start_date}–{self.end_date}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RESERVATION


class Loan(TimeStampedModel):
    """Things handed out to a borrower at a depot, due back on one day. Each thing is a Booking line."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="loans", verbose_name=_("municipality")
    )
    depot = models.ForeignKey(Depot, on_delete=models.PROTECT, related_name="loans", verbose_name=_("depot"))
    borrower = models.ForeignKey(Borrower, on_delete=models.PROTECT, related_name="loans", verbose_name=_("borrower"))
    co_borrowers = models.ManyToManyField(Borrower, blank=True, related_name="co_loans", verbose_name=_("for whom"))
    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="loans",
        verbose_name=_("reservation"),
    )
    start_date = models.DateField(_("lent on"))
    due_date = models.DateField(_("due back"))
    checked_out_at = models.DateTimeField(_("checked out"))
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked out by"),
    )
    # Kept on the loan so statistics by age survive changes to, or erasure of, the borrower (decision 0503).
    user_birth_year = models.PositiveSmallIntegerField(_("year of birth of the user"), null=True, blank=True)
    is_self_service = models.BooleanField(_("self-service"), default=False)
    needs_review = models.BooleanField(_("needs review by staff"), default=False)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_note = models.TextField(_("review note"), blank=True)
    closed_at = models.DateTimeField(_("everything returned"), null=True, blank=True)

    class Meta:
        ordering = ["-checked_out_at", "-id"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            models.CheckConstraint(condition=models.Q(start_date__lt=models.F("due_date")), name="lending_loan_period"),
        ]
        indexes = [
            models.Index(fields=["municipality", "start_date"], name="lending_loan_muni_start"),
            models.Index(fields=["depot", "start_date"], name="lending_loan_depot_start"),
            models.Index(
                fields=["municipality", "due_date"],
                condition=models.Q(closed_at__isnull=True),
                name="lending_loan_open_due",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.borrower} {self.start_date}–{self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Booking(models.Model):
    """One unit held for the days [start_date, end_date): by a reservation, then by the loan that collects it.

    Active bookings of one unit never overlap: an exclusion constraint on PostgreSQL, triggers on SQLite.
    The end day is the return day, so a unit returned in the morning can go out again the same day.
    """

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="lending_bookings", verbose_name=_("municipality")
    )
    depot = models.ForeignKey(Depot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("depot"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="bookings", verbose_name=pgettext_lazy("equipment", "unit")
    )
    item_type = models.ForeignKey(
        ItemType, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("item type")
    )
    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("reservation"),
    )
    loan = models.ForeignKey(
        Loan, on_delete=models.PROTECT, null=True, blank=True, related_name="bookings", verbose_name=_("loan")
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    is_active = models.BooleanField(_("holds the unit"), default=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    is_lost = models.BooleanField(_("lost"), default=False)
    return_condition = models.CharField(_("condition at return"), max_length=16, choices=Condition.choices, blank=True)
    return_note = models.TextField(_("damage or loss note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lt=models.F("end_date")), name="lending_booking_period"
            ),
            models.CheckConstraint(
                condition=models.Q(reservation__isnull=False) | models.Q(loan__isnull=False),
                name="lending_booking_has_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(is_active=False) | models.Q(returned_at__isnull=True),
                name="lending_booking_returned_is_inactive",
            ),
        ]
        indexes = [
            # Availability reads only the few active bookings; 200,000 finished ones stay out of the index.
            models.Index(
                fields=["unit", "start_date", "end_date"],
                condition=models.Q(is_active=True),
                name="lending_booking_active",
            ),
            models.Index(
                fields=["municipality", "item_type"],
                condition=models.Q(is_active=True),
                name="lending_booking_active_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.start_date}–{self.end_date}"

    def overlaps(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start_date < end and start < self.end_date


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due tomorrow")
    OVERDUE = "overdue", _("Overdue")
    OVERDUE_AGAIN = "overdue_again", _("Still overdue after a week")


class Reminder(models.Model):
    """A reminder sent for a loan. One per (loan, kind): the database makes sure it goes out once."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="lending_reminders",
        verbose_name=_("municipality"),
    )
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("loan"))
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    by_email = models.BooleanField(_("by e-mail"), default=False)
    by_sms = models.BooleanField(_("by SMS"), default=False)
    language = models.CharField(_("language"), max_length=8)

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["loan", "kind"], name="lending_reminder_once"),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in ReminderKind]), name="lending_reminder_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.kind}"
