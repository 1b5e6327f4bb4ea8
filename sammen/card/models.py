"""The activity card: schemes, card holders and their cards, providers and offers, and the money ledger.

Money is always an integer number of øre. The ledger (Account, Transaction, Entry) is double-entry and
append-only: balances are sums of entries; `Account.balance` is a cache that `card_reconcile` checks.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sammen.core.models import TimeStampedModel


class Category(models.TextChoices):
    """What a payment is for. A scheme says which categories the card may pay."""

    MEMBERSHIP = "membership", _("Membership")
    FEE = "fee", _("Activity fee")
    ENTRY = "entry", _("Entry ticket")
    EQUIPMENT = "equipment", _("Equipment")
    KIOSK = "kiosk", _("Kiosk and food")


DEFAULT_ALLOWED_CATEGORIES = [Category.MEMBERSHIP.value, Category.FEE.value, Category.ENTRY.value]


class Scheme(TimeStampedModel):
    """A municipality's activity card scheme: who may have a card and what the card may pay for."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="card_schemes", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    min_age = models.PositiveSmallIntegerField(_("youngest age"), default=6)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), default=16)
    allowed_categories = models.JSONField(_("what the card may pay"), default=list)
    max_topup_ore = models.PositiveIntegerField(
        _("largest top-up (øre)"), default=500_000, help_text=_("The most one payment may add to a card.")
    )
    pilot_neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pilot neighbourhood"),
    )
    pilot_started_on = models.DateField(_("pilot started"), null=True, blank=True)
    is_active = models.BooleanField(_("open for enrolment"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("card scheme")
        verbose_name_plural = _("card schemes")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="card_scheme_unique_name"),
            models.CheckConstraint(condition=Q(min_age__lte=models.F("max_age")), name="card_scheme_age_order"),
            models.CheckConstraint(condition=Q(max_age__lte=25), name="card_scheme_age_limit"),
        ]

    def __str__(self) -> str:
        return self.name

    def allows(self, category: str) -> bool:
        return category in (self.allowed_categories or [])


class Enrolment(TimeStampedModel):
    """A child in a scheme: the holder of the money and entitlements. Cards come and go; the enrolment stays.

    Its string never names the child, because it appears in the audit log and in provider-facing records.
    """

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="card_enrolments", verbose_name=_("municipality")
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("scheme"))
    # SET_NULL: when the child's record goes, the money stays in the books, anonymous.
    child = models.ForeignKey(
        "accounts.Child",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="card_enrolments",
        verbose_name=_("child"),
    )
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood the child lives in"),
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    is_anonymised = models.BooleanField(_("anonymised"), default=False)

    class Meta:
        verbose_name = _("card holder")
        verbose_name_plural = _("card holders")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "child"], condition=Q(child__isnull=False), name="card_enrolment_one_per_child"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class CardStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    BLOCKED = "blocked", _("Blocked")


class Card(TimeStampedModel):
    """A card number (printed and as QR code) that belongs to an enrolment. Blocking one and issuing another
    keeps the money, because the money belongs to the enrolment."""

    tenant_path: ClassVar[str | None] = "enrolment__municipality"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="cards", verbose_name=_("holder"))
    number = models.CharField(_("card number"), max_length=16, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=CardStatus.choices, default=CardStatus.ACTIVE)
    blocked_at = models.DateTimeField(_("blocked"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("replaces")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(status="active"), name="card_one_active_card_per_holder"
            ),
            models.CheckConstraint(condition=Q(status__in=["active", "blocked"]), name="card_status_known"),
            models.CheckConstraint(condition=Q(number__regex=r"^[0-9]{16}$"), name="card_number_sixteen_digits"),
        ]

    def __str__(self) -> str:
        return f"•••• {self.number[-4:]}"

    @property
    def is_active(self) -> bool:
        return self.status == CardStatus.ACTIVE

    @property
    def grouped_number(self) -> str:
        return " ".join(self.number[i : i + 4] for i in range(0, 16, 4))


class TopUpLink(TimeStampedModel):
    """A secret link a guardian shares with relatives so they can put money on the child's card."""

    tenant_path: ClassVar[str | None] = "enrolment__municipality"

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="topup_links", verbose_name=_("holder")
    )
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("top-up link")
        verbose_name_plural = _("top-up links")


