import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sammen.accounts import services
from sammen.accounts.models import ApiToken, Child, Guardianship, Role, RoleAssignment
from sammen.accounts.roles import held_roles
from sammen.core.models import AuditEntry
from sammen.core.testing import make_user

pytestmark = pytest.mark.django_db


def test_admin_grants_a_coordinator_role_with_audit(world):
    admin = world.users["municipality_admin"]
    person = make_user("ny.koordinator@example.com")
    assignment = services.role_grant(
        actor=admin,
        municipality=world.municipality,
        email="NY.Koordinator@example.com",
        role=Role.COORDINATOR,
        neighbourhood=world.neighbourhood,
    )
    assert assignment.user == person
    assert held_roles(person).coordinates(world.neighbourhood.pk)
    entry = AuditEntry.objects.get(action="accounts.role.grant")
    assert entry.actor == admin
    assert entry.municipality == world.municipality
    assert entry.after == {"user": person.email, "role": "coordinator", "neighbourhood": "Sentrum"}


@pytest.mark.parametrize(
    ("role", "neighbourhood_key", "email", "field"),
    [
        (Role.COORDINATOR, None, "citizen@example.com", "neighbourhood"),
        (Role.COORDINATOR, "foreign_neighbourhood", "citizen@example.com", "neighbourhood"),
        (Role.CASEWORKER, None, "nobody@example.com", "email"),
        ("king", None, "citizen@example.com", "role"),
    ],
)
def test_bad_role_grants_are_refused_and_write_nothing(world, role, neighbourhood_key, email, field):
    neighbourhood = getattr(world, neighbourhood_key) if neighbourhood_key else None
    before = RoleAssignment.objects.count()
    with pytest.raises(ValidationError) as error:
        services.role_grant(
            actor=world.users["municipality_admin"],
            municipality=world.municipality,
            email=email,
            role=role,
            neighbourhood=neighbourhood,
        )
    assert field in error.value.message_dict
    assert RoleAssignment.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_granting_the_same_role_twice_is_refused(world):
    admin = world.users["municipality_admin"]
    with pytest.raises(ValidationError):
        services.role_grant(
            actor=admin, municipality=world.municipality, email="caseworker@example.com", role=Role.CASEWORKER
        )
    assert RoleAssignment.objects.filter(role=Role.CASEWORKER).count() == 1


@pytest.mark.parametrize("role", ["coordinator", "caseworker", "other_municipality_admin", "citizen"])
def test_only_admins_grant_roles(world, role):
    with pytest.raises(PermissionDenied):
        services.role_grant(
            actor=world.users[role], municipality=world.municipality, email="citizen@example.com", role=Role.CASEWORKER
        )
    assert not RoleAssignment.objects.filter(user__email="citizen@example.com").exists()


def test_last_admin_cannot_remove_themselves(world):
    admin = world.users["municipality_admin"]
    own = RoleAssignment.objects.get(user=admin)
    with pytest.raises(ValidationError):
        services.role_revoke(actor=admin, assignment=own)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_revoke_takes_the_role_away(world):
    admin = world.users["municipality_admin"]
    assignment = RoleAssignment.objects.get(user=world.users["caseworker"])
    services.role_revoke(actor=admin, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.get(action="accounts.role.revoke").before["role"] == "caseworker"


def test_guardian_adds_and_removes_a_child(world):
    guardian = world.users["citizen"]
    child = services.child_add(
        guardian=guardian,
        municipality=world.municipality,
        given_name=" Ada ",
        family_name="Nordmann",
        birth_date=datetime.date(2016, 5, 1),
    )
    assert child.given_name == "Ada"
    assert list(child.guardians.all()) == [guardian]
    second = make_user("medforelder@example.com")
    Guardianship.objects.create(guardian=second, child=child)
    services.child_remove(guardian=guardian, child=child)
    assert Child.objects.filter(pk=child.pk).exists()  # the other guardian keeps the child
    services.child_remove(guardian=second, child=child)
    assert not Child.objects.filter(pk=child.pk).exists()


def test_a_stranger_cannot_remove_a_child(world):
    child = services.child_add(
        guardian=world.users["citizen"],
        municipality=world.municipality,
        given_name="Ada",
        family_name="",
        birth_date=datetime.date(2016, 5, 1),
    )
    with pytest.raises(PermissionDenied):
        services.child_remove(guardian=world.users["caseworker"], child=child)
    assert Child.objects.filter(pk=child.pk).exists()


@pytest.mark.parametrize("born", [datetime.date(2999, 1, 1), datetime.date(1950, 1, 1)])
def test_child_birth_dates_must_be_plausible(world, born):
    with pytest.raises(ValidationError) as error:
        services.child_add(
            guardian=world.users["citizen"],
            municipality=world.municipality,
            given_name="Ada",
            family_name="",
            birth_date=born,
        )
    assert "birth_date" in error.value.message_dict
    assert not Child.objects.exists()


def test_api_token_is_stored_only_as_a_hash_and_can_be_revoked(world):
    user = world.users["municipality_admin"]
    token, secret = services.api_token_create(user=user, name="Rapportverktøy")
    assert secret.startswith("sam_")
    assert secret not in token.key_hash
    assert token.prefix == secret[:12]
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(user=world.users["citizen"], token=token)
    services.api_token_revoke(user=user, token=token)
    assert not ApiToken.objects.get(pk=token.pk).is_active
