"""The card's API: providers' offers, redemptions and refunds (for till systems), card payments for apps,
and the monthly settlement. Every write takes an `Idempotency-Key` header; a retry gets the first answer.
Nothing returned names a child or says where the money came from."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, Router, Schema, Status

from sammen.accounts.api_auth import staff_auth
from sammen.places.tenancy import get_municipality_or_404

from . import money, settlement
from .models import Enrolment, Offer, Provider, Redemption
from .views_provider import decline_message

router = Router(tags=["card"])


class OfferOut(Schema):
    id: int
    title: str
    kind: str
    category: str
    price_ore: int
    charge_ore: int
    discount_percent: int
    quota: int | None
    quota_period: str
    max_companions: int


class RedemptionIn(Schema):
    card_number: str
    offer_id: int
    amount_ore: int | None = None
    companions: int = 0


class RedemptionOut(Schema):
    approved: bool
    replayed: bool
    message: str
    reference: str | None = None
    amount_ore: int = 0
    persons: int | None = None
    declined: str | None = None


class RefundIn(Schema):
    amount_ore: int = 0
    cancels_visit: bool = False
    reason: str


class PaymentIn(Schema):
    holder_id: int
    provider_id: int
    amount_ore: int
    category: str
    external_ref: str


class StatementOut(Schema):
    provider: str
    month: str
    uses: int
    opening_ore: int
    month_ore: int
    closing_ore: int
    paid: bool


def _provider(municipality_slug: str, provider_id: int, request: HttpRequest, perm: str) -> Provider:
    municipality = get_municipality_or_404(municipality_slug)
    provider = get_object_or_404(
        Provider.objects.select_related("organisation", "scheme", "municipality"),
        pk=provider_id,
        municipality=municipality,
    )
    if not request.user.has_perm(perm, provider):
        raise PermissionDenied
    return provider


def _outcome(outcome: money.Outcome) -> RedemptionOut:
    result = outcome.result
    return RedemptionOut(
        approved=outcome.approved,
        replayed=outcome.replayed,
        message=money_message(outcome),
        reference=result.get("reference"),
        amount_ore=int(result.get("amount_ore") or 0),
        persons=result.get("persons"),
        declined=result.get("declined"),
    )


def money_message(outcome: money.Outcome) -> str:
    if not outcome.approved:
        return decline_message(outcome.result)
    return _("Approved.")


@router.get(
    "/municipalities/{municipality_slug}/providers/{provider_id}/offers", response=list[OfferOut], auth=staff_auth
)
def offers(request: HttpRequest, municipality_slug: str, provider_id: int) -> object:
    provider = _provider(municipality_slug, provider_id, request, "card.view_provider")
    return Offer.objects.filter(provider=provider, is_active=True).order_by("title")


@router.post(
    "/municipalities/{municipality_slug}/providers/{provider_id}/redemptions",
    response={200: RedemptionOut},
    auth=staff_auth,
)
def redeem(
    request: HttpRequest,
    municipality_slug: str,
    provider_id: int,
    payload: RedemptionIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key"),
) -> object:
    provider = _provider(municipality_slug, provider_id, request, "card.redeem")
    offer = Offer.objects.filter(pk=payload.offer_id, provider=provider).first()
    if offer is None:
        raise ValidationError({"offer_id": _("Choose one of your own offers.")})
    card = money.card_lookup(
        actor=request.user,  # type: ignore[arg-type]
        provider=provider,
        number=payload.card_number,
        client=request.META.get("REMOTE_ADDR", ""),
    )
    outcome = money.redeem(
        actor=request.user,  # type: ignore[arg-type]
        provider=provider,
        card=card,
        offer=offer,
        amount_ore=payload.amount_ore,
        companions=payload.companions,
        idempotency_key=idempotency_key,
    )
    return _outcome(outcome)


@router.post(
    "/municipalities/{municipality_slug}/providers/{provider_id}/redemptions/{redemption_id}/refunds",
    response={200: RedemptionOut},
    auth=staff_auth,
)
def refund(
    request: HttpRequest,
    municipality_slug: str,
    provider_id: int,
    redemption_id: int,
    payload: RefundIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key"),
) -> object:
    provider = _provider(municipality_slug, provider_id, request, "card.refund")
    redemption = get_object_or_404(Redemption, pk=redemption_id, provider=provider)
    outcome = money.refund(
        actor=request.user,  # type: ignore[arg-type]
        redemption=redemption,
        amount_ore=payload.amount_ore,
        cancels_visit=payload.cancels_visit,
        reason=payload.reason,
        idempotency_key=idempotency_key,
    )
    return _outcome(outcome)


@router.post("/municipalities/{municipality_slug}/payments", response={200: RedemptionOut}, auth=staff_auth)
def pay(
    request: HttpRequest,
    municipality_slug: str,
    payload: PaymentIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key"),
) -> object:
    """A guardian pays an activity's fee from their child's card (holder_id from the guardian's card page)."""
    municipality = get_municipality_or_404(municipality_slug)
    enrolment = get_object_or_404(Enrolment, pk=payload.holder_id, municipality=municipality, is_anonymised=False)
    provider = get_object_or_404(Provider, pk=payload.provider_id, municipality=municipality)
    outcome = money.card_pay(
        actor=request.user,  # type: ignore[arg-type]
        enrolment=enrolment,
        provider=provider,
        amount_ore=payload.amount_ore,
        category=payload.category,
        external_ref=payload.external_ref,
        idempotency_key=idempotency_key,
    )
    return Status(200, _outcome(outcome))


@router.get(
    "/municipalities/{municipality_slug}/providers/{provider_id}/settlement",
    response=StatementOut,
    auth=staff_auth,
)
def provider_settlement(request: HttpRequest, municipality_slug: str, provider_id: int, month: str) -> object:
    provider = _provider(municipality_slug, provider_id, request, "card.view_provider")
    try:
        first = datetime.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise ValidationError({"month": _("Give the month as YYYY-MM.")}) from None
    statement = settlement.settlement_for(provider=provider, month=first)
    return StatementOut(
        provider=provider.organisation.name,
        month=f"{first:%Y-%m}",
        uses=statement.uses,
        opening_ore=statement.opening_ore,
        month_ore=statement.month_ore,
        closing_ore=statement.closing_ore,
        paid=statement.payout is not None,
    )
