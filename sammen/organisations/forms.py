from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import FilterForm
from sammen.places.models import Municipality, Neighbourhood

from .models import MembershipRole, Organisation, OrganisationKind
from .services import PROFILE_FIELDS


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("logo") and not (data.get("logo_alt") or "").strip():
            self.add_error("logo_alt", _("Describe the logo for people who cannot see it."))
        return data


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approved", _("Approve")), ("rejected", _("Reject")), ("suspended", _("Suspend"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject or suspend."),
    )


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class OrganisationFilterForm(FilterForm):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices])
