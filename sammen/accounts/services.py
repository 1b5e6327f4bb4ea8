"""Writes about people: roles, children and guardians, language, API tokens, and erasure of an account."""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.core.audit import audit_record, snapshot
from sammen.places.models import Municipality, Neighbourhood

from .models import ApiToken, Child, Guardianship, Role, RoleAssignment, User, hash_token
from .roles import forget_roles


def user_set_language(*, user: User, language: str) -> None:
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."), code="unknown_language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_update_profile(*, user: User, full_name: str, phone: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.phone = phone.strip()
    user.language = language
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["full_name", "phone", "language"])
    return user


def role_grant(
    *,
    actor: User,
    municipality: Municipality,
    email: str,
    role: str,
    neighbourhood: Neighbourhood | None = None,
) -> RoleAssignment:
    if not actor.has_perm("accounts.manage_roles", municipality):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role == Role.COORDINATOR and neighbourhood is None:
        raise ValidationError({"neighbourhood": _("A coordinator works in a neighbourhood: choose one.")})
    if role != Role.COORDINATOR:
        neighbourhood = None
    if neighbourhood is not None and neighbourhood.municipality_id != municipality.pk:
        raise ValidationError({"neighbourhood": _("The neighbourhood belongs to another municipality.")})
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": _("Nobody has an account with this e-mail address. Ask the person to sign up first.")}
        )
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                user=user, municipality=municipality, role=role, neighbourhood=neighbourhood, granted_by=actor
            )
            audit_record(
                actor=actor,
                municipality=municipality,
                action="accounts.role.grant",
                obj=assignment,
                after={
                    "user": user.email,
                    "role": role,
                    "neighbourhood": neighbourhood.name if neighbourhood else None,
                },
            )
    except IntegrityError:
        raise ValidationError(_("This person already has this role.")) from None
    forget_roles(user)
    return assignment


def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    municipality = assignment.municipality
    if not actor.has_perm("accounts.manage_roles", municipality):
        raise PermissionDenied
    if (
        assignment.user_id == actor.pk
        and assignment.role == Role.MUNICIPALITY_ADMIN
        and not actor.is_platform_admin
        and not RoleAssignment.objects.filter(municipality=municipality, role=Role.MUNICIPALITY_ADMIN)
        .exclude(pk=assignment.pk)
        .exists()
    ):
        raise ValidationError(_("You are the last administrator of this municipality and cannot remove yourself."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            municipality=municipality,
            action="accounts.role.revoke",
            obj=assignment,
            before={
                "user": assignment.user.email,
                "role": assignment.role,
                "neighbourhood": assignment.neighbourhood.name if assignment.neighbourhood else None,
            },
        )
        assignment.delete()
    forget_roles(assignment.user)


def child_add(
    *,
    guardian: User,
    municipality: Municipality,
    given_name: str,
    family_name: str,
    birth_date: datetime.date,
    relation: str = Guardianship.Relation.PARENT,
) -> Child:
    today = timezone.localdate()
    if birth_date > today:
        raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
    if birth_date.year < today.year - 20:
        raise ValidationError({"birth_date": _("Only children and young people under 20 can be added.")})
    with transaction.atomic():
        child = Child(
            municipality=municipality,
            given_name=given_name.strip(),
            family_name=family_name.strip(),
            birth_date=birth_date,
        )
        child.full_clean()
        child.save()
        Guardianship.objects.create(guardian=guardian, child=child, relation=relation)
    return child


def child_remove(*, guardian: User, child: Child) -> None:
    """Remove the guardian's link; the child's record goes when no guardian is left."""
    with transaction.atomic():
        deleted, _detail = Guardianship.objects.filter(guardian=guardian, child=child).delete()
        if not deleted:
            raise PermissionDenied
        if not Guardianship.objects.filter(child=child).exists():
            child.delete()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with the secret, which is never stored and shown only now."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, so you recognise it later.")})
    raw = f"sam_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=raw[:12], key_hash=hash_token(raw))
    return token, raw


def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def _scrub_audit_log(*, user: User, identifiers: list[str], replacement: str) -> None:
    """Replace the person's name and e-mail wherever the audit log quotes them; the entries themselves stay."""
    import json

    from django.db.models import Q

    from sammen.core.models import AuditEntry

    mentions = Q(actor=user) | Q(object_type="accounts.roleassignment") | Q(object_type="accounts.user")
    for identifier in identifiers:
        mentions |= Q(object_repr__icontains=identifier)
    for entry in AuditEntry.objects.filter(mentions).iterator():
        changed = False
        for attr in ("before", "after", "object_repr", "actor_label"):
            value = getattr(entry, attr)
            text = json.dumps(value, ensure_ascii=False) if attr in ("before", "after") else (value or "")
            new_text = text
            for identifier in identifiers:
                new_text = new_text.replace(identifier, replacement)
            if new_text != text:
                setattr(entry, attr, json.loads(new_text) if attr in ("before", "after") else new_text)
                changed = True
        if changed:
            entry.save(update_fields=["before", "after", "object_repr", "actor_label"])


ERASED_LABEL = "(erased)"


def user_anonymise(*, user: User) -> None:
    """Erase what identifies the person, keep the row so counts and foreign keys stay intact."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    identifiers = sorted({value for value in (user.email, user.full_name, user.phone) if value}, key=len, reverse=True)
    with transaction.atomic():
        erased_fields = sorted(snapshot(user, ["email", "full_name", "phone"]))
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
        RoleAssignment.objects.filter(user=user).delete()
        for guardianship in list(Guardianship.objects.filter(guardian=user).select_related("child")):
            child_remove(guardian=user, child=guardianship.child)
        _scrub_audit_log(user=user, identifiers=identifiers, replacement=ERASED_LABEL)
        user.email = f"erased-{uuid.uuid4().hex}@erased.invalid"
        user.full_name = ""
        user.phone = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        audit_record(
            actor=None, municipality=None, action="accounts.user.erase", obj=user, before={"fields": erased_fields}
        )
