import pytest
from django.core.management import call_command

from sammen.accounts.models import RoleAssignment, User
from sammen.core.demo import DEMO_PASSWORD
from sammen.places.models import Municipality, Neighbourhood

pytestmark = pytest.mark.django_db


def _counts():
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m.__module__.startswith("sammen.")}


def test_demo_is_complete_and_safe_to_run_again(capsys):
    call_command("demo_setup")
    output = capsys.readouterr().out
    first = _counts()
    call_command("demo_setup", quiet_users=True)
    assert _counts() == first
    assert Municipality.objects.filter(slug__in=["fjordvik", "gladvig"]).count() == 2
    assert set(Neighbourhood.objects.filter(municipality__slug="fjordvik").values_list("slug", flat=True)) == {
        "borgen",
        "ulleral",
    }
    # A demo account for every role is printed, and each can log in.
    for role in (
        "Platform administrator",
        "Municipality administrator",
        "Coordinator",
        "Caseworker",
        "Organisation representative",
        "Provider staff",
        "Resident",
    ):
        assert role in output
    assert DEMO_PASSWORD in output
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
    assert RoleAssignment.objects.filter(role="coordinator").count() == 2
