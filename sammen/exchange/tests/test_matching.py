import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from sammen.core.testing import make_neighbourhood, make_venue
from sammen.exchange import matching, selectors
from sammen.exchange.models import weekday_mask

from .factories import make_actor, make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_score_adds_up_and_the_reason_lists_what_both_share(world, english):
    a, b = make_actor(world.municipality), make_actor(world.municipality)
    need = make_listing(
        a,
        side="need",
        tags=["youth", "kitchen", "football"],
        weekdays=weekday_mask([1, 3]),
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 1),
        neighbourhood=world.neighbourhood,
    )
    offer = make_listing(
        b,
        tags=["kitchen", "youth", "football", "chess"],
        weekdays=weekday_mask([1]),
        starts_on=datetime.date(2026, 10, 1),
        neighbourhood=world.neighbourhood,
    )
    match = matching.score(need, offer)
    assert match.score == 40 + 30 + 10 + 10 + 10
    assert match.reason == "both: premises, football, kitchen, youth, October 1–December 1, Tuesdays, Sentrum"


def test_periods_that_do_not_meet_rule_the_pair_out(world):
    a, b = make_actor(world.municipality), make_actor(world.municipality)
    need = make_listing(a, side="need", starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 1, 31))
    offer = make_listing(b, starts_on=datetime.date(2026, 3, 1))
    assert matching.score(need, offer) is None


def test_different_category_needs_a_shared_tag(world):
    a, b = make_actor(world.municipality), make_actor(world.municipality)
    need = make_listing(a, side="need", category="transport", tags=["transport"])
    assert matching.score(need, make_listing(b, category="premises")) is None
    shared = matching.score(need, make_listing(b, category="premises", tags=["transport"]))
    assert shared is not None and shared.score == 10 + 5  # one tag, and a side for the whole municipality


def test_distance_between_venues_in_different_neighbourhoods(world, english):
    north = make_neighbourhood(world.municipality, slug="nord", name="Nord")
    here = make_venue(world.municipality, latitude=Decimal("59.9100"), longitude=Decimal("10.7500"))
    near = make_venue(world.municipality, latitude=Decimal("59.9280"), longitude=Decimal("10.7500"))
    a, b = make_actor(world.municipality), make_actor(world.municipality)
    need = make_listing(a, side="need", neighbourhood=world.neighbourhood, venue=here)
    offer = make_listing(b, neighbourhood=north, venue=near)
    match = matching.score(need, offer)
    assert round(match.distance_km, 1) == 2.0
    assert match.score == 40 + 8
    assert match.reason == "both: premises; 2.0 km apart"


def test_matches_leave_out_own_closed_and_hidden_listings(world):
    a, b = make_actor(world.municipality, organisation=world.organisation), make_actor(world.municipality)
    need = make_listing(a, side="need")
    make_listing(a, title="Own")
    make_listing(b, title="Closed", status="closed")
    make_listing(b, title="Hidden", visibility="actors")
    make_listing(b, title="Old", ends_on=datetime.date(2000, 1, 1))
    visible = make_listing(b, title="Visible")
    anonymous = selectors.Viewer(user=None)
    assert [m.listing for m in selectors.match_list(listing=need, viewer=anonymous)] == [visible]
    actor_viewer = selectors.viewer_for(
        municipality=world.municipality, user=world.users["organisation_representative"]
    )
    titles = sorted(m.listing.title for m in selectors.match_list(listing=need, viewer=actor_viewer))
    assert titles == ["Hidden", "Visible"]
