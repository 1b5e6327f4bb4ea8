"""Role × view matrix for the equipment library, plus the depot staff role (scoped to one depot)."""

import pytest
from django.urls import reverse

from sammen.core.testing import ROLE_NAMES, assert_matrix, client_for, make_user

from .factories import make_borrower, make_depot, make_depot_staff, make_item_type, make_units

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(ROLE_NAMES, "ok")


def only(*allowed, anonymous="login"):
    row = dict.fromkeys(ROLE_NAMES, "deny")
    row["anonymous"] = anonymous
    for role in allowed:
        row[role] = "ok"
    return row


@pytest.fixture
def lib(world):
    depot = make_depot(world.municipality, name="BUA Matrise", code_prefix="MAT")
    item_type = make_item_type(depot)
    make_units(item_type, 1)
    return {"depot": depot, "item_type": item_type, "borrower": make_borrower(world.municipality)}


def urls(world, lib):
    m = world.municipality.slug
    d = lib["depot"].slug

    def u(name, **kwargs):
        return reverse(f"lending:{name}", kwargs={"municipality_slug": m, **kwargs})

    return {
        "lending home": u("home"),
        "depot page": u("depot", depot_slug=d),
        "item page": u("item", depot_slug=d, item_type_id=lib["item_type"].pk),
        "reserve": u("reserve", depot_slug=d),
        "my loans": u("mine"),
        "desk": u("desk", depot_slug=d),
        "register borrower": u("desk_borrower_new", depot_slug=d),
        "staff home": u("staff_home"),
        "new depot": u("staff_depot_create"),
        "depot settings": u("staff_depot_edit", depot_slug=d),
        "opening hours": u("staff_depot_hours", depot_slug=d),
        "depot people": u("staff_depot_people", depot_slug=d),
        "catalogue": u("staff_catalogue", depot_slug=d),
        "reservations": u("staff_reservations", depot_slug=d),
        "open loans": u("staff_loans", depot_slug=d),
        "overdue": u("staff_overdue"),
        "review": u("staff_review"),
        "borrowers": u("staff_borrowers"),
        "borrower": u("staff_borrower", borrower_id=lib["borrower"].pk),
        "statistics": u("staff_statistics"),
        "statistics export": u("staff_statistics_export") + "?format=csv",
    }


def matrix():
    admins = ("municipality_admin", "platform_admin")
    logged_in = {**EVERYONE, "anonymous": "login"}
    return {
        "lending home": EVERYONE,
        "depot page": EVERYONE,
        "item page": EVERYONE,
        "reserve": logged_in,
        "my loans": logged_in,
        "desk": only(*admins),
        "register borrower": only(*admins),
        "staff home": only(*admins),
        "new depot": only(*admins),
        "depot settings": only(*admins),
        "opening hours": only(*admins),
        "depot people": only(*admins),
        "catalogue": only(*admins),
        "reservations": only(*admins),
        "open loans": only(*admins),
        "overdue": only(*admins),
        "review": only(*admins),
        "borrowers": only(*admins),
        "borrower": only(*admins),
        "statistics": only("coordinator", *admins),
        "statistics export": only("coordinator", *admins),
    }


def test_role_view_matrix(world, lib):
    assert_matrix(world, matrix(), urls(world, lib))


def test_depot_staff_reach_their_depot_and_not_others(world, lib):
    staff = make_depot_staff(lib["depot"], make_user("desk@example.com"))
    other_depot = make_depot(world.municipality, name="BUA Annen", code_prefix="ANN")
    client = client_for(staff)
    allowed = {
        "desk",
        "register borrower",
        "staff home",
        "catalogue",
        "reservations",
        "open loans",
        "overdue",
        "review",
        "borrowers",
        "borrower",
        "statistics",
        "statistics export",
    }
    failures = []
    for view, address in urls(world, lib).items():
        status = client.get(address).status_code
        expected = {200} if view in allowed or matrix()[view]["citizen"] == "ok" else {403}
        if status not in expected:
            failures.append(f"{view}: {status}")
    for name in ("desk", "staff_catalogue", "staff_reservations", "staff_loans"):
        address = reverse(
            f"lending:{name}", kwargs={"municipality_slug": world.municipality.slug, "depot_slug": other_depot.slug}
        )
        if client.get(address).status_code != 403:
            failures.append(f"{name} of another depot was not refused")
    assert not failures, failures
