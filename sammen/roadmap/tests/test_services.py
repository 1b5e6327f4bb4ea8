import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from sammen.core.models import AuditEntry
from sammen.core.testing import make_organisation, row_fingerprint
from sammen.inspiration.models import Case
from sammen.participation.tests.factories import make_input, make_process
from sammen.roadmap import services
from sammen.roadmap.models import FateChange, FateState, InputFate, Measure, MeasureActor, Roadmap

from .factories import make_goal, make_measure, make_roadmap, make_strategy

pytestmark = pytest.mark.django_db

WATCHED = [Roadmap, Measure, MeasureActor, InputFate, FateChange, AuditEntry]


@pytest.fixture
def process(world):
    return make_process(world.municipality, world.neighbourhood, areas=2)


def test_coordinator_of_the_neighbourhood_writes_the_roadmap(world, process):
    roadmap = services.roadmap_save(
        actor=world.users["coordinator"], process=process, main_goal="<b>Et aktivt</b> lokalsamfunn", is_published=True
    )
    assert roadmap.main_goal == "Et aktivt lokalsamfunn"
    services.roadmap_save(actor=world.users["municipality_admin"], process=process, main_goal="Et åpent lokalsamfunn")
    roadmap.refresh_from_db()
    assert (roadmap.main_goal, roadmap.is_published) == ("Et åpent lokalsamfunn", False)
    assert AuditEntry.objects.filter(action__startswith="roadmap.roadmap").count() == 2


@pytest.mark.parametrize("role", ["citizen", "caseworker", "other_municipality_admin", "organisation_representative"])
def test_others_may_not_write_the_roadmap(world, process, role):
    with pytest.raises(PermissionDenied):
        services.roadmap_save(actor=world.users[role], process=process, main_goal="Noe")
    assert not Roadmap.objects.exists()


def test_coordinator_of_another_neighbourhood_is_refused(world):
    process = make_process(world.municipality, world.other_neighbourhood, areas=1)
    with pytest.raises(PermissionDenied):
        services.roadmap_save(actor=world.users["coordinator"], process=process, main_goal="Noe")


def test_a_measure_with_actors_inputs_and_cases(world, process):
    user = world.users["coordinator"]
    goal = services.goal_create(actor=user, focus_area=process.focus_areas.first(), title="Flere møteplasser")
    strategy = services.strategy_create(actor=user, goal=goal, title="Bruk skolen om kvelden")
    idea = make_input(process)
    case = Case.objects.create(
        municipality=world.municipality, title="Bylab", summary="x", actors="y", place="Bodø", status="published"
    )
    measure = services.measure_create(
        actor=user,
        goal=goal,
        strategy=strategy,
        title="Åpen skole",
        status="adopted",
        inputs=[idea],
        inspired_by=[case],
    )
    assert measure.process == process
    assert list(measure.inputs.all()) == [idea]
    assert list(case.measures.all()) == [measure]
    organisation = make_organisation(world.municipality, name="Borgen IL")
    actor = services.measure_actor_add(
        actor=user, measure=measure, kind="", organisation=organisation, name="", role="Partner"
    )
    assert (actor.kind, actor.name) == ("organisation", "Borgen IL")
    entry = AuditEntry.objects.get(action="roadmap.measure.create")
    assert entry.after["inputs"] == [idea.pk]


def test_a_dropped_measure_needs_a_reason(world, process):
    goal = make_goal(process)
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError) as error:
        services.measure_create(actor=world.users["coordinator"], goal=goal, title="Badeplass", status="dropped")
    assert "dropped_reason" in error.value.message_dict
    assert row_fingerprint(WATCHED) == before
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.create(process=process, goal=goal, title="Badeplass", status="dropped")


def test_a_measure_cannot_link_inputs_of_another_process(world, process):
    goal = make_goal(process)
    stranger = make_input(make_process(world.municipality, world.neighbourhood))
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.measure_create(actor=world.users["coordinator"], goal=goal, title="Benker", inputs=[stranger])
    assert error.value.message_dict["inputs"] == ["Only inputs of this process can be linked to its measures."]
    assert row_fingerprint(WATCHED) == before


