"""Every movement of money on the card: grants, targeted grants, top-ups, payments, refunds, expiry, payouts.

Each write takes an idempotency key (`idempotency.run_once`), locks what it touches in the fixed order
(`locks.lock_objects`), and posts one balanced transaction (`ledger.post`), all in one database transaction
with its audit entry. A provider's records (Redemption) never say which source paid.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record

from . import cardnumbers, ledger
from .idempotency import Declined, Outcome, run_once, validate_key
from .locks import lock_objects
from .models import (
    HOLDER_KINDS,
    Account,
    AccountKind,
    Card,
    CardStatus,
    Category,
    Channel,
    Enrolment,
    Entry,
    GrantRound,
    Offer,
    OfferKind,
    PaymentStatus,
    Payout,
    Provider,
    QuotaPeriod,
    Redemption,
    Refund,
    Scheme,
    TargetedGrant,
    TopUp,
    TransactionKind,
)
from .payments import get_payment_provider, new_reference

MAX_PAYMENT_ORE = 10_000_000  # 100 000 kr: anything above is a typing mistake
MIN_TOPUP_ORE = 5_000  # 50 kr
LOOKUP_FAILURE_LIMIT = 10
LOOKUP_WINDOW_SECONDS = 15 * 60


# --- grants -----------------------------------------------------------------------------------------------


def grant_round_create(
    *,
    actor: User,
    scheme: Scheme,
    name: str,
    amount_ore: int,
    valid_from: datetime.date,
    expires_on: datetime.date,
) -> GrantRound:
    if not actor.has_perm("card.manage_grants", scheme.municipality):
        raise PermissionDenied
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the grant round a name, e.g. “Autumn 2026”.")
    if amount_ore < 1 or amount_ore > MAX_PAYMENT_ORE:
        errors["amount_ore"] = _("Give an amount between 0.01 and 100 000 kr.")
    if expires_on < valid_from:
        errors["expires_on"] = _("The grant must expire on or after the day it starts.")
    if GrantRound.objects.filter(scheme=scheme, name=name).exists():
        errors["name"] = _("There is already a grant round with this name.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        grant_round = GrantRound.objects.create(
            municipality_id=scheme.municipality_id,
            scheme=scheme,
            name=name,
            amount_ore=amount_ore,
            valid_from=valid_from,
            expires_on=expires_on,
            created_by=actor,
        )
        ledger.grant_fund_account(grant_round)
        audit_record(
            actor=actor,
            municipality=scheme.municipality,
            action="card.grant_round.create",
            obj=grant_round,
            after={"amount_ore": amount_ore, "valid_from": str(valid_from), "expires_on": str(expires_on)},
        )
    return grant_round


def _age_on(enrolment: Enrolment, day: datetime.date) -> int | None:
    if enrolment.child is not None:
        return enrolment.child.age_on(day)
    return None


def eligible_for_round(enrolment: Enrolment, grant_round: GrantRound, today: datetime.date) -> bool:
    scheme = grant_round.scheme
    age = _age_on(enrolment, max(today, grant_round.valid_from))
    return age is not None and scheme.min_age <= age <= scheme.max_age


def grant_round_issue(
    *, actor: User | None, grant_round: GrantRound, idempotency_key: str, today: datetime.date | None = None
) -> Outcome:
    """Give the round's amount to every enrolled child who is eligible and has not had it yet, in one transaction."""
    if actor is not None and not actor.has_perm("card.manage_grants", grant_round.municipality):
        raise PermissionDenied
    today = today or timezone.localdate()
    if grant_round.expires_on < today:
        raise ValidationError(_("This grant round has expired."))
    scheme = grant_round.scheme

    def work() -> tuple[dict[str, Any], Any]:
        lock_objects(rounds=[grant_round.pk])
        already = Account.objects.filter(grant_round=grant_round, kind=AccountKind.HOLDER_GRANT).values("enrolment_id")
        candidates = (
            Enrolment.objects.filter(scheme=scheme, is_anonymised=False, child__isnull=False, cards__status="active")
            .exclude(pk__in=already)
            .select_related("child")
            .distinct()
        )
        eligible = [e for e in candidates if eligible_for_round(e, grant_round, today)]
        if not eligible:
            return {"children": 0, "amount_ore": 0}, None
        pots = Account.objects.bulk_create(
            [
                Account(
                    municipality_id=scheme.municipality_id,
                    scheme=scheme,
                    kind=AccountKind.HOLDER_GRANT,
                    enrolment=e,
                    grant_round=grant_round,
                    valid_from=grant_round.valid_from,
                    expires_on=grant_round.expires_on,
                    balance=0,
                )
                for e in eligible
            ],
            batch_size=2000,
        )
        if any(p.pk is None for p in pots):  # backends that do not return ids
            pots = list(
                Account.objects.filter(grant_round=grant_round, kind=AccountKind.HOLDER_GRANT, enrolment__in=eligible)
            )
        total = grant_round.amount_ore * len(pots)
        legs = [(ledger.budget_account(scheme), -total)] + [(pot, grant_round.amount_ore) for pot in pots]
        txn = ledger.post_many(
            scheme=scheme,
            kind=TransactionKind.GRANT,
            legs=legs,
            actor=actor,
            audit={"grant_round": grant_round.pk, "children": len(pots)},
        )
        return {"children": len(pots), "amount_ore": total}, txn

    return run_once(
        municipality_id=scheme.municipality_id,
        key=idempotency_key,
        operation="grant_issue",
        request={"round": grant_round.pk},
        work=work,
    )


