"""Activity guides (aktivitetsguider): the guide role, the families they help, and erasure when follow-up ends.

Data minimisation: a first name or nickname, an age, a neighbourhood, interests, languages and short needs;
recorded only with the guardian's consent; visible only to the guide who recorded it; erased when the follow-up
ends (by the guide, or automatically the day after `follow_up_until`). Only anonymous yearly counts remain.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record
from sammen.places.models import Municipality

from .models import (
    ActivityGuide,
    Category,
    FamilyStatus,
    GuideFamily,
    GuideLogEntry,
    GuideLogKind,
    GuideTally,
    tag_list_value,
)
from .services import HTML_TAG


def guide_add(*, actor: User, municipality: Municipality, email: str) -> ActivityGuide:
    if not actor.has_perm("activities.manage_guides", municipality):
        raise PermissionDenied
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": _("Nobody has an account with this e-mail address. Ask the person to sign up first.")}
        )
    with transaction.atomic():
        guide, _created = ActivityGuide.objects.update_or_create(
            municipality=municipality, user=user, defaults={"is_active": True}
        )
        audit_record(
            actor=actor, municipality=municipality, action="activities.guide.add", obj=guide, after={"user": user.email}
        )
    if hasattr(user, "_sammen_guide_of"):
        del user._sammen_guide_of
    return guide


def guide_remove(*, actor: User, guide: ActivityGuide) -> None:
    """A guide who stops: their families' data goes with them (nobody else may see it)."""
    if not actor.has_perm("activities.manage_guides", guide.municipality):
        raise PermissionDenied
    with transaction.atomic():
        for family in guide.families.all():
            _erase_family(family)
        audit_record(
            actor=actor,
            municipality=guide.municipality,
            action="activities.guide.remove",
            obj=guide,
            before={"user": guide.user.email},
        )
        guide.delete()


def _guide_for(actor: User, municipality: Municipality) -> ActivityGuide:
    guide = ActivityGuide.objects.filter(municipality=municipality, user=actor, is_active=True).first()
    if guide is None or not actor.has_perm("activities.guide", municipality):
        raise PermissionDenied
    return guide


def _own_family(actor: User, family: GuideFamily) -> GuideFamily:
    if family.guide.user_id != actor.pk or not family.guide.is_active:
        raise PermissionDenied
    return family


def family_create(
    *,
    actor: User,
    municipality: Municipality,
    nickname: str,
    child_age: int,
    consent_by: str,
    consent_at: datetime.date,
    consent_confirmed: bool,
    neighbourhood: Any = None,
    interests: list[Category] | None = None,
    languages: list[str] | None = None,
    needs: str = "",
) -> GuideFamily:
    guide = _guide_for(actor, municipality)
    errors: dict[str, str] = {}
    if not consent_confirmed:
        errors["consent_confirmed"] = _("Record the family only when the guardian has agreed.")
    if consent_at > timezone.localdate():
        errors["consent_at"] = _("The consent date cannot be in the future.")
    for field, value in (("nickname", nickname), ("needs", needs), ("consent_by", consent_by)):
        if HTML_TAG.search(value or ""):
            errors[field] = _("Write plain text: HTML tags such as <b> or <script> are not allowed.")
    if neighbourhood is not None and neighbourhood.municipality_id != municipality.pk:
        errors["neighbourhood"] = _("The neighbourhood belongs to another municipality.")
    if errors:
        raise ValidationError(errors)
    family = GuideFamily(
        municipality=municipality,
        guide=guide,
        nickname=nickname.strip(),
        child_age=child_age,
        neighbourhood=neighbourhood,
        languages=tag_list_value(languages or []),
        needs=needs.strip(),
        consent_by=consent_by.strip(),
        consent_at=consent_at,
    )
    family.full_clean()
    with transaction.atomic():
        family.save()
        family.interests.set([c for c in interests or [] if c.municipality_id == municipality.pk])
        # The audit log says that a family was recorded with consent, never who.
        audit_record(
            actor=actor,
            municipality=municipality,
            action="activities.family.create",
            obj=None,
            after={"consent_at": consent_at.isoformat()},
        )
    return family


def family_log(
    *,
    actor: User,
    family: GuideFamily,
    kind: str,
    date: datetime.date,
    activity: Any = None,
    note: str = "",
    follow_up_until: datetime.date | None = None,
) -> GuideLogEntry:
    _own_family(actor, family)
    if kind not in GuideLogKind.values:
        raise ValidationError({"kind": _("Choose first visit or follow-up.")})
    if HTML_TAG.search(note or ""):
        raise ValidationError({"note": _("Write plain text: HTML tags such as <b> or <script> are not allowed.")})
    if activity is not None and activity.municipality_id != family.municipality_id:
        raise ValidationError({"activity": _("The activity belongs to another municipality.")})
    if follow_up_until is not None and follow_up_until < date:
        raise ValidationError({"follow_up_until": _("The follow-up cannot end before the visit.")})
    with transaction.atomic():
        entry = GuideLogEntry.objects.create(family=family, kind=kind, date=date, activity=activity, note=note.strip())
        if kind == GuideLogKind.FIRST_VISIT:
            family.status = FamilyStatus.FOLLOW_UP
        if follow_up_until is not None:
            family.follow_up_until = follow_up_until
        family.save(update_fields=["status", "follow_up_until", "updated_at"])
    return entry


def _erase_family(family: GuideFamily) -> None:
    year = timezone.localdate().year
    first_visits = family.log.filter(kind=GuideLogKind.FIRST_VISIT).count()
    tally, _created = GuideTally.objects.get_or_create(municipality=family.municipality, year=year)
    GuideTally.objects.filter(pk=tally.pk).update(
        families_ended=F("families_ended") + 1, first_visits=F("first_visits") + first_visits
    )
    family.delete()


def family_end(*, actor: User, family: GuideFamily) -> None:
    """The follow-up is over: everything about the child is erased now; only anonymous counts remain."""
    _own_family(actor, family)
    with transaction.atomic():
        municipality = family.municipality
        _erase_family(family)
        audit_record(actor=actor, municipality=municipality, action="activities.family.end")


def families_erase_expired(*, today: datetime.date | None = None) -> int:
    """Erase families whose follow-up ended before today (run daily)."""
    today = today or timezone.localdate()
    erased = 0
    for family in GuideFamily.objects.filter(follow_up_until__lt=today).select_related("municipality"):
        with transaction.atomic():
            municipality = family.municipality
            _erase_family(family)
            audit_record(actor=None, municipality=municipality, action="activities.family.expired")
        erased += 1
    return erased
