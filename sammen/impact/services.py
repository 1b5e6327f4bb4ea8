"""Every write of the impact module: framework, values and imports, surveys, answers and their aggregation."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot
from sammen.core.sanitise import strip_html
from sammen.core.services import model_create, model_delete, model_update
from sammen.places.models import Municipality, Neighbourhood

from . import bank, importers
from .models import (
    Aggregation,
    Answer,
    Channel,
    ImpactGoal,
    ImpactSettings,
    ImportBatch,
    Indicator,
    IndicatorValue,
    Origin,
    Question,
    QuestionKind,
    RespondentSex,
    Response,
    Sex,
    Survey,
    SurveyCode,
    SurveyStatus,
    Tier,
)
from .selectors import settings_for
from .suppression import Group, suppress

MAX_TEXT_ANSWER = 2000
MAX_CODES = 1000


def _require(actor: User | None, permission: str, obj: Any) -> None:
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied


def _same_municipality(municipality: Municipality, neighbourhoods: Iterable[Neighbourhood], field: str) -> None:
    for neighbourhood in neighbourhoods:
        if neighbourhood.municipality_id != municipality.pk:
            raise ValidationError({field: _("The neighbourhood belongs to another municipality.")})


# Settings ---------------------------------------------------------------------------------------------------------


def settings_update(*, actor: User, municipality: Municipality, **changes: Any) -> ImpactSettings:
    _require(actor, "impact.configure", municipality)
    current = settings_for(municipality)
    old_k = current.min_group_size
    if current.pk is None:
        current.full_clean()
        current.save()
    result = model_update(
        actor=actor, municipality=municipality, instance=current, changes=changes, action="impact.settings.update"
    )
    if result.min_group_size != old_k:
        # A new threshold applies to what is already aggregated, not only to new surveys.
        for survey in Survey.objects.filter(municipality=municipality, responses__isnull=False).distinct():
            survey_aggregate(actor=None, survey=survey)
    return result


# Goals and indicators ---------------------------------------------------------------------------------------------


def goal_create(*, actor: User, municipality: Municipality, **fields: Any) -> ImpactGoal:
    _require(actor, "impact.manage", municipality)
    fields["description"] = strip_html(fields.get("description", "")).strip()
    goal = ImpactGoal(municipality=municipality, **fields)
    return model_create(actor=actor, municipality=municipality, instance=goal, action="impact.goal.create")


def goal_update(*, actor: User, goal: ImpactGoal, **changes: Any) -> ImpactGoal:
    _require(actor, "impact.manage", goal.municipality)
    if "description" in changes:
        changes["description"] = strip_html(changes["description"] or "").strip()
    return model_update(
        actor=actor, municipality=goal.municipality, instance=goal, changes=changes, action="impact.goal.update"
    )


def goal_delete(*, actor: User, goal: ImpactGoal) -> None:
    _require(actor, "impact.manage", goal.municipality)
    if goal.indicators.exists():
        raise ValidationError(_("The goal still has indicators. Move them to another goal or delete them first."))
    model_delete(actor=actor, municipality=goal.municipality, instance=goal, action="impact.goal.delete")


def indicator_create(
    *, actor: User, municipality: Municipality, neighbourhoods: Iterable[Neighbourhood] = (), **fields: Any
) -> Indicator:
    _require(actor, "impact.manage", municipality)
    neighbourhoods = list(neighbourhoods)
    _same_municipality(municipality, neighbourhoods, "neighbourhoods")
    fields["definition"] = strip_html(fields.get("definition", "")).strip()
    indicator = Indicator(municipality=municipality, **fields)
    with transaction.atomic():
        model_create(actor=actor, municipality=municipality, instance=indicator, action="impact.indicator.create")
        indicator.neighbourhoods.set(neighbourhoods)
    return indicator


def indicator_update(
    *, actor: User, indicator: Indicator, neighbourhoods: Iterable[Neighbourhood] | None = None, **changes: Any
) -> Indicator:
    _require(actor, "impact.manage", indicator.municipality)
    if "definition" in changes:
        changes["definition"] = strip_html(changes["definition"] or "").strip()
    with transaction.atomic():
        model_update(
            actor=actor,
            municipality=indicator.municipality,
            instance=indicator,
            changes=changes,
            action="impact.indicator.update",
        )
        if neighbourhoods is not None:
            neighbourhoods = list(neighbourhoods)
            _same_municipality(indicator.municipality, neighbourhoods, "neighbourhoods")
            before = sorted(indicator.neighbourhoods.values_list("pk", flat=True))
            after = sorted(n.pk for n in neighbourhoods)
            if before != after:
                indicator.neighbourhoods.set(neighbourhoods)
                audit_record(
                    actor=actor,
                    municipality=indicator.municipality,
                    action="impact.indicator.neighbourhoods",
                    obj=indicator,
                    before={"neighbourhoods": before},
                    after={"neighbourhoods": after},
                )
    return indicator


def indicator_delete(*, actor: User, indicator: Indicator) -> None:
    _require(actor, "impact.manage", indicator.municipality)
    model_delete(actor=actor, municipality=indicator.municipality, instance=indicator, action="impact.indicator.delete")


# Values -----------------------------------------------------------------------------------------------------------


def _check_year(year_from: int, year_to: int) -> None:
    this_year = timezone.localdate().year
    if year_to < year_from:
        raise ValidationError({"year_to": _("The period cannot end before it starts.")})
    if year_from < importers.FIRST_YEAR or year_to > this_year:
        raise ValidationError(
            {
                "year_to": _("Give a year from %(first)s to %(last)s.")
                % {"first": importers.FIRST_YEAR, "last": this_year}
            }
        )


def value_save(
    *,
    actor: User,
    indicator: Indicator,
    neighbourhood: Neighbourhood | None,
    year_from: int,
    year_to: int,
    value: Decimal | None,
    is_suppressed: bool = False,
    sex: str = Sex.ALL,
    age_band: str = "",
    respondents: int | None = None,
    source: str = "",
) -> IndicatorValue:
    """Enter one value by hand (or correct it): a new cell is created, an existing one is replaced."""
    municipality = indicator.municipality
    _require(actor, "impact.manage", municipality)
    if neighbourhood is not None and neighbourhood.municipality_id != municipality.pk:
        raise ValidationError({"neighbourhood": _("The neighbourhood belongs to another municipality.")})
    _check_year(year_from, year_to)
    if is_suppressed and value is not None:
        raise ValidationError({"value": _("A suppressed value has no number. Leave the value empty.")})
    if not is_suppressed and value is None:
        raise ValidationError({"value": _("Enter the value, or mark it as suppressed.")})
    k = settings_for(municipality).min_group_size
    if respondents is not None and respondents < k and not is_suppressed:
        raise ValidationError(
            {
                "respondents": _("A value from fewer than %(k)s respondents cannot be shown. Mark it as suppressed.")
                % {"k": k}
            }
        )
    if sex != Sex.ALL and not indicator.breakdown_by_sex:
        raise ValidationError({"sex": _("This indicator is not broken down by sex.")})
    if age_band and not indicator.breakdown_by_age:
        raise ValidationError({"age_band": _("This indicator is not broken down by age.")})
    cell = {
        "indicator": indicator,
        "neighbourhood": neighbourhood,
        "year_from": year_from,
        "year_to": year_to,
        "sex": sex,
        "age_band": age_band.strip(),
    }
    data = {
        "value": value,
        "is_suppressed": is_suppressed,
        "respondents": respondents,
        "source": source.strip() or indicator.source,
        "origin": Origin.MANUAL,
        "imported_at": timezone.now(),
        "batch": None,
    }
    with transaction.atomic():
        existing = IndicatorValue.objects.select_for_update().filter(**cell).order_by("pk").first()
        if existing is None:
            record = IndicatorValue(municipality=municipality, **cell, **data)
            record.full_clean(validate_constraints=False)
            record.save()
            audit_record(
                actor=actor, municipality=municipality, action="impact.value.create", obj=record, after=snapshot(record)
            )
        else:
            record = model_update(
                actor=actor, municipality=municipality, instance=existing, changes=data, action="impact.value.update"
            )
    return record


def value_delete(*, actor: User, value: IndicatorValue) -> None:
    _require(actor, "impact.manage", value.municipality)
    model_delete(actor=actor, municipality=value.municipality, instance=value, action="impact.value.delete")


def _count_replaced(plan: importers.ImportPlan) -> None:
    indicator_ids = {v.indicator.pk for v in plan.values}
    existing = set(
        IndicatorValue.objects.filter(indicator_id__in=indicator_ids).values_list(
            "indicator_id", "neighbourhood_id", "year_from", "year_to", "sex", "age_band"
        )
    )
    plan.replaced = sum(1 for v in plan.values if v.key in existing)


def _apply_plan(
    *, actor: User, municipality: Municipality, plan: importers.ImportPlan, origin: str, filename: str, source: str
) -> ImportBatch:
    """Write every planned value in one transaction: a cell that exists is replaced, so a re-import changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            municipality=municipality,
            origin=origin,
            filename=filename[:255],
            source=source[:200],
            created_by=actor,
            created_at=now,
            row_count=len(plan.values),
        )
        indicator_ids = {v.indicator.pk for v in plan.values}
        existing = {
            (v.indicator_id, v.neighbourhood_id, v.year_from, v.year_to, v.sex, v.age_band): v
            for v in IndicatorValue.objects.select_for_update().filter(indicator_id__in=indicator_ids).order_by("pk")
        }
        to_create, to_update = [], []
        for planned in plan.values:
            fields = {
                "value": planned.value,
                "is_suppressed": planned.is_suppressed,
                "respondents": planned.respondents,
                "source": planned.source[:200],
                "origin": origin,
                "imported_at": now,
                "batch": batch,
            }
            record = existing.get(planned.key)
            if record is None:
                to_create.append(
                    IndicatorValue(
                        municipality=municipality,
                        indicator=planned.indicator,
                        neighbourhood=planned.neighbourhood,
                        year_from=planned.year_from,
                        year_to=planned.year_to,
                        sex=planned.sex,
                        age_band=planned.age_band,
                        **fields,
                    )
                )
            else:
                for name, item in fields.items():
                    setattr(record, name, item)
                to_update.append(record)
        IndicatorValue.objects.bulk_create(to_create, batch_size=1000)
        IndicatorValue.objects.bulk_update(
            to_update,
            ["value", "is_suppressed", "respondents", "source", "origin", "imported_at", "batch"],
            batch_size=1000,
        )
        audit_record(
            actor=actor,
            municipality=municipality,
            action=f"impact.import.{origin}",
            obj=batch,
            after={"file": filename, "created": len(to_create), "replaced": len(to_update)},
        )
    return batch


