"""Lending: reservations, check-out and check-in at the desk or by self-service, extensions, losses, no-shows.

Every write locks the borrower first and then the units in id order, so two desks never deadlock; the database
refuses overlapping bookings of a unit (decision 0501), and we turn that refusal into a clear message.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record

from . import notify
from .calendar import DepotCalendar, today_in
from .models import (
    OPEN_RESERVATION,
    Booking,
    Borrower,
    BorrowerKind,
    Condition,
    Depot,
    ItemType,
    Loan,
    Reservation,
    ReservationStatus,
    Unit,
    UnitState,
)
from .selectors import busy_bookings, free_units, items_held, normalise_code

ALLOCATION_ATTEMPTS = 5


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "l j. F")


def _label(item_type: ItemType, size: str) -> str:
    return f"{item_type.name} ({size})" if size else item_type.name


# ---------------------------------------------------------------------------------------------------------------
# Rules every loan and reservation follows


def check_may_borrow(*, depot: Depot, borrower: Borrower, year: int) -> None:
    if borrower.is_erased:
        raise ValidationError(_("This borrower's data has been erased. Register the person again."))
    if borrower.municipality_id != depot.municipality_id:
        raise ValidationError(_("The borrower belongs to another municipality."))
    if borrower.kind == BorrowerKind.ORGANISATION:
        return
    age = borrower.age_in(year)
    if age is None:
        raise ValidationError({"birth_year": _("Give the borrower's year of birth first.")})
    if age >= depot.adult_age:
        return
    if depot.solo_age is not None and age >= depot.solo_age:
        return
    if depot.solo_age is None:
        message = _(
            "%(name)s is under %(age)s and cannot borrow alone at %(depot)s. Lend to a responsible adult and add "
            "%(name)s as a co-borrower."
        ) % {"name": borrower.full_name, "age": depot.adult_age, "depot": depot.name}
    else:
        message = _(
            "%(name)s must be at least %(solo)s to borrow alone at %(depot)s. Lend to a responsible adult and add "
            "%(name)s as a co-borrower."
        ) % {"name": borrower.full_name, "solo": depot.solo_age, "depot": depot.name}
    raise ValidationError(message)


def item_limit(depot: Depot, borrower: Borrower) -> int:
    return depot.max_items_organisation if borrower.kind == BorrowerKind.ORGANISATION else depot.max_items


def _check_limit(depot: Depot, borrower: Borrower, held: int, adding: int) -> None:
    limit = item_limit(depot, borrower)
    if held + adding > limit:
        raise ValidationError(
            _(
                "%(name)s may have at most %(limit)s items at once at %(depot)s and already has %(held)s out or "
                "reserved."
            )
            % {"name": str(borrower), "limit": limit, "depot": depot.name, "held": held}
        )


def _check_co_borrowers(borrower: Borrower, co_borrowers: Sequence[Borrower]) -> None:
    for minor in co_borrowers:
        if minor.responsible_adult_id != borrower.pk:
            raise ValidationError({"co_borrowers": _("A co-borrower must be one of the borrower's own minors.")})


def _user_birth_year(borrower: Borrower, co_borrowers: Sequence[Borrower]) -> int | None:
    """Whom the gear is for, for statistics by age: the youngest co-borrower, else the borrower."""
    years = [m.birth_year for m in co_borrowers if m.birth_year]
    if years:
        return max(years)
    return borrower.birth_year if borrower.kind == BorrowerKind.PERSON else None


def _lock_borrower(borrower: Borrower) -> Borrower:
    return Borrower.objects.select_for_update().get(pk=borrower.pk)


# ---------------------------------------------------------------------------------------------------------------
# Reservations


@dataclass(frozen=True)
class Line:
    item_type: ItemType
    size: str = ""


def check_reservation_period(
    *, depot: Depot, start: datetime.date, end: datetime.date, today: datetime.date, calendar: DepotCalendar
) -> None:
    if not depot.is_reservable or not depot.is_active:
        raise ValidationError(
            _("%(depot)s does not take reservations. Come by when it is open.") % {"depot": depot.name}
        )
    errors: dict[str, str] = {}
    if start is None or end is None:
        raise ValidationError({"start_date": _("Choose the pick-up day and the return day.")})
    ahead = (start - today).days
    if ahead < depot.min_days_ahead:
        errors["start_date"] = _("Reserve at least %(days)s days ahead: the first day you can choose is %(day)s.") % {
            "days": depot.min_days_ahead,
            "day": _day(today + datetime.timedelta(days=depot.min_days_ahead)),
        }
    elif ahead > depot.max_days_ahead:
        errors["start_date"] = _("Reserve at most %(days)s days ahead: the last day you can choose is %(day)s.") % {
            "days": depot.max_days_ahead,
            "day": _day(today + datetime.timedelta(days=depot.max_days_ahead)),
        }
    elif not calendar.is_open(start):
        errors["start_date"] = _("%(depot)s is closed on %(day)s. Choose a day when it is open.") % {
            "depot": depot.name,
            "day": _day(start),
        }
    if end <= start:
        errors["end_date"] = _("The return day must come after the pick-up day.")
    elif (end - start).days > depot.max_loan_days:
        errors["end_date"] = _("You can borrow for at most %(days)s days at %(depot)s.") % {
            "days": depot.max_loan_days,
            "depot": depot.name,
        }
    elif not calendar.is_open(end):
        errors["end_date"] = _("%(depot)s is closed on %(day)s. Choose a return day when it is open.") % {
            "depot": depot.name,
            "day": _day(end),
        }
    if errors:
        raise ValidationError(errors)


def _allocate(
    *,
    reservation: Reservation,
    line: Line,
    today: datetime.date,
    taken: set[int],
    loan: Loan | None = None,
) -> Booking:
    """Hold a free unit of the line's kind; if another request takes it first, try the next free one."""
    for _attempt in range(ALLOCATION_ATTEMPTS):
        unit = (
            free_units(
                item_type=line.item_type,
                size=line.size,
                start=reservation.start_date,
                end=reservation.end_date,
                today=today,
                exclude=taken,
            )
            .only("id", "code", "size")
            .first()
        )
        if unit is None:
            break
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    municipality_id=reservation.municipality_id,
                    depot_id=reservation.depot_id,
                    unit=unit,
                    item_type=line.item_type,
                    reservation=reservation,
                    loan=loan,
                    start_date=reservation.start_date,
                    end_date=reservation.end_date,
                )
        except IntegrityError:
            continue  # taken a moment ago by someone else
        taken.add(unit.pk)
        return booking
    raise ValidationError(
        _("Sorry, %(item)s is no longer available from %(start)s to %(end)s. Someone else reserved the last one.")
        % {
            "item": _label(line.item_type, line.size),
            "start": _day(reservation.start_date),
            "end": _day(reservation.end_date),
        }
    )


