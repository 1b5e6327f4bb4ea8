"""A person's data in co-creation: inputs they sent, comments, supports, follows, sign-ups and dinners they hosted.

On erasure the texts stay as anonymous contributions to a public process (the count and the idea remain); the link
to the person, their contact details and their sign-ups' names are removed, and supports and follows are deleted.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from .models import Comment, Engagement, Follow, Input, Registration, Support


def _export(user: User) -> dict[str, Any]:
    return {
        "inputs": [
            {
                "process": i.process.title,
                "text": i.text,
                "date": i.received_on.isoformat(),
                "status": i.status,
                "contact_email": i.contact_email,
                "contact_phone": i.contact_phone,
            }
            for i in Input.objects.filter(author=user).select_related("process").order_by("created_at")
        ],
        "comments": [
            {"input": c.input_id, "text": c.text, "time": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user).order_by("created_at")
        ],
        "supported_inputs": list(Support.objects.filter(user=user).values_list("input_id", flat=True)),
        "followed_inputs": list(Follow.objects.filter(user=user).values_list("input_id", flat=True)),
        "sign_ups": [
            {"event": r.engagement.title, "date": r.engagement.date.isoformat(), "name": r.name, "email": r.email}
            for r in Registration.objects.filter(user=user).select_related("engagement")
        ],
        "dialogue_dinners_hosted": [
            {"title": e.title, "date": e.date.isoformat(), "summary": e.summary}
            for e in Engagement.objects.filter(host_user=user)
        ],
    }


def _erase(user: User) -> None:
    Input.objects.filter(author=user).update(
        author=None, contact_name="", contact_email="", contact_phone="", contact_language="", contact_consent_at=None
    )
    Comment.objects.filter(author=user).update(author=None)
    for support in Support.objects.filter(user=user).select_related("input"):
        Input.objects.filter(pk=support.input_id, support_count__gte=1).update(support_count=F("support_count") - 1)
    Support.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    Registration.objects.filter(user=user).update(user=None, name="", email="", phone="")
    Engagement.objects.filter(host_user=user).update(host_user=None, host_name="", host_email="", host_phone="")


registry.add_privacy_handler(
    PrivacyHandler(
        key="participation",
        description=_(
            "Inputs and comments you sent (kept without your name), supports, inputs you follow, sign-ups to "
            "meetings and dialogue dinners you hosted."
        ),
        export=_export,
        erase=_erase,
        order=200,
    )
)
