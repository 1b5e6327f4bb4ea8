"""Forms: the public search (GET), listing an activity with its weekly schedule, and the staff and guide forms."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sammen.places.models import Municipality, Neighbourhood, Venue

from . import recurrence
from .models import (
    LANGUAGES,
    AccessFact,
    Activity,
    Category,
    GuideLogKind,
    PricePeriod,
    PriceType,
    TargetGroup,
)
from .selectors import SearchFilters

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
TIMES = [
    ("morning", _("Morning (before 12)")),
    ("afternoon", _("Afternoon (12–18)")),
    ("evening", _("Evening (after 18)")),
]
RADII = [("1", "1 km"), ("3", "3 km"), ("5", "5 km"), ("10", "10 km"), ("25", "25 km"), ("any", _("Any distance"))]
DEFAULT_RADIUS_KM = 3.0


def kroner_to_ore(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=100)
    age = forms.IntegerField(label=_("Age of the participant"), required=False, min_value=0, max_value=120)
    category = forms.MultipleChoiceField(label=_("Category"), required=False, widget=forms.CheckboxSelectMultiple)
    day = forms.TypedMultipleChoiceField(
        label=_("Day"), required=False, choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    time = forms.MultipleChoiceField(
        label=_("Time of day"), required=False, choices=TIMES, widget=forms.CheckboxSelectMultiple
    )
    free = forms.BooleanField(label=_("Free only"), required=False)
    max_price = forms.DecimalField(
        label=_("Highest price (kr)"), required=False, min_value=0, max_digits=8, decimal_places=2
    )
    card = forms.BooleanField(label=_("Activity card accepted"), required=False)
    access = forms.MultipleChoiceField(
        label=_("Accessibility"), required=False, choices=AccessFact.choices, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    group = forms.ChoiceField(label=_("For"), required=False)
    trial = forms.BooleanField(label=_("Free trial session"), required=False)
    neighbourhood = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    near = forms.CharField(
        label=_("Near (place, address or postcode)"),
        required=False,
        max_length=100,
        help_text=_("For example a neighbourhood, a school or a postcode."),
    )
    radius = forms.ChoiceField(
        label=_("Distance"),
        required=False,
        choices=RADII,
        initial="3",
        help_text=_("Only used with a place or your position."),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Recommended (nearest first when a place is given)")),
            ("next", _("Next session")),
            ("distance", _("Distance")),
            ("title", _("Title")),
        ],
    )
    venue = forms.IntegerField(required=False, widget=forms.HiddenInput)
    organisation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, municipality: Municipality, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["category"].choices = [(c.key, c.name) for c in categories]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("Any language")), *LANGUAGES]  # type: ignore[attr-defined]
        self.fields["group"].choices = [("", _("Everyone")), *TargetGroup.choices]  # type: ignore[attr-defined]
        self.fields["neighbourhood"].choices = [("", _("The whole municipality"))] + [  # type: ignore[attr-defined]
            (n.slug, n.name)
            for n in Neighbourhood.objects.filter(municipality=municipality, is_active=True).order_by("name")
        ]

    def controls(self) -> dict[str, dict[str, Any]]:
        """The fields as plain data for the search page's hand-written filter markup.

        Rendering ~70 checkboxes through the widget templates cost more than the search itself; a plain loop over
        this data gives the same accessible markup (labels, fieldsets, hints and errors linked by aria-describedby).
        """
        controls: dict[str, dict[str, Any]] = {}
        for name, field in self.fields.items():
            bound = self[name]
            value = bound.value()
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                kind = "checkboxes"
                chosen = {str(v) for v in (value or [])}
            elif isinstance(field.widget, forms.CheckboxInput):
                kind = "checkbox"
                chosen = set()
            elif isinstance(field.widget, forms.HiddenInput):
                kind = "hidden"
                chosen = set()
            elif isinstance(field.widget, forms.Select):
                kind = "select"
                chosen = {str(value or field.initial or "")}
            else:
                kind = "number" if isinstance(field, (forms.IntegerField, forms.DecimalField)) else "text"
                chosen = set()
            choices = [
                {"value": str(key), "label": label, "checked": str(key) in chosen, "id": f"id_{name}_{i}"}
                for i, (key, label) in enumerate(getattr(field, "choices", []))
            ]
            controls[name] = {
                "name": name,
                "id": f"id_{name}",
                "label": field.label,
                "help": field.help_text,
                "errors": list(bound.errors),
                "kind": kind,
                "value": "" if value is None or kind in ("checkboxes", "select") else value,
                "checked": kind == "checkbox" and bool(value) and value not in ("", "false", "False", "0"),
                "choices": choices,
                "required": field.required,
            }
        return controls

    def filters(self, *, location: tuple[float, float] | None) -> SearchFilters:
        data = self.cleaned_data
        radius = data.get("radius") or ""
        radius_km = None if radius == "any" else float(radius) if radius else DEFAULT_RADIUS_KM
        sort = data.get("sort") or ("distance" if location is not None else "next")
        return SearchFilters(
            q=data.get("q") or "",
            age=data.get("age"),
            categories=list(data.get("category") or []),
            days=list(data.get("day") or []),
            times=list(data.get("time") or []),
            free=bool(data.get("free")),
            max_price_ore=kroner_to_ore(data.get("max_price")),
            card=bool(data.get("card")),
            access=list(data.get("access") or []),
            language=data.get("language") or "",
            target_group=data.get("group") or "",
            trial=bool(data.get("trial")),
            neighbourhood=data.get("neighbourhood") or "",
            venue_id=data.get("venue"),
            organisation_id=data.get("organisation"),
            point=location,
            radius_km=radius_km if location is not None else None,
            sort=sort,
        )


def schedule_input_from(data: dict[str, Any]) -> Any:
    """The schedule a form describes, in iCalendar terms: days and "how often" become an RRULE unless one is given."""
    from .services import ScheduleInput

    rule = data.get("rrule") or ""
    if not rule and data.get("repeat") != "once":
        rule = recurrence.build_rrule(
            weekdays=data.get("weekdays") or [data["start_date"].weekday()],
            interval=int(data.get("repeat") or 1),
            until=data.get("end_date"),
        )
    return ScheduleInput(
        start_date=data["start_date"],
        start_time=data["start_time"],
        end_time=data["end_time"],
        rrule=rule,
        exdates=data.get("exdates") or "",
    )


class ActivityForm(forms.ModelForm):
    """The listing form. On creation it also takes the weekly schedule, so one page lists a weekly activity."""

    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Organiser"), queryset=None)  # type: ignore[arg-type]
    target_groups_choice = forms.MultipleChoiceField(
        label=_("Especially for"), required=False, choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    languages_choice = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    price_kr = forms.DecimalField(
        label=_("Price (kr)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("Only when the activity has one price."),
    )
    price_bands_text = forms.CharField(
        label=_("Price bands"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: who pays, a colon, the price in kroner. For example “Children: 200”."),
    )
    signup_fee_kr = forms.DecimalField(
        label=_("Fee paid when signing up (kr)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("Leave empty if nothing is paid when signing up."),
    )
    publish = forms.BooleanField(
        label=_("Publish now"),
        required=False,
        initial=True,
        help_text=_("Untick to save a draft that only you can see."),
    )

    # The first schedule (creation only).
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Which days"), choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    repeat = forms.ChoiceField(
        label=_("How often"),
        choices=[("1", _("Every week")), ("2", _("Every second week")), ("once", _("Once, on the first date"))],
        initial="1",
    )
    start_date = forms.DateField(label=_("First date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if the activity goes on."),
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    exdates = forms.CharField(
        label=_("No session on these dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example holidays: 2026-10-06, 2026-10-13."),
    )
    rrule = forms.CharField(
        label=_("Recurrence rule (advanced)"),
        required=False,
        max_length=300,
        help_text=_("An iCalendar RRULE, e.g. FREQ=MONTHLY;BYDAY=1SA. Replaces the days and how often above."),
    )

    SCHEDULE_FIELDS = ("weekdays", "repeat", "start_date", "end_date", "start_time", "end_time", "exdates", "rrule")

    class Meta:
        model = Activity
        fields = (
            "title",
            "description",
            "description_language",
            "category",
            "venue",
            "neighbourhood",
            "age_min",
            "age_max",
            "price_type",
            "price_period",
            "accepts_card",
            "join_method",
            "join_url",
            "capacity",
            "has_waiting_list",
            "is_step_free",
            "has_accessible_toilet",
            "has_hearing_loop",
            "is_adapted",
            "companion_free",
            "accessibility_note",
            "has_trial_session",
            "contact_name",
            "contact_email",
            "contact_phone",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "price_type": forms.RadioSelect,
            "join_method": forms.RadioSelect,
        }

    def __init__(self, *args: Any, municipality: Municipality, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        creating = self.instance.pk is None
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        self.fields["category"].queryset = Category.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["venue"].queryset = Venue.objects.filter(municipality=municipality, is_active=True)  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(municipality=municipality, is_active=True)  # type: ignore[attr-defined]
        self.fields["neighbourhood"].help_text = _("Leave empty to use the venue's neighbourhood.")
        # Django's own blank label is not translated into our languages yet.
        self.fields["category"].empty_label = _("Choose a category")  # type: ignore[attr-defined]
        self.fields["venue"].empty_label = _("Choose a venue")  # type: ignore[attr-defined]
        self.fields["neighbourhood"].empty_label = _("The venue's neighbourhood")  # type: ignore[attr-defined]
        self.fields["description_language"].widget = forms.Select(choices=LANGUAGES)
        self.fields["price_period"].required = False
        for name in ("age_min", "age_max"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 120})
        self.fields["age_min"].help_text = _("Leave the ages empty if everyone is welcome.")
        if creating:
            self.fields["weekdays"].initial = []
        else:
            for name in (*self.SCHEDULE_FIELDS, "organisation", "publish"):
                del self.fields[name]
            self.fields["target_groups_choice"].initial = self.instance.target_group_list
            self.fields["languages_choice"].initial = self.instance.language_list
            if self.instance.price_ore is not None:
                self.fields["price_kr"].initial = Decimal(self.instance.price_ore) / 100
            if self.instance.signup_fee_ore:
                self.fields["signup_fee_kr"].initial = Decimal(self.instance.signup_fee_ore) / 100
            self.fields["price_bands_text"].initial = "\n".join(
                f"{b.label}: {Decimal(b.amount_ore) / 100:g}" for b in self.instance.price_bands.all()
            )
        # Show the fields in the order a person fills them in.
        order = [
            "organisation",
            "title",
            "description",
            "description_language",
            "category",
            "venue",
            "neighbourhood",
            "weekdays",
            "repeat",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "exdates",
            "rrule",
            "age_min",
            "age_max",
            "target_groups_choice",
            "languages_choice",
            "price_type",
            "price_kr",
            "price_period",
            "price_bands_text",
            "accepts_card",
            "join_method",
            "join_url",
            "capacity",
            "has_waiting_list",
            "signup_fee_kr",
            "is_step_free",
            "has_accessible_toilet",
            "has_hearing_loop",
            "is_adapted",
            "companion_free",
            "accessibility_note",
            "has_trial_session",
            "contact_name",
            "contact_email",
            "contact_phone",
            "publish",
        ]
        self.order_fields([f for f in order if f in self.fields])

    def clean_price_bands_text(self) -> list[tuple[str, int]]:
        bands = []
        for number, line in enumerate((self.cleaned_data.get("price_bands_text") or "").splitlines(), start=1):
            if not line.strip():
                continue
            label, sep, amount = line.rpartition(":")
            try:
                value = Decimal(amount.strip().replace(",", ".").replace("kr", "").strip())
            except ArithmeticError:
                value = None
            if not sep or not label.strip() or value is None:
                raise ValidationError(
                    _("Line %(number)s: write who pays, a colon and the price, e.g. “Children: 200”.")
                    % {"number": number}
                )
            if value < 0:
                raise ValidationError(_("A price cannot be negative."))
            bands.append((label.strip()[:80], kroner_to_ore(value) or 0))
        return bands

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "start_date" in self.fields:
            start, end = data.get("start_date"), data.get("end_date")
            if start and end and end < start:
                self.add_error("end_date", _("The last date is before the first date."))
            if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
                self.add_error("end_time", _("The end time must be after the start time."))
            if data.get("repeat") != "once" and not data.get("weekdays") and not data.get("rrule") and start:
                data["weekdays"] = [start.weekday()]
        if data.get("price_type") == PriceType.FIXED and data.get("price_kr") is None:
            self.add_error("price_kr", _("Give the price, or choose free."))
        return data

    def schedule_input(self) -> Any:
        return schedule_input_from(self.cleaned_data)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        fields = {name: data[name] for name in self.Meta.fields if name in data}
        fields["target_groups"] = data.get("target_groups_choice") or []
        fields["languages"] = data.get("languages_choice") or []
        fields["price_ore"] = kroner_to_ore(data.get("price_kr"))
        fields["signup_fee_ore"] = kroner_to_ore(data.get("signup_fee_kr")) or 0
        fields["price_period"] = fields.get("price_period") or PricePeriod.TERM
        return fields


class ScheduleForm(forms.Form):
    weekdays = ActivityForm.base_fields["weekdays"]
    repeat = ActivityForm.base_fields["repeat"]
    start_date = ActivityForm.base_fields["start_date"]
    end_date = ActivityForm.base_fields["end_date"]
    start_time = ActivityForm.base_fields["start_time"]
    end_time = ActivityForm.base_fields["end_time"]
    exdates = ActivityForm.base_fields["exdates"]
    rrule = ActivityForm.base_fields["rrule"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last date is before the first date."))
        if data.get("repeat") != "once" and not data.get("weekdays") and not data.get("rrule") and start:
            data["weekdays"] = [start.weekday()]
        return data

    def schedule_input(self) -> Any:
        return schedule_input_from(self.cleaned_data)

    @classmethod
    def initial_for(cls, schedule: Any) -> dict[str, Any]:
        summary = recurrence.schedule_summary(schedule)
        initial: dict[str, Any] = {
            "start_date": schedule.start_date,
            "start_time": schedule.start_time,
            "end_time": schedule.end_time,
            "exdates": schedule.exdates,
        }
        if summary.get("once"):
            initial["repeat"] = "once"
        elif "weekdays" in summary:
            initial.update(weekdays=summary["weekdays"], repeat=str(summary["interval"]), end_date=summary["until"])
        else:
            initial["rrule"] = schedule.rrule
        return initial


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        required=False,
        max_length=200,
        help_text=_("Shown to everyone, e.g. “The hall is used for the election”."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import ActivityStatus

        self.fields["status"].choices = ActivityStatus.choices  # type: ignore[attr-defined]


class SignUpForm(forms.Form):
    participant_name = forms.CharField(
        label=_("Who is taking part?"), max_length=120, required=False, help_text=_("Your own name, or your child's.")
    )
    child = forms.ChoiceField(label=_("Or choose one of your children"), required=False)

    def __init__(
        self, *args: Any, children: list[Any], card_options: list[Any] | None = None, fee_ore: int = 0, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        if children:
            self.fields["child"].choices = [("", "—"), *[(str(c.pk), str(c)) for c in children]]  # type: ignore[attr-defined]
        else:
            del self.fields["child"]
        # The children whose activity card can pay the fee now, with what each card can spend (never its sources).
        self.card_options = {str(o.child.pk): o for o in card_options or []}
        if self.card_options:
            from .templatetags.activities_tags import kroner

            can_pay = ", ".join(
                _("%(name)s (can spend %(amount)s)") % {"name": o.child, "amount": kroner(o.spendable_ore)}
                for o in self.card_options.values()
            )
            self.fields["pay_with_card"] = forms.BooleanField(
                label=_("Pay the fee of %(fee)s now with the child's activity card") % {"fee": kroner(fee_ore)},
                required=False,
                help_text=_("These cards can pay: %(children)s.") % {"children": can_pay},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["child_obj"] = self.children.get(data.get("child") or "")
        if not data.get("participant_name") and data["child_obj"] is None:
            raise ValidationError(_("Write who is taking part."))
        if data.get("pay_with_card"):
            child = data["child_obj"]
            if child is None:
                self.add_error(
                    "pay_with_card",
                    _("Choose which of your children takes part: the fee is paid from that child's card."),
                )
            elif str(child.pk) not in self.card_options:
                self.add_error("pay_with_card", _("%(name)s's activity card cannot pay this fee.") % {"name": child})
        return data


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=80)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)


class CategoryForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=40, help_text=_("Lower-case letters, used in web addresses."))
    name = forms.CharField(label=_("Name"), max_length=80)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=100)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("The first row names the columns. See the list of columns below."),
    )


class GuideForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the guide"))


class FamilyForm(forms.Form):
    nickname = forms.CharField(
        label=_("First name or nickname of the child"),
        max_length=40,
        help_text=_("No surname, birth date or ID number: only what you need to recognise the child."),
    )
    child_age = forms.IntegerField(label=_("Child's age"), min_value=3, max_value=19)
    neighbourhood: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )
    interests: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Interests"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the family speaks"), choices=LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    needs = forms.CharField(
        label=_("Needs"),
        max_length=300,
        required=False,
        help_text=_("Only what matters for finding an activity, e.g. “needs a lift”, “shy in big groups”."),
    )
    consent_by = forms.CharField(label=_("Consent given by (guardian's first name)"), max_length=80)
    consent_at = forms.DateField(
        label=_("Consent given on"), initial=datetime.date.today, widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_confirmed = forms.BooleanField(
        label=_("The guardian has agreed that I record this, and knows it is erased when the follow-up ends."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(municipality=municipality, is_active=True)  # type: ignore[attr-defined]
        self.fields["neighbourhood"].empty_label = _("Not known")  # type: ignore[attr-defined]
        self.fields["interests"].queryset = Category.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class GuideLogForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=GuideLogKind.choices, widget=forms.RadioSelect)
    activity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
    )
    date = forms.DateField(label=_("Date"), initial=datetime.date.today, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    follow_up_until = forms.DateField(
        label=_("Follow up until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("After this date everything about the child is erased."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].empty_label = _("No activity")  # type: ignore[attr-defined]
        self.fields["activity"].queryset = Activity.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, status="published"
        ).order_by("title")  # type: ignore[attr-defined]


class ImageForm(forms.Form):
    image = forms.ImageField(label=_("Image"), help_text=_("A photo from the activity, JPEG or PNG, at most 5 MB."))
    alt_text = forms.CharField(
        label=_("Image description"),
        max_length=200,
        help_text=_("Describe the image for people who cannot see it, e.g. “Children playing football in the hall”."),
    )
