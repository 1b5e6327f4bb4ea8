"""Reads of the inspiration library; the municipality is always explicit."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from sammen.places.models import Municipality

from .models import Case, CaseStatus, TargetGroup, Theme


def case_search(
    *,
    municipality: Municipality,
    query: str = "",
    theme: Theme | None = None,
    target_group: TargetGroup | None = None,
    include_drafts: bool = False,
) -> QuerySet[Case]:
    """Cases matching every word of `query` in title, summary, actors or place, and the chosen filters."""
    qs = Case.objects.filter(municipality=municipality)
    if not include_drafts:
        qs = qs.filter(status=CaseStatus.PUBLISHED)
    for word in query.split()[:10]:
        qs = qs.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(actors__icontains=word) | Q(place__icontains=word)
        )
    if theme is not None:
        qs = qs.filter(themes=theme)
    if target_group is not None:
        qs = qs.filter(target_groups=target_group)
    return (
        qs.select_related("municipality")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("name")),
        )
        .order_by("title")
    )


def case_get_visible(*, municipality: Municipality, case_id: int, include_drafts: bool = False) -> Case | None:
    qs = Case.objects.filter(municipality=municipality, pk=case_id)
    if not include_drafts:
        qs = qs.filter(status=CaseStatus.PUBLISHED)
    return qs.select_related("municipality").prefetch_related("themes", "target_groups").first()


def theme_list(*, municipality: Municipality) -> QuerySet[Theme]:
    return Theme.objects.filter(municipality=municipality).order_by("name")


def target_group_list(*, municipality: Municipality) -> QuerySet[TargetGroup]:
    return TargetGroup.objects.filter(municipality=municipality).order_by("name")
