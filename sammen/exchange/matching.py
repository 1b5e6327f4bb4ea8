"""Ranking offers against needs (and the reverse) with a transparent score and a reason people can read.

The score is a plain sum, at most 100, so anyone can check it by hand:

- same category                     40
- shared tags                       10 each, at most 30
- dates that overlap                10  (two periods with dates that do not overlap rule the pair out)
- shared weekdays                   10
- place: same neighbourhood         10; closer than 10 km by venue or neighbourhood: 10 × (1 − km/10);
         one side for the whole municipality: 5

The reason lists what the two have in common, e.g. "both: premises, Tuesdays, Borgen".
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import formats
from django.utils.translation import gettext as _

from .models import WEEKDAYS, Category

if TYPE_CHECKING:
    from .models import Listing

CATEGORY_POINTS = 40
TAG_POINTS = 10
TAG_POINTS_MAX = 30
DATE_POINTS = 10
WEEKDAY_POINTS = 10
PLACE_POINTS = 10
WHOLE_MUNICIPALITY_POINTS = 5
NEAR_KM = 10.0


@dataclass
class Match:
    listing: Listing
    score: int
    shared: list[str] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def reason(self) -> str:
        parts = []
        if self.shared:
            parts.append(_("both: %(things)s") % {"things": ", ".join(self.shared)})
        if self.distance_km is not None:
            parts.append(_("%(km)s km apart") % {"km": formats.number_format(round(self.distance_km, 1), 1)})
        return "; ".join(parts)


def _point(listing: Listing) -> tuple[float, float] | None:
    """Where a listing is: its venue, else its neighbourhood; None for the whole municipality."""
    for place in (listing.venue, listing.neighbourhood):
        if place is not None and place.latitude is not None and place.longitude is not None:
            return float(place.latitude), float(place.longitude)
    return None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), good to a few metres at the scale of a municipality."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _overlap(
    a_start: datetime.date | None,
    a_end: datetime.date | None,
    b_start: datetime.date | None,
    b_end: datetime.date | None,
) -> tuple[datetime.date | None, datetime.date | None] | None:
    """The common part of two periods (None bounds are open), or None when they do not meet."""
    start = max((d for d in (a_start, b_start) if d is not None), default=None)
    end = min((d for d in (a_end, b_end) if d is not None), default=None)
    if start is not None and end is not None and end < start:
        return None
    return start, end


def score(a: Listing, b: Listing, tag_names: dict[int, list[str]] | None = None) -> Match | None:
    """How well `b` answers `a` (one an offer, the other a need). None when they cannot work together."""
    tags_a = set(tag_names[a.pk]) if tag_names is not None else {t.name for t in a.tags.all()}
    tags_b = set(tag_names[b.pk]) if tag_names is not None else {t.name for t in b.tags.all()}
    points = 0
    shared: list[str] = []

    if a.category == b.category:
        points += CATEGORY_POINTS
        shared.append(str(Category(a.category).label).lower())
    common_tags = sorted(tags_a & tags_b)
    if a.category != b.category and not common_tags:
        return None
    points += min(TAG_POINTS * len(common_tags), TAG_POINTS_MAX)
    shared.extend(common_tags)

    has_dates_a = a.starts_on is not None or a.ends_on is not None
    has_dates_b = b.starts_on is not None or b.ends_on is not None
    if has_dates_a and has_dates_b:
        common = _overlap(a.starts_on, a.ends_on, b.starts_on, b.ends_on)
        if common is None:
            return None
        points += DATE_POINTS
        shared.append(_period_label(*common))

    common_days = a.weekdays & b.weekdays
    if common_days:
        points += WEEKDAY_POINTS
        shared.extend(str(plural) for day, _label, plural in WEEKDAYS if common_days & (1 << day))

    distance = None
    if a.neighbourhood_id is not None and a.neighbourhood_id == b.neighbourhood_id:
        points += PLACE_POINTS
        shared.append(a.neighbourhood.name)  # type: ignore[union-attr]
    elif a.neighbourhood_id is None or b.neighbourhood_id is None:
        points += WHOLE_MUNICIPALITY_POINTS
    else:
        point_a, point_b = _point(a), _point(b)
        if point_a is not None and point_b is not None:
            distance = distance_km(point_a, point_b)
            points += round(PLACE_POINTS * max(0.0, 1 - distance / NEAR_KM))
    return Match(listing=b, score=points, shared=shared, distance_km=distance)


def _period_label(start: datetime.date | None, end: datetime.date | None) -> str:
    if start is not None and end is not None:
        if start == end:
            return formats.date_format(start, "MONTH_DAY_FORMAT")
        return f"{formats.date_format(start, 'MONTH_DAY_FORMAT')}–{formats.date_format(end, 'MONTH_DAY_FORMAT')}"
    if start is not None:
        return _("from %(date)s") % {"date": formats.date_format(start, "MONTH_DAY_FORMAT")}
    assert end is not None
    return _("until %(date)s") % {"date": formats.date_format(end, "MONTH_DAY_FORMAT")}


def rank(listing: Listing, candidates: list[Listing], tag_names: dict[int, list[str]], limit: int) -> list[Match]:
    matches = [m for c in candidates if (m := score(listing, c, tag_names)) is not None]
    matches.sort(key=lambda m: (-m.score, -(m.listing.created_at.timestamp() if m.listing.created_at else 0)))
    return matches[:limit]
