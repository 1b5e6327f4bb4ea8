"""Forms of the equipment library; the services check everything again and have the last word."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import Child
from sammen.organisations.models import Organisation, OrganisationStatus
from sammen.places.models import Municipality, Neighbourhood, Venue

from .models import Borrower, Category, Condition, Depot, ItemType, Unit, Weekday
from .services import BORROWER_FIELDS, DEPOT_FIELDS, ITEM_TYPE_FIELDS, UNIT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MAX_PERIOD_DAYS = 92


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end <= start:
                self.add_error("end", _("The last day must come after the first day."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("Choose a period of at most %(days)s days.") % {"days": MAX_PERIOD_DAYS})
        return data


class CatalogueFilterForm(PeriodForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    depot = forms.ChoiceField(label=_("Depot"), required=False)

    field_order = ["q", "category", "depot", "start", "end"]

    def __init__(self, *args: Any, depots: list[Depot] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if depots is None:
            del self.fields["depot"]
        else:
            self.fields["depot"].choices = [("", _("All depots")), *[(d.slug, d.name) for d in depots]]  # type: ignore[attr-defined]


class AddToReservationForm(forms.Form):
    size = forms.ChoiceField(label=_("Size"), required=False)

    def __init__(self, *args: Any, sizes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sizes:
            self.fields["size"].choices = [(s, s) for s in sizes]  # type: ignore[attr-defined]
            self.fields["size"].required = True
        else:
            del self.fields["size"]


class ReserveForm(forms.Form):
    birth_year = forms.IntegerField(
        label=_("Your year of birth"), min_value=1900, max_value=2100, help_text=_("The borrower must be an adult.")
    )
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, help_text=_("For a reminder before the return day.")
    )
    children = forms.ModelMultipleChoiceField(
        label=_("Who will use it?"),
        required=False,
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose your children who will use the equipment. It helps the depot know who borrows."),
    )
    note = forms.CharField(
        label=_("Message to the staff"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, children: Any, borrower: Borrower | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children  # type: ignore[attr-defined]
        if not children.exists():
            del self.fields["children"]
        if borrower is not None:
            self.fields["birth_year"].initial = borrower.birth_year
            self.fields["phone"].initial = borrower.phone
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})


class DepotForm(forms.ModelForm):
    class Meta:
        model = Depot
        fields = DEPOT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["venue"].queryset = Venue.objects.filter(municipality=municipality, is_active=True)  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )

    def validate_unique(self) -> None:
        """The service validates; the database's constraints give the last word."""
        try:
            self.instance.validate_unique()
        except forms.ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]


class OpeningHoursForm(forms.Form):
    def __init__(self, *args: Any, depot: Depot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {h.weekday: h for h in depot.hours.all()}
        for day in Weekday:
            hours = current.get(day.value)
            self.fields[f"day_{day.value}_opens"] = forms.TimeField(
                label=_("%(day)s opens") % {"day": day.label},
                required=False,
                widget=TIME,
                initial=hours.opens if hours else None,
            )
            self.fields[f"day_{day.value}_closes"] = forms.TimeField(
                label=_("%(day)s closes") % {"day": day.label},
                required=False,
                widget=TIME,
                initial=hours.closes if hours else None,
            )

    def hours(self) -> dict[int, tuple[Any, Any] | None]:
        result: dict[int, tuple[Any, Any] | None] = {}
        for day in Weekday:
            opens = self.cleaned_data.get(f"day_{day.value}_opens")
            closes = self.cleaned_data.get(f"day_{day.value}_closes")
            result[day.value] = (opens, closes) if (opens or closes) else None
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day in Weekday:
            opens, closes = data.get(f"day_{day.value}_opens"), data.get(f"day_{day.value}_closes")
            if (opens or closes) and not (opens and closes and opens < closes):
                self.add_error(
                    f"day_{day.value}_closes", _("Give both times, with the closing time after the opening time.")
                )
        return data


class OpeningExceptionForm(forms.Form):
    start_date = forms.DateField(label=_("From date"), widget=DATE)
    end_date = forms.DateField(label=_("To date"), widget=DATE)
    is_closed = forms.BooleanField(label=_("Closed on these days"), required=False, initial=True)
    opens = forms.TimeField(label=_("Special opening time"), required=False, widget=TIME)
    closes = forms.TimeField(label=_("Special closing time"), required=False, widget=TIME)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=120, help_text=_("E.g. Easter or summer holiday.")
    )


class StaffAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))


class ItemTypeForm(forms.ModelForm):
    class Meta:
        model = ItemType
        fields = ITEM_TYPE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def validate_unique(self) -> None:
        pass  # the database's unique name per depot is reported by the view


class UnitsAddForm(forms.Form):
    sizes = forms.CharField(
        label=_("Sizes"),
        required=False,
        max_length=2000,
        help_text=_(
            "One unit per size, separated by commas, e.g. 30, 32, 32, 34. Leave empty for units without sizes."
        ),
    )
    count = forms.IntegerField(
        label=_("Number of units without size"),
        required=False,
        min_value=1,
        max_value=200,
    )
    codes = forms.CharField(
        label=_("Label codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only if the units already have labels: one code per line, in the same order. Else codes are made for you."
        ),
    )
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices, initial=Condition.GOOD)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sizes = [s.strip() for s in (data.get("sizes") or "").split(",") if s.strip()]
        if not sizes:
            if not data.get("count"):
                self.add_error("sizes", _("Give the sizes, or the number of units without size."))
            sizes = [""] * (data.get("count") or 0)
        data["size_list"] = sizes
        data["code_list"] = [c.strip() for c in (data.get("codes") or "").splitlines() if c.strip()]
        return data


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = UNIT_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Photo"))
    alt_text = forms.CharField(
        label=_("Description of the photo"),
        max_length=200,
        help_text=_("Describe the photo for people who cannot see it."),
    )


class BorrowerForm(forms.ModelForm):
    id_checked = forms.BooleanField(
        label=_("I have checked the borrower's ID"),
        required=False,
        help_text=_("Only that it was checked is recorded, never the ID number."),
    )

    class Meta:
        model = Borrower
        fields = BORROWER_FIELDS
        widgets = {"kind": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, status=OrganisationStatus.APPROVED
        )
        self.fields["phone"].widget.attrs.update({"autocomplete": "off", "inputmode": "tel"})
        self.fields["birth_year"].help_text = _("Required for a person. Only the year is kept.")
        if self.instance.pk and self.instance.id_checked_at:
            del self.fields["id_checked"]

    def validate_unique(self) -> None:
        pass  # reported by the service


class MinorForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100)


class BorrowerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Borrower: scan the card, or type a name or mobile number"), required=False, max_length=100
    )


class CheckinForm(forms.Form):
    code = forms.CharField(label=_("Unit to return: scan or type its code"), max_length=40)
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices, initial=Condition.GOOD)
    note = forms.CharField(
        label=_("Damage note"), required=False, max_length=1000, help_text=_("Required when damaged.")
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the borrower"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class ExtendForm(forms.Form):
    due_date = forms.DateField(label=_("New due date"), widget=DATE)


class LostForm(forms.Form):
    note = forms.CharField(label=_("What happened"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, help_text=_("Only if something was wrong.")
    )


class StatisticsFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    depot = forms.ChoiceField(label=_("Depot"), required=False)

    def __init__(self, *args: Any, depots: list[Depot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.now().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - 6, -1)]  # type: ignore[attr-defined]
        self.fields["year"].initial = this_year
        self.fields["depot"].choices = [("", _("All depots")), *[(d.slug, d.name) for d in depots]]  # type: ignore[attr-defined]


def parse_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
