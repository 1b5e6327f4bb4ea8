"""Staff pages: goals and indicators, values and imports, the survey builder, codes, results and the report."""

from __future__ import annotations

import base64
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.places.models import Municipality, Neighbourhood
from sammen.places.tenancy import staff_view

from . import exports, integration, selectors, services
from .forms import (
    CodesForm,
    FhiImportForm,
    GoalForm,
    ImportForm,
    IndicatorForm,
    QuestionCreateForm,
    QuestionMappingForm,
    ReportForm,
    SettingsForm,
    SurveyForm,
    ValueForm,
)
from .models import (
    Answer,
    ImpactGoal,
    ImportBatch,
    Indicator,
    IndicatorValue,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from .rules import may_read_answers

IMPORT_SESSION_KEY = "impact_import"
MAX_SESSION_FILE = 2 * 1024 * 1024


@staff_view("impact.view_staff")
def staff_home(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "impact/staff/home.html",
        {
            "goals": selectors.goal_list(municipality=municipality),
            "can_manage": request.user.has_perm("impact.manage", municipality),
            "can_configure": request.user.has_perm("impact.configure", municipality),
            "config": selectors.settings_for(municipality),
            "batches": ImportBatch.objects.filter(municipality=municipality).select_related("created_by")[:5],
        },
    )


@staff_view("impact.configure")
def settings_edit(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    current = selectors.settings_for(municipality)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("impact:staff_home", municipality_slug=municipality.slug)
    return render(request, "impact/staff/form.html", {"form": form, "title": _("Settings for indicators and surveys")})


@staff_view("impact.manage")
def goal_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, impact_goal_id: int | None = None
) -> HttpResponse:
    goal = get_object_or_404(ImpactGoal, municipality=municipality, pk=impact_goal_id) if impact_goal_id else None
    form = GoalForm(request.POST or None, instance=ImpactGoal.objects.get(pk=goal.pk) if goal else None)
    if request.method == "POST" and "delete" in request.POST and goal is not None:
        try:
            services.goal_delete(actor=request.user, goal=goal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("impact:goal_edit", municipality_slug=municipality.slug, impact_goal_id=goal.pk)
        messages.success(request, _("The goal is deleted."))
        return redirect("impact:staff_home", municipality_slug=municipality.slug)
    if request.method == "POST" and form.is_valid():
        try:
            if goal is None:
                goal = services.goal_create(actor=request.user, municipality=municipality, **form.cleaned_data)
                messages.success(request, _("The impact goal “%(title)s” is created.") % {"title": goal.title})
            else:
                services.goal_update(actor=request.user, goal=goal, **form.cleaned_data)
                messages.success(request, _("The impact goal is saved."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("impact:staff_home", municipality_slug=municipality.slug)
    title = _("Edit impact goal") if goal else _("New impact goal")
    return render(request, "impact/staff/form.html", {"form": form, "title": title, "can_delete": goal is not None})


@staff_view("impact.manage")
def indicator_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, indicator_id: int | None = None
) -> HttpResponse:
    indicator = get_object_or_404(Indicator, municipality=municipality, pk=indicator_id) if indicator_id else None
    form = IndicatorForm(
        request.POST or None,
        instance=Indicator.objects.get(pk=indicator.pk) if indicator else None,
        municipality=municipality,
        initial={"goal": request.GET.get("goal")} if indicator is None else None,
    )
    if request.method == "POST" and "delete" in request.POST and indicator is not None:
        services.indicator_delete(actor=request.user, indicator=indicator)
        messages.success(request, _("The indicator and its values are deleted."))
        return redirect("impact:staff_home", municipality_slug=municipality.slug)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        neighbourhoods = data.pop("neighbourhoods")
        try:
            if indicator is None:
                indicator = services.indicator_create(
                    actor=request.user, municipality=municipality, neighbourhoods=neighbourhoods, **data
                )
                messages.success(request, _("The indicator “%(name)s” is created.") % {"name": indicator.name})
            else:
                services.indicator_update(
                    actor=request.user, indicator=indicator, neighbourhoods=neighbourhoods, **data
                )
                messages.success(request, _("The indicator is saved."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("impact:staff_home", municipality_slug=municipality.slug)
    title = _("Edit indicator") if indicator else _("New indicator")
    return render(
        request, "impact/staff/form.html", {"form": form, "title": title, "can_delete": indicator is not None}
    )


@staff_view("impact.manage")
def indicator_values(request: AuthedHttpRequest, *, municipality: Municipality, indicator_id: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, municipality=municipality, pk=indicator_id)
    form = ValueForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.value_save(
                actor=request.user,
                indicator=indicator,
                neighbourhood=data["neighbourhood"],
                year_from=data["period"][0],
                year_to=data["period"][1],
                sex=data.get("sex") or "all",
                age_band=data.get("age_band") or "",
                value=data["value"],
                is_suppressed=data["is_suppressed"],
                respondents=data["respondents"],
                source=data["source"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The value is saved."))
            return redirect("impact:indicator_values", municipality_slug=municipality.slug, indicator_id=indicator.pk)
    values = (
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("neighbourhood", "batch")
        .order_by("-year_to", "neighbourhood__name", "sex", "age_band")
    )
    page = Paginator(values, 100).get_page(request.GET.get("page"))
    return render(request, "impact/staff/values.html", {"indicator": indicator, "form": form, "page": page})


@staff_view("impact.manage")
@require_POST
def value_delete(request: AuthedHttpRequest, *, municipality: Municipality, value_id: int) -> HttpResponse:
    value = get_object_or_404(IndicatorValue, municipality=municipality, pk=value_id)
    services.value_delete(actor=request.user, value=value)
    messages.success(request, _("The value is deleted."))
    return redirect("impact:indicator_values", municipality_slug=municipality.slug, indicator_id=value.indicator_id)


def _import(request: AuthedHttpRequest, municipality: Municipality, *, fhi: bool) -> HttpResponse:
    form_class: Any = FhiImportForm if fhi else ImportForm
    kwargs = {"municipality": municipality} if fhi else {}
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    plan = None
    stored = request.session.get(IMPORT_SESSION_KEY)
    if request.method == "POST" and "confirm" in request.POST:
        if not stored or stored.get("kind") != ("fhi" if fhi else "table"):
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect(request.path)
        content = base64.b64decode(stored["content"])
        indicator = Indicator.objects.filter(municipality=municipality, pk=stored.get("indicator") or 0).first()
        if fhi:
            plan = services.fhi_import(
                actor=request.user,
                municipality=municipality,
                content=content,
                filename=stored["filename"],
                indicator=indicator,
                measure_type=stored.get("measure_type", ""),
                source=stored.get("source", ""),
                apply=True,
            )
        else:
            plan = services.table_import(
                actor=request.user,
                municipality=municipality,
                content=content,
                filename=stored["filename"],
                source=stored.get("source", ""),
                apply=True,
            )
        if plan.ok:
            request.session.pop(IMPORT_SESSION_KEY, None)
            messages.success(
                request,
                _("%(count)s values are imported (%(replaced)s replaced existing values).")
                % {"count": len(plan.values), "replaced": plan.replaced},
            )
            return redirect("impact:staff_home", municipality_slug=municipality.slug)
        messages.error(request, _("Nothing was imported: the file has problems."))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        indicator = form.cleaned_data.get("indicator")
        if fhi:
            plan = services.fhi_import(
                actor=request.user,
                municipality=municipality,
                content=content,
                filename=upload.name,
                indicator=indicator,
                measure_type=form.cleaned_data.get("measure_type", ""),
                source=form.cleaned_data["source"],
            )
        else:
            plan = services.table_import(
                actor=request.user,
                municipality=municipality,
                content=content,
                filename=upload.name,
                source=form.cleaned_data["source"],
            )
        if plan.ok and len(content) <= MAX_SESSION_FILE:
            request.session[IMPORT_SESSION_KEY] = {
                "kind": "fhi" if fhi else "table",
                "filename": upload.name,
                "content": base64.b64encode(content).decode(),
                "indicator": indicator.pk if indicator else None,
                "measure_type": form.cleaned_data.get("measure_type", ""),
                "source": form.cleaned_data["source"],
            }
    return render(
        request,
        "impact/staff/import.html",
        {"form": form, "plan": plan, "fhi": fhi, "preview_rows": plan.values[:200] if plan else []},
    )


@staff_view("impact.manage")
def import_table(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    return _import(request, municipality, fhi=False)


@staff_view("impact.manage")
def import_fhi(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    return _import(request, municipality, fhi=True)


# Surveys ----------------------------------------------------------------------------------------------------------


def _survey(request: AuthedHttpRequest, municipality: Municipality, survey_id: int, permission: str) -> Survey:
    survey = get_object_or_404(Survey, municipality=municipality, pk=survey_id)
    allowed = (
        may_read_answers(request.user, survey)
        if permission == "impact.view_answers"
        else request.user.has_perm(permission, survey)
    )
    if not allowed:
        raise PermissionDenied
    return survey


@staff_view("impact.view_staff")
def survey_list(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    return render(
        request,
        "impact/staff/surveys.html",
        {
            "surveys": selectors.survey_list(municipality=municipality),
            "can_manage": request.user.has_perm("impact.manage", municipality),
        },
    )


@staff_view("impact.manage")
def survey_create(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    from django.utils import timezone

    form = SurveyForm(request.POST or None, municipality=municipality, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey is created. Add and adjust its questions."))
            return redirect("impact:survey_detail", municipality_slug=municipality.slug, survey_id=survey.pk)
    return render(request, "impact/staff/form.html", {"form": form, "title": _("New survey")})


@staff_view("impact.view_staff")
def survey_edit(request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int) -> HttpResponse:
    survey = _survey(request, municipality, survey_id, "impact.change_survey")
    form = SurveyForm(request.POST or None, instance=Survey.objects.get(pk=survey.pk), municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.survey_update(
                actor=request.user,
                survey=survey,
                neighbourhoods=data.pop("neighbourhoods"),
                owners=data.pop("owners"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect("impact:survey_detail", municipality_slug=municipality.slug, survey_id=survey.pk)
    return render(request, "impact/staff/form.html", {"form": form, "title": _("Edit survey")})


@staff_view("impact.view_staff")
def survey_detail(request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, municipality=municipality, pk=survey_id)
    language = get_language() or "nb"
    can_change = request.user.has_perm("impact.change_survey", survey)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        try:
            if "add_from_bank" in request.POST:
                services.question_add_from_bank(actor=request.user, survey=survey, key=request.POST["add_from_bank"])
                messages.success(request, _("The question is added."))
            elif "status" in request.POST:
                services.survey_set_status(actor=request.user, survey=survey, status=request.POST["status"])
                messages.success(request, _("The survey is now: %(status)s.") % {"status": survey.get_status_display()})
            elif "aggregate" in request.POST:
                count = services.survey_aggregate(actor=request.user, survey=survey)
                messages.success(
                    request, _("%(count)s indicator values are updated from the answers.") % {"count": count}
                )
            elif "move" in request.POST or "delete_question" in request.POST:
                question = get_object_or_404(Question, survey=survey, pk=request.POST.get("question"))
                if "delete_question" in request.POST:
                    services.question_delete(actor=request.user, question=question)
                    messages.success(request, _("The question is removed."))
                else:
                    services.question_move(actor=request.user, question=question, up=request.POST["move"] == "up")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("impact:survey_detail", municipality_slug=municipality.slug, survey_id=survey.pk)
    questions = list(survey.questions.select_related("indicator").order_by("order", "pk"))
    open_link = request.build_absolute_uri(survey.get_absolute_url())
    return render(
        request,
        "impact/staff/survey.html",
        {
            "survey": survey,
            "questions": questions,
            "language": language,
            "bank": selectors.bank_list(survey=survey, language=language),
            "can_change": can_change,
            "can_read_answers": may_read_answers(request.user, survey),
            "response_count": survey.responses.count(),
            "open_link": open_link,
            "code_link": request.build_absolute_uri(
                reverse("impact:code_entry", kwargs={"municipality_slug": municipality.slug})
            ),
        },
    )


@staff_view("impact.view_staff")
def question_create(request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int) -> HttpResponse:
    survey = _survey(request, municipality, survey_id, "impact.change_survey")
    form = QuestionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_create(
                actor=request.user, survey=survey, language=get_language() or "nb", **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The question is added. Translate it and map it to an indicator if it measures one.")
            )
            return redirect("impact:survey_detail", municipality_slug=municipality.slug, survey_id=survey.pk)
    return render(request, "impact/staff/form.html", {"form": form, "title": _("New question"), "survey": survey})


@staff_view("impact.view_staff")
def question_edit(
    request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int, question_id: int
) -> HttpResponse:
    survey = _survey(request, municipality, survey_id, "impact.change_survey")
    question = get_object_or_404(Question, survey=survey, pk=question_id)
    language = get_language() or "nb"
    form = QuestionMappingForm(
        request.POST or None,
        question=question,
        language=language,
        initial={
            "indicator": question.indicator_id,
            "aggregation": question.aggregation,
            "share_min": question.share_min,
            "share_max": question.share_max,
            "share_options": question.share_options,
            "is_required": question.is_required,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(actor=request.user, question=question, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("impact:survey_detail", municipality_slug=municipality.slug, survey_id=survey.pk)
    return render(
        request,
        "impact/staff/form.html",
        {"form": form, "title": question.text_in(language), "survey": survey, "question": question},
    )


@staff_view("impact.view_staff")
def question_translate(
    request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int, question_id: int
) -> HttpResponse:
    from django import forms

    survey = _survey(request, municipality, survey_id, "impact.change_survey")
    question = get_object_or_404(Question, survey=survey, pk=question_id)
    languages = services.available_languages(municipality)
    language = request.GET.get("language") or request.POST.get("language") or languages[0]
    if language not in languages:
        raise Http404
    form = forms.Form(request.POST or None)
    form.fields["language"] = forms.CharField(widget=forms.HiddenInput, initial=language)
    form.fields["text"] = forms.CharField(
        label=_("Question"), max_length=400, required=False, initial=question.text.get(language, "")
    )
    form.fields["help_text"] = forms.CharField(
        label=_("Hint"), max_length=400, required=False, initial=question.help.get(language, "")
    )
    if question.kind == QuestionKind.LIKERT:
        form.fields["scale_low"] = forms.CharField(
            label=_("Label of the lowest point"), required=False, initial=question.scale_low.get(language, "")
        )
        form.fields["scale_high"] = forms.CharField(
            label=_("Label of the highest point"), required=False, initial=question.scale_high.get(language, "")
        )
    for option in question.options:
        reference = next(iter(option["label"].values()), option["value"])
        form.fields[f"option_{option['value']}"] = forms.CharField(
            label=_("Option: %(text)s") % {"text": reference}, required=False, initial=option["label"].get(language, "")
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_translate(
                actor=request.user,
                question=question,
                language=language,
                text=data["text"],
                help_text=data["help_text"],
                scale_low=data.get("scale_low", ""),
                scale_high=data.get("scale_high", ""),
                option_labels={str(o["value"]): data.get(f"option_{o['value']}", "") for o in question.options},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation is saved."))
            return redirect(f"{request.path}?language={language}")
    return render(
        request,
        "impact/staff/translate.html",
        {"form": form, "survey": survey, "question": question, "language": language, "languages": languages},
    )


@staff_view("impact.view_staff")
def survey_codes(request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int) -> HttpResponse:
    survey = _survey(request, municipality, survey_id, "impact.change_survey")
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.codes_generate(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)s codes are ready to print.") % {"count": len(codes)})
            return redirect("impact:survey_codes", municipality_slug=municipality.slug, survey_id=survey.pk)
    shown = survey.codes.order_by("batch_label", "code")
    if request.GET.get("print"):
        shown = shown.filter(is_used=False)
    return render(
        request,
        "impact/staff/codes.html",
        {
            "survey": survey,
            "form": form,
            "codes": shown,
            "printing": bool(request.GET.get("print")),
            "code_link": request.build_absolute_uri(
                reverse("impact:code_entry", kwargs={"municipality_slug": municipality.slug})
            ),
            "used": survey.codes.filter(is_used=True).count(),
        },
    )


@staff_view("impact.view_staff")
def survey_qr(request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int) -> HttpResponse:
    import qrcode

    survey = get_object_or_404(Survey, municipality=municipality, pk=survey_id)
    target = request.build_absolute_uri(
        survey.get_absolute_url()
        if request.GET.get("for") != "code"
        else reverse("impact:code_entry", kwargs={"municipality_slug": municipality.slug})
    )
    out = io.BytesIO()
    qrcode.make(target, box_size=8, border=2).save(out)
    return HttpResponse(out.getvalue(), content_type="image/png")


@staff_view("impact.view_staff")
def survey_results(request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, municipality=municipality, pk=survey_id)
    return render(
        request,
        "impact/staff/results.html",
        {
            "survey": survey,
            "results": selectors.survey_results(survey=survey, language=get_language() or "nb"),
            "k": selectors.settings_for(municipality).min_group_size,
            "response_count": survey.responses.count(),
        },
    )


@staff_view("impact.view_staff")
def survey_answers(request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int) -> HttpResponse:
    survey = _survey(request, municipality, survey_id, "impact.view_answers")
    if request.method == "POST":
        processes = integration.process_choices(municipality=municipality)
        process = next((p for p in processes if str(p.pk) == request.POST.get("process")), None)
        if process is None:
            raise Http404
        try:
            count = integration.send_free_text_to_inputs(actor=request.user, survey=survey, process=process)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if count:
                messages.success(
                    request, _("%(count)s free-text answers are sent to the co-creation inputs.") % {"count": count}
                )
            else:
                messages.info(request, _("Every free-text answer had already been sent to these co-creation inputs."))
        return redirect("impact:survey_answers", municipality_slug=municipality.slug, survey_id=survey.pk)
    language = get_language() or "nb"
    questions = list(survey.questions.order_by("order", "pk"))
    responses = Response.objects.filter(survey=survey).select_related("neighbourhood").order_by("pk")
    page = Paginator(responses, 50).get_page(request.GET.get("page"))
    answers: dict[int, dict[int, list[str]]] = {}
    for answer in Answer.objects.filter(response__in=[r.pk for r in page]).order_by("pk"):
        shown = answer.text or answer.option or (f"{answer.number.normalize()}" if answer.number is not None else "")
        answers.setdefault(answer.response_id, {}).setdefault(answer.question_id, []).append(shown)
    rows = [(response, [", ".join(answers.get(response.pk, {}).get(q.pk, [])) for q in questions]) for response in page]
    return render(
        request,
        "impact/staff/answers.html",
        {
            "survey": survey,
            "questions": [(q, q.text_in(language)) for q in questions],
            "rows": rows,
            "page": page,
            "participation": integration.participation_installed(),
            "processes": integration.process_choices(municipality=municipality),
        },
    )


@staff_view("impact.view_staff")
def survey_free_text(request: AuthedHttpRequest, *, municipality: Municipality, survey_id: int) -> HttpResponse:
    survey = _survey(request, municipality, survey_id, "impact.view_answers")
    records = integration.survey_free_text_export(actor=request.user, survey=survey)
    response = HttpResponse(integration.free_text_csv(records), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-free-text.csv"'
    return response


@staff_view("impact.view_staff")
def report(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = ReportForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        neighbourhood: Neighbourhood = form.cleaned_data["neighbourhood"]
        built = exports.build_report(
            municipality=municipality,
            neighbourhood=neighbourhood,
            assessment=form.cleaned_data["assessment"],
            language=get_language() or "nb",
        )
        if form.cleaned_data["file_format"] == "docx":
            content = exports.report_docx(built)
            kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            content = exports.report_pdf(built)
            kind = "application/pdf"
        response = HttpResponse(content, content_type=kind)
        response["Content-Disposition"] = (
            f'attachment; filename="folkehelseoversikt-{neighbourhood.slug}.{form.cleaned_data["file_format"]}"'
        )
        return response
    return render(request, "impact/staff/report.html", {"form": form, "status_choices": SurveyStatus.choices})
