"""The card's pages with the test client: the flows work, bad input writes nothing, providers see no family."""

import datetime

import pytest
from django.urls import reverse

from sammen.accounts.models import Role
from sammen.card import money
from sammen.card.models import Card, Enrolment, Redemption, TargetedGrant, TopUp
from sammen.core.testing import client_for, grant, make_user

from .factories import active_card, give_grant, key, make_child, make_offer, make_provider, make_scheme

pytestmark = pytest.mark.django_db


def url(name, m, **kwargs):
    return reverse(f"card:{name}", kwargs={"municipality_slug": m.slug, **kwargs})


@pytest.fixture
def town(world):
    scheme = make_scheme(world.municipality)
    provider = make_provider(scheme, organisation=world.provider)
    return world, scheme, provider


def test_guardian_enrols_two_children_and_sees_their_cards(town):
    world, scheme, _provider = town
    guardian = make_user()
    make_child(world.municipality, guardian, age=9, name="Yusuf")
    make_child(world.municipality, guardian, age=6, name="Leila")
    too_old = make_child(world.municipality, guardian, age=19, name="Omar")
    client = client_for(guardian)
    page = client.get(url("enrol", world.municipality))
    assert page.status_code == 200 and "Omar" in page.content.decode()
    response = client.post(
        url("enrol", world.municipality),
        {
            "children": [c.pk for c in guardian.children.exclude(pk=too_old.pk)],
            "neighbourhood": world.neighbourhood.pk,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert Enrolment.objects.filter(scheme=scheme).count() == 2
    home = client.get(url("home", world.municipality)).content.decode()
    assert "Yusuf" in home and "Leila" in home
    card = Card.objects.get(enrolment__child__given_name="Yusuf")
    assert client.get(url("card_detail", world.municipality, card_id=card.pk)).status_code == 200
    show = client.get(url("card_show", world.municipality, card_id=card.pk)).content.decode()
    assert "<svg" in show and "Yusuf" not in show.split("<main")[1]
    pdf = client.get(url("card_print", world.municipality, card_id=card.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Another guardian cannot see the card.
    assert client_for(make_user()).get(url("card_detail", world.municipality, card_id=card.pk)).status_code == 404


def test_enrol_without_consent_writes_nothing(town):
    world, _scheme, _provider = town
    guardian = make_user()
    child = make_child(world.municipality, guardian, age=9)
    response = client_for(guardian).post(url("enrol", world.municipality), {"children": [child.pk]})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_relative_tops_up_through_the_shared_link_and_the_fake_provider(town, django_capture_on_commit_callbacks):
    world, _scheme, _provider = town
    guardian = make_user()
    child = make_child(world.municipality, guardian, age=9, name="Yusuf")
    client = client_for(guardian)
    client.post(url("enrol", world.municipality), {"children": [child.pk], "consent": "on"})
    card = Card.objects.get()
    client.post(url("topup_link", world.municipality, card_id=card.pk), {"action": "create"})
    token = card.enrolment.topup_links.get(is_active=True).token
    grandma = client_for(None)
    bad = grandma.post(url("topup_relative", world.municipality, token=token), {"amount": "abc"})
    assert bad.status_code == 200 and not TopUp.objects.exists()
    start = grandma.post(
        url("topup_relative", world.municipality, token=token),
        {"amount": "250,50", "payer_name": "Farmor", "payer_email": "farmor@example.com"},
    )
    assert start.status_code == 302
    pay_page = grandma.get(start["Location"])
    assert pay_page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        done = grandma.post(start["Location"], {"decision": "approve"}, follow=True)
    assert "250,50" in done.content.decode()
    # Returning again (or the provider's callback) credits once.
    topup = TopUp.objects.get()
    grandma.get(url("topup_return", world.municipality, reference=topup.provider_reference))
    assert money.holder_balance(card.enrolment) == 25050
    from django.core import mail

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["farmor@example.com"]
    assert "250,50" in mail.outbox[0].subject


def test_door_redemption_shows_yes_and_nothing_about_the_family(town):
    world, scheme, provider = town
    guardian = make_user()
    child = make_child(world.municipality, guardian, age=9, name="Yusuf")
    from sammen.card import services

    enrolment = services.enrol(guardian=guardian, scheme=scheme, child=child, neighbourhood=None)
    give_grant(enrolment, 10000)
    admin = grant(make_user(), world.municipality, Role.CASEWORKER)
    money.targeted_grant_decide(
        actor=admin,
        enrolment=enrolment,
        amount_ore=20000,
        reason="Lav inntekt i familien",
        valid_from=datetime.date.today(),
        expires_on=None,
        idempotency_key=key(),
    )
    offer = make_offer(provider, title="Svømming barn", price_ore=6000)
    door = client_for(world.users["provider"])
    page = door.get(url("door", world.municipality, provider_id=provider.pk))
    assert page.status_code == 200
    assert "wasm-unsafe-eval" in page["Content-Security-Policy"]
    form_key = page.context["form"].initial["idempotency_key"]
    response = door.post(
        url("door", world.municipality, provider_id=provider.pk),
        {"card_number": active_card(enrolment).grouped_number, "offer": offer.pk, "idempotency_key": form_key},
    )
    body = response.content.decode()
    assert "door-result--yes" in body and "60,00" in body
    for secret in ("Yusuf", "Hassan", "Lav inntekt", "grant", "tilskudd", "Ekstra"):
        assert secret.lower() not in body.lower().split("<main")[1]
    # The provider page and the settlement file say nothing about the family either.
    home = door.get(url("provider_home", world.municipality, provider_id=provider.pk)).content.decode()
    assert "Yusuf" not in home and "Lav inntekt" not in home
    assert Redemption.objects.count() == 1


def test_door_refuses_wrong_numbers_and_rate_limits_guessing(town):
    world, _scheme, provider = town
    offer = make_offer(provider, price_ore=6000)
    door = client_for(world.users["provider"])
    target = url("door", world.municipality, provider_id=provider.pk)
    bad = door.post(target, {"card_number": "1234567812345678", "offer": offer.pk, "idempotency_key": key()})
    assert "error-summary" in bad.content.decode()
    from sammen.card.cardnumbers import generate
    from sammen.core.models import AuditEntry

    for _ in range(12):
        door.post(target, {"card_number": generate(), "offer": offer.pk, "idempotency_key": key()})
    last = door.post(target, {"card_number": generate(), "offer": offer.pk, "idempotency_key": key()})
    assert "15" in last.content.decode()
    assert AuditEntry.objects.filter(action="card.lookup.failed").count() == 10
    assert AuditEntry.objects.filter(action="card.lookup.refused").count() >= 1


def test_staff_pages_render(town):
    world, _scheme, provider = town
    admin = world.users["municipality_admin"]
    client = client_for(admin)
    for name in [
        "staff_home",
        "staff_scheme",
        "staff_providers",
        "staff_grants",
        "staff_targeted",
        "staff_settlement",
        "staff_reports",
    ]:
        assert client.get(url(name, world.municipality)).status_code == 200, name
    assert client.get(url("provider_home", world.municipality, provider_id=provider.pk)).status_code == 200
    assert client.get(url("offer_create", world.municipality, provider_id=provider.pk)).status_code == 200


def test_targeted_reason_is_only_for_caseworkers_and_admins(town):
    world, scheme, _provider = town
    guardian = make_user()
    child = make_child(world.municipality, guardian, age=9, name="Yusuf")
    from sammen.card import services

    enrolment = services.enrol(guardian=guardian, scheme=scheme, child=child, neighbourhood=None)
    caseworker = world.users["caseworker"]
    client = client_for(caseworker)
    form = client.get(url("staff_targeted_new", world.municipality, enrolment_id=enrolment.pk))
    response = client.post(
        url("staff_targeted_new", world.municipality, enrolment_id=enrolment.pk),
        {
            "amount": "300",
            "reason": "Familien har vedtak om sosialhjelp",
            "valid_from": datetime.date.today().isoformat(),
            "idempotency_key": form.context["form"].initial["idempotency_key"],
        },
    )
    assert response.status_code == 302
    assert TargetedGrant.objects.get().amount_ore == 30000
    reason = "sosialhjelp"
    assert reason in client.get(url("staff_targeted", world.municipality)).content.decode()
    assert (
        reason
        in client_for(world.users["municipality_admin"]).get(url("staff_targeted", world.municipality)).content.decode()
    )
    for role in ("coordinator", "provider", "citizen", "organisation_representative"):
        response = client_for(world.users[role]).get(url("staff_targeted", world.municipality))
        assert response.status_code == 403, role
    guardian_page = client_for(guardian).get(url("card_detail", world.municipality, card_id=active_card(enrolment).pk))
    assert reason not in guardian_page.content.decode()
    assert "300,00" in guardian_page.content.decode()
