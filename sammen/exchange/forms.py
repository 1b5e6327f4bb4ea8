"""Forms of the volunteer exchange. They parse input; services validate and write."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.organisations.models import Organisation
from sammen.places.models import Municipality, Neighbourhood, Venue

from .models import (
    WEEKDAYS,
    Actor,
    ActorKind,
    Agreement,
    AgreementStatus,
    Category,
    EventRoleKind,
    ExchangeEvent,
    Listing,
    Side,
    VolunteerTask,
    weekday_list,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Actor) -> str:  # type: ignore[override]
        return obj.name


class ActorMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Actor) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.get_kind_display()})"


def _places(form: forms.BaseForm, municipality: Municipality) -> None:
    if "neighbourhood" in form.fields:
        form.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )
    if "venue" in form.fields:
        form.fields["venue"].queryset = Venue.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )


class IdempotentForm(forms.Form):
    """Carries a key made when the form is first shown; a repeated submission of the same form reuses it."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)


# Actors ------------------------------------------------------------------------------------------------------------


class VolunteerJoinForm(forms.ModelForm):
    class Meta:
        model = Actor
        fields = ("display_name", "about", "neighbourhood", "contact_phone")
        labels = {"contact_phone": _("Mobile number")}
        help_texts = {"contact_phone": _("For reminders before your shifts.")}
        widgets = {"about": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["about"].help_text = _("What you like to do, and when you have time.")
        _places(self, municipality)


class OrganisationJoinForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    about = forms.CharField(
        label=_("What you bring to the exchange"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ActorForm(forms.ModelForm):
    class Meta:
        model = Actor
        fields = ("display_name", "about", "neighbourhood", "venue", "contact_name", "contact_email", "contact_phone")
        widgets = {"about": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.is_volunteer:
            del self.fields["display_name"]
        else:
            self.fields["display_name"].required = True
        _places(self, municipality)


class ActorFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *[(k.value, k.label) for k in ActorKind if k != ActorKind.VOLUNTEER]],
    )


# Offers and needs ----------------------------------------------------------------------------------------------------


class WeekdaysField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[(day, label) for day, label, _plural in WEEKDAYS], coerce=int, required=False, **kwargs
        )


class ListingForm(forms.ModelForm):
    actor = ActorChoiceField(label=_("On behalf of"), queryset=Actor.objects.none(), empty_label=None)
    side = forms.ChoiceField(label=_("Offer or need"), choices=Side.choices, widget=forms.RadioSelect)
    weekdays = WeekdaysField(label=_("Which weekdays"))
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Keywords separated by commas, e.g. youth, cooking, football."),
    )

    class Meta:
        model = Listing
        fields = (
            "category",
            "title",
            "description",
            "quantity",
            "unit",
            "starts_on",
            "ends_on",
            "neighbourhood",
            "venue",
            "visibility",
            "event",
        )
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "category": _("Sponsorship means gifts in kind, such as prizes, food or printing. No money changes hands."),
            "title": _("Short and concrete, e.g. “Meeting room on Tuesday evenings”."),
            "event": _("Register it for an exchange event so people can find it before they meet."),
        }

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        actors: list[Actor],
        events: QuerySet[ExchangeEvent],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["weekdays"] = weekday_list(self.instance.weekdays)
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())
        if editing:
            del self.fields["actor"]
            del self.fields["side"]
        else:
            self.fields["actor"].queryset = Actor.objects.filter(pk__in=[a.pk for a in actors])  # type: ignore[attr-defined]
            if len(actors) == 1:
                self.fields["actor"].widget = forms.HiddenInput()
                self.initial.setdefault("actor", actors[0].pk)
            self.order_fields(["actor", "side"])
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["event"].required = False
        _places(self, municipality)


class ListingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    side = forms.ChoiceField(label=_("Offers or needs"), required=False, choices=[("", _("Both")), *Side.choices])
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), required=False, queryset=Neighbourhood.objects.none(), empty_label=_("All")
    )
    kind = forms.ChoiceField(label=_("From"), required=False, choices=[("", _("Everyone")), *ActorKind.choices])
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _places(self, municipality)