def reservation_create(
    *,
    actor: User,
    depot: Depot,
    borrower: Borrower,
    start: datetime.date,
    end: datetime.date,
    lines: Sequence[Line],
    co_borrowers: Sequence[Borrower] = (),
    note: str = "",
) -> Reservation:
    own = borrower.user_id is not None and borrower.user_id == actor.pk
    if not (own and actor.has_perm("lending.reserve", depot)) and not actor.has_perm(
        "lending.handle_reservations", depot
    ):
        raise PermissionDenied
    if not lines:
        raise ValidationError(_("Choose at least one thing to reserve."))
    for line in lines:
        if line.item_type.depot_id != depot.pk or not line.item_type.is_active:
            raise ValidationError(_("%(item)s cannot be reserved here.") % {"item": line.item_type.name})
    today = today_in(depot.municipality)
    check_reservation_period(depot=depot, start=start, end=end, today=today, calendar=DepotCalendar.for_depot(depot))
    check_may_borrow(depot=depot, borrower=borrower, year=start.year)
    _check_co_borrowers(borrower, co_borrowers)
    status = ReservationStatus.CONFIRMED if depot.confirms_automatically else ReservationStatus.REQUESTED
    with transaction.atomic():
        borrower = _lock_borrower(borrower)
        _check_limit(depot, borrower, items_held(borrower=borrower), len(lines))
        reservation = Reservation.objects.create(
            municipality_id=depot.municipality_id,
            depot=depot,
            borrower=borrower,
            start_date=start,
            end_date=end,
            status=status,
            note=(note or "").strip()[:2000],
            created_by=actor,
        )
        if co_borrowers:
            reservation.co_borrowers.set(co_borrowers)
        taken: set[int] = set()
        for line in lines:
            _allocate(reservation=reservation, line=line, today=today, taken=taken)
        audit_record(
            actor=actor,
            municipality=depot.municipality,
            action="lending.reservation.create",
            obj=reservation,
            after={
                "status": status,
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "units": sorted(b.unit.code for b in reservation.bookings.select_related("unit")),
            },
        )
        notify.reservation_message(reservation, "confirmed" if status == ReservationStatus.CONFIRMED else "received")
    return reservation