def table_import(
    *, actor: User, municipality: Municipality, content: bytes, filename: str, source: str = "", apply: bool = False
) -> importers.ImportPlan:
    """Check (and with apply=True, write) a CSV/XLSX value table. Nothing is written unless every row is valid."""
    _require(actor, "impact.manage", municipality)
    try:
        rows = importers.read_table(content, filename)
    except importers.UnreadableFile as error:
        return importers.ImportPlan(problems=[(0, str(error))])
    plan = importers.plan_table(municipality=municipality, rows=rows, default_source=source)
    if plan.ok:
        importers.protect_small_groups(plan, settings_for(municipality).min_group_size)
        _count_replaced(plan)
        if apply:
            _apply_plan(
                actor=actor, municipality=municipality, plan=plan, origin=Origin.TABLE, filename=filename, source=source
            )
    return plan


def fhi_import(
    *,
    actor: User,
    municipality: Municipality,
    content: bytes,
    filename: str,
    indicator: Indicator | None = None,
    measure_type: str = "",
    source: str = "",
    apply: bool = False,
) -> importers.ImportPlan:
    """Check (and with apply=True, write) a public-health statistics extract; suppressed cells stay suppressed."""
    _require(actor, "impact.manage", municipality)
    if indicator is not None and indicator.municipality_id != municipality.pk:
        raise PermissionDenied
    try:
        rows = importers.read_table(content, filename)
    except importers.UnreadableFile as error:
        return importers.ImportPlan(problems=[(0, str(error))])
    plan = importers.plan_fhi_extract(
        municipality=municipality, rows=rows, indicator=indicator, measure_type=measure_type, source=source
    )
    if plan.ok:
        _count_replaced(plan)
        if apply:
            _apply_plan(
                actor=actor, municipality=municipality, plan=plan, origin=Origin.FHI, filename=filename, source=source
            )
    return plan


