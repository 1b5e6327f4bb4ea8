"""Organisations (clubs, choirs, volunteer centres, businesses, municipal units) and the people who act for them."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sammen.core.models import TimeStampedModel


class OrganisationKind(models.TextChoices):
    SPORTS_CLUB = "sports_club", _("Sports club")
    CHOIR_OR_BAND = "choir_or_band", _("Choir or band")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    VOLUNTARY_ORGANISATION = "voluntary_organisation", _("Voluntary organisation")
    FAITH_COMMUNITY = "faith_community", _("Faith community")
    LIBRARY = "library", _("Library")
    MUNICIPAL_UNIT = "municipal_unit", _("Municipal unit")
    HOUSING_ASSOCIATION = "housing_association", _("Housing association")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class Organisation(TimeStampedModel):
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="organisations", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    registration_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{8,9}$", _("Give the 9-digit organisation number or the 8-digit CVR number."))],
    )
    description = models.TextField(_("description"), blank=True)
    description_language = models.CharField(_("language of the description"), max_length=12, default="nb")
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/logos/", blank=True)
    logo_alt = models.CharField(
        _("logo description"),
        max_length=200,
        blank=True,
        help_text=_("Describe the logo for people who cannot see it."),
    )
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("neighbourhood"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OrganisationStatus.choices, default=OrganisationStatus.PENDING
    )
    status_reason = models.TextField(_("reason"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="organisations",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="organisations_unique_name"),
            models.CheckConstraint(
                condition=models.Q(logo="") | ~models.Q(logo_alt=""), name="organisations_logo_has_alt"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in OrganisationStatus]),
                name="organisations_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "organisations:detail", kwargs={"municipality_slug": self.municipality.slug, "organisation_id": self.pk}
        )

    @property
    def is_approved(self) -> bool:
        return self.status == OrganisationStatus.APPROVED


class MembershipRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Organisation representative")
    PROVIDER_STAFF = "provider_staff", _("Provider staff")


class OrganisationMembership(TimeStampedModel):
    """A person who acts for an organisation: a representative manages its listings, provider staff redeem cards."""

    tenant_path: ClassVar[str | None] = "organisation__municipality"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user", "role"], name="organisations_membership_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in MembershipRole]), name="organisations_membership_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
