"""Reads for the equipment library: depots, the catalogue with live availability, borrowers, reservations, loans."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from sammen.accounts.models import User
from sammen.places.models import Municipality

from .models import (
    OPEN_RESERVATION,
    Booking,
    Borrower,
    Depot,
    ItemPhoto,
    ItemType,
    Loan,
    Reservation,
    ReservationStatus,
    Unit,
    UnitState,
)
from .rules import depot_ids_in

# ---------------------------------------------------------------------------------------------------------------
# Depots


def depot_list(*, municipality: Municipality, include_inactive: bool = False) -> QuerySet[Depot]:
    qs = Depot.objects.filter(municipality=municipality)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return (
        qs.select_related("venue", "neighbourhood", "municipality")
        .prefetch_related("hours", "exceptions")
        .order_by("name")
    )


def depot_get(*, municipality: Municipality, slug: str, include_inactive: bool = False) -> Depot | None:
    return depot_list(municipality=municipality, include_inactive=include_inactive).filter(slug=slug).first()


def depots_for_staff(*, municipality: Municipality, user: User) -> QuerySet[Depot]:
    """The depots whose staff pages the user may open: all for administrators, else the ones they work at."""
    qs = depot_list(municipality=municipality, include_inactive=True)
    if user.has_perm("lending.manage_depots", municipality):
        return qs
    return qs.filter(pk__in=depot_ids_in(user, municipality.pk), is_active=True)


# ---------------------------------------------------------------------------------------------------------------
# Availability

MAX_API_PERIOD_DAYS = 92


def busy_bookings(*, start: datetime.date, end: datetime.date, today: datetime.date) -> QuerySet[Booking]:
    """Active bookings that keep a unit from being lent for [start, end).

    A loan past its due day still holds its unit whatever the period: the thing is not on the shelf, and nobody
    knows when it comes back (decision 0501).
    """
    return Booking.objects.filter(is_active=True, start_date__lt=end).filter(
        Q(end_date__gt=start) | Q(loan__isnull=False, end_date__lte=today)
    )


def lendable_units() -> QuerySet[Unit]:
    return Unit.objects.filter(state=UnitState.IN_SERVICE)


@dataclass
class Availability:
    total: int = 0
    free: int = 0
    sizes: dict[str, list[int]] = field(default_factory=dict)  # size -> [total, free]

    @property
    def free_sizes(self) -> list[str]:
        return [size for size, (_total, free) in self.sizes.items() if free > 0 and size]


def availability_for(
    *,
    item_type_ids: list[int] | None = None,
    municipality: Municipality | None = None,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    by_size: bool = True,
) -> dict[int, Availability]:
    """Lendable and free units per item type (and size) for [start, end): two queries, whatever the number of types.

    Free = lendable units minus the units held by an active booking in the period. The lendable units are counted
    from a covering index; the busy ones come from the few active bookings (a partial index), never from the
    hundreds of thousands of finished ones.
    """
    units = lendable_units()
    busy = busy_bookings(start=start, end=end, today=today).filter(unit__state=UnitState.IN_SERVICE)
    if item_type_ids is not None:
        units = units.filter(item_type_id__in=item_type_ids)
        busy = busy.filter(item_type_id__in=item_type_ids)
    if municipality is not None:
        units = units.filter(municipality=municipality)
        busy = busy.filter(municipality=municipality)
    result: dict[int, Availability] = {}
    for row in units.values("item_type_id", "size").annotate(n=Count("id")).order_by("item_type_id", "size"):
        entry = result.setdefault(row["item_type_id"], Availability())
        entry.total += row["n"]
        entry.free += row["n"]
        if by_size:
            entry.sizes[row["size"]] = [row["n"], row["n"]]
    held = busy.values("item_type_id", "unit__size").annotate(n=Count("unit_id", distinct=True)).order_by()
    for busy_row in held:
        busy_entry = result.get(busy_row["item_type_id"])
        if busy_entry is None:
            continue
        busy_entry.free -= busy_row["n"]
        if by_size and busy_row["unit__size"] in busy_entry.sizes:
            busy_entry.sizes[busy_row["unit__size"]][1] -= busy_row["n"]
    return result


def free_units(
    *,
    item_type: ItemType,
    size: str,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    exclude: set[int] | None = None,
) -> QuerySet[Unit]:
    busy = busy_bookings(start=start, end=end, today=today).filter(unit_id=OuterRef("pk"))
    qs = lendable_units().filter(item_type=item_type).exclude(Exists(busy))
    if size:
        qs = qs.filter(size=size)
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    return qs.order_by("code")


# ---------------------------------------------------------------------------------------------------------------
# Catalogue


def catalogue(
    *,
    municipality: Municipality,
    depot: Depot | None = None,
    category: str = "",
    query: str = "",
) -> QuerySet[ItemType]:
    qs = ItemType.objects.filter(municipality=municipality, is_active=True, depot__is_active=True)
    if depot is not None:
        qs = qs.filter(depot=depot)
    if category:
        qs = qs.filter(category=category)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return (
        qs.select_related("depot", "municipality")
        .prefetch_related(Prefetch("photos", queryset=ItemPhoto.objects.order_by("order", "id")))
        .order_by("category", "name", "depot__name", "id")
    )


def item_type_get(*, municipality: Municipality, depot: Depot, item_type_id: int) -> ItemType | None:
    return (
        ItemType.objects.filter(municipality=municipality, depot=depot, pk=item_type_id, is_active=True)
        .select_related("depot", "municipality")
        .prefetch_related("photos")
        .first()
    )


def item_types_for_staff(*, depot: Depot) -> QuerySet[ItemType]:
    return (
        ItemType.objects.filter(depot=depot)
        .annotate(
            unit_count=Count("units", filter=Q(units__state=UnitState.IN_SERVICE), distinct=True),
            repair_count=Count("units", filter=Q(units__state=UnitState.IN_REPAIR), distinct=True),
        )
        .order_by("category", "name")
    )


def unit_by_code(*, municipality: Municipality, code: str) -> Unit | None:
    return (
        Unit.objects.filter(municipality=municipality, code=normalise_code(code))
        .select_related("item_type", "item_type__depot")
        .first()
    )


def normalise_code(code: str) -> str:
    return re.sub(r"\s+", "", code or "").upper()


# ---------------------------------------------------------------------------------------------------------------
# Borrowers


def phone_digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def borrower_search(*, municipality: Municipality, query: str, limit: int = 10) -> list[Borrower]:
    """Find by card number (exact), phone (digits), name or e-mail; adults and organisations first."""
    query = (query or "").strip()
    if not query:
        return []
    qs = Borrower.objects.filter(municipality=municipality, is_erased=False)
    card = Borrower.objects.filter(municipality=municipality, is_erased=False, card_number=normalise_code(query))
    exact = list(card[:1])
    if exact:
        return exact
    digits = phone_digits(query)
    condition = Q(full_name__icontains=query) | Q(email__icontains=query) | Q(organisation_name__icontains=query)
    if len(digits) >= 4:
        condition |= Q(phone__contains=digits)
    return list(
        qs.filter(condition)
        .select_related("responsible_adult")
        .order_by("responsible_adult_id", "full_name", "id")[:limit]
    )


def borrower_get(*, municipality: Municipality, borrower_id: int) -> Borrower | None:
    return (
        Borrower.objects.filter(municipality=municipality, pk=borrower_id)
        .select_related("responsible_adult", "id_checked_by", "organisation", "user")
        .first()
    )


def borrower_for_user(*, municipality: Municipality, user: User) -> Borrower | None:
    return Borrower.objects.filter(
        municipality=municipality, user=user, responsible_adult__isnull=True, is_erased=False
    ).first()


def items_held(*, borrower: Borrower, exclude_reservation: Reservation | None = None) -> int:
    """Units out on loan or held by open reservations: what counts against the depot's maximum."""
    qs = Booking.objects.filter(is_active=True).filter(
        Q(loan__borrower=borrower) | Q(loan__isnull=True, reservation__borrower=borrower)
    )
    if exclude_reservation is not None:
        qs = qs.exclude(reservation=exclude_reservation, loan__isnull=True)
    return qs.count()


