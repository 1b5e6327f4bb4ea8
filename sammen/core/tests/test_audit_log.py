import pytest

from sammen.core.audit import audit_record
from sammen.core.testing import client_for, make_neighbourhood

pytestmark = pytest.mark.django_db


def _fill_log(world, count, prefix="Sted"):
    admin = world.users["municipality_admin"]
    for i in range(count):
        neighbourhood = make_neighbourhood(world.municipality, name=f"{prefix} {i}")
        audit_record(
            actor=admin,
            municipality=world.municipality,
            action="places.neighbourhood.update",
            obj=neighbourhood,
            before={"name": "Gammelt"},
            after={"name": neighbourhood.name},
        )
    audit_record(
        actor=admin,
        municipality=world.other_municipality,
        action="places.neighbourhood.update",
        obj=world.foreign_neighbourhood,
        before={"name": "Hemmelig"},
        after={"name": "Havna"},
    )


def test_admin_sees_own_municipality_changes_with_before_and_after(world):
    _fill_log(world, 3)
    response = client_for(world.users["municipality_admin"]).get("/testvik/staff/audit/")
    content = response.content.decode()
    assert "Sted 2" in content and "Gammelt" in content
    assert "Hemmelig" not in content


def test_filters_narrow_the_log_and_bad_dates_explain(world):
    _fill_log(world, 2)
    client = client_for(world.users["municipality_admin"], language="en")
    response = client.get("/testvik/staff/audit/", {"actor": "nobody@example.com"})
    assert "Sted 1" not in response.content.decode()
    response = client.get(
        "/testvik/staff/audit/", {"since": "2026-05-01", "until": "2026-04-01"}, headers={"Accept-Language": "en"}
    )
    assert "The end date must be on or after the start date." in response.content.decode()


def test_htmx_request_gets_only_the_results_partial(world):
    _fill_log(world, 2)
    response = client_for(world.users["municipality_admin"]).get(
        "/testvik/staff/audit/", headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "Sted 1" in content


def test_audit_log_query_count_is_fixed(world, django_assert_max_num_queries):
    client = client_for(world.users["municipality_admin"])
    _fill_log(world, 5)
    client.get("/testvik/staff/audit/")
    with django_assert_max_num_queries(12) as small:
        client.get("/testvik/staff/audit/")
    _fill_log(world, 60, prefix="Flere")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/testvik/staff/audit/")
