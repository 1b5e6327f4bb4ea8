from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sammen.core.registry import PrivacyHandler, registry

from .models import User
from .services import user_anonymise


def _export(user: User) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    return {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        "linked_logins": list(SocialAccount.objects.filter(user=user).values("provider", "uid")),
        "roles": [
            {
                "municipality": a.municipality.name,
                "role": a.role,
                "neighbourhood": a.neighbourhood.name if a.neighbourhood else None,
            }
            for a in user.role_assignments.select_related("municipality", "neighbourhood")
        ],
        "children": [
            {
                "given_name": c.given_name,
                "family_name": c.family_name,
                "birth_date": c.birth_date.isoformat(),
                "municipality": c.municipality.name,
            }
            for c in user.children.select_related("municipality")
        ],
        "api_tokens": [{"name": t.name, "created": t.created_at.isoformat()} for t in user.api_tokens.all()],
    }


def _erase(user: User) -> None:
    user_anonymise(user=user)


registry.add_privacy_handler(
    PrivacyHandler(
        key="account",
        description=_(
            "Your account: name, e-mail, mobile number, language, roles, linked logins and children you added."
        ),
        export=_export,
        erase=_erase,
        # Last, so that other apps can still find the person by e-mail while they erase.
        order=1000,
    )
)