# Surveys ----------------------------------------------------------------------------------------------------------


def _question_from_bank(survey: Survey, item: bank.BankQuestion, order: int) -> Question:
    return Question(
        survey=survey,
        order=order,
        kind=item.kind,
        tier=item.tier,
        bank_key=item.key,
        text=dict(item.text),
        options=[dict(option) for option in item.options],
        scale_low=dict(item.scale_low),
        scale_high=dict(item.scale_high),
        number_min=item.number_min,
        number_max=item.number_max,
        aggregation=item.aggregation,
        share_min=item.share_min,
        share_options=list(item.share_options),
    )


def survey_create(
    *,
    actor: User,
    municipality: Municipality,
    title: str,
    year: int,
    neighbourhoods: Iterable[Neighbourhood],
    intro: str = "",
    allow_open_link: bool = True,
    include_core: bool = True,
) -> Survey:
    _require(actor, "impact.manage", municipality)
    neighbourhoods = list(neighbourhoods)
    _same_municipality(municipality, neighbourhoods, "neighbourhoods")
    if not neighbourhoods:
        raise ValidationError({"neighbourhoods": _("Choose at least one neighbourhood.")})
    survey = Survey(
        municipality=municipality,
        title=title.strip(),
        year=year,
        intro=strip_html(intro).strip(),
        allow_open_link=allow_open_link,
        created_by=actor,
    )
    with transaction.atomic():
        model_create(actor=actor, municipality=municipality, instance=survey, action="impact.survey.create")
        survey.neighbourhoods.set(neighbourhoods)
        survey.owners.add(actor)
        if include_core:
            core = [q for q in bank.NATIONAL_BANK if q.tier == Tier.CORE]
            Question.objects.bulk_create([_question_from_bank(survey, q, i + 1) for i, q in enumerate(core)])
    if hasattr(actor, "_impact_owned_surveys"):
        del actor._impact_owned_surveys
    return survey