def _release(reservation: Reservation) -> int:
    return Booking.objects.filter(reservation=reservation, loan__isnull=True, is_active=True).update(is_active=False)


def _set_reservation_status(
    *, actor: User | None, reservation: Reservation, status: str, action: str, reason: str = "", event: str = ""
) -> Reservation:
    before = reservation.status
    reservation.status = status
    fields = ["status", "updated_at"]
    if status in (ReservationStatus.CONFIRMED, ReservationStatus.DECLINED):
        reservation.decided_by = actor
        reservation.decided_at = timezone.now()
        reservation.decline_reason = reason
        fields += ["decided_by", "decided_at", "decline_reason"]
    reservation.save(update_fields=fields)
    if status not in OPEN_RESERVATION:
        _release(reservation)
    audit_record(
        actor=actor,
        municipality=reservation.depot.municipality,
        action=action,
        obj=reservation,
        before={"status": before},
        after={"status": status, **({"reason": reason} if reason else {})},
    )
    if event:
        notify.reservation_message(reservation, event)
    return reservation


def _locked_reservation(reservation: Reservation) -> Reservation:
    return (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("depot__municipality", "borrower")
        .get(pk=reservation.pk)
    )


def reservation_confirm(*, actor: User, reservation: Reservation) -> Reservation:
    if not actor.has_perm("lending.handle_reservations", reservation.depot):
        raise PermissionDenied
    with transaction.atomic():
        reservation = _locked_reservation(reservation)
        if reservation.status != ReservationStatus.REQUESTED:
            raise ValidationError(_("Only a reservation awaiting confirmation can be confirmed."))
        return _set_reservation_status(
            actor=actor,
            reservation=reservation,
            status=ReservationStatus.CONFIRMED,
            action="lending.reservation.confirm",
            event="confirmed",
        )


def reservation_decline(*, actor: User, reservation: Reservation, reason: str) -> Reservation:
    if not actor.has_perm("lending.handle_reservations", reservation.depot):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tell the borrower why, so they know what to do.")})
    with transaction.atomic():
        reservation = _locked_reservation(reservation)
        if not reservation.is_open:
            raise ValidationError(_("This reservation is no longer open."))
        return _set_reservation_status(
            actor=actor,
            reservation=reservation,
            status=ReservationStatus.DECLINED,
            action="lending.reservation.decline",
            reason=reason.strip(),
            event="declined",
        )


