"""Reads for the volunteer exchange. Every selector takes the municipality (or a record that belongs to one)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from sammen.accounts.roles import held_roles
from sammen.organisations.models import MembershipRole, OrganisationStatus
from sammen.places.models import Municipality, Neighbourhood

from . import matching
from .models import (
    Actor,
    Agreement,
    AgreementStatus,
    ContactRequest,
    EventParticipant,
    EventRole,
    ExchangeEvent,
    FollowUp,
    Listing,
    ListingStatus,
    ParticipantStatus,
    RequestStatus,
    Shift,
    ShiftSignup,
    SignupStatus,
    Tag,
    Visibility,
    VolunteerTask,
)

# ---------------------------------------------------------------------------------------------------------------
# Who is looking


@dataclass(frozen=True)
class Viewer:
    """The person looking at the exchange, resolved once per request: which actors they act for, and whether
    they run the exchange for the municipality."""

    user: Any
    actor_ids: frozenset[int] = frozenset()
    is_staff: bool = False

    @property
    def is_actor(self) -> bool:
        return bool(self.actor_ids)

    @property
    def sees_actor_only_listings(self) -> bool:
        return self.is_staff or self.is_actor


def actors_for_user(*, municipality: Municipality, user: Any) -> list[Actor]:
    """The active actors a person acts for here: their volunteer profile and the organisations they represent."""
    if user is None or not user.is_authenticated:
        return []
    organisation_ids = held_roles(user).memberships_in(municipality.pk, MembershipRole.REPRESENTATIVE)
    return list(
        Actor.objects.filter(municipality=municipality, is_active=True)
        .filter(
            Q(user=user) | Q(organisation_id__in=organisation_ids, organisation__status=OrganisationStatus.APPROVED)
        )
        .select_related("organisation", "neighbourhood")
        .order_by(Coalesce("organisation__name", "display_name"))
    )


def volunteer_profile(*, municipality: Municipality, user: Any) -> Actor | None:
    if user is None or not user.is_authenticated:
        return None
    return Actor.objects.filter(municipality=municipality, user=user).first()


def viewer_for(*, municipality: Municipality, user: Any) -> Viewer:
    actors = actors_for_user(municipality=municipality, user=user)
    is_staff = bool(user is not None and user.is_authenticated and user.has_perm("exchange.view_reports", municipality))
    return Viewer(user=user, actor_ids=frozenset(a.pk for a in actors), is_staff=is_staff)


def _public_actor_q(prefix: str = "") -> Q:
    """Actors whose offers and needs may be shown: active, and their organisation approved."""
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}organisation__isnull": True})
        | Q(**{f"{prefix}organisation__status": OrganisationStatus.APPROVED})
    )


# ---------------------------------------------------------------------------------------------------------------
# Actors


def actor_list(*, municipality: Municipality, kind: str = "", query: str = "") -> QuerySet[Actor]:
    """Actors shown in the public directory: organisations only; volunteers are not listed by name."""
    qs = (
        Actor.objects.filter(municipality=municipality, organisation__isnull=False)
        .filter(_public_actor_q())
        .select_related("municipality", "organisation", "neighbourhood")
        .annotate(
            open_offers=Count("listings", filter=Q(listings__side="offer", listings__status=ListingStatus.OPEN)),
            open_needs=Count("listings", filter=Q(listings__side="need", listings__status=ListingStatus.OPEN)),
        )
        .order_by(Lower("organisation__name"))
    )
    if kind == "business":
        qs = qs.filter(organisation__kind="business")
    elif kind == "municipal":
        qs = qs.filter(organisation__kind="municipal_unit")
    elif kind == "organisation":
        qs = qs.exclude(organisation__kind__in=["business", "municipal_unit"])
    if query:
        qs = qs.filter(Q(organisation__name__icontains=query) | Q(about__icontains=query))
    return qs


def actor_get(*, municipality: Municipality, actor_id: int) -> Actor | None:
    return (
        Actor.objects.filter(municipality=municipality, pk=actor_id)
        .select_related("organisation", "neighbourhood", "venue", "user")
        .first()
    )


def actor_choices(*, municipality: Municipality) -> QuerySet[Actor]:
    """Every active actor, for staff pickers (invitations, agreements), sorted by name."""
    return (
        Actor.objects.filter(municipality=municipality)
        .filter(_public_actor_q())
        .select_related("organisation")
        .order_by(Lower(Coalesce("organisation__name", "display_name")))
    )


def actors_may_see_contact(*, viewer: Viewer, actor: Actor) -> bool:
    """An organisation's contact is public; a volunteer's only to themselves, staff, and actors they agreed with."""
    if actor.organisation_id is not None or viewer.is_staff or actor.pk in viewer.actor_ids:
        return True
    if not viewer.actor_ids:
        return False
    accepted = ContactRequest.objects.filter(status=RequestStatus.ACCEPTED).filter(
        Q(from_actor=actor, to_actor_id__in=viewer.actor_ids) | Q(to_actor=actor, from_actor_id__in=viewer.actor_ids)
    )
    agreed = Agreement.objects.filter(
        Q(party_a=actor, party_b_id__in=viewer.actor_ids) | Q(party_b=actor, party_a_id__in=viewer.actor_ids)
    )
    return accepted.exists() or agreed.exists()


# ---------------------------------------------------------------------------------------------------------------
# Offers and needs


def _visible_listing_q(viewer: Viewer) -> Q:
    visible = _public_actor_q("actor__")
    if not viewer.sees_actor_only_listings:
        visible &= Q(visibility=Visibility.PUBLIC)
    return visible | Q(actor_id__in=viewer.actor_ids)


def listing_search(
    *,
    municipality: Municipality,
    viewer: Viewer,
    query: str = "",
    side: str = "",
    category: str = "",
    neighbourhood: Neighbourhood | None = None,
    tag: str = "",
    kind: str = "",
    event: ExchangeEvent | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Listing]:
    """Open, current offers and needs the viewer may see, newest first. A neighbourhood filter also finds
    offers and needs for the whole municipality."""
    today = today or timezone.localdate()
    qs = (
        Listing.objects.filter(municipality=municipality, status=ListingStatus.OPEN)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(_visible_listing_q(viewer))
        .select_related("municipality", "actor__organisation", "neighbourhood", "event")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("-created_at", "-id")
    )
    if query:
        qs = qs.filter(
            Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(actor__organisation__name__icontains=query)
            | Q(tags__name=query.lower())
        ).distinct()
    if side:
        qs = qs.filter(side=side)
    if category:
        qs = qs.filter(category=category)
    if neighbourhood is not None:
        qs = qs.filter(Q(neighbourhood=neighbourhood) | Q(neighbourhood__isnull=True))
    if tag:
        qs = qs.filter(tags__name=tag.lower())
    if kind == "volunteer":
        qs = qs.filter(actor__user__isnull=False)
    elif kind == "business":
        qs = qs.filter(actor__organisation__kind="business")
    elif kind == "municipal":
        qs = qs.filter(actor__organisation__kind="municipal_unit")
    elif kind == "organisation":
        qs = qs.filter(actor__organisation__isnull=False).exclude(
            actor__organisation__kind__in=["business", "municipal_unit"]
        )
    if event is not None:
        qs = qs.filter(event=event)
    return qs


def listing_get_visible(*, municipality: Municipality, listing_id: int, viewer: Viewer) -> Listing | None:
    """A listing the viewer may open: any of the viewer's own, else visible ones (closed ones too)."""
    qs = Listing.objects.filter(municipality=municipality, pk=listing_id).select_related(
        "actor__organisation", "actor__neighbourhood", "neighbourhood", "venue", "event"
    )
    if not viewer.is_staff:
        qs = qs.filter(_visible_listing_q(viewer))
    return qs.prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name"))).first()


