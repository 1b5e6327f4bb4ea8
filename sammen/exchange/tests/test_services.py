import datetime
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sammen.core.models import AuditEntry
from sammen.core.sms import MemorySmsBackend
from sammen.core.testing import add_member, make_organisation, make_user
from sammen.exchange import services
from sammen.exchange.models import (
    Actor,
    Agreement,
    ContactRequest,
    EventParticipant,
    EventRole,
    FollowUp,
    Listing,
    Shift,
    ShiftSignup,
    weekday_mask,
)

from .factories import (
    add_event_role,
    add_participant,
    make_actor,
    make_event,
    make_follow_up,
    make_listing,
    make_shift,
    make_signup,
    make_task,
    make_volunteer,
)

pytestmark = pytest.mark.django_db


# Actors ------------------------------------------------------------------------------------------------------------


def test_representative_brings_the_organisation_in_with_its_contact(world):
    world.organisation.email = "post@testvik-il.example"
    world.organisation.contact_name = "Trine Trener"
    world.organisation.save()
    actor = services.actor_join_organisation(
        user=world.users["organisation_representative"],
        municipality=world.municipality,
        organisation=world.organisation,
        about="Vi har en klubbhall og mange foreldre.",
    )
    assert actor.name == "Testvik IL"
    assert actor.kind == "organisation"
    assert (actor.contact_name, actor.contact_email) == ("Trine Trener", "post@testvik-il.example")
    assert AuditEntry.objects.filter(action="exchange.actor.join").count() == 1
    with pytest.raises(ValidationError):
        services.actor_join_organisation(
            user=world.users["organisation_representative"],
            municipality=world.municipality,
            organisation=world.organisation,
        )
    assert Actor.objects.count() == 1


def test_only_representatives_or_staff_bring_an_organisation_in(world):
    for role in ("citizen", "provider", "caseworker", "other_municipality_admin"):
        with pytest.raises(PermissionDenied):
            services.actor_join_organisation(
                user=world.users[role], municipality=world.municipality, organisation=world.organisation
            )
    pending = make_organisation(world.municipality, status="pending")
    add_member(pending, world.users["citizen"])
    with pytest.raises(ValidationError) as error:
        services.actor_join_organisation(
            user=world.users["citizen"], municipality=world.municipality, organisation=pending
        )
    assert "organisation" in error.value.message_dict
    assert not Actor.objects.exists()
    actor = services.actor_join_organisation(
        user=world.users["coordinator"], municipality=world.municipality, organisation=world.provider
    )
    assert actor.kind == "municipal"


def test_volunteer_profile_needs_a_name_and_is_one_per_municipality(world):
    citizen = world.users["citizen"]
    with pytest.raises(ValidationError) as error:
        services.actor_join_volunteer(user=citizen, municipality=world.municipality, display_name="  ")
    assert "display_name" in error.value.message_dict
    actor = services.actor_join_volunteer(user=citizen, municipality=world.municipality, display_name="Per N.")
    assert actor.kind == "volunteer" and actor.contact_email == citizen.email
    with pytest.raises(ValidationError):
        services.actor_join_volunteer(user=citizen, municipality=world.municipality, display_name="Per")
    assert Actor.objects.count() == 1


# Offers and needs --------------------------------------------------------------------------------------------------


def test_listing_is_created_with_clean_tags_weekdays_and_audit(world):
    actor = make_actor(world.municipality, organisation=world.organisation)
    listing = services.listing_create(
        user=world.users["organisation_representative"],
        actor=actor,
        side="offer",
        category="premises",
        title="<b>Klubbhuset</b> tirsdager",
        description="Plass til 40",
        weekdays=[1, 3],
        neighbourhood=world.neighbourhood,
        tags="Møterom, møterom,  kjøkken ",
    )
    assert listing.title == "Klubbhuset tirsdager"
    assert listing.weekdays == weekday_mask([1, 3])
    assert sorted(t.name for t in listing.tags.all()) == ["kjøkken", "møterom"]
    assert AuditEntry.objects.get(action="exchange.listing.create").after["tags"] == ["møterom", "kjøkken"]


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"title": "  "}, "title"),
        ({"category": "money"}, "category"),
        ({"starts_on": datetime.date(2026, 5, 2), "ends_on": datetime.date(2026, 5, 1)}, "ends_on"),
        ({"tags": "x" * 41}, "tags"),
        ({"tags": ",".join(f"t{i}" for i in range(11))}, "tags"),
        ({"visibility": "secret"}, "visibility"),
    ],
)
def test_bad_listing_input_is_refused_and_saves_nothing(world, fields, error_field):
    actor = make_actor(world.municipality, organisation=world.organisation)
    data = {"category": "premises", "title": "Lokaler", **fields}
    with pytest.raises(ValidationError) as error:
        services.listing_create(user=world.users["organisation_representative"], actor=actor, side="offer", **data)
    assert error_field in error.value.message_dict
    assert not Listing.objects.exists()
    assert not AuditEntry.objects.exists()


