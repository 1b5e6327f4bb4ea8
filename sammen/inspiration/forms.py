from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import FilterForm
from sammen.places.models import Municipality

from .models import Case, TargetGroup, Theme
from .services import CASE_FIELDS


class CaseFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("All themes"),
        to_field_name="slug",
    )
    group = forms.ModelChoiceField(
        label=_("For whom"),
        queryset=TargetGroup.objects.none(),
        required=False,
        empty_label=_("Everyone"),
        to_field_name="slug",
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["group"].queryset = TargetGroup.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = (*CASE_FIELDS, "themes", "target_groups")
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 6}),
            "language": forms.Select(choices=[]),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        self.instance.municipality = municipality
        self.fields["themes"].queryset = Theme.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["language"].widget.choices = list(settings.LANGUAGES)


class TagForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