def reservation_cancel(*, actor: User, reservation: Reservation) -> Reservation:
    own = reservation.borrower.user_id is not None and reservation.borrower.user_id == actor.pk
    if not own and not actor.has_perm("lending.handle_reservations", reservation.depot):
        raise PermissionDenied
    with transaction.atomic():
        reservation = _locked_reservation(reservation)
        if not reservation.is_open:
            raise ValidationError(_("This reservation is no longer open."))
        if reservation.bookings.filter(loan__isnull=False).exists():
            raise ValidationError(_("Some of these things are already collected. Return them at the depot."))
        return _set_reservation_status(
            actor=actor,
            reservation=reservation,
            status=ReservationStatus.CANCELLED,
            action="lending.reservation.cancel",
            event="" if own else "cancelled",
        )


def reservation_no_show(
    *, actor: User | None, reservation: Reservation, today: datetime.date | None = None
) -> Reservation:
    """Staff mark a reservation not collected (or the daily job does): its units are free again."""
    if actor is not None and not actor.has_perm("lending.handle_reservations", reservation.depot):
        raise PermissionDenied
    with transaction.atomic():
        reservation = _locked_reservation(reservation)
        today = today or today_in(reservation.depot.municipality)
        if not reservation.is_open:
            raise ValidationError(_("This reservation is no longer open."))
        if reservation.start_date > today:
            raise ValidationError(_("The pick-up day has not come yet."))
        collected = reservation.bookings.filter(loan__isnull=False).exists()
        return _set_reservation_status(
            actor=actor,
            reservation=reservation,
            status=ReservationStatus.COLLECTED if collected else ReservationStatus.NO_SHOW,
            action="lending.reservation.no_show",
            event="" if collected else "no_show",
        )


def reservations_release_no_shows(*, today: datetime.date | None = None) -> int:
    """Release reservations nobody collected within the depot's grace days. Safe to run again and again."""
    released = 0
    candidates = Reservation.objects.filter(status__in=OPEN_RESERVATION).select_related("depot__municipality")
    for reservation in candidates.iterator():
        day = today or today_in(reservation.depot.municipality)
        if reservation.start_date + datetime.timedelta(days=reservation.depot.no_show_after_days) < day:
            try:
                reservation_no_show(actor=None, reservation=reservation, today=day)
            except ValidationError:
                continue  # changed by someone else meanwhile
            released += 1
    return released


def reallocate_booking(booking: Booking) -> bool:
    """Move a reservation's hold to another free unit of the same kind (when its unit goes for repair)."""
    reservation = booking.reservation
    if reservation is None or booking.loan_id is not None:
        return False
    today = today_in(reservation.depot.municipality)
    with transaction.atomic():
        booking.is_active = False
        booking.save(update_fields=["is_active"])
        try:
            _allocate(
                reservation=reservation,
                line=Line(booking.item_type, booking.unit.size),
                today=today,
                taken={booking.unit_id},
            )
        except ValidationError:
            return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# The desk: check-out


@dataclass
class ScanResult:
    unit: Unit
    # The reservation booking this unit fulfils, if the borrower reserved it (or one like it).
    collects: Booking | None = None


def default_due_date(*, depot: Depot, item_types: Iterable[ItemType], today: datetime.date) -> datetime.date:
    days = min([t.default_loan_days for t in item_types] or [7])
    days = min(days, depot.max_loan_days)
    due = today + datetime.timedelta(days=days)
    calendar = DepotCalendar.for_depot(depot)
    if calendar.has_hours and not calendar.is_open(due):
        # Move back to the last open day within the period, else forward to the next open day.
        for back in range(1, days):
            earlier = due - datetime.timedelta(days=back)
            if calendar.is_open(earlier):
                return earlier
        return calendar.next_open_day(due) or due
    return due