class Provider(TimeStampedModel):
    """An organisation that accepts the card (a swimming hall, a club), by agreement with the municipality."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="card_providers", verbose_name=_("municipality")
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="providers", verbose_name=_("scheme"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="card_providers",
        verbose_name=_("organisation"),
    )
    bank_account = models.CharField(_("bank account for payouts"), max_length=20, blank=True)
    is_active = models.BooleanField(_("accepts the card"), default=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("card provider")
        verbose_name_plural = _("card providers")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "organisation"], name="card_provider_unique"),
        ]

    def __str__(self) -> str:
        return self.organisation.name


class OfferKind(models.TextChoices):
    PRICE = "price", _("Fixed price")
    OPEN_AMOUNT = "open_amount", _("Amount entered at the door")
    FREE_PASS = "free_pass", _("Free pass with a quota")


class QuotaPeriod(models.TextChoices):
    YEAR = "year", _("per calendar year")
    HALF_YEAR = "half_year", _("per half-year")
    MONTH = "month", _("per month")
    OFFER = "offer", _("while the offer runs")


class Offer(TimeStampedModel):
    """What a provider sells for the card: an entry at a price, an amount typed at the door, or a free pass."""

    tenant_path: ClassVar[str | None] = "provider__municipality"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offers", verbose_name=_("provider"))
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=OfferKind.choices)
    category = models.CharField(_("what it pays for"), max_length=16, choices=Category.choices)
    price_ore = models.PositiveIntegerField(_("price (øre)"), default=0)
    discount_percent = models.PositiveSmallIntegerField(
        _("discount given by the provider (%)"), default=0, help_text=_("Paid by the provider, not by the card.")
    )
    quota = models.PositiveSmallIntegerField(_("visits in the quota"), null=True, blank=True)
    quota_period = models.CharField(
        _("quota period"), max_length=16, choices=QuotaPeriod.choices, default=QuotaPeriod.YEAR
    )
    max_companions = models.PositiveSmallIntegerField(_("companions free with the holder"), default=0)
    settlement_price_ore = models.PositiveIntegerField(
        _("the municipality pays per person (øre)"),
        default=0,
        help_text=_("For free passes: what the municipality pays the provider for each person let in."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["provider", "title"]
        verbose_name = _("card offer")
        verbose_name_plural = _("card offers")
        constraints = [
            models.CheckConstraint(condition=Q(discount_percent__lte=100), name="card_offer_discount_percent"),
            models.CheckConstraint(
                condition=~Q(kind="free_pass") | Q(quota__gte=1), name="card_offer_free_pass_has_quota"
            ),
            models.CheckConstraint(condition=~Q(kind="price") | Q(price_ore__gte=1), name="card_offer_price_positive"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="card_offer_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def charge_ore(self) -> int:
        """What a fixed-price offer costs the card after the provider's discount (rounded to whole øre)."""
        discount = (self.price_ore * self.discount_percent + 50) // 100
        return self.price_ore - discount


