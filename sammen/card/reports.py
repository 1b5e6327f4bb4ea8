"""Usage reports that can be published: aggregated, with no group of fewer than five children shown,
directly or by subtraction from the total.

Rules (see docs/decisions/0402-card-report-suppression.md):
1. a group with 1–4 children is hidden (primary suppression);
2. if hidden groups exist, together they must hold at least five distinct children; otherwise the smallest
   visible groups are hidden too until they do (secondary suppression), so the total minus the visible groups
   never describes fewer than five children;
3. the total is hidden when it covers fewer than five children.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Category, Enrolment, Redemption, Scheme

THRESHOLD = 5

AGE_BANDS = [(6, 9), (10, 12), (13, 16), (17, 25)]


def age_band(birth_year: int | None, on: datetime.date) -> str:
    if birth_year is None:
        return _("Unknown")
    age = on.year - birth_year
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}–{high}"
    return _("Other ages")


@dataclass
class Group:
    label: str
    children: set[int] = field(default_factory=set)
    uses: int = 0
    amount_ore: int = 0
    hidden: bool = False

    @property
    def child_count(self) -> int:
        return len(self.children)


@dataclass
class Table:
    title: str
    groups: list[Group]
    total: Group

    @property
    def hidden_count(self) -> int:
        return sum(1 for g in self.groups if g.hidden)


def suppress(groups: list[Group], total: Group) -> None:
    """Hide small groups, and enough others that no hidden group can be worked out by subtraction."""
    for group in groups:
        group.hidden = 0 < group.child_count < THRESHOLD
    hidden = [g for g in groups if g.hidden]
    while hidden:
        union: set[int] = set().union(*(g.children for g in hidden))
        if len(union) >= THRESHOLD:
            break
        visible = sorted((g for g in groups if not g.hidden and g.child_count), key=lambda g: (g.child_count, g.label))
        if not visible:
            break
        visible[0].hidden = True
        hidden.append(visible[0])
    total.hidden = total.child_count < THRESHOLD
    if total.hidden:
        for group in groups:
            group.hidden = group.hidden or group.child_count > 0


def _table(title: str, rows: Iterable[tuple[str, int, int]], labels: list[str]) -> Table:
    groups: dict[str, Group] = {label: Group(label) for label in labels}
    total = Group(_("All"))
    for label, enrolment_id, amount in rows:
        group = groups.setdefault(label, Group(label))
        group.children.add(enrolment_id)
        group.uses += 1
        group.amount_ore += amount
        total.children.add(enrolment_id)
        total.uses += 1
        total.amount_ore += amount
    ordered = list(groups.values())
    suppress(ordered, total)
    return Table(title=title, groups=ordered, total=total)


def local_range(start: datetime.date, end: datetime.date, tz_name: str) -> tuple[datetime.datetime, datetime.datetime]:
    tz = zoneinfo.ZoneInfo(tz_name)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


def usage_report(*, scheme: Scheme, start: datetime.date, end: datetime.date) -> list[Table]:
    """Uses of the card from `start` to `end` (inclusive) by neighbourhood, age band, category and provider."""
    begin, finish = local_range(start, end, scheme.municipality.timezone)
    rows = list(
        Redemption.objects.filter(provider__scheme=scheme, created_at__gte=begin, created_at__lt=finish)
        .exclude(refunds__cancels_visit=True)
        .values_list(
            "enrolment_id",
            "enrolment__neighbourhood__name",
            "enrolment__birth_year",
            "category",
            "provider__organisation__name",
            "amount_ore",
            "municipality_pays_ore",
        )
    )

    def pick(index: int, label: Callable[[object], str]) -> list[tuple[str, int, int]]:
        return [(label(row[index]), row[0], row[5] + row[6]) for row in rows]

    neighbourhoods = list(scheme.municipality.neighbourhoods.filter(is_active=True).values_list("name", flat=True))
    return [
        _table(_("By neighbourhood"), pick(1, lambda v: str(v) if v else _("Unknown")), neighbourhoods),
        _table(
            _("By age band"),
            pick(2, lambda v: age_band(v, end)),  # type: ignore[arg-type]
            [f"{low}–{high}" for low, high in AGE_BANDS if high >= scheme.min_age and low <= scheme.max_age],
        ),
        _table(
            _("By what the card paid for"),
            pick(3, lambda v: str(Category(str(v)).label)),
            [str(Category(c).label) for c in scheme.allowed_categories],
        ),
        _table(_("By provider"), pick(4, str), []),
    ]


# --- the pilot report -------------------------------------------------------------------------------------


@dataclass
class PilotCell:
    enrolled: int
    active: int
    uses: int

    @property
    def hidden(self) -> bool:
        inactive = self.enrolled - self.active
        return self.enrolled < THRESHOLD or 0 < self.active < THRESHOLD or 0 < inactive < THRESHOLD

    @property
    def participation_percent(self) -> int | None:
        if self.hidden or not self.enrolled:
            return None
        return round(100 * self.active / self.enrolled)

    @property
    def uses_per_child(self) -> str | None:
        if self.hidden or not self.enrolled:
            return None
        return f"{self.uses / self.enrolled:.1f}".replace(".", ",")


@dataclass
class PilotRow:
    label: str
    start: datetime.date
    end: datetime.date
    before_pilot: bool
    pilot: PilotCell
    rest: PilotCell


def half_years(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    periods = []
    cursor = datetime.date(start.year, 1 if start.month <= 6 else 7, 1)
    while cursor <= end:
        if cursor.month == 1:
            periods.append((cursor, datetime.date(cursor.year, 6, 30)))
            cursor = datetime.date(cursor.year, 7, 1)
        else:
            periods.append((cursor, datetime.date(cursor.year, 12, 31)))
            cursor = datetime.date(cursor.year + 1, 1, 1)
    return periods


def pilot_report(*, scheme: Scheme, today: datetime.date, periods: int = 4) -> list[PilotRow]:
    """Per half-year: enrolled children, the share who used the card, uses per child, pilot area vs the rest."""
    pilot = scheme.pilot_neighbourhood
    if pilot is None:
        return []
    first = today.replace(year=today.year - 2)
    rows = []
    for start, end in half_years(first, today)[-periods:]:
        begin, finish = local_range(start, end, scheme.municipality.timezone)
        enrolled = Enrolment.objects.filter(scheme=scheme, created_at__lt=finish, is_anonymised=False)
        uses = (
            Redemption.objects.filter(provider__scheme=scheme, created_at__gte=begin, created_at__lt=finish)
            .exclude(refunds__cancels_visit=True)
            .values_list("enrolment_id", "enrolment__neighbourhood_id")
        )
        in_pilot = enrolled.filter(neighbourhood=pilot)
        elsewhere = enrolled.filter(~Q(neighbourhood=pilot) | Q(neighbourhood__isnull=True))
        active: dict[bool, set[int]] = defaultdict(set)
        count: dict[bool, int] = defaultdict(int)
        for enrolment_id, neighbourhood_id in uses:
            key = neighbourhood_id == pilot.pk
            active[key].add(enrolment_id)
            count[key] += 1
        rows.append(
            PilotRow(
                label=f"{start.year} {'1' if start.month == 1 else '2'}. " + _("half-year"),
                start=start,
                end=end,
                before_pilot=bool(scheme.pilot_started_on and end < scheme.pilot_started_on),
                pilot=PilotCell(enrolled=in_pilot.count(), active=len(active[True]), uses=count[True]),
                rest=PilotCell(enrolled=elsewhere.count(), active=len(active[False]), uses=count[False]),
            )
        )
    return rows
