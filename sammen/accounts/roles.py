"""What roles a user holds, loaded once per request and kept on the user object."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import Role, RoleAssignment


@dataclass(frozen=True)
class HeldRoles:
    # (municipality_id, role) for municipality-wide roles; (neighbourhood_id) for coordinators.
    municipality_roles: frozenset[tuple[int, str]]
    coordinated: frozenset[tuple[int, int]]  # (municipality_id, neighbourhood_id)
    memberships: frozenset[tuple[int, int, str]]  # (municipality_id, organisation_id, membership role)

    def has(self, municipality_id: int, role: str) -> bool:
        return (municipality_id, role) in self.municipality_roles

    def coordinates_in(self, municipality_id: int) -> bool:
        return any(m == municipality_id for m, _n in self.coordinated)

    def coordinates(self, neighbourhood_id: int) -> bool:
        return any(n == neighbourhood_id for _m, n in self.coordinated)

    def neighbourhood_ids(self, municipality_id: int) -> set[int]:
        return {n for m, n in self.coordinated if m == municipality_id}

    def member_of(self, organisation_id: int, role: str | None = None) -> bool:
        return any(o == organisation_id and (role is None or r == role) for _m, o, r in self.memberships)

    def memberships_in(self, municipality_id: int, role: str | None = None) -> set[int]:
        return {o for m, o, r in self.memberships if m == municipality_id and (role is None or r == role)}


EMPTY = HeldRoles(frozenset(), frozenset(), frozenset())
_CACHE_ATTR = "_sammen_held_roles"


def held_roles(user: Any) -> HeldRoles:
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from sammen.organisations.models import OrganisationMembership, OrganisationStatus

    municipality_roles = set()
    coordinated = set()
    for municipality_id, role, neighbourhood_id in RoleAssignment.objects.filter(
        user=user, municipality__is_active=True
    ).values_list("municipality_id", "role", "neighbourhood_id"):
        if role == Role.COORDINATOR and neighbourhood_id is not None:
            coordinated.add((municipality_id, neighbourhood_id))
        else:
            municipality_roles.add((municipality_id, role))
    memberships = frozenset(
        OrganisationMembership.objects.filter(user=user)
        .exclude(organisation__status__in=[OrganisationStatus.REJECTED, OrganisationStatus.SUSPENDED])
        .values_list("organisation__municipality_id", "organisation_id", "role")
    )
    roles = HeldRoles(frozenset(municipality_roles), frozenset(coordinated), memberships)
    setattr(user, _CACHE_ATTR, roles)
    return roles


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