def survey_update(
    *,
    actor: User,
    survey: Survey,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    owners: Iterable[User] | None = None,
    **changes: Any,
) -> Survey:
    _require(actor, "impact.change_survey", survey)
    if "intro" in changes:
        changes["intro"] = strip_html(changes["intro"] or "").strip()
    with transaction.atomic():
        model_update(
            actor=actor,
            municipality=survey.municipality,
            instance=survey,
            changes=changes,
            action="impact.survey.update",
        )
        if neighbourhoods is not None:
            neighbourhoods = list(neighbourhoods)
            _same_municipality(survey.municipality, neighbourhoods, "neighbourhoods")
            if not neighbourhoods:
                raise ValidationError({"neighbourhoods": _("Choose at least one neighbourhood.")})
            survey.neighbourhoods.set(neighbourhoods)
        if owners is not None:
            owners = list(owners)
            if not owners:
                raise ValidationError({"owners": _("A survey needs at least one owner.")})
            for owner in owners:
                if not owner.has_perm("impact.view_staff", survey.municipality):
                    raise ValidationError(
                        {"owners": _("%(email)s is not staff of this municipality.") % {"email": owner.email}}
                    )
            before = sorted(survey.owners.values_list("email", flat=True))
            survey.owners.set(owners)
            after = sorted(o.email for o in owners)
            if before != after:
                audit_record(
                    actor=actor,
                    municipality=survey.municipality,
                    action="impact.survey.owners",
                    obj=survey,
                    before={"owners": before},
                    after={"owners": after},
                )
    return survey


def survey_set_status(*, actor: User, survey: Survey, status: str) -> Survey:
    _require(actor, "impact.change_survey", survey)
    if status not in SurveyStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise ValidationError(_("Add at least one question before you open the survey."))
    survey = model_update(
        actor=actor,
        municipality=survey.municipality,
        instance=survey,
        changes={"status": status},
        action="impact.survey.status",
    )
    if status == SurveyStatus.CLOSED:
        survey_aggregate(actor=actor, survey=survey)
    return survey


def _next_order(survey: Survey) -> int:
    return (survey.questions.aggregate(top=Max("order"))["top"] or 0) + 1


def _guard_answers(question: Question, message: str) -> None:
    if question.answers.exists():
        raise ValidationError(message)


def question_add_from_bank(*, actor: User, survey: Survey, key: str) -> Question:
    """Add a core or optional question from the national bank, or one of the municipality's own from earlier."""
    _require(actor, "impact.change_survey", survey)
    if survey.questions.filter(bank_key=key).exists():
        raise ValidationError(_("The survey already has this question."))
    item = bank.BY_KEY.get(key)
    if item is not None:
        question = _question_from_bank(survey, item, _next_order(survey))
    else:
        earlier = (
            Question.objects.filter(survey__municipality=survey.municipality, bank_key=key, tier=Tier.OWN)
            .order_by("-survey__year", "-pk")
            .first()
        )
        if earlier is None:
            raise ValidationError(_("The question bank has no such question."))
        question = Question(
            survey=survey,
            order=_next_order(survey),
            kind=earlier.kind,
            tier=Tier.OWN,
            bank_key=key,
            text=dict(earlier.text),
            help=dict(earlier.help),
            options=list(earlier.options),
            scale_points=earlier.scale_points,
            scale_low=dict(earlier.scale_low),
            scale_high=dict(earlier.scale_high),
            number_min=earlier.number_min,
            number_max=earlier.number_max,
            aggregation=earlier.aggregation,
            share_min=earlier.share_min,
            share_max=earlier.share_max,
            share_options=list(earlier.share_options),
        )
    return model_create(actor=actor, municipality=survey.municipality, instance=question, action="impact.question.add")


def parse_options(lines: str, language: str) -> list[dict[str, Any]]:
    """One option per line → [{"value": "slug", "label": {language: text}}]; values are unique slugs."""
    options: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line in (lines or "").splitlines():
        label = line.strip()
        if not label:
            continue
        value = slugify(label)[:30] or f"option-{len(options) + 1}"
        base, n = value, 2
        while value in seen:
            value, n = f"{base}-{n}", n + 1
        seen.add(value)
        options.append({"value": value, "label": {language: label}})
    return options


