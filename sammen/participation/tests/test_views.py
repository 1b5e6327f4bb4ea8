"""Pages: what they show, what they never show, and query counts that do not grow with the data."""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sammen.core.testing import client_for
from sammen.participation.models import EngagementTargetGroup, Input, InputStatus, Phase, Tag

from .factories import make_engagement, make_input, make_process

pytestmark = pytest.mark.django_db


def grow(process, count):
    """`count` more inputs spread over focus areas, tags, engagements, channels and months."""
    areas = list(process.focus_areas.all())
    tags = [Tag.objects.get_or_create(process=process, name=f"tema-{n}")[0] for n in range(3)]
    engagements = [make_engagement(process, participants_min=10, participants_max=12) for _ in range(3)]
    for engagement in engagements:
        EngagementTargetGroup.objects.create(
            engagement=engagement, target_group=process.target_groups.first(), participants=3
        )
    start = process.inputs.count()
    for n in range(start, start + count):
        item = make_input(
            process,
            engagement=engagements[n % 3],
            channel=["meeting", "portal", "email"][n % 3],
            received_on=datetime.date(2024, 1 + n % 12, 1),
            language=["nb", "en", "so"][n % 3],
        )
        item.focus_areas.set([areas[n % len(areas)]])
        item.tags.set([tags[n % 3]])
        item.target_groups.set([process.target_groups.first()])


def count_queries(client, url):
    # The uncached worst case: statistics cached from the previous request must not hide the queries.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "inputs/",
        "inputs/?focus_area=omrade-1&sort=support",
        "inputs/?q=benker&channel=portal&tag=1&page=2",
        "statistics/",
    ],
)
def test_public_pages_use_the_same_number_of_queries_however_much_data(world, path):
    process = make_process(world.municipality, world.neighbourhood, areas=4)
    url = f"/testvik/participation/{process.slug}/{path}"
    client = client_for(None)
    grow(process, 10)
    small = count_queries(client, url)
    grow(process, 90)
    large = count_queries(client, url)
    assert large == small, f"{url}: {small} queries with 10 inputs, {large} with 100"
    assert large <= 24


def test_the_input_list_pins_its_query_count(world, django_assert_max_num_queries):
    process = make_process(world.municipality, world.neighbourhood, areas=4)
    grow(process, 60)
    client = client_for(None)
    client.get(f"/testvik/participation/{process.slug}/inputs/")  # session and caches warm
    with django_assert_max_num_queries(10):
        client.get(f"/testvik/participation/{process.slug}/inputs/")


def test_the_statistics_page_pins_its_query_count(world, django_assert_max_num_queries):
    process = make_process(world.municipality, world.neighbourhood, areas=4)
    grow(process, 60)
    client = client_for(None)
    cache.clear()
    with django_assert_max_num_queries(14):
        client.get(f"/testvik/participation/{process.slug}/statistics/")


def test_the_staff_input_list_pins_its_query_count(world, django_assert_max_num_queries):
    process = make_process(world.municipality, world.neighbourhood, areas=4)
    grow(process, 60)
    client = client_for(world.users["coordinator"])
    url = f"/testvik/staff/participation/{process.slug}/inputs/?status=published"
    client.get(url)
    with django_assert_max_num_queries(14):
        client.get(url)


def test_the_process_page_shows_the_timeline_with_the_current_phase(world):
    process = make_process(world.municipality, world.neighbourhood)
    co_creation = process.phases.get(kind="co_creation")
    Phase.objects.filter(pk=co_creation.pk).update(start_date=datetime.date(2025, 1, 6))
    process.current_phase = co_creation
    process.save()
    page = client_for(None, language="en").get(process.get_absolute_url()).content.decode()
    content = page[page.index('class="timeline"') :]
    assert content.index("Knowledge base") < content.index("Co-creation") < content.index("Political treatment")
    assert 'aria-current="step"' in content
    start = content.index('aria-current="step"')
    current = content[start : content.index("</li>", start)]
    assert "Co-creation" in current and "Jan. 6, 2025" in current


