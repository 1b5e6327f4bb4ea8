"""Reads for the card's pages and API. Every read takes the municipality (or a record of it) explicitly."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import Child, User
from sammen.places.models import Municipality

from .models import (
    HOLDER_KINDS,
    Account,
    AccountKind,
    Card,
    CardStatus,
    Enrolment,
    Entry,
    GrantRound,
    Offer,
    OfferKind,
    Provider,
    Redemption,
    Scheme,
    TargetedGrant,
    TransactionKind,
)


def scheme_for(*, municipality: Municipality) -> Scheme | None:
    """The municipality's card scheme (one per municipality in practice; the first by name if several)."""
    return Scheme.objects.filter(municipality=municipality).select_related("municipality").order_by("pk").first()


def enrolments_of_guardian(*, municipality: Municipality, guardian: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(
            municipality=municipality, child__guardianships__guardian=guardian, is_anonymised=False
        )
        .select_related("child", "scheme")
        .prefetch_related(
            Prefetch("cards", queryset=Card.objects.filter(status=CardStatus.ACTIVE), to_attr="active_cards")
        )
        .annotate(
            balance=Sum("accounts__balance", filter=Q(accounts__kind__in=list(HOLDER_KINDS))),
        )
        .order_by("child__given_name")
    )


def children_to_enrol(*, municipality: Municipality, guardian: User, scheme: Scheme) -> list[tuple[Child, str]]:
    """The guardian's children in the municipality without a card, each with why not, if they cannot enrol."""
    today = timezone.localdate()
    children = Child.objects.filter(guardians=guardian, municipality=municipality).exclude(
        card_enrolments__scheme=scheme
    )
    result = []
    for child in children.order_by("given_name"):
        age = child.age_on(today)
        why_not = ""
        if not scheme.min_age <= age <= scheme.max_age:
            why_not = _("The card is for children from %(min)s to %(max)s years.") % {
                "min": scheme.min_age,
                "max": scheme.max_age,
            }
        result.append((child, why_not))
    return result


def guardian_card(*, municipality: Municipality, guardian: User, card_id: int) -> Card | None:
    return (
        Card.objects.filter(
            pk=card_id,
            enrolment__municipality=municipality,
            enrolment__child__guardianships__guardian=guardian,
            enrolment__is_anonymised=False,
        )
        .select_related("enrolment__child", "enrolment__scheme", "enrolment__municipality")
        .first()
    )


@dataclass
class Pot:
    label: str
    balance_ore: int
    expires_on: datetime.date | None
    valid_from: datetime.date | None


def pots_for_guardian(enrolment: Enrolment) -> list[Pot]:
    """Where the holder's money is, as the guardian sees it: the source type and expiry, never a reason."""
    today = timezone.localdate()
    pots = []
    for account in (
        Account.objects.filter(enrolment=enrolment, kind__in=list(HOLDER_KINDS), balance__gt=0)
        .select_related("grant_round")
        .order_by("expires_on", "pk")
    ):
        if account.expires_on and account.expires_on < today:
            continue
        if account.kind == AccountKind.HOLDER_GRANT and account.grant_round is not None:
            label = _("Grant from the municipality: %(name)s") % {"name": account.grant_round.name}
        elif account.kind == AccountKind.HOLDER_TARGETED:
            label = _("Extra grant from the municipality")
        else:
            label = _("Top-ups from family and friends")
        pots.append(
            Pot(
                label=label,
                balance_ore=account.balance or 0,
                expires_on=account.expires_on,
                valid_from=account.valid_from,
            )
        )
    return pots


@dataclass
class HistoryLine:
    time: datetime.datetime
    text: str
    amount_ore: int


def history_for_guardian(enrolment: Enrolment, limit: int = 50) -> list[HistoryLine]:
    entries = (
        Entry.objects.filter(account__enrolment=enrolment, account__kind__in=list(HOLDER_KINDS))
        .values("transaction_id", "transaction__kind", "transaction__created_at")
        .annotate(total=Sum("amount"))
        .order_by("-transaction__created_at", "-transaction_id")[:limit]
    )
    rows = list(entries)
    txn_ids = [row["transaction_id"] for row in rows]
    places = dict(
        Redemption.objects.filter(transaction_id__in=txn_ids).values_list(
            "transaction_id", "provider__organisation__name"
        )
    )
    refund_places = dict(
        Redemption.objects.filter(refunds__transaction_id__in=txn_ids).values_list(
            "refunds__transaction_id", "provider__organisation__name"
        )
    )
    labels: dict[str, Any] = {
        TransactionKind.GRANT: _("Grant from the municipality"),
        TransactionKind.TARGETED_GRANT: _("Extra grant from the municipality"),
        TransactionKind.TOPUP: _("Top-up"),
        TransactionKind.REDEMPTION: _("Paid at %(place)s"),
        TransactionKind.REFUND: _("Refund from %(place)s"),
        TransactionKind.EXPIRY: _("Grant period ended: unused money went back"),
        TransactionKind.CORRECTION: _("Correction"),
    }
    lines = []
    for row in rows:
        kind = row["transaction__kind"]
        place = places.get(row["transaction_id"]) or refund_places.get(row["transaction_id"]) or ""
        text = str(labels.get(kind, kind))
        if "%(place)s" in text:
            text = text % {"place": place}
        lines.append(HistoryLine(time=row["transaction__created_at"], text=text, amount_ore=int(row["total"])))
    return lines


