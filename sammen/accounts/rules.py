"""Role predicates every app builds its permissions from, and the permissions of the accounts app."""

from __future__ import annotations

from typing import Any

import rules

from .models import Role
from .roles import held_roles


def _municipality_id(obj: Any) -> int | None:
    """The municipality of a municipality, or of any record that belongs to one."""
    if obj is None:
        return None
    if obj._meta.label == "places.Municipality":
        return int(obj.pk)
    return getattr(obj, "municipality_id", None)


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_municipality_admin(user: Any, obj: Any) -> bool:
    municipality_id = _municipality_id(obj)
    return municipality_id is not None and held_roles(user).has(municipality_id, Role.MUNICIPALITY_ADMIN)


@rules.predicate
def is_coordinator(user: Any, obj: Any) -> bool:
    """Coordinator of at least one neighbourhood in the record's municipality."""
    municipality_id = _municipality_id(obj)
    return municipality_id is not None and held_roles(user).coordinates_in(municipality_id)


@rules.predicate
def is_caseworker(user: Any, obj: Any) -> bool:
    municipality_id = _municipality_id(obj)
    return municipality_id is not None and held_roles(user).has(municipality_id, Role.CASEWORKER)


@rules.predicate
def coordinates_neighbourhood(user: Any, neighbourhood: Any) -> bool:
    return neighbourhood is not None and held_roles(user).coordinates(neighbourhood.pk)


@rules.predicate
def is_logged_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


is_admin = is_platform_admin | is_municipality_admin
is_municipality_staff = is_platform_admin | is_municipality_admin | is_coordinator | is_caseworker

rules.add_perm("core.view_staff_area", is_municipality_staff)
rules.add_perm("core.view_audit_log", is_admin)
rules.add_perm("accounts.manage_roles", is_admin)
