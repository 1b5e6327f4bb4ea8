"""Forms for staff pages and the idea portal. Forms parse and check the shape of input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sammen.places.models import Neighbourhood, Venue

from .languages import LANGUAGE_NAMES
from .models import (
    AgeBand,
    Channel,
    Engagement,
    EngagementKind,
    EngagementStatus,
    FocusArea,
    InputKind,
    Moderation,
    ParticipantRule,
    Phase,
    PhaseKind,
    Process,
)
from .services import ENGAGEMENT_EDITABLE
from .spam import HONEYPOT_FIELD, TIMER_FIELD, form_timer_token


def language_choices(blank: Any = None) -> list[tuple[str, str]]:
    choices = [(code, name) for code, name in LANGUAGE_NAMES.items()]
    return [("", blank), *choices] if blank is not None else choices


def clean_phone(value: str) -> str:
    value = value.strip()
    if value and not value.replace(" ", "").lstrip("+").isdigit():
        raise forms.ValidationError(_("Enter a mobile number with digits only, e.g. +47 912 34 567."))
    return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


# --- Staff: processes --------------------------------------------------------------------------------------------


class ProcessCreateForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Neighbourhood.objects.none())
    title = forms.CharField(label=_("Title"), max_length=160)
    slug = forms.SlugField(
        label=_("Address"), max_length=60, help_text=_("Lower-case letters, digits and hyphens, e.g. veikart-borgen.")
    )
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    template = forms.ChoiceField(
        label=_("Start from"),
        required=False,
        help_text=_(
            "The default template has four phases (knowledge base, co-creation, political treatment, "
            "implementation) and six target groups at risk of loneliness. A copy takes another process's phases, "
            "target groups, focus areas and settings, but not its engagements or inputs."
        ),
    )

    def __init__(self, *args: Any, neighbourhoods: Any, templates: list[Process], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        self.templates = {str(p.pk): p for p in templates}
        self.fields["template"].choices = [  # type: ignore[attr-defined]
            ("", _("The default template")),
            *[
                (str(p.pk), _("A copy of “%(title)s” (%(place)s)") % {"title": p.title, "place": p.neighbourhood.name})
                for p in templates
            ],
        ]

    def template_process(self) -> Process | None:
        return self.templates.get(self.cleaned_data.get("template") or "")


class ProcessSettingsForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = [
            "title",
            "slug",
            "summary",
            "purpose",
            "content_language",
            "is_published",
            "accepts_ideas",
            "moderation",
            "participant_rule",
            "dinner_kit_enabled",
            "dinner_guide",
        ]
        widgets = {
            "moderation": forms.RadioSelect(choices=Moderation.choices),
            "participant_rule": forms.RadioSelect(choices=ParticipantRule.choices),
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "dinner_guide": forms.Textarea(attrs={"rows": 6}),
            "content_language": forms.Select(choices=[]),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content_language"].widget.choices = language_choices()  # type: ignore[attr-defined]


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["kind", "title", "description", "start_date", "end_date"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.Select(choices=PhaseKind.choices),
        }


class TargetGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, is_default: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_default:
            self.fields["name"].help_text = _("Leave empty to use the usual name in every language.")
        else:
            self.fields["name"].required = True


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["key", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.process = process

    def validate_unique(self) -> None:
        # The service turns a clash into a clear message; the form need not query for it.
        return None


# --- Staff: engagements ------------------------------------------------------------------------------------------


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = [f for f in ENGAGEMENT_EDITABLE if f != "summary"]
        widgets = {
            "kind": forms.Select(choices=EngagementKind.choices),
            "status": forms.RadioSelect(choices=EngagementStatus.choices),
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"participants_min": _("Participants")}
        help_texts = {
            "participants_min": _("The exact number, or the lower end of an approximate number such as 30–35."),
            "participants_max": _("Only for an approximate number: its upper end. Leave empty for an exact number."),
        }

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        self.instance.process = process
        self.fields["venue"].queryset = Venue.objects.filter(  # type: ignore[attr-defined]
            municipality_id=process.municipality_id, is_active=True
        )
        self.fields["venue"].empty_label = _("None")  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("Choose the kind")), *EngagementKind.choices]  # type: ignore[attr-defined]
        self.fields["participants_max"].label = _("Participants, upper end")
        self.group_fields = []
        existing_groups: dict[int, int] = {}
        existing_ages: dict[str, int] = {}
        if self.instance.pk:
            existing_groups = dict(self.instance.target_group_counts.values_list("target_group_id", "participants"))
            existing_ages = dict(self.instance.age_band_counts.values_list("band", "participants"))
        for group in process.target_groups.order_by("position", "id"):
            name = f"tg_{group.pk}"
            self.fields[name] = forms.IntegerField(
                label=group.display_name, required=False, min_value=0, initial=existing_groups.get(group.pk)
            )
            self.group_fields.append(name)
        self.age_fields = []
        for band in AgeBand:
            name = f"age_{band.value.replace('+', 'plus').replace('-', '_')}"
            self.fields[name] = forms.IntegerField(
                label=band.label, required=False, min_value=0, initial=existing_ages.get(band.value)
            )
            self.age_fields.append((name, band.value))

    def main_fields(self) -> list[Any]:
        extra = set(self.group_fields) | {n for n, _b in self.age_fields}
        return [self[name] for name in self.fields if name not in extra]

    def group_bound_fields(self) -> list[Any]:
        return [self[name] for name in self.group_fields]

    def age_bound_fields(self) -> list[Any]:
        return [self[name] for name, _band in self.age_fields]

    def validate_unique(self) -> None:
        return None

    def _post_clean(self) -> None:
        # Model validation runs in the service (with the breakdown); the form only parses.
        return None

    def engagement_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields or []}

    def breakdown(self) -> Any:
        from .services import Breakdown

        groups = {
            int(name.removeprefix("tg_")): self.cleaned_data[name]
            for name in self.group_fields
            if self.cleaned_data.get(name)
        }
        ages = {band: self.cleaned_data[name] for name, band in self.age_fields if self.cleaned_data.get(name)}
        return Breakdown(target_groups=groups, age_bands=ages)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File or picture"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    alt_text = forms.CharField(
        label=_("Description of the picture"),
        max_length=300,
        required=False,
        help_text=_("Required for pictures: describe what it shows for people who cannot see it."),
    )


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=10, initial=1)


# --- Staff: inputs -----------------------------------------------------------------------------------------------


class _ProcessChoicesMixin:
    fields: dict[str, forms.Field]

    def _setup_process_choices(self, process: Process) -> None:
        self.fields["engagement"].queryset = process.engagements.order_by("-date", "title")  # type: ignore[attr-defined]
        if "focus_areas" in self.fields:
            self.fields["focus_areas"].choices = [  # type: ignore[attr-defined]
                (a.pk, f"{n}. {a.name}") for n, a in enumerate(process.focus_areas.order_by("position", "id"), start=1)
            ]
        if "target_groups" in self.fields:
            self.fields["target_groups"].choices = [  # type: ignore[attr-defined]
                (g.pk, g.display_name) for g in process.target_groups.order_by("position", "id")
            ]


class InputForm(_ProcessChoicesMixin, forms.Form):
    text = forms.CharField(label=_("Input"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    kind = forms.ChoiceField(label=_("Kind"), choices=InputKind.choices, initial=InputKind.IDEA)
    engagement = forms.ModelChoiceField(
        label=_("Engagement"), queryset=Engagement.objects.none(), required=False, empty_label=_("None")
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("From the engagement")), *Channel.choices],
        required=False,
        help_text=_("Leave empty to take it from the engagement."),
    )
    received_on = forms.DateField(label=_("Date"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language"), required=False)
    focus_areas = forms.TypedMultipleChoiceField(
        label=_("Focus areas"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.TypedMultipleChoiceField(
        label=_("Target groups represented"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(
        label=_("Theme tags"), required=False, max_length=500, help_text=_("Separate tags with commas.")
    )
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)
    contact_name = forms.CharField(label=_("Contributor's name"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Contributor's e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contributor's phone"), required=False, max_length=20)
    contact_consent = forms.BooleanField(
        label=_("The contributor agreed to be contacted about what becomes of the input"), required=False
    )

    def __init__(self, *args: Any, process: Process, with_contact: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup_process_choices(process)
        self.fields["language"].choices = language_choices(blank=_("Unknown"))  # type: ignore[attr-defined]
        if not with_contact:
            for name in ("contact_name", "contact_email", "contact_phone", "contact_consent"):
                del self.fields[name]


class BulkInputForm(_ProcessChoicesMixin, forms.Form):
    engagement = forms.ModelChoiceField(
        label=_("Engagement"), queryset=Engagement.objects.none(), required=False, empty_label=_("None")
    )
    received_on = forms.DateField(
        label=_("Date"), widget=DateInput(), required=False, help_text=_("Leave empty to use the engagement's date.")
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("From the engagement")), *Channel.choices], required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=InputKind.choices, initial=InputKind.IDEA)
    language = forms.ChoiceField(label=_("Language"), required=False)
    focus_area = forms.TypedChoiceField(label=_("Focus area for notes without a number"), coerce=int, required=False)
    target_groups = forms.TypedMultipleChoiceField(
        label=_("Target groups represented"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(label=_("Theme tags for all notes"), required=False, max_length=500)
    notes = forms.CharField(
        label=_("Sticky notes, one per line"),
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "true", "class": "sticky-notes"}),
        max_length=200_000,
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup_process_choices(process)
        areas = list(process.focus_areas.order_by("position", "id"))
        self.fields["focus_area"].choices = [  # type: ignore[attr-defined]
            ("", _("None")),
            *[(a.pk, f"{n}. {a.name}") for n, a in enumerate(areas, start=1)],
        ]
        self.fields["language"].choices = language_choices(blank=_("Unknown"))  # type: ignore[attr-defined]
        self.fields["language"].initial = process.content_language
        legend = "; ".join(f"{n} = {a.name}" for n, a in enumerate(areas, start=1))
        self.fields["notes"].help_text = (
            _("Press Enter after each note. Start a line with a focus area number and a colon to sort it (%(legend)s).")
            % {"legend": legend}
            if areas
            else _("Press Enter after each note.")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("received_on"):
            engagement = data.get("engagement")
            if engagement is None:
                self.add_error("received_on", _("Give the date, or choose the engagement the notes come from."))
            else:
                data["received_on"] = engagement.date
        return data


class ImportUploadForm(_ProcessChoicesMixin, forms.Form):
    file = forms.FileField(label=_("Spreadsheet (CSV or XLSX)"))
    engagement = forms.ModelChoiceField(
        label=_("Engagement for rows that name none"),
        queryset=Engagement.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    channel = forms.ChoiceField(
        label=_("Channel for rows that name none"),
        choices=[("", _("From the engagement")), *Channel.choices],
        required=False,
    )
    received_on = forms.DateField(label=_("Date for rows without a date"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language for rows that name none"), required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup_process_choices(process)
        self.fields["language"].choices = language_choices(blank=_("Unknown"))  # type: ignore[attr-defined]
        self.fields["language"].initial = process.content_language
        self.fields["received_on"].initial = timezone.localdate()


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Reason"), required=False, max_length=300, help_text=_("Required when you reject."))


class MergeForm(forms.Form):
    target = forms.IntegerField(
        label=_("Number of the input this one repeats"),
        min_value=1,
        help_text=_("This input is merged into that one, which then counts one more voice."),
    )


# --- Residents ---------------------------------------------------------------------------------------------------


class IdeaForm(forms.Form):
    text = forms.CharField(
        label=_("Your idea or need"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Write in the language you like best."),
    )
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=InputKind.choices, initial=InputKind.IDEA, widget=forms.RadioSelect
    )
    focus_area = forms.ModelChoiceField(
        label=_("Which area is it about?"),
        queryset=FocusArea.objects.none(),
        required=False,
        empty_label=_("I don't know"),
    )
    language = forms.ChoiceField(label=_("Language of your text"), required=False)
    image = forms.ImageField(label=_("Picture"), required=False)
    image_alt = forms.CharField(
        label=_("What does the picture show?"),
        required=False,
        max_length=300,
        help_text=_("Needed if you add a picture, for people who cannot see it."),
    )
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    contact_phone = forms.CharField(label=_("Mobile number"), required=False, max_length=20)
    consent = forms.BooleanField(
        label=_("You may contact me about what becomes of my idea"),
        required=False,
        help_text=_("We keep your contact only for this, and delete it when the process ends."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    form_started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = process.focus_areas.order_by("position", "id")  # type: ignore[attr-defined]
        if not process.focus_areas.exists():
            del self.fields["focus_area"]
        ui = [code for code, _name in settings.LANGUAGES]
        current = (get_language() or "nb").split("-")[0]
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        self.fields["language"].initial = current if current in ui else "nb"
        self.fields[TIMER_FIELD].initial = form_timer_token()
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_contact_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("contact_phone") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_contact = bool(data.get("contact_email") or data.get("contact_phone"))
        if has_contact and not data.get("consent"):
            self.add_error("consent", _("Tick the box so we may keep your contact, or remove it."))
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe what the picture shows for people who cannot see it."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Mobile number"), required=False, max_length=20)

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone") or "")

    seats = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=10,
        initial=1,
        help_text=_("You and anyone coming with you."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)


class DinnerHostForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The question guide and your link come by e-mail."))
    phone = forms.CharField(label=_("Mobile number"), required=False, max_length=20)
    planned_on = forms.DateField(label=_("Date of the dinner"), widget=DateInput())
    guests = forms.IntegerField(label=_("Number of guests"), min_value=1, max_value=8, initial=6)
    consent = forms.BooleanField(
        label=_("You may keep my name and e-mail address while the process runs"), required=False
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)


class DinnerReportForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the dinner"), widget=DateInput())
    participants = forms.IntegerField(
        label=_("Number of people at the table"), min_value=1, max_value=40, help_text=_("Count yourself too.")
    )
    summary = forms.CharField(
        label=_("Summary of the conversation"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000
    )
    inputs = forms.CharField(
        label=_("Inputs from the table, one per line"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=100_000,
        help_text=_("Each idea, wish or worry your guests had, on its own line."),
    )


class InputFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *InputKind.choices])
    tag = forms.TypedChoiceField(label=_("Theme tag"), coerce=int, required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first")), ("support", _("Most supported"))],
    )

    def __init__(self, *args: Any, process: Process, with_status: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [  # type: ignore[attr-defined]
            ("", _("All focus areas")),
            *[(a.key, a.name) for a in process.focus_areas.order_by("position", "id")],
            ("none", _("No focus area yet")),
        ]
        self.fields["channel"].choices = [("", _("All channels")), *Channel.choices]  # type: ignore[attr-defined]
        self.fields["tag"].choices = [  # type: ignore[attr-defined]
            ("", _("All tags")),
            *[(t.pk, t.name) for t in process.tags.order_by("name")],
        ]
        if with_status:
            from .models import InputStatus

            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), required=False, choices=[("", _("All statuses")), *InputStatus.choices]
            )

    def filters(self) -> Any:
        from .selectors import InputFilter

        if not self.is_bound or not self.is_valid():
            return InputFilter()
        data = self.cleaned_data
        return InputFilter(
            query=data.get("q") or "",
            focus_area=data.get("focus_area") or "",
            channel=data.get("channel") or "",
            kind=data.get("kind") or "",
            tag=data.get("tag") or None,
            status=data.get("status") or "",
            sort=data.get("sort") or "newest",
        )