def _validate_question(question: Question) -> None:
    errors: dict[str, str] = {}
    if not any((t or "").strip() for t in question.text.values()):
        errors["text"] = _("Write the question.")
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(question.options) < 2:
        errors["options"] = _("Give at least two options, one per line.")
    if (
        question.kind == QuestionKind.NUMBER
        and question.number_min is not None
        and question.number_max is not None
        and question.number_max <= question.number_min
    ):
        errors["number_max"] = _("The largest number must be larger than the smallest.")
    if question.indicator_id is not None:
        if question.kind == QuestionKind.TEXT:
            errors["indicator"] = _("Free-text answers cannot become an indicator value.")
        elif question.indicator is not None and question.indicator.municipality_id != question.survey.municipality_id:
            errors["indicator"] = _("The indicator belongs to another municipality.")
        elif question.aggregation == Aggregation.MEAN and question.kind not in (
            QuestionKind.LIKERT,
            QuestionKind.NUMBER,
        ):
            errors["aggregation"] = _("An average needs a scale or a number question.")
        elif question.aggregation == Aggregation.SHARE:
            if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                unknown = set(question.share_options) - set(question.option_values())
                if not question.share_options:
                    errors["share_options"] = _("Choose which options to count.")
                elif unknown:
                    errors["share_options"] = _("Count only the question's own options.")
            elif question.share_min is None and question.share_max is None:
                errors["share_min"] = _("Say from which answer (and up to which) to count.")
        if (
            "indicator" not in errors
            and Question.objects.filter(survey_id=question.survey_id, indicator_id=question.indicator_id)
            .exclude(pk=question.pk)
            .exists()
        ):
            errors["indicator"] = _("Another question of this survey already feeds this indicator.")
    if errors:
        raise ValidationError(errors)


def question_create(
    *, actor: User, survey: Survey, kind: str, text: str, language: str, options_text: str = "", **fields: Any
) -> Question:
    """The municipality's own question, written in one language; translate it afterwards."""
    _require(actor, "impact.change_survey", survey)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Questions can only be added while the survey is a draft."))
    key_base = "own." + (slugify(text)[:40] or "question")
    key, n = key_base, 2
    while survey.questions.filter(bank_key=key).exists():
        key, n = f"{key_base}-{n}", n + 1
    question = Question(
        survey=survey,
        order=_next_order(survey),
        kind=kind,
        tier=Tier.OWN,
        bank_key=key,
        text={language: text.strip()},
        options=parse_options(options_text, language) if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else [],
        scale_low={language: fields.pop("scale_low", "") or ""} if kind == QuestionKind.LIKERT else {},
        scale_high={language: fields.pop("scale_high", "") or ""} if kind == QuestionKind.LIKERT else {},
        **{k: v for k, v in fields.items() if k not in ("scale_low", "scale_high")},
    )
    question.full_clean(exclude=["survey"], validate_constraints=False)
    _validate_question(question)
    return model_create(
        actor=actor, municipality=survey.municipality, instance=question, action="impact.question.create"
    )


MAPPING_FIELDS = {"indicator", "aggregation", "share_min", "share_max", "share_options", "is_required"}


def question_update(*, actor: User, question: Question, **changes: Any) -> Question:
    """Change a question. Once it has answers, only its mapping to an indicator may change, not what was asked."""
    survey = question.survey
    _require(actor, "impact.change_survey", survey)
    if set(changes) - MAPPING_FIELDS:
        _guard_answers(question, _("The question already has answers, so what it asks cannot change."))
    probe = Question.objects.select_related("survey", "indicator").get(pk=question.pk)
    for name, value in changes.items():
        setattr(probe, name, value)
    probe.full_clean(exclude=["survey"], validate_constraints=False)
    _validate_question(probe)
    fresh = Question.objects.get(pk=question.pk)
    return model_update(
        actor=actor, municipality=survey.municipality, instance=fresh, changes=changes, action="impact.question.update"
    )


def question_delete(*, actor: User, question: Question) -> None:
    _require(actor, "impact.change_survey", question.survey)
    _guard_answers(question, _("The question already has answers and cannot be removed."))
    model_delete(
        actor=actor, municipality=question.survey.municipality, instance=question, action="impact.question.delete"
    )


def question_move(*, actor: User, question: Question, up: bool) -> None:
    survey = question.survey
    _require(actor, "impact.change_survey", survey)
    questions = list(survey.questions.order_by("order", "pk"))
    index = questions.index(question)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    with transaction.atomic():
        for position, item in enumerate(questions, start=1):
            if item.order != position:
                Question.objects.filter(pk=item.pk).update(order=position)
        audit_record(actor=actor, municipality=survey.municipality, action="impact.question.move", obj=question)