def check_unit_for_loan(
    *,
    depot: Depot,
    code: str,
    borrower: Borrower | None,
    due_date: datetime.date,
    today: datetime.date,
) -> ScanResult:
    """Why a scanned unit cannot go out now, as a clear message; or what it is."""
    code = normalise_code(code)
    if not code:
        raise ValidationError({"code": _("Scan or type a unit code.")})
    unit = (
        Unit.objects.filter(municipality_id=depot.municipality_id, code=code)
        .select_related("item_type", "item_type__depot")
        .first()
    )
    if unit is None:
        raise ValidationError(
            {"code": _("No unit has the code %(code)s. Check the label and try again.") % {"code": code}}
        )
    if unit.item_type.depot_id != depot.pk:
        raise ValidationError(
            {
                "code": _("%(code)s belongs to %(depot)s and cannot be lent from here.")
                % {"code": code, "depot": unit.item_type.depot.name}
            }
        )
    if unit.state == UnitState.IN_REPAIR:
        raise ValidationError({"code": _("%(code)s is out for repair and cannot be lent.") % {"code": code}})
    if unit.state in (UnitState.LOST, UnitState.RETIRED):
        raise ValidationError(
            {
                "code": _("%(code)s is marked as %(state)s and cannot be lent.")
                % {"code": code, "state": unit.get_state_display().lower()}
            }
        )
    out = Booking.objects.filter(unit=unit, is_active=True, loan__isnull=False).first()
    if out is not None:
        raise ValidationError(
            {
                "code": _("%(code)s is already lent out (due back %(due)s). Return it before lending it again.")
                % {"code": code, "due": _day(out.end_date)}
            }
        )
    conflicts = list(
        busy_bookings(start=today, end=due_date, today=today)
        .filter(unit=unit)
        .select_related("reservation__borrower", "loan")
        .order_by("start_date")
    )
    collects = None
    for booking in conflicts:
        reservation = booking.reservation
        mine = (
            borrower is not None
            and booking.loan_id is None
            and reservation is not None
            and reservation.borrower_id == borrower.pk
            and reservation.is_open
        )
        if mine:
            collects = booking
            continue
        raise ValidationError(
            {
                "code": _(
                    "%(code)s is reserved by someone else from %(day)s. Choose another unit, or a due date before then."
                )
                % {"code": code, "day": _day(booking.start_date)}
            }
        )
    if collects is None and borrower is not None:
        # A different unit of a kind the borrower reserved: it takes the place of the reserved one.
        collects = (
            Booking.objects.filter(
                reservation__borrower=borrower,
                reservation__status__in=OPEN_RESERVATION,
                reservation__depot=depot,
                reservation__start_date__lte=today + datetime.timedelta(days=7),
                loan__isnull=True,
                is_active=True,
                item_type=unit.item_type,
            )
            .filter(Q(unit__size=unit.size) | Q(unit__size=""))
            .order_by("start_date", "id")
            .first()
        )
    return ScanResult(unit=unit, collects=collects)


