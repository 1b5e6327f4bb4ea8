"""Who may do what in the activity catalogue."""

from __future__ import annotations

from typing import Any

import rules

from sammen.accounts.roles import held_roles
from sammen.accounts.rules import is_admin, is_coordinator, is_logged_in
from sammen.organisations.models import MembershipRole


@rules.predicate
def represents_organiser(user: Any, activity: Any) -> bool:
    return activity is not None and held_roles(user).member_of(activity.organisation_id, MembershipRole.REPRESENTATIVE)


@rules.predicate
def represents_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and held_roles(user).member_of(organisation.pk, MembershipRole.REPRESENTATIVE)


@rules.predicate
def represents_any_organisation(user: Any, municipality: Any) -> bool:
    return municipality is not None and bool(
        held_roles(user).memberships_in(municipality.pk, MembershipRole.REPRESENTATIVE)
    )


@rules.predicate
def is_activity_guide(user: Any, municipality: Any) -> bool:
    if municipality is None or not is_logged_in(user):
        return False
    from .models import ActivityGuide

    cache = getattr(user, "_sammen_guide_of", None)
    if cache is None:
        cache = set(ActivityGuide.objects.filter(user=user, is_active=True).values_list("municipality_id", flat=True))
        user._sammen_guide_of = cache
    return municipality.pk in cache


# Object: a municipality.
rules.add_perm("activities.manage_own", is_admin | represents_any_organisation)
rules.add_perm("activities.manage_categories", is_admin)
rules.add_perm("activities.import", is_admin)
rules.add_perm("activities.manage_guides", is_admin)
rules.add_perm("activities.guide", is_activity_guide)
rules.add_perm("activities.view_all", is_admin | is_coordinator)
# Object: an organisation.
rules.add_perm("activities.add_activity", is_admin | represents_organisation)
# Object: an activity.
rules.add_perm("activities.change_activity", is_admin | represents_organiser)