def question_translate(
    *,
    actor: User,
    question: Question,
    language: str,
    text: str,
    help_text: str = "",
    option_labels: Mapping[str, str] | None = None,
    scale_low: str = "",
    scale_high: str = "",
) -> Question:
    """Set the question's wording in one language (an empty text removes that translation)."""
    _require(actor, "impact.change_survey", question.survey)
    languages = available_languages(question.survey.municipality)
    if language not in languages:
        raise ValidationError({"language": _("The survey is not offered in this language.")})

    def put(mapping: dict[str, str], value: str) -> dict[str, str]:
        mapping = dict(mapping)
        value = value.strip()
        if value:
            mapping[language] = value
        else:
            mapping.pop(language, None)
        return mapping

    changes: dict[str, Any] = {"text": put(question.text, text), "help": put(question.help, help_text)}
    if not changes["text"]:
        raise ValidationError({"text": _("The question needs its wording in at least one language.")})
    if question.kind == QuestionKind.LIKERT:
        changes["scale_low"] = put(question.scale_low, scale_low)
        changes["scale_high"] = put(question.scale_high, scale_high)
    if option_labels is not None and question.options:
        changes["options"] = [
            {**option, "label": put(option.get("label", {}), option_labels.get(str(option["value"]), ""))}
            for option in question.options
        ]
    return model_update(
        actor=actor,
        municipality=question.survey.municipality,
        instance=question,
        changes=changes,
        action="impact.question.translate",
    )


def available_languages(municipality: Municipality) -> list[str]:
    from django.conf import settings

    ui = [code for code, _name in settings.LANGUAGES]
    extra = [code for code in settings_for(municipality).extra_language_list() if code not in ui]
    return ui + extra


def codes_generate(*, actor: User, survey: Survey, count: int, batch_label: str = "") -> list[SurveyCode]:
    """One-time codes to print and hand out (a school class, a dialogue dinner)."""
    _require(actor, "impact.change_survey", survey)
    if not 1 <= count <= MAX_CODES:
        raise ValidationError({"count": _("Make from 1 to %(max)s codes at a time.") % {"max": MAX_CODES}})
    for _attempt in range(5):
        try:
            with transaction.atomic():
                codes = SurveyCode.objects.bulk_create(
                    [SurveyCode(survey=survey, batch_label=batch_label.strip()[:100]) for _ in range(count)]
                )
                audit_record(
                    actor=actor,
                    municipality=survey.municipality,
                    action="impact.codes.generate",
                    obj=survey,
                    after={"count": count, "batch": batch_label},
                )
            return codes
        except IntegrityError:  # a random code collided with an existing one: draw again
            continue
    raise ValidationError(_("Could not make unique codes. Try again."))  # pragma: no cover


def _code_query(survey_or_municipality: Survey | Municipality, code: str) -> Any:
    normalised = re.sub(r"[\s-]", "", code or "").upper()
    if isinstance(survey_or_municipality, Survey):
        return SurveyCode.objects.filter(survey=survey_or_municipality, code=normalised)
    return SurveyCode.objects.filter(survey__municipality=survey_or_municipality, code=normalised)


def code_check(*, municipality: Municipality, code: str) -> Survey:
    """The open survey a paper code belongs to; refuses unknown and used codes (the code is not used up here)."""
    found = _code_query(municipality, code).select_related("survey").first()
    if found is None:
        raise ValidationError({"code": _("We do not know this code. Check the letters and digits on your paper.")})
    if found.is_used:
        raise ValidationError({"code": _("This code has already been used. Each code can answer once.")})
    if found.survey.status != SurveyStatus.OPEN:
        raise ValidationError({"code": _("This survey is not open for answers.")})
    return found.survey


