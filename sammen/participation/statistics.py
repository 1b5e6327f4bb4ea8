"""A process's statistics, computed from its records with grouped database queries (never typed, never a Python
loop over inputs): the headline "N participants – M inputs", the table per method, reach, target groups reached
against those targeted, and inputs per focus area, channel, kind, language and month.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import CharField, Count, F, Q, Sum
from django.db.models.functions import Cast, Substr
from django.utils.translation import get_language

from .models import (
    AgeBand,
    Channel,
    Engagement,
    EngagementAgeBand,
    EngagementKind,
    EngagementStatus,
    EngagementTargetGroup,
    Input,
    InputKind,
    InputStatus,
    ParticipantRule,
    Process,
)

# A targeted group with fewer participants than this (and no inputs) is shown as barely reached.
FEW_PARTICIPANTS = 5


def count_by_rule(low: int, high: int, rule: str) -> int:
    if rule == ParticipantRule.LOWER:
        return low
    if rule == ParticipantRule.MIDPOINT:
        return int((Decimal(low + high) / 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return high


@dataclass
class Bar:
    """One row of a bar chart and its data table."""

    label: Any
    value: int
    key: str = ""
    share: float = 0.0  # of the total, 0–100
    width: float = 0.0  # of the largest bar, 0–100


def bars(rows: list[Bar], total: int | None = None) -> list[Bar]:
    largest = max((r.value for r in rows), default=0)
    total = sum(r.value for r in rows) if total is None else total
    for row in rows:
        row.share = round(100 * row.value / total, 1) if total else 0.0
        row.width = round(100 * row.value / largest, 2) if largest else 0.0
    return rows


@dataclass
class EngagementRow:
    id: int
    kind: str
    kind_label: Any
    title: str
    date: datetime.date
    participants_min: int | None
    participants_max: int | None
    counted: int
    reach: int | None
    inputs: int

    @property
    def participants_display(self) -> str:
        if self.participants_min is None:
            return "–"
        if self.participants_min == self.participants_max:
            return str(self.participants_min)
        return f"{self.participants_min}–{self.participants_max}"

    @property
    def is_approximate(self) -> bool:
        return self.participants_min is not None and self.participants_min != self.participants_max


@dataclass
class KindRow:
    kind: str
    label: Any
    engagements: int
    participants: int
    approximate: int
    reach: int
    inputs: int


@dataclass
class TargetGroupRow:
    id: int
    label: Any
    participants: int
    inputs: int

    @property
    def gap(self) -> str:
        """'none' when nobody from the group was heard, 'few' when hardly anyone, '' otherwise."""
        if self.participants == 0 and self.inputs == 0:
            return "none"
        if self.participants < FEW_PARTICIPANTS and self.inputs == 0:
            return "few"
        return ""


@dataclass
class ProcessStatistics:
    participants: int
    participants_low: int
    participants_high: int
    rule: str
    rule_label: Any
    approximate_engagements: int
    uncounted_engagements: int
    reach: int
    inputs: int
    input_records: int
    pending_inputs: int
    engagements: list[EngagementRow] = field(default_factory=list)
    kinds: list[KindRow] = field(default_factory=list)
    kind_bars: list[Bar] = field(default_factory=list)
    target_groups: list[TargetGroupRow] = field(default_factory=list)
    age_bands: list[Bar] = field(default_factory=list)
    focus_areas: list[Bar] = field(default_factory=list)
    channels: list[Bar] = field(default_factory=list)
    input_kinds: list[Bar] = field(default_factory=list)
    languages: list[Bar] = field(default_factory=list)
    months: list[Bar] = field(default_factory=list)

    @property
    def gaps(self) -> list[TargetGroupRow]:
        return [row for row in self.target_groups if row.gap]


def _language_label(code: str) -> Any:
    from django.utils.translation import gettext_lazy as _

    from .languages import LANGUAGE_NAMES

    if not code:
        return _("Unknown")
    return LANGUAGE_NAMES.get(code, code)


CACHE_SECONDS = 600


def statistics_changed(process_id: int) -> None:
    """Call inside any write that changes a process's figures: the next view computes them afresh."""
    Process.objects.filter(pk=process_id).update(stats_version=F("stats_version") + 1)


