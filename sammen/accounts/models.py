"""People: accounts that log in by e-mail, their roles in a municipality, children and their guardians, API tokens."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.core.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Roles come from RoleAssignment and organisation memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, default="nb")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("may use the technical admin"),
        default=False,
        help_text=_("Gives access to the technical administration site. Platform administrators only."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]
    # People are not tenant data: one person may act in several municipalities. What they do is.
    tenant_path: ClassVar[str | None] = None

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else "") or self.email

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser


class Role(models.TextChoices):
    MUNICIPALITY_ADMIN = "municipality_admin", _("Municipality administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    CASEWORKER = "caseworker", _("Caseworker")


class RoleAssignment(TimeStampedModel):
    """A staff role held in one municipality; a coordinator's role is for one neighbourhood."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("municipality")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("neighbourhood"),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("granted by")
    )

    class Meta:
        ordering = ["municipality", "role", "user__email"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="accounts_roleassignment_role_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="coordinator") | models.Q(neighbourhood__isnull=False),
                name="accounts_coordinator_has_neighbourhood",
            ),
            models.CheckConstraint(
                condition=models.Q(role="coordinator") | models.Q(neighbourhood__isnull=True),
                name="accounts_only_coordinator_has_neighbourhood",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "role"],
                condition=models.Q(neighbourhood__isnull=True),
                name="accounts_role_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "neighbourhood", "role"],
                condition=models.Q(neighbourhood__isnull=False),
                name="accounts_role_unique_neighbourhood",
            ),
        ]

    def __str__(self) -> str:
        where = self.neighbourhood or self.municipality
        return f"{self.user} – {self.get_role_display()} – {where}"


class Child(TimeStampedModel):
    """A child in a guardian's care: enrolled for the activity card, may never have an account of its own."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="children", verbose_name=_("municipality")
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"))
    account = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_profile",
        verbose_name=_("the child's own account"),
    )
    guardians = models.ManyToManyField(
        User, through="Guardianship", related_name="children", verbose_name=_("guardians")
    )

    class Meta:
        ordering = ["given_name", "family_name"]
        verbose_name = _("child")
        verbose_name_plural = _("children")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def age_on(self, day: Any) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class Guardianship(TimeStampedModel):
    tenant_path: ClassVar[str | None] = "child__municipality"

    class Relation(models.TextChoices):
        PARENT = "parent", _("Parent")
        GUARDIAN = "guardian", _("Legal guardian")
        FOSTER_PARENT = "foster_parent", _("Foster parent")

    guardian = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="guardianships", verbose_name=_("guardian")
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardianships", verbose_name=_("child"))
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices, default=Relation.PARENT)

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [models.UniqueConstraint(fields=["guardian", "child"], name="accounts_guardianship_unique")]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.child}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """A personal token for the REST API. Only its SHA-256 hash is stored; the token is shown once."""

    # A personal credential, not tenant data; what the token may do follows its user's roles.
    tenant_path: ClassVar[str | None] = None

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
