"""The municipality's card pages: scheme and providers, grant rounds, targeted grants (caseworkers),
the monthly settlement with files for the finance system, and the usage and pilot reports."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sammen.core.forms import add_service_errors
from sammen.core.types import AuthedHttpRequest
from sammen.places.models import Municipality
from sammen.places.tenancy import staff_view

from . import money, reports, selectors, services, settlement
from .forms import (
    ChildSearchForm,
    GrantRoundForm,
    MonthForm,
    PeriodForm,
    ProviderForm,
    SchemeForm,
    TargetedGrantForm,
)
from .models import Enrolment, GrantRound, Provider
from .views_provider import _settlement_response


def _scheme_or_404(municipality: Municipality):  # type: ignore[no-untyped-def]
    scheme = selectors.scheme_for(municipality=municipality)
    if scheme is None:
        raise Http404
    return scheme


@staff_view("card.view_staff_pages")
def staff_home(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    scheme = selectors.scheme_for(municipality=municipality)
    return render(
        request,
        "card/staff/home.html",
        {
            "scheme": scheme,
            "figures": selectors.scheme_figures(scheme=scheme) if scheme else None,
            "providers": Provider.objects.filter(municipality=municipality).select_related("organisation"),
            "can_manage": request.user.has_perm("card.manage_scheme", municipality),
            "can_settle": request.user.has_perm("card.view_settlement", municipality),
            "can_decide": request.user.has_perm("card.decide_targeted_grant", municipality),
        },
    )


@staff_view("card.manage_scheme")
def scheme_edit(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    scheme = selectors.scheme_for(municipality=municipality)
    form = SchemeForm(request.POST or None, instance=scheme, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            if scheme is None:
                services.scheme_create(actor=request.user, municipality=municipality, **form.service_data())
            else:
                services.scheme_update(actor=request.user, scheme=scheme, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The card scheme is saved."))
            return redirect("card:staff_home", municipality_slug=municipality.slug)
    return render(request, "card/staff/scheme_form.html", {"form": form, "scheme": scheme})


@staff_view("card.manage_scheme")
def providers(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    scheme = _scheme_or_404(municipality)
    form = ProviderForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_add(actor=request.user, scheme=scheme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s now accepts the card.") % {"name": provider.organisation.name})
            return redirect("card:staff_providers", municipality_slug=municipality.slug)
    return render(
        request,
        "card/staff/providers.html",
        {"form": form, "providers": Provider.objects.filter(scheme=scheme).select_related("organisation")},
    )


@staff_view("card.manage_grants")
def grant_rounds(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    scheme = _scheme_or_404(municipality)
    form = GrantRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            money.grant_round_create(
                actor=request.user,
                scheme=scheme,
                name=data["name"],
                amount_ore=data["amount"],
                valid_from=data["valid_from"],
                expires_on=data["expires_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The grant round is created. Give it to the children when you are ready."))
            return redirect("card:staff_grants", municipality_slug=municipality.slug)
    return render(
        request,
        "card/staff/grants.html",
        {"form": form, "rounds": selectors.grant_rounds(scheme=scheme), "issue_key": uuid.uuid4().hex},
    )


@staff_view("card.manage_grants")
@require_POST
def grant_round_issue(request: AuthedHttpRequest, *, municipality: Municipality, round_id: int) -> HttpResponse:
    grant_round = get_object_or_404(GrantRound, pk=round_id, municipality=municipality)
    try:
        outcome = money.grant_round_issue(
            actor=request.user, grant_round=grant_round, idempotency_key=request.POST.get("idempotency_key", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(children)s children got %(amount)s each.")
            % {"children": outcome.result["children"], "amount": money.format_kr(grant_round.amount_ore)},
        )
    return redirect("card:staff_grants", municipality_slug=municipality.slug)


@staff_view("card.decide_targeted_grant")
def targeted_grants(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    _scheme_or_404(municipality)
    search = ChildSearchForm(request.GET or None)
    found = []
    if search.is_valid() and search.cleaned_data["q"]:
        found = list(selectors.enrolment_search(municipality=municipality, query=search.cleaned_data["q"]))
    return render(
        request,
        "card/staff/targeted.html",
        {"search": search, "found": found, "grants": selectors.targeted_grants(municipality=municipality)[:100]},
    )


@staff_view("card.decide_targeted_grant")
def targeted_grant_new(request: AuthedHttpRequest, *, municipality: Municipality, enrolment_id: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("child", "scheme"),
        pk=enrolment_id,
        municipality=municipality,
        is_anonymised=False,
    )
    form = TargetedGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            money.targeted_grant_decide(
                actor=request.user,
                enrolment=enrolment,
                amount_ore=data["amount"],
                reason=data["reason"],
                valid_from=data["valid_from"],
                expires_on=data["expires_on"],
                idempotency_key=data["idempotency_key"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The extra grant is on the card."))
            return redirect("card:staff_targeted", municipality_slug=municipality.slug)
    return render(request, "card/staff/targeted_form.html", {"form": form, "enrolment": enrolment})


@staff_view("card.view_settlement")
def settlement_page(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    scheme = _scheme_or_404(municipality)
    form = MonthForm(request.GET or None)
    month = timezone.localdate().replace(day=1)
    if form.is_valid() and form.cleaned_data["month"]:
        month = form.cleaned_data["month"]
    statements = settlement.statements_for_month(scheme=scheme, month=month)
    return render(
        request,
        "card/staff/settlement.html",
        {
            "form": form,
            "month": month,
            "statements": statements,
            "total_ore": sum(s.closing_ore for s in statements),
            "month_ended": month < timezone.localdate().replace(day=1),
            "payout_key": uuid.uuid4().hex,
        },
    )


@staff_view("card.view_settlement")
def settlement_file(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    scheme = _scheme_or_404(municipality)
    form = MonthForm(request.GET or None)
    if not form.is_valid() or not form.cleaned_data["month"]:
        raise Http404
    month = form.cleaned_data["month"]
    statements = settlement.statements_for_month(scheme=scheme, month=month)
    return _settlement_response(
        statements, f"oppgjor-{municipality.slug}-{month:%Y-%m}", request.GET.get("format", "csv")
    )


@staff_view("card.view_settlement")
@require_POST
def settlement_pay(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    form = MonthForm(request.POST)
    provider = Provider.objects.filter(municipality=municipality, pk=request.POST.get("provider") or 0).first()
    if provider is None or not form.is_valid() or not form.cleaned_data["month"]:
        raise Http404
    month = form.cleaned_data["month"]
    try:
        payout = money.payout_month(
            actor=request.user, provider=provider, month=month, idempotency_key=request.POST.get("idempotency_key", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Paid %(amount)s to %(name)s is recorded.")
            % {"amount": money.format_kr(payout.amount_ore), "name": provider.organisation.name},
        )
    url = reverse("card:staff_settlement", kwargs={"municipality_slug": municipality.slug})
    return redirect(f"{url}?month={month:%Y-%m}")


@staff_view("card.view_reports")
def reports_page(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    scheme = _scheme_or_404(municipality)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    start, end = today.replace(month=1, day=1), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    return render(
        request,
        "card/staff/reports.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "tables": reports.usage_report(scheme=scheme, start=start, end=end),
            "pilot": reports.pilot_report(scheme=scheme, today=today),
            "scheme": scheme,
            "threshold": reports.THRESHOLD,
        },
    )


@staff_view("card.manage_grants")
@require_POST
def run_expiry(request: AuthedHttpRequest, *, municipality: Municipality) -> HttpResponse:
    done = money.expire_due(municipality_id=municipality.pk)
    messages.success(request, _("%(count)s expired grants were moved back to their grant accounts.") % {"count": done})
    return redirect("card:staff_grants", municipality_slug=municipality.slug)