def _clean_answers(survey: Survey, raw: Mapping[int, Any], questions: list[Question]) -> list[Answer]:
    errors: dict[str, str] = {}
    answers: list[Answer] = []
    for question in questions:
        field = f"q{question.pk}"
        value = raw.get(question.pk)
        values = [
            str(v).strip() for v in (value if isinstance(value, (list, tuple)) else [value]) if v not in (None, "")
        ]
        values = [v for v in values if v]
        if not values:
            if question.is_required:
                errors[field] = _("Answer this question.")
            continue
        if question.kind in (QuestionKind.LIKERT, QuestionKind.NUMBER):
            number = importers.parse_number(values[0])
            if question.kind == QuestionKind.LIKERT:
                if number is None or number != number.to_integral_value() or not 1 <= number <= question.scale_points:
                    errors[field] = _("Choose a point on the scale from 1 to %(max)s.") % {"max": question.scale_points}
                    continue
            else:
                if number is None:
                    errors[field] = _("Enter a number.")
                    continue
                if (question.number_min is not None and number < question.number_min) or (
                    question.number_max is not None and number > question.number_max
                ):
                    errors[field] = _("Enter a number from %(min)s to %(max)s.") % {
                        "min": question.number_min.normalize() if question.number_min is not None else "–",
                        "max": question.number_max.normalize() if question.number_max is not None else "–",
                    }
                    continue
            answers.append(Answer(question=question, number=number))
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            allowed = set(question.option_values())
            if any(v not in allowed for v in values) or (question.kind == QuestionKind.SINGLE and len(values) > 1):
                errors[field] = _("Choose among the options shown.")
                continue
            for option in dict.fromkeys(values):
                answers.append(Answer(question=question, option=option))
        else:
            text = strip_html(values[0]).strip()
            if len(text) > MAX_TEXT_ANSWER:
                errors[field] = _("Write at most %(max)s characters.") % {"max": MAX_TEXT_ANSWER}
                continue
            answers.append(Answer(question=question, text=text))
    if errors:
        raise ValidationError(errors)
    return answers


def response_submit(
    *,
    survey: Survey,
    answers: Mapping[int, Any],
    neighbourhood: Neighbourhood | None,
    sex: str = "",
    age_band: str = "",
    language: str = "nb",
    code: str = "",
) -> Response:
    """Store one anonymous response. With a paper code the code is used up in the same transaction, or nothing is saved.

    The code row only flips to used; the response gets no reference to it and no time of day, so the two cannot be
    joined afterwards.
    """
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("This survey is not open for answers."))
    if not code and not survey.allow_open_link:
        raise ValidationError(_("This survey is answered with a paper code."))
    errors: dict[str, str] = {}
    if neighbourhood is not None and not survey.neighbourhoods.filter(pk=neighbourhood.pk).exists():
        errors["neighbourhood"] = _("Choose one of the neighbourhoods listed.")
    if sex not in ("", *RespondentSex.values):
        errors["sex"] = _("Choose one of the options.")
    if age_band and age_band not in settings_for(survey.municipality).age_band_list():
        errors["age_band"] = _("Choose one of the age bands.")
    questions = list(survey.questions.all())
    try:
        cleaned = _clean_answers(survey, answers, questions)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if code:
            used = _code_query(survey, code).filter(is_used=False).update(is_used=True)
            if used != 1:
                raise ValidationError({"code": _("This code has already been used. Each code can answer once.")})
        response = Response.objects.create(
            municipality=survey.municipality,
            survey=survey,
            neighbourhood=neighbourhood,
            sex=sex,
            age_band=age_band,
            channel=Channel.CODE if code else Channel.LINK,
            language=language[:8],
        )
        for answer in cleaned:
            answer.response = response
        Answer.objects.bulk_create(cleaned)
    return response


# Aggregation ------------------------------------------------------------------------------------------------------

MUNICIPALITY = "municipality"
OUTSIDE = "outside"
ALL = ("all", "")
REST_SEX = ("rest", "")
REST_AGE = ("all", "rest")


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _cell_columns(indicator: Indicator, sex: str, age_band: str, bands: list[str]) -> list[tuple[str, str]]:
    columns = [ALL]
    if indicator.breakdown_by_sex:
        columns.append((sex, "") if sex in (Sex.FEMALE, Sex.MALE) else REST_SEX)
    if indicator.breakdown_by_age:
        columns.append(("all", age_band) if age_band in bands else REST_AGE)
    return columns