def listings_for_actors(*, actor_ids: frozenset[int] | set[int]) -> QuerySet[Listing]:
    return (
        Listing.objects.filter(actor_id__in=actor_ids)
        .select_related("actor__organisation", "event")
        .annotate(pending_requests=Count("contact_requests", filter=Q(contact_requests__status=RequestStatus.PENDING)))
        .order_by("status", "-created_at")
    )


MATCH_CANDIDATES = 500


def match_list(*, listing: Listing, viewer: Viewer, limit: int = 10, today: datetime.date | None = None) -> list:
    """The best answers to an offer (needs) or a need (offers), highest score first, with the reason."""
    today = today or timezone.localdate()
    own_tags = [t.name for t in listing.tags.all()]
    candidates = list(
        Listing.objects.filter(municipality_id=listing.municipality_id, status=ListingStatus.OPEN)
        .exclude(side=listing.side)
        .exclude(actor_id=listing.actor_id)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(_visible_listing_q(viewer))
        .filter(Q(category=listing.category) | Q(tags__name__in=own_tags))
        .select_related("municipality", "actor__organisation", "neighbourhood", "venue")
        .distinct()
        .order_by("-created_at")[:MATCH_CANDIDATES]
    )
    tag_names: dict[int, list[str]] = defaultdict(list)
    tag_names[listing.pk] = own_tags
    ids = [c.pk for c in candidates]
    for listing_id, name in Listing.tags.through.objects.filter(listing_id__in=ids).values_list(
        "listing_id", "tag__name"
    ):
        tag_names[listing_id].append(name)
    return matching.rank(listing, candidates, tag_names, limit)