class ContactRequestForm(forms.Form):
    from_actor = ActorChoiceField(label=_("On behalf of"), queryset=Actor.objects.none(), empty_label=None)
    own_listing = forms.ModelChoiceField(
        label=_("Your own offer or need it answers"),
        required=False,
        queryset=Listing.objects.none(),
        empty_label=_("None"),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say who you are and what you have in mind. Your contact details are shared only if they accept."),
    )

    def __init__(self, *args: Any, actors: list[Actor], listing: Listing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [a.pk for a in actors]
        self.fields["from_actor"].queryset = Actor.objects.filter(pk__in=ids)  # type: ignore[attr-defined]
        if len(actors) == 1:
            self.fields["from_actor"].widget = forms.HiddenInput()
            self.initial.setdefault("from_actor", actors[0].pk)
        own = Listing.objects.filter(actor_id__in=ids, status="open").exclude(side=listing.side)
        self.fields["own_listing"].queryset = own  # type: ignore[attr-defined]
        if not own.exists():
            del self.fields["own_listing"]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


# Agreements ---------------------------------------------------------------------------------------------------------


class AgreementForm(IdempotentForm):
    party_a = ActorChoiceField(label=_("First party"), queryset=Actor.objects.none())
    party_a_gives = forms.CharField(
        label=_("What the first party gives"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    party_b = ActorChoiceField(label=_("Second party"), queryset=Actor.objects.none())
    party_b_gives = forms.CharField(
        label=_("What the second party gives"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    party_a_contact = forms.CharField(
        label=_("Contact person for the first party"),
        required=False,
        max_length=200,
        help_text=_("Name and phone or e-mail. Leave empty to use the actor's contact."),
    )
    party_b_contact = forms.CharField(label=_("Contact person for the second party"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, first: QuerySet[Actor], second: QuerySet[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party_a"].queryset = first  # type: ignore[attr-defined]
        self.fields["party_b"].queryset = second  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        a, b = data.get("party_a"), data.get("party_b")
        if a is not None and b is not None and a.pk == b.pk:
            self.add_error("party_b", _("Choose two different parties."))
        return data


class BrokerForm(IdempotentForm):
    """Four taps and a sentence: the form a broker fills in on a phone at the event, in under a minute."""

    party_a = ActorChoiceField(label=_("Who gives"), queryset=Actor.objects.none(), empty_label=_("Choose…"))
    party_a_gives = forms.CharField(
        label=_("What they give"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. “the club hall on Tuesday evenings this autumn”."),
    )
    party_b = ActorChoiceField(label=_("Who receives"), queryset=Actor.objects.none(), empty_label=_("Choose…"))
    party_b_gives = forms.CharField(
        label=_("What they give in return"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=[("", _("Choose…")), *Category.choices])

    def __init__(self, *args: Any, parties: list[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [a.pk for a in parties]
        for name in ("party_a", "party_b"):
            self.fields[name].queryset = Actor.objects.filter(pk__in=ids).select_related(  # type: ignore[attr-defined]
                "organisation"
            )
            # Keep the broker's alphabetical order rather than the database's.
            self.fields[name].choices = [("", _("Choose…")), *[(a.pk, a.name) for a in parties]]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        a, b = data.get("party_a"), data.get("party_b")
        if a is not None and b is not None and a.pk == b.pk:
            self.add_error("party_b", _("Choose two different parties."))
        return data


class AgreementEditForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = (
            "party_a_gives",
            "party_b_gives",
            "party_a_contact",
            "party_b_contact",
            "category",
            "starts_on",
            "ends_on",
            "note",
        )
        widgets = {
            "party_a_gives": forms.Textarea(attrs={"rows": 2}),
            "party_b_gives": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE,
            "ends_on": DATE,
        }


class AgreementStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=(), widget=forms.RadioSelect)

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (s, AgreementStatus(s).label) for s in agreement.allowed_transitions()
        ]


class FollowUpForm(forms.Form):
    due_on = forms.DateField(label=_("Follow up on"), widget=DATE)
    what = forms.CharField(
        label=_("What to check"),
        required=False,
        max_length=200,
        help_text=_("E.g. “Has the first training taken place?”"),
    )


class FollowUpDoneForm(forms.Form):
    outcome = forms.CharField(label=_("Follow-up note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AgreementFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *AgreementStatus.choices]
    )


# Events --------------------------------------------------------------------------------------------------------------


class EventForm(forms.ModelForm):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME, input_formats=DATETIME_FORMATS)

    class Meta:
        model = ExchangeEvent
        fields = (
            "title",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "neighbourhood",
            "agreement_goal",
            "is_published",
            "is_open_for_registration",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _places(self, municipality)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        return data


class InviteForm(forms.Form):
    actors = ActorMultipleChoiceField(
        label=_("Actors in the exchange"),
        required=False,
        queryset=Actor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Approved organisations not yet in the exchange"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They join the exchange when you invite them."),
    )

    def __init__(
        self, *args: Any, actors: QuerySet[Actor], organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actors"].queryset = actors  # type: ignore[attr-defined]
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("actors") and not data.get("organisations"):
            raise forms.ValidationError(_("Choose at least one actor or organisation to invite."))
        return data


class EventRoleForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=EventRoleKind.choices, initial=EventRoleKind.BROKER)


class FollowUpsForEventForm(forms.Form):
    due_on = forms.DateField(label=_("Follow up every agreement on"), widget=DATE)
    what = forms.CharField(label=_("What to check"), required=False, max_length=200)


# Volunteer tasks ------------------------------------------------------------------------------------------------------


class TaskForm(forms.ModelForm):
    actor = ActorChoiceField(label=_("Organisation"), queryset=Actor.objects.none(), empty_label=None)
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=400, help_text=_("Keywords separated by commas.")
    )

    class Meta:
        model = VolunteerTask
        fields = ("title", "description", "requirements", "neighbourhood", "venue", "meeting_point", "is_published")
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "requirements": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, municipality: Municipality, actors: list[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["actor"]
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())
        else:
            self.fields["actor"].queryset = Actor.objects.filter(pk__in=[a.pk for a in actors])  # type: ignore[attr-defined]
            if len(actors) == 1:
                self.fields["actor"].widget = forms.HiddenInput()
                self.initial.setdefault("actor", actors[0].pk)
            self.order_fields(["actor"])
        _places(self, municipality)


class ShiftForm(forms.Form):
    REPEAT = [
        (0, _("Only once")),
        (1, _("Every week")),
        (2, _("Every other week")),
        (4, _("Every four weeks")),
    ]

    date = forms.DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    capacity = forms.IntegerField(label=_("Volunteers needed"), min_value=1, max_value=500, initial=2)
    repeat_weeks = forms.TypedChoiceField(label=_("Repeat"), choices=REPEAT, coerce=int, initial=0)
    repeat_until = forms.DateField(label=_("Repeat until"), required=False, widget=DATE)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(municipality.timezone)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            starts_at = timezone.make_aware(datetime.datetime.combine(day, start), self.zone)
            ends_day = day if end > start else day + datetime.timedelta(days=1)  # a night shift ends the next day
            data["starts_at"] = starts_at
            data["ends_at"] = timezone.make_aware(datetime.datetime.combine(ends_day, end), self.zone)
        return data


class SignupForm(forms.Form):
    """Only asked on a volunteer's first sign-up: the name others see and a number for the reminder."""

    display_name = forms.CharField(
        label=_("Your name as others see it"),
        max_length=120,
        help_text=_("E.g. your first name and the first letter of your surname."),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=20,
        help_text=_("For a text message the day before."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )


class SignupMarkForm(forms.Form):
    ATTENDED = [("", _("Counts in full")), ("yes", _("Came (other hours)")), ("no", _("Did not come"))]

    attended = forms.ChoiceField(label=_("Attendance"), choices=ATTENDED, required=False)
    hours = forms.DecimalField(label=_("Hours"), required=False, min_value=0, max_value=24, decimal_places=2)

    def values(self) -> tuple[bool | None, Any]:
        value = self.cleaned_data.get("attended")
        attended = {"yes": True, "no": False}.get(value or "")
        return attended, self.cleaned_data.get("hours") if value == "yes" else None


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), required=False, queryset=Neighbourhood.objects.none(), empty_label=_("All")
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _places(self, municipality)
