import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sammen.core.models import AuditEntry
from sammen.participation import services
from sammen.participation.models import (
    Engagement,
    EngagementAgeBand,
    EngagementTargetGroup,
    FocusArea,
    Follow,
    Input,
    InputStatus,
    Phase,
    PhaseKind,
    Process,
    Support,
    Tag,
    TargetGroup,
)
from sammen.participation.services import Breakdown, InputData

from .factories import create_process_with_service, make_engagement, make_input, make_process

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 2, 1)


# --- Processes ---------------------------------------------------------------------------------------------------


def test_a_process_from_the_default_template_has_four_phases_and_six_target_groups(world):
    process = create_process_with_service(world)

    assert [p.kind for p in process.phases.order_by("position")] == [
        PhaseKind.KNOWLEDGE_BASE,
        PhaseKind.CO_CREATION,
        PhaseKind.POLITICAL_TREATMENT,
        PhaseKind.IMPLEMENTATION,
    ]
    assert process.current_phase.kind == PhaseKind.KNOWLEDGE_BASE
    assert list(process.target_groups.values_list("key", flat=True)) == [
        "disability_benefit",
        "single_parents",
        "single_elderly",
        "immigrants",
        "municipal_housing",
        "disabled_adults",
    ]
    assert not process.is_published
    assert AuditEntry.objects.filter(action="participation.process.create", object_id=str(process.pk)).exists()


def test_copying_a_process_takes_its_set_up_but_not_its_engagements_or_inputs(world):
    source = make_process(
        world.municipality, world.neighbourhood, areas=2, moderation="post", dinner_guide="Hva savner du?"
    )
    Phase.objects.filter(process=source, kind=PhaseKind.CO_CREATION).update(
        title="Verksteder", start_date=DAY, end_date=DAY + datetime.timedelta(days=30)
    )
    TargetGroup.objects.create(process=source, name="Ungdom", position=9)
    make_input(source, engagement=make_engagement(source))

    copy = services.process_create(
        actor=world.users["municipality_admin"],
        municipality=world.municipality,
        neighbourhood=world.other_neighbourhood,
        title="Samskaping i Nordby",
        slug="nordby",
        template=source,
    )

    assert copy.copied_from == source
    assert copy.neighbourhood == world.other_neighbourhood
    assert copy.moderation == "post" and copy.dinner_guide == "Hva savner du?"
    phase = copy.phases.get(kind=PhaseKind.CO_CREATION)
    assert phase.title == "Verksteder" and phase.start_date is None  # dates belong to the original
    assert copy.target_groups.count() == 7
    assert list(copy.focus_areas.values_list("key", flat=True)) == ["omrade-1", "omrade-2"]
    assert copy.engagements.count() == 0 and copy.inputs.count() == 0


def test_a_coordinator_creates_processes_only_in_their_own_neighbourhood(world):
    coordinator = world.users["coordinator"]
    services.process_create(
        actor=coordinator, municipality=world.municipality, neighbourhood=world.neighbourhood, title="A", slug="a"
    )
    with pytest.raises(PermissionDenied):
        services.process_create(
            actor=coordinator,
            municipality=world.municipality,
            neighbourhood=world.other_neighbourhood,
            title="B",
            slug="b",
        )
    assert list(Process.objects.values_list("slug", flat=True)) == ["a"]


def test_a_process_address_is_unique_and_not_reserved(world):
    create_process_with_service(world, slug="veikart")
    with pytest.raises(ValidationError) as error:
        create_process_with_service(world, slug="veikart", title="Igjen")
    assert "slug" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create_process_with_service(world, slug="my")
    assert "slug" in error.value.message_dict
    assert Process.objects.count() == 1


def test_a_process_cannot_be_placed_in_another_municipalitys_neighbourhood(world):
    with pytest.raises(ValidationError):
        services.process_create(
            actor=world.users["platform_admin"],
            municipality=world.municipality,
            neighbourhood=world.foreign_neighbourhood,
            title="X",
            slug="x",
        )
    assert Process.objects.count() == 0


def test_phases_are_reordered_dated_and_one_is_current(world):
    process = create_process_with_service(world)
    admin = world.users["municipality_admin"]
    political = process.phases.get(kind=PhaseKind.POLITICAL_TREATMENT)

    services.phase_move(actor=admin, phase=political, direction=-1)
    services.phase_update(actor=admin, phase=political, start_date=DAY, end_date=DAY + datetime.timedelta(days=10))
    services.phase_set_current(actor=admin, phase=political)

    assert [p.kind for p in process.phases.order_by("position")] == [
        PhaseKind.KNOWLEDGE_BASE,
        PhaseKind.POLITICAL_TREATMENT,
        PhaseKind.CO_CREATION,
        PhaseKind.IMPLEMENTATION,
    ]
    process.refresh_from_db()
    assert process.current_phase == political
    with pytest.raises(ValidationError):
        services.phase_update(actor=admin, phase=political, start_date=DAY, end_date=DAY - datetime.timedelta(days=1))
    political.refresh_from_db()
    assert political.end_date == DAY + datetime.timedelta(days=10)