class GrantRound(TimeStampedModel):
    """A municipal grant to every child in the scheme for a period, e.g. 500 kr for the autumn half-year."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="card_grant_rounds",
        verbose_name=_("municipality"),
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="grant_rounds", verbose_name=_("scheme"))
    name = models.CharField(_("name"), max_length=120)
    amount_ore = models.PositiveIntegerField(_("amount per child (øre)"))
    valid_from = models.DateField(_("valid from"))
    expires_on = models.DateField(_("expires after"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-valid_from", "name"]
        verbose_name = _("grant round")
        verbose_name_plural = _("grant rounds")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="card_grantround_unique_name"),
            models.CheckConstraint(condition=Q(amount_ore__gte=1), name="card_grantround_amount_positive"),
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("expires_on")), name="card_grantround_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TargetedGrant(TimeStampedModel):
    """Extra money for one child, decided by a caseworker. The reason is sensitive: only caseworkers and
    municipality administrators may read it; nothing shown to providers, guardians or on the card names it."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="card_targeted_grants",
        verbose_name=_("municipality"),
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="targeted_grants", verbose_name=_("holder")
    )
    amount_ore = models.PositiveIntegerField(_("amount (øre)"))
    reason = models.TextField(_("reason for the decision"))
    valid_from = models.DateField(_("valid from"))
    expires_on = models.DateField(_("expires after"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("targeted grant")
        verbose_name_plural = _("targeted grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount_ore__gte=1), name="card_targetedgrant_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class AccountKind(models.TextChoices):
    # Outside the scheme: where money comes from and goes to. No cached balance, may be negative.
    BUDGET = "budget", _("Municipal budget")
    PAYMENT_PROVIDER = "payment_provider", _("Payment provider")
    PAYOUTS = "payouts", _("Paid out to providers")
    # Inside the scheme: never below zero.
    GRANT_FUND = "grant_fund", _("Grant account")
    TARGETED_FUND = "targeted_fund", _("Targeted grant account")
    HOLDER_GRANT = "holder_grant", _("Municipal grant")
    HOLDER_TARGETED = "holder_targeted", _("Extra grant")
    HOLDER_TOPUP = "holder_topup", _("Top-ups")
    PROVIDER = "provider", _("Owed to the provider")


EXTERNAL_KINDS = frozenset({AccountKind.BUDGET, AccountKind.PAYMENT_PROVIDER, AccountKind.PAYOUTS})
HOLDER_KINDS = frozenset({AccountKind.HOLDER_GRANT, AccountKind.HOLDER_TARGETED, AccountKind.HOLDER_TOPUP})


class Account(models.Model):
    """One ledger account. The balance is the sum of its entries; `balance` caches it for internal accounts."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="card_accounts", verbose_name=_("municipality")
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="accounts")
    kind = models.CharField(_("kind"), max_length=20, choices=AccountKind.choices)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts")
    grant_round = models.ForeignKey(
        GrantRound, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts"
    )
    targeted_grant = models.OneToOneField(
        TargetedGrant, on_delete=models.PROTECT, null=True, blank=True, related_name="account"
    )
    provider = models.OneToOneField(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="account")
    payment_provider = models.CharField(max_length=40, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    balance = models.BigIntegerField(_("balance (øre)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        indexes = [models.Index(fields=["enrolment", "kind"], name="card_account_holder")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=sorted(k.value for k in EXTERNAL_KINDS)) & Q(balance__isnull=True))
                | (~Q(kind__in=sorted(k.value for k in EXTERNAL_KINDS)) & Q(balance__gte=0)),
                name="card_account_balance_never_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in HOLDER_KINDS)) | Q(enrolment__isnull=False),
                name="card_account_holder_has_enrolment",
            ),
            models.UniqueConstraint(
                fields=["enrolment", "grant_round"],
                condition=Q(kind="holder_grant"),
                name="card_account_one_grant_per_round",
            ),
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(kind="holder_topup"), name="card_account_one_topup_pot"
            ),
            models.UniqueConstraint(
                fields=["grant_round"], condition=Q(kind="grant_fund"), name="card_account_one_fund_per_round"
            ),
            models.UniqueConstraint(
                fields=["scheme", "kind", "payment_provider"],
                condition=Q(kind__in=["budget", "payouts", "targeted_fund", "payment_provider"]),
                name="card_account_singletons",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_external(self) -> bool:
        return self.kind in EXTERNAL_KINDS


class TransactionKind(models.TextChoices):
    GRANT = "grant", _("Municipal grant")
    TARGETED_GRANT = "targeted_grant", _("Extra grant")
    TOPUP = "topup", _("Top-up")
    REDEMPTION = "redemption", _("Payment")
    REFUND = "refund", _("Refund")
    EXPIRY = "expiry", _("Expired")
    PAYOUT = "payout", _("Payout to provider")
    CORRECTION = "correction", _("Correction")


class Transaction(models.Model):
    """A set of entries that move money and sum to zero. Never changed or deleted; a correction reverses."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="card_transactions",
        verbose_name=_("municipality"),
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(_("kind"), max_length=20, choices=TransactionKind.choices)
    reverses = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversals")
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Entry(models.Model):
    """One leg of a transaction: a signed amount in øre on one account."""

    tenant_path: ClassVar[str | None] = "transaction__municipality"

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField(_("amount (øre)"))
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["account", "created_at"], name="card_entry_account_time")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="card_entry_amount_not_zero"),
            models.UniqueConstraint(fields=["transaction", "account"], name="card_entry_one_leg_per_account"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount}"


class IdempotencyRecord(models.Model):
    """The first outcome of a write, kept under the key the caller sent, so a retry gets the same answer."""

    municipality = models.ForeignKey("places.Municipality", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    operation = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64)
    outcome = models.CharField(max_length=20)
    result = models.JSONField(default=dict)
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="card_idempotency_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.key}: {self.outcome}"


class Channel(models.TextChoices):
    DOOR = "door", _("At the door")
    ONLINE = "online", _("Online")


class Redemption(models.Model):
    """A use of the card at a provider: a payment, or a visit on a free pass. What providers see of the card."""

    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, related_name="card_redemptions", verbose_name=_("municipality")
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="redemptions")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="redemptions")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="redemptions")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, null=True, blank=True, related_name="redemptions")
    category = models.CharField(_("what it paid for"), max_length=16, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.DOOR)
    list_price_ore = models.PositiveIntegerField(_("list price (øre)"), default=0)
    discount_ore = models.PositiveIntegerField(_("provider's discount (øre)"), default=0)
    amount_ore = models.PositiveIntegerField(_("paid by the card (øre)"), default=0)
    municipality_pays_ore = models.PositiveIntegerField(_("paid by the municipality for a free pass (øre)"), default=0)
    persons = models.PositiveSmallIntegerField(_("persons"), default=1)
    external_ref = models.CharField(_("order or sign-up reference"), max_length=100, blank=True)
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="redemption"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("card use")
        verbose_name_plural = _("card uses")
        indexes = [
            models.Index(fields=["provider", "created_at"], name="card_redemption_provider_time"),
            models.Index(fields=["enrolment", "offer", "created_at"], name="card_redemption_quota"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(persons__gte=1), name="card_redemption_persons"),
        ]

    def __str__(self) -> str:
        return f"R-{self.pk:06d}" if self.pk else "R-new"

    @property
    def reference(self) -> str:
        return str(self)

    @property
    def settled_ore(self) -> int:
        """What the provider is owed for this use: the card's payment plus the municipality's free-pass price."""
        return self.amount_ore + self.municipality_pays_ore