def loan_check_out(
    *,
    actor: User,
    depot: Depot,
    borrower: Borrower,
    codes: Sequence[str],
    due_date: datetime.date,
    co_borrowers: Sequence[Borrower] = (),
    id_checked: bool = False,
    self_service: bool = False,
) -> Loan:
    if self_service:
        if not (depot.is_self_service and borrower.user_id == actor.pk and actor.is_authenticated):
            raise PermissionDenied
    elif not actor.has_perm("lending.use_desk", depot):
        raise PermissionDenied
    codes = [normalise_code(c) for c in codes if normalise_code(c)]
    if not codes:
        raise ValidationError({"code": _("Scan at least one unit to lend.")})
    if len(set(codes)) != len(codes):
        raise ValidationError({"code": _("The same unit is scanned twice.")})
    today = today_in(depot.municipality)
    if due_date is None or due_date <= today:
        raise ValidationError({"due_date": _("The due date must be after today.")})
    if (due_date - today).days > depot.max_loan_days:
        raise ValidationError(
            {
                "due_date": _("The longest loan at %(depot)s is %(days)s days: choose %(day)s or earlier.")
                % {
                    "depot": depot.name,
                    "days": depot.max_loan_days,
                    "day": _day(today + datetime.timedelta(days=depot.max_loan_days)),
                }
            }
        )
    check_may_borrow(depot=depot, borrower=borrower, year=today.year)
    _check_co_borrowers(borrower, co_borrowers)
    if not self_service and borrower.kind == BorrowerKind.PERSON and borrower.id_checked_at is None and not id_checked:
        raise ValidationError({"id_checked": _("This is the borrower's first loan: check their ID and tick the box.")})
    now = timezone.now()
    with transaction.atomic():
        borrower = _lock_borrower(borrower)
        units = list(
            Unit.objects.select_for_update()
            .filter(municipality_id=depot.municipality_id, code__in=codes)
            .order_by("pk")
        )
        scans = [
            check_unit_for_loan(depot=depot, code=code, borrower=borrower, due_date=due_date, today=today)
            for code in codes
        ]
        del units  # locked; the checks above read them again
        collecting = [s.collects for s in scans if s.collects is not None]
        if len({b.pk for b in collecting}) != len(collecting):
            # Two scanned units claim the same reserved line: the second is simply a new loan line.
            seen: set[int] = set()
            for scan in scans:
                if scan.collects is not None and scan.collects.pk in seen:
                    scan.collects = None
                elif scan.collects is not None:
                    seen.add(scan.collects.pk)
        held = items_held(borrower=borrower) - len([s for s in scans if s.collects is not None])
        _check_limit(depot, borrower, held, len(scans))
        reservations: set[int] = {
            s.collects.reservation_id for s in scans if s.collects is not None and s.collects.reservation_id is not None
        }
        loan = Loan.objects.create(
            municipality_id=depot.municipality_id,
            depot=depot,
            borrower=borrower,
            reservation_id=min(reservations) if reservations else None,
            start_date=today,
            due_date=due_date,
            checked_out_at=now,
            checked_out_by=actor,
            user_birth_year=_user_birth_year(borrower, co_borrowers),
            is_self_service=self_service,
            needs_review=self_service,
        )
        minors = list(co_borrowers)
        for reservation in Reservation.objects.filter(pk__in=reservations).prefetch_related("co_borrowers"):
            minors += [m for m in reservation.co_borrowers.all() if m not in minors]
        if minors:
            loan.co_borrowers.set(minors)
            if not co_borrowers:
                loan.user_birth_year = _user_birth_year(borrower, minors)
                loan.save(update_fields=["user_birth_year"])
        try:
            for scan in scans:
                booking = scan.collects
                if booking is not None and booking.unit_id == scan.unit.pk:
                    booking.loan = loan
                    booking.start_date = today
                    booking.end_date = due_date
                    with transaction.atomic():
                        booking.save(update_fields=["loan", "start_date", "end_date"])
                    continue
                if booking is not None:
                    booking.is_active = False
                    booking.save(update_fields=["is_active"])
                with transaction.atomic():
                    Booking.objects.create(
                        municipality_id=depot.municipality_id,
                        depot=depot,
                        unit=scan.unit,
                        item_type=scan.unit.item_type,
                        reservation_id=booking.reservation_id if booking is not None else None,
                        loan=loan,
                        start_date=today,
                        end_date=due_date,
                    )
        except IntegrityError:
            raise ValidationError(
                {
                    "code": _(
                        "One of the units was lent or reserved by someone else a moment ago. Scan it again to see why."
                    )
                }
            ) from None
        for reservation in Reservation.objects.filter(pk__in=reservations):
            if not reservation.bookings.filter(loan__isnull=True, is_active=True).exists():
                reservation.status = ReservationStatus.COLLECTED
                reservation.save(update_fields=["status", "updated_at"])
        if id_checked and borrower.id_checked_at is None and not self_service:
            borrower.id_checked_at = now
            borrower.id_checked_by = actor
            borrower.save(update_fields=["id_checked_at", "id_checked_by", "updated_at"])
        audit_record(
            actor=actor,
            municipality=depot.municipality,
            action="lending.loan.self_service_check_out" if self_service else "lending.loan.check_out",
            obj=loan,
            after={"units": codes, "due_date": due_date.isoformat(), "borrower": borrower.pk},
        )
    return loan


