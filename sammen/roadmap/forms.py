from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import FilterForm
from sammen.inspiration.models import Case, CaseStatus
from sammen.organisations.models import Organisation
from sammen.participation.models import Channel, Process

from .models import FateState, Goal, Measure, MeasureActor, Roadmap, Strategy
from .selectors import FateFilter


class RoadmapForm(forms.ModelForm):
    class Meta:
        model = Roadmap
        fields = ("main_goal", "introduction", "knowledge_base", "is_published")
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "knowledge_base": forms.Textarea(attrs={"rows": 10}),
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ("focus_area", "title", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = process.focus_areas.order_by("position", "id")  # type: ignore[attr-defined]


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ("goal", "title", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(  # type: ignore[attr-defined]
            focus_area__process=process
        ).select_related("focus_area")


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = (
            "goal",
            "strategy",
            "title",
            "description",
            "status",
            "dropped_reason",
            "start_date",
            "end_date",
            "inspired_by",
            "indicators",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "dropped_reason": forms.Textarea(attrs={"rows": 2}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "inspired_by": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sammen.impact.integration import indicator_choices

        self.instance.process = process
        self.fields["goal"].queryset = Goal.objects.filter(focus_area__process=process)  # type: ignore[attr-defined]
        self.fields["strategy"].queryset = Strategy.objects.filter(  # type: ignore[attr-defined]
            goal__focus_area__process=process
        )
        self.fields["inspired_by"].queryset = Case.objects.filter(  # type: ignore[attr-defined]
            municipality_id=process.municipality_id, status=CaseStatus.PUBLISHED
        )
        self.fields["indicators"].queryset = indicator_choices(  # type: ignore[attr-defined]
            municipality=process.municipality
        )

    def _post_clean(self) -> None:
        # The service validates the whole measure (goal and strategy of this process, reason when dropped).
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == "dropped" and not (data.get("dropped_reason") or "").strip():
            self.add_error("dropped_reason", _("Say why the measure was dropped; residents will read it."))
        return data


class MeasureActorForm(forms.ModelForm):
    class Meta:
        model = MeasureActor
        fields = ("kind", "organisation", "name", "role", "responsibility")
        widgets = {"responsibility": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality_id=process.municipality_id
        ).order_by("name")
        self.fields["kind"].initial = "municipality"
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty to use the organisation's name.")

    def _post_clean(self) -> None:
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and not data.get("organisation"):
            self.add_error("name", _("Name the actor, or choose an organisation."))
        return data


class LongSelect(forms.Select):
    """A select with hundreds of options (every measure), rendered in one template instead of one per option."""

    template_name = "roadmap/widgets/select.html"


class FateFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    fate = forms.ChoiceField(
        label=_("What became of it"), required=False, choices=[("", _("All fates")), *FateState.choices]
    )
    measure = forms.TypedChoiceField(
        label=_("Measure"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )

    def __init__(self, *args: Any, process: Process, measures: list[Measure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [  # type: ignore[attr-defined]
            ("", _("All focus areas")),
            *[(a.key, a.name) for a in process.focus_areas.order_by("position", "id")],
        ]
        self.fields["channel"].choices = [("", _("All channels")), *Channel.choices]  # type: ignore[attr-defined]
        self.fields["measure"].choices = [  # type: ignore[attr-defined]
            ("", _("All measures")),
            *[(m.pk, m.title) for m in measures],
        ]

    def filters(self) -> FateFilter:
        if not self.is_bound or not self.is_valid():
            return FateFilter()
        data = self.cleaned_data
        return FateFilter(
            query=data.get("q") or "",
            focus_area=data.get("focus_area") or "",
            channel=data.get("channel") or "",
            fate=data.get("fate") or "",
            measure=data.get("measure") or None,
        )


class FateForm(forms.Form):
    state = forms.ChoiceField(label=_("What became of it"), choices=FateState.choices)
    measure = forms.TypedChoiceField(
        label=_("Measure"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In plain language: residents read it. Required when answered or not pursued."),
    )

    def __init__(self, *args: Any, measures: list[Measure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [  # type: ignore[attr-defined]
            ("", _("No measure")),
            *[(m.pk, m.title) for m in measures],
        ]