def tag_cloud(*, municipality: Municipality, limit: int = 30) -> list[tuple[str, int]]:
    rows = (
        Tag.objects.filter(municipality=municipality, listings__status=ListingStatus.OPEN)
        .annotate(n=Count("listings"))
        .order_by("-n", "name")
        .values_list("name", "n")[:limit]
    )
    return list(rows)


# ---------------------------------------------------------------------------------------------------------------
# Contact requests


def requests_for_actors(*, actor_ids: frozenset[int] | set[int]) -> tuple[list[ContactRequest], list[ContactRequest]]:
    base = ContactRequest.objects.select_related(
        "listing", "from_actor__organisation", "to_actor__organisation", "own_listing"
    ).order_by("-created_at")
    received = list(base.filter(to_actor_id__in=actor_ids)[:100])
    sent = list(base.filter(from_actor_id__in=actor_ids)[:100])
    return received, sent


def request_get(*, municipality: Municipality, request_id: int) -> ContactRequest | None:
    return (
        ContactRequest.objects.filter(municipality=municipality, pk=request_id)
        .select_related("listing", "from_actor__organisation", "to_actor__organisation", "from_actor__user")
        .first()
    )


# ---------------------------------------------------------------------------------------------------------------
# Agreements


def _agreement_qs() -> QuerySet[Agreement]:
    return Agreement.objects.select_related(
        "municipality", "party_a__organisation", "party_b__organisation", "event", "registered_by"
    ).order_by("-created_at", "-id")


def agreement_list(
    *,
    municipality: Municipality,
    viewer: Viewer,
    status: str = "",
    event: ExchangeEvent | None = None,
) -> QuerySet[Agreement]:
    """Staff see every agreement; others the ones their actors are party to, or that they registered."""
    qs = _agreement_qs().filter(municipality=municipality)
    if not viewer.is_staff:
        # Organisers and brokers see their event's agreements.
        organised = list(_event_roles_of(viewer.user))
        qs = qs.filter(
            Q(party_a_id__in=viewer.actor_ids)
            | Q(party_b_id__in=viewer.actor_ids)
            | Q(event_id__in=organised)
            | Q(registered_by_id=getattr(viewer.user, "pk", None))
        )
    if status:
        qs = qs.filter(status=status)
    if event is not None:
        qs = qs.filter(event=event)
    return qs


def agreements_for_actors(*, municipality: Municipality, actor_ids: frozenset[int] | set[int]) -> QuerySet[Agreement]:
    return (
        _agreement_qs()
        .filter(municipality=municipality)
        .filter(Q(party_a_id__in=actor_ids) | Q(party_b_id__in=actor_ids))
    )


