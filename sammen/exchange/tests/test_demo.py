import pytest
from django.core.management import call_command

from sammen.accounts.models import User
from sammen.exchange.models import Actor, Agreement, ExchangeEvent, Listing, Shift, VolunteerTask

pytestmark = pytest.mark.django_db


def test_demo_has_an_event_with_about_thirty_actors_and_a_broker_who_can_use_it(capsys):
    call_command("demo_setup")
    output = capsys.readouterr().out
    assert "frivilligbors@fjordvik.example" in output and "Exchange organiser and broker" in output
    assert "frivillig@example.com" in output
    event = ExchangeEvent.objects.get(title="Frivilligbørs på Borgen 2026")
    actors = Actor.objects.filter(municipality__slug="fjordvik")
    assert 28 <= actors.count() <= 34
    assert actors.filter(organisation__kind="business").count() >= 6
    assert actors.filter(user__isnull=False).count() == 4
    assert event.participants.count() == actors.count()
    assert Listing.objects.filter(event=event, side="offer").count() >= 15
    assert Listing.objects.filter(event=event, side="need").count() >= 15
    assert Agreement.objects.filter(event=event).count() == 5
    assert VolunteerTask.objects.filter(municipality__slug="fjordvik").count() == 3
    assert Shift.objects.filter(task__municipality__slug="fjordvik").count() > 10
    organiser = User.objects.get(email="frivilligbors@fjordvik.example")
    assert organiser.has_perm("exchange.broker_event", event)
    assert organiser.has_perm("exchange.organise_event", event)
    assert organiser.has_perm("exchange.create_event", event.municipality)
