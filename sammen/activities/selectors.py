"""Reads of the activity catalogue. Every selector takes the municipality explicitly.

The search is two queries whatever the data size: one light query returns the ids (and sort keys) of every
match, ordered in the database; one loads the page's activities with their organiser, venue and category.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from sammen.accounts.models import User
from sammen.organisations.models import Organisation, OrganisationStatus
from sammen.places.models import Municipality

from .geocoding import KM_PER_DEGREE, distance_km
from .models import AccessFact, Activity, ActivityStatus, Category, GuideFamily, Session, SignUp
from .services import STALE_AFTER

# Minutes after midnight, local time: [start, end).
TIME_WINDOWS = {"morning": (0, 12 * 60), "afternoon": (12 * 60, 18 * 60), "evening": (18 * 60, 24 * 60)}
SORTS = ("next", "distance", "title")


@dataclass
class SearchFilters:
    q: str = ""
    age: int | None = None
    categories: list[str] = field(default_factory=list)  # category keys
    days: list[int] = field(default_factory=list)  # 0 = Monday
    times: list[str] = field(default_factory=list)  # keys of TIME_WINDOWS
    free: bool = False
    max_price_ore: int | None = None
    card: bool = False
    access: list[str] = field(default_factory=list)  # AccessFact values
    language: str = ""
    target_group: str = ""
    trial: bool = False
    neighbourhood: str = ""  # slug
    organisation_id: int | None = None
    venue_id: int | None = None
    point: tuple[float, float] | None = None  # (latitude, longitude)
    radius_km: float | None = None
    sort: str = "next"
    # Only sessions before this moment count (e.g. "this week").
    before: datetime.datetime | None = None


@dataclass
class SearchHit:
    activity: Activity
    next_at: datetime.datetime | None
    distance_km: float | None


@dataclass
class SearchResult:
    count: int
    hits: list[SearchHit]
    page: int
    pages: int


def visible_activities(*, municipality: Municipality, now: datetime.datetime | None = None) -> QuerySet[Activity]:
    """Published, confirmed within a season, by an approved organisation."""
    now = now or timezone.now()
    return Activity.objects.filter(
        municipality=municipality,
        status=ActivityStatus.PUBLISHED,
        confirmed_at__gte=now - STALE_AFTER,
        organisation__status=OrganisationStatus.APPROVED,
    )


def search_terms(text: str) -> list[str]:
    return [t for t in re.findall(r"\w+", text.lower()) if t][:8]


def _full_text(qs: QuerySet[Activity], text: str) -> QuerySet[Activity]:
    terms = search_terms(text)
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config="simple")
        return qs.annotate(search=SearchVector("search_document", config="simple")).filter(search=query)
    for term in terms:
        qs = qs.filter(search_document__contains=term)
    return qs


def _session_filter(filters: SearchFilters, now: datetime.datetime, prefix: str = "") -> Q:
    """Which sessions count: upcoming, not cancelled, on the chosen days and times of day."""
    q = Q(**{f"{prefix}starts_at__gte": now, f"{prefix}is_cancelled": False, f"{prefix}is_removed": False})
    if filters.before is not None:
        q &= Q(**{f"{prefix}starts_at__lt": filters.before})
    if filters.days:
        q &= Q(**{f"{prefix}weekday__in": filters.days})
    if filters.times:
        window = Q()
        for key in filters.times:
            start, end = TIME_WINDOWS[key]
            window |= Q(**{f"{prefix}start_minute__gte": start, f"{prefix}start_minute__lt": end})
        q &= window
    return q


def _activity_filtered(
    *, municipality: Municipality, filters: SearchFilters, now: datetime.datetime
) -> QuerySet[Activity]:
    """The filters on the activity itself (everything but day and time of day)."""
    qs = visible_activities(municipality=municipality, now=now)
    qs = _full_text(qs, filters.q)
    if filters.age is not None:
        qs = qs.filter(Q(age_min__isnull=True) | Q(age_min__lte=filters.age)).filter(
            Q(age_max__isnull=True) | Q(age_max__gte=filters.age)
        )
    if filters.categories:
        qs = qs.filter(category__key__in=filters.categories)
    if filters.free:
        qs = qs.filter(price_type="free")
    elif filters.max_price_ore is not None:
        qs = qs.filter(price_from_ore__lte=filters.max_price_ore)
    if filters.card:
        qs = qs.filter(accepts_card=True)
    for fact in filters.access:
        if fact in AccessFact.values:
            qs = qs.filter(**{fact: True})
    if filters.language:
        qs = qs.filter(languages__contains=f",{filters.language},")
    if filters.target_group:
        qs = qs.filter(target_groups__contains=f",{filters.target_group},")
    if filters.trial:
        qs = qs.filter(has_trial_session=True)
    if filters.neighbourhood:
        qs = qs.filter(neighbourhood__slug=filters.neighbourhood)
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.venue_id:
        qs = qs.filter(venue_id=filters.venue_id)
    if filters.point is not None:
        lat, lon = filters.point
        if filters.radius_km:
            dlat = filters.radius_km / KM_PER_DEGREE
            dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
            qs = qs.filter(
                venue__latitude__gte=lat - dlat,
                venue__latitude__lte=lat + dlat,
                venue__longitude__gte=lon - dlon,
                venue__longitude__lte=lon + dlon,
            )
        else:
            qs = qs.filter(venue__latitude__isnull=False)
        # Squared equirectangular distance in degrees of latitude: exact enough for sorting within a municipality.
        coslat = math.cos(math.radians(lat))
        dy = Cast(F("venue__latitude"), FloatField()) - lat
        dx = (Cast(F("venue__longitude"), FloatField()) - lon) * coslat
        qs = qs.annotate(dist2=ExpressionWrapper(dy * dy + dx * dx, output_field=FloatField()))
        if filters.radius_km:
            qs = qs.filter(dist2__lte=(filters.radius_km / KM_PER_DEGREE) ** 2)
    return qs


def _join_sessions(filters: SearchFilters) -> bool:
    """Day and time filters are selective on sessions: then one join and a GROUP BY beats a subquery per activity.

    Measured with 5,000 activities and 100,000 sessions (docs/activities.md): with a day or time filter the join is
    3-6 times faster; with only activity filters (age, price, text) the index-backed subquery per activity wins.
    """
    return bool(filters.days or filters.times or filters.before)


def _filtered(*, municipality: Municipality, filters: SearchFilters, now: datetime.datetime) -> QuerySet[Activity]:
    """Matching activities that have at least one matching upcoming session."""
    qs = _activity_filtered(municipality=municipality, filters=filters, now=now)
    if _join_sessions(filters):
        return qs.filter(_session_filter(filters, now, prefix="sessions__"))
    return qs.filter(Exists(Session.objects.filter(_session_filter(filters, now), activity=OuterRef("pk"))))


def _ranked(*, municipality: Municipality, filters: SearchFilters, now: datetime.datetime) -> QuerySet[Any]:
    """Matching activities with their next matching session as `next_at` (rows of id and next_at)."""
    qs = _activity_filtered(municipality=municipality, filters=filters, now=now)
    if _join_sessions(filters):
        # Annotations after a filter on a multi-valued relation use the same join: the next *matching* session.
        joined = qs.filter(_session_filter(filters, now, prefix="sessions__"))
        return joined.values("id").annotate(next_at=Min("sessions__starts_at"))
    sessions = Session.objects.filter(_session_filter(filters, now), activity=OuterRef("pk")).order_by("starts_at")
    next_session: Any = Subquery(sessions.values("starts_at")[:1])
    if filters.before is None:
        # The stored next session is exact while it lies ahead (sessions only change through materialisation, which
        # refreshes it); once it has passed, the database falls back to the subquery for that activity only.
        next_session = Case(When(next_session_at__gte=now, then=F("next_session_at")), default=next_session)
    return qs.annotate(next_at=next_session).filter(next_at__isnull=False)


def activity_search(
    *,
    municipality: Municipality,
    filters: SearchFilters,
    page: int = 1,
    per_page: int = 20,
    now: datetime.datetime | None = None,
) -> SearchResult:
    now = now or timezone.now()
    qs = _ranked(municipality=municipality, filters=filters, now=now)
    sort = filters.sort if filters.sort in SORTS else "next"
    if sort == "distance" and filters.point is not None:
        ordering = ["dist2", "next_at", "title", "id"]
    elif sort == "title":
        ordering = ["title", "id"]
    else:
        ordering = ["next_at", "title", "id"]
    rows = list(qs.order_by(*ordering).values_list("id", "next_at"))
    count = len(rows)
    pages = max(1, math.ceil(count / per_page))
    page = min(max(1, page), pages)
    window = rows[(page - 1) * per_page : page * per_page]
    by_id = (
        Activity.objects.filter(pk__in=[r[0] for r in window])
        .select_related("organisation", "venue", "category", "neighbourhood", "municipality")
        .in_bulk()
    )
    hits = []
    for activity_id, next_at in window:
        activity = by_id[activity_id]
        distance = None
        if filters.point is not None and activity.venue.latitude is not None:
            distance = distance_km(
                filters.point[0],
                filters.point[1],
                float(activity.venue.latitude or 0),
                float(activity.venue.longitude or 0),
            )  # type: ignore[arg-type]
        hits.append(SearchHit(activity=activity, next_at=next_at, distance_km=distance))
    return SearchResult(count=count, hits=hits, page=page, pages=pages)


def activity_search_all(
    *, municipality: Municipality, filters: SearchFilters, limit: int = 500, now: datetime.datetime | None = None
) -> list[Activity]:
    """Every match (up to `limit`), with what feeds need: for calendar and JSON exports of a search."""
    now = now or timezone.now()
    qs = _ranked(municipality=municipality, filters=filters, now=now)
    ids = [row[0] for row in qs.order_by("next_at", "id").values_list("id", "next_at")[:limit]]
    by_id = (
        Activity.objects.filter(pk__in=ids)
        .select_related("organisation", "venue", "category", "municipality")
        .prefetch_related("schedules__cancellations")
        .in_bulk()
    )
    return [by_id[i] for i in ids]


def map_markers(
    *,
    municipality: Municipality,
    filters: SearchFilters,
    bbox: tuple[float, float, float, float] | None,
    now: datetime.datetime | None = None,
) -> list[dict[str, Any]]:
    """One marker per venue with the number of matching activities: markers grow with venues, not activities."""
    now = now or timezone.now()
    qs = _filtered(municipality=municipality, filters=filters, now=now).filter(venue__latitude__isnull=False)
    if bbox is not None:
        west, south, east, north = bbox
        qs = qs.filter(
            venue__latitude__gte=south,
            venue__latitude__lte=north,
            venue__longitude__gte=west,
            venue__longitude__lte=east,
        )
    rows = (
        qs.order_by()
        .values("venue_id", "venue__name", "venue__latitude", "venue__longitude")
        .annotate(count=Count("id", distinct=True))
        .order_by("venue__name")
    )
    return [
        {
            "venue": r["venue_id"],
            "name": r["venue__name"],
            "lat": float(r["venue__latitude"] or 0),
            "lon": float(r["venue__longitude"] or 0),
            "count": r["count"],
        }
        for r in rows[:2000]
    ]


def activity_get_public(*, municipality: Municipality, activity_id: int, user: Any) -> Activity | None:
    """A visible activity, or any activity of the municipality that the user may change (to preview drafts)."""
    activity = (
        Activity.objects.filter(municipality=municipality, pk=activity_id)
        .select_related("organisation", "venue", "category", "neighbourhood", "municipality")
        .prefetch_related("price_bands", "images", "schedules")
        .first()
    )
    if activity is None:
        return None
    if visible_activities(municipality=municipality).filter(pk=activity.pk).exists():
        return activity
    if user.has_perm("activities.change_activity", activity) or user.has_perm("activities.view_all", municipality):
        return activity
    return None


def upcoming_sessions(*, activity: Activity, limit: int = 10, now: datetime.datetime | None = None) -> list[Session]:
    now = now or timezone.now()
    return list(activity.sessions.filter(starts_at__gte=now, is_removed=False).order_by("starts_at")[:limit])


def sessions_this_week(
    *, municipality: Municipality, neighbourhood_slug: str = "", now: datetime.datetime | None = None, limit: int = 300
) -> list[Session]:
    """What's on in the next seven days (one row per session), optionally in one neighbourhood."""
    now = now or timezone.now()
    visible = visible_activities(municipality=municipality, now=now)
    if neighbourhood_slug:
        visible = visible.filter(neighbourhood__slug=neighbourhood_slug)
    return list(
        Session.objects.filter(
            municipality=municipality,
            activity__in=visible,
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(days=7),
            is_removed=False,
        )
        .select_related("activity__venue", "activity__organisation")
        .order_by("starts_at", "activity__title")[:limit]
    )


