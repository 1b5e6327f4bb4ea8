"""Every read of the impact module: settings, the framework, dashboards with their judgements, survey results.

Nothing here returns a suppressed number: a hidden cell comes back as a point without a value.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sammen.places.models import Municipality, Neighbourhood

from . import bank
from .charts import LineChart, Series, render_svg
from .models import (
    Answer,
    Direction,
    ImpactGoal,
    ImpactSettings,
    Indicator,
    IndicatorValue,
    Question,
    QuestionKind,
    Sex,
    Survey,
    SurveyStatus,
    Tier,
)
from .suppression import Group, suppress


def settings_for(municipality: Municipality) -> ImpactSettings:
    """The municipality's settings, or the defaults (unsaved) when it has never changed them."""
    found = ImpactSettings.objects.filter(municipality=municipality).first()
    return found if found is not None else ImpactSettings(municipality=municipality)


def goal_list(
    *, municipality: Municipality, public_only: bool = False, with_neighbourhoods: bool = True
) -> list[ImpactGoal]:
    indicators = Indicator.objects.order_by("order", "name")
    if with_neighbourhoods:
        indicators = indicators.prefetch_related("neighbourhoods")
    if public_only:
        indicators = indicators.filter(is_public=True)
    return list(
        ImpactGoal.objects.filter(municipality=municipality)
        .order_by("order", "title")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )


def indicator_list(*, municipality: Municipality, public_only: bool = False) -> QuerySet[Indicator]:
    qs = (
        Indicator.objects.filter(municipality=municipality)
        .select_related("goal")
        .order_by("goal__order", "order", "name")
    )
    return qs.filter(is_public=True) if public_only else qs


def is_published(municipality: Municipality) -> bool:
    return settings_for(municipality).is_dashboard_public


@functools.cache
def _separators(language: str) -> tuple[str, str]:
    return str(get_format("DECIMAL_SEPARATOR")), str(get_format("THOUSAND_SEPARATOR"))


def fmt(value: Decimal | float | None, decimals: int) -> str:
    """A number in the active language's style (1 234,5 in Norwegian): Django's number_format, but fast enough to
    call a thousand times per dashboard."""
    if value is None:
        return "–"
    decimal_separator, thousand_separator = _separators(get_language() or "nb")
    text = f"{Decimal(str(value)):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal_separator).replace("\x00", thousand_separator)


# Judgement --------------------------------------------------------------------------------------------------------


@dataclass
class Judgement:
    kind: str  # better, worse, unchanged, unknown
    label: str
    rule: str
    change_percent: float | None = None


def judge(points: list[tuple[str, Decimal]], direction: str, threshold: Decimal) -> Judgement:
    """Better, worse or unchanged from the first to the last value shown, by a relative change of `threshold` %."""
    threshold = Decimal(str(threshold))
    rule = _(
        "Compared with the first value shown: better when it has moved at least %(t)s %% in the good direction, worse "
        "when at least %(t)s %% in the bad direction, otherwise unchanged."
    ) % {"t": fmt(threshold, 0 if threshold == threshold.to_integral_value() else 1)}
    if len(points) < 2:
        return Judgement("unknown", _("Not enough data"), rule)
    (first_period, first), (last_period, last) = points[0], points[-1]
    if first == 0:
        change = 0.0 if last == 0 else (100.0 if last > 0 else -100.0)
    else:
        change = float((last - first) / abs(first) * 100)
    good = change if direction == Direction.UP else -change
    rule = (
        rule
        + " "
        + _("Here: %(first)s in %(p1)s, %(last)s in %(p2)s.")
        % {
            "first": fmt(first, 1),
            "p1": first_period,
            "last": fmt(last, 1),
            "p2": last_period,
        }
    )
    if good >= float(threshold):
        return Judgement("better", _("Better"), rule, change)
    if good <= -float(threshold):
        return Judgement("worse", _("Worse"), rule, change)
    return Judgement("unchanged", _("Unchanged"), rule, change)


def compare_to_average(local: Decimal | None, average: Decimal | None, direction: str, threshold: Decimal) -> str:
    if local is None or average is None:
        return ""
    difference = (0.0 if local == 0 else 100.0) if average == 0 else float((local - average) / abs(average) * 100)
    good = difference if direction == Direction.UP else -difference
    if good >= float(threshold):
        return _("better than the municipal average")
    if good <= -float(threshold):
        return _("worse than the municipal average")
    return _("about the same as the municipal average")