def test_an_unpublished_process_is_hidden_from_residents_but_not_its_staff(world):
    process = make_process(world.municipality, world.neighbourhood, published=False)
    assert client_for(None).get(process.get_absolute_url()).status_code == 404
    assert client_for(world.users["citizen"]).get(process.get_absolute_url()).status_code == 404
    response = client_for(world.users["coordinator"], language="en").get(process.get_absolute_url())
    assert response.status_code == 200 and "not published yet" in response.content.decode()


def test_the_public_input_page_never_shows_who_said_it(world):
    process = make_process(world.municipality, world.neighbourhood)
    item = make_input(
        process,
        author=world.users["citizen"],
        entered_by=world.users["coordinator"],
        contact_name="Kari Nordmann",
        contact_email="kari.nordmann@example.com",
        contact_consent_at=datetime.datetime.now(datetime.UTC),
    )
    content = client_for(None).get(item.get_absolute_url()).content.decode()
    for secret in ("Kari Nordmann", "kari.nordmann@example.com", "citizen@example.com", "coordinator@example.com"):
        assert secret not in content


def test_a_merged_input_sends_readers_to_the_one_it_was_merged_into(world):
    process = make_process(world.municipality)
    target = make_input(process)
    twin = make_input(process, status=InputStatus.MERGED, merged_into=target)
    response = client_for(None).get(twin.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()


def test_the_export_holds_public_inputs_and_public_fields_only(world):
    process = make_process(world.municipality, world.neighbourhood, areas=2)
    item = make_input(
        process,
        text="Flere benker, og «lys»",
        contact_email="kari@example.com",
        contact_consent_at=datetime.datetime.now(datetime.UTC),
        author=world.users["citizen"],
    )
    item.focus_areas.set(process.focus_areas.all())
    make_input(process, text="Venter på moderator", status=InputStatus.PENDING)

    response = client_for(None).get(f"/testvik/participation/{process.slug}/inputs.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["text"] for r in rows] == ["Flere benker, og «lys»"]
    assert rows[0]["focus_areas"] == "omrade-1;omrade-2"
    assert "kari@example.com" not in body and "citizen" not in body

    response = client_for(None).get(f"/testvik/participation/{process.slug}/inputs.json?focus_area=omrade-2")
    data = json.loads(b"".join(response.streaming_content))
    assert data["process"] == process.slug and [i["id"] for i in data["inputs"]] == [item.pk]
    assert set(data["inputs"][0]) == {
        "id",
        "url",
        "text",
        "kind",
        "channel",
        "engagement",
        "engagement_kind",
        "date",
        "language",
        "focus_areas",
        "tags",
        "supporters",
        "said_by",
        "latitude",
        "longitude",
    }


def test_the_sticky_note_form_saves_a_stack_and_comes_back_for_the_next(world):
    process = make_process(world.municipality, world.neighbourhood, areas=4)
    engagement = make_engagement(process, date=datetime.date(2025, 2, 1))
    client = client_for(world.users["coordinator"], language="en")
    url = f"/testvik/staff/participation/{process.slug}/inputs/bulk/"
    notes = "\n".join(f"{1 + n % 4}: Lapp nummer {n}" for n in range(30))

    response = client.post(url, {"engagement": engagement.pk, "kind": "idea", "language": "nb", "notes": notes})

    assert response.status_code == 302 and response["Location"].endswith(f"?engagement={engagement.pk}")
    assert Input.objects.filter(engagement=engagement, received_on=engagement.date).count() == 30
    page = client.get(response["Location"]).content.decode()
    assert "30 inputs are saved" in page


def test_the_sticky_note_form_shows_the_bad_line_and_keeps_the_text(world):
    process = make_process(world.municipality, world.neighbourhood, areas=2)
    client = client_for(world.users["coordinator"], language="en")
    url = f"/testvik/staff/participation/{process.slug}/inputs/bulk/"
    response = client.post(url, {"received_on": "2025-02-01", "kind": "idea", "notes": "Lys\n5: Ukjent"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content and "Line 2: there is no focus area number 5." in content
    assert "5: Ukjent" in content
    assert Input.objects.count() == 0


def test_registering_an_engagement_with_25_participants_and_a_breakdown(world):
    process = make_process(world.municipality, world.neighbourhood)
    elderly = process.target_groups.get(key="single_elderly")
    client = client_for(world.users["coordinator"], language="en")
    response = client.post(
        f"/testvik/staff/participation/{process.slug}/engagements/new/",
        {
            "kind": "workshop",
            "title": "Verksted 2",
            "status": "held",
            "date": "2025-02-01",
            "participants_min": "25",
            "participants_max": "",
            f"tg_{elderly.pk}": "9",
            "age_67plus": "12",
        },
    )
    assert response.status_code == 302
    engagement = process.engagements.get()
    assert (engagement.participants_min, engagement.participants_max) == (25, 25)
    assert engagement.target_group_counts.get().participants == 9


def test_the_engagement_form_shows_a_clear_error_for_a_bad_range(world):
    process = make_process(world.municipality, world.neighbourhood)
    client = client_for(world.users["coordinator"], language="en")
    response = client.post(
        f"/testvik/staff/participation/{process.slug}/engagements/new/",
        {
            "kind": "workshop",
            "title": "X",
            "status": "held",
            "date": "2025-02-01",
            "participants_min": "35",
            "participants_max": "30",
        },
    )
    assert "The upper end cannot be below the lower end." in response.content.decode()
    assert process.engagements.count() == 0


def test_creating_a_process_from_the_template_in_the_browserless_flow(world):
    client = client_for(world.users["coordinator"], language="en")
    response = client.post(
        "/testvik/staff/participation/new/",
        {"neighbourhood": world.neighbourhood.pk, "title": "Sentrum sammen", "slug": "sentrum-sammen", "template": ""},
    )
    assert response.status_code == 302
    process = world.municipality.processes.get()
    assert process.phases.count() == 4 and process.target_groups.count() == 6
    # A coordinator cannot pick another neighbourhood.
    response = client.post(
        "/testvik/staff/participation/new/",
        {"neighbourhood": world.other_neighbourhood.pk, "title": "Nordby", "slug": "nordby"},
    )
    assert response.status_code == 200 and world.municipality.processes.count() == 1


def test_moderation_queue_lists_pending_inputs_and_publishes_them(world):
    process = make_process(world.municipality, world.neighbourhood)
    item = make_input(process, status=InputStatus.PENDING, text="Hundepark ved ballbingen")
    client = client_for(world.users["coordinator"], language="en")
    url = f"/testvik/staff/participation/{process.slug}/moderation/"
    assert "Hundepark ved ballbingen" in client.get(url).content.decode()
    client.post(
        f"/testvik/staff/participation/{process.slug}/inputs/{item.pk}/action/",
        {"action": "publish", "back": "moderation"},
    )
    item.refresh_from_db()
    assert item.status == InputStatus.PUBLISHED
    assert "Hundepark ved ballbingen" not in client.get(url).content.decode()


def test_statistics_are_cached_until_the_data_changes(world):
    from sammen.participation.services import InputData, input_create

    process = make_process(world.municipality, world.neighbourhood, areas=2)
    grow(process, 10)
    client = client_for(None, language="en")
    url = f"/testvik/participation/{process.slug}/statistics/"
    assert "10 inputs" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert len(cached) <= 3  # the municipality and the process; the figures come from the cache
    input_create(
        actor=world.users["coordinator"],
        process=process,
        data=InputData(text="Ett til", received_on=datetime.date(2025, 2, 1)),
    )
    assert "11 inputs" in client.get(url).content.decode()
