"""Joining the exchange as an organisation or as an individual volunteer, and keeping the profile up to date."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot
from sammen.core.services import model_update
from sammen.organisations.models import MembershipRole, Organisation, OrganisationStatus
from sammen.places.models import Municipality

from ..models import Actor
from .common import check_place, plain, require

PROFILE_FIELDS = ("about", "neighbourhood", "venue", "contact_name", "contact_email", "contact_phone")
VOLUNTEER_FIELDS = ("display_name", *PROFILE_FIELDS)


def _clean_profile(municipality: Municipality, fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    check_place(municipality, neighbourhood=fields.get("neighbourhood"), venue=fields.get("venue"))
    for key in ("about", "display_name", "contact_name", "contact_email", "contact_phone"):
        if key in fields:
            fields[key] = plain(fields[key])
    return fields


def actor_join_organisation(
    *, user: User, municipality: Municipality, organisation: Organisation, **profile: Any
) -> Actor:
    """An organisation's representative (or the municipality's staff) brings an approved organisation in."""
    if organisation.municipality_id != municipality.pk:
        raise PermissionDenied
    represents = (
        user.is_authenticated
        and organisation.memberships.filter(user=user, role=MembershipRole.REPRESENTATIVE).exists()
    )
    if not (represents or user.has_perm("exchange.view_reports", municipality)):
        raise PermissionDenied
    if organisation.status != OrganisationStatus.APPROVED:
        raise ValidationError(
            {"organisation": _("The municipality has not approved this organisation yet, so it cannot join.")}
        )
    profile = _clean_profile(municipality, profile, PROFILE_FIELDS)
    actor = Actor(
        municipality=municipality,
        organisation=organisation,
        contact_name=profile.pop("contact_name", "") or organisation.contact_name,
        contact_email=profile.pop("contact_email", "") or organisation.email,
        contact_phone=profile.pop("contact_phone", "") or organisation.phone,
        neighbourhood=profile.pop("neighbourhood", None) or organisation.neighbourhood,
        **profile,
    )
    actor.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            actor.save()
            audit_record(
                actor=user, municipality=municipality, action="exchange.actor.join", obj=actor, after=snapshot(actor)
            )
    except IntegrityError:
        raise ValidationError({"organisation": _("This organisation is already in the exchange.")}) from None
    return actor


def actor_join_volunteer(*, user: User, municipality: Municipality, **profile: Any) -> Actor:
    """A person joins as an individual volunteer with a profile of their own."""
    require(user, "exchange.join", municipality)
    profile = _clean_profile(municipality, profile, VOLUNTEER_FIELDS)
    if not profile.get("display_name"):
        raise ValidationError({"display_name": _("Write the name others will see, e.g. your first name.")})
    profile.setdefault("contact_email", user.email)
    profile["contact_email"] = profile["contact_email"] or user.email
    if not profile.get("contact_phone"):
        profile["contact_phone"] = user.phone
    actor = Actor(municipality=municipality, user=user, contact_name=user.full_name, **profile)
    if not actor.contact_name:
        actor.contact_name = actor.display_name
    actor.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            actor.save()
    except IntegrityError:
        raise ValidationError(_("You already have a volunteer profile here.")) from None
    return actor


def actor_update(*, user: User, actor: Actor, **changes: Any) -> Actor:
    require(user, "exchange.manage_actor", actor)
    allowed = VOLUNTEER_FIELDS if actor.is_volunteer else (*PROFILE_FIELDS, "is_active")
    changes = _clean_profile(actor.municipality, changes, (*allowed, "is_active"))
    if actor.is_volunteer and "display_name" in changes and not changes["display_name"]:
        raise ValidationError({"display_name": _("Write the name others will see, e.g. your first name.")})
    return model_update(
        actor=user, municipality=actor.municipality, instance=actor, changes=changes, action="exchange.actor.update"
    )
