import datetime

import pytest

from sammen.core.privacy import person_erase, person_export_data
from sammen.participation.models import Comment, Follow, Input, Registration, Support

from .factories import make_engagement, make_input, make_process, make_registration

pytestmark = pytest.mark.django_db


def test_a_person_exports_and_erases_their_co_creation_data(world):
    citizen = world.users["citizen"]
    process = make_process(world.municipality, world.neighbourhood)
    item = make_input(
        process,
        author=citizen,
        text="Flere benker",
        contact_email="citizen@example.com",
        contact_consent_at=datetime.datetime.now(datetime.UTC),
    )
    other = make_input(process, support_count=1)
    Support.objects.create(input=other, user=citizen)
    Follow.objects.create(input=other, user=citizen)
    Comment.objects.create(input=other, author=citizen, text="Enig", status="published")
    make_registration(make_engagement(process), user=citizen, name="Per Nabo", email="citizen@example.com")

    data = person_export_data(citizen)["participation"]
    assert data["inputs"][0]["text"] == "Flere benker"
    assert data["comments"][0]["text"] == "Enig"
    assert data["supported_inputs"] == [other.pk] and data["followed_inputs"] == [other.pk]
    assert data["sign_ups"][0]["name"] == "Per Nabo"

    person_erase(citizen)

    item.refresh_from_db()
    other.refresh_from_db()
    assert item.author is None and item.contact_email == "" and item.contact_consent_at is None
    assert item.text == "Flere benker"  # the contribution stays, without the person
    assert other.support_count == 0 and not Support.objects.exists() and not Follow.objects.exists()
    assert Comment.objects.get().author is None
    registration = Registration.objects.get()
    assert (registration.user, registration.name, registration.email) == (None, "", "")
    assert Input.objects.count() == 2
