"""Equipment library API: the catalogue and live availability (open to everyone), desk operations (staff)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from sammen.accounts.api_auth import staff_auth
from sammen.places.tenancy import get_municipality_or_404

from . import circulation, selectors
from .calendar import today_in
from .models import Depot
from .selectors import MAX_API_PERIOD_DAYS

router = Router(tags=["lending"])


class DepotOut(Schema):
    slug: str
    name: str
    mode: str
    is_self_service: bool
    address: str
    neighbourhood: str | None
    min_days_ahead: int
    max_days_ahead: int
    max_loan_days: int
    url: str

    @staticmethod
    def resolve_neighbourhood(obj: Depot) -> str | None:
        return obj.neighbourhood.slug if obj.neighbourhood else None

    @staticmethod
    def resolve_url(obj: Depot) -> str:
        return obj.get_absolute_url()


class SizeOut(Schema):
    size: str
    total: int
    free: int


class ItemTypeOut(Schema):
    id: int
    depot: str
    category: str
    name: str
    description: str
    language: str
    min_age: int | None
    max_age: int | None
    default_loan_days: int


class AvailabilityOut(Schema):
    item_type: int
    depot: str
    name: str
    category: str
    total: int
    free: int
    sizes: list[SizeOut]


class CheckOutIn(Schema):
    borrower_id: int
    codes: list[str]
    due_date: datetime.date
    co_borrower_ids: list[int] = []
    id_checked: bool = False


class LoanOut(Schema):
    id: int
    depot: str
    borrower_id: int
    start_date: datetime.date
    due_date: datetime.date
    units: list[str]
    is_open: bool


class CheckInIn(Schema):
    code: str
    condition: str = "good"
    note: str = ""


class ReturnOut(Schema):
    code: str
    loan_id: int
    loan_closed: bool


def _period(
    municipality: object, start: datetime.date | None, end: datetime.date | None
) -> tuple[datetime.date, datetime.date, datetime.date]:
    today = today_in(municipality)  # type: ignore[arg-type]
    start = start or today
    end = end or start + datetime.timedelta(days=7)
    if end <= start:
        raise ValidationError({"end": _("The last day must come after the first day.")})
    if (end - start).days > MAX_API_PERIOD_DAYS:
        raise ValidationError({"end": _("Choose a period of at most %(days)s days.") % {"days": MAX_API_PERIOD_DAYS}})
    return start, end, today


def _loan_out(loan: object) -> LoanOut:
    return LoanOut(
        id=loan.pk,  # type: ignore[attr-defined]
        depot=loan.depot.slug,  # type: ignore[attr-defined]
        borrower_id=loan.borrower_id,  # type: ignore[attr-defined]
        start_date=loan.start_date,  # type: ignore[attr-defined]
        due_date=loan.due_date,  # type: ignore[attr-defined]
        units=sorted(b.unit.code for b in loan.bookings.select_related("unit")),  # type: ignore[attr-defined]
        is_open=loan.closed_at is None,  # type: ignore[attr-defined]
    )


@router.get("/municipalities/{municipality_slug}/depots", response=list[DepotOut])
def depots(request: HttpRequest, municipality_slug: str) -> object:
    return selectors.depot_list(municipality=get_municipality_or_404(municipality_slug))


@router.get("/municipalities/{municipality_slug}/item-types", response=list[ItemTypeOut])
def item_types(
    request: HttpRequest, municipality_slug: str, depot: str = "", category: str = "", q: str = ""
) -> object:
    municipality = get_municipality_or_404(municipality_slug)
    chosen = selectors.depot_get(municipality=municipality, slug=depot) if depot else None
    if depot and chosen is None:
        raise Http404
    return [
        ItemTypeOut(
            id=t.pk,
            depot=t.depot.slug,
            category=t.category,
            name=t.name,
            description=t.description,
            language=t.language,
            min_age=t.min_age,
            max_age=t.max_age,
            default_loan_days=t.default_loan_days,
        )
        for t in selectors.catalogue(municipality=municipality, depot=chosen, category=category, query=q[:100])
    ]


@router.get("/municipalities/{municipality_slug}/availability", response=list[AvailabilityOut])
def availability(
    request: HttpRequest,
    municipality_slug: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    depot: str = "",
) -> object:
    """Free units per item type (and size) for [start, end): every depot of the municipality, or one."""
    municipality = get_municipality_or_404(municipality_slug)
    start, end, today = _period(municipality, start, end)
    types = selectors.catalogue(municipality=municipality).prefetch_related(None)
    if depot:
        types = types.filter(depot__slug=depot)
    rows = list(types.order_by("id").values("id", "name", "category", "depot__slug"))
    counts = selectors.availability_for(municipality=municipality, start=start, end=end, today=today)
    result: list[dict[str, object]] = []
    for row in rows:
        entry = counts.get(row["id"])
        result.append(
            {
                "item_type": row["id"],
                "depot": row["depot__slug"],
                "name": row["name"],
                "category": row["category"],
                "total": entry.total if entry else 0,
                "free": entry.free if entry else 0,
                "sizes": [
                    {"size": size, "total": total, "free": free}
                    for size, (total, free) in sorted((entry.sizes if entry else {}).items())
                ],
            }
        )
    # Built from plain values: validating 2,000 rows through the schema again would cost more than the query.
    return JsonResponse(result, safe=False)


def _desk_depot(request: HttpRequest, municipality_slug: str, depot_slug: str) -> Depot:
    municipality = get_municipality_or_404(municipality_slug)
    depot = selectors.depot_get(municipality=municipality, slug=depot_slug)
    if depot is None:
        raise Http404
    if not request.user.has_perm("lending.use_desk", depot):
        raise PermissionDenied
    return depot


@router.post(
    "/municipalities/{municipality_slug}/depots/{depot_slug}/check-out", response={201: LoanOut}, auth=staff_auth
)
def check_out(request: HttpRequest, municipality_slug: str, depot_slug: str, payload: CheckOutIn) -> object:
    depot = _desk_depot(request, municipality_slug, depot_slug)
    borrower = selectors.borrower_get(municipality=depot.municipality, borrower_id=payload.borrower_id)
    if borrower is None:
        raise ValidationError({"borrower_id": _("No such borrower.")})
    loan = circulation.loan_check_out(
        actor=request.user,  # type: ignore[arg-type]
        depot=depot,
        borrower=borrower,
        codes=payload.codes,
        due_date=payload.due_date,
        co_borrowers=list(borrower.minors.filter(pk__in=payload.co_borrower_ids)),
        id_checked=payload.id_checked,
    )
    return 201, _loan_out(loan)


@router.post("/municipalities/{municipality_slug}/depots/{depot_slug}/check-in", response=ReturnOut, auth=staff_auth)
def check_in(request: HttpRequest, municipality_slug: str, depot_slug: str, payload: CheckInIn) -> object:
    depot = _desk_depot(request, municipality_slug, depot_slug)
    booking = circulation.loan_check_in(
        actor=request.user,  # type: ignore[arg-type]
        depot=depot,
        code=payload.code,
        condition=payload.condition,
        note=payload.note,
    )
    loan = booking.loan
    assert loan is not None
    loan.refresh_from_db()
    return ReturnOut(code=booking.unit.code, loan_id=loan.pk, loan_closed=loan.closed_at is not None)


@router.get("/municipalities/{municipality_slug}/depots/{depot_slug}/loans", response=list[LoanOut], auth=staff_auth)
def open_loans(request: HttpRequest, municipality_slug: str, depot_slug: str, overdue: bool = False) -> object:
    depot = _desk_depot(request, municipality_slug, depot_slug)
    loans = selectors.loans_open(depot=depot).order_by("due_date", "id")
    if overdue:
        loans = loans.filter(due_date__lt=today_in(depot.municipality))
    return [_loan_out(loan) for loan in loans[:500]]
