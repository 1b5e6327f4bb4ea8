"""Writes to the inspiration library: authorise, validate, save and audit in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot
from sammen.core.sanitise import strip_html
from sammen.places.models import Municipality

from .models import Case, TargetGroup, Theme

CASE_FIELDS = ("title", "summary", "actors", "place", "language", "link", "status")


def _check_tags(municipality: Municipality, themes: Iterable[Theme], target_groups: Iterable[TargetGroup]) -> None:
    if any(t.municipality_id != municipality.pk for t in themes) or any(
        g.municipality_id != municipality.pk for g in target_groups
    ):
        raise ValidationError(_("Themes and target groups must belong to this municipality."))


def _clean_text(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for name in ("title", "summary", "actors", "place"):
        if name in fields:
            fields[name] = strip_html(fields[name] or "").strip()
    return fields


def _tag_snapshot(case: Case) -> dict[str, Any]:
    return {
        "themes": sorted(t.name for t in case.themes.all()),
        "target_groups": sorted(g.name for g in case.target_groups.all()),
    }


def case_create(
    *,
    actor: User,
    municipality: Municipality,
    themes: Iterable[Theme] = (),
    target_groups: Iterable[TargetGroup] = (),
    **fields: Any,
) -> Case:
    if not actor.has_perm("inspiration.manage_cases", municipality):
        raise PermissionDenied
    themes, target_groups = list(themes), list(target_groups)
    _check_tags(municipality, themes, target_groups)
    case = Case(municipality=municipality, created_by=actor, **_clean_text(fields))
    case.full_clean()
    with transaction.atomic():
        case.save()
        case.themes.set(themes)
        case.target_groups.set(target_groups)
        audit_record(
            actor=actor,
            municipality=municipality,
            action="inspiration.case.create",
            obj=case,
            after={**snapshot(case, CASE_FIELDS), **_tag_snapshot(case)},
        )
    return case


def case_update(
    *,
    actor: User,
    case: Case,
    themes: Iterable[Theme] | None = None,
    target_groups: Iterable[TargetGroup] | None = None,
    **changes: Any,
) -> Case:
    municipality = case.municipality
    if not actor.has_perm("inspiration.manage_cases", municipality):
        raise PermissionDenied
    themes = list(themes) if themes is not None else None
    target_groups = list(target_groups) if target_groups is not None else None
    _check_tags(municipality, themes or [], target_groups or [])
    changes = _clean_text(changes)
    before = {**snapshot(case, CASE_FIELDS), **_tag_snapshot(case)}
    for name, value in changes.items():
        setattr(case, name, value)
    case.full_clean()
    with transaction.atomic():
        case.save()
        if themes is not None:
            case.themes.set(themes)
        if target_groups is not None:
            case.target_groups.set(target_groups)
        after = {**snapshot(case, CASE_FIELDS), **_tag_snapshot(case)}
        changed = {k for k in after if before.get(k) != after.get(k)}
        if changed:
            audit_record(
                actor=actor,
                municipality=municipality,
                action="inspiration.case.update",
                obj=case,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return case


def case_delete(*, actor: User, case: Case) -> None:
    if not actor.has_perm("inspiration.manage_cases", case.municipality):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            municipality=case.municipality,
            action="inspiration.case.delete",
            obj=case,
            before=snapshot(case, CASE_FIELDS),
        )
        case.delete()


def _tag_create(model: type[Theme] | type[TargetGroup], *, actor: User, municipality: Municipality, name: str) -> Any:
    if not actor.has_perm("inspiration.manage_cases", municipality):
        raise PermissionDenied
    name = strip_html(name).strip()
    if not name:
        raise ValidationError({"name": _("Give it a name.")})
    slug = slugify(name.replace("æ", "ae").replace("ø", "o").replace("å", "a"))[:80] or "tag"
    if model.objects.filter(municipality=municipality, name__iexact=name).exists():
        raise ValidationError({"name": _("That name is already in use.")})
    tag = model(municipality=municipality, name=name, slug=slug)
    suffix = 2
    while model.objects.filter(municipality=municipality, slug=tag.slug).exists():
        tag.slug = f"{slug}-{suffix}"
        suffix += 1
    tag.full_clean()
    with transaction.atomic():
        tag.save()
        audit_record(
            actor=actor,
            municipality=municipality,
            action=f"inspiration.{model._meta.model_name}.create",
            obj=tag,
            after={"name": tag.name},
        )
    return tag


def theme_create(*, actor: User, municipality: Municipality, name: str) -> Theme:
    return _tag_create(Theme, actor=actor, municipality=municipality, name=name)


def target_group_create(*, actor: User, municipality: Municipality, name: str) -> TargetGroup:
    return _tag_create(TargetGroup, actor=actor, municipality=municipality, name=name)
