"""Who may do what in the equipment library.

Depot staff are people who work at a depot (`DepotStaff`), a role scoped to that depot; municipality
administrators manage depots and may do everything a depot's staff may do.
"""

from __future__ import annotations

from typing import Any

import rules

from sammen.accounts.rules import is_admin, is_coordinator, is_logged_in

_CACHE_ATTR = "_sammen_lending_depots"


def staffed_depots(user: Any) -> frozenset[tuple[int, int]]:
    """(municipality_id, depot_id) for every active depot the user works at; loaded once per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from .models import DepotStaff

    held = frozenset(
        DepotStaff.objects.filter(user=user, depot__is_active=True, depot__municipality__is_active=True).values_list(
            "depot__municipality_id", "depot_id"
        )
    )
    setattr(user, _CACHE_ATTR, held)
    return held


def forget_depots(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def depot_ids_in(user: Any, municipality_id: int) -> set[int]:
    return {depot_id for m, depot_id in staffed_depots(user) if m == municipality_id}


@rules.predicate
def works_at_depot(user: Any, depot: Any) -> bool:
    return depot is not None and (depot.municipality_id, depot.pk) in staffed_depots(user)


@rules.predicate
def works_in_municipality(user: Any, municipality: Any) -> bool:
    """Works at any depot of the municipality (the object is a municipality)."""
    return municipality is not None and bool(depot_ids_in(user, municipality.pk))


# Object: a municipality.
rules.add_perm("lending.manage_depots", is_admin)
rules.add_perm("lending.view_staff_pages", is_admin | works_in_municipality)
rules.add_perm("lending.view_borrowers", is_admin | works_in_municipality)
rules.add_perm("lending.view_statistics", is_admin | is_coordinator | works_in_municipality)
# Object: a depot.
rules.add_perm("lending.change_depot", is_admin)
rules.add_perm("lending.use_desk", is_admin | works_at_depot)
rules.add_perm("lending.manage_catalogue", is_admin | works_at_depot)
rules.add_perm("lending.handle_reservations", is_admin | works_at_depot)
rules.add_perm("lending.reserve", is_logged_in)