# Dashboards -------------------------------------------------------------------------------------------------------


@dataclass
class Cell:
    value: Decimal | None
    suppressed: bool
    respondents: int | None
    source: str = ""


@dataclass
class Row:
    period: str
    cells: list[Cell | None]


@dataclass
class IndicatorCard:
    indicator: Indicator
    periods: list[str]
    columns: list[str]
    rows: list[Row]
    judgement: Judgement
    versus_average: str
    summary: str
    chart: LineChart
    latest: Cell | None = None
    latest_period: str = ""

    @property
    def svg(self) -> str:
        return render_svg(self.chart)

    def table_html(self) -> SafeString:
        """The data table, built here rather than in a template loop: a dashboard has hundreds of cells."""
        hidden_title = escape(_("Hidden to protect small groups"))
        head = "".join(f'<th scope="col" class="number">{escape(column)}</th>' for column in self.columns)
        body = []
        for period, cells in self.table:
            tds = "".join(
                f'<td class="number"><abbr title="{hidden_title}">:</abbr></td>'
                if hidden
                else f'<td class="number">{escape(text)}</td>'
                for text, hidden in cells
            )
            body.append(f'<tr><th scope="row">{escape(period)}</th>{tds}</tr>')
        if not body:
            body.append(f'<tr><td colspan="{len(self.columns) + 1}">{escape(_("No values yet."))}</td></tr>')
        caption = escape(f"{self.indicator.name} ({self.indicator.unit})")
        return mark_safe(  # noqa: S308 - every piece above is escaped.
            f"<table><caption>{caption}</caption>"
            f'<thead><tr><th scope="col">{escape(_("Period"))}</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
        )

    @property
    def table(self) -> list[tuple[str, list[tuple[str, bool]]]]:
        """The data table as text: (period, [(value, hidden)]) with the indicator's decimals."""
        return [
            (row.period, [(self.formatted(cell), bool(cell and cell.suppressed)) for cell in row.cells])
            for row in self.rows
        ]

    def formatted(self, cell: Cell | None) -> str:
        if cell is None:
            return "–"
        if cell.suppressed:
            return ":"
        return fmt(cell.value, self.indicator.decimals)


@dataclass
class GoalSection:
    goal: ImpactGoal
    cards: list[IndicatorCard] = field(default_factory=list)


def _period_key(year_from: int, year_to: int) -> tuple[int, int]:
    return (year_to, year_from)


def _period_label(year_from: int, year_to: int) -> str:
    return str(year_to) if year_from == year_to else f"{year_from}–{year_to}"


def _visible(value: Decimal | None, suppressed: bool, respondents: int | None, k: int) -> Cell:
    if suppressed or value is None or (respondents is not None and respondents < k):
        return Cell(None, True, None)
    return Cell(value, False, respondents)


def series_by_place(
    *, indicators: list[Indicator], places: list[int | None], k: int, sex: str = Sex.ALL, age_band: str = ""
) -> dict[tuple[int, int | None], dict[tuple[int, int], Cell]]:
    """(indicator id, neighbourhood id or None) → period → cell, in one query."""
    result: dict[tuple[int, int | None], dict[tuple[int, int], Cell]] = defaultdict(dict)
    neighbourhood_ids = [p for p in places if p is not None]
    from django.db.models import Q

    place_filter = Q(neighbourhood_id__in=neighbourhood_ids)
    if None in places:
        place_filter |= Q(neighbourhood__isnull=True)
    rows = IndicatorValue.objects.filter(
        place_filter, indicator_id__in=[i.pk for i in indicators], sex=sex, age_band=age_band
    ).values_list(
        "indicator_id", "neighbourhood_id", "year_from", "year_to", "value", "is_suppressed", "respondents", "source"
    )
    for indicator_id, neighbourhood_id, year_from, year_to, value, suppressed, respondents, source in rows:
        cell = _visible(value, suppressed, respondents, k)
        cell.source = source
        result[(indicator_id, neighbourhood_id)][(year_from, year_to)] = cell
    return result


def _number(cell: Cell | None) -> float | None:
    return float(cell.value) if cell is not None and cell.value is not None else None


