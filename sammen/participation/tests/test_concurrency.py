"""Concurrent writes on PostgreSQL: threads with their own database connections start together at a barrier."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sammen.participation import events, portal, services
from sammen.participation.imports import ImportDefaults, import_apply
from sammen.participation.models import Input, InputStatus, Registration, RegistrationStatus, Support

from .factories import make_engagement, make_input, make_process

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(work, count):
    """Run work(index) in `count` threads released at once; return (results, errors) by index."""
    barrier = threading.Barrier(count)
    results, errors = {}, {}

    def runner(index):
        try:
            barrier.wait(timeout=20)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - collected and asserted on by the test
            errors[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_simultaneous_supports_are_each_counted_once(world):
    process = make_process(world.municipality, world.neighbourhood)
    item = make_input(process)

    _results, errors = run_together(
        lambda n: portal.support_add(item=item, user=None, anonymous_key=f"browser-{n}"), 16
    )
    assert not errors
    # The same browser, eight times at once: one support.
    same, errors = run_together(lambda n: portal.support_add(item=item, user=None, anonymous_key="one-browser"), 8)
    assert not errors
    assert sorted(same.values()) == [False] * 7 + [True]

    item.refresh_from_db()
    assert item.support_count == Support.objects.filter(input=item).count() == 17


def test_the_last_places_go_to_exactly_as_many_people_as_there_is_room_for(world):
    process = make_process(world.municipality, world.neighbourhood)
    event = make_engagement(
        process,
        status="planned",
        date=timezone.localdate() + datetime.timedelta(days=7),
        signup_enabled=True,
        capacity=5,
    )

    results, errors = run_together(
        lambda n: events.registration_create(engagement=event, name=f"Person {n}", email=f"p{n}@example.com"), 12
    )

    assert not errors
    statuses = sorted(r.status for r in results.values())
    assert statuses.count(RegistrationStatus.CONFIRMED) == 5
    assert statuses.count(RegistrationStatus.WAITING) == 7
    assert events.seats_taken(event) == 5
    assert Registration.objects.filter(engagement=event).count() == 12


def test_confirming_the_same_import_twice_at_once_imports_each_row_once(world):
    process = make_process(world.municipality, world.neighbourhood)
    content = ("tekst\n" + "\n".join(f"Innspill nummer {n}" for n in range(200))).encode()
    defaults = ImportDefaults(received_on=datetime.date(2025, 2, 1))
    coordinator = world.users["coordinator"]

    results, errors = run_together(
        lambda n: import_apply(
            actor=coordinator, process=process, content=content, filename="a.csv", defaults=defaults
        ),
        3,
    )

    assert len(results) == 1 and len(errors) == 2
    assert all(isinstance(error, ValidationError) for error in errors.values())
    assert Input.objects.filter(process=process).count() == 200


def test_one_duplicate_merged_into_two_inputs_at_once_lands_in_one(world):
    process = make_process(world.municipality, world.neighbourhood)
    first, second, twin = make_input(process), make_input(process), make_input(process)
    admin = world.users["municipality_admin"]

    results, errors = run_together(
        lambda n: services.input_merge(actor=admin, target=[first, second][n], duplicates=[twin]), 2
    )

    assert len(results) == 1 and len(errors) == 1
    twin.refresh_from_db()
    assert twin.status == InputStatus.MERGED
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.mentions + second.mentions == 3  # the twin's voice is counted once


def test_sticky_notes_typed_at_the_same_time_by_two_coordinators_are_all_kept(world):
    process = make_process(world.municipality, world.neighbourhood, areas=2)
    coordinator, admin = world.users["coordinator"], world.users["municipality_admin"]
    notes = "\n".join(f"1: Lapp {n}" for n in range(30))

    _results, errors = run_together(
        lambda n: services.input_bulk_create(
            actor=[coordinator, admin][n],
            process=process,
            notes=notes,
            received_on=datetime.date(2025, 2, 1),
            tag_names=["verksted"],
        ),
        2,
    )

    assert not errors
    assert Input.objects.filter(process=process).count() == 60
    assert process.tags.count() == 1
