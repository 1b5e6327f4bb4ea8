"""Pages for guardians and relatives: enrol children, see balances and history, show and print the card,
block a lost card, top up (also through a link shared with relatives), and the fake payment provider's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.places.models import Municipality
from sammen.places.tenancy import municipality_view

from . import cardface, money, selectors, services
from .forms import EnrolForm, TopUpForm
from .models import Card, TopUp, TopUpLink
from .payments import FakePaymentProvider, get_payment_provider


@municipality_view
def home(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    scheme = selectors.scheme_for(municipality=municipality)
    enrolments = []
    can_enrol = False
    if scheme is not None and request.user.is_authenticated:
        enrolments = list(selectors.enrolments_of_guardian(municipality=municipality, guardian=request.user))
        can_enrol = any(
            not why
            for _c, why in selectors.children_to_enrol(municipality=municipality, guardian=request.user, scheme=scheme)
        )
    return render(
        request,
        "card/home.html",
        {
            "scheme": scheme,
            "enrolments": enrolments,
            "can_enrol": can_enrol,
            "door_providers": selectors.providers_for_door(municipality=municipality, user=request.user)
            if request.user.is_authenticated
            else [],
            "is_card_staff": request.user.is_authenticated
            and request.user.has_perm("card.view_staff_pages", municipality),
        },
    )


@municipality_view
def enrol(request: HttpRequest, *, municipality: Municipality) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scheme = selectors.scheme_for(municipality=municipality)
    if scheme is None or not scheme.is_active:
        raise Http404
    candidates = selectors.children_to_enrol(municipality=municipality, guardian=request.user, scheme=scheme)
    eligible = [child for child, why in candidates if not why]
    form = EnrolForm(request.POST or None, municipality=municipality, children=eligible)
    if request.method == "POST" and form.is_valid():
        enrolled = []
        try:
            for child in form.cleaned_data["children"]:
                services.enrol(
                    guardian=request.user,
                    scheme=scheme,
                    child=child,
                    neighbourhood=form.cleaned_data["neighbourhood"],
                )
                enrolled.append(child.given_name)
        except ValidationError as error:
            add_service_errors(form, error)
        if enrolled:
            messages.success(request, _("Cards are ready for: %(names)s.") % {"names": ", ".join(enrolled)})
        if not form.errors:
            return redirect("card:home", municipality_slug=municipality.slug)
    return render(
        request,
        "card/enrol.html",
        {
            "form": form,
            "scheme": scheme,
            "not_eligible": [(c, why) for c, why in candidates if why],
            "eligible": eligible,
        },
    )


def _guardian_card(request: HttpRequest, municipality: Municipality, card_id: int) -> Card:
    card = selectors.guardian_card(municipality=municipality, guardian=request.user, card_id=card_id)  # type: ignore[arg-type]
    if card is None:
        raise Http404
    return card


@municipality_view
def card_detail(request: HttpRequest, *, municipality: Municipality, card_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    card = _guardian_card(request, municipality, card_id)
    enrolment = card.enrolment
    link = TopUpLink.objects.filter(enrolment=enrolment, is_active=True).first()
    return render(
        request,
        "card/card_detail.html",
        {
            "card": card,
            "enrolment": enrolment,
            "child": enrolment.child,
            "balance_ore": money.spendable_balance(enrolment),
            "pots": selectors.pots_for_guardian(enrolment),
            "passes": selectors.free_passes_for(enrolment),
            "history": selectors.history_for_guardian(enrolment),
            "topup_link": request.build_absolute_uri(
                reverse("card:topup_relative", kwargs={"municipality_slug": municipality.slug, "token": link.token})
            )
            if link
            else "",
            "is_active": card.is_active,
        },
    )


@municipality_view
def card_show(request: HttpRequest, *, municipality: Municipality, card_id: int) -> HttpResponse:
    """The card as shown at the door: QR code and number only. Every card looks the same."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    card = _guardian_card(request, municipality, card_id)
    if not card.is_active:
        raise Http404
    return render(
        request,
        "card/card_show.html",
        {"card": card, "scheme": card.enrolment.scheme, "qr": cardface.qr_svg(card.number)},
    )


