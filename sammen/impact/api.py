"""Read endpoints for goals, indicators and their values: aggregated only, small groups suppressed.

Everyone can read what the municipality has published; staff can read every indicator with a token or session.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from sammen.accounts.api_auth import ApiTokenAuth
from sammen.places.tenancy import get_municipality_or_404

from . import selectors
from .models import Indicator, IndicatorValue, Sex

router = Router(tags=["impact"])


class IndicatorOut(Schema):
    id: int
    goal: str
    name: str
    definition: str
    unit: str
    direction: str
    theme: str
    source: str
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None
    breakdown_by_sex: bool
    breakdown_by_age: bool
    neighbourhoods: list[str]


class ValueOut(Schema):
    neighbourhood: str | None
    year_from: int
    year_to: int
    sex: str
    age_band: str
    value: Decimal | None
    suppressed: bool
    respondents: int | None
    source: str
    imported_at: str


class ValueFilter(Schema):
    neighbourhood: str | None = None
    sex: str | None = None
    age_band: str | None = None
    year_from: int | None = None
    year_to: int | None = None


def _staff(request: HttpRequest, municipality: object) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        token_user = ApiTokenAuth()(request)
        user = token_user if token_user else None
    return bool(user is not None and user.has_perm("impact.view_staff", municipality))


def _public_only(request: HttpRequest, municipality: object) -> bool:
    if _staff(request, municipality):
        return False
    if not selectors.is_published(municipality):  # type: ignore[arg-type]
        raise Http404
    return True


@router.get("/municipalities/{municipality_slug}/indicators", response=list[IndicatorOut])
def indicators(request: HttpRequest, municipality_slug: str) -> object:
    municipality = get_municipality_or_404(municipality_slug)
    public_only = _public_only(request, municipality)
    qs = selectors.indicator_list(municipality=municipality, public_only=public_only).prefetch_related("neighbourhoods")
    return [
        {
            **{f: getattr(i, f) for f in IndicatorOut.model_fields if f not in ("goal", "neighbourhoods")},
            "goal": i.goal.title,
            "neighbourhoods": [n.slug for n in i.neighbourhoods.all()],
        }
        for i in qs
    ]


@router.get("/municipalities/{municipality_slug}/indicators/{indicator_id}/values", response=list[ValueOut])
def indicator_values(
    request: HttpRequest, municipality_slug: str, indicator_id: int, filters: Query[ValueFilter]
) -> object:
    municipality = get_municipality_or_404(municipality_slug)
    public_only = _public_only(request, municipality)
    indicator = get_object_or_404(Indicator, municipality=municipality, pk=indicator_id)
    if public_only and not indicator.is_public:
        raise Http404
    k = selectors.settings_for(municipality).min_group_size
    qs = (
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("neighbourhood")
        .order_by("year_to", "neighbourhood__name", "sex", "age_band")
    )
    if filters.neighbourhood == "municipality":
        qs = qs.filter(neighbourhood__isnull=True)
    elif filters.neighbourhood:
        qs = qs.filter(neighbourhood__slug=filters.neighbourhood)
    if filters.sex in Sex.values:
        qs = qs.filter(sex=filters.sex)
    if filters.age_band is not None:
        qs = qs.filter(age_band=filters.age_band)
    if filters.year_from is not None:
        qs = qs.filter(year_to__gte=filters.year_from)
    if filters.year_to is not None:
        qs = qs.filter(year_to__lte=filters.year_to)
    out = []
    for v in qs:
        hidden = v.is_suppressed or v.value is None or (v.respondents is not None and v.respondents < k)
        out.append(
            {
                "neighbourhood": v.neighbourhood.slug if v.neighbourhood else None,
                "year_from": v.year_from,
                "year_to": v.year_to,
                "sex": v.sex,
                "age_band": v.age_band,
                "value": None if hidden else v.value,
                "suppressed": hidden,
                "respondents": None if hidden else v.respondents,
                "source": v.source,
                "imported_at": v.imported_at.isoformat(),
            }
        )
    return out