def test_listing_in_a_foreign_neighbourhood_or_for_someone_elses_actor_is_refused(world):
    actor = make_actor(world.municipality, organisation=world.organisation)
    with pytest.raises(ValidationError):
        services.listing_create(
            user=world.users["organisation_representative"],
            actor=actor,
            side="need",
            category="transport",
            title="Buss",
            neighbourhood=world.foreign_neighbourhood,
        )
    with pytest.raises(PermissionDenied):
        services.listing_create(
            user=world.users["citizen"], actor=actor, side="need", category="transport", title="Buss"
        )
    assert not Listing.objects.exists()


def test_listing_for_an_event_makes_the_actor_a_participant_when_the_event_is_open(world):
    actor = make_actor(world.municipality, organisation=world.organisation)
    event = make_event(world.municipality, starts_in_hours=24 * 7)
    services.listing_create(
        user=world.users["organisation_representative"],
        actor=actor,
        side="offer",
        category="competence",
        title="Trenerkurs",
        event=event,
    )
    assert EventParticipant.objects.get(event=event, actor=actor).status == "attending"

    closed = make_event(world.municipality, starts_in_hours=24 * 7, is_open_for_registration=False)
    with pytest.raises(ValidationError) as error:
        services.listing_create(
            user=world.users["organisation_representative"],
            actor=actor,
            side="offer",
            category="competence",
            title="Trenerkurs",
            event=closed,
        )
    assert "event" in error.value.message_dict
    assert Listing.objects.count() == 1


# Contact requests --------------------------------------------------------------------------------------------------


def test_contact_request_is_answered_once_and_both_sides_hear(world):
    club = make_actor(world.municipality, organisation=world.organisation, contact_email="klubb@example.com")
    volunteer = services.actor_join_volunteer(
        user=world.users["citizen"], municipality=world.municipality, display_name="Per"
    )
    need = make_listing(club, side="need", category="transport", title="Sjåfør til turer")
    request = services.contact_request_send(
        user=world.users["citizen"], from_actor=volunteer, listing=need, message="Jeg kjører gjerne!"
    )
    assert [m.to for m in mail.outbox] == [["klubb@example.com"]]
    with pytest.raises(ValidationError):
        services.contact_request_send(user=world.users["citizen"], from_actor=volunteer, listing=need, message="Igjen")
    with pytest.raises(PermissionDenied):
        services.contact_request_answer(user=world.users["citizen"], request=request, accept=True)
    services.contact_request_answer(
        user=world.users["organisation_representative"], request=request, accept=True, answer="Så fint!"
    )
    assert request.status == "accepted"
    assert mail.outbox[-1].to == [world.users["citizen"].email]
    with pytest.raises(ValidationError):
        services.contact_request_answer(user=world.users["organisation_representative"], request=request, accept=False)
    assert ContactRequest.objects.get().status == "accepted"