@municipality_view
def card_print(request: HttpRequest, *, municipality: Municipality, card_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    card = _guardian_card(request, municipality, card_id)
    if not card.is_active:
        raise Http404
    response = HttpResponse(cardface.card_pdf(card), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aktivitetskort-{card.number[-4:]}.pdf"'
    return response


@municipality_view
@require_POST
def card_block(request: HttpRequest, *, municipality: Municipality, card_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    card = _guardian_card(request, municipality, card_id)
    try:
        new_card = services.card_block_and_replace(actor=request.user, card=card)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("card:card_detail", municipality_slug=municipality.slug, card_id=card.pk)
    messages.success(
        request,
        _("The card ending in %(old)s is blocked. The new card ends in %(new)s and keeps the money.")
        % {"old": card.number[-4:], "new": new_card.number[-4:]},
    )
    return redirect("card:card_detail", municipality_slug=municipality.slug, card_id=new_card.pk)


@municipality_view
@require_POST
def topup_link(request: HttpRequest, *, municipality: Municipality, card_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    card = _guardian_card(request, municipality, card_id)
    if request.POST.get("action") == "disable":
        services.topup_link_disable(actor=request.user, enrolment=card.enrolment)  # type: ignore[arg-type]
        messages.success(request, _("The top-up link no longer works."))
    else:
        services.topup_link_create(actor=request.user, enrolment=card.enrolment)  # type: ignore[arg-type]
        messages.success(request, _("Here is a new top-up link. Links you shared before no longer work."))
    return redirect("card:card_detail", municipality_slug=municipality.slug, card_id=card.pk)


def _start_topup(request: HttpRequest, municipality: Municipality, enrolment, form: TopUpForm) -> HttpResponse | None:  # type: ignore[no-untyped-def]
    try:
        _topup, url = money.topup_start(
            payer=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
            enrolment=enrolment,
            amount_ore=form.cleaned_data["amount"],
            payer_name=form.cleaned_data["payer_name"],
            payer_email=form.cleaned_data["payer_email"],
            message=form.cleaned_data["message"],
            return_url_for=lambda reference: request.build_absolute_uri(
                reverse("card:topup_return", kwargs={"municipality_slug": municipality.slug, "reference": reference})
            ),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return HttpResponseRedirect(url)


@municipality_view
def topup_guardian(request: HttpRequest, *, municipality: Municipality, card_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    card = _guardian_card(request, municipality, card_id)
    scheme = card.enrolment.scheme
    form = TopUpForm(
        request.POST or None,
        max_ore=scheme.max_topup_ore,
        initial={"payer_name": request.user.get_full_name(), "payer_email": request.user.email},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        response = _start_topup(request, municipality, card.enrolment, form)
        if response is not None:
            return response
    child_name = card.enrolment.child.given_name if card.enrolment.child else ""
    return render(request, "card/topup.html", {"form": form, "child_name": child_name, "card": card})


@never_cache
@municipality_view
def topup_relative(request: HttpRequest, *, municipality: Municipality, token: str) -> HttpResponse:
    """The page behind a link a guardian shared: anyone with it may put money on the card (no login)."""
    link = (
        TopUpLink.objects.filter(token=token, is_active=True, enrolment__municipality=municipality)
        .select_related("enrolment__child", "enrolment__scheme")
        .first()
    )
    if link is None or link.enrolment.child is None:
        raise Http404
    scheme = link.enrolment.scheme
    form = TopUpForm(request.POST or None, max_ore=scheme.max_topup_ore)
    if request.method == "POST" and form.is_valid():
        response = _start_topup(request, municipality, link.enrolment, form)
        if response is not None:
            return response
    return render(
        request, "card/topup.html", {"form": form, "child_name": link.enrolment.child.given_name, "card": None}
    )


@never_cache
@municipality_view
def fake_payment(request: HttpRequest, *, municipality: Municipality, reference: str) -> HttpResponse:
    """The fake payment provider's own page (stands in for Vipps MobilePay or a card terminal page)."""
    provider = get_payment_provider()
    if not isinstance(provider, FakePaymentProvider):
        raise Http404
    topup = get_object_or_404(TopUp, provider_reference=reference, enrolment__municipality=municipality)
    details = provider.details(reference)
    if details is None:
        raise Http404
    if request.method == "POST":
        provider.decide(reference, approve=request.POST.get("decision") == "approve")
        return redirect("card:topup_return", municipality_slug=municipality.slug, reference=reference)
    return render(request, "card/fake_payment.html", {"topup": topup, "details": details})


@never_cache
@municipality_view
def topup_return(request: HttpRequest, *, municipality: Municipality, reference: str) -> HttpResponse:
    """Where the payer comes back to: the platform asks the provider for the status and credits the card once."""
    topup = get_object_or_404(
        TopUp.objects.select_related("enrolment__child"),
        provider_reference=reference,
        enrolment__municipality=municipality,
    )
    topup = money.topup_confirm(topup=topup)
    return render(
        request,
        "card/topup_done.html",
        {
            "topup": topup,
            "child_name": topup.enrolment.child.given_name if topup.enrolment.child else "",
            "now": timezone.now(),
        },
    )
