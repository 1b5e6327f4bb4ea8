from __future__ import annotations

from django.db.models import QuerySet

from sammen.places.models import Municipality

from .models import Organisation, OrganisationStatus


def organisation_list_public(*, municipality: Municipality, kind: str = "", query: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(municipality=municipality, status=OrganisationStatus.APPROVED)
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(name__icontains=query)
    return qs.select_related("neighbourhood", "municipality").order_by("name")


def organisation_review_queue(*, municipality: Municipality) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(municipality=municipality, status=OrganisationStatus.PENDING)
        .select_related("registered_by", "neighbourhood")
        .order_by("created_at")
    )


def organisation_get_visible(*, municipality: Municipality, organisation_id: int, user: object) -> Organisation | None:
    """An approved organisation, or one the user may change (its representatives see it while pending)."""
    organisation = (
        Organisation.objects.filter(municipality=municipality, pk=organisation_id)
        .select_related("neighbourhood", "municipality")
        .first()
    )
    if organisation is None:
        return None
    if organisation.is_approved or user.has_perm("organisations.change_organisation", organisation):  # type: ignore[attr-defined]
        return organisation
    if user.has_perm("organisations.review", municipality):  # type: ignore[attr-defined]
        return organisation
    return None
