"""Sign-ups racing for the last places on PostgreSQL: never more confirmed than there are places."""

import threading

import pytest
from django.db import connection

from sammen.activities import services
from sammen.activities.models import SignUp, SignUpStatus
from sammen.core.testing import make_municipality, make_user

from .factories import make_activity


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_overfill():
    municipality = make_municipality()
    activity = make_activity(municipality, join_method="sign_up", capacity=5, has_waiting_list=True)
    people = [make_user() for _ in range(20)]
    barrier = threading.Barrier(len(people))
    errors = []

    def sign_up(person):
        try:
            barrier.wait()
            services.signup_create(actor=person, activity=activity, participant_name=person.email)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert SignUp.objects.filter(status=SignUpStatus.CONFIRMED).count() == 5
    assert SignUp.objects.filter(status=SignUpStatus.WAITING).count() == 15


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_each_waiting_person_once():
    municipality = make_municipality()
    activity = make_activity(municipality, join_method="sign_up", capacity=3)
    people = [make_user() for _ in range(8)]
    signups = [services.signup_create(actor=p, activity=activity, participant_name="x") for p in people]
    holders = signups[:3]
    barrier = threading.Barrier(len(holders))

    def cancel(signup):
        barrier.wait()
        try:
            services.signup_cancel(actor=signup.user, signup=signup)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(s,)) for s in holders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    confirmed = list(SignUp.objects.filter(status=SignUpStatus.CONFIRMED).order_by("id").values_list("id", flat=True))
    assert confirmed == [s.pk for s in signups[3:6]]
    assert SignUp.objects.filter(status=SignUpStatus.WAITING).count() == 2