# ---------------------------------------------------------------------------------------------------------------
# The desk: check-in, extension, loss


def loan_check_in(
    *,
    actor: User,
    depot: Depot,
    code: str,
    condition: str = Condition.GOOD,
    note: str = "",
    self_service_borrower: Borrower | None = None,
) -> Booking:
    if self_service_borrower is not None:
        if not (depot.is_self_service and self_service_borrower.user_id == actor.pk):
            raise PermissionDenied
    elif not actor.has_perm("lending.use_desk", depot):
        raise PermissionDenied
    code = normalise_code(code)
    if not code:
        raise ValidationError({"code": _("Scan or type a unit code.")})
    if condition not in Condition.values:
        raise ValidationError({"condition": _("Choose the condition.")})
    if condition == Condition.DAMAGED and not (note or "").strip():
        raise ValidationError({"note": _("Describe the damage, so it can be repaired.")})
    unit = Unit.objects.filter(municipality_id=depot.municipality_id, code=code).select_related("item_type").first()
    if unit is None:
        raise ValidationError(
            {"code": _("No unit has the code %(code)s. Check the label and try again.") % {"code": code}}
        )
    if unit.item_type.depot_id != depot.pk:
        raise ValidationError({"code": _("%(code)s belongs to another depot. Return it there.") % {"code": code}})
    now = timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .filter(unit=unit, is_active=True, loan__isnull=False)
            .select_related("loan__borrower")
            .first()
        )
        if booking is None or booking.loan is None:
            raise ValidationError(
                {
                    "code": _("%(code)s is not lent out, so there is nothing to return. Nothing was changed.")
                    % {"code": code}
                }
            )
        loan = booking.loan
        if self_service_borrower is not None and loan.borrower_id != self_service_borrower.pk:
            raise ValidationError({"code": _("%(code)s is not lent to you.") % {"code": code}})
        booking.is_active = False
        booking.returned_at = now
        booking.returned_to = actor
        booking.return_condition = condition
        booking.return_note = (note or "").strip()
        booking.save(update_fields=["is_active", "returned_at", "returned_to", "return_condition", "return_note"])
        unit_changes = ["condition", "updated_at"]
        unit.condition = condition
        if condition == Condition.DAMAGED:
            unit.state = UnitState.IN_REPAIR
            unit.notes = "\n".join(p for p in [unit.notes, f"{now:%Y-%m-%d}: {booking.return_note}"] if p)
            unit_changes += ["state", "notes"]
        unit.save(update_fields=unit_changes)
        loan_fields = []
        if not loan.bookings.filter(is_active=True).exists():
            loan.closed_at = now
            loan_fields.append("closed_at")
        if self_service_borrower is not None:
            loan.needs_review = True
            loan_fields.append("needs_review")
        if loan_fields:
            loan.save(update_fields=[*loan_fields, "updated_at"])
        if unit.state == UnitState.IN_REPAIR:
            for waiting in unit.bookings.filter(is_active=True, loan__isnull=True).select_related(
                "reservation", "unit"
            ):
                reallocate_booking(waiting)
        audit_record(
            actor=actor,
            municipality=depot.municipality,
            action="lending.loan.self_service_check_in" if self_service_borrower else "lending.loan.check_in",
            obj=loan,
            after={
                "unit": code,
                "condition": condition,
                **({"note": booking.return_note} if booking.return_note else {}),
            },
        )
    return booking


