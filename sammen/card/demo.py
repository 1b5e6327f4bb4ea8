"""Demo of the activity card in Fjordvik: Amina Hassan's children Yusuf and Leila with cards, a half-year grant
to every child, an extra grant for Leila decided by the caseworker, a top-up from their grandfather, the
swimming hall with a free pass and an entry ticket, Borgen IL's membership fee, uses at the door, and the
month's settlement. Other families make the reports meaningful. Idempotent: fixed keys replay."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sammen.accounts.models import Child, Guardianship, User
from sammen.core.demo import DEMO_PASSWORD, DemoContext

from . import money, services
from .models import Card, Enrolment, GrantRound, Offer, OfferKind, Provider, QuotaPeriod, Scheme, TopUp
from .payments import FakePaymentProvider

OTHER_FAMILIES = [
    ("Sara", "Nilsen", 2014, "borgen"),
    ("Jonas", "Berg", 2016, "borgen"),
    ("Amir", "Rahimi", 2012, "borgen"),
    ("Nora", "Lie", 2017, "borgen"),
    ("Emil", "Haugen", 2013, "borgen"),
    ("Ida", "Johansen", 2015, "borgen"),
    ("Filip", "Nowak", 2011, "ullereal"),
    ("Maja", "Dahl", 2016, "ullereal"),
    ("Ali", "Yilmaz", 2014, "ullereal"),
    ("Ella", "Strand", 2018, "ullereal"),
    ("Oskar", "Moen", 2012, "ullereal"),
    ("Sofie", "Bakke", 2015, "ullereal"),
]


def _half_year(today: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    if today.month <= 6:
        return f"Vår {today.year}", datetime.date(today.year, 1, 1), datetime.date(today.year, 6, 30)
    return f"Høst {today.year}", datetime.date(today.year, 7, 1), datetime.date(today.year, 12, 31)


def _enrol(guardian: User, scheme: Scheme, child: Child, neighbourhood: object) -> Enrolment:
    enrolment = Enrolment.objects.filter(scheme=scheme, child=child).first()
    if enrolment is None:
        enrolment = services.enrol(guardian=guardian, scheme=scheme, child=child, neighbourhood=neighbourhood)  # type: ignore[arg-type]
    return enrolment


def _top_up(enrolment: Enrolment, amount_ore: int, payer_name: str, message: str) -> None:
    if TopUp.objects.filter(enrolment=enrolment, payer_name=payer_name, status="captured").exists():
        return
    topup, _url = money.topup_start(
        payer=None,
        enrolment=enrolment,
        amount_ore=amount_ore,
        payer_name=payer_name,
        payer_email="",
        message=message,
        return_url_for=lambda reference: "/",
    )
    FakePaymentProvider().decide(topup.provider_reference, approve=True)
    money.topup_confirm(topup=topup)


def load(ctx: DemoContext) -> None:
    fjordvik = ctx.municipalities["fjordvik"]
    borgen = ctx.neighbourhoods["borgen"]
    ullereal = ctx.neighbourhoods["ullereal"]
    admin = ctx.users["municipality_admin"]
    caseworker = ctx.users["caseworker"]
    guardian = ctx.users["guardian"]
    door_staff = ctx.users["provider"]
    today = timezone.localdate()

    scheme = Scheme.objects.filter(municipality=fjordvik, name="Fritidskortet Fjordvik").first()
    if scheme is None:
        scheme = services.scheme_create(
            actor=admin,
            municipality=fjordvik,
            name="Fritidskortet Fjordvik",
            description=(
                "Kortet gir alle barn fra 6 til 16 år penger til kontingent, treningsavgift og inngang. "
                "Besteforeldre og andre kan fylle på. Kortet kan ikke brukes i kiosken."
            ),
            pilot_neighbourhood=borgen,
            pilot_started_on=datetime.date(today.year, 1, 1),
        )
    ctx.objects["card_scheme"] = scheme

    providers = {}
    for key in ("organisation:Fjordvik svømmehall", "organisation:Borgen IL"):
        organisation = ctx.objects[key]
        provider = Provider.objects.filter(scheme=scheme, organisation=organisation).first()
        if provider is None:
            provider = services.provider_add(
                actor=admin, scheme=scheme, organisation=organisation, bank_account="15036524593"
            )
        providers[key] = provider
    swimming = providers["organisation:Fjordvik svømmehall"]
    club = providers["organisation:Borgen IL"]
    ctx.objects["card_provider:swimming"] = swimming

    def offer(provider: Provider, title: str, **fields: object) -> Offer:
        existing = Offer.objects.filter(provider=provider, title=title).first()
        return existing or services.offer_create(actor=admin, provider=provider, title=title, **fields)  # type: ignore[arg-type]

    free_swim = offer(
        swimming,
        "Fribad for barn",
        kind=OfferKind.FREE_PASS,
        category="entry",
        quota=5,
        quota_period=QuotaPeriod.YEAR,
        max_companions=1,
        settlement_price_ore=4_000,
    )
    entry = offer(swimming, "Inngang barn", kind=OfferKind.PRICE, category="entry", price_ore=6_000)
    offer(
        swimming, "Svømmekurs (10 ganger)", kind=OfferKind.PRICE, category="fee", price_ore=90_000, discount_percent=20
    )
    membership = offer(club, "Medlemskontingent barn", kind=OfferKind.OPEN_AMOUNT, category="membership")

    # Amina Hassan's two children get cards.
    yusuf = _enrol(guardian, scheme, ctx.objects["child:Yusuf"], borgen)
    leila = _enrol(guardian, scheme, ctx.objects["child:Leila"], borgen)

    others = []
    for n, (given, family, year, area) in enumerate(OTHER_FAMILIES, start=1):
        email = f"demo.familie{n}@example.com"
        parent = User.objects.filter(email=email).first()
        if parent is None:
            parent = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=f"Forelder {family}")
        child = Child.objects.filter(guardians=parent, given_name=given).first()
        if child is None:
            child = Child.objects.create(
                municipality=fjordvik, given_name=given, family_name=family, birth_date=datetime.date(year, 5, 1 + n)
            )
            Guardianship.objects.create(guardian=parent, child=child)
        others.append((parent, _enrol(parent, scheme, child, borgen if area == "borgen" else ullereal)))

    # The half-year grant to every child.
    name, start, end = _half_year(today)
    grant_round = GrantRound.objects.filter(scheme=scheme, name=name).first()
    if grant_round is None:
        grant_round = money.grant_round_create(
            actor=admin, scheme=scheme, name=name, amount_ore=50_000, valid_from=start, expires_on=end
        )
    money.grant_round_issue(actor=admin, grant_round=grant_round, idempotency_key=f"demo:grant:{grant_round.pk}")

    # An extra grant for Leila, decided by the caseworker. The reason is only for caseworkers and admins.
    money.targeted_grant_decide(
        actor=caseworker,
        enrolment=leila,
        amount_ore=150_000,
        reason="Familien har vedtak om økonomisk sosialhjelp (sak 2026/1142). Dekker svømmekurs og kontingent.",
        valid_from=start,
        expires_on=end,
        idempotency_key=f"demo:targeted:{leila.pk}",
    )

    # Their grandfather puts 300 kr on Yusuf's card.
    _top_up(yusuf, 30_000, "Bestefar Hassan", "Til svømming! Klem fra bestefar")

    # Uses at the door and a membership fee.
    def use(enrolment: Enrolment, what: Offer, tag: str, companions: int = 0) -> None:
        card = Card.objects.get(enrolment=enrolment, status="active")
        money.redeem(
            actor=door_staff,
            provider=swimming,
            card=card,
            offer=what,
            companions=companions,
            idempotency_key=f"demo:use:{tag}",
        )

    use(yusuf, free_swim, f"{yusuf.pk}:swim1", companions=1)
    use(yusuf, entry, f"{yusuf.pk}:entry1")
    use(leila, free_swim, f"{leila.pk}:swim1")
    for _parent, holder in others[:9]:
        use(holder, free_swim, f"{holder.pk}:swim1")
    for _parent, holder in others[:6]:
        use(holder, entry, f"{holder.pk}:entry1")
    for parent, holder in others[2:8]:
        money.card_pay(
            actor=parent,
            enrolment=holder,
            provider=club,
            amount_ore=35_000,
            category="membership",
            external_ref=f"demo-membership-{holder.pk}",
            idempotency_key=f"demo:membership:{holder.pk}",
        )
    ctx.objects["card_offer:free_swim"] = free_swim
    ctx.objects["card_offer:membership"] = membership