def build_card(
    *,
    indicator: Indicator,
    places: list[tuple[int | None, str]],
    series: dict[tuple[int, int | None], dict[tuple[int, int], Cell]],
    threshold: Decimal,
    chart_id: str,
    main_place: int | None,
) -> IndicatorCard:
    by_place = [series.get((indicator.pk, place_id), {}) for place_id, _name in places]
    period_keys = sorted({key for place in by_place for key in place}, key=lambda p: _period_key(*p))
    labels = [_period_label(*key) for key in period_keys]
    rows = [Row(label, [place.get(key) for place in by_place]) for label, key in zip(labels, period_keys, strict=True)]
    main_index = next(i for i, (place_id, _n) in enumerate(places) if place_id == main_place)
    main_points = [
        (row.period, row.cells[main_index].value)  # type: ignore[union-attr]
        for row in rows
        if row.cells[main_index] is not None and not row.cells[main_index].suppressed  # type: ignore[union-attr]
    ]
    judgement = judge(main_points, indicator.direction, threshold)  # type: ignore[arg-type]
    latest = next((row.cells[main_index] for row in reversed(rows) if row.cells[main_index] is not None), None)
    latest_period = next((row.period for row in reversed(rows) if row.cells[main_index] is not None), "")
    average_index = next((i for i, (place_id, _n) in enumerate(places) if place_id is None), None)
    versus = ""
    if average_index is not None and average_index != main_index and rows:
        last = rows[-1]
        local_cell, average_cell = last.cells[main_index], last.cells[average_index]
        versus = compare_to_average(
            local_cell.value if local_cell else None,
            average_cell.value if average_cell else None,
            indicator.direction,
            threshold,
        )
    unit = indicator.unit
    place_name = places[main_index][1]
    parts = []
    if latest is not None and not latest.suppressed:
        parts.append(
            _("%(indicator)s in %(place)s: %(value)s %(unit)s in %(period)s.")
            % {
                "indicator": indicator.name,
                "place": place_name,
                "value": fmt(latest.value, indicator.decimals),
                "unit": unit,
                "period": latest_period,
            }
        )
    elif latest is not None:
        parts.append(
            _(
                "%(indicator)s in %(place)s: the latest value (%(period)s) is hidden because too few people are behind "
                "it."
            )
            % {"indicator": indicator.name, "place": place_name, "period": latest_period}
        )
    else:
        parts.append(
            _("%(indicator)s in %(place)s: no values yet.") % {"indicator": indicator.name, "place": place_name}
        )
    if judgement.kind != "unknown":
        parts.append(_("Judgement: %(judgement)s.") % {"judgement": judgement.label.lower()})
    if versus:
        parts.append(_("In %(period)s it was %(comparison)s.") % {"period": rows[-1].period, "comparison": versus})
    if indicator.target_value is not None:
        parts.append(
            _("Target: %(value)s %(unit)s by %(year)s.")
            % {"value": fmt(indicator.target_value, indicator.decimals), "unit": unit, "year": indicator.target_year}
        )
    hidden = sum(1 for row in rows for cell in row.cells if cell is not None and cell.suppressed)
    if hidden:
        parts.append(_("%(count)s values are hidden to protect small groups.") % {"count": hidden})
    summary = " ".join(parts)
    chart = LineChart(
        chart_id=chart_id,
        title=f"{indicator.name} ({unit})",
        description=summary,
        labels=labels,
        series=[Series(name, [_number(row.cells[i]) for row in rows]) for i, (_p, name) in enumerate(places)],
        unit=unit,
        decimals=indicator.decimals,
        target=float(indicator.target_value) if indicator.target_value is not None else None,
        target_label=_("Target %(value)s by %(year)s")
        % {"value": fmt(indicator.target_value, indicator.decimals), "year": indicator.target_year}
        if indicator.target_value is not None
        else "",
    )
    return IndicatorCard(
        indicator=indicator,
        periods=labels,
        columns=[name for _p, name in places],
        rows=rows,
        judgement=judgement,
        versus_average=versus,
        summary=summary,
        chart=chart,
        latest=latest,
        latest_period=latest_period,
    )


