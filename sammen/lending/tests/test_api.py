"""The API: catalogue and availability for everyone, desk operations for the depot's staff with a token."""

import datetime

import pytest

from sammen.accounts.services import api_token_create
from sammen.core.testing import client_for, make_user

from ..calendar import today_in
from ..circulation import Line, reservation_create
from ..models import Loan
from .factories import make_borrower, make_depot, make_depot_staff, make_item_type, make_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def lib(world):
    m = world.municipality
    depot = make_depot(m, name="BUA Api", code_prefix="API")
    skates = make_item_type(depot, name="Skøyter")
    make_units(skates, 2, size="34")
    make_units(skates, 1, size="36")
    return {"m": m, "depot": depot, "skates": skates, "today": today_in(m)}


def test_availability_counts_free_units_per_size(lib):
    resident = make_user()
    start = lib["today"] + datetime.timedelta(days=2)
    reservation_create(
        actor=resident,
        depot=lib["depot"],
        borrower=make_borrower(lib["m"], user=resident),
        start=start,
        end=start + datetime.timedelta(days=2),
        lines=[Line(lib["skates"], "34")],
    )
    end = start + datetime.timedelta(days=1)
    response = client_for(None).get(
        f"/api/v1/lending/municipalities/testvik/availability?start={start.isoformat()}&end={end.isoformat()}"
    )
    assert response.status_code == 200
    [row] = response.json()
    assert (row["name"], row["total"], row["free"]) == ("Skøyter", 3, 2)
    assert row["sizes"] == [{"size": "34", "total": 2, "free": 1}, {"size": "36", "total": 1, "free": 1}]
    bad = client_for(None).get("/api/v1/lending/municipalities/testvik/availability?start=2026-01-10&end=2026-01-01")
    assert bad.status_code == 400


def test_catalogue_and_depots_are_public(lib):
    client = client_for(None)
    assert [d["slug"] for d in client.get("/api/v1/lending/municipalities/testvik/depots").json()] == [
        lib["depot"].slug
    ]
    assert client.get("/api/v1/lending/municipalities/testvik/item-types?q=skø").json()[0]["name"] == "Skøyter"


def test_desk_check_out_and_in_with_a_token(lib, world):
    staff = make_depot_staff(lib["depot"])
    _token, raw = api_token_create(user=staff, name="Skanner")
    headers = {"Authorization": f"Bearer {raw}"}
    borrower = make_borrower(lib["m"])
    code = lib["skates"].units.first().code
    url = f"/api/v1/lending/municipalities/testvik/depots/{lib['depot'].slug}"
    client = client_for(None, language="en")
    payload = {
        "borrower_id": borrower.pk,
        "codes": [code],
        "due_date": (lib["today"] + datetime.timedelta(days=3)).isoformat(),
    }
    assert client.post(f"{url}/check-out", payload, content_type="application/json").status_code == 401
    outsider_token = api_token_create(user=world.users["coordinator"], name="x")[1]
    denied = client.post(
        f"{url}/check-out",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {outsider_token}"},
    )
    assert denied.status_code == 403
    response = client.post(f"{url}/check-out", payload, content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
    assert response.json()["units"] == [code]
    again = client.post(f"{url}/check-out", payload, content_type="application/json", headers=headers)
    assert again.status_code == 400 and "already lent out" in again.json()["errors"][0]["message"]
    assert [loan["id"] for loan in client.get(f"{url}/loans", headers=headers).json()] == [Loan.objects.get().pk]
    returned = client.post(f"{url}/check-in", {"code": code}, content_type="application/json", headers=headers)
    assert returned.json() == {"code": code, "loan_id": Loan.objects.get().pk, "loan_closed": True}
    twice = client.post(f"{url}/check-in", {"code": code}, content_type="application/json", headers=headers)
    assert twice.status_code == 400 and "not lent out" in twice.json()["errors"][0]["message"]


def test_availability_query_count_does_not_grow_with_the_catalogue(lib, django_assert_max_num_queries):
    client = client_for(None)
    url = "/api/v1/lending/municipalities/testvik/availability"
    client.get(url)
    with django_assert_max_num_queries(10) as first:
        client.get(url)
    for i in range(30):
        make_units(make_item_type(lib["depot"], name=f"Type {i}"), 3, size=str(30 + i % 4))
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert len(response.json()) == 31
