"""The idea portal: a resident sends an idea without an account, spam protection, support, comments, follows."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sammen.core.testing import client_for
from sammen.participation import portal
from sammen.participation.models import Comment, Follow, Input, InputAttachment, InputStatus, Support
from sammen.participation.spam import form_timer_token

from .factories import make_input, make_process

pytestmark = pytest.mark.django_db


def old_timer() -> str:
    """A form-timer token issued a minute ago, as when a person has filled in the form."""
    with time_machine.travel(datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1), tick=False):
        return form_timer_token()


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("tegning.png", buffer.getvalue(), "image/png")


def idea_url(process) -> str:
    return f"/{process.municipality.slug}/participation/{process.slug}/ideas/new/"


def send(client, process, **data):
    payload = {"text": "Flere benker ved butikken", "kind": "idea", "language": "nb", "form_started": old_timer()}
    payload.update(data)
    return client.post(idea_url(process), payload)


def test_a_resident_without_an_account_sends_an_idea_that_waits_for_moderation(world):
    process = make_process(world.municipality, world.neighbourhood, areas=2, moderation="pre")
    client = client_for(None, language="en")

    response = send(
        client, process, focus_area=process.focus_areas.first().pk, contact_email="kari@example.com", consent="on"
    )

    assert response.status_code == 302 and response["Location"].endswith("/ideas/thanks/")
    item = Input.objects.get()
    assert item.status == InputStatus.PENDING and item.channel == "portal" and item.author is None
    assert item.contact_email == "kari@example.com" and item.contact_language == "en"
    assert item.reviewed_at is None
    thanks = client.get(response["Location"]).content.decode()
    assert f"Your input has number {item.pk}" in thanks and "A moderator will read it soon" in thanks
    # The sender may look at their pending input; nobody else may.
    assert client.get(item.get_absolute_url()).status_code == 200
    assert client_for(None).get(item.get_absolute_url()).status_code == 404
    assert process.inputs.filter(status=InputStatus.PUBLISHED).count() == 0


def test_with_post_moderation_an_idea_is_shown_at_once_and_queued_for_review(world):
    process = make_process(world.municipality, moderation="post")
    send(client_for(None), process)
    item = Input.objects.get()
    assert item.status == InputStatus.PUBLISHED and item.reviewed_at is None
    assert client_for(None).get(item.get_absolute_url()).status_code == 200


def test_a_logged_in_resident_is_the_author_and_follows_their_idea(world):
    process = make_process(world.municipality)
    send(client_for(world.users["citizen"]), process, language="so", text="Waxaan u baahanahay meel ammaan ah")
    item = Input.objects.get()
    assert item.author == world.users["citizen"] and item.language == "so"
    assert Follow.objects.filter(input=item, user=world.users["citizen"]).exists()


def test_a_picture_needs_a_description(world):
    process = make_process(world.municipality)
    client = client_for(None, language="en")
    response = send(client, process, image=png())
    assert response.status_code == 200
    assert "Describe what the picture shows" in response.content.decode()
    assert Input.objects.count() == 0

    response = send(client, process, image=png(), image_alt="A drawing of a bench under a tree")
    assert response.status_code == 302
    attachment = InputAttachment.objects.get()
    assert attachment.is_image and attachment.alt_text == "A drawing of a bench under a tree"


def test_a_file_that_is_not_a_picture_is_refused(world):
    process = make_process(world.municipality)
    fake = SimpleUploadedFile("bilde.png", b"not an image at all", "image/png")
    response = send(client_for(None, language="en"), process, image=fake, image_alt="x")
    assert response.status_code == 200
    assert Input.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "This field is required"),
        ({"text": "x" * 5001}, "at most 5000 characters"),
        ({"contact_email": "kari@example.com"}, "Tick the box"),
        ({"contact_email": "ikke-en-adresse"}, "valid email"),
        ({"contact_phone": "ring meg"}, "digits only"),
        ({"latitude": "59.83"}, "both latitude and longitude"),
        ({"latitude": "10.4", "longitude": "59.8"}, "lie outside Norway"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_written(world, data, message):
    process = make_process(world.municipality)
    response = send(client_for(None, language="en"), process, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Input.objects.count() == 0


def test_a_filled_honeypot_is_dropped_quietly(world):
    process = make_process(world.municipality)
    response = send(client_for(None), process, website="http://spam.example")
    assert response.status_code == 302
    assert Input.objects.count() == 0


def test_a_form_sent_faster_than_a_person_can_is_refused(world):
    process = make_process(world.municipality)
    response = send(client_for(None, language="en"), process, form_started=form_timer_token())
    assert "That was very quick" in response.content.decode()
    assert Input.objects.count() == 0


def test_a_forged_timer_is_refused_and_a_fresh_one_offered(world):
    process = make_process(world.municipality)
    response = send(client_for(None, language="en"), process, form_started="forged")
    assert "open for a long time" in response.content.decode()
    assert Input.objects.count() == 0


def test_ideas_are_rate_limited_per_connection(world):
    process = make_process(world.municipality)
    client = client_for(None, language="en")
    for n in range(5):
        assert send(client, process, text=f"Idé nummer {n}").status_code == 302
    response = send(client, process, text="Idé nummer 6")
    assert response.status_code == 200 and "Wait ten minutes" in response.content.decode()
    assert Input.objects.count() == 5


def test_a_closed_or_unpublished_process_takes_no_ideas(world):
    closed = make_process(world.municipality, accepts_ideas=False)
    assert "Not taking ideas now" in client_for(None, language="en").get(idea_url(closed)).content.decode()
    send(client_for(None), closed)
    hidden = make_process(world.municipality, published=False)
    assert client_for(None).get(idea_url(hidden)).status_code == 404
    assert Input.objects.count() == 0


# --- Support -----------------------------------------------------------------------------------------------------


def support_url(item) -> str:
    return item.get_absolute_url() + "support/"


def test_an_anonymous_resident_supports_once_with_a_browser_key(world):
    process = make_process(world.municipality)
    item = make_input(process)
    client = client_for(None)

    client.post(support_url(item))
    client.post(support_url(item))  # the same browser again

    item.refresh_from_db()
    assert item.support_count == 1
    support = Support.objects.get()
    assert support.user is None and len(support.anonymous_key) == 64  # a keyed hash, never the cookie itself
    assert support.anonymous_key != client.cookies["sammen_supporter"].value

    client_for(None).post(support_url(item))  # another browser
    item.refresh_from_db()
    assert item.support_count == 2


def test_an_account_supports_once_and_can_withdraw(world):
    process = make_process(world.municipality)
    item = make_input(process)
    client = client_for(world.users["citizen"])
    client.post(support_url(item))
    client.post(support_url(item))
    item.refresh_from_db()
    assert item.support_count == 1
    client.post(support_url(item), {"action": "remove"})
    item.refresh_from_db()
    assert item.support_count == 0 and not Support.objects.exists()


def test_support_with_htmx_returns_the_updated_widget(world):
    process = make_process(world.municipality)
    item = make_input(process)
    response = client_for(world.users["citizen"], language="en").post(support_url(item), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="support"' in content and "1 supporter" in content and "Withdraw my support" in content
    assert "<html" not in content


def test_a_pending_input_cannot_be_supported(world):
    process = make_process(world.municipality)
    item = make_input(process, status=InputStatus.PENDING)
    assert client_for(world.users["citizen"]).post(support_url(item)).status_code == 404
    assert not Support.objects.exists()


def test_the_support_service_refuses_a_second_support_from_the_same_key(world):
    process = make_process(world.municipality)
    item = make_input(process)
    assert portal.support_add(item=item, user=None, anonymous_key="abc") is True
    assert portal.support_add(item=item, user=None, anonymous_key="abc") is False
    item.refresh_from_db()
    assert item.support_count == 1


# --- Comments and follows ----------------------------------------------------------------------------------------


def test_comments_need_an_account(world):
    process = make_process(world.municipality)
    item = make_input(process)
    response = client_for(None).post(item.get_absolute_url() + "comments/", {"text": "Enig"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_a_comment_waits_for_moderation_then_followers_hear_of_it(world, django_capture_on_commit_callbacks):
    process = make_process(world.municipality, world.neighbourhood, moderation="pre")
    item = make_input(process)
    follower = world.users["organisation_representative"]
    Follow.objects.create(input=item, user=follower)

    client_for(world.users["citizen"]).post(item.get_absolute_url() + "comments/", {"text": "Jeg kan hjelpe til!"})
    comment = Comment.objects.get()
    assert comment.status == "pending" and len(mail.outbox) == 0
    assert "Jeg kan hjelpe til!" not in client_for(None).get(item.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        portal.comment_moderate(actor=world.users["coordinator"], comment=comment, publish=True)

    item.refresh_from_db()
    assert item.comment_count == 1
    assert [m.to for m in mail.outbox] == [[follower.email]]  # the commenter follows now, but is not told
    assert "Jeg kan hjelpe til!" in client_for(None).get(item.get_absolute_url()).content.decode()


def test_a_staff_reply_is_shown_at_once_and_marked(world):
    process = make_process(world.municipality, world.neighbourhood, moderation="pre")
    item = make_input(process)
    client_for(world.users["coordinator"]).post(item.get_absolute_url() + "comments/", {"text": "Takk, vi ser på det."})
    comment = Comment.objects.get()
    assert comment.status == "published" and comment.is_staff_reply


def test_an_empty_or_overlong_comment_is_refused(world):
    process = make_process(world.municipality)
    item = make_input(process)
    client = client_for(world.users["citizen"], language="en")
    assert "This field is required" in client.post(item.get_absolute_url() + "comments/", {"text": ""}).content.decode()
    client.post(item.get_absolute_url() + "comments/", {"text": "x" * 2001})
    assert not Comment.objects.exists()


def test_following_and_unfollowing(world):
    process = make_process(world.municipality)
    item = make_input(process)
    client = client_for(world.users["citizen"])
    client.post(item.get_absolute_url() + "follow/")
    assert Follow.objects.filter(input=item, user=world.users["citizen"]).count() == 1
    client.post(item.get_absolute_url() + "follow/")
    assert Follow.objects.count() == 1
    client.post(item.get_absolute_url() + "follow/", {"action": "unfollow"})
    assert not Follow.objects.exists()
    response = client_for(None).post(item.get_absolute_url() + "follow/")
    assert "/accounts/login/" in response["Location"]
