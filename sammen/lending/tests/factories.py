"""Factories for the equipment library's tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sammen.accounts.models import User
from sammen.core.testing import make_user, unique
from sammen.places.models import Municipality

from ..models import Borrower, Depot, DepotStaff, ItemType, OpeningHours, Unit


def make_depot(municipality: Municipality, *, open_every_day: bool = True, **fields: Any) -> Depot:
    name = fields.pop("name", unique("BUA"))
    defaults: dict[str, Any] = {
        "slug": name.lower().replace(" ", "-"),
        "street_address": "Storgata 1",
        "mode": "reservable",
        "code_prefix": "".join(c for c in name.upper() if c.isalnum())[-6:].rjust(2, "X"),
        "confirms_automatically": True,
        "min_days_ahead": 0,
    }
    defaults.update(fields)
    depot = Depot.objects.create(municipality=municipality, name=name, **defaults)
    if open_every_day:
        OpeningHours.objects.bulk_create(
            [OpeningHours(depot=depot, weekday=d, opens=datetime.time(10), closes=datetime.time(18)) for d in range(7)]
        )
    return depot


def make_item_type(depot: Depot, **fields: Any) -> ItemType:
    defaults: dict[str, Any] = {"name": unique("Skøyter"), "category": "skating", "default_loan_days": 7}
    defaults.update(fields)
    return ItemType.objects.create(municipality=depot.municipality, depot=depot, **defaults)


def make_units(item_type: ItemType, count: int = 1, size: str = "", **fields: Any) -> list[Unit]:
    return [
        Unit.objects.create(
            municipality=item_type.municipality,
            item_type=item_type,
            code=unique(item_type.depot.code_prefix).upper(),
            size=size,
            **fields,
        )
        for _ in range(count)
    ]


def make_borrower(municipality: Municipality, **fields: Any) -> Borrower:
    defaults: dict[str, Any] = {
        "full_name": unique("Låner"),
        "phone": "+4791234567",
        "birth_year": 1985,
        "id_checked_at": timezone.now(),
    }
    defaults.update(fields)
    return Borrower.objects.create(municipality=municipality, **defaults)


def make_depot_staff(depot: Depot, user: User | None = None) -> User:
    user = user or make_user()
    DepotStaff.objects.create(depot=depot, user=user)
    return user
