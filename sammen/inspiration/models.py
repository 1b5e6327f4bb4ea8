"""The inspiration library (Inspirasjonstorget): initiatives from here and elsewhere worth learning from."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sammen.core.models import TimeStampedModel
from sammen.places.models import slug_validator


class Theme(TimeStampedModel):
    """A theme a municipality sorts its cases by (e.g. inclusion, outdoor life, food)."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="case_themes", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=80, validators=[slug_validator])

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="inspiration_theme_unique_slug"),
            models.UniqueConstraint(fields=["municipality", "name"], name="inspiration_theme_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class TargetGroup(TimeStampedModel):
    """Who an initiative is for (children and young people, seniors, newcomers …)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="case_target_groups",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=80, validators=[slug_validator])

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="inspiration_group_unique_slug"),
            models.UniqueConstraint(fields=["municipality", "name"], name="inspiration_group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Case(TimeStampedModel):
    """One inspiring initiative: what was done, by whom, where, and where to read more."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="cases", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("A few sentences: what was done and what came of it."))
    actors = models.CharField(
        _("actors"), max_length=300, help_text=_("Who did it, e.g. “Asker idrettsråd, the sports clubs and NAV”.")
    )
    place = models.CharField(
        _("where"), max_length=120, help_text=_("The municipality, county or place the initiative comes from.")
    )
    language = models.CharField(_("language of the text"), max_length=12, default="nb")
    link = models.URLField(_("read more (link)"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="cases", verbose_name=_("themes"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="cases", verbose_name=_("target groups")
    )
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("inspiration case")
        verbose_name_plural = _("inspiration cases")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"], name="inspiration_case_unique_title"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in CaseStatus]), name="inspiration_case_status"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "title"], name="inspiration_case_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspiration:detail", kwargs={"municipality_slug": self.municipality.slug, "case_id": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == CaseStatus.PUBLISHED
