"""Public pages of the equipment library: depots, the catalogue with availability, reserving, my loans, self-service."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view

from . import circulation, selectors, services
from .calendar import DepotCalendar, today_in
from .forms import AddToReservationForm, CatalogueFilterForm, PeriodForm, ReserveForm, parse_date
from .models import Depot, ItemType, Reservation
from .rules import depot_ids_in

PAGE_SIZE = 24
BASKET = "lending_basket"


def _default_period(depot: Depot | None, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    if depot is None or not depot.is_reservable:
        return today, today + datetime.timedelta(days=7)
    calendar = DepotCalendar.for_depot(depot)
    start = today + datetime.timedelta(days=depot.min_days_ahead)
    start = calendar.next_open_day(start) or start
    end = start + datetime.timedelta(days=7)
    end = calendar.next_open_day(end) or end
    return start, end


def _period(
    request: HttpRequest, form: PeriodForm, depot: Depot | None, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    basket = _basket(request, depot.municipality) if depot is not None else {}
    if basket.get("depot") == getattr(depot, "pk", None) and basket.get("start"):
        default = (datetime.date.fromisoformat(basket["start"]), datetime.date.fromisoformat(basket["end"]))
    else:
        default = _default_period(depot, today)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("start") and form.cleaned_data.get("end"):
        return form.cleaned_data["start"], form.cleaned_data["end"]
    return default


def _basket(request: HttpRequest, municipality: Municipality) -> dict[str, Any]:
    return dict(request.session.get(f"{BASKET}:{municipality.pk}") or {})


def _save_basket(request: HttpRequest, municipality: Municipality, basket: dict[str, Any] | None) -> None:
    key = f"{BASKET}:{municipality.pk}"
    if basket:
        request.session[key] = basket
    else:
        request.session.pop(key, None)


def _my_staff_depots(request: HttpRequest, municipality: Municipality) -> list[Depot]:
    if not request.user.is_authenticated or not request.user.has_perm("lending.view_staff_pages", municipality):
        return []
    return list(selectors.depots_for_staff(municipality=municipality, user=request.user))  # type: ignore[arg-type]


@municipality_view
def home(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    today = today_in(municipality)
    depots = list(selectors.depot_list(municipality=municipality))
    form = CatalogueFilterForm(request.GET or None, depots=depots)
    results = None
    start, end = today, today + datetime.timedelta(days=7)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("start") and data.get("end"):
            start, end = data["start"], data["end"]
        depot = next((d for d in depots if d.slug == data.get("depot")), None)
        item_types = selectors.catalogue(
            municipality=municipality, depot=depot, category=data.get("category", ""), query=data.get("q", "")
        )
        page = Paginator(item_types, PAGE_SIZE).get_page(request.GET.get("page"))
        availability = selectors.availability_for(item_type_ids=[t.pk for t in page], start=start, end=end, today=today)
        results = {"page": page, "availability": availability}
    calendars = {d.pk: DepotCalendar.for_depot(d) for d in depots}
    cards = [{"depot": d, "today": calendars[d.pk].hours_on(today)} for d in depots]
    return render(
        request,
        "lending/home.html",
        {
            "cards": cards,
            "form": form,
            "results": results,
            "start": start,
            "end": end,
            "staff_depots": _my_staff_depots(request, municipality),
            "can_manage": request.user.has_perm("lending.view_staff_pages", municipality),
        },
    )


def _get_depot(municipality: Municipality, depot_slug: str) -> Depot:
    depot = selectors.depot_get(municipality=municipality, slug=depot_slug)
    if depot is None:
        raise Http404
    return depot


@municipality_view
def depot_detail(request: HttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _get_depot(municipality, depot_slug)
    today = today_in(municipality)
    calendar = DepotCalendar.for_depot(depot)
    form = CatalogueFilterForm(request.GET or None)
    start, end = _period(request, form, depot, today)
    category = query = ""
    if form.is_bound and form.is_valid():
        category, query = form.cleaned_data.get("category", ""), form.cleaned_data.get("q", "")
    item_types = selectors.catalogue(municipality=municipality, depot=depot, category=category, query=query)
    page = Paginator(item_types, PAGE_SIZE).get_page(request.GET.get("page"))
    availability = selectors.availability_for(item_type_ids=[t.pk for t in page], start=start, end=end, today=today)
    week = [calendar.hours_on(today + datetime.timedelta(days=i)) for i in range(7)]
    basket = _basket(request, municipality)
    return render(
        request,
        "lending/depot.html",
        {
            "depot": depot,
            "form": form,
            "page": page,
            "availability": availability,
            "start": start,
            "end": end,
            "week": week,
            "exceptions": calendar.upcoming_exceptions(today),
            "basket_count": len(basket.get("lines", [])) if basket.get("depot") == depot.pk else 0,
            "can_use_desk": request.user.has_perm("lending.use_desk", depot),
        },
    )


@municipality_view
def item_detail(
    request: HttpRequest, *, municipality: Municipality, depot_slug: str, item_type_id: int
) -> HttpResponse:
    depot = _get_depot(municipality, depot_slug)
    item_type = selectors.item_type_get(municipality=municipality, depot=depot, item_type_id=item_type_id)
    if item_type is None:
        raise Http404
    today = today_in(municipality)
    period_form = PeriodForm(request.GET or None)
    start, end = _period(request, period_form, depot, today)
    availability = selectors.availability_for(item_type_ids=[item_type.pk], start=start, end=end, today=today).get(
        item_type.pk
    )
    sizes = availability.free_sizes if availability else []
    add_form = AddToReservationForm(request.POST or None, sizes=sizes)
    if request.method == "POST":
        if not depot.is_reservable:
            raise PermissionDenied
        start = parse_date(request.POST.get("start")) or start
        end = parse_date(request.POST.get("end")) or end
        if add_form.is_valid():
            basket = _basket(request, municipality)
            if basket.get("depot") != depot.pk:
                basket = {"depot": depot.pk, "lines": []}
            basket["start"], basket["end"] = start.isoformat(), end.isoformat()
            basket["lines"].append([item_type.pk, add_form.cleaned_data.get("size", "")])
            _save_basket(request, municipality, basket)
            messages.success(request, _("%(item)s is added to your reservation.") % {"item": item_type.name})
            return redirect(depot.get_absolute_url() + f"?start={start.isoformat()}&end={end.isoformat()}")
    return render(
        request,
        "lending/item.html",
        {
            "depot": depot,
            "item_type": item_type,
            "availability": availability,
            "start": start,
            "end": end,
            "period_form": period_form,
            "add_form": add_form,
            "sizes": sorted((availability.sizes.items() if availability else []), key=lambda kv: kv[0]),
        },
    )


def _basket_lines(basket: dict[str, Any], depot: Depot) -> list[tuple[int, ItemType, str]]:
    types = {
        t.pk: t for t in ItemType.objects.filter(depot=depot, pk__in=[line[0] for line in basket.get("lines", [])])
    }
    return [(i, types[line[0]], line[1]) for i, line in enumerate(basket.get("lines", [])) if line[0] in types]


@municipality_view
def reserve(request: HttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    """The resident's reservation: the chosen things and days, who it is for, then send it."""
    depot = _get_depot(municipality, depot_slug)
    if not depot.is_reservable:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    basket = _basket(request, municipality)
    if basket.get("depot") != depot.pk:
        basket = {"depot": depot.pk, "lines": []}
    today = today_in(municipality)
    default_start, default_end = _default_period(depot, today)
    start = parse_date(basket.get("start")) or default_start
    end = parse_date(basket.get("end")) or default_end
    borrower = selectors.borrower_for_user(municipality=municipality, user=user)  # type: ignore[arg-type]
    children = user.children.filter(municipality=municipality)  # type: ignore[union-attr]
    period_form = PeriodForm(initial={"start": start, "end": end}, prefix="period")
    form = ReserveForm(children=children, borrower=borrower)
    action = request.POST.get("action")
    if request.method == "POST" and action and action.startswith("remove-"):
        index = int(action.split("-", 1)[1]) if action.split("-", 1)[1].isdigit() else -1
        if 0 <= index < len(basket.get("lines", [])):
            basket["lines"].pop(index)
            _save_basket(request, municipality, basket if basket["lines"] else None)
            messages.success(request, _("The item is removed from your reservation."))
        return redirect("lending:reserve", municipality_slug=municipality.slug, depot_slug=depot.slug)
    if request.method == "POST" and action == "dates":
        period_form = PeriodForm(request.POST, prefix="period")
        if period_form.is_valid() and period_form.cleaned_data["start"] and period_form.cleaned_data["end"]:
            basket["start"] = period_form.cleaned_data["start"].isoformat()
            basket["end"] = period_form.cleaned_data["end"].isoformat()
            _save_basket(request, municipality, basket)
            messages.success(request, _("The days are changed."))
            return redirect("lending:reserve", municipality_slug=municipality.slug, depot_slug=depot.slug)
    if request.method == "POST" and action == "send":
        form = ReserveForm(request.POST, children=children, borrower=borrower)
        lines = _basket_lines(basket, depot)
        if not lines:
            form.add_error(None, _("Choose at least one thing to reserve."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                borrower = services.borrower_for_account(
                    actor=user,
                    municipality=municipality,
                    birth_year=data["birth_year"],
                    phone=data["phone"],  # type: ignore[arg-type]
                )
                minors = services.minors_for_children(
                    actor=user,
                    adult=borrower,
                    children=list(data.get("children") or []),  # type: ignore[arg-type]
                )
                reservation = circulation.reservation_create(
                    actor=user,  # type: ignore[arg-type]
                    depot=depot,
                    borrower=borrower,
                    start=start,
                    end=end,
                    lines=[circulation.Line(item_type, size) for _i, item_type, size in lines],
                    co_borrowers=minors,
                    note=data.get("note", ""),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and set(error.error_dict) & {"start_date", "end_date"}:
                    for key in ("start_date", "end_date"):
                        for message in error.error_dict.get(key, []):
                            form.add_error(None, message)
                else:
                    add_service_errors(form, error)
            else:
                _save_basket(request, municipality, None)
                if reservation.status == "confirmed":
                    messages.success(
                        request, _("Your reservation is confirmed. Welcome to %(depot)s!") % {"depot": depot.name}
                    )
                else:
                    messages.success(
                        request, _("Your reservation is sent. %(depot)s will confirm it soon.") % {"depot": depot.name}
                    )
                return redirect("lending:mine", municipality_slug=municipality.slug)
    calendar = DepotCalendar.for_depot(depot)
    return render(
        request,
        "lending/reserve.html",
        {
            "depot": depot,
            "lines": _basket_lines(basket, depot),
            "start": start,
            "end": end,
            "form": form,
            "period_form": period_form,
            "open_days": calendar.open_days(today + datetime.timedelta(days=depot.min_days_ahead), 6),
        },
    )


@municipality_view
def mine(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    data = selectors.my_lending(municipality=municipality, user=request.user)  # type: ignore[arg-type]
    return render(request, "lending/mine.html", {**data, "today": today_in(municipality)})


@municipality_view
@require_POST
def reservation_cancel(request: HttpRequest, *, municipality: Municipality, reservation_id: int) -> HttpResponse:
    reservation = get_object_or_404(
        Reservation.objects.select_related("borrower", "depot"), municipality=municipality, pk=reservation_id
    )
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("lending:mine", kwargs={"municipality_slug": municipality.slug}))
    try:
        circulation.reservation_cancel(actor=request.user, reservation=reservation)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your reservation is cancelled."))
    if (
        request.user.has_perm("lending.handle_reservations", reservation.depot)
        and reservation.borrower.user_id != request.user.pk
    ):
        return redirect(
            "lending:staff_reservations", municipality_slug=municipality.slug, depot_slug=reservation.depot.slug
        )
    return redirect("lending:mine", municipality_slug=municipality.slug)


# ---------------------------------------------------------------------------------------------------------------
# Self-service at unstaffed depots


@municipality_view
def self_service(request: HttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _get_depot(municipality, depot_slug)
    if not depot.is_self_service:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    today = today_in(municipality)
    borrower = selectors.borrower_for_user(municipality=municipality, user=user)  # type: ignore[arg-type]
    codes = [c for c in request.POST.getlist("codes") if c] if request.method == "POST" else []
    action = request.POST.get("action", "")
    error = ""
    register_form = ReserveForm(
        request.POST if action == "register" else None, children=user.children.none(), borrower=borrower
    )  # type: ignore[union-attr]
    if request.method == "POST" and action == "register" and register_form.is_valid():
        try:
            borrower = services.borrower_for_account(
                actor=user,
                municipality=municipality,  # type: ignore[arg-type]
                birth_year=register_form.cleaned_data["birth_year"],
                phone=register_form.cleaned_data["phone"],
            )
        except ValidationError as err:
            add_service_errors(register_form, err)
        else:
            return redirect("lending:self_service", municipality_slug=municipality.slug, depot_slug=depot.slug)
    due = circulation.default_due_date(depot=depot, item_types=[], today=today)
    if borrower is not None and request.method == "POST" and action in ("add", "borrow"):
        code = selectors.normalise_code(request.POST.get("code", ""))
        if action == "add" and code:
            try:
                circulation.check_unit_for_loan(depot=depot, code=code, borrower=borrower, due_date=due, today=today)
                if code not in codes:
                    codes.append(code)
            except ValidationError as err:
                error = " ".join(err.messages)
        elif codes:
            try:
                circulation.check_may_borrow(depot=depot, borrower=borrower, year=today.year)
                units = [selectors.unit_by_code(municipality=municipality, code=c) for c in codes]
                due = circulation.default_due_date(
                    depot=depot, item_types=[u.item_type for u in units if u], today=today
                )
                loan = circulation.loan_check_out(
                    actor=user,
                    depot=depot,
                    borrower=borrower,
                    codes=codes,
                    due_date=due,
                    self_service=True,  # type: ignore[arg-type]
                )
            except ValidationError as err:
                error = " ".join(err.messages)
            else:
                messages.success(
                    request,
                    _("You have borrowed %(count)s things. Bring them back by %(due)s.")
                    % {"count": len(codes), "due": circulation._day(loan.due_date)},
                )
                return redirect("lending:self_service", municipality_slug=municipality.slug, depot_slug=depot.slug)
        else:
            error = _("Scan or type a unit code.")
    if borrower is not None and request.method == "POST" and action == "return":
        try:
            booking = circulation.loan_check_in(
                actor=user,
                depot=depot,
                code=request.POST.get("return_code", ""),
                self_service_borrower=borrower,  # type: ignore[arg-type]
            )
        except ValidationError as err:
            error = " ".join(err.messages)
        else:
            messages.success(request, _("Thank you! %(code)s is returned.") % {"code": booking.unit.code})
            return redirect("lending:self_service", municipality_slug=municipality.slug, depot_slug=depot.slug)
    scanned = [selectors.unit_by_code(municipality=municipality, code=c) for c in codes]
    return render(
        request,
        "lending/self_service.html",
        {
            "depot": depot,
            "borrower": borrower,
            "register_form": register_form,
            "codes": codes,
            "scanned": [u for u in scanned if u],
            "error": error,
            "loans": list(selectors.loans_open(depot=depot, borrower=borrower)) if borrower else [],
        },
    )


def staff_depot_ids(request: HttpRequest, municipality: Municipality) -> set[int] | None:
    """None for administrators (every depot), else the depots the user works at."""
    if request.user.has_perm("lending.manage_depots", municipality):
        return None
    return depot_ids_in(request.user, municipality.pk)