def _event_roles_of(user: Any) -> dict[int, set[str]]:
    from .rules import event_roles

    return event_roles(user)


def agreement_get(*, municipality: Municipality, agreement_id: int) -> Agreement | None:
    return (
        _agreement_qs()
        .filter(municipality=municipality, pk=agreement_id)
        .select_related("offer", "need", "party_a__user", "party_b__user")
        .first()
    )


def follow_ups_due(*, municipality: Municipality, until: datetime.date) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(agreement__municipality=municipality, done_at__isnull=True, due_on__lte=until)
        .select_related("agreement__party_a__organisation", "agreement__party_b__organisation", "assignee")
        .order_by("due_on", "id")
    )


# ---------------------------------------------------------------------------------------------------------------
# Events


def event_list(*, municipality: Municipality, include_unpublished: bool = False) -> QuerySet[ExchangeEvent]:
    qs = (
        ExchangeEvent.objects.filter(municipality=municipality)
        .select_related("municipality", "venue", "neighbourhood")
        .annotate(
            attending=Count("participants", filter=Q(participants__status=ParticipantStatus.ATTENDING), distinct=True),
            agreement_count=Count("agreements", filter=~Q(agreements__status=AgreementStatus.CANCELLED), distinct=True),
        )
        .order_by("-starts_at")
    )
    if not include_unpublished:
        qs = qs.filter(is_published=True)
    return qs


def event_get(*, municipality: Municipality, event_id: int) -> ExchangeEvent | None:
    return (
        ExchangeEvent.objects.filter(municipality=municipality, pk=event_id)
        .select_related("venue", "neighbourhood")
        .first()
    )


def event_upcoming(*, municipality: Municipality, now: datetime.datetime | None = None) -> ExchangeEvent | None:
    now = now or timezone.now()
    return (
        ExchangeEvent.objects.filter(municipality=municipality, is_published=True, ends_at__gte=now)
        .select_related("venue")
        .order_by("starts_at")
        .first()
    )


def event_participants(*, event: ExchangeEvent) -> list[EventParticipant]:
    return list(
        event.participants.select_related("actor__organisation")
        .annotate(
            offers=Count("actor__listings", filter=Q(actor__listings__event=event, actor__listings__side="offer")),
            needs=Count("actor__listings", filter=Q(actor__listings__event=event, actor__listings__side="need")),
        )
        .order_by(Lower(Coalesce("actor__organisation__name", "actor__display_name")))
    )


def event_party_choices(*, event: ExchangeEvent) -> list[Actor]:
    """Who a broker can pick at the event: every actor that is coming or invited (not those who declined)."""
    return list(
        Actor.objects.filter(event_participations__event=event)
        .exclude(event_participations__status=ParticipantStatus.DECLINED)
        .select_related("organisation")
        .order_by(Lower(Coalesce("organisation__name", "display_name")))
    )


def event_role_list(*, event: ExchangeEvent) -> list[EventRole]:
    return list(event.roles.select_related("user").order_by("role", "user__email"))


@dataclass
class LiveCount:
    count: int
    recent: list[Agreement]
    goal: int | None


def event_live(*, event: ExchangeEvent, recent: int = 8) -> LiveCount:
    live = Agreement.objects.filter(event=event).exclude(status=AgreementStatus.CANCELLED)
    latest = list(
        live.select_related("party_a__organisation", "party_b__organisation").order_by("-created_at")[:recent]
    )
    return LiveCount(count=live.count(), recent=latest, goal=event.agreement_goal)


@dataclass
class EventReport:
    event: ExchangeEvent
    agreements: list[Agreement]
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    participants: list[EventParticipant]
    agreements_per_actor: dict[int, int]
    offers: int
    needs: int
    without_follow_up: int
    brokers: list[tuple[str, int]] = field(default_factory=list)


