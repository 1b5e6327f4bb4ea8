"""Sign-up with e-mail confirmation, password reset, lock-out, two-step verification and OIDC sign-in."""

import re
import time

import pytest
import requests
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core import mail
from django.test import Client

from sammen.accounts.models import User
from sammen.core.testing import PASSWORD, make_user

from .fake_oidc import FakeOidcProvider

pytestmark = pytest.mark.django_db


def _link(message, pattern):
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(0)


def _login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_signup_needs_a_confirmed_email_then_logs_in():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    response = client.post(
        "/accounts/signup/",
        {"email": "Ny.Person@Example.com", "full_name": "Ny Person", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="ny.person@example.com")
    assert user.full_name == "Ny Person"
    assert user.language == "nn"
    # Not logged in until the address is confirmed.
    assert client.get("/accounts/profile/").status_code == 302
    assert len(mail.outbox) == 1
    confirm_url = _link(mail.outbox[0], r"http://testserver/accounts/confirm-email/[^\s]+")
    response = client.post(confirm_url.replace("http://testserver", ""))
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_signup_with_bad_input_writes_nothing_and_explains():
    client = Client()
    response = client.post(
        "/accounts/signup/", {"email": "not-an-email", "full_name": "", "password1": "short", "password2": "other"}
    )
    assert response.status_code == 200
    assert User.objects.count() == 0
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert 'aria-invalid="true"' in content


def test_password_reset_by_email():
    make_user("glemsk@example.com")
    client = Client()
    client.post("/accounts/password/reset/", {"email": "glemsk@example.com"})
    assert len(mail.outbox) == 1
    reset_url = _link(mail.outbox[0], r"http://testserver/accounts/password/reset/key/[^\s]+")
    response = client.get(reset_url.replace("http://testserver", ""), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    new_password = "a brand new passphrase 42"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert _login(Client(), "glemsk@example.com", new_password).status_code == 302
    assert User.objects.get(email="glemsk@example.com").check_password(new_password)


def test_five_wrong_passwords_lock_the_account_out():
    make_user("offer@example.com")
    make_user("nabo@example.com")
    client = Client()
    for _ in range(5):
        response = _login(client, "offer@example.com", "wrong password")
        assert response.status_code == 200
    # Even the right password is refused now.
    response = _login(Client(), "offer@example.com", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    assert _login(Client(), "nabo@example.com", PASSWORD).status_code == 302


def test_totp_second_factor_is_required_once_enabled():
    user = make_user("koordinator@example.com")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    client = Client()
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/accounts/profile/").status_code == 302  # not logged in yet

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert client.get("/accounts/profile/").status_code == 302

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


@pytest.fixture
def fake_oidc(settings):
    provider = FakeOidcProvider().start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "idporten",
                    "name": "ID-porten",
                    "client_id": provider.client_id,
                    "secret": provider.client_secret,
                    "settings": {"server_url": provider.issuer, "token_auth_method": "client_secret_post"},
                }
            ],
            "EMAIL_AUTHENTICATION": True,
        }
    }
    yield provider
    provider.stop()


def _oidc_round_trip(client, provider):
    response = client.post("/accounts/oidc/idporten/login/")
    assert response.status_code == 302, response.content
    assert response["Location"].startswith(provider.issuer + "/authorize")
    at_provider = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    callback = at_provider.headers["Location"].replace("http://testserver", "")
    return client.get(callback)


def test_oidc_sign_in_creates_an_account_without_storing_the_national_id(fake_oidc):
    fake_oidc.claims = {
        "sub": "pairwise-123",
        "pid": "01017012345",
        "email": "Borger@Example.com",
        "email_verified": True,
        "name": "Borghild Borger",
    }
    client = Client()
    response = _oidc_round_trip(client, fake_oidc)
    assert response.status_code == 302
    user = User.objects.get(email="borger@example.com")
    assert user.full_name == "Borghild Borger"
    assert client.get("/accounts/profile/").status_code == 200
    account = SocialAccount.objects.get(user=user)
    assert account.uid == "pairwise-123"
    assert "01017012345" not in str(account.extra_data)
    # The code was exchanged at the token endpoint with the client's secret.
    assert fake_oidc.token_requests and fake_oidc.token_requests[-1]["client_id"] == ["sammen-test"]


def test_oidc_sign_in_connects_to_an_existing_account_with_the_same_verified_email(fake_oidc):
    existing = make_user("kjent@example.com", full_name="Kjent Person")
    fake_oidc.claims = {"sub": "pairwise-9", "email": "kjent@example.com", "email_verified": True, "name": "K P"}
    client = Client()
    response = _oidc_round_trip(client, fake_oidc)
    assert response.status_code == 302
    assert SocialAccount.objects.get(uid="pairwise-9").user == existing
    assert User.objects.count() == 1


def test_oidc_refuses_a_forged_code(fake_oidc):
    fake_oidc.claims = {"sub": "x", "email": "x@example.com", "email_verified": True}
    client = Client()
    response = client.post("/accounts/oidc/idporten/login/")
    state = re.search(r"state=([^&]+)", response["Location"]).group(1)
    response = client.get(f"/accounts/oidc/idporten/login/callback/?code=forged&state={state}")
    assert response.status_code == 401  # allauth's "login failed" page
    assert not User.objects.exists()


def test_logged_in_user_gets_their_preferred_language():
    user = make_user("dansk@example.com", language="da")
    client = Client()
    client.force_login(user)
    response = client.get("/about/")
    assert response["Content-Language"] == "da"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "da"


def test_language_switch_is_remembered_on_the_account():
    user = make_user("bytter@example.com", language="nb")
    client = Client()
    client.force_login(user)
    response = client.post("/accounts/language/", {"language": "en", "next": "/about/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert client.get("/about/")["Content-Language"] == "en"
