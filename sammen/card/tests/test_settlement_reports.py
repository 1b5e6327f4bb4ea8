"""Settlement files to the øre, published reports with small groups hidden, privacy export and erasure, the API."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sammen.accounts.models import Role
from sammen.card import ledger, money, reports, settlement
from sammen.card.models import Account, Enrolment, Redemption
from sammen.core.privacy import person_erase, person_export_data
from sammen.core.testing import client_for, grant, make_municipality, make_neighbourhood, make_user

from .factories import (
    active_card,
    fund_directly,
    give_grant,
    key,
    make_enrolment,
    make_offer,
    make_provider,
    make_scheme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    municipality = make_municipality()
    scheme = make_scheme(municipality)
    staff = make_user()
    provider = make_provider(scheme, staff=staff)
    return municipality, scheme, provider, staff


def test_settlement_is_right_to_the_ore_in_csv_and_xlsx(shop):
    municipality, scheme, provider, staff = shop
    holder = make_enrolment(scheme)
    fund_directly(holder, 100_000)
    priced = make_offer(provider, price_ore=4_999, discount_percent=20)  # 49,99 kr − 20 % = 39,99 kr
    free = make_offer(provider, kind="free_pass", quota=5, max_companions=1, settlement_price_ore=3_333, price_ore=0)
    open_amount = make_offer(provider, kind="open_amount", category="membership", price_ore=0)
    card = active_card(holder)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)):
        money.redeem(actor=staff, provider=provider, card=card, offer=priced, idempotency_key=key())
        money.redeem(actor=staff, provider=provider, card=card, offer=free, companions=1, idempotency_key=key())
        paid = money.redeem(
            actor=staff, provider=provider, card=card, offer=open_amount, amount_ore=12_345, idempotency_key=key()
        )
        redemption = Redemption.objects.get(pk=paid.result["redemption"])
        money.refund(actor=staff, redemption=redemption, amount_ore=345, reason="Søskenrabatt", idempotency_key=key())
    with time_machine.travel(datetime.datetime(2026, 4, 2, 9, tzinfo=datetime.UTC)):
        money.redeem(actor=staff, provider=provider, card=card, offer=priced, idempotency_key=key())
    march = settlement.settlement_for(provider=provider, month=datetime.date(2026, 3, 1))
    expected = 3_999 + 2 * 3_333 + 12_345 - 345
    assert march.month_ore == expected == 22_665
    assert march.matches_ledger and march.opening_ore == 0 and march.closing_ore == expected
    april = settlement.settlement_for(provider=provider, month=datetime.date(2026, 4, 1))
    assert (april.opening_ore, april.month_ore, april.closing_ore) == (expected, 3_999, expected + 3_999)

    rows = list(csv.reader(io.StringIO(settlement.settlement_csv([march]).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][-1] == str(expected) and rows[1][-2] == "226.65"
    line_rows = rows[4:]
    assert sum(int(r[-1]) for r in line_rows) == expected
    assert len(line_rows) == 4
    book = load_workbook(io.BytesIO(settlement.settlement_xlsx([march])))
    summary = book.worksheets[0]
    assert summary.cell(row=2, column=9).value == expected
    lines = book.worksheets[1]
    assert sum(lines.cell(row=r, column=16).value for r in range(2, lines.max_row + 1)) == expected

    # Paying March out leaves April's statement owing only April.
    admin = grant(make_user(), municipality, Role.MUNICIPALITY_ADMIN)
    with time_machine.travel(datetime.datetime(2026, 4, 20, 9, tzinfo=datetime.UTC)):
        payout = money.payout_month(
            actor=admin, provider=provider, month=datetime.date(2026, 3, 1), idempotency_key=key()
        )
    assert payout.amount_ore == expected
    april = settlement.settlement_for(provider=provider, month=datetime.date(2026, 4, 1))
    assert (april.opening_ore, april.closing_ore) == (0, 3_999)
    assert ledger.provider_account(provider).balance == 3_999
    assert ledger.reconcile().balanced


def test_settlement_file_download_and_provider_sees_only_its_own(world):
    scheme = make_scheme(world.municipality)
    provider = make_provider(scheme, organisation=world.provider)
    holder = make_enrolment(scheme, name="Hemmelig")
    fund_directly(holder, 20_000)
    offer = make_offer(provider, price_ore=6_000)
    money.redeem(
        actor=world.users["provider"], provider=provider, card=active_card(holder), offer=offer, idempotency_key=key()
    )
    month = timezone.localdate().strftime("%Y-%m")
    admin = client_for(world.users["municipality_admin"])
    response = admin.get(
        reverse("card:staff_settlement_file", kwargs={"municipality_slug": world.municipality.slug})
        + f"?month={month}&format=csv"
    )
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "60.00" in body and "Hemmelig" not in body
    own = client_for(world.users["provider"]).get(
        reverse(
            "card:provider_settlement",
            kwargs={"municipality_slug": world.municipality.slug, "provider_id": provider.pk},
        )
        + f"?month={month}&format=xlsx"
    )
    assert own.status_code == 200 and own.content[:2] == b"PK"


def test_usage_report_hides_small_groups_and_the_pilot_report_compares_areas(shop):
    municipality, scheme, provider, staff = shop
    pilot_area = make_neighbourhood(municipality, name="Borgen")
    other = make_neighbourhood(municipality, name="Ullerål")
    scheme.pilot_neighbourhood = pilot_area
    scheme.save()
    offer = make_offer(provider, price_ore=1_000)
    in_pilot = [make_enrolment(scheme, neighbourhood=pilot_area) for _ in range(7)]
    elsewhere = [make_enrolment(scheme, neighbourhood=other) for _ in range(12)]
    for holder in in_pilot[:6] + elsewhere[:3]:
        fund_directly(holder, 5_000)
        money.redeem(actor=staff, provider=provider, card=active_card(holder), offer=offer, idempotency_key=key())
    today = timezone.localdate()
    tables = reports.usage_report(scheme=scheme, start=today.replace(day=1), end=today)
    by_area = {g.label: g for g in tables[0].groups}
    # Ullerål has 3 children: hidden, and Borgen (6) must then be hidden too, or 9 − 6 would reveal Ullerål.
    assert by_area["Ullerål"].hidden and by_area["Borgen"].hidden
    assert not tables[0].total.hidden and tables[0].total.child_count == 9
    by_provider = tables[3].groups
    assert [(g.child_count, g.hidden) for g in by_provider] == [(9, False)]
    rows = reports.pilot_report(scheme=scheme, today=today)
    current = rows[-1]
    assert (current.pilot.enrolled, current.pilot.active) == (7, 6)
    # 1 child in Borgen did not use the card: a group under five, so the share is hidden.
    assert current.pilot.hidden
    assert current.rest.hidden  # 3 active children elsewhere


def test_privacy_export_and_erasure_keep_the_amounts_anonymised(shop):
    municipality, scheme, _provider, _staff = shop
    guardian = make_user()
    holder = make_enrolment(scheme, guardian=guardian, name="Yusuf")
    fund_directly(holder, 10_000)
    caseworker = grant(make_user(), municipality, Role.CASEWORKER)
    money.targeted_grant_decide(
        actor=caseworker,
        enrolment=holder,
        amount_ore=5_000,
        reason="Familien mottar sosialhjelp",
        valid_from=timezone.localdate(),
        expires_on=None,
        idempotency_key=key(),
    )
    exported = json.dumps(person_export_data(guardian), ensure_ascii=False)
    assert "Yusuf" in exported and active_card(holder).number in exported
    assert "sosialhjelp" not in exported
    person_erase(guardian)
    holder.refresh_from_db()
    assert holder.child is None and holder.is_anonymised and holder.neighbourhood is None
    assert not holder.cards.filter(status="active").exists()
    assert money.holder_balance(holder) == 15_000  # the money stays in the books
    assert ledger.reconcile().balanced


def test_card_reconcile_passes_on_good_books_and_fails_on_bad(shop, capsys):
    _municipality, scheme, _provider, _staff = shop
    holder = make_enrolment(scheme)
    give_grant(holder, 5_000)
    call_command("card_reconcile")
    assert "The books balance" in capsys.readouterr().out
    Account.objects.filter(enrolment=holder).update(balance=4_000)
    with pytest.raises(CommandError) as error:
        call_command("card_reconcile")
    assert error.value.returncode == 1
    assert "entries say 5000" in capsys.readouterr().out


def test_api_redemption_needs_a_key_and_a_replay_returns_the_first_answer(world):
    scheme = make_scheme(world.municipality)
    provider = make_provider(scheme, organisation=world.provider)
    holder = make_enrolment(scheme, name="Yusuf")
    fund_directly(holder, 20_000)
    offer = make_offer(provider, price_ore=6_000)
    client = client_for(world.users["provider"])
    path = f"/api/v1/card/municipalities/{world.municipality.slug}/providers/{provider.pk}/redemptions"
    body = {"card_number": active_card(holder).number, "offer_id": offer.pk}
    assert client.post(path, body, content_type="application/json").status_code == 422
    first = client.post(path, body, content_type="application/json", headers={"Idempotency-Key": "till-42"})
    again = client.post(path, body, content_type="application/json", headers={"Idempotency-Key": "till-42"})
    assert first.status_code == 200 and first.json()["approved"] and not first.json()["replayed"]
    assert again.json()["replayed"] and again.json()["reference"] == first.json()["reference"]
    assert "Yusuf" not in first.content.decode()
    assert money.holder_balance(holder) == 14_000
    other = client_for(world.users["organisation_representative"]).post(
        path, body, content_type="application/json", headers={"Idempotency-Key": "x"}
    )
    assert other.status_code == 403
    assert Enrolment.objects.count() == 1