def test_the_last_phase_cannot_be_deleted(world):
    process = make_process(world.municipality)
    admin = world.users["municipality_admin"]
    for phase in list(process.phases.order_by("position"))[:3]:
        services.phase_delete(actor=admin, phase=phase)
    with pytest.raises(ValidationError):
        services.phase_delete(actor=admin, phase=process.phases.get())
    assert process.phases.count() == 1


def test_target_groups_and_focus_areas_are_editable(world):
    process = make_process(world.municipality)
    admin = world.users["municipality_admin"]
    group = services.target_group_create(actor=admin, process=process, name="Ungdom 16–19")
    with pytest.raises(ValidationError):
        services.target_group_create(actor=admin, process=process, name="ungdom 16–19")
    default = process.target_groups.get(key="immigrants")
    services.target_group_update(actor=admin, group=default, name="Nye innbyggere")
    assert str(TargetGroup.objects.get(pk=default.pk).display_name) == "Nye innbyggere"
    services.target_group_move(actor=admin, group=group, direction=-1)
    assert list(process.target_groups.order_by("position").values_list("pk", flat=True))[-2] == group.pk

    area = services.focus_area_create(actor=admin, process=process, key="sted", name="Stedsutvikling")
    with pytest.raises(ValidationError):
        services.focus_area_create(actor=admin, process=process, key="sted", name="Noe annet")
    assert FocusArea.objects.filter(process=process).count() == 1
    services.focus_area_delete(actor=admin, area=area)
    assert not FocusArea.objects.exists()


def test_only_the_processes_own_staff_may_change_it(world):
    process = make_process(world.municipality, world.other_neighbourhood)
    for role in ("citizen", "coordinator", "caseworker", "other_municipality_admin"):
        with pytest.raises(PermissionDenied):
            services.process_update(actor=world.users[role], process=process, title="Nytt navn")
    services.process_update(actor=world.users["municipality_admin"], process=process, title="Nytt navn")
    assert Process.objects.get(pk=process.pk).title == "Nytt navn"


# --- Engagements -------------------------------------------------------------------------------------------------


def test_an_engagement_keeps_an_approximate_count_as_a_range_and_reach_apart(world):
    process = make_process(world.municipality)
    engagement = services.engagement_create(
        actor=world.users["municipality_admin"],
        process=process,
        kind="politicians",
        title="Dialog med sju grupper",
        date=DAY,
        participants_min=30,
        participants_max=35,
    )
    assert engagement.participants_display == "30–35" and engagement.is_approximate

    facebook = services.engagement_create(
        actor=world.users["municipality_admin"],
        process=process,
        kind="social_media",
        title="Facebook",
        date=DAY,
        participants_min=16,
        participants_max=None,
        reach=611,
    )
    assert (facebook.participants_min, facebook.participants_max, facebook.reach) == (16, 16, 611)


def test_a_range_upside_down_is_refused_and_nothing_is_written(world):
    process = make_process(world.municipality)
    with pytest.raises(ValidationError) as error:
        services.engagement_create(
            actor=world.users["municipality_admin"],
            process=process,
            kind="workshop",
            title="Verksted",
            date=DAY,
            participants_min=35,
            participants_max=30,
        )
    assert "participants_max" in error.value.message_dict
    assert Engagement.objects.count() == 0


def test_an_engagement_records_target_groups_and_age_bands(world):
    process = make_process(world.municipality)
    elderly = process.target_groups.get(key="single_elderly")
    engagement = services.engagement_create(
        actor=world.users["municipality_admin"],
        process=process,
        kind="workshop",
        title="Verksted",
        date=DAY,
        participants_min=25,
        participants_max=25,
        breakdown=Breakdown(target_groups={elderly.pk: 9}, age_bands={"67+": 12, "20-66": 13}),
    )
    assert EngagementTargetGroup.objects.get(engagement=engagement).participants == 9
    assert dict(EngagementAgeBand.objects.values_list("band", "participants")) == {"67+": 12, "20-66": 13}


def test_age_bands_cannot_add_up_to_more_than_the_participants(world):
    process = make_process(world.municipality)
    with pytest.raises(ValidationError):
        services.engagement_create(
            actor=world.users["municipality_admin"],
            process=process,
            kind="workshop",
            title="Verksted",
            date=DAY,
            participants_min=10,
            participants_max=10,
            breakdown=Breakdown(target_groups={}, age_bands={"67+": 8, "20-66": 8}),
        )
    assert Engagement.objects.count() == 0


