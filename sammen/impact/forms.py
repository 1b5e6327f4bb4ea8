from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import RoleAssignment, User
from sammen.places.models import Municipality, Neighbourhood

from .models import (
    Aggregation,
    ImpactGoal,
    ImpactSettings,
    Indicator,
    Question,
    QuestionKind,
    RespondentSex,
    Sex,
    Survey,
)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ImpactSettings
        fields = ["min_group_size", "change_threshold_percent", "is_dashboard_public", "extra_languages", "age_bands"]


class GoalForm(forms.ModelForm):
    class Meta:
        model = ImpactGoal
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "goal",
            "name",
            "definition",
            "unit",
            "decimals",
            "direction",
            "theme",
            "source",
            "source_code",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "breakdown_by_sex",
            "breakdown_by_age",
            "neighbourhoods",
            "is_public",
            "order",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "direction": forms.RadioSelect,
            "neighbourhoods": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["goal"].queryset = ImpactGoal.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )
        for name in ("baseline_value", "target_value"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})


def _period(text: str) -> tuple[int, int]:
    from .importers import parse_period

    period = parse_period(text)
    if period is None:
        raise forms.ValidationError(_("Write a year (2024) or a period (2019-2021)."))
    return period


class ValueForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(
        label=_("Place"), queryset=Neighbourhood.objects.none(), required=False, empty_label=_("Whole municipality")
    )
    period = forms.CharField(label=_("Year or period"), max_length=9, help_text=_("For example 2024 or 2019-2021."))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.ALL)
    age_band = forms.CharField(label=_("Age band"), max_length=20, required=False, help_text=_("Empty for all ages."))
    value = forms.CharField(label=_("Value"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    is_suppressed = forms.BooleanField(label=_("Suppressed in the source (too few people)"), required=False)
    respondents = forms.IntegerField(label=_("Number of respondents"), required=False, min_value=0)
    source = forms.CharField(
        label=_("Data source"), max_length=200, required=False, help_text=_("Empty: the indicator's source.")
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = indicator.neighbourhoods.all()  # type: ignore[attr-defined]
        if not indicator.breakdown_by_sex:
            del self.fields["sex"]
        if not indicator.breakdown_by_age:
            del self.fields["age_band"]

    def clean_period(self) -> tuple[int, int]:
        return _period(self.cleaned_data["period"])

    def clean_value(self) -> Any:
        from .importers import parse_number

        raw = (self.cleaned_data.get("value") or "").strip()
        if not raw:
            return None
        number = parse_number(raw)
        if number is None:
            raise forms.ValidationError(_("“%(value)s” is not a number.") % {"value": raw})
        return number


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
    source = forms.CharField(
        label=_("Data source"), max_length=200, required=False, help_text=_("Used for rows without their own source.")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class FhiImportForm(ImportForm):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("Named in the file (column “Indikator”)"),
    )
    measure_type = forms.CharField(
        label=_("Measure type to import"),
        max_length=100,
        required=False,
        help_text=_("The “Måltall” column, e.g. “Andel (prosent)”. Empty when the file has only one."),
    )
    field_order = ["file", "indicator", "measure_type", "source"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class SurveyForm(forms.ModelForm):
    include_core = forms.BooleanField(
        label=_("Start with the core questions"),
        required=False,
        initial=True,
        help_text=_("From the national question bank."),
    )
    owners = forms.ModelMultipleChoiceField(
        label=_("Owners"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only owners can read the answers one by one."),
    )

    class Meta:
        model = Survey
        fields = ["title", "intro", "year", "neighbourhoods", "allow_open_link"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3}), "neighbourhoods": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )
        if self.instance.pk:
            del self.fields["include_core"]
            staff_ids = RoleAssignment.objects.filter(municipality=municipality).values("user_id")
            self.fields["owners"].queryset = User.objects.filter(pk__in=staff_ids).order_by("email")  # type: ignore[attr-defined]
            self.fields["owners"].label_from_instance = lambda user: f"{user.get_full_name()} ({user.email})"  # type: ignore[attr-defined]
            self.initial["owners"] = list(self.instance.owners.all())
        else:
            del self.fields["owners"]


class QuestionCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Question"), max_length=400)
    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one or several choices: one option per line."),
    )
    scale_low = forms.CharField(label=_("Label of the lowest point"), required=False, max_length=80)
    scale_high = forms.CharField(label=_("Label of the highest point"), required=False, max_length=80)
    scale_points = forms.IntegerField(label=_("Points on the scale"), min_value=3, max_value=10, initial=5)
    number_min = forms.DecimalField(label=_("Smallest number"), required=False)
    number_max = forms.DecimalField(label=_("Largest number"), required=False)
    is_required = forms.BooleanField(label=_("Answer required"), required=False)


class QuestionMappingForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False, empty_label=_("None")
    )
    aggregation = forms.ChoiceField(label=_("How answers become the indicator"), choices=Aggregation.choices)
    share_min = forms.DecimalField(
        label=_("Count answers from"),
        required=False,
        help_text=_("For a scale: e.g. 4 counts those who answered 4 or 5."),
    )
    share_max = forms.DecimalField(label=_("Count answers up to"), required=False)
    share_options = forms.MultipleChoiceField(
        label=_("Count these options"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_required = forms.BooleanField(label=_("Answer required"), required=False)

    def __init__(self, *args: Any, question: Question, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(municipality=question.survey.municipality)  # type: ignore[attr-defined]
        if question.options:
            self.fields["share_options"].choices = [  # type: ignore[attr-defined]
                (o["value"], o["label"].get(language) or next(iter(o["label"].values()), o["value"]))
                for o in question.options
            ]
            del self.fields["share_min"]
            del self.fields["share_max"]
        else:
            del self.fields["share_options"]


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1, max_value=1000, initial=30)
    batch_label = forms.CharField(
        label=_("Handed out to"),
        max_length=100,
        required=False,
        help_text=_("For example “Class 9B” or “Dialogue dinner, Borgen”."),
    )


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        help_text=_("The letters and digits on your paper."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class ReportForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), empty_label=None
    )
    assessment = forms.CharField(
        label=_("Assessment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The municipality's assessment of causes and consequences, printed in chapter 5."),
    )
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", "PDF"), ("docx", _("Word (DOCX)"))], widget=forms.RadioSelect, initial="pdf"
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )


class LenientChoiceField(forms.ChoiceField):
    """Shows choices but leaves the checking to the service, which gives one clear message per question."""

    def validate(self, value: Any) -> None:
        return None


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    def validate(self, value: Any) -> None:
        return None


def response_form(
    *, survey: Survey, questions: list[Question], language: str, age_bands: list[str], initial: Any = None
) -> forms.Form:
    """The questionnaire as a form: who you are (neighbourhood, optional sex and age), then the questions.

    The form is never bound: the service checks the answers, and its messages are added to the form (see the view).
    """
    form = forms.Form(initial=initial or {})
    form.cleaned_data = {}
    neighbourhoods = list(survey.neighbourhoods.order_by("name"))
    form.fields["neighbourhood"] = LenientChoiceField(
        label=_("Where do you live?"),
        choices=[(str(n.pk), n.name) for n in neighbourhoods]
        + [("elsewhere", _("Somewhere else in the municipality"))],
        widget=forms.RadioSelect,
    )
    form.fields["sex"] = LenientChoiceField(
        label=_("Are you …"), choices=RespondentSex.choices, widget=forms.RadioSelect, required=False
    )
    form.fields["age_band"] = LenientChoiceField(
        label=_("Your age"), choices=[(band, band) for band in age_bands], widget=forms.RadioSelect, required=False
    )
    for question in questions:
        name = f"q{question.pk}"
        label = question.text_in(language)
        help_text = question.help.get(language, "") if question.help else ""
        field: forms.Field
        if question.kind == QuestionKind.LIKERT:
            low = question.scale_low.get(language) or next(iter(question.scale_low.values()), "")
            high = question.scale_high.get(language) or next(iter(question.scale_high.values()), "")
            choices = []
            for point in range(1, question.scale_points + 1):
                text = str(point)
                if point == 1 and low:
                    text = f"1 – {low}"
                elif point == question.scale_points and high:
                    text = f"{point} – {high}"
                choices.append((str(point), text))
            field = LenientChoiceField(
                label=label, choices=choices, widget=forms.RadioSelect, required=question.is_required
            )
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            choices = [
                (str(o["value"]), o["label"].get(language) or next(iter(o["label"].values()), o["value"]))
                for o in question.options
            ]
            if question.kind == QuestionKind.SINGLE:
                field = LenientChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, required=question.is_required
                )
            else:
                field = LenientMultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=question.is_required
                )
        elif question.kind == QuestionKind.NUMBER:
            field = forms.CharField(
                label=label, required=question.is_required, widget=forms.TextInput(attrs={"inputmode": "decimal"})
            )
        else:
            field = forms.CharField(
                label=label, required=question.is_required, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000})
            )
        field.help_text = help_text
        form.fields[name] = field
    return form