# ---------------------------------------------------------------------------------------------------------------
# Reservations and loans


def reservation_list(
    *, depot: Depot, statuses: tuple[str, ...] = OPEN_RESERVATION, since: datetime.date | None = None
) -> QuerySet[Reservation]:
    qs = Reservation.objects.filter(depot=depot, status__in=statuses)
    if since is not None:
        qs = qs.filter(end_date__gte=since)
    return (
        qs.select_related("borrower")
        .prefetch_related(
            Prefetch("bookings", queryset=Booking.objects.select_related("unit", "item_type").order_by("id")),
            "co_borrowers",
        )
        .order_by("start_date", "id")
    )


def reservations_to_collect(*, borrower: Borrower, depot: Depot, today: datetime.date) -> list[Reservation]:
    return list(
        Reservation.objects.filter(
            borrower=borrower,
            depot=depot,
            status__in=OPEN_RESERVATION,
            start_date__lte=today + datetime.timedelta(days=7),
            end_date__gt=today,
        )
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(is_active=True, loan__isnull=True).select_related("unit", "item_type"),
            )
        )
        .order_by("start_date")
    )


def loans_open(*, depot: Depot | None = None, borrower: Borrower | None = None) -> QuerySet[Loan]:
    qs = Loan.objects.filter(closed_at__isnull=True)
    if depot is not None:
        qs = qs.filter(depot=depot)
    if borrower is not None:
        qs = qs.filter(borrower=borrower)
    return qs.select_related("borrower", "depot").prefetch_related(
        Prefetch("bookings", queryset=Booking.objects.select_related("unit", "item_type").order_by("id"))
    )


