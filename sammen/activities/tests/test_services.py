"""Listing, validating, publishing, confirming activities; sign-ups with capacity and waiting list; reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sammen.activities import services
from sammen.activities.models import Activity, ActivityStatus, Schedule, Session, SignUp, SignUpStatus
from sammen.core.models import AuditEntry
from sammen.core.testing import make_municipality, make_organisation, make_user, make_venue, row_fingerprint

from .factories import category, make_activity, representative, venue, weekly

pytestmark = pytest.mark.django_db

WATCHED = (Activity, Schedule, Session, AuditEntry)


@pytest.fixture
def club(db):
    municipality = make_municipality(slug="fjordby")
    organisation = make_organisation(municipality, name="Borgen IL")
    return municipality, organisation, representative(organisation)


def _fields(municipality, **extra):
    fields = {
        "title": "Allidrett",
        "description": "Lek og idrett.",
        "category": category(municipality),
        "venue": venue(municipality),
    }
    fields.update(extra)
    return fields


def test_a_representative_lists_a_weekly_activity_with_its_sessions(club):
    municipality, organisation, rep = club
    activity = services.activity_create(
        actor=rep,
        organisation=organisation,
        schedule=weekly(),
        publish=True,
        **_fields(municipality, age_min=6, age_max=10, target_groups=["children"], languages=["nb", "so"]),
    )
    assert activity.status == ActivityStatus.PUBLISHED
    assert activity.confirmed_at is not None
    assert activity.target_groups == ",children,"
    assert activity.languages == ",nb,so,"
    assert activity.search_document.startswith("allidrett lek og idrett. borgen il idrett")
    assert activity.sessions.filter(weekday=1, start_minute=17 * 60).count() >= 25
    assert AuditEntry.objects.filter(action="activities.activity.create", object_id=str(activity.pk)).exists()


@pytest.mark.parametrize(
    ("extra", "schedule", "field"),
    [
        ({"description": "<script>alert(1)</script>Hei"}, None, "description"),
        ({"title": "<b>Fotball</b>"}, None, "title"),
        ({"age_min": 12, "age_max": 8}, None, "age_max"),
        ({"age_min": 150}, None, "age_min"),
        ({"price_type": "fixed", "price_ore": -100}, None, "price_ore"),
        ({"price_type": "fixed"}, None, "price_ore"),
        ({"join_method": "external"}, None, "join_url"),
        ({"join_method": "sign_up"}, None, "capacity"),
        ({}, "FREQ=WEEKLY;BYDAY=NOPE", "rrule"),
        ({}, "end-before-start", "end_time"),
        ({"target_groups": ["aliens"]}, None, "target_groups"),
        ({"languages": ["xx"]}, None, "languages"),
    ],
)
def test_bad_input_gets_a_message_and_nothing_is_saved(club, extra, schedule, field):
    municipality, organisation, rep = club
    data = weekly()
    if schedule == "end-before-start":
        data.end_time = datetime.time(16, 0)
    elif schedule:
        data.rrule = schedule
    fields = _fields(municipality, **extra)
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError) as error:
        services.activity_create(actor=rep, organisation=organisation, schedule=data, **fields)
    assert field in error.value.message_dict
    assert row_fingerprint(WATCHED) == before


def test_a_venue_of_another_municipality_is_refused(club):
    municipality, organisation, rep = club
    elsewhere = make_venue(make_municipality())
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=rep, organisation=organisation, schedule=weekly(), **_fields(municipality, venue=elsewhere)
        )
    assert "venue" in error.value.message_dict


def test_only_representatives_and_admins_may_list_for_an_organisation(club):
    municipality, organisation, _rep = club
    stranger = make_user()
    other_rep = representative(make_organisation(municipality))
    for actor in (stranger, other_rep):
        with pytest.raises(PermissionDenied):
            services.activity_create(actor=actor, organisation=organisation, schedule=weekly(), **_fields(municipality))
    assert not Activity.objects.exists()


def test_a_pending_organisation_may_save_drafts_but_not_publish(club):
    municipality, _organisation, _rep = club
    pending = make_organisation(municipality, status="pending")
    rep = representative(pending)
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=rep, organisation=pending, schedule=weekly(), publish=True, **_fields(municipality)
        )
    assert "approve" in error.value.message_dict["status"][0]
    draft = services.activity_create(actor=rep, organisation=pending, schedule=weekly(), **_fields(municipality))
    assert draft.status == ActivityStatus.DRAFT
    with pytest.raises(ValidationError):
        services.activity_set_status(actor=rep, activity=draft, status=ActivityStatus.PUBLISHED)


def test_price_bands_set_the_lowest_price(club):
    municipality, organisation, rep = club
    activity = services.activity_create(
        actor=rep,
        organisation=organisation,
        schedule=weekly(),
        price_bands=[("Barn", 20000), ("Voksne", 40000)],
        **_fields(municipality, price_type="bands"),
    )
    assert activity.price_from_ore == 20000
    assert list(activity.price_bands.values_list("label", "amount_ore")) == [("Barn", 20000), ("Voksne", 40000)]


def test_updating_bumps_the_feed_stamps(club):
    municipality, organisation, rep = club
    activity = make_activity(municipality, organisation=organisation, actor=rep)
    stamp = activity.modified_stamp
    services.activity_update(actor=rep, activity=activity, title="Allidrett for alle")
    activity.refresh_from_db()
    assert activity.modified_stamp > stamp
    assert not activity.sessions.filter(modified_stamp__lte=stamp).exists()


def test_stale_listings_get_one_reminder_and_confirming_makes_them_fresh(club):
    municipality, organisation, rep = club
    activity = make_activity(municipality, organisation=organisation, actor=rep, contact_email="leder@borgen.example")
    Activity.objects.filter(pk=activity.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=340))
    assert services.reminders_send(base_url="https://sammen.example") == 1
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([rep.email, "leder@borgen.example"])
    assert f"https://sammen.example/fjordby/activities/manage/{activity.pk}/confirm/" in mail.outbox[0].body
    assert services.reminders_send() == 0  # once per season
    activity.refresh_from_db()
    services.activity_confirm(actor=rep, activity=activity)
    activity.refresh_from_db()
    assert activity.reminder_sent_at is None
    assert timezone.now() - activity.confirmed_at < datetime.timedelta(minutes=1)


@pytest.fixture
def course(club):
    municipality, organisation, rep = club
    return make_activity(municipality, organisation=organisation, actor=rep, join_method="sign_up", capacity=2)


def test_sign_ups_fill_the_places_then_the_waiting_list_then_move_up(course):
    people = [make_user() for _ in range(3)]
    signups = [
        services.signup_create(actor=p, activity=course, participant_name=f"Barn {i}") for i, p in enumerate(people)
    ]
    assert [s.status for s in signups] == [SignUpStatus.CONFIRMED, SignUpStatus.CONFIRMED, SignUpStatus.WAITING]
    with pytest.raises(ValidationError):
        services.signup_create(actor=people[0], activity=course, participant_name="Barn 0")
    services.signup_cancel(actor=people[0], signup=signups[0])
    signups[2].refresh_from_db()
    assert signups[2].status == SignUpStatus.CONFIRMED


def test_a_fee_holds_the_place_until_paid(course):
    Activity.objects.filter(pk=course.pk).update(signup_fee_ore=25000)
    course.refresh_from_db()
    person = make_user()
    signup = services.signup_create(actor=person, activity=course, participant_name="Yusuf")
    assert signup.status == SignUpStatus.AWAITING_PAYMENT
    # The activity card (issue 7) calls this without a person when the card has paid.
    services.signup_mark_paid(actor=None, signup=signup, reference="card:tx-1")
    signup.refresh_from_db()
    assert (signup.status, signup.paid_reference) == (SignUpStatus.CONFIRMED, "card:tx-1")
    with pytest.raises(ValidationError):
        services.signup_mark_paid(actor=None, signup=signup, reference="card:tx-2")


def test_a_full_activity_without_waiting_list_refuses(course):
    Activity.objects.filter(pk=course.pk).update(capacity=1, has_waiting_list=False)
    course.refresh_from_db()
    services.signup_create(actor=make_user(), activity=course, participant_name="A")
    with pytest.raises(ValidationError):
        services.signup_create(actor=make_user(), activity=course, participant_name="B")
    assert SignUp.objects.count() == 1
