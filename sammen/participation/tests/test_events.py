"""Public events with sign-up, waiting list and attendance; the dialogue dinner kit."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from sammen.core.testing import client_for
from sammen.participation import events
from sammen.participation.models import Engagement, Input, InputStatus, Registration, RegistrationStatus

from .factories import make_engagement, make_process, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    process = make_process(world.municipality, world.neighbourhood)
    return make_engagement(
        process,
        status="planned",
        date=timezone.localdate() + datetime.timedelta(days=10),
        signup_enabled=True,
        capacity=3,
        participants_from_attendance=True,
    )


def sign_up(event, name, seats=1, **kwargs):
    return events.registration_create(
        engagement=event, name=name, email=f"{name.lower()}@example.com", seats=seats, **kwargs
    )


def test_sign_ups_fill_the_places_then_the_waiting_list(event):
    first = sign_up(event, "Kari", seats=2)
    second = sign_up(event, "Ola")
    third = sign_up(event, "Per")
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waiting"]
    assert events.seats_taken(event) == 3


def test_a_cancellation_moves_the_waiting_list_up_in_order(event, django_capture_on_commit_callbacks):
    kari = sign_up(event, "Kari", seats=2)
    sign_up(event, "Ola")
    big = sign_up(event, "Stor", seats=3)
    small = sign_up(event, "Liten")

    with django_capture_on_commit_callbacks(execute=True):
        promoted = events.registration_cancel(registration=kari)

    # "Stor" came first but does not fit in two places, and nobody jumps the queue past them.
    assert promoted == []
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == small.status == RegistrationStatus.WAITING

    ola = Registration.objects.get(name="Ola")
    with django_capture_on_commit_callbacks(execute=True):
        promoted = events.registration_cancel(registration=ola)
    assert [r.name for r in promoted] == ["Stor"]
    assert mail.outbox[-1].to == ["stor@example.com"]


def test_the_same_e_mail_cannot_sign_up_twice(event):
    sign_up(event, "Kari")
    with pytest.raises(ValidationError):
        events.registration_create(engagement=event, name="Kari igjen", email="KARI@example.com")
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "key"),
    [({"name": ""}, "name"), ({"email": "", "phone": ""}, "email"), ({"email": "not-an-address"}, "email")],
)
def test_a_sign_up_needs_a_name_and_a_way_to_reach_the_person(event, fields, key):
    data = {"name": "Kari", "email": "kari@example.com", **fields}
    with pytest.raises(ValidationError) as error:
        events.registration_create(engagement=event, **data)
    assert key in error.value.message_dict
    assert Registration.objects.count() == 0


def test_sign_up_is_closed_for_past_and_held_events(event):
    Engagement.objects.filter(pk=event.pk).update(date=timezone.localdate() - datetime.timedelta(days=1))
    event.refresh_from_db()
    with pytest.raises(ValidationError):
        sign_up(event, "Kari")
    assert not events.signup_is_open(event)


def test_attendance_at_the_door_sets_the_participant_count(world, event):
    kari = sign_up(event, "Kari", seats=2)
    ola = sign_up(event, "Ola")
    coordinator = world.users["coordinator"]

    events.attendance_set(actor=coordinator, registration=kari, attended=True)
    events.walk_in_add(actor=coordinator, engagement=event, name="Nabo", seats=3)
    event.refresh_from_db()
    assert (event.participants_min, event.participants_max) == (5, 5)

    events.attendance_set(actor=coordinator, registration=kari, attended=False)
    events.attendance_set(actor=coordinator, registration=ola, attended=True)
    event.refresh_from_db()
    assert event.participants_max == 4


def test_the_sign_up_page_signs_up_and_shows_how_to_cancel(world, event):
    client = client_for(None, language="en")
    response = client.post(event.get_absolute_url(), {"name": "Kari", "email": "kari@example.com", "seats": 1})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert response["Location"].endswith(f"/registrations/{registration.token}/")
    page = client.get(response["Location"]).content.decode()
    assert "Cancel my sign-up" in page
    client.post(response["Location"])
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_the_attendance_page_registers_arrivals_and_walk_ins(world, event):
    registration = make_registration(event, name="Kari", seats=2)
    client = client_for(world.users["coordinator"], language="en")
    url = f"/testvik/staff/participation/{event.process.slug}/engagements/{event.pk}/attendance/"
    assert "Kari" in client.get(url).content.decode()
    client.post(url, {"action": "arrived", "registration": registration.pk})
    client.post(url, {"action": "walk_in", "name": "", "seats": 2})
    event.refresh_from_db()
    assert event.participants_max == 4
    assert "4 arrived" in client.get(url).content.decode()


# --- Dialogue dinners --------------------------------------------------------------------------------------------


@pytest.fixture
def dinner_process(world):
    return make_process(
        world.municipality,
        world.neighbourhood,
        areas=2,
        dinner_kit_enabled=True,
        dinner_guide="Hva savner du?\nHvem er alene?",
    )


def test_a_host_registers_gets_the_guide_and_reports_back(world, dinner_process, django_capture_on_commit_callbacks):
    planned = timezone.localdate() + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        dinner = events.dinner_register(
            process=dinner_process,
            name="Amina",
            email="amina@example.com",
            planned_on=planned,
            guests=6,
            consent=True,
            base_url="https://sammen.example",
        )
    assert dinner.kind == "dialogue_dinner" and dinner.status == "planned" and dinner.host_token
    message = mail.outbox[0]
    assert message.to == ["amina@example.com"]
    assert "Hva savner du?" in message.body
    assert f"https://sammen.example/testvik/participation/dinner/{dinner.host_token}/" in message.body

    events.dinner_report(
        engagement=dinner,
        held_on=timezone.localdate(),
        participants=7,
        summary="Vi snakket om møteplasser.",
        inputs_text="Flere benker\n2: Åpen kafé på senteret\n",
    )
    dinner.refresh_from_db()
    assert dinner.status == "held" and (dinner.participants_min, dinner.participants_max) == (7, 7)
    inputs = Input.objects.filter(engagement=dinner).order_by("id")
    assert [i.text for i in inputs] == ["Flere benker", "Åpen kafé på senteret"]
    assert all(i.channel == "dialogue_dinner" and i.status == InputStatus.PENDING for i in inputs)
    assert all(i.author is None and i.entered_by is None for i in inputs)
    with pytest.raises(ValidationError):
        events.dinner_report(engagement=dinner, held_on=timezone.localdate(), participants=3, summary="Igjen")


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"guests": 9}, "guests"),
        ({"guests": 0}, "guests"),
        ({"email": "feil"}, "email"),
        ({"consent": False}, "consent"),
        ({"planned_on": datetime.date(2020, 1, 1)}, "planned_on"),
    ],
)
def test_a_host_registration_with_bad_input_writes_nothing(dinner_process, fields, key):
    data = {
        "name": "Amina",
        "email": "amina@example.com",
        "planned_on": timezone.localdate() + datetime.timedelta(days=5),
        "guests": 6,
        "consent": True,
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        events.dinner_register(process=dinner_process, **data)
    assert key in error.value.message_dict
    assert Engagement.objects.count() == 0


def test_a_report_with_a_bad_line_writes_nothing(dinner_process):
    dinner = make_engagement(dinner_process, kind="dialogue_dinner", status="planned", host_token="abc")
    with pytest.raises(ValidationError) as error:
        events.dinner_report(
            engagement=dinner, held_on=timezone.localdate(), participants=5, summary="Fint", inputs_text="9: Ukjent"
        )
    assert "inputs" in error.value.message_dict
    dinner.refresh_from_db()
    assert dinner.reported_at is None and Input.objects.count() == 0


def test_the_host_pages_work_without_an_account(world, dinner_process):
    client = client_for(None, language="en")
    url = f"/testvik/participation/{dinner_process.slug}/dinner/"
    page = client.get(url).content.decode()
    assert "Hva savner du?" in page
    response = client.post(
        url,
        {
            "name": "Amina",
            "email": "amina@example.com",
            "planned_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "guests": 5,
            "consent": "on",
        },
    )
    dinner = Engagement.objects.get()
    assert response["Location"] == f"/testvik/participation/dinner/{dinner.host_token}/"
    report = client.post(
        response["Location"],
        {"held_on": timezone.localdate().isoformat(), "participants": 6, "summary": "God stemning", "inputs": "Lys"},
    )
    assert report.status_code == 302
    assert "Reported on" in client.get(response["Location"]).content.decode()
    assert client.get("/testvik/participation/dinner/feil-token/").status_code == 404


def test_a_hosts_summary_is_for_staff_only(world, dinner_process):
    dinner = make_engagement(
        dinner_process, kind="dialogue_dinner", host_token="abc", host_name="Amina", summary="Naboen min er ensom."
    )
    assert "Naboen min er ensom." not in client_for(None).get(dinner.get_absolute_url()).content.decode()
    assert "Amina" not in client_for(None).get(dinner.get_absolute_url()).content.decode()
    staff_page = client_for(world.users["coordinator"]).get(dinner.get_absolute_url()).content.decode()
    assert "Naboen min er ensom." in staff_page