class Refund(models.Model):
    """Money given back for (part of) a redemption, as a transaction that reverses its entries."""

    tenant_path: ClassVar[str | None] = "redemption__municipality"

    redemption = models.ForeignKey(Redemption, on_delete=models.PROTECT, related_name="refunds")
    amount_ore = models.PositiveIntegerField(_("refunded to the card (øre)"))
    municipality_ore = models.PositiveIntegerField(_("refunded to the municipality (øre)"), default=0)
    cancels_visit = models.BooleanField(_("gives the free-pass visit back"), default=False)
    reason = models.CharField(_("reason"), max_length=200)
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="refund"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return f"K-{self.pk:06d}" if self.pk else "K-new"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    CAPTURED = "captured", _("Paid")
    FAILED = "failed", _("Not paid")


class TopUp(TimeStampedModel):
    """A payment by a guardian or relative through a payment provider, credited to the child's card."""

    tenant_path: ClassVar[str | None] = "enrolment__municipality"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="topups")
    amount_ore = models.PositiveIntegerField(_("amount (øre)"))
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payer_name = models.CharField(_("your name"), max_length=120, blank=True)
    payer_email = models.EmailField(_("your e-mail for the receipt"), blank=True)
    message = models.CharField(_("greeting"), max_length=140, blank=True)
    payment_provider = models.CharField(max_length=40)
    provider_reference = models.CharField(max_length=100, unique=True)
    status = models.CharField(max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="topup"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("top-up")
        verbose_name_plural = _("top-ups")
        constraints = [models.CheckConstraint(condition=Q(amount_ore__gte=1), name="card_topup_amount_positive")]

    def __str__(self) -> str:
        return f"T-{self.pk:06d}" if self.pk else "T-new"


class Payout(models.Model):
    """A monthly settlement paid to a provider: what the municipality owed it up to the end of the month."""

    tenant_path: ClassVar[str | None] = "provider__municipality"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="payouts")
    month = models.DateField(_("month"))
    amount_ore = models.BigIntegerField(_("amount (øre)"))
    transaction = models.OneToOneField(
        Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="payout"
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["provider", "month"], name="card_payout_one_per_month")]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.month:%Y-%m}: {self.amount_ore}"