def grants_for_new_enrolment(*, enrolment: Enrolment, today: datetime.date) -> list[Outcome]:
    """A child who enrols while a grant round runs gets that round's grant too."""
    outcomes = []
    for grant_round in GrantRound.objects.filter(scheme=enrolment.scheme, expires_on__gte=today).order_by("pk"):
        if not eligible_for_round(enrolment, grant_round, today):
            continue

        def work(grant_round: GrantRound = grant_round) -> tuple[dict[str, Any], Any]:
            lock_objects(rounds=[grant_round.pk], enrolments=[enrolment.pk])
            if Account.objects.filter(
                grant_round=grant_round, enrolment=enrolment, kind=AccountKind.HOLDER_GRANT
            ).exists():
                raise Declined("already_granted")
            pot = Account.objects.create(
                municipality_id=enrolment.municipality_id,
                scheme_id=enrolment.scheme_id,
                kind=AccountKind.HOLDER_GRANT,
                enrolment=enrolment,
                grant_round=grant_round,
                valid_from=grant_round.valid_from,
                expires_on=grant_round.expires_on,
                balance=0,
            )
            posting = ledger.Posting()
            posting.add(ledger.budget_account(enrolment.scheme), -grant_round.amount_ore)
            posting.add(pot, grant_round.amount_ore)
            txn = ledger.post(
                scheme=enrolment.scheme,
                kind=TransactionKind.GRANT,
                posting=posting,
                actor=None,
                audit={"grant_round": grant_round.pk, "holder": enrolment.pk},
            )
            return {"amount_ore": grant_round.amount_ore}, txn

        outcomes.append(
            run_once(
                municipality_id=enrolment.municipality_id,
                key=f"grant:{grant_round.pk}:{enrolment.pk}",
                operation="grant_one",
                request={"round": grant_round.pk, "holder": enrolment.pk},
                work=work,
            )
        )
    return outcomes


def targeted_grant_decide(
    *,
    actor: User,
    enrolment: Enrolment,
    amount_ore: int,
    reason: str,
    valid_from: datetime.date,
    expires_on: datetime.date | None,
    idempotency_key: str,
) -> TargetedGrant:
    if not actor.has_perm("card.decide_targeted_grant", enrolment.municipality):
        raise PermissionDenied
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Write the reason for the decision. Only caseworkers and administrators can read it.")
    if amount_ore < 1 or amount_ore > MAX_PAYMENT_ORE:
        errors["amount_ore"] = _("Give an amount between 0.01 and 100 000 kr.")
    if expires_on is not None and expires_on < valid_from:
        errors["expires_on"] = _("The grant must expire on or after the day it starts.")
    if enrolment.is_anonymised:
        errors["enrolment"] = _("This card holder no longer exists.")
    if errors:
        raise ValidationError(errors)
    scheme = enrolment.scheme

    def work() -> tuple[dict[str, Any], Any]:
        lock_objects(enrolments=[enrolment.pk])
        grant = TargetedGrant.objects.create(
            municipality_id=enrolment.municipality_id,
            enrolment=enrolment,
            amount_ore=amount_ore,
            reason=reason,
            valid_from=valid_from,
            expires_on=expires_on,
            decided_by=actor,
        )
        pot = Account.objects.create(
            municipality_id=enrolment.municipality_id,
            scheme=scheme,
            kind=AccountKind.HOLDER_TARGETED,
            enrolment=enrolment,
            targeted_grant=grant,
            valid_from=valid_from,
            expires_on=expires_on,
            balance=0,
        )
        posting = ledger.Posting()
        posting.add(ledger.budget_account(scheme), -amount_ore)
        posting.add(pot, amount_ore)
        # The audit entry names the decision, never its reason.
        txn = ledger.post(
            scheme=scheme,
            kind=TransactionKind.TARGETED_GRANT,
            posting=posting,
            actor=actor,
            audit={"targeted_grant": grant.pk, "holder": enrolment.pk},
        )
        return {"targeted_grant": grant.pk, "amount_ore": amount_ore}, txn

    outcome = run_once(
        municipality_id=enrolment.municipality_id,
        key=idempotency_key,
        operation="targeted_grant",
        request={"holder": enrolment.pk, "amount": amount_ore, "from": valid_from, "to": expires_on},
        work=work,
    )
    return TargetedGrant.objects.get(pk=outcome.result["targeted_grant"])


