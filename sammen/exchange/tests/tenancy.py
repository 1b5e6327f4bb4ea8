"""URL kwargs of the exchange, for the tenancy crawler (sammen/core/tests/test_tenancy.py)."""

from sammen.core.testing import TenantKwarg, make_user
from sammen.exchange.models import (
    Actor,
    Agreement,
    ContactRequest,
    EventRole,
    ExchangeEvent,
    FollowUp,
    Listing,
    Shift,
    ShiftSignup,
    VolunteerTask,
)

from .factories import (
    add_event_role,
    make_actor,
    make_agreement,
    make_event,
    make_follow_up,
    make_listing,
    make_shift,
    make_signup,
    make_task,
    make_volunteer,
)


def _listing(m, built):
    return make_listing(make_actor(m))


def _request(m, built):
    listing = make_listing(make_actor(m), side="need")
    return ContactRequest.objects.create(
        municipality=m, listing=listing, from_actor=make_volunteer(m), to_actor=listing.actor, message="Hei"
    )


def _agreement(m, built):
    return make_agreement(make_actor(m), make_actor(m))


def _event_role(m, built):
    event = make_event(m)
    add_event_role(event, make_user(), "broker")
    return EventRole.objects.get(event=event)


def _shift(m, built):
    return make_shift(make_task(make_actor(m)))


def _signup(m, built):
    return make_signup(_shift(m, built), make_volunteer(m))


URL_KWARGS = {
    "exchange_listing_id": TenantKwarg(Listing, "pk", _listing),
    "exchange_request_id": TenantKwarg(ContactRequest, "pk", _request),
    "exchange_actor_id": TenantKwarg(Actor, "pk", lambda m, built: make_actor(m)),
    "exchange_agreement_id": TenantKwarg(Agreement, "pk", _agreement),
    "exchange_follow_up_id": TenantKwarg(FollowUp, "pk", lambda m, built: make_follow_up(_agreement(m, built))),
    "exchange_event_id": TenantKwarg(ExchangeEvent, "pk", lambda m, built: make_event(m)),
    "exchange_event_role_id": TenantKwarg(EventRole, "pk", _event_role),
    "exchange_task_id": TenantKwarg(VolunteerTask, "pk", lambda m, built: make_task(make_actor(m))),
    "exchange_shift_id": TenantKwarg(Shift, "pk", _shift),
    "exchange_signup_id": TenantKwarg(ShiftSignup, "pk", _signup),
}