def test_contact_request_needs_a_message_and_not_to_self(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    need = make_listing(club, side="need")
    rep = world.users["organisation_representative"]
    with pytest.raises(ValidationError):
        services.contact_request_send(user=rep, from_actor=club, listing=need, message="Hei")
    volunteer = make_volunteer(world.municipality, user=world.users["citizen"])
    with pytest.raises(ValidationError) as error:
        services.contact_request_send(user=world.users["citizen"], from_actor=volunteer, listing=need, message=" ")
    assert "message" in error.value.message_dict
    assert not ContactRequest.objects.exists()


# Agreements --------------------------------------------------------------------------------------------------------


@pytest.fixture
def event_setup(world):
    organiser = make_user("arrangor@example.com")
    broker = make_user("megler@example.com")
    event = make_event(world.municipality, organiser=organiser)
    add_event_role(event, broker, "broker")
    club = make_actor(world.municipality, organisation=world.organisation, contact_name="Trine", contact_phone="41")
    shop = make_actor(world.municipality, organisation_fields={"name": "Butikken", "kind": "business"})
    add_participant(event, club)
    add_participant(event, shop, status="invited")
    return event, organiser, broker, club, shop


def register(user, event, a, b, key=None, **extra):
    return services.agreement_register(
        user=user,
        municipality=event.municipality,
        idempotency_key=key or uuid.uuid4(),
        party_a=a,
        party_b=b,
        party_a_gives=extra.pop("gives", "Frukt til treningene"),
        category=extra.pop("category", "sponsorship"),
        event=event,
        **extra,
    )


def test_broker_registers_an_agreement_that_counts_at_the_event(world, event_setup):
    event, _organiser, broker, club, shop = event_setup
    result = register(broker, event, shop, club)
    agreement = result.agreement
    assert result.created and not result.duplicate
    assert agreement.status == "agreed"
    assert agreement.party_b_contact == "Trine, 41"
    assert agreement.registered_by == broker
    # The invited shop was obviously there.
    assert EventParticipant.objects.get(event=event, actor=shop).status == "attending"


def test_the_same_form_twice_is_one_agreement(world, event_setup):
    event, _organiser, broker, club, shop = event_setup
    key = uuid.uuid4()
    first = register(broker, event, shop, club, key=key)
    again = register(broker, event, shop, club, key=key)
    assert again.agreement.pk == first.agreement.pk
    assert not again.created and not again.duplicate
    assert Agreement.objects.count() == 1


def test_two_brokers_registering_the_same_pair_count_once(world, event_setup):
    event, organiser, broker, club, shop = event_setup
    first = register(broker, event, shop, club)
    second = register(organiser, event, club, shop, gives="Noe annet")
    assert second.duplicate and not second.created
    assert second.agreement.pk == first.agreement.pk
    assert Agreement.objects.count() == 1
    # Once cancelled, the pair can make a new agreement.
    services.agreement_set_status(user=organiser, agreement=first.agreement, status="cancelled")
    third = register(broker, event, club, shop)
    assert third.created
    assert Agreement.objects.count() == 2


def test_only_brokers_and_organisers_register_at_an_event(world, event_setup):
    event, _organiser, _broker, club, shop = event_setup
    for role in ("citizen", "organisation_representative", "provider", "caseworker", "other_municipality_admin"):
        with pytest.raises(PermissionDenied):
            register(world.users[role], event, shop, club)
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"gives": "  "}, "party_a_gives"),
        ({"category": "cash"}, "category"),
        ({"starts_on": datetime.date(2026, 9, 1), "ends_on": datetime.date(2026, 8, 1)}, "ends_on"),
    ],
)
def test_bad_agreement_input_saves_nothing(world, event_setup, extra, field):
    event, _organiser, broker, club, shop = event_setup
    with pytest.raises(ValidationError) as error:
        register(broker, event, shop, club, **extra)
    assert field in error.value.message_dict
    assert not Agreement.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="exchange.agreement").exists()


def test_one_party_cannot_agree_with_itself_or_a_foreign_actor(world, event_setup):
    event, _organiser, broker, club, _shop = event_setup
    with pytest.raises(ValidationError):
        register(broker, event, club, club)
    foreign = make_actor(world.other_municipality)
    with pytest.raises(ValidationError):
        register(broker, event, club, foreign)
    assert not Agreement.objects.exists()


def test_no_agreements_before_the_event_starts(world):
    organiser = make_user()
    event = make_event(world.municipality, organiser=organiser, starts_in_hours=48)
    a, b = make_actor(world.municipality), make_actor(world.municipality)
    with pytest.raises(ValidationError):
        register(organiser, event, a, b)