# --- top-ups ----------------------------------------------------------------------------------------------


def topup_start(
    *,
    payer: User | None,
    enrolment: Enrolment,
    amount_ore: int,
    payer_name: str,
    payer_email: str,
    message: str,
    return_url_for: Any,
) -> tuple[TopUp, str]:
    """Create a pending top-up at the payment provider; returns it and the page to send the payer to."""
    scheme = enrolment.scheme
    if enrolment.is_anonymised or not enrolment.cards.filter(status=CardStatus.ACTIVE).exists():
        raise ValidationError(_("This card cannot receive money."))
    if amount_ore < MIN_TOPUP_ORE or amount_ore > scheme.max_topup_ore:
        raise ValidationError(
            {
                "amount": _("Give an amount from %(min)s kr to %(max)s kr.")
                % {"min": MIN_TOPUP_ORE // 100, "max": scheme.max_topup_ore // 100}
            }
        )
    provider = get_payment_provider()
    reference = new_reference()
    with transaction.atomic():
        topup = TopUp.objects.create(
            enrolment=enrolment,
            amount_ore=amount_ore,
            payer=payer if payer is not None and payer.is_authenticated else None,
            payer_name=payer_name.strip()[:120],
            payer_email=payer_email.strip()[:254],
            message=message.strip()[:140],
            payment_provider=provider.key,
            provider_reference=reference,
        )
        started = provider.start(
            reference=reference,
            municipality_slug=enrolment.municipality.slug,
            amount_ore=amount_ore,
            description=f"{scheme.name} {topup}",
            return_url=return_url_for(reference),
        )
    return topup, started.redirect_url


def topup_confirm(*, topup: TopUp) -> TopUp:
    """Ask the payment provider how the payment went; credit the card once when it is paid."""
    provider = get_payment_provider()
    if topup.payment_provider != provider.key:
        raise ValidationError(_("This payment was made with another payment provider."))
    status = provider.status(topup.provider_reference)
    if status == "failed":
        TopUp.objects.filter(pk=topup.pk, status=PaymentStatus.PENDING).update(status=PaymentStatus.FAILED)
    elif status == "captured":
        enrolment = topup.enrolment
        scheme = enrolment.scheme

        def work() -> tuple[dict[str, Any], Any]:
            lock_objects(enrolments=[enrolment.pk])
            pot = Account.objects.filter(enrolment=enrolment, kind=AccountKind.HOLDER_TOPUP).first()
            if pot is None:
                pot = Account.objects.create(
                    municipality_id=enrolment.municipality_id,
                    scheme=scheme,
                    kind=AccountKind.HOLDER_TOPUP,
                    enrolment=enrolment,
                    balance=0,
                )
            posting = ledger.Posting()
            posting.add(ledger.payment_provider_account(scheme, topup.payment_provider), -topup.amount_ore)
            posting.add(pot, topup.amount_ore)
            txn = ledger.post(
                scheme=scheme,
                kind=TransactionKind.TOPUP,
                posting=posting,
                actor=None,
                audit={"topup": topup.pk, "holder": enrolment.pk},
            )
            TopUp.objects.filter(pk=topup.pk).update(status=PaymentStatus.CAPTURED, transaction=txn)
            return {"topup": topup.pk, "amount_ore": topup.amount_ore}, txn

        outcome = run_once(
            municipality_id=enrolment.municipality_id,
            key=f"topup:{topup.pk}",
            operation="topup",
            request={"topup": topup.pk},
            work=work,
        )
        if outcome.approved and not outcome.replayed and topup.payer_email:
            _send_receipt(topup)
    topup.refresh_from_db()
    return topup


def _send_receipt(topup: TopUp) -> None:
    from django.utils import translation

    from .tasks import send_topup_receipt

    scheme = topup.enrolment.scheme
    with translation.override(scheme.municipality.default_language or "nb"):
        subject = _("Receipt %(ref)s: %(amount)s to the activity card") % {
            "ref": str(topup),
            "amount": format_kr(topup.amount_ore),
        }
        body = _(
            "Thank you for your top-up of %(amount)s to an activity card in %(scheme)s.\n"
            "Receipt number: %(ref)s\nThe money can pay for memberships, fees and entry tickets."
        ) % {"amount": format_kr(topup.amount_ore), "scheme": scheme.name, "ref": str(topup)}
    transaction.on_commit(lambda: send_topup_receipt(to=topup.payer_email, subject=subject, body=body))


# --- looking a card up at the door -------------------------------------------------------------------------


def _lookup_counter_key(actor: User, client: str) -> str:
    return f"card:lookup-fail:{actor.pk}:{client}"


def card_lookup(*, actor: User, provider: Provider, number: str, client: str = "") -> Card:
    """Find an active or blocked card by its number for a provider. Wrong numbers are counted, audited and,
    after LOOKUP_FAILURE_LIMIT in LOOKUP_WINDOW_SECONDS, refused outright: guessing numbers gets nowhere."""
    if not actor.has_perm("card.redeem", provider):
        raise PermissionDenied
    counter = _lookup_counter_key(actor, client)
    failures = cache.get(counter, 0)
    if failures >= LOOKUP_FAILURE_LIMIT:
        audit_record(
            actor=actor,
            municipality=provider.municipality,
            action="card.lookup.refused",
            obj=provider,
            after={"reason": "too_many_attempts"},
        )
        raise ValidationError(
            {"card_number": _("Too many wrong card numbers. Wait 15 minutes, or ask the municipality for help.")},
            code="rate_limited",
        )
    number = cardnumbers.normalise(number)
    card = None
    reason = ""
    if not cardnumbers.is_valid(number):
        reason = "check_digit"
    else:
        card = (
            Card.objects.select_related("enrolment__scheme__municipality", "enrolment__municipality")
            .filter(
                number=number,
                enrolment__municipality_id=provider.municipality_id,
                enrolment__scheme_id=provider.scheme_id,
            )
            .first()
        )
        if card is None:
            reason = "unknown"
    if card is None:
        try:
            cache.incr(counter)
        except ValueError:
            cache.set(counter, 1, timeout=LOOKUP_WINDOW_SECONDS)
        audit_record(
            actor=actor,
            municipality=provider.municipality,
            action="card.lookup.failed",
            obj=provider,
            after={"reason": reason, "number_ends_with": number[-4:] if number else ""},
        )
        if reason == "check_digit":
            raise ValidationError(
                {"card_number": _("This is not a valid card number. Check the 16 digits and try again.")},
                code="check_digit",
            )
        raise ValidationError({"card_number": _("No card has this number.")}, code="unknown_card")
    return card


# --- payments: at the door and online ---------------------------------------------------------------------


def _window(offer: Offer, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    if offer.quota_period == QuotaPeriod.MONTH:
        start = today.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    elif offer.quota_period == QuotaPeriod.HALF_YEAR:
        start = datetime.date(today.year, 1 if today.month <= 6 else 7, 1)
        end = datetime.date(today.year, 6, 30) if today.month <= 6 else datetime.date(today.year, 12, 31)
    elif offer.quota_period == QuotaPeriod.OFFER:
        start = offer.valid_from or datetime.date(2000, 1, 1)
        end = offer.valid_until or datetime.date(9999, 12, 31)
    else:
        start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    return start, end


def _local_bounds(
    start: datetime.date, end: datetime.date, tz_name: str
) -> tuple[datetime.datetime, datetime.datetime]:
    tz = zoneinfo.ZoneInfo(tz_name)
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    finish = (
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        if end.year < 9999
        else datetime.datetime.max.replace(tzinfo=datetime.UTC)
    )
    return begin, finish


def visits_used(enrolment: Enrolment, offer: Offer, today: datetime.date) -> int:
    start, end = _window(offer, today)
    begin, finish = _local_bounds(start, end, enrolment.municipality.timezone)
    return (
        Redemption.objects.filter(enrolment=enrolment, offer=offer, created_at__gte=begin, created_at__lt=finish)
        .exclude(refunds__cancels_visit=True)
        .count()
    )


SPEND_RANK = {AccountKind.HOLDER_GRANT: 0, AccountKind.HOLDER_TARGETED: 1, AccountKind.HOLDER_TOPUP: 2}


def _spend_order(accounts: list[Account], today: datetime.date) -> list[Account]:
    """The accounts that may pay today, in the order they are spent: soonest expiry first, top-ups last."""
    usable = [
        a
        for a in accounts
        if a.kind in HOLDER_KINDS
        and (a.balance or 0) > 0
        and (a.valid_from is None or a.valid_from <= today)
        and (a.expires_on is None or a.expires_on >= today)
    ]
    return sorted(usable, key=lambda a: (a.expires_on or datetime.date.max, SPEND_RANK[AccountKind(a.kind)], a.pk))


def spendable_pots(enrolment: Enrolment, today: datetime.date) -> list[Account]:
    return _spend_order(list(Account.objects.filter(enrolment=enrolment, kind__in=list(HOLDER_KINDS))), today)


@dataclass
class ChargeRequest:
    provider: Provider
    enrolment: Enrolment
    card: Card | None
    offer: Offer | None
    category: str
    list_price_ore: int
    companions: int
    channel: str
    external_ref: str


def _charge(*, actor: User | None, req: ChargeRequest, today: datetime.date) -> tuple[dict[str, Any], Any]:
    """The inside of a payment, under the idempotency key. Raises Declined for a clear 'no'."""
    enrolment = req.enrolment
    scheme = enrolment.scheme
    provider_account = ledger.provider_account(req.provider)
    holder_ids = list(
        Account.objects.filter(enrolment=enrolment, kind__in=list(HOLDER_KINDS)).values_list("pk", flat=True)
    )
    locked = lock_objects(enrolments=[enrolment.pk], accounts=[*holder_ids, provider_account.pk])
    if req.card is not None:
        req.card.refresh_from_db(fields=["status"])
        if req.card.status != CardStatus.ACTIVE:
            raise Declined("card_blocked")
    if locked.enrolments[enrolment.pk].is_anonymised:
        raise Declined("card_blocked")
    if not req.provider.is_active:
        raise Declined("provider_inactive")
    if not scheme.allows(req.category):
        raise Declined("category_not_allowed")
    offer = req.offer
    provider_account = locked.accounts[provider_account.pk]
    result: dict[str, Any] = {"provider": req.provider.pk}

    if offer is not None and offer.kind == OfferKind.FREE_PASS:
        used = visits_used(enrolment, offer, today)
        if used >= (offer.quota or 0):
            raise Declined("quota_used", used=used, quota=offer.quota)
        persons = 1 + req.companions
        municipality_pays = offer.settlement_price_ore * persons
        txn = None
        if municipality_pays:
            posting = ledger.Posting()
            posting.add(ledger.budget_account(scheme), -municipality_pays)
            posting.add(provider_account, municipality_pays)
            txn = ledger.post(
                scheme=scheme,
                kind=TransactionKind.REDEMPTION,
                posting=posting,
                actor=actor,
                audit={"provider": req.provider.pk, "holder": enrolment.pk, "free_pass": offer.pk, "persons": persons},
            )
        redemption = Redemption.objects.create(
            municipality_id=enrolment.municipality_id,
            provider=req.provider,
            offer=offer,
            enrolment=enrolment,
            card=req.card,
            category=req.category,
            channel=req.channel,
            persons=persons,
            municipality_pays_ore=municipality_pays,
            external_ref=req.external_ref,
            transaction=txn,
            staff=actor,
        )
        result.update(
            redemption=redemption.pk,
            reference=redemption.reference,
            kind="free_pass",
            persons=persons,
            amount_ore=0,
            used=used + 1,
            quota=offer.quota,
        )
        return result, txn

    discount_percent = offer.discount_percent if offer is not None else 0
    discount = (req.list_price_ore * discount_percent + 50) // 100
    amount = req.list_price_ore - discount
    if amount <= 0:
        raise Declined("nothing_to_pay")
    pots = _spend_order([a for a in locked.accounts.values() if a.enrolment_id == enrolment.pk], today)
    if sum(p.balance or 0 for p in pots) < amount:
        raise Declined("insufficient_funds")
    posting = ledger.Posting()
    remaining = amount
    for pot in pots:
        take = min(remaining, pot.balance or 0)
        if take:
            posting.add(pot, -take)
            remaining -= take
        if remaining == 0:
            break
    posting.add(provider_account, amount)
    txn = ledger.post(
        scheme=scheme,
        kind=TransactionKind.REDEMPTION,
        posting=posting,
        actor=actor,
        audit={"provider": req.provider.pk, "holder": enrolment.pk, "offer": offer.pk if offer else None},
    )
    redemption = Redemption.objects.create(
        municipality_id=enrolment.municipality_id,
        provider=req.provider,
        offer=offer,
        enrolment=enrolment,
        card=req.card,
        category=req.category,
        channel=req.channel,
        list_price_ore=req.list_price_ore,
        discount_ore=discount,
        amount_ore=amount,
        persons=1,
        external_ref=req.external_ref,
        transaction=txn,
        staff=actor,
    )
    result.update(
        redemption=redemption.pk,
        reference=redemption.reference,
        kind="payment",
        amount_ore=amount,
        discount_ore=discount,
    )
    return result, txn


def _check_amount(amount_ore: int | None, field: str = "amount") -> int:
    if amount_ore is None or amount_ore < 1:
        raise ValidationError({field: _("Give an amount greater than zero.")})
    if amount_ore > MAX_PAYMENT_ORE:
        raise ValidationError({field: _("The amount is too large.")})
    return amount_ore


def redeem(
    *,
    actor: User,
    provider: Provider,
    card: Card,
    idempotency_key: str,
    offer: Offer | None = None,
    amount_ore: int | None = None,
    companions: int = 0,
    today: datetime.date | None = None,
) -> Outcome:
    """A provider's staff take payment or let the holder in on a free pass. The card comes from `card_lookup`."""
    if not actor.has_perm("card.redeem", provider):
        raise PermissionDenied
    today = today or timezone.localdate()
    validate_key(idempotency_key)
    if card.enrolment.scheme_id != provider.scheme_id:
        raise ValidationError({"card_number": _("No card has this number.")})
    if offer is None:
        raise ValidationError({"offer": _("Choose what the card pays for.")})
    if offer.provider_id != provider.pk or not offer.is_active:
        raise ValidationError({"offer": _("Choose one of your own offers.")})
    if (offer.valid_from and offer.valid_from > today) or (offer.valid_until and offer.valid_until < today):
        raise ValidationError({"offer": _("This offer is not valid today.")})
    companions = companions or 0
    if offer.kind == OfferKind.FREE_PASS:
        if not 0 <= companions <= offer.max_companions:
            raise ValidationError(
                {"companions": _("This pass lets in at most %(n)s companions.") % {"n": offer.max_companions}}
            )
        list_price = 0
    elif offer.kind == OfferKind.OPEN_AMOUNT:
        list_price = _check_amount(amount_ore)
        companions = 0
    else:
        list_price = offer.price_ore
        companions = 0
    req = ChargeRequest(
        provider=provider,
        enrolment=card.enrolment,
        card=card,
        offer=offer,
        category=offer.category,
        list_price_ore=list_price,
        companions=companions,
        channel=Channel.DOOR,
        external_ref="",
    )
    return run_once(
        municipality_id=provider.municipality_id,
        key=idempotency_key,
        operation="redeem",
        request={
            "provider": provider.pk,
            "card": card.pk,
            "offer": offer.pk,
            "amount": list_price,
            "companions": companions,
        },
        work=lambda: _charge(actor=actor, req=req, today=today),
    )


def card_pay(
    *,
    actor: User,
    enrolment: Enrolment,
    provider: Provider,
    amount_ore: int,
    category: str,
    external_ref: str,
    idempotency_key: str,
    today: datetime.date | None = None,
) -> Outcome:
    """Pay an activity's fee from the card online, e.g. when a guardian signs a child up (see hooks.py).

    The guardian of the holder pays; `external_ref` names the order or sign-up in the calling app.
    """
    if enrolment.child is None or not enrolment.child.guardianships.filter(guardian=actor).exists():
        raise PermissionDenied
    today = today or timezone.localdate()
    validate_key(idempotency_key)
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    if provider.scheme_id != enrolment.scheme_id:
        raise ValidationError({"provider": _("This organiser does not accept the card.")})
    external_ref = (external_ref or "").strip()
    if not external_ref or len(external_ref) > 100:
        raise ValidationError({"external_ref": _("Give the order or sign-up reference (at most 100 characters).")})
    _check_amount(amount_ore)
    req = ChargeRequest(
        provider=provider,
        enrolment=enrolment,
        card=None,
        offer=None,
        category=category,
        list_price_ore=amount_ore,
        companions=0,
        channel=Channel.ONLINE,
        external_ref=external_ref,
    )
    return run_once(
        municipality_id=enrolment.municipality_id,
        key=idempotency_key,
        operation="card_pay",
        request={
            "provider": provider.pk,
            "holder": enrolment.pk,
            "amount": amount_ore,
            "category": category,
            "ref": external_ref,
        },
        work=lambda: _charge(actor=actor, req=req, today=today),
    )


# --- refunds ----------------------------------------------------------------------------------------------


def refundable(redemption: Redemption) -> tuple[int, bool]:
    """What can still be given back: card money (øre), and whether a free-pass visit can still be cancelled."""
    refunded = redemption.refunds.aggregate(total=Sum("amount_ore"))["total"] or 0
    visit_cancelled = redemption.refunds.filter(cancels_visit=True).exists()
    can_cancel_visit = (
        redemption.offer is not None and redemption.offer.kind == OfferKind.FREE_PASS and not visit_cancelled
    )
    return redemption.amount_ore - refunded, can_cancel_visit


def _fund_for(pot: Account) -> Account:
    if pot.kind == AccountKind.HOLDER_GRANT and pot.grant_round is not None:
        return ledger.grant_fund_account(pot.grant_round)
    if pot.kind == AccountKind.HOLDER_TARGETED:
        return ledger.targeted_fund_account(pot.scheme)
    raise ValueError("Top-ups never expire.")


def refund(
    *,
    actor: User,
    redemption: Redemption,
    amount_ore: int,
    reason: str,
    idempotency_key: str,
    cancels_visit: bool = False,
    today: datetime.date | None = None,
) -> Outcome:
    """Give money back (or a free-pass visit) as entries that reverse the payment's, to the same accounts."""
    if not actor.has_perm("card.refund", redemption.provider):
        raise PermissionDenied
    return _refund(
        actor=actor,
        redemption=redemption,
        amount_ore=amount_ore,
        reason=reason,
        idempotency_key=idempotency_key,
        cancels_visit=cancels_visit,
        today=today,
    )


def refund_online_payment(*, actor: User, redemption: Redemption, reason: str, idempotency_key: str) -> Outcome:
    """Give back what is left of an online payment (a sign-up's fee) when the calling app cancels what it paid for.

    The provider's staff and the municipality's administrators may, as for any refund; so may a guardian of the
    holder, because cancelling their child's sign-up is how they ask for the fee back (decision 0406). Only
    `hooks.refund_activity_fee` calls this, after the calling app has authorised the cancellation.
    """
    if redemption.channel != Channel.ONLINE:
        raise ValidationError(_("Only a payment made online can be given back this way."))
    child = redemption.enrolment.child
    is_guardian = child is not None and child.guardianships.filter(guardian=actor).exists()
    if not (is_guardian or actor.has_perm("card.refund", redemption.provider)):
        raise PermissionDenied
    left, _visit = refundable(redemption)
    if left == 0:
        # Already given back in full (at the desk, or by an earlier cancellation): nothing more to do.
        return Outcome(approved=True, result={"amount_ore": 0, "already_refunded": True})
    return _refund(actor=actor, redemption=redemption, amount_ore=left, reason=reason, idempotency_key=idempotency_key)


def _refund(
    *,
    actor: User,
    redemption: Redemption,
    amount_ore: int,
    reason: str,
    idempotency_key: str,
    cancels_visit: bool = False,
    today: datetime.date | None = None,
) -> Outcome:
    today = today or timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you give the money back.")})
    validate_key(idempotency_key)
    amount_ore = amount_ore or 0
    if amount_ore < 0:
        raise ValidationError({"amount": _("Give an amount greater than zero.")})
    left, can_cancel_visit = refundable(redemption)
    if cancels_visit and not can_cancel_visit:
        raise ValidationError({"cancels_visit": _("This visit is already cancelled, or it was not a free pass.")})
    if amount_ore > left:
        raise ValidationError({"amount": _("At most %(left)s can be given back.") % {"left": format_kr(left)}})
    if amount_ore == 0 and not cancels_visit:
        raise ValidationError({"amount": _("Give an amount greater than zero.")})
    enrolment = redemption.enrolment
    scheme = enrolment.scheme

    def work() -> tuple[dict[str, Any], Any]:
        provider_account = ledger.provider_account(redemption.provider)
        spent: dict[int, int] = {}
        if redemption.transaction_id:
            for entry in Entry.objects.filter(transaction_id=redemption.transaction_id, amount__lt=0).select_related(
                "account"
            ):
                if entry.account.kind in HOLDER_KINDS:
                    spent[entry.account_id] = -entry.amount
        pot_ids = list(spent)
        expired = {
            a.pk: _fund_for(a)
            for a in Account.objects.filter(pk__in=pot_ids, expires_on__lt=today).select_related(
                "grant_round", "scheme"
            )
        }
        fund_ids = [fund.pk for fund in expired.values()]
        locked = lock_objects(enrolments=[enrolment.pk], accounts=[*pot_ids, *fund_ids, provider_account.pk])
        # Under the lock, see what earlier refunds gave back.
        left_now, can_cancel_now = refundable(redemption)
        if amount_ore > left_now or (cancels_visit and not can_cancel_now):
            raise Declined("already_refunded")
        returned = (
            dict(
                Entry.objects.filter(transaction__reverses_id=redemption.transaction_id, account_id__in=pot_ids)
                .values("account_id")
                .annotate(total=Sum("amount"))
                .values_list("account_id", "total")
            )
            if redemption.transaction_id
            else {}
        )
        municipality_part = redemption.municipality_pays_ore if cancels_visit else 0
        provider_account = locked.accounts[provider_account.pk]
        total = amount_ore + municipality_part
        if (provider_account.balance or 0) < total:
            raise Declined("provider_already_paid")
        posting = ledger.Posting()
        posting.add(provider_account, -total)
        remaining = amount_ore
        # Give back to the accounts in the reverse order they paid: the last one charged is refilled first.
        order = (
            [
                e.account_id
                for e in Entry.objects.filter(
                    transaction_id=redemption.transaction_id or 0, account_id__in=pot_ids
                ).order_by("-pk")
            ]
            if pot_ids
            else []
        )
        for pot_id in order:
            if remaining == 0:
                break
            room = spent[pot_id] - int(returned.get(pot_id) or 0)
            give = min(room, remaining)
            if give <= 0:
                continue
            if pot_id in expired:
                # The money's period is over: it goes back to its grant account, not to the card.
                posting.add(locked.accounts[expired[pot_id].pk], give)
            else:
                posting.add(locked.accounts[pot_id], give)
            remaining -= give
        if remaining:
            raise Declined("already_refunded")
        if municipality_part:
            posting.add(ledger.budget_account(scheme), municipality_part)
        txn = None
        if total:
            txn = ledger.post(
                scheme=scheme,
                kind=TransactionKind.REFUND,
                posting=posting,
                actor=actor,
                reverses=redemption.transaction,
                audit={"redemption": redemption.pk, "reason": reason},
            )
        else:
            audit_record(
                actor=actor,
                municipality=scheme.municipality,
                action="card.money.refund",
                obj=redemption,
                after={"redemption": redemption.pk, "cancels_visit": True, "amount_ore": 0},
            )
        refund_row = Refund.objects.create(
            redemption=redemption,
            amount_ore=amount_ore,
            municipality_ore=municipality_part,
            cancels_visit=cancels_visit,
            reason=reason[:200],
            transaction=txn,
            staff=actor,
        )
        return {"refund": refund_row.pk, "amount_ore": amount_ore, "reference": str(refund_row)}, txn

    return run_once(
        municipality_id=enrolment.municipality_id,
        key=idempotency_key,
        operation="refund",
        request={"redemption": redemption.pk, "amount": amount_ore, "visit": cancels_visit},
        work=work,
    )


# --- expiry -----------------------------------------------------------------------------------------------


def expire_due(*, today: datetime.date | None = None, municipality_id: int | None = None) -> int:
    """Move what is left on expired grants back to their grant accounts. Safe to run again; returns how many."""
    today = today or timezone.localdate()
    due = Account.objects.filter(
        kind__in=[AccountKind.HOLDER_GRANT, AccountKind.HOLDER_TARGETED], expires_on__lt=today, balance__gt=0
    )
    if municipality_id is not None:
        due = due.filter(municipality_id=municipality_id)
    done = 0
    for pot in due.select_related("scheme__municipality", "grant_round").iterator():

        def work(pot: Account = pot) -> tuple[dict[str, Any], Any]:
            fund = _fund_for(pot)
            locked = lock_objects(enrolments=[pot.enrolment_id or 0], accounts=[pot.pk, fund.pk])
            current = locked.accounts[pot.pk]
            if not current.balance:
                raise Declined("nothing_left")
            posting = ledger.Posting()
            posting.add(current, -current.balance)
            posting.add(locked.accounts[fund.pk], current.balance)
            txn = ledger.post(
                scheme=pot.scheme,
                kind=TransactionKind.EXPIRY,
                posting=posting,
                actor=None,
                audit={"holder": pot.enrolment_id, "expired_on": str(pot.expires_on)},
            )
            return {"amount_ore": -posting.legs[current.pk]}, txn

        outcome = run_once(
            municipality_id=pot.municipality_id,
            key=f"expiry:{pot.pk}",
            operation="expiry",
            request={"account": pot.pk},
            work=work,
        )
        done += 1 if outcome.approved and not outcome.replayed else 0
    return done


# --- payouts ----------------------------------------------------------------------------------------------


def payout_month(*, actor: User, provider: Provider, month: datetime.date, idempotency_key: str) -> Payout:
    """Record that the municipality paid the provider what it owed up to the end of `month`."""
    from .settlement import settlement_for

    if not actor.has_perm("card.view_settlement", provider.municipality):
        raise PermissionDenied
    month = month.replace(day=1)
    if month >= timezone.localdate().replace(day=1):
        raise ValidationError(_("A month can be paid out when it has ended."))
    if Payout.objects.filter(provider=provider, month__gte=month).exists():
        raise ValidationError(_("This month, or a later one, is already paid out."))

    def work() -> tuple[dict[str, Any], Any]:
        account = ledger.provider_account(provider)
        locked = lock_objects(accounts=[account.pk])
        statement = settlement_for(provider=provider, month=month)
        owed = statement.closing_ore
        txn = None
        if owed > 0:
            if (locked.accounts[account.pk].balance or 0) < owed:
                raise ValidationError(_("Refunds since the month ended are larger than what is owed. Pay next month."))
            posting = ledger.Posting()
            posting.add(locked.accounts[account.pk], -owed)
            posting.add(ledger.payouts_account(provider.scheme), owed)
            txn = ledger.post(
                scheme=provider.scheme,
                kind=TransactionKind.PAYOUT,
                posting=posting,
                actor=actor,
                audit={"provider": provider.pk, "month": month.isoformat()},
            )
        payout = Payout.objects.create(
            provider=provider, month=month, amount_ore=max(owed, 0), transaction=txn, paid_by=actor
        )
        return {"payout": payout.pk, "amount_ore": payout.amount_ore}, txn

    outcome = run_once(
        municipality_id=provider.municipality_id,
        key=idempotency_key,
        operation="payout",
        request={"provider": provider.pk, "month": month},
        work=work,
    )
    return Payout.objects.get(pk=outcome.result["payout"])


# --- display ----------------------------------------------------------------------------------------------


def format_kr(ore: int) -> str:
    """12345 → '123,45 kr' (Norwegian and Danish style, with a non-breaking thin space between thousands)."""
    sign = "−" if ore < 0 else ""
    kroner, rest = divmod(abs(int(ore)), 100)
    grouped = f"{kroner:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{rest:02d} kr"


def holder_balance(enrolment: Enrolment) -> int:
    return int(
        Account.objects.filter(enrolment=enrolment, kind__in=list(HOLDER_KINDS)).aggregate(total=Sum("balance"))[
            "total"
        ]
        or 0
    )


def spendable_balance(enrolment: Enrolment, today: datetime.date | None = None) -> int:
    return sum(p.balance or 0 for p in spendable_pots(enrolment, today or timezone.localdate()))
