"""The tenant (municipality) and the places inside it: neighbourhoods and venues shared by every module."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sammen.core.models import TimeStampedModel

# Paths that belong to the platform, not to a municipality: /<slug>/ must never shadow them.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "api",
        "healthz",
        "i18n",
        "media",
        "static",
        "staff",
        "privacy",
        "about",
        "favicon.ico",
        "robots.txt",
    }
)

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters a–z, digits and single hyphens."),
)


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("This address is reserved by the platform. Choose another."), code="reserved")


class Country(models.TextChoices):
    NORWAY = "NO", _("Norway")
    DENMARK = "DK", _("Denmark")


# Generous bounding boxes (mainland and islands; Svalbard excluded) used to catch swapped or mistyped coordinates.
COUNTRY_BOUNDS: dict[str, tuple[Decimal, Decimal, Decimal, Decimal]] = {
    Country.NORWAY: (Decimal("57.8"), Decimal("71.4"), Decimal("4.0"), Decimal("31.5")),
    Country.DENMARK: (Decimal("54.4"), Decimal("57.9"), Decimal("7.9"), Decimal("15.4")),
}


def validate_coordinates(latitude: Decimal | None, longitude: Decimal | None, country: str) -> None:
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        raise ValidationError(_("Give both latitude and longitude, or neither."), code="coordinates_incomplete")
    lat_min, lat_max, lon_min, lon_max = COUNTRY_BOUNDS[country]
    if not (lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max):
        raise ValidationError(
            _("The coordinates %(lat)s, %(lon)s lie outside %(country)s."),
            code="coordinates_outside_country",
            params={"lat": latitude, "lon": longitude, "country": Country(country).label},
        )


latitude_validators = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
longitude_validators = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


class Municipality(TimeStampedModel):
    """A municipality (kommune): the tenant. Every domain record belongs to exactly one."""

    slug = models.SlugField(
        _("address"),
        max_length=60,
        unique=True,
        validators=[slug_validator, validate_not_reserved],
        help_text=_("Used in web addresses, e.g. /asker/."),
    )
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.NORWAY)
    code = models.CharField(
        _("municipality number"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{3,4}$", _("A municipality number has three or four digits."))],
    )
    default_language = models.CharField(_("default language"), max_length=8, default="nb")
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Oslo")
    intro = models.TextField(_("introduction"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    privacy_controller = models.CharField(
        _("data controller"), max_length=200, blank=True, help_text=_("Who is responsible for personal data.")
    )
    privacy_contact = models.CharField(_("data protection officer contact"), max_length=200, blank=True)
    privacy_text = models.TextField(_("privacy statement"), blank=True)
    accessibility_contact = models.CharField(_("accessibility feedback contact"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(condition=models.Q(country__in=["NO", "DK"]), name="places_municipality_country"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:municipality", kwargs={"municipality_slug": self.slug})


class Neighbourhood(TimeStampedModel):
    """A neighbourhood (nærmiljø, lokalsamfund) of a municipality: where co-creation happens."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="neighbourhoods", verbose_name=_("municipality")
    )
    slug = models.SlugField(_("address"), max_length=60, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="places_neighbourhood_unique_slug"),
            models.UniqueConstraint(fields=["municipality", "name"], name="places_neighbourhood_unique_name"),
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (models.Q(latitude__isnull=False) & models.Q(longitude__isnull=False)),
                name="places_neighbourhood_both_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "places:neighbourhood",
            kwargs={"municipality_slug": self.municipality.slug, "neighbourhood_slug": self.slug},
        )

    def clean(self) -> None:
        if self.municipality_id:
            validate_coordinates(self.latitude, self.longitude, self.municipality.country)


class Venue(TimeStampedModel):
    """A place where things happen (a hall, a library, a park): shared by activities, lending, engagements."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="venues", verbose_name=_("municipality")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=160)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postcode"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("A postcode has four digits."))],
    )
    city = models.CharField(_("town"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators
    )
    description = models.TextField(_("description"), blank=True)
    is_step_free = models.BooleanField(_("step-free access"), default=False)
    has_accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    has_hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="places_venue_unique_name"),
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (models.Q(latitude__isnull=False) & models.Q(longitude__isnull=False)),
                name="places_venue_both_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "places:venue",
            kwargs={"municipality_slug": self.municipality.slug, "venue_id": self.pk},
        )

    @property
    def address(self) -> str:
        parts = [self.street_address, " ".join(p for p in [self.postal_code, self.city] if p)]
        return ", ".join(p for p in parts if p)

    def clean(self) -> None:
        if self.municipality_id:
            validate_coordinates(self.latitude, self.longitude, self.municipality.country)
        if (
            self.neighbourhood is not None
            and self.municipality_id
            and (self.neighbourhood.municipality_id != self.municipality_id)
        ):
            raise ValidationError({"neighbourhood": _("The neighbourhood belongs to another municipality.")})

    def accessibility_facts(self) -> list[Any]:
        facts = []
        if self.is_step_free:
            facts.append(_("Step-free access"))
        if self.has_accessible_toilet:
            facts.append(_("Accessible toilet"))
        if self.has_hearing_loop:
            facts.append(_("Hearing loop"))
        return facts
