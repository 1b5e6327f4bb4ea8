"""Pages for providers: the door page (scan or type, pick, yes/no), offers, recent uses with refunds, and the
monthly settlement. Nothing here shows a child's name, a balance, or where the money came from."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override

from sammen.core.forms import add_service_errors
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view

from . import money, selectors, services, settlement
from .forms import DoorForm, MonthForm, OfferForm, RefundForm
from .models import Offer, OfferKind, Provider, Redemption

# The door page may compile the QR reader's WebAssembly (served from our own static files); nothing else changes.
DOOR_CSP: dict[str, Any] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "media-src": [CSP.SELF, "blob:", "mediastream:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

DECLINE_MESSAGES = {
    "insufficient_funds": lambda r: _("Not enough money on the card."),
    "quota_used": lambda r: _("The free pass is used up: %(used)s of %(quota)s visits.") % r,
    "card_blocked": lambda r: _("The card is blocked. Ask the family to use their new card."),
    "category_not_allowed": lambda r: _("The card may not pay for this."),
    "provider_inactive": lambda r: _("Your organisation does not accept the card at the moment."),
    "nothing_to_pay": lambda r: _("There is nothing to pay after the discount."),
}


def decline_message(result: dict) -> str:
    code = result.get("declined", "")
    make = DECLINE_MESSAGES.get(code)
    return str(make(result)) if make else _("Not approved.")


def _provider_for(request: HttpRequest, municipality: Municipality, provider_id: int, perm: str) -> Provider:
    provider = get_object_or_404(
        Provider.objects.select_related("organisation", "scheme", "municipality"),
        pk=provider_id,
        municipality=municipality,
    )
    if not request.user.has_perm(perm, provider):
        raise PermissionDenied
    return provider


@municipality_view
def door_choose(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    providers = selectors.providers_for_door(municipality=municipality, user=request.user)  # type: ignore[arg-type]
    if not providers:
        raise PermissionDenied
    if len(providers) == 1:
        return redirect("card:door", municipality_slug=municipality.slug, provider_id=providers[0].pk)
    return render(request, "card/door_choose.html", {"providers": providers})


@never_cache
@csp_override(DOOR_CSP)
@municipality_view
def door(request: HttpRequest, *, municipality: Municipality, provider_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    provider = _provider_for(request, municipality, provider_id, "card.redeem")
    offers = list(selectors.offers_for_door(provider=provider))
    form = DoorForm(request.POST or None, offers=offers)
    outcome = None
    result_text = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            card = money.card_lookup(
                actor=request.user,  # type: ignore[arg-type]
                provider=provider,
                number=data["card_number"],
                client=request.META.get("REMOTE_ADDR", ""),
            )
            outcome = money.redeem(
                actor=request.user,  # type: ignore[arg-type]
                provider=provider,
                card=card,
                offer=data["offer"],
                amount_ore=data.get("amount"),
                companions=data.get("companions") or 0,
                idempotency_key=data["idempotency_key"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if outcome.approved:
                result = outcome.result
                if result.get("kind") == "free_pass":
                    result_text = _("Let in %(persons)s. Free pass visit %(used)s of %(quota)s.") % result
                else:
                    result_text = _("Paid %(amount)s.") % {"amount": money.format_kr(result["amount_ore"])}
            else:
                result_text = decline_message(outcome.result)
            # A fresh form (and key) for the next person in the queue.
            form = DoorForm(offers=offers, initial={"offer": data["offer"].pk})
    status = 200
    return render(
        request,
        "card/door.html",
        {"provider": provider, "form": form, "offers": offers, "outcome": outcome, "result_text": result_text},
        status=status,
    )


@municipality_view
def provider_home(request: HttpRequest, *, municipality: Municipality, provider_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    provider = _provider_for(request, municipality, provider_id, "card.view_provider")
    month_form = MonthForm(request.GET or None)
    today = timezone.localdate()
    month = today.replace(day=1)
    if month_form.is_valid() and month_form.cleaned_data["month"]:
        month = month_form.cleaned_data["month"]
    statement = settlement.settlement_for(provider=provider, month=month)
    return render(
        request,
        "card/provider_home.html",
        {
            "provider": provider,
            "offers": Offer.objects.filter(provider=provider).order_by("-is_active", "title"),
            "uses": selectors.recent_redemptions(provider=provider),
            "statement": statement,
            "month_form": month_form,
            "month": month,
            "can_manage_offers": request.user.has_perm("card.manage_offers", provider),
            "can_redeem": request.user.has_perm("card.redeem", provider),
            "can_refund": request.user.has_perm("card.refund", provider),
        },
    )


@municipality_view
def provider_settlement_file(request: HttpRequest, *, municipality: Municipality, provider_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    provider = _provider_for(request, municipality, provider_id, "card.view_provider")
    form = MonthForm(request.GET or None)
    if not form.is_valid() or not form.cleaned_data["month"]:
        raise Http404
    statement = settlement.settlement_for(provider=provider, month=form.cleaned_data["month"])
    return _settlement_response(
        [statement], f"oppgjor-{provider.pk}-{statement.month:%Y-%m}", request.GET.get("format", "csv")
    )


def _settlement_response(statements: list[settlement.Statement], name: str, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            settlement.settlement_xlsx(statements),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(settlement.settlement_csv(statements), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@municipality_view
def offer_edit(
    request: HttpRequest, *, municipality: Municipality, provider_id: int, offer_id: int | None = None
) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    provider = _provider_for(request, municipality, provider_id, "card.manage_offers")
    offer = get_object_or_404(Offer, pk=offer_id, provider=provider) if offer_id else None
    can_set_price = request.user.has_perm("card.manage_scheme", municipality)
    form = OfferForm(
        request.POST or None,
        instance=Offer.objects.get(pk=offer.pk) if offer else None,
        scheme=provider.scheme,
        can_set_settlement_price=can_set_price,
        initial=None if offer else {"kind": OfferKind.PRICE, "is_active": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if offer is None:
                services.offer_create(actor=request.user, provider=provider, **form.service_data())  # type: ignore[arg-type]
            else:
                services.offer_update(actor=request.user, offer=offer, **form.service_data())  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The offer is saved."))
            return redirect("card:provider_home", municipality_slug=municipality.slug, provider_id=provider.pk)
    return render(request, "card/offer_form.html", {"form": form, "provider": provider, "offer": offer})


@municipality_view
def refund(request: HttpRequest, *, municipality: Municipality, provider_id: int, redemption_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    provider = _provider_for(request, municipality, provider_id, "card.refund")
    redemption = get_object_or_404(Redemption.objects.select_related("offer"), pk=redemption_id, provider=provider)
    left, can_cancel_visit = money.refundable(redemption)
    form = RefundForm(request.POST or None, initial={"amount": left or None})
    if not can_cancel_visit:
        del form.fields["cancels_visit"]
    if request.method == "POST" and form.is_valid():
        try:
            outcome = money.refund(
                actor=request.user,  # type: ignore[arg-type]
                redemption=redemption,
                amount_ore=form.cleaned_data.get("amount") or 0,
                cancels_visit=bool(form.cleaned_data.get("cancels_visit")),
                reason=form.cleaned_data["reason"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if outcome.approved:
                messages.success(request, _("Refund %(ref)s is registered.") % {"ref": outcome.result["reference"]})
            else:
                messages.error(request, _("The refund could not be made: it may already be paid out or refunded."))
            return redirect("card:provider_home", municipality_slug=municipality.slug, provider_id=provider.pk)
    return render(
        request, "card/refund.html", {"form": form, "provider": provider, "redemption": redemption, "left_ore": left}
    )
