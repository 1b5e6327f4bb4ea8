"""Staff pages: depots and their hours and people, the catalogue, reservations, loans, borrowers, overdue loans,
self-service review and statistics."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.places.models import Municipality
from sammen.places.tenancy import staff_view

from . import circulation, selectors, services
from .calendar import today_in
from .forms import (
    BorrowerForm,
    BorrowerSearchForm,
    DeclineForm,
    DepotForm,
    ExtendForm,
    ItemTypeForm,
    LostForm,
    MinorForm,
    OpeningExceptionForm,
    OpeningHoursForm,
    PhotoForm,
    ReviewForm,
    StaffAddForm,
    StatisticsFilterForm,
    UnitForm,
    UnitsAddForm,
)
from .models import Booking, Depot, DepotStaff, ItemPhoto, ItemType, Loan, OpeningException, Reservation, Unit
from .statistics import export_note, lending_statistics, statistics_csv, statistics_xlsx
from .views import staff_depot_ids


def _depot(request: AuthedHttpRequest, municipality: Municipality, depot_slug: str, permission: str) -> Depot:
    depot = selectors.depot_get(municipality=municipality, slug=depot_slug, include_inactive=True)
    if depot is None:
        raise Http404
    if not request.user.has_perm(permission, depot):
        raise PermissionDenied
    return depot


@staff_view("lending.view_staff_pages")
def staff_home(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    depots = list(selectors.depots_for_staff(municipality=municipality, user=request.user))
    today = today_in(municipality)
    ids = staff_depot_ids(request, municipality)
    return render(
        request,
        "lending/staff/home.html",
        {
            "depots": depots,
            "can_manage": request.user.has_perm("lending.manage_depots", municipality),
            "overdue_count": selectors.overdue_loans(municipality=municipality, today=today, depot_ids=ids).count(),
            "review_count": selectors.loans_to_review(municipality=municipality, depot_ids=ids).count(),
            "requested": {
                row["depot_id"]: row["n"]
                for row in Reservation.objects.filter(depot__in=depots, status="requested")
                .values("depot_id")
                .annotate(n=Count("id"))
            },
        },
    )


@staff_view("lending.manage_depots")
def depot_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = DepotForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            depot = services.depot_create(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is created. Now set its opening hours.") % {"name": depot.name})
            return redirect("lending:staff_depot_hours", municipality_slug=municipality.slug, depot_slug=depot.slug)
    return render(request, "lending/staff/depot_form.html", {"form": form, "depot": None})


@staff_view("lending.manage_depots")
def depot_edit(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.change_depot")
    form = DepotForm(request.POST or None, instance=Depot.objects.get(pk=depot.pk), municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            depot = services.depot_update(actor=request.user, depot=Depot.objects.get(pk=depot.pk), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The depot's settings are saved."))
            return redirect("lending:staff_home", municipality_slug=municipality.slug)
    return render(request, "lending/staff/depot_form.html", {"form": form, "depot": depot})


@staff_view("lending.manage_depots")
def depot_hours(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.change_depot")
    action = request.POST.get("action")
    hours_form = OpeningHoursForm(request.POST if action == "hours" else None, depot=depot)
    exception_form = OpeningExceptionForm(request.POST if action == "exception" else None, prefix="exception")
    if action == "hours" and hours_form.is_valid():
        try:
            services.opening_hours_set(actor=request.user, depot=depot, hours=hours_form.hours())
        except ValidationError as error:
            add_service_errors(hours_form, error)
        else:
            messages.success(request, _("The opening hours are saved."))
            return redirect("lending:staff_depot_hours", municipality_slug=municipality.slug, depot_slug=depot.slug)
    if action == "exception" and exception_form.is_valid():
        try:
            services.opening_exception_add(actor=request.user, depot=depot, **exception_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(exception_form, error)
        else:
            messages.success(request, _("The exception is added."))
            return redirect("lending:staff_depot_hours", municipality_slug=municipality.slug, depot_slug=depot.slug)
    return render(
        request,
        "lending/staff/depot_hours.html",
        {
            "depot": depot,
            "hours_form": hours_form,
            "exception_form": exception_form,
            "exceptions": depot.exceptions.order_by("start_date"),
        },
    )


@staff_view("lending.manage_depots")
@require_POST
def depot_exception_remove(
    request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str, exception_id: int
) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.change_depot")
    exception = get_object_or_404(OpeningException, depot=depot, pk=exception_id)
    services.opening_exception_remove(actor=request.user, exception=exception)
    messages.success(request, _("The exception is removed."))
    return redirect("lending:staff_depot_hours", municipality_slug=municipality.slug, depot_slug=depot.slug)


@staff_view("lending.manage_depots")
def depot_people(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.change_depot")
    form = StaffAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.depot_staff_add(actor=request.user, depot=depot, email=form.cleaned_data["email"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person is added."))
            return redirect("lending:staff_depot_people", municipality_slug=municipality.slug, depot_slug=depot.slug)
    return render(
        request,
        "lending/staff/depot_people.html",
        {"depot": depot, "form": form, "people": depot.staff.select_related("user").order_by("user__email")},
    )


@staff_view("lending.manage_depots")
@require_POST
def depot_people_remove(
    request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str, depot_staff_id: int
) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.change_depot")
    membership = get_object_or_404(DepotStaff.objects.select_related("user", "depot"), depot=depot, pk=depot_staff_id)
    services.depot_staff_remove(actor=request.user, membership=membership)
    messages.success(request, _("The person is removed."))
    return redirect("lending:staff_depot_people", municipality_slug=municipality.slug, depot_slug=depot.slug)


# ---------------------------------------------------------------------------------------------------------------
# Catalogue


@staff_view("lending.view_staff_pages")
def catalogue(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.manage_catalogue")
    form = ItemTypeForm(request.POST or None, initial={"language": municipality.default_language})
    if request.method == "POST" and form.is_valid():
        try:
            item_type = services.item_type_create(actor=request.user, depot=depot, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except IntegrityError:
            form.add_error("name", _("The depot already has an item type with this name."))
        else:
            messages.success(request, _("%(name)s is added. Now add its units.") % {"name": item_type.name})
            return redirect(
                "lending:staff_item_type",
                municipality_slug=municipality.slug,
                depot_slug=depot.slug,
                item_type_id=item_type.pk,
            )
    return render(
        request,
        "lending/staff/catalogue.html",
        {"depot": depot, "item_types": selectors.item_types_for_staff(depot=depot), "form": form},
    )


@staff_view("lending.view_staff_pages")
def item_type_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str, item_type_id: int
) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.manage_catalogue")
    item_type = get_object_or_404(ItemType, depot=depot, pk=item_type_id)
    action = request.POST.get("action")
    form = ItemTypeForm(request.POST if action == "details" else None, instance=ItemType.objects.get(pk=item_type.pk))
    units_form = UnitsAddForm(request.POST if action == "units" else None, prefix="units")
    photo_form = PhotoForm(
        request.POST if action == "photo" else None, request.FILES if action == "photo" else None, prefix="photo"
    )
    url = ("lending:staff_item_type", municipality.slug, depot.slug, item_type.pk)
    if action == "details" and form.is_valid():
        try:
            services.item_type_update(actor=request.user, item_type=item_type, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except IntegrityError:
            form.add_error("name", _("The depot already has an item type with this name."))
        else:
            messages.success(request, _("The item type is saved."))
            return redirect(url[0], municipality_slug=url[1], depot_slug=url[2], item_type_id=url[3])
    if action == "units" and units_form.is_valid():
        try:
            units = services.units_add(
                actor=request.user,
                item_type=item_type,
                sizes=units_form.cleaned_data["size_list"],
                codes=units_form.cleaned_data["code_list"] or None,
                condition=units_form.cleaned_data["condition"],
            )
        except ValidationError as error:
            add_service_errors(units_form, error)
        else:
            messages.success(
                request,
                _("%(count)s units are added: %(codes)s.")
                % {"count": len(units), "codes": ", ".join(u.code for u in units)},
            )
            return redirect(url[0], municipality_slug=url[1], depot_slug=url[2], item_type_id=url[3])
    if action == "photo" and photo_form.is_valid():
        try:
            services.item_photo_add(actor=request.user, item_type=item_type, **photo_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(photo_form, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect(url[0], municipality_slug=url[1], depot_slug=url[2], item_type_id=url[3])
    return render(
        request,
        "lending/staff/item_type.html",
        {
            "depot": depot,
            "item_type": item_type,
            "form": form,
            "units_form": units_form,
            "photo_form": photo_form,
            "units": item_type.units.order_by("code"),
            "photos": item_type.photos.all(),
            "out": set(
                Booking.objects.filter(item_type=item_type, is_active=True, loan__isnull=False).values_list(
                    "unit_id", flat=True
                )
            ),
        },
    )


@staff_view("lending.view_staff_pages")
@require_POST
def photo_remove(
    request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str, photo_id: int
) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.manage_catalogue")
    photo = get_object_or_404(ItemPhoto.objects.select_related("item_type__depot"), item_type__depot=depot, pk=photo_id)
    services.item_photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect(
        "lending:staff_item_type",
        municipality_slug=municipality.slug,
        depot_slug=depot.slug,
        item_type_id=photo.item_type_id,
    )


@staff_view("lending.view_staff_pages")
def unit_edit(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str, unit_id: int) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.manage_catalogue")
    unit = get_object_or_404(Unit.objects.select_related("item_type"), item_type__depot=depot, pk=unit_id)
    form = UnitForm(request.POST or None, instance=Unit.objects.get(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(code)s is saved.") % {"code": unit.code})
            return redirect(
                "lending:staff_item_type",
                municipality_slug=municipality.slug,
                depot_slug=depot.slug,
                item_type_id=unit.item_type_id,
            )
    history = unit.bookings.filter(loan__isnull=False).select_related("loan__borrower").order_by("-start_date")[:20]
    return render(request, "lending/staff/unit.html", {"depot": depot, "unit": unit, "form": form, "history": history})


# ---------------------------------------------------------------------------------------------------------------
# Reservations and loans


@staff_view("lending.view_staff_pages")
def reservations(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.handle_reservations")
    today = today_in(municipality)
    open_reservations = list(selectors.reservation_list(depot=depot, since=today - datetime.timedelta(days=14)))
    return render(
        request,
        "lending/staff/reservations.html",
        {
            "depot": depot,
            "requested": [r for r in open_reservations if r.status == "requested"],
            "confirmed": [r for r in open_reservations if r.status == "confirmed"],
            "today": today,
        },
    )


@staff_view("lending.view_staff_pages")
def reservation_detail(
    request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str, reservation_id: int
) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.handle_reservations")
    reservation = get_object_or_404(
        Reservation.objects.select_related("borrower", "depot__municipality"), depot=depot, pk=reservation_id
    )
    action = request.POST.get("action")
    decline_form = DeclineForm(request.POST if action == "decline" else None)
    if request.method == "POST":
        try:
            if action == "confirm":
                circulation.reservation_confirm(actor=request.user, reservation=reservation)
                messages.success(request, _("The reservation is confirmed and the borrower is told."))
            elif action == "decline":
                if not decline_form.is_valid():
                    raise ValidationError({"reason": _("Tell the borrower why, so they know what to do.")})
                circulation.reservation_decline(
                    actor=request.user, reservation=reservation, reason=decline_form.cleaned_data["reason"]
                )
                messages.success(request, _("The reservation is declined and the borrower is told."))
            elif action == "no_show":
                circulation.reservation_no_show(actor=request.user, reservation=reservation)
                messages.success(request, _("The reservation is marked as not collected; its units are free again."))
            elif action == "cancel":
                circulation.reservation_cancel(actor=request.user, reservation=reservation)
                messages.success(request, _("The reservation is cancelled and the borrower is told."))
            else:
                raise Http404
        except ValidationError as error:
            if action == "decline":
                add_service_errors(decline_form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
        else:
            return redirect("lending:staff_reservations", municipality_slug=municipality.slug, depot_slug=depot.slug)
    return render(
        request,
        "lending/staff/reservation.html",
        {
            "depot": depot,
            "reservation": reservation,
            "bookings": reservation.bookings.select_related("unit", "item_type", "loan"),
            "decline_form": decline_form,
            "today": today_in(municipality),
        },
    )


@staff_view("lending.view_staff_pages")
def loans(request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.use_desk")
    page = Paginator(selectors.loans_open(depot=depot).order_by("due_date", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "lending/staff/loans.html", {"depot": depot, "page": page, "today": today_in(municipality)})


@staff_view("lending.view_staff_pages")
def loan_detail(
    request: AuthedHttpRequest, *, municipality: Municipality, depot_slug: str, loan_id: int
) -> HttpResponse:
    depot = _depot(request, municipality, depot_slug, "lending.use_desk")
    loan = get_object_or_404(
        Loan.objects.select_related("borrower", "depot__municipality", "checked_out_by"), depot=depot, pk=loan_id
    )
    action = request.POST.get("action", "")
    extend_form = ExtendForm(request.POST if action == "extend" else None, initial={"due_date": loan.due_date})
    lost_form = LostForm(request.POST if action.startswith("lost-") else None)
    review_form = ReviewForm(request.POST if action == "review" else None)
    if request.method == "POST":
        try:
            if action == "extend" and extend_form.is_valid():
                circulation.loan_extend(actor=request.user, loan=loan, due_date=extend_form.cleaned_data["due_date"])
                messages.success(request, _("The loan is extended."))
                return redirect(request.path)
            if action.startswith("lost-") and lost_form.is_valid():
                booking = get_object_or_404(
                    Booking, loan=loan, pk=action.split("-", 1)[1] if action.split("-", 1)[1].isdigit() else 0
                )
                circulation.booking_mark_lost(actor=request.user, booking=booking, note=lost_form.cleaned_data["note"])
                messages.success(request, _("The unit is marked as lost."))
                return redirect(request.path)
            if action == "review" and review_form.is_valid():
                circulation.loan_review(actor=request.user, loan=loan, note=review_form.cleaned_data["note"])
                messages.success(request, _("The loan is reviewed."))
                return redirect("lending:staff_review", municipality_slug=municipality.slug)
        except ValidationError as error:
            target = {"extend": extend_form, "review": review_form}.get(action, lost_form)
            add_service_errors(target, error)
    return render(
        request,
        "lending/staff/loan.html",
        {
            "depot": depot,
            "loan": loan,
            "bookings": loan.bookings.select_related("unit", "item_type", "returned_to"),
            "extend_form": extend_form,
            "lost_form": lost_form,
            "review_form": review_form,
            "reminders": loan.reminders.all(),
            "today": today_in(municipality),
        },
    )


@staff_view("lending.view_staff_pages")
def overdue(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    today = today_in(municipality)
    loans = selectors.overdue_loans(
        municipality=municipality, today=today, depot_ids=staff_depot_ids(request, municipality)
    )
    page = Paginator(loans, 50).get_page(request.GET.get("page"))
    return render(request, "lending/staff/overdue.html", {"page": page, "today": today})


@staff_view("lending.view_staff_pages")
def review_queue(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    loans = selectors.loans_to_review(municipality=municipality, depot_ids=staff_depot_ids(request, municipality))
    return render(request, "lending/staff/review.html", {"loans": loans, "form": ReviewForm()})


# ---------------------------------------------------------------------------------------------------------------
# Borrowers


@staff_view("lending.view_borrowers")
def borrowers(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = BorrowerSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        results = selectors.borrower_search(municipality=municipality, query=form.cleaned_data["q"], limit=50)
    return render(request, "lending/staff/borrowers.html", {"form": form, "results": results})


@staff_view("lending.view_borrowers")
def borrower_detail(request: AuthedHttpRequest, *, municipality: Municipality, borrower_id: int) -> HttpResponse:
    borrower = selectors.borrower_get(municipality=municipality, borrower_id=borrower_id)
    if borrower is None:
        raise Http404
    action = request.POST.get("action")
    form = BorrowerForm(request.POST if action == "details" else None, instance=borrower, municipality=municipality)
    minor_form = MinorForm(request.POST if action == "minor" else None, prefix="minor")
    if action == "details" and form.is_valid():
        data = dict(form.cleaned_data)
        id_checked = data.pop("id_checked", False)
        # A fresh copy: the form has already put the new values on `borrower`, and the audit log needs the old ones.
        fresh = selectors.borrower_get(municipality=municipality, borrower_id=borrower_id)
        assert fresh is not None
        try:
            services.borrower_update(actor=request.user, borrower=fresh, id_checked=id_checked, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The borrower is saved."))
            return redirect(request.path)
    if action == "minor" and minor_form.is_valid():
        try:
            services.minor_add(actor=request.user, adult=borrower, **minor_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(minor_form, error)
        else:
            messages.success(request, _("The co-borrower is added."))
            return redirect(request.path)
    history = (
        Loan.objects.filter(borrower=borrower)
        .select_related("depot")
        .prefetch_related("bookings__unit")
        .order_by("-start_date")[:30]
    )
    return render(
        request,
        "lending/staff/borrower.html",
        {
            "borrower": borrower,
            "form": form,
            "minor_form": minor_form,
            "minors": borrower.minors.all(),
            "history": history,
            "reservations": borrower.reservations.select_related("depot").order_by("-start_date")[:20],
            "desk_depots": [
                d for d in selectors.depots_for_staff(municipality=municipality, user=request.user) if d.is_active
            ],
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# Statistics


def _statistics(request: AuthedHttpRequest, municipality: Municipality) -> tuple[StatisticsFilterForm, Any]:
    depots = list(selectors.depot_list(municipality=municipality, include_inactive=True))
    form = StatisticsFilterForm(request.GET or None, depots=depots)
    year = timezone.now().year
    chosen = depots
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        if form.cleaned_data.get("depot"):
            chosen = [d for d in depots if d.slug == form.cleaned_data["depot"]]
    return form, lending_statistics(municipality=municipality, year=year, depots=chosen)


@staff_view("lending.view_statistics")
def statistics(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form, stats = _statistics(request, municipality)
    return render(request, "lending/staff/statistics.html", {"form": form, "stats": stats, "note": export_note()})


@staff_view("lending.view_statistics")
def statistics_export(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    _form, stats = _statistics(request, municipality)
    name = f"lending-{municipality.slug}-{stats.year}"
    if request.GET.get("format") == "csv":
        response = HttpResponse(statistics_csv(stats), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(
        statistics_xlsx(stats), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
