"""Writes about organisations: registration, review by the municipality, profile and members."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.accounts.roles import forget_roles
from sammen.core.audit import audit_record, snapshot
from sammen.core.sanitise import strip_html
from sammen.core.services import model_update
from sammen.places.models import Municipality

from .models import MembershipRole, Organisation, OrganisationMembership, OrganisationStatus

PROFILE_FIELDS = (
    "name",
    "kind",
    "registration_number",
    "description",
    "website",
    "email",
    "phone",
    "contact_name",
    "logo",
    "logo_alt",
    "neighbourhood",
)


def _clean_profile(fields: dict[str, Any], municipality: Municipality) -> dict[str, Any]:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if "description" in fields:
        fields["description"] = strip_html(fields["description"] or "").strip()
    neighbourhood = fields.get("neighbourhood")
    if neighbourhood is not None and neighbourhood.municipality_id != municipality.pk:
        raise ValidationError({"neighbourhood": _("The neighbourhood belongs to another municipality.")})
    return fields


def _validate_logo(logo: Any, logo_alt: str) -> None:
    if logo and not (logo_alt or "").strip():
        raise ValidationError({"logo_alt": _("Describe the logo for people who cannot see it.")})


def organisation_register(*, actor: User, municipality: Municipality, **fields: Any) -> Organisation:
    """A resident registers an organisation; it waits for the municipality's approval; they represent it."""
    if not actor.has_perm("organisations.register", municipality):
        raise PermissionDenied
    organisation = Organisation(municipality=municipality, registered_by=actor, **_clean_profile(fields, municipality))
    _validate_logo(organisation.logo, organisation.logo_alt)
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        OrganisationMembership.objects.create(organisation=organisation, user=actor, role=MembershipRole.REPRESENTATIVE)
        audit_record(
            actor=actor,
            municipality=municipality,
            action="organisations.organisation.register",
            obj=organisation,
            after=snapshot(organisation),
        )
    forget_roles(actor)
    return organisation


def organisation_update(*, actor: User, organisation: Organisation, **changes: Any) -> Organisation:
    if not actor.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied
    changes = _clean_profile(changes, organisation.municipality)
    _validate_logo(changes.get("logo", organisation.logo), changes.get("logo_alt", organisation.logo_alt))
    return model_update(
        actor=actor,
        municipality=organisation.municipality,
        instance=organisation,
        changes=changes,
        action="organisations.organisation.update",
    )


def organisation_review(*, actor: User, organisation: Organisation, status: str, reason: str = "") -> Organisation:
    if not actor.has_perm("organisations.review", organisation.municipality):
        raise PermissionDenied
    if status not in OrganisationStatus.values or status == OrganisationStatus.PENDING:
        raise ValidationError({"status": _("Choose approve, reject or suspend.")})
    if status in (OrganisationStatus.REJECTED, OrganisationStatus.SUSPENDED) and not reason.strip():
        raise ValidationError({"reason": _("Give a reason, so the organisation knows what to do.")})
    organisation = model_update(
        actor=actor,
        municipality=organisation.municipality,
        instance=organisation,
        changes={"status": status, "status_reason": reason.strip()},
        action="organisations.organisation.review",
    )
    for membership in organisation.memberships.select_related("user"):
        forget_roles(membership.user)
    return organisation


def membership_add(*, actor: User, organisation: Organisation, email: str, role: str) -> OrganisationMembership:
    if not actor.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": _("Nobody has an account with this e-mail address. Ask the person to sign up first.")}
        )
    try:
        with transaction.atomic():
            membership = OrganisationMembership.objects.create(organisation=organisation, user=user, role=role)
            audit_record(
                actor=actor,
                municipality=organisation.municipality,
                action="organisations.membership.add",
                obj=membership,
                after={"user": user.email, "role": role},
            )
    except IntegrityError:
        raise ValidationError(_("This person already has this role in the organisation.")) from None
    forget_roles(user)
    return membership


def membership_remove(*, actor: User, membership: OrganisationMembership) -> None:
    organisation = membership.organisation
    if not actor.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    if (
        membership.role == MembershipRole.REPRESENTATIVE
        and not organisation.memberships.filter(role=MembershipRole.REPRESENTATIVE).exclude(pk=membership.pk).exists()
    ):
        raise ValidationError(_("An organisation needs at least one representative."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            municipality=organisation.municipality,
            action="organisations.membership.remove",
            obj=membership,
            before={"user": membership.user.email, "role": membership.role},
        )
        membership.delete()
    forget_roles(membership.user)
