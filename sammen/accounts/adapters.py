"""django-allauth hooks: new accounts take the page's language; OIDC sign-ins fill in the name."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def _current_language() -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.lower()
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user.language = _current_language()
        if commit:
            user.save()
        return user


# National identity numbers (ID-porten's pid, the Danish CPR) are never stored: sammen does not need them.
SENSITIVE_CLAIMS = frozenset({"pid", "cpr", "nin", "fnr", "personal_identity_number", "dk:cpr", "ssn"})


def _without_sensitive_claims(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_sensitive_claims(v) for k, v in data.items() if k.lower() not in SENSITIVE_CLAIMS}
    return data


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        sociallogin.account.extra_data = _without_sensitive_claims(sociallogin.account.extra_data or {})
        super().pre_social_login(request, sociallogin)

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        claims = sociallogin.account.extra_data or {}
        userinfo = claims.get("userinfo", claims)
        name = userinfo.get("name") or " ".join(
            part for part in (userinfo.get("given_name"), userinfo.get("family_name")) if part
        )
        user.full_name = (name or "").strip()
        if user.email:
            user.email = user.email.lower()
        user.language = _current_language()
        return user
