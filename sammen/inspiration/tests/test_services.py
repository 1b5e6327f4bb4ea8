import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sammen.core.models import AuditEntry
from sammen.inspiration import services
from sammen.inspiration.models import Case, TargetGroup, Theme

pytestmark = pytest.mark.django_db


def _case(world, **fields):
    data = {
        "title": "Bylab",
        "summary": "Et åpent verksted",
        "actors": "Kommunen",
        "place": "Bodø",
        "status": "published",
    }
    data.update(fields)
    return services.case_create(actor=world.users["coordinator"], municipality=world.municipality, **data)


def test_coordinator_adds_a_case_with_themes_and_it_is_audited(world):
    theme = services.theme_create(
        actor=world.users["coordinator"], municipality=world.municipality, name="Medvirkning og møteplasser"
    )
    assert theme.slug == "medvirkning-og-moteplasser"
    case = _case(world, themes=[theme], summary="<b>Et</b> åpent verksted<script>x</script>")
    assert case.summary == "Et åpent verksted"
    assert list(case.themes.all()) == [theme]
    entry = AuditEntry.objects.get(action="inspiration.case.create")
    assert entry.after["themes"] == ["Medvirkning og møteplasser"]


def test_update_logs_only_what_changed(world):
    case = _case(world)
    services.case_update(actor=world.users["municipality_admin"], case=case, place="Bodø kommune")
    entry = AuditEntry.objects.get(action="inspiration.case.update")
    assert (entry.before, entry.after) == ({"place": "Bodø"}, {"place": "Bodø kommune"})


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"summary": "   "}, "summary"),
        ({"link": "ikke en lenke"}, "link"),
        ({"status": "hidden"}, "status"),
    ],
)
def test_bad_cases_are_refused_and_nothing_is_written(world, fields, field):
    with pytest.raises(ValidationError) as error:
        _case(world, **fields)
    assert field in error.value.message_dict
    assert not Case.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_theme_from_another_municipality_is_refused(world):
    foreign = Theme.objects.create(municipality=world.other_municipality, name="Fremmed", slug="fremmed")
    with pytest.raises(ValidationError):
        _case(world, themes=[foreign])
    assert not Case.objects.exists()


def test_duplicate_titles_and_tag_names_are_refused(world):
    _case(world)
    with pytest.raises(ValidationError):
        _case(world)
    services.target_group_create(actor=world.users["coordinator"], municipality=world.municipality, name="Eldre")
    with pytest.raises(ValidationError) as error:
        services.target_group_create(actor=world.users["coordinator"], municipality=world.municipality, name="eldre")
    assert "name" in error.value.message_dict
    assert TargetGroup.objects.count() == 1


@pytest.mark.parametrize("role", ["citizen", "organisation_representative", "caseworker", "other_municipality_admin"])
def test_only_coordinators_and_admins_curate(world, role):
    with pytest.raises(PermissionDenied):
        services.case_create(
            actor=world.users[role], municipality=world.municipality, title="X", summary="Y", actors="Z", place="W"
        )
    assert not Case.objects.exists()
