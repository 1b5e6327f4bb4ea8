import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sammen.core.sms import MemorySmsBackend
from sammen.core.testing import make_user
from sammen.participation.models import Follow
from sammen.participation.tests.factories import make_input, make_process
from sammen.roadmap import services
from sammen.roadmap.models import FateChange

from .factories import make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(world):
    return make_process(world.municipality, world.neighbourhood, areas=1)


def test_one_message_per_person_in_their_language_and_none_on_rerun(world, process):
    follower = make_user("follower@example.com", language="en")
    author = make_user("author@example.com", language="nb")
    measure = make_measure(process, title="Benker langs elva")
    first = make_input(process, author=author)
    second = make_input(process, author=author)
    Follow.objects.create(input=first, user=follower)
    Follow.objects.create(input=second, user=follower)
    offline = make_input(
        process, contact_email="kari@example.com", contact_language="da", contact_consent_at=timezone.now()
    )
    by_phone = make_input(process, contact_phone="+4791234567", contact_consent_at=timezone.now())
    services.fates_bulk_set(
        actor=world.users["coordinator"],
        process=process,
        inputs=[first, second, offline, by_phone],
        state="in_measure",
        measure=measure,
    )
    services.fate_set(actor=world.users["coordinator"], item=first, state="answered", reason="Det er gjort.")
    mail.outbox.clear()
    call_command("roadmap_digest", stdout=None)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["author@example.com", "follower@example.com", "kari@example.com"]
    assert by_address["follower@example.com"].subject == "What became of your input"
    assert "Benker langs elva" in by_address["author@example.com"].body
    assert "Det er gjort." in by_address["author@example.com"].body
    assert len(MemorySmsBackend.outbox) == 1
    assert not FateChange.objects.filter(notified_at__isnull=True).exists()
    call_command("roadmap_digest", stdout=None)
    assert len(mail.outbox) == 3 and len(MemorySmsBackend.outbox) == 1


def test_a_contact_without_consent_is_never_written_to(world, process):
    item = make_input(process)
    services.fate_set(actor=world.users["coordinator"], item=item, state="considering")
    call_command("roadmap_digest", stdout=None)
    assert mail.outbox == []
    assert FateChange.objects.get().notified_at is not None


def test_the_task_runs_the_digest(world, process):
    from sammen.roadmap.tasks import roadmap_digest

    item = make_input(process, contact_email="ola@example.com", contact_consent_at=timezone.now())
    services.fate_set(actor=world.users["coordinator"], item=item, state="not_pursued", reason="Utenfor vårt ansvar")
    result = roadmap_digest.enqueue()
    assert result.return_value == 1
    assert "Utenfor vårt ansvar" in mail.outbox[0].body