def loan_extend(*, actor: User, loan: Loan, due_date: datetime.date) -> Loan:
    if not actor.has_perm("lending.use_desk", loan.depot):
        raise PermissionDenied
    today = today_in(loan.depot.municipality)
    if not loan.is_open:
        raise ValidationError(_("Everything on this loan is returned."))
    if due_date is None or due_date <= max(today, loan.start_date):
        raise ValidationError({"due_date": _("The new due date must be after today.")})
    if (due_date - today).days > loan.depot.max_loan_days:
        raise ValidationError(
            {
                "due_date": _("The longest loan at %(depot)s is %(days)s days.")
                % {"depot": loan.depot.name, "days": loan.depot.max_loan_days}
            }
        )
    before = loan.due_date
    with transaction.atomic():
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        for booking in loan.bookings.filter(is_active=True).select_related("unit"):
            conflict = (
                Booking.objects.filter(
                    unit=booking.unit, is_active=True, start_date__lt=due_date, end_date__gt=booking.start_date
                )
                .exclude(pk=booking.pk)
                .order_by("start_date")
                .first()
            )
            if conflict is not None:
                raise ValidationError(
                    {
                        "due_date": _("%(code)s is reserved from %(day)s: the loan cannot go past that day.")
                        % {"code": booking.unit.code, "day": _day(conflict.start_date)}
                    }
                )
            booking.end_date = due_date
            try:
                with transaction.atomic():
                    booking.save(update_fields=["end_date"])
            except IntegrityError:
                raise ValidationError(
                    {"due_date": _("%(code)s was reserved a moment ago. Try again.") % {"code": booking.unit.code}}
                ) from None
        loan.due_date = due_date
        loan.save(update_fields=["due_date", "updated_at"])
        # A new due date earns new reminders.
        loan.reminders.all().delete()
        audit_record(
            actor=actor,
            municipality=loan.municipality,
            action="lending.loan.extend",
            obj=loan,
            before={"due_date": before.isoformat()},
            after={"due_date": due_date.isoformat()},
        )
    return loan


def booking_mark_lost(*, actor: User, booking: Booking, note: str) -> Booking:
    if booking.loan is None or not actor.has_perm("lending.use_desk", booking.depot):
        raise PermissionDenied
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what happened, e.g. what the borrower told you.")})
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).select_related("unit", "loan").get(pk=booking.pk)
        if not booking.is_active or booking.loan is None:
            raise ValidationError(_("This unit is not out on the loan any more."))
        booking.is_active = False
        booking.is_lost = True
        booking.return_note = note.strip()
        booking.save(update_fields=["is_active", "is_lost", "return_note"])
        Unit.objects.filter(pk=booking.unit_id).update(state=UnitState.LOST, updated_at=timezone.now())
        loan = booking.loan
        if not loan.bookings.filter(is_active=True).exists():
            loan.closed_at = timezone.now()
            loan.save(update_fields=["closed_at", "updated_at"])
        audit_record(
            actor=actor,
            municipality=booking.loan.municipality,
            action="lending.loan.lost",
            obj=loan,
            after={"unit": booking.unit.code, "note": booking.return_note},
        )
    return booking


def loan_review(*, actor: User, loan: Loan, note: str = "") -> Loan:
    """Staff have looked at a self-service check-out or return and found it right (or noted what was wrong)."""
    if not actor.has_perm("lending.use_desk", loan.depot):
        raise PermissionDenied
    with transaction.atomic():
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if not loan.needs_review:
            raise ValidationError(_("This loan has already been reviewed."))
        loan.needs_review = False
        loan.reviewed_at = timezone.now()
        loan.reviewed_by = actor
        loan.review_note = "\n".join(p for p in [loan.review_note, (note or "").strip()] if p)
        loan.save(update_fields=["needs_review", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
        audit_record(
            actor=actor,
            municipality=loan.municipality,
            action="lending.loan.review",
            obj=loan,
            after={"note": (note or "").strip()},
        )
    return loan
