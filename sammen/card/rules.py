"""Who may do what with the card. Objects: the municipality, or a card Provider."""

from typing import Any

import rules

from sammen.accounts.roles import held_roles
from sammen.accounts.rules import is_admin, is_caseworker, is_coordinator, is_logged_in
from sammen.organisations.models import MembershipRole


@rules.predicate
def is_provider_door_staff(user: Any, provider: Any) -> bool:
    """Provider staff or a representative of the provider's organisation, while the provider accepts the card."""
    if provider is None or not getattr(provider, "is_active", False):
        return False
    roles = held_roles(user)
    return roles.member_of(provider.organisation_id, MembershipRole.PROVIDER_STAFF) or roles.member_of(
        provider.organisation_id, MembershipRole.REPRESENTATIVE
    )


@rules.predicate
def represents_provider(user: Any, provider: Any) -> bool:
    return provider is not None and held_roles(user).member_of(provider.organisation_id, MembershipRole.REPRESENTATIVE)


# Municipality-wide (object: Municipality).
rules.add_perm("card.enrol", is_logged_in)
rules.add_perm("card.view_staff_pages", is_admin | is_caseworker)
rules.add_perm("card.manage_scheme", is_admin)
rules.add_perm("card.manage_grants", is_admin)
rules.add_perm("card.decide_targeted_grant", is_admin | is_caseworker)
# The reason for a targeted grant is sensitive (income, benefits): caseworkers and administrators only.
rules.add_perm("card.view_targeted_reason", is_admin | is_caseworker)
rules.add_perm("card.view_settlement", is_admin)
rules.add_perm("card.view_reports", is_admin | is_coordinator)

# Per provider (object: Provider).
rules.add_perm("card.redeem", is_provider_door_staff)
rules.add_perm("card.refund", is_provider_door_staff | is_admin)
rules.add_perm("card.view_provider", is_provider_door_staff | is_admin)
rules.add_perm("card.manage_offers", represents_provider | is_admin)
