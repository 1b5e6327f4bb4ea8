"""Concurrent writes on PostgreSQL: threads with their own database connections, released at the same moment."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from sammen.core.testing import make_municipality, make_user
from sammen.exchange import services
from sammen.exchange.models import Agreement, ShiftSignup

from .factories import (
    add_event_role,
    add_participant,
    make_actor,
    make_agreement,
    make_event,
    make_follow_up,
    make_shift,
    make_signup,
    make_task,
    make_volunteer,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls):
    """Run each call in its own thread (and database connection), all released by one barrier."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _event_with_two_brokers():
    municipality = make_municipality()
    first, second = make_user(), make_user()
    event = make_event(municipality)
    add_event_role(event, first, "broker")
    add_event_role(event, second, "broker")
    club, shop = make_actor(municipality), make_actor(municipality)
    add_participant(event, club)
    add_participant(event, shop)
    return municipality, event, first, second, club, shop


def _register(user, municipality, event, a, b, key):
    def call():
        return services.agreement_register(
            user=user,
            municipality=municipality,
            idempotency_key=key,
            party_a=a,
            party_b=b,
            party_a_gives="Lokaler",
            category="premises",
            event=event,
        )

    return call


@pytest.mark.parametrize("attempt", range(5))
def test_two_brokers_registering_the_same_agreement_at_once_make_one(attempt):
    municipality, event, first, second, club, shop = _event_with_two_brokers()
    results = run_together(
        _register(first, municipality, event, club, shop, uuid.uuid4()),
        _register(second, municipality, event, shop, club, uuid.uuid4()),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Agreement.objects.filter(event=event).count() == 1
    assert {r.agreement.pk for r in results} == {Agreement.objects.get(event=event).pk}
    assert sorted(r.created for r in results) == [False, True]


@pytest.mark.parametrize("attempt", range(5))
def test_the_same_form_sent_twice_at_once_makes_one(attempt):
    municipality, event, first, _second, club, shop = _event_with_two_brokers()
    key = uuid.uuid4()
    results = run_together(
        _register(first, municipality, event, club, shop, key),
        _register(first, municipality, event, club, shop, key),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Agreement.objects.filter(idempotency_key=key).count() == 1
    assert len({r.agreement.pk for r in results}) == 1


def test_a_shift_is_never_over_filled():
    municipality = make_municipality()
    task = make_task(make_actor(municipality))
    shift = make_shift(task, capacity=3)
    people = [make_user() for _ in range(10)]
    results = run_together(
        *[
            (lambda person=person: services.shift_signup(user=person, shift=shift, display_name="Frivillig"))
            for person in people
        ]
    )
    taken = [r for r in results if isinstance(r, ShiftSignup)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(taken) == 3
    assert len(refused) == 7
    assert all("full" in str(r) for r in refused)
    assert ShiftSignup.objects.filter(shift=shift, status="active").count() == 3


def test_reminders_sent_by_two_runs_at_once_go_out_once():
    municipality = make_municipality()
    organiser = make_user("arrangor@example.com")
    agreement = make_agreement(make_actor(municipality), make_actor(municipality))
    make_follow_up(agreement, assignee=organiser)
    task = make_task(make_actor(municipality))
    make_signup(make_shift(task, starts_in_hours=5), make_volunteer(municipality, contact_email="per@example.com"))
    mail.outbox.clear()
    results = run_together(
        services.follow_up_reminders_send,
        services.follow_up_reminders_send,
        services.shift_reminders_send,
        services.shift_reminders_send,
    )
    assert sorted(results) == [0, 0, 1, 1]
    assert sorted(m.to[0] for m in mail.outbox) == ["arrangor@example.com", "per@example.com"]


def test_the_database_decides_even_when_both_brokers_pass_the_friendly_check(monkeypatch):
    """Force the race: each thread's first look for an existing agreement finds nothing, so both insert and the
    unique constraint on the pair must turn the loser's insert into the winner's agreement."""
    from sammen.exchange.services import agreements

    original = agreements._existing
    seen = threading.local()

    def blind_first_look(*args, **kwargs):
        if not getattr(seen, "looked", False):
            seen.looked = True
            return None
        return original(*args, **kwargs)

    monkeypatch.setattr(agreements, "_existing", blind_first_look)
    municipality, event, first, second, club, shop = _event_with_two_brokers()
    results = run_together(
        _register(first, municipality, event, club, shop, uuid.uuid4()),
        _register(second, municipality, event, shop, club, uuid.uuid4()),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Agreement.objects.filter(event=event).count() == 1
    loser = next(r for r in results if not r.created)
    assert loser.duplicate and loser.agreement.pk == Agreement.objects.get(event=event).pk
