"""Who may do what in the volunteer exchange.

Municipality staff who run the exchange are administrators and coordinators. Representatives of an organisation
act for its actor; a person acts for their own volunteer profile. Organisers and brokers hold a role at one event.
"""

from __future__ import annotations

from typing import Any

import rules

from sammen.accounts.roles import held_roles
from sammen.accounts.rules import is_admin, is_coordinator, is_logged_in
from sammen.organisations.models import MembershipRole

_EVENT_ROLES_ATTR = "_sammen_exchange_event_roles"


def event_roles(user: Any) -> dict[int, set[str]]:
    """The user's roles per event id, loaded once per user object (i.e. once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _EVENT_ROLES_ATTR, None)
    if cached is None:
        from .models import EventRole

        cached = {}
        for event_id, role in EventRole.objects.filter(user=user).values_list("event_id", "role"):
            cached.setdefault(event_id, set()).add(role)
        setattr(user, _EVENT_ROLES_ATTR, cached)
    return cached


def forget_event_roles(user: Any) -> None:
    if hasattr(user, _EVENT_ROLES_ATTR):
        delattr(user, _EVENT_ROLES_ATTR)


def user_acts_for(user: Any, actor: Any) -> bool:
    if actor is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    if actor.user_id is not None:
        return bool(actor.user_id == user.pk)
    return held_roles(user).member_of(actor.organisation_id, MembershipRole.REPRESENTATIVE)


@rules.predicate
def acts_for(user: Any, actor: Any) -> bool:
    return user_acts_for(user, actor)


@rules.predicate
def acts_for_listing(user: Any, listing: Any) -> bool:
    return listing is not None and user_acts_for(user, listing.actor)


@rules.predicate
def acts_for_task(user: Any, task: Any) -> bool:
    return task is not None and user_acts_for(user, task.actor)


@rules.predicate
def is_party(user: Any, agreement: Any) -> bool:
    return agreement is not None and (user_acts_for(user, agreement.party_a) or user_acts_for(user, agreement.party_b))


@rules.predicate
def organises(user: Any, event: Any) -> bool:
    return event is not None and "organiser" in event_roles(user).get(event.pk, set())


@rules.predicate
def brokers(user: Any, event: Any) -> bool:
    return event is not None and "broker" in event_roles(user).get(event.pk, set())


@rules.predicate
def organises_agreement_event(user: Any, agreement: Any) -> bool:
    return (
        agreement is not None
        and agreement.event_id is not None
        and "organiser" in event_roles(user).get(agreement.event_id, set())
    )


@rules.predicate
def brokers_agreement_event(user: Any, agreement: Any) -> bool:
    roles = event_roles(user).get(agreement.event_id, set()) if agreement is not None and agreement.event_id else set()
    return bool(roles)


@rules.predicate
def registered_it(user: Any, agreement: Any) -> bool:
    return agreement is not None and user.is_authenticated and agreement.registered_by_id == user.pk


@rules.predicate
def represents_volunteer_centre(user: Any, municipality: Any) -> bool:
    """Volunteer centres often run the exchange; their representatives may set up events."""
    if municipality is None:
        return False
    ids = held_roles(user).memberships_in(municipality.pk, MembershipRole.REPRESENTATIVE)
    if not ids:
        return False
    from sammen.organisations.models import Organisation, OrganisationStatus

    return Organisation.objects.filter(pk__in=ids, kind="volunteer_centre", status=OrganisationStatus.APPROVED).exists()


is_exchange_staff = is_admin | is_coordinator

rules.add_perm("exchange.join", is_logged_in)
# Object: the municipality.
rules.add_perm("exchange.view_reports", is_exchange_staff)
rules.add_perm("exchange.create_event", is_exchange_staff | represents_volunteer_centre)
# Object: an actor.
rules.add_perm("exchange.manage_actor", is_exchange_staff | acts_for)
# Object: a listing (offer or need).
rules.add_perm("exchange.manage_listing", is_exchange_staff | acts_for_listing)
# Object: an event.
rules.add_perm("exchange.organise_event", is_exchange_staff | organises)
rules.add_perm("exchange.broker_event", is_exchange_staff | organises | brokers)
# Object: an agreement.
rules.add_perm(
    "exchange.view_agreement",
    is_exchange_staff | is_party | organises_agreement_event | brokers_agreement_event | registered_it,
)
rules.add_perm("exchange.change_agreement", is_exchange_staff | is_party | organises_agreement_event)
# Object: an agreement. Organisers follow up their event's agreements; parties may remind themselves.
rules.add_perm("exchange.follow_up", is_exchange_staff | organises_agreement_event | is_party)
# Object: a volunteer task.
rules.add_perm("exchange.manage_task", is_exchange_staff | acts_for_task)
