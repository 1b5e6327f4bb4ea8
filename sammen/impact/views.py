"""Public pages: dashboards (when published, or for staff), comparisons, chart and table downloads, and answering."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sammen.core.context_processors import LANGUAGE_ENDONYMS
from sammen.core.forms import add_service_errors
from sammen.places.models import Municipality, Neighbourhood
from sammen.places.tenancy import get_neighbourhood_or_404, municipality_view

from . import selectors, services
from .charts import render_png, render_svg
from .exports import dashboard_xlsx
from .forms import CodeEntryForm, response_form
from .models import ImpactSettings, Indicator, QuestionKind, Sex, Survey, SurveyStatus

CODE_SESSION_KEY = "impact_code"
EXTRA_ENDONYMS = {
    "ar": "العربية",
    "so": "Soomaali",
    "uk": "Українська",
    "pl": "Polski",
    "ti": "ትግርኛ",
    "fa": "فارسی",
    "ur": "اردو",
    "tr": "Türkçe",
    "lt": "Lietuvių",
    "se": "Davvisámegiella",
    "sv": "Svenska",
    "de": "Deutsch",
}


def _audience(request: HttpRequest, municipality: Municipality, config: ImpactSettings | None = None) -> bool:
    """True for staff (who see every indicator); raises 404 for others unless the dashboards are published."""
    if request.user.has_perm("impact.view_staff", municipality):
        return True
    if not (config or selectors.settings_for(municipality)).is_dashboard_public:
        raise Http404
    return False


@municipality_view
def overview(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    config = selectors.settings_for(municipality)
    staff = _audience(request, municipality, config)
    sections = selectors.neighbourhood_dashboard(
        municipality=municipality, neighbourhood=None, public_only=not staff, config=config
    )
    neighbourhoods = Neighbourhood.objects.filter(
        municipality=municipality, is_active=True, indicators__isnull=False
    ).distinct()
    return render(
        request,
        "impact/overview.html",
        {
            "sections": sections,
            "neighbourhoods": neighbourhoods,
            "surveys": selectors.open_surveys(municipality=municipality),
            "is_staff": staff,
            "published": config.is_dashboard_public,
            "k": config.min_group_size,
        },
    )


@municipality_view
def dashboard(request: HttpRequest, *, municipality: Municipality, neighbourhood_slug: str) -> HttpResponse:
    config = selectors.settings_for(municipality)
    staff = _audience(request, municipality, config)
    neighbourhood = get_neighbourhood_or_404(municipality, neighbourhood_slug)
    sections = selectors.neighbourhood_dashboard(
        municipality=municipality, neighbourhood=neighbourhood, public_only=not staff, config=config
    )
    return render(
        request,
        "impact/dashboard.html",
        {
            "neighbourhood": neighbourhood,
            "sections": sections,
            "is_staff": staff,
            "k": config.min_group_size,
            "surveys": selectors.open_surveys(municipality=municipality, neighbourhood=neighbourhood),
        },
    )


def _indicator(request: HttpRequest, municipality: Municipality, indicator_id: int) -> Indicator:
    staff = _audience(request, municipality)
    indicator = get_object_or_404(Indicator.objects.select_related("goal"), municipality=municipality, pk=indicator_id)
    if not staff and not indicator.is_public:
        raise Http404
    return indicator


@municipality_view
def indicator_detail(request: HttpRequest, *, municipality: Municipality, indicator_id: int) -> HttpResponse:
    from . import integration

    indicator = _indicator(request, municipality, indicator_id)
    sex = request.GET.get("sex", Sex.ALL)
    if sex not in Sex.values or (sex != Sex.ALL and not indicator.breakdown_by_sex):
        sex = Sex.ALL
    card = selectors.indicator_comparison(municipality=municipality, indicator=indicator, sex=sex)
    return render(
        request,
        "impact/indicator.html",
        {
            "indicator": indicator,
            "card": card,
            "sex": sex,
            "sexes": Sex.choices,
            "breakdowns": selectors.breakdown_table(indicator=indicator)
            if indicator.breakdown_by_sex or indicator.breakdown_by_age
            else [],
            "measures": integration.measures_for_indicator(indicator),
            "roadmap_installed": integration.roadmap_installed(),
            "k": selectors.settings_for(municipality).min_group_size,
        },
    )


@municipality_view
def compare(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    staff = _audience(request, municipality)
    indicators = list(selectors.indicator_list(municipality=municipality, public_only=not staff))
    chosen = None
    raw = request.GET.get("indicator", "")
    if raw.isdigit():
        chosen = next((i for i in indicators if i.pk == int(raw)), None)
    if chosen is None and indicators:
        chosen = indicators[0]
    card = selectors.indicator_comparison(municipality=municipality, indicator=chosen) if chosen else None
    return render(request, "impact/compare.html", {"indicators": indicators, "chosen": chosen, "card": card})


def _chart_for(request: HttpRequest, municipality: Municipality, indicator_id: int, place: str) -> Any:
    indicator = _indicator(request, municipality, indicator_id)
    if place == "all":
        return indicator, selectors.indicator_comparison(municipality=municipality, indicator=indicator).chart
    neighbourhood = None if place == "municipality" else get_neighbourhood_or_404(municipality, place)
    if neighbourhood is not None and not indicator.neighbourhoods.filter(pk=neighbourhood.pk).exists():
        raise Http404
    sections = selectors.neighbourhood_dashboard(
        municipality=municipality,
        neighbourhood=neighbourhood,
        public_only=not request.user.has_perm("impact.view_staff", municipality),
    )
    for section in sections:
        for card in section.cards:
            if card.indicator.pk == indicator.pk:
                return indicator, card.chart
    raise Http404


@municipality_view
def chart_download(
    request: HttpRequest, *, municipality: Municipality, indicator_id: int, impact_place: str, file_format: str
) -> HttpResponse:
    place = impact_place
    indicator, chart = _chart_for(request, municipality, indicator_id, place)
    filename = f"{municipality.slug}-{place}-{indicator.pk}.{file_format}"
    if file_format == "svg":
        response = HttpResponse(render_svg(chart, standalone=True), content_type="image/svg+xml")
    elif file_format == "png":
        response = HttpResponse(render_png(chart), content_type="image/png")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@municipality_view
def dashboard_export(request: HttpRequest, *, municipality: Municipality, impact_place: str) -> HttpResponse:
    place = impact_place
    staff = _audience(request, municipality)
    neighbourhood = None if place == "municipality" else get_neighbourhood_or_404(municipality, place)
    content = dashboard_xlsx(municipality=municipality, neighbourhood=neighbourhood, public_only=not staff)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{municipality.slug}-{place}-indicators.xlsx"'
    return response


# Answering --------------------------------------------------------------------------------------------------------


def _survey_language(request: HttpRequest, survey: Survey) -> tuple[str, list[tuple[str, str]]]:
    languages = services.available_languages(survey.municipality)
    ui_languages = dict(settings.LANGUAGES)
    offered = []
    questions = list(survey.questions.all())
    for code in languages:
        if code in ui_languages or all(q.text.get(code) for q in questions):
            # Each language is named in itself, so a reader finds their own whatever the page's language is.
            offered.append((code, LANGUAGE_ENDONYMS.get(code) or EXTRA_ENDONYMS.get(code, code)))
    wanted = request.GET.get("lang") or request.POST.get("lang") or get_language() or "nb"
    if wanted not in dict(offered):
        wanted = get_language() or "nb"
    return wanted, offered


def _answer_page(request: HttpRequest, survey: Survey, *, code: str, action_url: str) -> HttpResponse:
    language, offered = _survey_language(request, survey)
    questions = list(survey.questions.order_by("order", "pk"))
    bands = selectors.settings_for(survey.municipality).age_band_list()
    initial: dict[str, Any] = {}
    if request.method == "POST":
        for key in request.POST:
            initial[key] = (
                request.POST.getlist(key)
                if key.startswith("q") and len(request.POST.getlist(key)) > 1
                else request.POST.get(key)
            )
        for question in questions:
            if question.kind == QuestionKind.MULTIPLE:
                initial[f"q{question.pk}"] = request.POST.getlist(f"q{question.pk}")
    form = response_form(survey=survey, questions=questions, language=language, age_bands=bands, initial=initial)
    if request.method == "POST":
        raw_nb = request.POST.get("neighbourhood", "")
        neighbourhood = None
        problem = None
        if raw_nb.isdigit():
            neighbourhood = Neighbourhood.objects.filter(municipality=survey.municipality, pk=int(raw_nb)).first()
            if neighbourhood is None:
                problem = _("Choose one of the neighbourhoods listed.")
        elif raw_nb != "elsewhere":
            problem = _("Say where you live, or choose “Somewhere else in the municipality”.")
        answers = {
            q.pk: request.POST.getlist(f"q{q.pk}")
            if q.kind == QuestionKind.MULTIPLE
            else request.POST.get(f"q{q.pk}", "")
            for q in questions
        }
        try:
            if problem:
                raise ValidationError({"neighbourhood": problem})
            services.response_submit(
                survey=survey,
                answers=answers,
                neighbourhood=neighbourhood,
                sex=request.POST.get("sex", ""),
                age_band=request.POST.get("age_band", ""),
                language=language,
                code=code,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "code" in error.error_dict:
                request.session.pop(CODE_SESSION_KEY, None)
            add_service_errors(form, error)
        else:
            request.session.pop(CODE_SESSION_KEY, None)
            return redirect("impact:survey_thanks", municipality_slug=survey.municipality.slug)
    return render(
        request,
        "impact/answer.html",
        {
            "survey": survey,
            "form": form,
            "language": language,
            "offered": offered,
            "action_url": action_url,
            "with_code": bool(code),
        },
    )


@never_cache
@municipality_view
def survey_answer(request: HttpRequest, *, municipality: Municipality, survey_token: str) -> HttpResponse:
    survey = get_object_or_404(Survey, municipality=municipality, public_token=survey_token)
    if survey.status != SurveyStatus.OPEN or not survey.allow_open_link:
        return render(
            request,
            "impact/survey_closed.html",
            {"survey": survey},
            status=410 if survey.status == SurveyStatus.CLOSED else 404,
        )
    return _answer_page(request, survey, code="", action_url=request.path)


@never_cache
@municipality_view
def code_entry(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = CodeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.code_check(municipality=municipality, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[CODE_SESSION_KEY] = form.cleaned_data["code"]
            return redirect("impact:code_answer", municipality_slug=municipality.slug)
    return render(request, "impact/code_entry.html", {"form": form})


@never_cache
@municipality_view
def code_answer(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    code = request.session.get(CODE_SESSION_KEY, "")
    try:
        survey = services.code_check(municipality=municipality, code=code) if code else None
    except ValidationError:
        survey = None
    if survey is None:
        # No valid code in this session: ask for one (the same page everyone starts from).
        request.session.pop(CODE_SESSION_KEY, None)
        return render(request, "impact/code_entry.html", {"form": CodeEntryForm()})
    return _answer_page(
        request,
        survey,
        code=code,
        action_url=reverse("impact:code_answer", kwargs={"municipality_slug": municipality.slug}),
    )


@municipality_view
def survey_thanks(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(request, "impact/thanks.html", {"published": selectors.is_published(municipality)})