def free_passes_for(enrolment: Enrolment) -> list[tuple[Offer, int]]:
    """Free passes the holder can use, with how many visits are used in the current period."""
    from .money import visits_used

    today = timezone.localdate()
    offers = Offer.objects.filter(
        provider__scheme=enrolment.scheme, provider__is_active=True, kind=OfferKind.FREE_PASS, is_active=True
    ).select_related("provider__organisation")
    return [(offer, visits_used(enrolment, offer, today)) for offer in offers]


# --- providers ---------------------------------------------------------------------------------------------


def providers_for_door(*, municipality: Municipality, user: User) -> list[Provider]:
    providers = Provider.objects.filter(municipality=municipality, is_active=True).select_related("organisation")
    return [p for p in providers if user.has_perm("card.redeem", p)]


def providers_for_user(*, municipality: Municipality, user: User) -> list[Provider]:
    providers = Provider.objects.filter(municipality=municipality).select_related("organisation")
    return [p for p in providers if user.has_perm("card.view_provider", p)]


def offers_for_door(*, provider: Provider) -> QuerySet[Offer]:
    today = timezone.localdate()
    return (
        Offer.objects.filter(provider=provider, is_active=True)
        .filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )
        .order_by("title")
    )


def recent_redemptions(*, provider: Provider, limit: int = 30) -> QuerySet[Redemption]:
    """What the provider sees of recent uses: reference, time, offer and amount. No name, no source."""
    return (
        Redemption.objects.filter(provider=provider)
        .select_related("offer")
        .annotate(
            refunded=Sum("refunds__amount_ore"), cancelled=Count("refunds", filter=Q(refunds__cancels_visit=True))
        )
        .order_by("-created_at", "-pk")[:limit]
    )


# --- staff ---------------------------------------------------------------------------------------------------


def scheme_figures(*, scheme: Scheme) -> dict[str, int]:
    holder = Account.objects.filter(scheme=scheme, kind__in=list(HOLDER_KINDS)).aggregate(t=Sum("balance"))["t"] or 0
    return {
        "enrolled": Enrolment.objects.filter(scheme=scheme, is_anonymised=False).count(),
        "active_cards": Card.objects.filter(enrolment__scheme=scheme, status=CardStatus.ACTIVE).count(),
        "providers": Provider.objects.filter(scheme=scheme, is_active=True).count(),
        "on_cards_ore": int(holder),
    }


def grant_rounds(*, scheme: Scheme) -> list[dict[str, object]]:
    rounds = []
    for grant_round in GrantRound.objects.filter(scheme=scheme).order_by("-valid_from"):
        pots = Account.objects.filter(grant_round=grant_round, kind=AccountKind.HOLDER_GRANT)
        fund = Account.objects.filter(grant_round=grant_round, kind=AccountKind.GRANT_FUND).first()
        rounds.append(
            {
                "round": grant_round,
                "children": pots.count(),
                "granted_ore": pots.count() * grant_round.amount_ore,
                "left_ore": int(pots.aggregate(t=Sum("balance"))["t"] or 0),
                "returned_ore": fund.balance if fund else 0,
            }
        )
    return rounds


def targeted_grants(*, municipality: Municipality) -> QuerySet[TargetedGrant]:
    """For caseworkers and administrators only: these rows carry the reason."""
    return (
        TargetedGrant.objects.filter(municipality=municipality)
        .select_related("enrolment__child", "decided_by")
        .order_by("-created_at")
    )


def enrolment_search(*, municipality: Municipality, query: str) -> QuerySet[Enrolment]:
    query = query.strip()
    qs = Enrolment.objects.filter(municipality=municipality, is_anonymised=False).select_related("child")
    if not query:
        return qs.none()
    parts = query.split()
    for part in parts:
        qs = qs.filter(Q(child__given_name__icontains=part) | Q(child__family_name__icontains=part))
    return qs.order_by("child__given_name", "child__family_name")[:20]
