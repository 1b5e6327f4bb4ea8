from __future__ import annotations

from django.db.models import QuerySet

from sammen.places.models import Municipality

from .models import ApiToken, Child, RoleAssignment, User


def role_assignment_list(*, municipality: Municipality) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(municipality=municipality)
        .select_related("user", "neighbourhood")
        .order_by("role", "user__email")
    )


def children_of(*, guardian: User) -> QuerySet[Child]:
    return Child.objects.filter(guardianships__guardian=guardian).select_related("municipality").order_by("birth_date")


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
