import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sammen.accounts import services
from sammen.accounts.models import Child, Role, RoleAssignment, User
from sammen.core.models import AuditEntry
from sammen.core.testing import client_for, make_user

pytestmark = pytest.mark.django_db


def test_person_export_writes_everything_about_the_person(world, tmp_path):
    person = world.users["coordinator"]
    person.full_name = "Kari Koordinator"
    person.save()
    services.child_add(
        guardian=person,
        municipality=world.municipality,
        given_name="Ada",
        family_name="K",
        birth_date=datetime.date(2015, 1, 1),
    )
    out = tmp_path / "export.json"
    call_command("person_export", "COORDINATOR@example.com", "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["person"] == "coordinator@example.com"
    assert data["account"]["full_name"] == "Kari Koordinator"
    assert data["account"]["roles"] == [
        {"municipality": "Testvik kommune", "role": "coordinator", "neighbourhood": "Sentrum"}
    ]
    assert data["account"]["children"][0]["given_name"] == "Ada"
    assert data["organisations"] == []


def test_person_erase_anonymises_and_keeps_the_log(world):
    admin = world.users["municipality_admin"]
    person = make_user("glem.meg@example.com", full_name="Glem Meg", phone="99999999")
    services.role_grant(actor=admin, municipality=world.municipality, email=person.email, role=Role.CASEWORKER)
    services.child_add(
        guardian=person,
        municipality=world.municipality,
        given_name="Barn",
        family_name="Meg",
        birth_date=datetime.date(2015, 1, 1),
    )
    entries_before = AuditEntry.objects.count()

    call_command("person_erase", "glem.meg@example.com", "--yes")

    person.refresh_from_db()
    assert person.email.endswith("@erased.invalid")
    assert person.full_name == "" and person.phone == ""
    assert not person.is_active and not person.has_usable_password()
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert not Child.objects.filter(given_name="Barn").exists()
    # The log keeps its entries (plus one for the erasure) but no longer names the person.
    assert AuditEntry.objects.count() == entries_before + 1
    for entry in AuditEntry.objects.all():
        assert "glem.meg@example.com" not in json.dumps([entry.before, entry.after, entry.object_repr])
    assert not User.objects.filter(email="glem.meg@example.com").exists()


def test_unknown_person_is_a_clear_error():
    with pytest.raises(CommandError, match="No account"):
        call_command("person_erase", "ingen@example.com", "--yes")


def test_a_person_downloads_and_deletes_their_own_data(world):
    person = world.users["citizen"]
    client = client_for(person)
    response = client.get("/accounts/privacy/export/")
    assert response.status_code == 200
    assert json.loads(response.content)["account"]["email"] == "citizen@example.com"
    # A wrong confirmation deletes nothing.
    response = client.post("/accounts/privacy/", {"confirm_email": "someone@example.com"})
    assert response.status_code == 200
    assert User.objects.filter(email="citizen@example.com").exists()
    response = client.post("/accounts/privacy/", {"confirm_email": "citizen@example.com"})
    assert response.status_code == 302
    assert not User.objects.filter(email="citizen@example.com").exists()