def neighbourhood_dashboard(
    *,
    municipality: Municipality,
    neighbourhood: Neighbourhood | None,
    public_only: bool,
    config: ImpactSettings | None = None,
) -> list[GoalSection]:
    """Every indicator of the neighbourhood (or of the municipality when None) with the municipal average beside it."""
    config = config or settings_for(municipality)
    goals = goal_list(municipality=municipality, public_only=public_only, with_neighbourhoods=False)
    indicators = [i for g in goals for i in g.indicators.all()]
    if neighbourhood is not None:
        measured = set(
            Indicator.neighbourhoods.through.objects.filter(neighbourhood=neighbourhood).values_list(
                "indicator_id", flat=True
            )
        )
        indicators = [i for i in indicators if i.pk in measured]
    places: list[tuple[int | None, str]] = [(None, _("Whole municipality"))]
    if neighbourhood is not None:
        places.insert(0, (neighbourhood.pk, neighbourhood.name))
    series = series_by_place(indicators=indicators, places=[p for p, _n in places], k=config.min_group_size)
    main = neighbourhood.pk if neighbourhood is not None else None
    sections = []
    wanted = {i.pk for i in indicators}
    for goal in goals:
        section = GoalSection(goal)
        for indicator in goal.indicators.all():
            if indicator.pk in wanted:
                section.cards.append(
                    build_card(
                        indicator=indicator,
                        places=places,
                        series=series,
                        threshold=config.change_threshold_percent,
                        chart_id=f"chart-{indicator.pk}",
                        main_place=main,
                    )
                )
        if section.cards:
            sections.append(section)
    return sections


def indicator_comparison(
    *, municipality: Municipality, indicator: Indicator, sex: str = Sex.ALL, age_band: str = ""
) -> IndicatorCard:
    """One indicator across all its neighbourhoods and the municipality."""
    config = settings_for(municipality)
    neighbourhoods = list(indicator.neighbourhoods.order_by("name"))
    places: list[tuple[int | None, str]] = [(n.pk, n.name) for n in neighbourhoods] + [(None, _("Whole municipality"))]
    series = series_by_place(
        indicators=[indicator], places=[p for p, _n in places], k=config.min_group_size, sex=sex, age_band=age_band
    )
    return build_card(
        indicator=indicator,
        places=places,
        series=series,
        threshold=config.change_threshold_percent,
        chart_id=f"compare-{indicator.pk}",
        main_place=None,
    )


def breakdown_table(*, indicator: Indicator) -> list[dict[str, Any]]:
    """Latest period per place broken down by sex and age band, with hidden cells as None."""
    k = settings_for(indicator.municipality).min_group_size
    rows = list(
        IndicatorValue.objects.filter(indicator=indicator)
        .exclude(sex=Sex.ALL, age_band="")
        .select_related("neighbourhood")
        .order_by("-year_to", "neighbourhood__name", "sex", "age_band")
    )
    return [
        {
            "place": row.neighbourhood.name if row.neighbourhood else _("Whole municipality"),
            "period": row.period_label,
            "group": row.get_sex_display() if row.sex != Sex.ALL else row.age_band,
            "cell": _visible(row.value, row.is_suppressed, row.respondents, k),
        }
        for row in rows
    ]


# Surveys ----------------------------------------------------------------------------------------------------------


def survey_list(*, municipality: Municipality) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(municipality=municipality)
        .annotate(response_count=Count("responses", distinct=True), question_count=Count("questions", distinct=True))
        .order_by("-year", "title")
    )


def open_surveys(*, municipality: Municipality, neighbourhood: Neighbourhood | None = None) -> QuerySet[Survey]:
    qs = Survey.objects.filter(municipality=municipality, status=SurveyStatus.OPEN, allow_open_link=True)
    if neighbourhood is not None:
        qs = qs.filter(neighbourhoods=neighbourhood)
    return qs.order_by("title")


@dataclass
class BankItem:
    key: str
    tier: str
    kind: str
    text: str
    in_survey: bool

    @property
    def kind_label(self) -> str:
        return str(QuestionKind(self.kind).label)

    @property
    def tier_label(self) -> str:
        return str(Tier(self.tier).label)


