"""Writes about the card that move no money: schemes, providers, offers, enrolment, cards, top-up links.

Money moves in `money.py`.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import Child, User
from sammen.core.audit import audit_record, snapshot
from sammen.core.services import model_update
from sammen.organisations.models import Organisation
from sammen.places.models import Municipality, Neighbourhood

from . import cardnumbers, ledger
from .models import (
    Card,
    CardStatus,
    Category,
    Enrolment,
    Offer,
    OfferKind,
    Provider,
    Scheme,
    TopUpLink,
)

SCHEME_FIELDS = (
    "name",
    "description",
    "min_age",
    "max_age",
    "allowed_categories",
    "max_topup_ore",
    "pilot_neighbourhood",
    "pilot_started_on",
    "is_active",
)


def _check_scheme_fields(municipality: Municipality, fields: dict[str, Any]) -> None:
    categories = fields.get("allowed_categories")
    if categories is not None:
        unknown = set(categories) - set(Category.values)
        if unknown:
            raise ValidationError({"allowed_categories": _("Unknown category.")})
        if not categories:
            raise ValidationError({"allowed_categories": _("Choose at least one thing the card may pay for.")})
    pilot = fields.get("pilot_neighbourhood")
    if pilot is not None and pilot.municipality_id != municipality.pk:
        raise ValidationError({"pilot_neighbourhood": _("The neighbourhood belongs to another municipality.")})
    if (
        fields.get("min_age") is not None
        and fields.get("max_age") is not None
        and fields["min_age"] > fields["max_age"]
    ):
        raise ValidationError({"max_age": _("The oldest age must be at least the youngest age.")})


def scheme_create(*, actor: User, municipality: Municipality, **fields: Any) -> Scheme:
    if not actor.has_perm("card.manage_scheme", municipality):
        raise PermissionDenied
    fields.setdefault("allowed_categories", [Category.MEMBERSHIP, Category.FEE, Category.ENTRY])
    _check_scheme_fields(municipality, fields)
    scheme = Scheme(municipality=municipality, **fields)
    scheme.full_clean()
    with transaction.atomic():
        scheme.save()
        for make in (ledger.budget_account, ledger.targeted_fund_account, ledger.payouts_account):
            make(scheme)
        audit_record(
            actor=actor, municipality=municipality, action="card.scheme.create", obj=scheme, after=snapshot(scheme)
        )
    return scheme


def scheme_update(*, actor: User, scheme: Scheme, **changes: Any) -> Scheme:
    if not actor.has_perm("card.manage_scheme", scheme.municipality):
        raise PermissionDenied
    unknown = set(changes) - set(SCHEME_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    merged = {"min_age": scheme.min_age, "max_age": scheme.max_age, **changes}
    _check_scheme_fields(scheme.municipality, merged)
    return model_update(
        actor=actor, municipality=scheme.municipality, instance=scheme, changes=changes, action="card.scheme.update"
    )


def provider_add(*, actor: User, scheme: Scheme, organisation: Organisation, bank_account: str = "") -> Provider:
    if not actor.has_perm("card.manage_scheme", scheme.municipality):
        raise PermissionDenied
    if organisation.municipality_id != scheme.municipality_id:
        raise ValidationError({"organisation": _("The organisation belongs to another municipality.")})
    if not organisation.is_approved:
        raise ValidationError({"organisation": _("Only approved organisations can accept the card.")})
    bank_account = bank_account.replace(" ", "").replace(".", "")
    if bank_account and not _valid_bank_account(bank_account):
        raise ValidationError(
            {"bank_account": _("Give an 11-digit Norwegian account number or a Danish reg. and account number.")}
        )
    try:
        with transaction.atomic():
            provider = Provider.objects.create(
                municipality_id=scheme.municipality_id,
                scheme=scheme,
                organisation=organisation,
                bank_account=bank_account,
            )
            ledger.provider_account(provider)
            audit_record(
                actor=actor,
                municipality=scheme.municipality,
                action="card.provider.add",
                obj=provider,
                after={"organisation": organisation.name, "bank_account": bank_account},
            )
    except IntegrityError:
        raise ValidationError({"organisation": _("This organisation already accepts the card.")}) from None
    return provider


def _valid_bank_account(number: str) -> bool:
    """A Norwegian account number (11 digits, MOD11 check digit), or a Danish one (4-digit reg. + up to 10 digits)."""
    if not number.isdigit():
        return False
    if len(number) == 11:
        weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        remainder = sum(int(d) * w for d, w in zip(number[:10], weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        return check != 10 and check == int(number[10])
    return 8 <= len(number) <= 14


def provider_set_active(*, actor: User, provider: Provider, is_active: bool) -> Provider:
    if not actor.has_perm("card.manage_scheme", provider.municipality):
        raise PermissionDenied
    return model_update(
        actor=actor,
        municipality=provider.municipality,
        instance=provider,
        changes={"is_active": is_active},
        action="card.provider.update",
    )


OFFER_FIELDS = (
    "title",
    "kind",
    "category",
    "price_ore",
    "discount_percent",
    "quota",
    "quota_period",
    "max_companions",
    "settlement_price_ore",
    "valid_from",
    "valid_until",
    "is_active",
)


def _check_offer(actor: User, provider: Provider, data: dict[str, Any]) -> None:
    scheme = provider.scheme
    errors: dict[str, str] = {}
    if data.get("category") and not scheme.allows(data["category"]):
        errors["category"] = _("The card may not pay for this. The scheme allows: %(allowed)s.") % {
            "allowed": ", ".join(str(Category(c).label).lower() for c in scheme.allowed_categories)
        }
    kind = data.get("kind")
    if kind == OfferKind.PRICE and not data.get("price_ore"):
        errors["price_ore"] = _("Give the price.")
    if kind == OfferKind.FREE_PASS:
        if not data.get("quota"):
            errors["quota"] = _("Give how many visits the free pass allows.")
        if data.get("settlement_price_ore") and not actor.has_perm("card.manage_scheme", provider.municipality):
            errors["settlement_price_ore"] = _("Only the municipality can agree to pay for free passes.")
    else:
        data["quota"] = None
        data["max_companions"] = 0
        data["settlement_price_ore"] = 0
    if kind == OfferKind.OPEN_AMOUNT:
        data["price_ore"] = 0
    if data.get("valid_from") and data.get("valid_until") and data["valid_from"] > data["valid_until"]:
        errors["valid_until"] = _("The end date must be on or after the start date.")
    if errors:
        raise ValidationError(errors)


def offer_create(*, actor: User, provider: Provider, **fields: Any) -> Offer:
    if not actor.has_perm("card.manage_offers", provider):
        raise PermissionDenied
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    _check_offer(actor, provider, fields)
    offer = Offer(provider=provider, **fields)
    offer.full_clean()
    with transaction.atomic():
        offer.save()
        audit_record(
            actor=actor,
            municipality=provider.municipality,
            action="card.offer.create",
            obj=offer,
            after=snapshot(offer),
        )
    return offer


def offer_update(*, actor: User, offer: Offer, **changes: Any) -> Offer:
    if not actor.has_perm("card.manage_offers", offer.provider):
        raise PermissionDenied
    unknown = set(changes) - set(OFFER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    data = {name: getattr(offer, name) for name in OFFER_FIELDS}
    data.update(changes)
    _check_offer(actor, offer.provider, data)
    return model_update(
        actor=actor, municipality=offer.provider.municipality, instance=offer, changes=data, action="card.offer.update"
    )


# --- enrolment and cards -----------------------------------------------------------------------------------


def _issue_card(enrolment: Enrolment, replaces: Card | None = None) -> Card:
    for _attempt in range(5):
        number = cardnumbers.generate()
        try:
            with transaction.atomic():
                return Card.objects.create(enrolment=enrolment, number=number, replaces=replaces)
        except IntegrityError:
            if Card.objects.filter(enrolment=enrolment, status=CardStatus.ACTIVE).exists():
                raise
            continue  # the random number was taken: draw again
    raise RuntimeError("Could not draw a free card number.")


def enrol(
    *,
    guardian: User,
    scheme: Scheme,
    child: Child,
    neighbourhood: Neighbourhood | None,
    today: datetime.date | None = None,
) -> Enrolment:
    """Enrol a child in the scheme: a card, and the grant rounds that are running now."""
    from .money import grants_for_new_enrolment

    today = today or timezone.localdate()
    if not child.guardianships.filter(guardian=guardian).exists():
        raise PermissionDenied
    if not scheme.is_active:
        raise ValidationError(_("The card scheme is not open for enrolment."))
    if child.municipality_id != scheme.municipality_id:
        raise ValidationError({"child": _("The child lives in another municipality.")})
    age = child.age_on(today)
    if not scheme.min_age <= age <= scheme.max_age:
        raise ValidationError(
            {
                "child": _("%(name)s is %(age)s. The card is for children from %(min)s to %(max)s years.")
                % {"name": child.given_name, "age": age, "min": scheme.min_age, "max": scheme.max_age}
            }
        )
    if neighbourhood is not None and neighbourhood.municipality_id != scheme.municipality_id:
        raise ValidationError({"neighbourhood": _("The neighbourhood belongs to another municipality.")})
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                municipality_id=scheme.municipality_id,
                scheme=scheme,
                child=child,
                neighbourhood=neighbourhood,
                birth_year=child.birth_date.year,
                enrolled_by=guardian,
            )
            card = _issue_card(enrolment)
            audit_record(
                actor=guardian,
                municipality=scheme.municipality,
                action="card.enrolment.create",
                obj=enrolment,
                after={"card": str(card), "neighbourhood": neighbourhood.name if neighbourhood else None},
            )
    except IntegrityError:
        raise ValidationError({"child": _("%(name)s already has a card.") % {"name": child.given_name}}) from None
    grants_for_new_enrolment(enrolment=enrolment, today=today)
    return enrolment


def card_block_and_replace(*, actor: User, card: Card) -> Card:
    """Block a lost or stolen card and issue a new number at once. The money stays with the holder."""
    enrolment = card.enrolment
    if not _may_manage_holder(actor, enrolment):
        raise PermissionDenied
    with transaction.atomic():
        locked = Card.objects.select_for_update().get(pk=card.pk)
        if locked.status != CardStatus.ACTIVE:
            raise ValidationError(_("This card is already blocked."))
        locked.status = CardStatus.BLOCKED
        locked.blocked_at = timezone.now()
        locked.save(update_fields=["status", "blocked_at", "updated_at"])
        new_card = _issue_card(enrolment, replaces=locked)
        audit_record(
            actor=actor,
            municipality=enrolment.municipality,
            action="card.card.block",
            obj=locked,
            before={"status": "active"},
            after={"status": "blocked", "replaced_by": str(new_card)},
        )
    return new_card


def _may_manage_holder(user: User, enrolment: Enrolment) -> bool:
    if enrolment.child_id is None:
        return False
    return enrolment.child.guardianships.filter(guardian=user).exists()  # type: ignore[union-attr]


def topup_link_create(*, actor: User, enrolment: Enrolment) -> TopUpLink:
    if not _may_manage_holder(actor, enrolment):
        raise PermissionDenied
    with transaction.atomic():
        TopUpLink.objects.filter(enrolment=enrolment, is_active=True).update(is_active=False)
        link = TopUpLink.objects.create(enrolment=enrolment, token=secrets.token_urlsafe(24), created_by=actor)
        audit_record(actor=actor, municipality=enrolment.municipality, action="card.topup_link.create", obj=enrolment)
    return link


def topup_link_disable(*, actor: User, enrolment: Enrolment) -> None:
    if not _may_manage_holder(actor, enrolment):
        raise PermissionDenied
    with transaction.atomic():
        TopUpLink.objects.filter(enrolment=enrolment, is_active=True).update(is_active=False)
        audit_record(actor=actor, municipality=enrolment.municipality, action="card.topup_link.disable", obj=enrolment)


def enrolment_anonymise(*, enrolment: Enrolment) -> None:
    """Erasure: the card is blocked and the holder forgets the child; the ledger keeps the amounts."""
    with transaction.atomic():
        Card.objects.filter(enrolment=enrolment, status=CardStatus.ACTIVE).update(
            status=CardStatus.BLOCKED, blocked_at=timezone.now()
        )
        TopUpLink.objects.filter(enrolment=enrolment).delete()
        Enrolment.objects.filter(pk=enrolment.pk).update(
            child=None, neighbourhood=None, birth_year=None, enrolled_by=None, is_anonymised=True
        )
        audit_record(actor=None, municipality=enrolment.municipality, action="card.enrolment.anonymise", obj=enrolment)