def process_statistics_cached(*, process: Process, with_details: bool = True) -> ProcessStatistics:
    """The figures from the cache while the process's data is unchanged (its stats_version), else computed.

    The time limit is a safety net for writes outside the services (which do not bump the version).
    """
    key = (
        f"participation:stats:{process.pk}:{process.stats_version}:{process.participant_rule}:"
        f"{int(with_details)}:{get_language()}"
    )
    stats = cache.get(key)
    if stats is None:
        stats = process_statistics(process=process, with_details=with_details)
        cache.set(key, stats, CACHE_SECONDS)
    return stats


def process_statistics(*, process: Process, with_details: bool = True) -> ProcessStatistics:
    """Every figure on the statistics page, in a fixed number of grouped queries whatever the size of the process."""
    engagements = Engagement.objects.filter(process=process).exclude(status=EngagementStatus.CANCELLED)
    published = Input.objects.filter(process=process, status=InputStatus.PUBLISHED)

    totals = engagements.aggregate(
        low=Sum("participants_min"),
        high=Sum("participants_max"),
        reach=Sum("reach"),
        approximate=Count("id", filter=Q(participants_min__lt=F("participants_max"))),
        uncounted=Count("id", filter=Q(participants_min__isnull=True)),
    )
    by_dimension: list[Any] = []
    if with_details:
        # The grouped scan the detailed page needs anyway also gives the totals (served by the covering index).
        by_dimension = list(
            published.values("kind", "channel", "language").annotate(n=Sum("mentions"), records=Count("id"))
        )
        input_totals = {
            "voices": sum(group["n"] for group in by_dimension),
            "records": sum(group["records"] for group in by_dimension),
            "pending": Input.objects.filter(process=process, status=InputStatus.PENDING).count(),
        }
    else:
        input_totals = Input.objects.filter(process=process).aggregate(
            voices=Sum("mentions", filter=Q(status=InputStatus.PUBLISHED)),
            records=Count("id", filter=Q(status=InputStatus.PUBLISHED)),
            pending=Count("id", filter=Q(status=InputStatus.PENDING)),
        )
    low, high = totals["low"] or 0, totals["high"] or 0
    rule = process.participant_rule
    stats = ProcessStatistics(
        participants=count_by_rule(low, high, rule),
        participants_low=low,
        participants_high=high,
        rule=rule,
        rule_label=ParticipantRule(rule).label,
        approximate_engagements=totals["approximate"] or 0,
        uncounted_engagements=totals["uncounted"] or 0,
        reach=totals["reach"] or 0,
        inputs=input_totals["voices"] or 0,
        input_records=input_totals["records"] or 0,
        pending_inputs=input_totals["pending"] or 0,
    )
    if not with_details:
        return stats

    # Two grouped scans of the inputs (both served by the covering index participation_input_stats) give every
    # per-dimension figure; Python only adds up the few hundred groups, never the inputs themselves.
    by_time = list(
        published.annotate(month=Substr(Cast("received_on", output_field=CharField()), 1, 7))
        .values("month", "engagement_id")
        .annotate(n=Sum("mentions"))
    )
    inputs_by_engagement: dict[int, int] = defaultdict(int)
    monthly: dict[datetime.date, int] = defaultdict(int)
    for group in by_time:
        if group["engagement_id"] is not None:
            inputs_by_engagement[group["engagement_id"]] += group["n"]
        monthly[datetime.date.fromisoformat(group["month"] + "-01")] += group["n"]
    kind_labels = dict(EngagementKind.choices)
    by_kind: dict[str, KindRow] = {}
    for row in engagements.order_by("date", "id").values(
        "id", "kind", "title", "date", "participants_min", "participants_max", "reach"
    ):
        counted = (
            count_by_rule(row["participants_min"], row["participants_max"] or 0, rule)
            if row["participants_min"] is not None
            else 0
        )
        stats.engagements.append(
            EngagementRow(
                id=row["id"],
                kind=row["kind"],
                kind_label=kind_labels.get(row["kind"], row["kind"]),
                title=row["title"],
                date=row["date"],
                participants_min=row["participants_min"],
                participants_max=row["participants_max"],
                counted=counted,
                reach=row["reach"],
                inputs=inputs_by_engagement.get(row["id"], 0),
            )
        )
        kind = by_kind.setdefault(
            row["kind"], KindRow(row["kind"], kind_labels.get(row["kind"], row["kind"]), 0, 0, 0, 0, 0)
        )
        kind.engagements += 1
        kind.participants += counted
        kind.approximate += (
            1 if row["participants_min"] is not None and row["participants_min"] != row["participants_max"] else 0
        )
        kind.reach += row["reach"] or 0
        kind.inputs += inputs_by_engagement.get(row["id"], 0)
    stats.kinds = sorted(by_kind.values(), key=lambda k: (-k.participants, str(k.label)))
    stats.kind_bars = bars([Bar(k.label, k.participants, k.kind) for k in stats.kinds])

    groups = list(process.target_groups.order_by("position", "id"))
    group_participants = dict(
        EngagementTargetGroup.objects.filter(engagement__in=engagements)
        .values("target_group_id")
        .annotate(n=Sum("participants"))
        .values_list("target_group_id", "n")
    )
    group_inputs = {
        row["target_groups"]: row["n"]
        for row in published.values("target_groups").annotate(n=Sum("mentions"))
        if row["target_groups"] is not None
    }
    stats.target_groups = [
        TargetGroupRow(g.pk, g.display_name, group_participants.get(g.pk, 0), group_inputs.get(g.pk, 0)) for g in groups
    ]

    ages = dict(
        EngagementAgeBand.objects.filter(engagement__in=engagements)
        .values("band")
        .annotate(n=Sum("participants"))
        .values_list("band", "n")
    )
    if ages:
        stats.age_bands = bars([Bar(band.label, ages.get(band.value, 0), band.value) for band in AgeBand])

    # One left join from the inputs: a group per focus area, and the group without one (None).
    area_counts: dict[int | None, int] = {
        row["focus_areas"]: row["n"] for row in published.values("focus_areas").annotate(n=Sum("mentions"))
    }
    without_area = area_counts.pop(None, 0)
    from django.utils.translation import gettext_lazy as _

    area_rows = [Bar(a.name, area_counts.get(a.pk, 0), a.key) for a in process.focus_areas.order_by("position", "id")]
    if without_area:
        area_rows.append(Bar(_("No focus area yet"), without_area, "none"))
    # An input may belong to two focus areas: shares are of all inputs, so they can add up to more than 100 %.
    stats.focus_areas = bars(area_rows, total=stats.inputs)

    channel_labels, kind_names = dict(Channel.choices), dict(InputKind.choices)
    stats.channels = bars(_totals(by_dimension, "channel", lambda key: channel_labels.get(key, key)))
    stats.input_kinds = bars(_totals(by_dimension, "kind", lambda key: kind_names.get(key, key)))
    stats.languages = bars(_totals(by_dimension, "language", _language_label))
    stats.months = bars([Bar(month, monthly[month], month.isoformat()) for month in _month_range(monthly)])
    return stats


def _totals(groups: Sequence[Mapping[str, Any]], dimension: str, label: Any) -> list[Bar]:
    """Add up grouped rows along one dimension, largest first."""
    totals: dict[str, int] = defaultdict(int)
    for group in groups:
        totals[group[dimension]] += group["n"]
    return [Bar(label(key), value, key) for key, value in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]


def _month_range(monthly: dict[datetime.date, int]) -> list[datetime.date]:
    """Every month from the first to the last with inputs, so quiet months show as empty columns."""
    if not monthly:
        return []
    first, last = min(monthly), max(monthly)
    months: list[datetime.date] = []
    current = first.replace(day=1)
    while current <= last and len(months) < 240:
        months.append(current)
        current = (current.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months