def bank_list(*, survey: Survey, language: str) -> list[BankItem]:
    present = set(survey.questions.values_list("bank_key", flat=True))
    items = [
        BankItem(q.key, q.tier, q.kind, q.text.get(language) or q.text["nb"], q.key in present)
        for q in bank.NATIONAL_BANK
    ]
    seen = set()
    own = (
        Question.objects.filter(survey__municipality=survey.municipality, tier=Tier.OWN)
        .order_by("bank_key", "-survey__year", "-pk")
        .only("bank_key", "kind", "text")
    )
    for question in own:
        if question.bank_key in seen:
            continue
        seen.add(question.bank_key)
        items.append(
            BankItem(
                question.bank_key, Tier.OWN, question.kind, question.text_in(language), question.bank_key in present
            )
        )
    return items


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    # Per place: (name, n or None when hidden, [(label, share % or mean)])
    places: list[tuple[str, int | None, list[tuple[str, str]]]]
    mean: str = ""

    @property
    def table(self) -> tuple[list[tuple[str, int | None]], list[tuple[str, list[str]]]]:
        """One table for the question: a column per place (":" when hidden), a row per answer."""
        columns = [(name, n) for name, n, _d in self.places]
        labels = next((list(dict(d)) for _name, n, d in self.places if n is not None), [])
        rows = [
            (label, [dict(d).get(label, ":") if n is not None else ":" for _name, n, d in self.places])
            for label in labels
        ]
        return columns, rows


def survey_results(*, survey: Survey, language: str) -> list[QuestionResult]:
    """Per question and neighbourhood: the distribution of answers, hiding small groups and what subtracts to them."""
    k = settings_for(survey.municipality).min_group_size
    neighbourhoods = list(survey.neighbourhoods.order_by("name"))
    ids = [n.pk for n in neighbourhoods]
    questions = [q for q in survey.questions.order_by("order", "pk") if q.kind != QuestionKind.TEXT]
    counts_by_question: dict[int, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    options_by_question: dict[int, dict[tuple[Any, str], int]] = defaultdict(lambda: defaultdict(int))
    sums: dict[int, dict[Any, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (
        Answer.objects.filter(
            question__survey=survey, question__kind__in=[k_ for k_ in QuestionKind.values if k_ != "text"]
        )
        .values("question_id", "response__neighbourhood_id", "option", "number")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    respondents: dict[int, dict[Any, set[int]]] = {}
    # Respondents per question and place (distinct responses, multiple choice counts a person once).
    for row in (
        Answer.objects.filter(question__survey=survey)
        .values("question_id", "response__neighbourhood_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    ):
        scope = row["response__neighbourhood_id"] if row["response__neighbourhood_id"] in ids else "outside"
        counts_by_question[row["question_id"]][scope] += row["n"]
        counts_by_question[row["question_id"]]["all"] += row["n"]
    del respondents
    for row in rows:
        scope = row["response__neighbourhood_id"] if row["response__neighbourhood_id"] in ids else "outside"
        label = row["option"] or (
            str(int(row["number"])) if row["number"] is not None and row["number"] % 1 == 0 else str(row["number"])
        )
        for where in (scope, "all"):
            options_by_question[row["question_id"]][(where, label)] += row["n"]
            if row["number"] is not None:
                sums[row["question_id"]][where] += row["number"] * row["n"]
    results = []
    for question in questions:
        counts = counts_by_question[question.pk]
        groups = [Group("all", (*ids, "outside"))]
        hidden = suppress(counts, groups, k, never_shown=["outside"])
        places: list[tuple[str, int | None, list[tuple[str, str]]]] = []
        scopes: list[tuple[Any, str]] = [*((n.pk, n.name) for n in neighbourhoods), ("all", _("All respondents"))]
        for scope, name in scopes:
            n = counts.get(scope, 0)
            if n == 0:
                continue
            if scope in hidden:
                places.append((name, None, []))
                continue
            distribution = []
            if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                for option in question.options:
                    label = option["label"].get(language) or next(iter(option["label"].values()), option["value"])
                    share = options_by_question[question.pk].get((scope, str(option["value"])), 0) * 100 / n
                    distribution.append((label, fmt(share, 0) + " %"))
            elif question.kind == QuestionKind.LIKERT:
                for point in range(1, question.scale_points + 1):
                    share = options_by_question[question.pk].get((scope, str(point)), 0) * 100 / n
                    distribution.append((str(point), fmt(share, 0) + " %"))
                distribution.append((_("Average"), fmt(sums[question.pk][scope] / n, 1)))
            else:
                distribution.append((_("Average"), fmt(sums[question.pk][scope] / n, 1)))
            places.append((name, n, distribution))
        results.append(QuestionResult(question=question, respondents=counts.get("all", 0), places=places))
    return results
