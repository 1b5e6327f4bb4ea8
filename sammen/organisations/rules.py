from typing import Any

import rules

from sammen.accounts.roles import held_roles
from sammen.accounts.rules import is_admin, is_coordinator, is_logged_in

from .models import MembershipRole


@rules.predicate
def represents(user: Any, organisation: Any) -> bool:
    return organisation is not None and held_roles(user).member_of(organisation.pk, MembershipRole.REPRESENTATIVE)


@rules.predicate
def is_provider_staff(user: Any, organisation: Any) -> bool:
    return organisation is not None and held_roles(user).member_of(organisation.pk, MembershipRole.PROVIDER_STAFF)


rules.add_perm("organisations.register", is_logged_in)
rules.add_perm("organisations.review", is_admin | is_coordinator)
# Object: an organisation.
rules.add_perm("organisations.change_organisation", is_admin | represents)
rules.add_perm("organisations.manage_members", is_admin | represents)