def event_report(*, event: ExchangeEvent) -> EventReport:
    from .models import Category

    agreements = list(
        Agreement.objects.filter(event=event)
        .select_related("municipality", "party_a__organisation", "party_b__organisation", "registered_by")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_on")))
        .order_by("created_at", "id")
    )
    live = [a for a in agreements if a.status != AgreementStatus.CANCELLED]
    categories = Counter(a.category for a in live)
    statuses = Counter(a.status for a in agreements)
    per_actor: Counter[int] = Counter()
    brokers: Counter[str] = Counter()
    for a in live:
        per_actor[a.party_a_id] += 1
        per_actor[a.party_b_id] += 1
        if a.registered_by is not None:
            brokers[a.registered_by.get_full_name()] += 1
    sides = Counter(Listing.objects.filter(event=event).values_list("side", flat=True))
    participants = event_participants(event=event)
    for participant in participants:
        participant.agreement_count = per_actor.get(participant.actor_id, 0)  # type: ignore[attr-defined]
    return EventReport(
        event=event,
        agreements=agreements,
        by_category=[(str(Category(c).label), n) for c, n in categories.most_common()],
        by_status=[(str(AgreementStatus(s).label), n) for s, n in statuses.most_common()],
        participants=participants,
        agreements_per_actor=dict(per_actor),
        offers=sides.get("offer", 0),
        needs=sides.get("need", 0),
        without_follow_up=sum(1 for a in live if not a.follow_ups.all()),
        brokers=brokers.most_common(),
    )


def events_for_user(*, municipality: Municipality, user: Any) -> list[ExchangeEvent]:
    roles = _event_roles_of(user)
    if not roles:
        return []
    return list(ExchangeEvent.objects.filter(municipality=municipality, pk__in=roles).order_by("-starts_at"))


# ---------------------------------------------------------------------------------------------------------------
# Volunteer tasks and hours


def task_search(
    *,
    municipality: Municipality,
    query: str = "",
    neighbourhood: Neighbourhood | None = None,
    tag: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[VolunteerTask]:
    """Published tasks with shifts still to come, the soonest first."""
    now = now or timezone.now()
    upcoming = Q(shifts__starts_at__gte=now, shifts__is_cancelled=False)
    qs = (
        VolunteerTask.objects.filter(municipality=municipality, is_published=True)
        .filter(_public_actor_q("actor__"))
        .annotate(
            next_shift=Min("shifts__starts_at", filter=upcoming), upcoming_shifts=Count("shifts", filter=upcoming)
        )
        .filter(upcoming_shifts__gt=0)
        .select_related("municipality", "actor__organisation", "neighbourhood", "venue")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .order_by("next_shift", "id")
    )
    if query:
        qs = qs.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(actor__organisation__name__icontains=query)
        )
    if neighbourhood is not None:
        qs = qs.filter(Q(neighbourhood=neighbourhood) | Q(neighbourhood__isnull=True))
    if tag:
        qs = qs.filter(tags__name=tag.lower())
    return qs


def task_get(*, municipality: Municipality, task_id: int) -> VolunteerTask | None:
    return (
        VolunteerTask.objects.filter(municipality=municipality, pk=task_id)
        .select_related("actor__organisation", "neighbourhood", "venue")
        .prefetch_related("tags")
        .first()
    )


def task_shifts(
    *, task: VolunteerTask, upcoming_only: bool = True, now: datetime.datetime | None = None
) -> QuerySet[Shift]:
    now = now or timezone.now()
    qs = task.shifts.annotate(taken=Count("signups", filter=Q(signups__status=SignupStatus.ACTIVE))).order_by(
        "starts_at"
    )
    if upcoming_only:
        qs = qs.filter(starts_at__gte=now, is_cancelled=False)
    return qs


def tasks_for_actors(*, actor_ids: frozenset[int] | set[int]) -> QuerySet[VolunteerTask]:
    return (
        VolunteerTask.objects.filter(actor_id__in=actor_ids)
        .select_related("actor__organisation")
        .annotate(shift_count=Count("shifts"))
        .order_by("title")
    )


