"""A person's data in the equipment library: their borrower record, their minors, loans and reservations."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import User
from sammen.core.registry import PrivacyHandler, registry

from .models import Borrower, DepotStaff


def _borrowers(user: User) -> list[Borrower]:
    adults = list(Borrower.objects.filter(user=user).select_related("municipality"))
    minors = list(Borrower.objects.filter(responsible_adult__in=adults))
    return adults + minors


def _export(user: User) -> dict[str, Any]:
    borrowers = _borrowers(user)
    return {
        "borrower_records": [
            {
                "municipality": b.municipality.name,
                "name": b.full_name,
                "phone": b.phone,
                "email": b.email,
                "birth_year": b.birth_year,
                "id_checked": b.id_checked_at.isoformat() if b.id_checked_at else None,
                "responsible_adult": b.responsible_adult.full_name if b.responsible_adult else None,
            }
            for b in borrowers
        ],
        "loans": [
            {
                "depot": loan.depot.name,
                "lent": loan.start_date.isoformat(),
                "due": loan.due_date.isoformat(),
                "items": [f"{bk.unit.code} {bk.item_type.name}" for bk in loan.bookings.all()],
                "returned": loan.closed_at.isoformat() if loan.closed_at else None,
            }
            for b in borrowers
            for loan in b.loans.select_related("depot").prefetch_related("bookings__unit", "bookings__item_type")
        ],
        "reservations": [
            {"depot": r.depot.name, "from": r.start_date.isoformat(), "to": r.end_date.isoformat(), "status": r.status}
            for b in borrowers
            for r in b.reservations.select_related("depot")
        ],
        "works_at_depots": [s.depot.name for s in DepotStaff.objects.filter(user=user).select_related("depot")],
    }


def _erase(user: User) -> None:
    """Names and contact details go; loans stay as anonymous rows so counts and the equipment's history hold."""
    with transaction.atomic():
        for borrower in _borrowers(user):
            Borrower.objects.filter(pk=borrower.pk).update(
                full_name="–",
                phone="",
                email="",
                card_number="",
                notes="",
                birth_year=None,
                user=None,
                child=None,
                is_erased=True,
            )
        DepotStaff.objects.filter(user=user).delete()


registry.add_privacy_handler(
    PrivacyHandler(
        key="lending",
        description=_(
            "Equipment library: your borrower details, the children who borrow with you, loans and reservations."
        ),
        export=_export,
        erase=_erase,
        order=100,
    )
)
