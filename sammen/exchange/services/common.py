"""Small checks every exchange service shares."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sammen.core.sanitise import strip_html
from sammen.places.models import Municipality

from ..models import Tag

MAX_TAGS = 10
TAG_LENGTH = 40


def require(user: Any, permission: str, obj: Any) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(permission, obj):
        raise PermissionDenied


def plain(value: str | None) -> str:
    """User text stored as plain text: tags removed, whitespace trimmed."""
    return strip_html(value or "").strip()


def check_place(municipality: Municipality, **places: Any) -> None:
    """Neighbourhoods, venues, events and actors given to a service must belong to the same municipality."""
    errors = {}
    for field, place in places.items():
        if place is not None and place.municipality_id != municipality.pk:
            errors[field] = _("This belongs to another municipality.")
    if errors:
        raise ValidationError(errors)


def parse_tags(raw: str | list[str] | None) -> list[str]:
    """Comma-separated keywords to a clean list: lower case, single spaces, no duplicates, in the given order."""
    if raw is None:
        return []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    names: list[str] = []
    for item in items:
        name = re.sub(r"\s+", " ", plain(str(item))).lower().strip(" #")
        if not name:
            continue
        if len(name) > TAG_LENGTH:
            raise ValidationError(
                {"tags": _("A tag can be at most %(n)d characters: “%(tag)s”.") % {"n": TAG_LENGTH, "tag": name}}
            )
        if name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise ValidationError({"tags": _("Use at most %(n)d tags.") % {"n": MAX_TAGS}})
    return names


def tags_for(municipality: Municipality, names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        try:
            with transaction.atomic():
                tag, _created = Tag.objects.get_or_create(municipality=municipality, name=name)
        except IntegrityError:
            # Someone created the same tag a moment ago.
            tag = Tag.objects.get(municipality=municipality, name=name)
        tags.append(tag)
    return tags


def absolute_url(path: str) -> str:
    return f"{settings.SAMMEN_BASE_URL}{path}"