def shift_roster(*, task: VolunteerTask) -> list[Shift]:
    return list(
        task.shifts.prefetch_related(
            Prefetch(
                "signups",
                queryset=ShiftSignup.objects.filter(status=SignupStatus.ACTIVE)
                .select_related("volunteer__user")
                .order_by("created_at"),
                to_attr="active_signups",
            )
        ).order_by("starts_at")
    )


def signups_for_volunteer(*, volunteer: Actor) -> list[ShiftSignup]:
    return list(
        volunteer.signups.select_related("shift__task__actor__organisation")
        .filter(status=SignupStatus.ACTIVE)
        .order_by("-shift__starts_at")
    )


@dataclass
class HoursHistory:
    signups: list[ShiftSignup]
    upcoming: list[ShiftSignup]
    past: list[tuple[ShiftSignup, Decimal]]
    total: Decimal
    by_year: list[tuple[int, Decimal]]


def volunteer_hours(*, volunteer: Actor, now: datetime.datetime | None = None) -> HoursHistory:
    now = now or timezone.now()
    signups = signups_for_volunteer(volunteer=volunteer)
    upcoming = [s for s in signups if s.shift.ends_at > now and not s.shift.is_cancelled]
    upcoming.reverse()
    past = [(s, s.hours_for(now)) for s in signups if s.shift.ends_at <= now]
    years: dict[int, Decimal] = defaultdict(Decimal)
    for signup, hours in past:
        years[timezone.localtime(signup.shift.starts_at).year] += hours
    return HoursHistory(
        signups=signups,
        upcoming=upcoming,
        past=past,
        total=sum((h for _s, h in past), Decimal("0")),
        by_year=sorted(years.items(), reverse=True),
    )


def hours_by_organisation(
    *, municipality: Municipality, year: int, now: datetime.datetime | None = None
) -> list[tuple[str, int, Decimal]]:
    """Volunteer hours given through each organisation's tasks in a year: (organisation, volunteers, hours)."""
    now = now or timezone.now()
    signups = ShiftSignup.objects.filter(
        shift__task__municipality=municipality,
        status=SignupStatus.ACTIVE,
        shift__starts_at__year=year,
        shift__ends_at__lte=now,
    ).select_related("shift__task__actor__organisation")
    hours: dict[str, Decimal] = defaultdict(Decimal)
    people: dict[str, set[int]] = defaultdict(set)
    for signup in signups:
        name = signup.shift.task.actor.name
        hours[name] += signup.hours_for(now)
        people[name].add(signup.volunteer_id)
    return sorted(((n, len(people[n]), h) for n, h in hours.items()), key=lambda row: (-row[2], row[0]))


# ---------------------------------------------------------------------------------------------------------------
# The municipality's overview


@dataclass
class Overview:
    actors: int
    open_offers: int
    open_needs: int
    agreements_by_status: list[tuple[str, int]]
    follow_ups_due: list[FollowUp]
    events: list[ExchangeEvent]
    hours: list[tuple[str, int, Decimal]]
    year: int


def overview(*, municipality: Municipality, today: datetime.date | None = None) -> Overview:
    today = today or timezone.localdate()
    sides = Counter(
        Listing.objects.filter(municipality=municipality, status=ListingStatus.OPEN).values_list("side", flat=True)
    )
    statuses = Counter(Agreement.objects.filter(municipality=municipality).values_list("status", flat=True))
    return Overview(
        actors=Actor.objects.filter(municipality=municipality).filter(_public_actor_q()).count(),
        open_offers=sides.get("offer", 0),
        open_needs=sides.get("need", 0),
        agreements_by_status=[(str(s.label), statuses.get(s.value, 0)) for s in AgreementStatus],
        follow_ups_due=list(follow_ups_due(municipality=municipality, until=today + datetime.timedelta(days=14))[:50]),
        events=list(event_list(municipality=municipality, include_unpublished=True)[:10]),
        hours=hours_by_organisation(municipality=municipality, year=today.year),
        year=today.year,
    )
