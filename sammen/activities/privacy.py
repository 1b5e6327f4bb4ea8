from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from .models import ActivityGuide, SavedSearch, SignUp


def _export(user: User) -> dict[str, Any]:
    return {
        "sign_ups": [
            {
                "activity": s.activity.title,
                "participant": s.participant_name,
                "status": s.status,
                "created": s.created_at.isoformat(),
            }
            for s in SignUp.objects.filter(user=user).select_related("activity")
        ],
        "saved_searches": [{"name": s.name, "query": s.query} for s in SavedSearch.objects.filter(user=user)],
        "activity_guide": [
            {"municipality": g.municipality.name, "families_followed": g.families.count()}
            for g in ActivityGuide.objects.filter(user=user).select_related("municipality")
        ],
    }


def _erase(user: User) -> None:
    from .guides import _erase_family

    SignUp.objects.filter(user=user).update(participant_name="–", child=None, status="cancelled")
    SavedSearch.objects.filter(user=user).delete()
    # A guide's families were only ever visible to that guide: they go with the guide's account.
    for guide in ActivityGuide.objects.filter(user=user):
        for family in guide.families.all():
            _erase_family(family)
        guide.delete()


registry.add_privacy_handler(
    PrivacyHandler(
        key="activities",
        description=_("Activity sign-ups, saved searches, and the families you followed as an activity guide."),
        export=_export,
        erase=_erase,
    )
)