def overdue_loans(*, municipality: Municipality, today: datetime.date, depot_ids: set[int] | None = None) -> Any:
    qs = Loan.objects.filter(municipality=municipality, closed_at__isnull=True, due_date__lt=today)
    if depot_ids is not None:
        qs = qs.filter(depot_id__in=depot_ids)
    return (
        qs.select_related("borrower", "depot")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(is_active=True).select_related("unit", "item_type").order_by("id"),
            ),
            "reminders",
        )
        .order_by("due_date", "id")
    )


def loans_to_review(*, municipality: Municipality, depot_ids: set[int] | None = None) -> QuerySet[Loan]:
    qs = Loan.objects.filter(municipality=municipality, needs_review=True)
    if depot_ids is not None:
        qs = qs.filter(depot_id__in=depot_ids)
    return (
        qs.select_related("borrower", "depot")
        .prefetch_related(
            Prefetch("bookings", queryset=Booking.objects.select_related("unit", "item_type").order_by("id"))
        )
        .order_by("checked_out_at")
    )


def my_lending(*, municipality: Municipality, user: User) -> dict[str, Any]:
    borrower = borrower_for_user(municipality=municipality, user=user)
    if borrower is None:
        return {"borrower": None, "reservations": [], "loans": []}
    reservations = (
        Reservation.objects.filter(borrower=borrower)
        .exclude(status=ReservationStatus.COLLECTED)
        .select_related("depot")
        .prefetch_related(Prefetch("bookings", queryset=Booking.objects.select_related("unit", "item_type")))
        .order_by("-start_date")[:20]
    )
    loans = loans_open(borrower=borrower).order_by("due_date")
    return {"borrower": borrower, "reservations": list(reservations), "loans": list(loans)}


def recent_returns(*, depot: Depot, since: datetime.datetime, limit: int = 10) -> list[Booking]:
    return list(
        Booking.objects.filter(depot=depot, returned_at__gte=since)
        .select_related("unit", "item_type", "loan__borrower")
        .order_by("-returned_at")[:limit]
    )
