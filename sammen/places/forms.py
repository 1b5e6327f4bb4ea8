from typing import Any

from django import forms

from .models import Municipality, Neighbourhood, Venue
from .services import MUNICIPALITY_EDITABLE, NEIGHBOURHOOD_EDITABLE, VENUE_EDITABLE


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = MUNICIPALITY_EDITABLE
        widgets = {"default_language": forms.Select(choices=[])}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        self.fields["default_language"].widget.choices = list(settings.LANGUAGES)


class NeighbourhoodForm(forms.ModelForm):
    class Meta:
        model = Neighbourhood
        fields = NEIGHBOURHOOD_EDITABLE

    def __init__(self, *args: Any, municipality: Municipality, can_manage: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        if not can_manage:
            for name in ("name", "slug", "is_active"):
                del self.fields[name]


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = VENUE_EDITABLE

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )
