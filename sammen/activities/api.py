"""REST API: public reads with the same filters as the search page; writes for organisation representatives."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from sammen.accounts.api_auth import staff_auth
from sammen.organisations.models import Organisation
from sammen.places.models import Venue
from sammen.places.tenancy import get_municipality_or_404

from . import selectors, services
from .geocoding import get_geocoder, inside_country
from .models import Activity, Category

router = Router(tags=["activities"])


class SessionOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    is_cancelled: bool


class ActivityOut(Schema):
    id: int
    uuid: str
    title: str
    description: str
    category: str
    organisation: str
    venue: str
    neighbourhood: str | None
    latitude: float | None
    longitude: float | None
    age_min: int | None
    age_max: int | None
    price_type: str
    price_from_ore: int
    accepts_card: bool
    join_method: str
    target_groups: list[str]
    languages: list[str]
    is_step_free: bool
    has_accessible_toilet: bool
    has_hearing_loop: bool
    is_adapted: bool
    companion_free: bool
    status: str
    url: str
    next_session: datetime.datetime | None = None
    distance_km: float | None = None


def _out(activity: Activity, next_at: datetime.datetime | None = None, distance: float | None = None) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "uuid": str(activity.uuid),
        "title": activity.title,
        "description": activity.description,
        "category": activity.category.key,
        "organisation": activity.organisation.name,
        "venue": activity.venue.name,
        "neighbourhood": activity.neighbourhood.slug if activity.neighbourhood else None,
        "latitude": float(activity.venue.latitude) if activity.venue.latitude is not None else None,
        "longitude": float(activity.venue.longitude) if activity.venue.longitude is not None else None,
        "age_min": activity.age_min,
        "age_max": activity.age_max,
        "price_type": activity.price_type,
        "price_from_ore": activity.price_from_ore,
        "accepts_card": activity.accepts_card,
        "join_method": activity.join_method,
        "target_groups": activity.target_group_list,
        "languages": activity.language_list,
        "is_step_free": activity.is_step_free,
        "has_accessible_toilet": activity.has_accessible_toilet,
        "has_hearing_loop": activity.has_hearing_loop,
        "is_adapted": activity.is_adapted,
        "companion_free": activity.companion_free,
        "status": activity.status,
        "url": activity.get_absolute_url(),
        "next_session": next_at,
        "distance_km": round(distance, 2) if distance is not None else None,
    }


class SearchPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ActivityOut]


class SearchParams(Schema):
    q: str = ""
    age: int | None = None
    category: list[str] = []
    day: list[int] = []
    time: list[str] = []
    free: bool = False
    max_price_ore: int | None = None
    card: bool = False
    access: list[str] = []
    language: str = ""
    group: str = ""
    trial: bool = False
    neighbourhood: str = ""
    near: str = ""
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    sort: str = "next"
    page: int = 1


@router.get("/municipalities/{municipality_slug}/activities", response=SearchPage)
def activity_list(request: HttpRequest, municipality_slug: str, params: Query[SearchParams]) -> dict[str, Any]:
    municipality = get_municipality_or_404(municipality_slug)
    point = None
    if params.lat is not None and params.lon is not None:
        if not inside_country(params.lat, params.lon, municipality.country):
            raise ValidationError(
                {"lat": _("The position is outside %(country)s.") % {"country": municipality.get_country_display()}}
            )
        point = (params.lat, params.lon)
    elif params.near:
        found = get_geocoder().locate(municipality=municipality, text=params.near)
        if found is not None:
            point = (found.latitude, found.longitude)
    filters = selectors.SearchFilters(
        q=params.q,
        age=params.age,
        categories=params.category,
        days=[d for d in params.day if 0 <= d <= 6],
        times=[t for t in params.time if t in selectors.TIME_WINDOWS],
        free=params.free,
        max_price_ore=params.max_price_ore,
        card=params.card,
        access=params.access,
        language=params.language,
        target_group=params.group,
        trial=params.trial,
        neighbourhood=params.neighbourhood,
        point=point,
        radius_km=params.radius_km if point else None,
        sort=params.sort,
    )
    result = selectors.activity_search(municipality=municipality, filters=filters, page=params.page, per_page=50)
    return {
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
        "results": [_out(h.activity, h.next_at, h.distance_km) for h in result.hits],
    }


class ActivityDetailOut(ActivityOut):
    sessions: list[SessionOut]


@router.get("/municipalities/{municipality_slug}/activities/{activity_id}", response=ActivityDetailOut)
def activity_detail(request: HttpRequest, municipality_slug: str, activity_id: int) -> dict[str, Any]:
    municipality = get_municipality_or_404(municipality_slug)
    activity = selectors.activity_get_public(municipality=municipality, activity_id=activity_id, user=request.user)
    if activity is None:
        from django.http import Http404

        raise Http404
    sessions = selectors.upcoming_sessions(activity=activity, limit=20)
    return {**_out(activity), "sessions": sessions}


class ScheduleIn(Schema):
    start_date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    rrule: str = ""
    exdates: str = ""


class ActivityIn(Schema):
    organisation_id: int
    title: str
    description: str
    category: str
    venue_id: int
    age_min: int | None = None
    age_max: int | None = None
    target_groups: list[str] = []
    languages: list[str] = []
    price_type: str = "free"
    price_ore: int | None = None
    accepts_card: bool = False
    join_method: str = "drop_in"
    join_url: str = ""
    capacity: int | None = None
    is_step_free: bool = False
    has_accessible_toilet: bool = False
    has_hearing_loop: bool = False
    is_adapted: bool = False
    companion_free: bool = False
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    schedule: ScheduleIn
    publish: bool = False


class ActivityPatch(Schema):
    title: str | None = None
    description: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    price_type: str | None = None
    price_ore: int | None = None
    accepts_card: bool | None = None
    status: str | None = None


@router.post("/municipalities/{municipality_slug}/activities", response={201: ActivityOut}, auth=staff_auth)
def activity_create(request: HttpRequest, municipality_slug: str, payload: ActivityIn) -> Any:
    municipality = get_municipality_or_404(municipality_slug)
    organisation = get_object_or_404(Organisation, municipality=municipality, pk=payload.organisation_id)
    services.category_defaults_ensure(municipality=municipality)
    category = get_object_or_404(Category, municipality=municipality, key=payload.category)
    venue = get_object_or_404(Venue, municipality=municipality, pk=payload.venue_id)
    data = payload.dict(exclude={"organisation_id", "category", "venue_id", "schedule", "publish"})
    activity = services.activity_create(
        actor=request.user,  # type: ignore[arg-type]
        organisation=organisation,
        schedule=services.ScheduleInput(**payload.schedule.dict()),
        publish=payload.publish,
        category=category,
        venue=venue,
        **data,
    )
    return Status(201, _out(activity))


@router.patch("/municipalities/{municipality_slug}/activities/{activity_id}", response=ActivityOut, auth=staff_auth)
def activity_update(request: HttpRequest, municipality_slug: str, activity_id: int, payload: ActivityPatch) -> Any:
    municipality = get_municipality_or_404(municipality_slug)
    activity = get_object_or_404(
        Activity.objects.select_related("organisation", "venue", "category"), municipality=municipality, pk=activity_id
    )
    changes = payload.dict(exclude_unset=True)
    status = changes.pop("status", None)
    if changes:
        services.activity_update(actor=request.user, activity=activity, **changes)  # type: ignore[arg-type]
    if status:
        services.activity_set_status(actor=request.user, activity=activity, status=status)  # type: ignore[arg-type]
    return _out(activity)
