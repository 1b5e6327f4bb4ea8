"""Writes that set up the equipment library: depots, opening hours, depot staff, the catalogue and borrowers.

Lending itself (reservations, check-out, check-in) lives in circulation.py.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import Child, User
from sammen.core.audit import audit_record, snapshot
from sammen.core.sanitise import strip_html
from sammen.core.services import model_create, model_update
from sammen.places.models import Municipality

from .models import (
    Borrower,
    BorrowerKind,
    Depot,
    DepotStaff,
    ItemPhoto,
    ItemType,
    OpeningException,
    OpeningHours,
    Unit,
    UnitState,
)
from .rules import forget_depots
from .selectors import normalise_code

DEPOT_FIELDS = (
    "name",
    "slug",
    "description",
    "venue",
    "neighbourhood",
    "street_address",
    "postal_code",
    "city",
    "email",
    "phone",
    "mode",
    "min_days_ahead",
    "max_days_ahead",
    "confirms_automatically",
    "is_self_service",
    "adult_age",
    "solo_age",
    "max_items",
    "max_items_organisation",
    "max_loan_days",
    "no_show_after_days",
    "code_prefix",
    "is_active",
)
ITEM_TYPE_FIELDS = (
    "category",
    "name",
    "description",
    "language",
    "min_age",
    "max_age",
    "default_loan_days",
    "is_active",
)
UNIT_FIELDS = ("size", "condition", "state", "notes")
BORROWER_FIELDS = (
    "kind",
    "full_name",
    "organisation_name",
    "organisation",
    "phone",
    "email",
    "birth_year",
    "language",
    "card_number",
    "notes",
)


def _only(changes: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    return changes


def _same_municipality(municipality: Municipality, **records: Any) -> None:
    for name, record in records.items():
        if record is not None and record.municipality_id != municipality.pk:
            raise ValidationError({name: _("This belongs to another municipality.")})


# ---------------------------------------------------------------------------------------------------------------
# Depots


def depot_create(*, actor: User, municipality: Municipality, **fields: Any) -> Depot:
    if not actor.has_perm("lending.manage_depots", municipality):
        raise PermissionDenied
    fields = _only(fields, DEPOT_FIELDS)
    _same_municipality(municipality, venue=fields.get("venue"), neighbourhood=fields.get("neighbourhood"))
    if fields.get("venue") is not None and fields.get("neighbourhood") is None:
        fields["neighbourhood"] = fields["venue"].neighbourhood
    fields["description"] = strip_html(fields.get("description") or "").strip()
    depot = Depot(municipality=municipality, **fields)
    _validate_depot(depot)
    return model_create(actor=actor, municipality=municipality, instance=depot, action="lending.depot.create")


def depot_update(*, actor: User, depot: Depot, **changes: Any) -> Depot:
    if not actor.has_perm("lending.change_depot", depot):
        raise PermissionDenied
    changes = _only(changes, DEPOT_FIELDS)
    _same_municipality(depot.municipality, venue=changes.get("venue"), neighbourhood=changes.get("neighbourhood"))
    if "description" in changes:
        changes["description"] = strip_html(changes["description"] or "").strip()
    for name, value in changes.items():
        setattr(depot, name, value)
    _validate_depot(depot)
    return model_update(
        actor=actor, municipality=depot.municipality, instance=depot, changes=changes, action="lending.depot.update"
    )


def _validate_depot(depot: Depot) -> None:
    if depot.venue is None and not depot.street_address.strip():
        raise ValidationError({"street_address": _("Choose a venue or give the depot's street address.")})
    if depot.min_days_ahead > depot.max_days_ahead:
        raise ValidationError({"max_days_ahead": _("The latest day to reserve must come after the earliest.")})


def opening_hours_set(*, actor: User, depot: Depot, hours: dict[int, tuple[Any, Any] | None]) -> None:
    """Replace the weekly hours: {weekday: (opens, closes)} or None for closed."""
    if not actor.has_perm("lending.change_depot", depot):
        raise PermissionDenied
    errors = {}
    for weekday, value in hours.items():
        if value is not None and not (value[0] and value[1] and value[0] < value[1]):
            errors[f"day_{weekday}"] = _("Give both times, with the closing time after the opening time.")
    if errors:
        raise ValidationError(errors)
    before = [str(h) for h in depot.hours.all()]
    with transaction.atomic():
        depot.hours.all().delete()
        OpeningHours.objects.bulk_create(
            [
                OpeningHours(depot=depot, weekday=weekday, opens=value[0], closes=value[1])
                for weekday, value in sorted(hours.items())
                if value is not None
            ]
        )
        after = [str(h) for h in depot.hours.all()]
        audit_record(
            actor=actor,
            municipality=depot.municipality,
            action="lending.depot.hours",
            obj=depot,
            before={"hours": before},
            after={"hours": after},
        )


def opening_exception_add(*, actor: User, depot: Depot, **fields: Any) -> OpeningException:
    if not actor.has_perm("lending.change_depot", depot):
        raise PermissionDenied
    exception = OpeningException(depot=depot, **fields)
    if exception.start_date and exception.end_date and exception.start_date > exception.end_date:
        raise ValidationError({"end_date": _("The last day must be on or after the first day.")})
    if not exception.is_closed and not (exception.opens and exception.closes and exception.opens < exception.closes):
        raise ValidationError({"opens": _("Give the special opening hours, or mark the days as closed.")})
    if exception.is_closed:
        exception.opens = exception.closes = None
    return model_create(
        actor=actor, municipality=depot.municipality, instance=exception, action="lending.depot.exception_add"
    )


def opening_exception_remove(*, actor: User, exception: OpeningException) -> None:
    depot = exception.depot
    if not actor.has_perm("lending.change_depot", depot):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            municipality=depot.municipality,
            action="lending.depot.exception_remove",
            obj=exception,
            before=snapshot(exception),
        )
        exception.delete()


def depot_staff_add(*, actor: User, depot: Depot, email: str) -> DepotStaff:
    if not actor.has_perm("lending.change_depot", depot):
        raise PermissionDenied
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            {"email": _("Nobody has an account with this e-mail address. Ask the person to sign up first.")}
        )
    try:
        with transaction.atomic():
            membership = DepotStaff.objects.create(depot=depot, user=user, added_by=actor)
            audit_record(
                actor=actor,
                municipality=depot.municipality,
                action="lending.depot.staff_add",
                obj=membership,
                after={"user": user.email, "depot": depot.name},
            )
    except IntegrityError:
        raise ValidationError({"email": _("This person already works at the depot.")}) from None
    forget_depots(user)
    return membership


def depot_staff_remove(*, actor: User, membership: DepotStaff) -> None:
    if not actor.has_perm("lending.change_depot", membership.depot):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            municipality=membership.depot.municipality,
            action="lending.depot.staff_remove",
            obj=membership,
            before={"user": membership.user.email, "depot": membership.depot.name},
        )
        membership.delete()
    forget_depots(membership.user)


# ---------------------------------------------------------------------------------------------------------------
# Catalogue


def item_type_create(*, actor: User, depot: Depot, **fields: Any) -> ItemType:
    if not actor.has_perm("lending.manage_catalogue", depot):
        raise PermissionDenied
    fields = _only(fields, ITEM_TYPE_FIELDS)
    fields["description"] = strip_html(fields.get("description") or "").strip()
    item_type = ItemType(municipality=depot.municipality, depot=depot, **fields)
    return model_create(
        actor=actor, municipality=depot.municipality, instance=item_type, action="lending.item_type.create"
    )


def item_type_update(*, actor: User, item_type: ItemType, **changes: Any) -> ItemType:
    if not actor.has_perm("lending.manage_catalogue", item_type.depot):
        raise PermissionDenied
    changes = _only(changes, ITEM_TYPE_FIELDS)
    if "description" in changes:
        changes["description"] = strip_html(changes["description"] or "").strip()
    return model_update(
        actor=actor,
        municipality=item_type.municipality,
        instance=item_type,
        changes=changes,
        action="lending.item_type.update",
    )


def item_photo_add(*, actor: User, item_type: ItemType, image: Any, alt_text: str) -> ItemPhoto:
    if not actor.has_perm("lending.manage_catalogue", item_type.depot):
        raise PermissionDenied
    if not (alt_text or "").strip():
        raise ValidationError({"alt_text": _("Describe the photo for people who cannot see it.")})
    order = (item_type.photos.aggregate(top=Max("order"))["top"] or 0) + 1
    photo = ItemPhoto(item_type=item_type, image=image, alt_text=alt_text.strip(), order=order)
    return model_create(actor=actor, municipality=item_type.municipality, instance=photo, action="lending.photo.add")


def item_photo_remove(*, actor: User, photo: ItemPhoto) -> None:
    if not actor.has_perm("lending.manage_catalogue", photo.item_type.depot):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            municipality=photo.item_type.municipality,
            action="lending.photo.remove",
            obj=photo,
            before=snapshot(photo),
        )
        photo.delete()


def _next_codes(depot: Depot, count: int) -> list[str]:
    pattern = re.compile(rf"^{re.escape(depot.code_prefix)}-(\d+)$")
    numbers = [
        int(match.group(1))
        for code in Unit.objects.filter(
            municipality=depot.municipality, code__startswith=f"{depot.code_prefix}-"
        ).values_list("code", flat=True)
        if (match := pattern.match(code))
    ]
    start = max(numbers, default=0) + 1
    return [f"{depot.code_prefix}-{number:04d}" for number in range(start, start + count)]


def units_add(
    *, actor: User, item_type: ItemType, sizes: list[str], codes: list[str] | None = None, condition: str = "good"
) -> list[Unit]:
    """Add one unit per size given (a size may repeat). Codes are given (existing labels) or made from the prefix."""
    depot = item_type.depot
    if not actor.has_perm("lending.manage_catalogue", depot):
        raise PermissionDenied
    sizes = [s.strip() for s in sizes]
    if not sizes or len(sizes) > 200:
        raise ValidationError({"sizes": _("Add between 1 and 200 units at a time.")})
    if codes:
        codes = [normalise_code(c) for c in codes]
        if len(codes) != len(sizes):
            raise ValidationError({"codes": _("Give one code for each unit, or leave the codes empty.")})
        if len(set(codes)) != len(codes):
            raise ValidationError({"codes": _("The same code is given twice.")})
    with transaction.atomic():
        # One depot at a time makes its numbers, so two staff adding units get different codes.
        Depot.objects.select_for_update().filter(pk=depot.pk).first()
        if not codes:
            codes = _next_codes(depot, len(sizes))
        taken = set(Unit.objects.filter(municipality=depot.municipality, code__in=codes).values_list("code", flat=True))
        if taken:
            raise ValidationError(
                {"codes": _("These codes are already in use: %(codes)s") % {"codes": ", ".join(sorted(taken))}}
            )
        units = []
        for code, size in zip(codes, sizes, strict=True):
            unit = Unit(municipality=depot.municipality, item_type=item_type, code=code, size=size, condition=condition)
            unit.full_clean()
            units.append(unit)
        Unit.objects.bulk_create(units)
        audit_record(
            actor=actor,
            municipality=depot.municipality,
            action="lending.unit.add",
            obj=item_type,
            after={"units": [f"{u.code} {u.size}".strip() for u in units]},
        )
    return units


def unit_update(*, actor: User, unit: Unit, **changes: Any) -> Unit:
    if not actor.has_perm("lending.manage_catalogue", unit.item_type.depot):
        raise PermissionDenied
    changes = _only(changes, UNIT_FIELDS)
    if (
        changes.get("state") in (UnitState.LOST, UnitState.RETIRED)
        and unit.bookings.filter(is_active=True, loan__isnull=False).exists()
    ):
        raise ValidationError({"state": _("The unit is lent out. Return it or mark it as lost on the loan first.")})
    with transaction.atomic():
        unit = model_update(
            actor=actor, municipality=unit.municipality, instance=unit, changes=changes, action="lending.unit.update"
        )
        if unit.state != UnitState.IN_SERVICE:
            _release_reservation_holds(unit)
    return unit


def _release_reservation_holds(unit: Unit) -> None:
    """A unit taken out of service gives up its reservation holds to another free unit of the same kind, if any."""
    from .circulation import reallocate_booking

    for booking in unit.bookings.filter(is_active=True, loan__isnull=True).select_related("reservation"):
        reallocate_booking(booking)


# ---------------------------------------------------------------------------------------------------------------
# Borrowers


def normalise_phone(value: str, country: str) -> str:
    raw = re.sub(r"[\s().-]", "", value or "")
    if not raw:
        return ""
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if re.fullmatch(r"\d{8}", raw):
        raw = ("+45" if country == "DK" else "+47") + raw
    if not re.fullmatch(r"\+\d{8,15}", raw):
        raise ValidationError({"phone": _("Give a mobile number with 8 digits, or with the country code (+47 …).")})
    return raw


def _clean_borrower(fields: dict[str, Any], municipality: Municipality) -> dict[str, Any]:
    if "phone" in fields:
        fields["phone"] = normalise_phone(fields["phone"], municipality.country)
    if "card_number" in fields:
        fields["card_number"] = normalise_code(fields["card_number"] or "")
    for name in ("full_name", "organisation_name", "email", "notes"):
        if name in fields and fields[name] is not None:
            fields[name] = strip_html(fields[name]).strip()
    organisation = fields.get("organisation")
    if organisation is not None and organisation.municipality_id != municipality.pk:
        raise ValidationError({"organisation": _("This belongs to another municipality.")})
    return fields


def _validate_borrower(borrower: Borrower) -> None:
    this_year = timezone.now().year
    if borrower.kind == BorrowerKind.ORGANISATION:
        if not borrower.organisation_name:
            if borrower.organisation is not None:
                borrower.organisation_name = borrower.organisation.name
            else:
                raise ValidationError({"organisation_name": _("Give the name of the organisation or school.")})
        if not (borrower.phone or borrower.email):
            raise ValidationError({"phone": _("Give a mobile number or an e-mail address for the contact person.")})
        return
    if borrower.birth_year is None:
        raise ValidationError({"birth_year": _("Give the year of birth.")})
    if not (this_year - 110 <= borrower.birth_year <= this_year):
        raise ValidationError(
            {
                "birth_year": _("Give a year of birth between %(low)s and %(high)s.")
                % {"low": this_year - 110, "high": this_year}
            }
        )
    if borrower.responsible_adult_id is None and not (borrower.phone or borrower.email):
        raise ValidationError({"phone": _("Give a mobile number or an e-mail address, so we can send reminders.")})


def borrower_create(
    *, actor: User, municipality: Municipality, id_checked: bool = False, user: User | None = None, **fields: Any
) -> Borrower:
    """Staff register a borrower at the desk (with the ID check), or a resident registers themself (user=actor)."""
    self_registration = user is not None and user.pk == actor.pk
    if not self_registration and not actor.has_perm("lending.view_borrowers", municipality):
        raise PermissionDenied
    fields = _clean_borrower(_only(fields, BORROWER_FIELDS), municipality)
    borrower = Borrower(municipality=municipality, user=user, **fields)
    if self_registration:
        borrower.kind = BorrowerKind.PERSON
        borrower.email = borrower.email or actor.email
        borrower.card_number = ""
        borrower.notes = ""
    _validate_borrower(borrower)
    if id_checked and not self_registration:
        borrower.id_checked_at = timezone.now()
        borrower.id_checked_by = actor
    borrower.full_clean()
    try:
        with transaction.atomic():
            borrower.save()
            audit_record(
                actor=actor,
                municipality=municipality,
                action="lending.borrower.create",
                obj=borrower,
                after=snapshot(borrower, ["kind", "organisation_name", "birth_year", "id_checked_at"]),
            )
    except IntegrityError:
        raise ValidationError({"card_number": _("Another borrower has this card number.")}) from None
    return borrower


def borrower_update(*, actor: User, borrower: Borrower, id_checked: bool = False, **changes: Any) -> Borrower:
    own = borrower.user_id is not None and borrower.user_id == actor.pk
    if not own and not actor.has_perm("lending.view_borrowers", borrower.municipality):
        raise PermissionDenied
    changes = _clean_borrower(_only(changes, BORROWER_FIELDS), borrower.municipality)
    if own and not actor.has_perm("lending.view_borrowers", borrower.municipality):
        changes = {k: v for k, v in changes.items() if k in ("full_name", "phone", "email", "birth_year", "language")}
    for name, value in changes.items():
        setattr(borrower, name, value)
    _validate_borrower(borrower)
    if (
        id_checked
        and borrower.id_checked_at is None
        and actor.has_perm("lending.view_borrowers", borrower.municipality)
    ):
        changes["id_checked_at"] = timezone.now()
        changes["id_checked_by"] = actor
    try:
        return model_update(
            actor=actor,
            municipality=borrower.municipality,
            instance=borrower,
            changes=changes,
            action="lending.borrower.update",
        )
    except IntegrityError:
        raise ValidationError({"card_number": _("Another borrower has this card number.")}) from None


def minor_add(*, actor: User, adult: Borrower, full_name: str, birth_year: int, child: Child | None = None) -> Borrower:
    """A child or young person who borrows with the adult, and may later borrow alone where a depot allows it."""
    own = adult.user_id is not None and adult.user_id == actor.pk
    if not own and not actor.has_perm("lending.view_borrowers", adult.municipality):
        raise PermissionDenied
    if adult.kind != BorrowerKind.PERSON or adult.responsible_adult_id is not None:
        raise ValidationError(_("Only an adult person can have co-borrowers."))
    this_year = timezone.now().year
    if not birth_year or not (this_year - 18 < birth_year <= this_year):
        raise ValidationError(
            {
                "birth_year": _("A co-borrower is under 18: give a year of birth after %(year)s.")
                % {"year": this_year - 18}
            }
        )
    minor = Borrower(
        municipality=adult.municipality,
        kind=BorrowerKind.PERSON,
        full_name=strip_html(full_name or "").strip(),
        birth_year=birth_year,
        language=adult.language,
        responsible_adult=adult,
        child=child,
    )
    if not minor.full_name:
        raise ValidationError({"full_name": _("Give the name.")})
    return model_create(
        actor=actor, municipality=adult.municipality, instance=minor, action="lending.borrower.minor_add"
    )


def borrower_for_account(*, actor: User, municipality: Municipality, birth_year: int | None, phone: str) -> Borrower:
    """The resident's own borrower record, made on their first reservation from what their account knows."""
    from .selectors import borrower_for_user

    existing = borrower_for_user(municipality=municipality, user=actor)
    if existing is not None:
        changes: dict[str, Any] = {}
        if phone and normalise_phone(phone, municipality.country) != existing.phone:
            changes["phone"] = phone
        if birth_year and existing.birth_year != birth_year:
            changes["birth_year"] = birth_year
        if changes:
            existing = borrower_update(actor=actor, borrower=existing, **changes)
        return existing
    return borrower_create(
        actor=actor,
        municipality=municipality,
        user=actor,
        full_name=actor.full_name or actor.email.split("@")[0],
        phone=phone or actor.phone,
        email=actor.email,
        birth_year=birth_year,
        language=actor.language,
    )


def minors_for_children(*, actor: User, adult: Borrower, children: list[Child]) -> list[Borrower]:
    """Co-borrower records for the resident's own children (from their account), made once and reused."""
    minors = []
    for child in children:
        if not child.guardians.filter(pk=actor.pk).exists():
            raise PermissionDenied
        minor = adult.minors.filter(child=child).first()
        if minor is None:
            minor = minor_add(
                actor=actor, adult=adult, full_name=str(child), birth_year=child.birth_date.year, child=child
            )
        minors.append(minor)
    return minors