def test_a_target_group_of_another_process_is_refused(world):
    process = make_process(world.municipality)
    other = make_process(world.municipality)
    with pytest.raises(ValidationError):
        services.engagement_create(
            actor=world.users["municipality_admin"],
            process=process,
            kind="workshop",
            title="Verksted",
            date=DAY,
            breakdown=Breakdown(target_groups={other.target_groups.first().pk: 3}, age_bands={}),
        )
    assert Engagement.objects.count() == 0


def test_an_engagement_with_inputs_cannot_be_deleted(world):
    process = make_process(world.municipality)
    engagement = make_engagement(process)
    make_input(process, engagement=engagement)
    with pytest.raises(ValidationError):
        services.engagement_delete(actor=world.users["municipality_admin"], engagement=engagement)
    assert Engagement.objects.filter(pk=engagement.pk).exists()


# --- Inputs ------------------------------------------------------------------------------------------------------


def test_staff_register_an_input_that_has_no_author(world):
    process = make_process(world.municipality, world.neighbourhood, areas=2)
    engagement = make_engagement(process, kind="dialogue_dinner")
    area = process.focus_areas.first()
    coordinator = world.users["coordinator"]

    item = services.input_create(
        actor=coordinator,
        process=process,
        data=InputData(
            text="  Flere benker ved butikken  ",
            received_on=DAY,
            engagement=engagement,
            focus_area_ids=[area.pk],
            tag_names=["Møteplasser", "møteplasser", "eldre"],
            contact_email="ola@example.com",
            contact_consent=True,
        ),
    )

    assert item.text == "Flere benker ved butikken"
    assert item.author is None and item.entered_by == coordinator
    assert item.channel == "dialogue_dinner"  # from the engagement's kind
    assert item.status == InputStatus.PUBLISHED and item.reviewed_at is not None
    assert list(item.focus_areas.all()) == [area]
    assert sorted(item.tags.values_list("name", flat=True)) == ["Møteplasser", "eldre"]
    assert item.contact_consent_at is not None


def test_a_contact_without_consent_is_refused(world):
    process = make_process(world.municipality)
    with pytest.raises(ValidationError) as error:
        services.input_create(
            actor=world.users["municipality_admin"],
            process=process,
            data=InputData(text="Lys i undergangen", received_on=DAY, contact_email="ola@example.com"),
        )
    assert "contact_consent" in error.value.message_dict
    assert Input.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "field"),
    [("", "text"), ("   ", "text"), ("x" * 5001, "text"), ("<script></script>", "text")],
)
def test_bad_text_is_refused(world, text, field):
    process = make_process(world.municipality)
    with pytest.raises(ValidationError) as error:
        services.input_create(
            actor=world.users["municipality_admin"], process=process, data=InputData(text=text, received_on=DAY)
        )
    assert field in error.value.message_dict
    assert Input.objects.count() == 0


def test_coordinates_outside_the_country_are_refused(world):
    process = make_process(world.municipality)
    with pytest.raises(ValidationError):
        services.input_create(
            actor=world.users["municipality_admin"],
            process=process,
            data=InputData(text="Her", received_on=DAY, latitude=Decimal("10.4"), longitude=Decimal("59.8")),
        )
    assert Input.objects.count() == 0


def test_sticky_notes_are_saved_one_per_line_with_focus_area_numbers(world):
    process = make_process(world.municipality, world.neighbourhood, areas=4)
    engagement = make_engagement(process)
    areas = list(process.focus_areas.order_by("position"))
    notes = (
        "Flere benker\n\n2: Åpen ungdomsklub\n1,4: Nærmiljøråd som møtes på skolen\n  Bedre lys  \n10:30 er for tidlig"
    )

    created = services.input_bulk_create(
        actor=world.users["coordinator"],
        process=process,
        notes=notes,
        received_on=engagement.date,
        engagement=engagement,
        focus_area_ids=[areas[2].pk],
        tag_names=["verksted"],
    )

    assert [i.text for i in created] == [
        "Flere benker",
        "Åpen ungdomsklub",
        "Nærmiljøråd som møtes på skolen",
        "Bedre lys",
        "10:30 er for tidlig",
    ]
    by_text = {i.text: set(i.focus_areas.values_list("key", flat=True)) for i in Input.objects.all()}
    assert by_text["Flere benker"] == {areas[2].key}  # the default for notes without a number
    assert by_text["Åpen ungdomsklub"] == {areas[1].key}
    assert by_text["Nærmiljøråd som møtes på skolen"] == {areas[0].key, areas[3].key}
    assert Tag.objects.get().inputs.count() == 5
    assert all(i.engagement == engagement and i.author is None for i in Input.objects.all())
    entry = AuditEntry.objects.get(action="participation.input.bulk_create")
    assert entry.after["count"] == 5