def manageable_activities(*, municipality: Municipality, user: User) -> QuerySet[Activity]:
    """Activities the user may change: all of the municipality's for its administrators, else their organisations'."""
    from sammen.accounts.roles import held_roles
    from sammen.organisations.models import MembershipRole

    qs = Activity.objects.filter(municipality=municipality).select_related("organisation", "venue", "category")
    if not user.has_perm("activities.view_all", municipality):
        qs = qs.filter(
            organisation_id__in=held_roles(user).memberships_in(municipality.pk, MembershipRole.REPRESENTATIVE)
        )
    return qs.order_by("status", "title")


def organisations_for(*, municipality: Municipality, user: User) -> QuerySet[Organisation]:
    """Organisations the user may list activities for."""
    from sammen.accounts.roles import held_roles
    from sammen.organisations.models import MembershipRole

    qs = Organisation.objects.filter(municipality=municipality).exclude(
        status__in=[OrganisationStatus.REJECTED, OrganisationStatus.SUSPENDED]
    )
    if user.has_perm("activities.manage_categories", municipality):
        return qs.order_by("name")
    return qs.filter(pk__in=held_roles(user).memberships_in(municipality.pk, MembershipRole.REPRESENTATIVE)).order_by(
        "name"
    )


def category_list(*, municipality: Municipality) -> QuerySet[Category]:
    return Category.objects.filter(municipality=municipality).order_by("order", "name")


def signups_for(*, activity: Activity) -> QuerySet[SignUp]:
    return activity.signups.exclude(status="cancelled").select_related("user").order_by("created_at", "id")


def guide_families(*, municipality: Municipality, user: User) -> QuerySet[GuideFamily]:
    """Only the guide's own families: never another guide's."""
    return (
        GuideFamily.objects.filter(municipality=municipality, guide__user=user, guide__is_active=True)
        .select_related("neighbourhood")
        .order_by("nickname")
    )


def family_matches(*, family: GuideFamily, limit: int = 10) -> SearchResult:
    filters = SearchFilters(
        age=family.child_age,
        categories=[c.key for c in family.interests.all()],
        neighbourhood=family.neighbourhood.slug if family.neighbourhood else "",
    )
    result = activity_search(municipality=family.municipality, filters=filters, per_page=limit)
    if result.count == 0 and filters.neighbourhood:
        filters.neighbourhood = ""
        result = activity_search(municipality=family.municipality, filters=filters, per_page=limit)
    return result
