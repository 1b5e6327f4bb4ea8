import pytest
from django.core.management import call_command
from django.utils import timezone

from sammen.card import ledger, money, settlement
from sammen.card.models import Enrolment, Offer, Provider, TargetedGrant, TopUp

pytestmark = pytest.mark.django_db


def test_demo_has_the_whole_card_story():
    call_command("demo_setup", quiet_users=True)
    yusuf = Enrolment.objects.get(child__given_name="Yusuf", child__family_name="Hassan")
    leila = Enrolment.objects.get(child__given_name="Leila", child__family_name="Hassan")
    assert TargetedGrant.objects.get(enrolment=leila).decided_by.email == "saksbehandler@fjordvik.example"
    assert TopUp.objects.get(enrolment=yusuf, status="captured").amount_ore == 30_000
    swimming = Provider.objects.get(organisation__name="Fjordvik svømmehall")
    assert Offer.objects.filter(provider=swimming, kind="free_pass", quota=5, max_companions=1).exists()
    statement = settlement.settlement_for(provider=swimming, month=timezone.localdate())
    assert statement.uses >= 10 and statement.month_ore > 0 and statement.matches_ledger
    assert money.spendable_balance(yusuf) == 50_000 + 30_000 - 6_000
    assert ledger.reconcile().balanced
