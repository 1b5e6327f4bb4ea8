"""Factories for the activities tests: activities made through the service, as a representative would."""

from __future__ import annotations

import datetime
from typing import Any

from sammen.accounts.models import User
from sammen.activities import services
from sammen.activities.models import Activity, Category
from sammen.core.testing import add_member, make_organisation, make_user, make_venue
from sammen.organisations.models import Organisation
from sammen.places.models import Municipality, Venue


def category(municipality: Municipality, key: str = "sport") -> Category:
    services.category_defaults_ensure(municipality=municipality)
    return Category.objects.get(municipality=municipality, key=key)


def venue(municipality: Municipality, **fields: Any) -> Venue:
    defaults: dict[str, Any] = {"latitude": "59.838600", "longitude": "10.434700", "is_step_free": True}
    defaults.update(fields)
    return make_venue(municipality, **defaults)


def representative(organisation: Organisation) -> User:
    return add_member(organisation, make_user())


def weekly(
    start: datetime.date | None = None,
    *,
    days: str = "TU",
    start_time: str = "17:00",
    end_time: str = "18:30",
    until: datetime.date | None = None,
    exdates: str = "",
) -> services.ScheduleInput:
    start = start or datetime.date.today() - datetime.timedelta(days=7)
    rule = f"FREQ=WEEKLY;BYDAY={days}"
    if until:
        rule += f";UNTIL={until:%Y%m%d}T235959"
    return services.ScheduleInput(
        start_date=start,
        start_time=datetime.time.fromisoformat(start_time),
        end_time=datetime.time.fromisoformat(end_time),
        rrule=rule,
        exdates=exdates,
    )


def make_activity(
    municipality: Municipality,
    *,
    organisation: Organisation | None = None,
    actor: User | None = None,
    schedule: services.ScheduleInput | None = None,
    publish: bool = True,
    **fields: Any,
) -> Activity:
    organisation = organisation or make_organisation(municipality)
    actor = actor or representative(organisation)
    defaults: dict[str, Any] = {
        "title": "Allidrett",
        "description": "Lek og idrett for barn.",
        "category": category(municipality, fields.pop("category_key", "sport")),
        "venue": fields.pop("venue", None) or venue(municipality),
    }
    defaults.update(fields)
    return services.activity_create(
        actor=actor, organisation=organisation, schedule=schedule or weekly(), publish=publish, **defaults
    )