def test_parties_make_a_draft_agreement_and_move_it_through_its_statuses(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    unit = make_actor(world.municipality, organisation=world.provider)
    rep = world.users["organisation_representative"]
    result = services.agreement_register(
        user=rep,
        municipality=world.municipality,
        idempotency_key=uuid.uuid4(),
        party_a=club,
        party_b=unit,
        party_a_gives="Trenere til svømmeskolen",
        party_b_gives="Bassengtid lørdager",
        category="competence",
    )
    agreement = result.agreement
    assert agreement.status == "draft"
    with pytest.raises(ValidationError):
        services.agreement_set_status(user=rep, agreement=agreement, status="completed")
    for status in ("agreed", "under_way", "completed"):
        services.agreement_set_status(user=rep, agreement=agreement, status=status)
    assert Agreement.objects.get().status == "completed"
    with pytest.raises(ValidationError):
        services.agreement_set_status(user=rep, agreement=agreement, status="cancelled")
    with pytest.raises(PermissionDenied):
        services.agreement_set_status(user=world.users["citizen"], agreement=agreement, status="cancelled")
    assert Agreement.objects.get().status == "completed"


def test_someone_outside_the_agreement_cannot_register_it(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    unit = make_actor(world.municipality, organisation=world.provider)
    with pytest.raises(PermissionDenied):
        services.agreement_register(
            user=world.users["citizen"],
            municipality=world.municipality,
            idempotency_key=uuid.uuid4(),
            party_a=club,
            party_b=unit,
            party_a_gives="x",
            category="other",
        )


# Follow-ups and reminders ------------------------------------------------------------------------------------------


def test_follow_up_reminder_goes_out_once_on_its_day(world, event_setup):
    event, organiser, broker, club, shop = event_setup
    agreement = register(broker, event, shop, club).agreement
    due = timezone.localdate() + datetime.timedelta(days=30)
    services.follow_up_add(user=organiser, agreement=agreement, due_on=due, what="Kom fruktleveransen i gang?")
    with pytest.raises(ValidationError):
        services.follow_up_add(user=organiser, agreement=agreement, due_on=due)
    with pytest.raises(ValidationError):
        services.follow_up_add(user=organiser, agreement=agreement, due_on=timezone.localdate() - datetime.timedelta(1))
    assert services.follow_up_reminders_send() == 0
    mail.outbox.clear()
    on_the_day = timezone.now() + datetime.timedelta(days=30)
    assert services.follow_up_reminders_send(now=on_the_day) == 1
    assert services.follow_up_reminders_send(now=on_the_day) == 0
    assert [m.to for m in mail.outbox] == [[organiser.email]]
    assert "Kom fruktleveransen i gang?" in mail.outbox[0].body
    assert "Butikken" in mail.outbox[0].body


def test_organiser_sets_one_follow_up_date_for_every_agreement_of_the_event(world, event_setup):
    event, organiser, broker, club, shop = event_setup
    other = make_actor(world.municipality)
    register(broker, event, shop, club)
    register(broker, event, other, club)
    cancelled = register(broker, event, other, shop).agreement
    services.agreement_set_status(user=organiser, agreement=cancelled, status="cancelled")
    due = timezone.localdate() + datetime.timedelta(days=60)
    assert services.follow_ups_add_for_event(user=organiser, event=event, due_on=due) == 2
    assert services.follow_ups_add_for_event(user=organiser, event=event, due_on=due) == 0
    with pytest.raises(PermissionDenied):
        services.follow_ups_add_for_event(user=broker, event=event, due_on=due)
    assert FollowUp.objects.count() == 2


def test_follow_up_done_needs_a_note(world, event_setup):
    event, organiser, broker, club, shop = event_setup
    agreement = register(broker, event, shop, club).agreement
    follow_up = make_follow_up(agreement, assignee=organiser)
    with pytest.raises(ValidationError):
        services.follow_up_done(user=organiser, follow_up=follow_up, outcome=" ")
    services.follow_up_done(user=organiser, follow_up=follow_up, outcome="Går fint")
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None and follow_up.outcome == "Går fint"
    # A done follow-up sends no reminder.
    assert services.follow_up_reminders_send() == 0


# Events ------------------------------------------------------------------------------------------------------------


def test_staff_create_an_event_and_become_its_organiser(world):
    admin = world.users["municipality_admin"]
    starts = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(ValidationError):
        services.event_create(
            user=admin, municipality=world.municipality, title="Børs", starts_at=starts, ends_at=starts
        )
    event = services.event_create(
        user=admin,
        municipality=world.municipality,
        title="Frivilligbørs",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    assert EventRole.objects.get(event=event).user == admin
    for role in ("citizen", "organisation_representative", "caseworker", "other_municipality_admin"):
        with pytest.raises(PermissionDenied):
            services.event_create(
                user=world.users[role],
                municipality=world.municipality,
                title="X",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1),
            )


def test_volunteer_centre_representative_may_set_up_events(world):
    centre = make_organisation(world.municipality, kind="volunteer_centre", name="Frivilligsentralen")
    leader = add_member(centre, make_user())
    starts = timezone.now() + datetime.timedelta(days=10)
    event = services.event_create(
        user=leader,
        municipality=world.municipality,
        title="Børs",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    assert leader.has_perm("exchange.organise_event", event)


def test_invitations_bring_organisations_in_and_mail_each_once(world):
    organiser = make_user()
    event = make_event(world.municipality, organiser=organiser, starts_in_hours=24 * 14)
    club = make_actor(world.municipality, organisation=world.organisation, contact_email="klubb@example.com")
    business = make_organisation(world.municipality, name="Bakeriet", kind="business", email="bakeriet@example.com")
    assert services.event_invite(user=organiser, event=event, actors=[club], organisations=[business]) == 2
    assert services.event_invite(user=organiser, event=event, actors=[club]) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["bakeriet@example.com", "klubb@example.com"]
    assert Actor.objects.filter(organisation=business).exists()
    pending = make_organisation(world.municipality, status="pending")
    with pytest.raises(ValidationError):
        services.event_invite(user=organiser, event=event, organisations=[pending])
    with pytest.raises(PermissionDenied):
        services.event_invite(user=world.users["citizen"], event=event, actors=[club])


def test_actor_answers_an_invitation(world):
    event = make_event(world.municipality, starts_in_hours=24, is_open_for_registration=False)
    club = make_actor(world.municipality, organisation=world.organisation)
    rep = world.users["organisation_representative"]
    with pytest.raises(ValidationError):
        services.event_respond(user=rep, event=event, actor=club, attending=True)
    add_participant(event, club, status="invited")
    services.event_respond(user=rep, event=event, actor=club, attending=False)
    assert EventParticipant.objects.get().status == "declined"
    with pytest.raises(PermissionDenied):
        services.event_respond(user=world.users["citizen"], event=event, actor=club, attending=True)


def test_event_roles_are_given_by_email_and_the_last_organiser_stays(world):
    organiser = make_user()
    event = make_event(world.municipality, organiser=organiser)
    with pytest.raises(ValidationError):
        services.event_role_add(user=organiser, event=event, email="nobody@example.com", role="broker")
    broker = make_user("broker2@example.com")
    services.event_role_add(user=organiser, event=event, email="BROKER2@example.com", role="broker")
    assert broker.has_perm("exchange.broker_event", event)
    assert not broker.has_perm("exchange.organise_event", event)
    with pytest.raises(ValidationError):
        services.event_role_remove(user=organiser, event_role=EventRole.objects.get(role="organiser"))


# Volunteer tasks ---------------------------------------------------------------------------------------------------


def test_weekly_shifts_keep_their_local_time_across_summer_time(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    task = make_task(club)
    tz = datetime.timezone(datetime.timedelta(hours=1))
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=tz), tick=False):
        shifts = services.shifts_add(
            user=world.users["organisation_representative"],
            task=task,
            starts_at=datetime.datetime(2026, 3, 17, 17, 0, tzinfo=tz),
            ends_at=datetime.datetime(2026, 3, 17, 19, 0, tzinfo=tz),
            capacity=4,
            repeat_weeks=1,
            repeat_until=datetime.date(2026, 4, 7),
        )
    local = [timezone.localtime(s.starts_at) for s in shifts]
    assert [(t.month, t.day, t.hour) for t in local] == [(3, 17, 17), (3, 24, 17), (3, 31, 17), (4, 7, 17)]
    assert len({s.series for s in shifts}) == 1


def test_bad_shift_input_is_refused(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    task = make_task(club)
    rep = world.users["organisation_representative"]
    soon = timezone.now() + datetime.timedelta(days=1)
    cases = [
        ({"starts_at": soon, "ends_at": soon, "capacity": 2}, "ends_at"),
        ({"starts_at": soon, "ends_at": soon + datetime.timedelta(hours=1), "capacity": 0}, "capacity"),
        ({"starts_at": timezone.now() - datetime.timedelta(hours=1), "ends_at": soon, "capacity": 2}, "starts_at"),
        (
            {
                "starts_at": soon,
                "ends_at": soon + datetime.timedelta(hours=1),
                "capacity": 2,
                "repeat_weeks": 1,
                "repeat_until": soon.date() + datetime.timedelta(days=7 * 70),
            },
            "repeat_until",
        ),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as error:
            services.shifts_add(user=rep, task=task, **data)
        assert field in error.value.message_dict
    assert not Shift.objects.exists()


def test_volunteer_signs_up_creating_a_profile_and_a_full_shift_says_so(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    shift = make_shift(make_task(club), capacity=1)
    citizen = world.users["citizen"]
    with pytest.raises(ValidationError):
        services.shift_signup(user=citizen, shift=shift)  # no name for the new profile
    services.shift_signup(user=citizen, shift=shift, display_name="Per N.", phone="+4790000000")
    assert Actor.objects.get(user=citizen).contact_phone == "+4790000000"
    with pytest.raises(ValidationError):
        services.shift_signup(user=citizen, shift=shift)
    with pytest.raises(ValidationError) as error:
        services.shift_signup(user=make_user(), shift=shift, display_name="Kari")
    assert "full" in str(error.value)
    assert ShiftSignup.objects.count() == 1


def test_cancelled_or_past_shifts_take_no_sign_ups(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    task = make_task(club)
    past = make_shift(task, starts_in_hours=-3)
    cancelled = make_shift(task, is_cancelled=True)
    for shift in (past, cancelled):
        with pytest.raises(ValidationError):
            services.shift_signup(user=world.users["citizen"], shift=shift, display_name="Per")
    assert not ShiftSignup.objects.exists()


def test_shift_reminder_is_sent_once_by_email_and_text(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    shift = make_shift(make_task(club, title="Leksehjelp"), starts_in_hours=30)
    volunteer = make_volunteer(world.municipality, contact_phone="+4791111111", contact_email="per@example.com")
    make_signup(shift, volunteer)
    assert services.shift_reminders_send() == 0  # more than 24 hours ahead
    later = timezone.now() + datetime.timedelta(hours=8)
    assert services.shift_reminders_send(now=later) == 1
    assert services.shift_reminders_send(now=later) == 0
    assert [m.to for m in mail.outbox] == [["per@example.com"]]
    assert "Leksehjelp" in mail.outbox[0].subject
    assert [m.to for m in MemorySmsBackend.outbox] == ["+4791111111"]


def test_hours_count_after_the_shift_unless_a_no_show(world):
    from sammen.exchange import selectors

    club = make_actor(world.municipality, organisation=world.organisation)
    task = make_task(club)
    volunteer = make_volunteer(world.municipality)
    done = make_signup(make_shift(task, starts_in_hours=-30, hours=2.5), volunteer)
    no_show = make_signup(make_shift(task, starts_in_hours=-50, hours=3), volunteer)
    adjusted = make_signup(make_shift(task, starts_in_hours=-80, hours=3), volunteer)
    make_signup(make_shift(task, starts_in_hours=20, hours=2), volunteer)
    rep = world.users["organisation_representative"]
    services.signup_mark(user=rep, signup=no_show, attended=False)
    services.signup_mark(user=rep, signup=adjusted, attended=True, hours=Decimal("1.5"))
    with pytest.raises(ValidationError):
        services.signup_mark(user=rep, signup=done, attended=True, hours=Decimal("25"))
    history = selectors.volunteer_hours(volunteer=volunteer)
    assert history.total == Decimal("4.00")
    assert len(history.upcoming) == 1 and len(history.past) == 3
    report = selectors.hours_by_organisation(municipality=world.municipality, year=timezone.localdate().year)
    # Shifts of the last days may fall in last year right after new year; the test only checks what is this year.
    assert all(row[0] == club.name for row in report)


def test_volunteer_cancels_before_the_shift_and_the_place_is_free_again(world):
    club = make_actor(world.municipality, organisation=world.organisation)
    shift = make_shift(make_task(club), capacity=1)
    signup = services.shift_signup(user=world.users["citizen"], shift=shift, display_name="Per")
    with pytest.raises(PermissionDenied):
        services.signup_cancel(user=make_user(), signup=signup)
    services.signup_cancel(user=world.users["citizen"], signup=signup)
    services.shift_signup(user=make_user(), shift=shift, display_name="Kari")
    assert ShiftSignup.objects.filter(status="active").count() == 1
