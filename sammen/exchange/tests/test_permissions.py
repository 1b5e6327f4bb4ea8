"""The role × view matrix of the volunteer exchange."""

import pytest
from django.urls import reverse

from sammen.core.testing import ROLE_NAMES, assert_matrix, make_user

from .factories import make_actor, make_agreement, make_event, make_listing, make_shift, make_task

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(ROLE_NAMES, "ok")
LOGGED_IN = {**EVERYONE, "anonymous": "login"}
ADMINS = ("municipality_admin", "platform_admin")
STAFF = ("coordinator", *ADMINS)


def only(*allowed, anonymous="login", otherwise="deny"):
    row = dict.fromkeys(ROLE_NAMES, otherwise)
    row["anonymous"] = anonymous
    for role in allowed:
        row[role] = "ok"
    return row


def test_role_view_matrix(world):
    m = world.municipality.slug
    club = make_actor(world.municipality, organisation=world.organisation)
    unit = make_actor(world.municipality, organisation=world.provider)
    public = make_listing(club, title="Klubbhuset")
    hidden = make_listing(club, side="need", title="Sjåfør", visibility="actors")
    agreement = make_agreement(club, unit)
    event = make_event(world.municipality, organiser=make_user())
    task = make_task(club)
    shift = make_shift(task)

    def url(name, **kwargs):
        return reverse(f"exchange:{name}", kwargs={"municipality_slug": m, **kwargs})

    urls = {
        "home": url("home"),
        "join": url("join"),
        "my exchange": url("mine"),
        "overview": url("staff_overview"),
        "search": url("listing_search"),
        "new listing": url("listing_create"),
        "public listing": public.get_absolute_url(),
        "actors-only listing": hidden.get_absolute_url(),
        "edit listing": url("listing_edit", exchange_listing_id=public.pk),
        "contact": url("contact_send", exchange_listing_id=public.pk),
        "actors": url("actor_list"),
        "actor": club.get_absolute_url(),
        "edit actor": url("actor_edit", exchange_actor_id=club.pk),
        "agreements": url("agreement_list"),
        "new agreement": url("agreement_create"),
        "agreement": agreement.get_absolute_url(),
        "edit agreement": url("agreement_edit", exchange_agreement_id=agreement.pk),
        "agreement pdf": url("agreement_pdf", exchange_agreement_id=agreement.pk),
        "events": url("event_list"),
        "new event": url("event_create"),
        "event": event.get_absolute_url(),
        "edit event": url("event_edit", exchange_event_id=event.pk),
        "manage event": url("event_manage", exchange_event_id=event.pk),
        "broker form": url("event_broker", exchange_event_id=event.pk),
        "big screen": url("event_screen", exchange_event_id=event.pk),
        "big screen live": url("event_screen_live", exchange_event_id=event.pk),
        "event report": url("event_report", exchange_event_id=event.pk),
        "event report xlsx": url("event_report_xlsx", exchange_event_id=event.pk),
        "tasks": url("task_list"),
        "task": task.get_absolute_url(),
        "new task": url("task_create"),
        "edit task": url("task_edit", exchange_task_id=task.pk),
        "task shifts": url("task_shifts", exchange_task_id=task.pk),
        "sign up": url("shift_signup", exchange_shift_id=shift.pk),
        "hours": url("hours"),
    }
    party = ("organisation_representative", *STAFF)
    matrix = {
        "home": EVERYONE,
        "join": LOGGED_IN,
        "my exchange": LOGGED_IN,
        "overview": only(*STAFF),
        "search": EVERYONE,
        "new listing": LOGGED_IN,
        "public listing": EVERYONE,
        "actors-only listing": only(*party, otherwise="missing"),
        "edit listing": only(*party),
        "contact": LOGGED_IN,
        "actors": EVERYONE,
        "actor": EVERYONE,
        "edit actor": only(*party),
        "agreements": LOGGED_IN,
        "new agreement": LOGGED_IN,
        "agreement": only(*party),
        "edit agreement": only(*party),
        "agreement pdf": only(*party),
        "events": EVERYONE,
        "new event": only(*STAFF),
        "event": EVERYONE,
        "edit event": only(*STAFF),
        "manage event": only(*STAFF),
        "broker form": only(*STAFF),
        "big screen": EVERYONE,
        "big screen live": EVERYONE,
        "event report": only(*STAFF),
        "event report xlsx": only(*STAFF),
        "tasks": EVERYONE,
        "task": EVERYONE,
        "new task": LOGGED_IN,
        "edit task": only(*party),
        "task shifts": only(*party),
        "sign up": LOGGED_IN,
        "hours": LOGGED_IN,
    }
    assert_matrix(world, matrix, urls)


def test_event_roles_open_the_organiser_and_broker_pages(world):
    from .factories import add_event_role

    event = make_event(world.municipality)
    organiser = add_event_role(event, make_user(), "organiser")
    broker = add_event_role(event, make_user(), "broker")
    from sammen.core.testing import client_for

    def url(name):
        return reverse(
            f"exchange:{name}", kwargs={"municipality_slug": world.municipality.slug, "exchange_event_id": event.pk}
        )

    for name in ("event_manage", "event_report", "event_broker", "event_edit"):
        assert client_for(organiser).get(url(name)).status_code == 200, name
    assert client_for(broker).get(url("event_broker")).status_code == 200
    for name in ("event_manage", "event_report", "event_edit"):
        assert client_for(broker).get(url(name)).status_code == 403, name
