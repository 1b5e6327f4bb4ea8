"""The desk: find or register the borrower, scan units, lend; scan units to take them back.

Built for a keyboard or a barcode scanner (which types the code and presses Enter): every step is a form whose
first button is the one Enter presses. The scanned codes travel in the form itself, so the page works the same
with HTMX (only the panel is replaced) and without JavaScript (the whole page is sent back).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.places.models import Municipality
from sammen.places.tenancy import staff_view

from . import circulation, selectors, services
from .calendar import today_in
from .forms import BorrowerForm, BorrowerSearchForm, CheckinForm, parse_date
from .models import Borrower, Depot


def _desk_depot(request: AuthedHttpRequest, municipality: Municipality, depot_slug: str) -> Depot:
    depot = selectors.depot_get(municipality=municipality, slug=depot_slug)
    if depot is None:
        raise Http404
    if not request.user.has_perm("lending.use_desk", depot):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return depot


def _basket_key(depot: Depot, borrower: Borrower) -> str:
    return f"lending_desk:{depot.pk}:{borrower.pk}"


def _basket(request: AuthedHttpRequest, depot: Depot, borrower: Borrower | None) -> list[str]:
    """The units scanned so far for this borrower at this desk: kept in the session, so each scan sends one code
    and a fast scanner's requests, queued one after another, never overwrite each other's list."""
    if borrower is None:
        return []
    return list(request.session.get(_basket_key(depot, borrower), []))


def _save_basket(request: AuthedHttpRequest, depot: Depot, borrower: Borrower, codes: list[str]) -> None:
    key = _basket_key(depot, borrower)
    if codes:
        request.session[key] = codes
    else:
        request.session.pop(key, None)


def _desk_url(municipality: Municipality, depot: Depot, borrower: Borrower | None = None) -> str:
    url = reverse("lending:desk", kwargs={"municipality_slug": municipality.slug, "depot_slug": depot.slug})
    return f"{url}?borrower={borrower.pk}" if borrower is not None else url


def _lend_context(
    request: AuthedHttpRequest,
    *,
    municipality: Municipality,
    depot: Depot,
    borrower: Borrower | None,
    codes: list[str],
    due_date: datetime.date | None = None,
    error: str = "",
    field_errors: dict[str, list[str]] | None = None,
    chosen_minors: list[int] | None = None,
) -> dict[str, Any]:
    today = today_in(municipality)
    scanned = []
    for code in codes:
        unit = selectors.unit_by_code(municipality=municipality, code=code)
        if unit is not None:
            scanned.append(unit)
    default_due = circulation.default_due_date(depot=depot, item_types=[u.item_type for u in scanned], today=today)
    context: dict[str, Any] = {
        "depot": depot,
        "borrower": borrower,
        "codes": [u.code for u in scanned],
        "scanned": scanned,
        "due_date": due_date or default_due,
        "max_due": today + datetime.timedelta(days=depot.max_loan_days),
        "error": error,
        "field_errors": field_errors or {},
        "chosen_minors": chosen_minors or [],
        "today": today,
    }
    if borrower is not None:
        context.update(
            {
                "minors": list(borrower.minors.filter(is_erased=False)) if borrower.kind == "person" else [],
                "open_loans": list(selectors.loans_open(borrower=borrower)),
                "to_collect": selectors.reservations_to_collect(borrower=borrower, depot=depot, today=today),
                "no_shows": borrower.reservations.filter(status="no_show").count(),
                "held": selectors.items_held(borrower=borrower),
                "limit": circulation.item_limit(depot, borrower),
            }
        )
    return context


@staff_view("lending.view_staff_pages")
def desk(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _desk_depot(request, municipality, depot_slug)
    borrower = None
    borrower_id = request.GET.get("borrower")
    if borrower_id and borrower_id.isdigit():
        borrower = selectors.borrower_get(municipality=municipality, borrower_id=int(borrower_id))
    search = BorrowerSearchForm(request.GET if "q" in request.GET else None)
    results: list[Borrower] | None = None
    if search.is_bound and search.is_valid() and borrower is None:
        results = selectors.borrower_search(municipality=municipality, query=search.cleaned_data["q"])
        # One match (a scanned card, a full number or a unique name) is chosen at once: no extra key press.
        exact = len(results) == 1
        if exact and not request.htmx:  # type: ignore[attr-defined]
            return redirect(_desk_url(municipality, depot, results[0]))
        if exact:
            borrower, results = results[0], None
    context = _lend_context(
        request, municipality=municipality, depot=depot, borrower=borrower, codes=_basket(request, depot, borrower)
    )
    context.update(
        {
            "search": search,
            "results": results,
            "checkin_form": CheckinForm(),
            "returns": selectors.recent_returns(depot=depot, since=timezone.now() - datetime.timedelta(hours=12)),
        }
    )
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "lending/desk.html#lend_panel", context)
        if borrower is not None:
            response["HX-Push-Url"] = _desk_url(municipality, depot, borrower)
        return response
    return render(request, "lending/desk.html", context)


@staff_view("lending.view_staff_pages")
@require_POST
def desk_checkout(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _desk_depot(request, municipality, depot_slug)
    borrower_id = request.POST.get("borrower", "")
    borrower = (
        selectors.borrower_get(municipality=municipality, borrower_id=int(borrower_id))
        if borrower_id.isdigit()
        else None
    )
    if borrower is None:
        messages.error(request, _("Choose the borrower first."))
        return redirect(_desk_url(municipality, depot))
    codes = _basket(request, depot, borrower)
    code = selectors.normalise_code(request.POST.get("code", ""))
    action = request.POST.get("action", "add")
    due_date = parse_date(request.POST.get("due_date"))
    minor_ids = [int(i) for i in request.POST.getlist("co_borrowers") if i.isdigit()]
    error = ""
    field_errors: dict[str, list[str]] = {}
    today = today_in(municipality)
    if action.startswith("remove-"):
        removed = action.split("-", 1)[1]
        codes = [c for c in codes if c != removed]
    elif action == "add" and code:
        if code in codes:
            error = _("%(code)s is already on the list.") % {"code": code}
        else:
            try:
                scan = circulation.check_unit_for_loan(
                    depot=depot,
                    code=code,
                    borrower=borrower,
                    due_date=due_date if due_date and due_date > today else today + datetime.timedelta(days=1),
                    today=today,
                )
            except ValidationError as err:
                error = " ".join(err.messages)
            else:
                codes.append(scan.unit.code)
    elif action in ("add", "complete") and codes:
        # Enter in an empty scan field, or the button: lend what is on the list.
        minors = list(borrower.minors.filter(pk__in=minor_ids))
        try:
            loan = circulation.loan_check_out(
                actor=request.user,
                depot=depot,
                borrower=borrower,
                codes=codes,
                due_date=due_date,  # type: ignore[arg-type]
                co_borrowers=minors,
                id_checked=request.POST.get("id_checked") == "on",
            )
        except ValidationError as err:
            if hasattr(err, "error_dict"):
                field_errors = {k: [m for e in v for m in e.messages] for k, v in err.error_dict.items()}
            error = " ".join(err.messages)
        else:
            _save_basket(request, depot, borrower, [])
            messages.success(
                request,
                _("%(count)s items lent to %(name)s, due back %(due)s.")
                % {"count": len(codes), "name": str(borrower), "due": circulation._day(loan.due_date)},
            )
            if request.htmx:  # type: ignore[attr-defined]
                response = HttpResponse(status=204)
                response["HX-Redirect"] = _desk_url(municipality, depot)
                return response
            return redirect(_desk_url(municipality, depot))
    elif action == "add":
        error = _("Scan or type a unit code.")
    added = code if action == "add" and code and not error else ""
    _save_basket(request, depot, borrower, codes)
    context = _lend_context(
        request,
        municipality=municipality,
        depot=depot,
        borrower=borrower,
        codes=codes,
        due_date=due_date,
        error=error,
        field_errors=field_errors,
        chosen_minors=minor_ids,
    )
    context["added"] = next((u for u in context["scanned"] if u.code == added), None)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "lending/desk.html#lend_list", context)
    context.update(
        {
            "search": BorrowerSearchForm(),
            "checkin_form": CheckinForm(),
            "returns": selectors.recent_returns(depot=depot, since=timezone.now() - datetime.timedelta(hours=12)),
        }
    )
    return render(request, "lending/desk.html", context)


@staff_view("lending.view_staff_pages")
@require_POST
def desk_checkin(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _desk_depot(request, municipality, depot_slug)
    form = CheckinForm(request.POST)
    returned = None
    still_out: list[Any] = []
    if form.is_valid():
        try:
            returned = circulation.loan_check_in(actor=request.user, depot=depot, **form.cleaned_data)
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            loan = returned.loan
            still_out = list(loan.bookings.filter(is_active=True).select_related("unit", "item_type")) if loan else []
            form = CheckinForm(initial={"condition": "good"})
    context = {
        "depot": depot,
        "checkin_form": form,
        "returned": returned,
        "still_out": still_out,
        "returns": selectors.recent_returns(depot=depot, since=timezone.now() - datetime.timedelta(hours=12)),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "lending/desk.html#return_results", context)
    if returned is not None:
        messages.success(request, _("%(code)s is returned.") % {"code": returned.unit.code})
        return redirect(_desk_url(municipality, depot))
    context.update(_lend_context(request, municipality=municipality, depot=depot, borrower=None, codes=[]))
    context["search"] = BorrowerSearchForm()
    return render(request, "lending/desk.html", context)


@staff_view("lending.view_staff_pages")
def desk_borrower_new(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _desk_depot(request, municipality, depot_slug)
    form = BorrowerForm(
        request.POST or None, municipality=municipality, initial={"language": municipality.default_language}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        id_checked = data.pop("id_checked", False)
        try:
            borrower = services.borrower_create(
                actor=request.user, municipality=municipality, id_checked=id_checked, **data
            )
        except ValidationError as err:
            add_service_errors(form, err)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": str(borrower)})
            return redirect(_desk_url(municipality, depot, borrower))
    return render(request, "lending/desk_borrower_form.html", {"depot": depot, "form": form})