def aggregate_question(
    *, question: Question, neighbourhood_ids: list[int], bands: list[str], k: int
) -> dict[tuple[Any, str, str], tuple[int, Decimal | None]]:
    """Cells (scope, sex, age band) → (respondents, value or None when hidden), with complementary suppression."""
    indicator = question.indicator
    assert indicator is not None
    condition = Q()
    if question.aggregation == Aggregation.SHARE:
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            condition = Q(option__in=question.share_options)
        else:
            if question.share_min is not None:
                condition &= Q(number__gte=question.share_min)
            if question.share_max is not None:
                condition &= Q(number__lte=question.share_max)
    rows = (
        Answer.objects.filter(question=question)
        .values("response__neighbourhood_id", "response__sex", "response__age_band")
        .annotate(
            n=Count("response_id", distinct=True),
            hits=Count("response_id", distinct=True, filter=condition),
            total=Sum("number"),
        )
        .order_by()
    )
    counts: dict[tuple[Any, str, str], int] = defaultdict(int)
    sums: dict[tuple[Any, str, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        nb = row["response__neighbourhood_id"]
        scope = nb if nb in neighbourhood_ids else OUTSIDE
        numerator = Decimal(row["hits"]) if question.aggregation == Aggregation.SHARE else Decimal(row["total"] or 0)
        for column in _cell_columns(indicator, row["response__sex"], row["response__age_band"], bands):
            for where in (scope, MUNICIPALITY):
                counts[(where, *column)] += row["n"]
                sums[(where, *column)] += numerator
    columns = [ALL]
    if indicator.breakdown_by_sex:
        columns += [(Sex.FEMALE, ""), (Sex.MALE, ""), REST_SEX]
    if indicator.breakdown_by_age:
        columns += [("all", band) for band in bands] + [REST_AGE]
    scopes: list[Any] = [*neighbourhood_ids, MUNICIPALITY]
    groups = []
    for scope in scopes:
        if indicator.breakdown_by_sex:
            groups.append(Group((scope, *ALL), ((scope, Sex.FEMALE, ""), (scope, Sex.MALE, ""), (scope, *REST_SEX))))
        if indicator.breakdown_by_age:
            groups.append(Group((scope, *ALL), (*((scope, "all", band) for band in bands), (scope, *REST_AGE))))
    for column in columns:
        if column in (REST_SEX, REST_AGE):
            continue
        groups.append(
            Group((MUNICIPALITY, *column), (*((nb, *column) for nb in neighbourhood_ids), (OUTSIDE, *column)))
        )
    never_shown = [key for key in counts if key[0] == OUTSIDE or (key[1], key[2]) in (REST_SEX, REST_AGE)]
    hidden = suppress(counts, groups, k, never_shown)
    result: dict[tuple[Any, str, str], tuple[int, Decimal | None]] = {}
    for key, n in counts.items():
        if key in never_shown or n == 0:
            continue
        if key in hidden:
            result[key] = (n, None)
        elif question.aggregation == Aggregation.SHARE:
            result[key] = (n, _round(sums[key] * 100 / n))
        else:
            result[key] = (n, _round(sums[key] / n))
    return result


def survey_aggregate(*, actor: User | None, survey: Survey) -> int:
    """Turn the survey's answers into indicator values for its year; small groups become suppressed cells.

    actor None means the platform itself (a changed threshold, a closing survey). Returns the number of values written.
    """
    if actor is not None:
        _require(actor, "impact.change_survey", survey)
    municipality = survey.municipality
    config = settings_for(municipality)
    neighbourhood_ids = list(survey.neighbourhoods.values_list("pk", flat=True))
    bands = config.age_band_list()
    now = timezone.now()
    questions = list(survey.questions.filter(indicator__isnull=False).select_related("indicator"))
    planned: list[IndicatorValue] = []
    for question in questions:
        indicator = question.indicator
        assert indicator is not None
        for (scope, sex, age), (n, value) in aggregate_question(
            question=question, neighbourhood_ids=neighbourhood_ids, bands=bands, k=config.min_group_size
        ).items():
            planned.append(
                IndicatorValue(
                    municipality=municipality,
                    indicator=indicator,
                    neighbourhood_id=None if scope == MUNICIPALITY else scope,
                    year_from=survey.year,
                    year_to=survey.year,
                    sex=sex,
                    age_band=age,
                    value=value,
                    is_suppressed=value is None,
                    # The size of a hidden group is hidden too.
                    respondents=n if value is not None else None,
                    source=_("Resident survey: %(title)s") % {"title": survey.title},
                    origin=Origin.SURVEY,
                    imported_at=now,
                )
            )
    indicator_ids = [q.indicator_id for q in questions if q.indicator_id is not None]
    keys = {(v.indicator_id, v.neighbourhood_id, v.sex, v.age_band) for v in planned}
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            municipality=municipality,
            origin=Origin.SURVEY,
            filename="",
            source=str(survey)[:200],
            created_by=actor,
            created_at=now,
            row_count=len(planned),
        )
        stale = [
            v.pk
            for v in IndicatorValue.objects.filter(
                indicator_id__in=indicator_ids, year_from=survey.year, year_to=survey.year
            ).only("pk", "indicator_id", "neighbourhood_id", "sex", "age_band", "origin")
            if v.origin == Origin.SURVEY or (v.indicator_id, v.neighbourhood_id, v.sex, v.age_band) in keys
        ]
        IndicatorValue.objects.filter(pk__in=stale).delete()
        for record in planned:
            record.batch = batch
        IndicatorValue.objects.bulk_create(planned, batch_size=1000)
        audit_record(
            actor=actor,
            municipality=municipality,
            action="impact.survey.aggregate",
            obj=survey,
            after={"values": len(planned), "hidden": sum(1 for v in planned if v.is_suppressed)},
        )
    return len(planned)


def today() -> datetime.date:
    return timezone.localdate()