def test_a_bad_line_in_the_stack_saves_nothing_and_names_the_line(world):
    process = make_process(world.municipality, world.neighbourhood, areas=2)
    with pytest.raises(ValidationError) as error:
        services.input_bulk_create(
            actor=world.users["coordinator"],
            process=process,
            notes="Flere benker\n7: Ukjent område\nBedre lys",
            received_on=DAY,
        )
    assert "Line 2" in " ".join(error.value.message_dict["notes"]) or "Linje 2" in " ".join(
        error.value.message_dict["notes"]
    )
    assert Input.objects.count() == 0


def test_an_empty_stack_is_refused(world):
    process = make_process(world.municipality, world.neighbourhood)
    with pytest.raises(ValidationError):
        services.input_bulk_create(actor=world.users["coordinator"], process=process, notes="\n  \n", received_on=DAY)
    assert Input.objects.count() == 0


def test_moderation_publishes_or_rejects_with_a_reason(world):
    process = make_process(world.municipality)
    item = make_input(process, status=InputStatus.PENDING)
    admin = world.users["municipality_admin"]
    with pytest.raises(ValidationError):
        services.input_moderate(actor=admin, item=item, publish=False)
    services.input_moderate(actor=admin, item=item, publish=False, note="Personangrep")
    item.refresh_from_db()
    assert item.status == InputStatus.REJECTED and item.moderation_note == "Personangrep"
    services.input_moderate(actor=admin, item=item, publish=True)
    item.refresh_from_db()
    assert item.status == InputStatus.PUBLISHED and item.reviewed_at is not None
    with pytest.raises(PermissionDenied):
        services.input_moderate(actor=world.users["citizen"], item=item, publish=False, note="x")


def test_merging_duplicates_carries_their_count_supports_and_followers(world):
    process = make_process(world.municipality)
    target = make_input(process, text="Flere benker")
    twin = make_input(process, text="Benker langs veien", mentions=2)
    other = make_input(process, text="Benker!")
    citizen, rep = world.users["citizen"], world.users["organisation_representative"]
    Support.objects.create(input=target, user=citizen)
    Support.objects.create(input=twin, user=citizen)  # the same person: counted once
    Support.objects.create(input=twin, user=rep)
    Follow.objects.create(input=twin, user=rep)
    Input.objects.filter(pk=target.pk).update(support_count=1)
    Input.objects.filter(pk=twin.pk).update(support_count=2)

    merged = services.input_merge(actor=world.users["municipality_admin"], target=target, duplicates=[twin, other])

    assert merged.mentions == 4
    assert merged.support_count == 2 == Support.objects.filter(input=target).count()
    assert Follow.objects.filter(input=target, user=rep).exists()
    twin.refresh_from_db()
    assert twin.status == InputStatus.MERGED and twin.merged_into == target
    with pytest.raises(ValidationError):
        services.input_merge(actor=world.users["municipality_admin"], target=other, duplicates=[target])


def test_inputs_of_another_process_cannot_be_merged(world):
    process = make_process(world.municipality)
    target = make_input(process)
    foreign = make_input(make_process(world.municipality))
    with pytest.raises(ValidationError):
        services.input_merge(actor=world.users["municipality_admin"], target=target, duplicates=[foreign])
    foreign.refresh_from_db()
    assert foreign.status == InputStatus.PUBLISHED


def test_removing_a_contact_clears_every_contact_field(world):
    process = make_process(world.municipality)
    item = make_input(
        process,
        contact_name="Ola",
        contact_email="ola@example.com",
        contact_consent_at=datetime.datetime.now(datetime.UTC),
    )
    services.input_remove_contact(actor=world.users["municipality_admin"], item=item)
    item.refresh_from_db()
    assert (item.contact_name, item.contact_email, item.contact_consent_at) == ("", "", None)
    entry = AuditEntry.objects.get(action="participation.input.remove_contact")
    assert entry.before["contact_email"] == "ola@example.com"


def test_the_database_refuses_a_contact_without_consent(world):
    from django.db import IntegrityError

    process = make_process(world.municipality)
    with pytest.raises(IntegrityError):
        make_input(process, contact_email="ola@example.com")


def test_classifying_an_input_is_audited(world):
    process = make_process(world.municipality, areas=2)
    item = make_input(process)
    area = process.focus_areas.first()
    services.input_update(
        actor=world.users["municipality_admin"], item=item, focus_area_ids=[area.pk], tag_names=["lys"]
    )
    entry = AuditEntry.objects.get(action="participation.input.classify")
    assert entry.after == {"focus_areas": [area.key], "target_groups": [], "tags": ["lys"]}
