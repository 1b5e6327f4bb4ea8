"""Security baseline, health endpoint, sanitising and text direction."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from sammen.core.sanitise import clean_html, text_direction
from sammen.core.testing import client_for

ROOT = Path(settings.BASE_DIR)


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 64 + "-production-like-secret-key-for-the-check",
        "DJANGO_ALLOWED_HOSTS": "sammen.example.no",
        "DATABASE_URL": "postgres://sammen@127.0.0.1:5432/sammen",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(world):
    response = Client().get("/testvik/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()  # no inline scripts anywhere


@pytest.mark.django_db
def test_forms_are_protected_against_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["municipality_admin"])
    response = client.post("/testvik/staff/neighbourhoods/new/", {"name": "X", "slug": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_health_endpoint_reports_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


@pytest.mark.django_db
def test_health_endpoint_answers_503_when_the_database_is_gone(monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = Client().get("/healthz")
    assert response.status_code == 503


def test_user_html_is_sanitised():
    dirty = '<p onclick="x()">Hei <script>alert(1)</script><a href="javascript:alert(1)">lenke</a></p>'
    clean = clean_html(dirty)
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean
    assert "<p>Hei" in clean


@pytest.mark.parametrize(
    ("language", "direction"),
    [("ar", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"), ("so", "ltr"), ("nb", "ltr"), ("", "auto"), (None, "auto")],
)
def test_text_direction_of_user_content(language, direction):
    assert text_direction(language) == direction


@pytest.mark.django_db
def test_right_to_left_user_content_is_marked_up(world):
    world.organisation.description = "مرحبا بالجميع"
    world.organisation.description_language = "ar"
    world.organisation.save()
    content = Client().get(world.organisation.get_absolute_url()).content.decode()
    assert 'lang="ar" dir="rtl"' in content


@pytest.mark.django_db
def test_staff_dashboard_shows_links_for_the_role(world):
    coordinator_page = client_for(world.users["coordinator"]).get("/testvik/staff/").content.decode()
    admin_page = client_for(world.users["municipality_admin"]).get("/testvik/staff/").content.decode()
    assert "/testvik/staff/audit/" not in coordinator_page
    assert "/testvik/staff/audit/" in admin_page
    assert "/testvik/staff/venues/" in coordinator_page


@pytest.mark.django_db
def test_openapi_document_is_generated():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/places/municipalities/{municipality_slug}/venues" in document["paths"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "population"),
    [("nb", "4\xa0200"), ("nn", "4\xa0200"), ("da", "4.200"), ("en", "4,200")],
)
def test_numbers_are_localised(world, language, population):
    world.neighbourhood.population = 4200
    world.neighbourhood.save()
    content = client_for(None, language=language).get(world.neighbourhood.get_absolute_url()).content.decode()
    assert population in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"), [("nb", "3. mars 2026"), ("da", "3. marts 2026"), ("en", "March 3, 2026")]
)
def test_dates_are_localised(language, expected):
    import datetime

    from django.utils import formats, translation

    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 3, 3), "DATE_FORMAT") == expected
