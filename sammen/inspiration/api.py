"""Open data: the published cases of a municipality's inspiration library."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from sammen.places.tenancy import get_municipality_or_404

from . import selectors
from .models import Case, TargetGroup, Theme

router = Router(tags=["inspiration"])


class CaseOut(Schema):
    id: int
    title: str
    summary: str
    actors: str
    place: str
    language: str
    link: str
    themes: list[str]
    target_groups: list[str]
    url: str

    @staticmethod
    def resolve_themes(obj: Case) -> list[str]:
        return [t.name for t in obj.themes.all()]

    @staticmethod
    def resolve_target_groups(obj: Case) -> list[str]:
        return [g.name for g in obj.target_groups.all()]

    @staticmethod
    def resolve_url(obj: Case) -> str:
        return obj.get_absolute_url()


@router.get("/municipalities/{municipality_slug}/cases", response=list[CaseOut])
def cases(request: HttpRequest, municipality_slug: str, q: str = "", theme: str = "", target_group: str = "") -> object:
    municipality = get_municipality_or_404(municipality_slug)
    theme_obj = get_object_or_404(Theme, municipality=municipality, slug=theme) if theme else None
    group_obj = get_object_or_404(TargetGroup, municipality=municipality, slug=target_group) if target_group else None
    return selectors.case_search(municipality=municipality, query=q, theme=theme_obj, target_group=group_obj)


@router.get("/municipalities/{municipality_slug}/cases/{case_id}", response=CaseOut)
def case(request: HttpRequest, municipality_slug: str, case_id: int) -> object:
    municipality = get_municipality_or_404(municipality_slug)
    found = selectors.case_get_visible(municipality=municipality, case_id=case_id)
    if found is None:
        from django.http import Http404

        raise Http404
    return found
