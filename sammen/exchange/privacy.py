"""A person's data in the volunteer exchange: their volunteer profile, what it offered and asked, their requests,
shifts and hours, and their roles at events. Erasure keeps counts (agreements, hours) but removes the person."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from .models import (
    Actor,
    Agreement,
    ContactRequest,
    EventRole,
    ExchangeEvent,
    FollowUp,
    Listing,
    ShiftSignup,
    VolunteerTask,
)


def _export(user: User) -> dict[str, Any]:
    volunteers = list(Actor.objects.filter(user=user).select_related("municipality"))
    ids = [a.pk for a in volunteers]
    return {
        "volunteer_profiles": [
            {
                "municipality": a.municipality.name,
                "display_name": a.display_name,
                "about": a.about,
                "contact_email": a.contact_email,
                "contact_phone": a.contact_phone,
                "active": a.is_active,
            }
            for a in volunteers
        ],
        "offers_and_needs": list(
            Listing.objects.filter(actor_id__in=ids).values("side", "category", "title", "description", "status")
        ),
        "contact_requests": [
            {"to": r.to_actor.name, "about": r.listing.title, "message": r.message, "status": r.status}
            for r in ContactRequest.objects.filter(Q(sent_by=user) | Q(from_actor_id__in=ids)).select_related(
                "to_actor__organisation", "listing"
            )
        ],
        "agreements": [
            {"reference": a.reference, "parties": [a.party_a.name, a.party_b.name], "status": a.status}
            for a in Agreement.objects.filter(Q(party_a_id__in=ids) | Q(party_b_id__in=ids)).select_related(
                "party_a__organisation", "party_b__organisation"
            )
        ],
        "shifts": [
            {
                "task": s.shift.task.title,
                "starts_at": s.shift.starts_at.isoformat(),
                "status": s.status,
                "hours": str(s.hours_override) if s.hours_override is not None else None,
            }
            for s in ShiftSignup.objects.filter(volunteer_id__in=ids).select_related("shift__task")
        ],
        "event_roles": [
            {"event": r.event.title, "role": r.role}
            for r in EventRole.objects.filter(user=user).select_related("event")
        ],
    }


def _erase(user: User) -> None:
    volunteers = Actor.objects.filter(user=user)
    ids = list(volunteers.values_list("pk", flat=True))
    Listing.objects.filter(actor_id__in=ids).delete()
    ContactRequest.objects.filter(Q(from_actor_id__in=ids) | Q(to_actor_id__in=ids)).update(message="", answer="")
    Agreement.objects.filter(party_a_id__in=ids).update(party_a_contact="")
    Agreement.objects.filter(party_b_id__in=ids).update(party_b_contact="")
    # The profile stays, nameless and inactive, so agreements and hours still add up.
    volunteers.update(display_name="", about="", contact_name="", contact_email="", contact_phone="", is_active=False)
    Actor.objects.filter(organisation__isnull=False, contact_email__iexact=user.email).update(
        contact_name="", contact_email="", contact_phone=""
    )
    EventRole.objects.filter(user=user).delete()
    FollowUp.objects.filter(assignee=user).update(assignee=None)
    FollowUp.objects.filter(done_by=user).update(done_by=None)
    Agreement.objects.filter(registered_by=user).update(registered_by=None)
    Listing.objects.filter(created_by=user).update(created_by=None)
    ContactRequest.objects.filter(sent_by=user).update(sent_by=None)
    ContactRequest.objects.filter(answered_by=user).update(answered_by=None)
    ExchangeEvent.objects.filter(created_by=user).update(created_by=None)
    VolunteerTask.objects.filter(created_by=user).update(created_by=None)


registry.add_privacy_handler(
    PrivacyHandler(
        key="exchange",
        description=_(
            "The volunteer exchange: your volunteer profile, offers and needs, contact requests, shifts, hours "
            "and roles at exchange events."
        ),
        export=_export,
        erase=_erase,
        order=400,
    )
)