def test_a_measure_cannot_hang_under_a_strategy_of_another_goal(world, process):
    goal, other = make_goal(process), make_goal(process)
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=world.users["coordinator"], goal=goal, strategy=make_strategy(other), title="Benker"
        )
    assert "strategy" in error.value.message_dict


def test_setting_a_fate_logs_the_change_for_the_digest(world, process):
    make_roadmap(process)
    measure = make_measure(process)
    idea = make_input(process)
    fate = services.fate_set(actor=world.users["coordinator"], item=idea, state="in_measure", measure=measure)
    assert (fate.state, fate.measure) == ("in_measure", measure)
    assert list(measure.inputs.all()) == [idea]
    change = FateChange.objects.get()
    assert (change.old_state, change.new_state, change.notified_at) == ("received", "in_measure", None)
    # The same fate again changes nothing and logs nothing.
    services.fate_set(actor=world.users["coordinator"], item=idea, state="in_measure", measure=measure)
    assert FateChange.objects.count() == 1


@pytest.mark.parametrize(
    ("state", "reason", "field"),
    [("in_measure", "", "measure"), ("not_pursued", "", "reason"), ("answered", "  ", "reason"), ("lost", "", "state")],
)
def test_bad_fates_are_refused_and_write_nothing(world, process, state, reason, field):
    idea = make_input(process)
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError) as error:
        services.fate_set(actor=world.users["coordinator"], item=idea, state=state, reason=reason)
    assert field in error.value.message_dict
    assert row_fingerprint(WATCHED) == before


def test_a_fate_cannot_point_at_a_measure_of_another_process(world, process):
    idea = make_input(process)
    foreign = make_measure(make_process(world.municipality, world.neighbourhood, areas=1))
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.fate_set(actor=world.users["coordinator"], item=idea, state="in_measure", measure=foreign)
    assert error.value.message_dict["measure"] == ["The measure belongs to another process."]
    assert row_fingerprint(WATCHED) == before


def test_the_database_refuses_in_measure_without_a_measure(process):
    with pytest.raises(IntegrityError), transaction.atomic():
        InputFate.objects.create(input=make_input(process), state="in_measure")
    with pytest.raises(IntegrityError), transaction.atomic():
        InputFate.objects.create(input=make_input(process), state="not_pursued", reason="")


def test_bulk_linking_is_one_audit_entry_and_all_or_nothing(world, process):
    measure = make_measure(process)
    ideas = [make_input(process) for _ in range(40)]
    services.fate_set(actor=world.users["coordinator"], item=ideas[0], state="considering")
    changed = services.fates_bulk_set(
        actor=world.users["coordinator"], process=process, inputs=ideas, state="in_measure", measure=measure
    )
    assert changed == 40
    assert InputFate.objects.filter(state="in_measure", measure=measure).count() == 40
    assert measure.inputs.count() == 40
    assert AuditEntry.objects.filter(action="roadmap.fate.bulk_set").count() == 1
    assert FateChange.objects.filter(new_state="in_measure").count() == 40
    stranger = make_input(make_process(world.municipality, world.neighbourhood))
    before = row_fingerprint(WATCHED)
    with pytest.raises(ValidationError):
        services.fates_bulk_set(
            actor=world.users["coordinator"],
            process=process,
            inputs=[*ideas[:3], stranger],
            state="not_pursued",
            reason="Utenfor kommunens ansvar",
        )
    assert row_fingerprint(WATCHED) == before


def test_bulk_is_refused_for_other_roles(world, process):
    with pytest.raises(PermissionDenied):
        services.fates_bulk_set(
            actor=world.users["citizen"], process=process, inputs=[make_input(process)], state="considering"
        )
    assert not InputFate.objects.exists()


def test_a_measure_with_inputs_in_it_cannot_be_deleted(world, process):
    measure = make_measure(process)
    services.fate_set(actor=world.users["coordinator"], item=make_input(process), state="in_measure", measure=measure)
    with pytest.raises(ValidationError):
        services.measure_delete(actor=world.users["coordinator"], measure=measure)
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_received_again_is_a_change(world, process):
    idea = make_input(process)
    services.fate_set(actor=world.users["coordinator"], item=idea, state="considering")
    services.fate_set(actor=world.users["coordinator"], item=idea, state="received")
    assert InputFate.objects.get(input=idea).state == FateState.RECEIVED
    assert FateChange.objects.count() == 2
