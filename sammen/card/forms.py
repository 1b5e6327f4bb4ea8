from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.accounts.models import Child
from sammen.organisations.models import Organisation, OrganisationStatus
from sammen.places.models import Municipality, Neighbourhood

from .models import Category, Offer, OfferKind, QuotaPeriod, Scheme


class KronerField(forms.Field):
    """An amount in kroner as people type it ('150', '150,50', '1 250.00'), cleaned to whole øre."""

    def __init__(self, *args: Any, min_ore: int = 1, max_ore: int = 10_000_000, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": "20"}))
        super().__init__(*args, **kwargs)
        self.min_ore = min_ore
        self.max_ore = max_ore
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(value or "").strip()[:40]
        if not text:
            return None
        text = re.sub(r"[\s\u00a0\u202f]|kr\.?$", "", text, flags=re.IGNORECASE).replace(",", ".")
        if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
            raise forms.ValidationError(_("Write the amount in kroner, e.g. 150 or 150,50."), code="invalid")
        try:
            ore = int((Decimal(text) * 100).to_integral_value())
        except InvalidOperation:
            raise forms.ValidationError(_("Write the amount in kroner, e.g. 150 or 150,50."), code="invalid") from None
        if ore < self.min_ore or ore > self.max_ore:
            raise forms.ValidationError(
                _("Give an amount from %(min)s to %(max)s kr.")
                % {"min": f"{self.min_ore / 100:.2f}".replace(".", ","), "max": f"{self.max_ore // 100}"},
                code="range",
            )
        return ore

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return f"{value / 100:.2f}".replace(".", ",")
        return value


class EnrolForm(forms.Form):
    children = forms.ModelMultipleChoiceField(
        label=_("Children who get a card"),
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one child.")},
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood you live in"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        empty_label=_("Another part of the municipality"),
        help_text=_("Used only for statistics that never show fewer than five children."),
    )
    consent = forms.BooleanField(
        label=_("I have read how the municipality handles the card's data, and I am the child's guardian."),
        error_messages={"required": _("Confirm that you have read this and are the child's guardian.")},
    )

    def __init__(self, *args: Any, municipality: Municipality, children: list[Child], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = Child.objects.filter(pk__in=[c.pk for c in children])  # type: ignore[attr-defined]
        self.fields["children"].label_from_instance = lambda c: f"{c.given_name} {c.family_name}".strip()  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )


class TopUpForm(forms.Form):
    amount = KronerField(label=_("Amount (kr)"), min_ore=5_000, max_ore=500_000)
    payer_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    payer_email = forms.EmailField(
        label=_("Your e-mail for the receipt"), required=False, help_text=_("We send the receipt here, nothing else.")
    )
    message = forms.CharField(label=_("Greeting to the child"), max_length=140, required=False)

    def __init__(self, *args: Any, max_ore: int = 500_000, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].max_ore = max_ore  # type: ignore[attr-defined]


def offer_label(offer: Offer) -> str:
    from .money import format_kr

    if offer.kind == OfferKind.FREE_PASS:
        kind = _("free pass")
        return f"{offer.title} ({kind})"
    if offer.kind == OfferKind.OPEN_AMOUNT:
        kind = _("type the amount")
        return f"{offer.title} ({kind})"
    return f"{offer.title} – {format_kr(offer.charge_ore)}"


class DoorForm(forms.Form):
    card_number = forms.CharField(
        label=_("Card number"),
        max_length=30,
        help_text=_("16 digits on the card, under the QR code."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autocapitalize": "off"}),
    )
    offer = forms.ModelChoiceField(
        label=_("What is the card used for?"),
        queryset=Offer.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose what the card is used for.")},
    )
    amount = KronerField(
        label=_("Amount (kr)"), required=False, help_text=_("Only for offers where you type the amount.")
    )
    companions = forms.IntegerField(
        label=_("Companions let in free"), min_value=0, max_value=10, required=False, initial=0
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, offers: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = Offer.objects.filter(pk__in=[o.pk for o in offers]).order_by("title")  # type: ignore[attr-defined]
        self.fields["offer"].label_from_instance = offer_label  # type: ignore[attr-defined]
        if len(offers) == 1:
            self.fields["offer"].initial = offers[0].pk
        has_companions = any(o.kind == OfferKind.FREE_PASS and o.max_companions for o in offers)
        if not has_companions:
            del self.fields["companions"]
        if not any(o.kind == OfferKind.OPEN_AMOUNT for o in offers):
            del self.fields["amount"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        offer = data.get("offer")
        if offer is not None and offer.kind == OfferKind.OPEN_AMOUNT and not data.get("amount"):
            self.add_error("amount", _("Type the amount for this offer."))
        return data


class RefundForm(forms.Form):
    amount = KronerField(label=_("Amount to give back (kr)"), required=False, min_ore=1)
    cancels_visit = forms.BooleanField(label=_("Give the free-pass visit back"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


class SchemeForm(forms.ModelForm):
    allowed_categories = forms.MultipleChoiceField(
        label=_("What the card may pay"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kiosks and food are usually not allowed."),
    )
    max_topup = KronerField(label=_("Largest top-up (kr)"), min_ore=5_000, max_ore=5_000_000)

    class Meta:
        model = Scheme
        fields = ["name", "description", "min_age", "max_age", "pilot_neighbourhood", "pilot_started_on", "is_active"]
        widgets = {"pilot_started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot_neighbourhood"].queryset = Neighbourhood.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["pilot_neighbourhood"].help_text = _("The pilot report compares this neighbourhood with the rest.")
        if self.instance.pk:
            self.initial["allowed_categories"] = self.instance.allowed_categories
            self.initial["max_topup"] = self.instance.max_topup_ore
        else:
            self.initial.setdefault("allowed_categories", ["membership", "fee", "entry"])
            self.initial.setdefault("max_topup", 500_000)

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["allowed_categories"] = list(self.cleaned_data["allowed_categories"])
        data["max_topup_ore"] = self.cleaned_data["max_topup"]
        return data


class ProviderForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    bank_account = forms.CharField(label=_("Bank account for payouts"), max_length=20, required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, status=OrganisationStatus.APPROVED
        ).exclude(card_providers__isnull=False)


class OfferForm(forms.ModelForm):
    price = KronerField(label=_("Price (kr)"), required=False, min_ore=1)
    settlement_price = KronerField(
        label=_("The municipality pays per person (kr)"),
        required=False,
        min_ore=0,
        help_text=_("For free passes: what the municipality pays the provider for each person let in. 0 if free."),
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "kind",
            "category",
            "discount_percent",
            "quota",
            "quota_period",
            "max_companions",
            "valid_from",
            "valid_until",
            "is_active",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, scheme: Scheme, can_set_settlement_price: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, Category(c).label) for c in scheme.allowed_categories]  # type: ignore[attr-defined]
        self.fields["quota_period"].choices = QuotaPeriod.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["price"] = self.instance.price_ore or None
            self.initial["settlement_price"] = self.instance.settlement_price_ore
        if not can_set_settlement_price:
            del self.fields["settlement_price"]

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["price_ore"] = self.cleaned_data.get("price") or 0
        if "settlement_price" in self.fields:
            data["settlement_price_ore"] = self.cleaned_data.get("settlement_price") or 0
        data["quota"] = data.get("quota") or None
        data["max_companions"] = data.get("max_companions") or 0
        data["discount_percent"] = data.get("discount_percent") or 0
        return data


class GrantRoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("For example “Autumn 2026”."))
    amount = KronerField(label=_("Amount per child (kr)"))
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    expires_on = forms.DateField(
        label=_("Expires after"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Unused money goes back to the grant account the day after."),
    )


class TargetedGrantForm(forms.Form):
    amount = KronerField(label=_("Amount (kr)"))
    reason = forms.CharField(
        label=_("Reason for the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only caseworkers and municipality administrators can read this. Never the family's provider."),
    )
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=datetime.date.today,
    )
    expires_on = forms.DateField(
        label=_("Expires after"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


class ChildSearchForm(forms.Form):
    q = forms.CharField(label=_("Child's name"), max_length=100, required=False)


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"}), required=False
    )

    def clean_month(self) -> datetime.date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data
