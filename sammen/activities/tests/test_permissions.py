"""The role × view matrix of the activity catalogue."""

import datetime

import pytest

from sammen.activities.models import ActivityGuide, GuideFamily
from sammen.core.testing import ROLE_NAMES, assert_matrix, make_user

from .factories import make_activity

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(ROLE_NAMES, "ok")
LOGGED_IN = {**EVERYONE, "anonymous": "login"}


def only(*allowed, anonymous="login", others="deny"):
    row = dict.fromkeys(ROLE_NAMES, others)
    row["anonymous"] = anonymous
    for role in allowed:
        row[role] = "ok"
    return row


def test_role_view_matrix(world):
    m = world.municipality.slug
    activity = make_activity(
        world.municipality,
        organisation=world.organisation,
        actor=world.users["organisation_representative"],
        join_method="sign_up",
        capacity=5,
    )
    draft = make_activity(
        world.municipality,
        organisation=world.organisation,
        actor=world.users["organisation_representative"],
        title="Utkast",
        publish=False,
    )
    guide_user = make_user("guide@example.com")
    guide = ActivityGuide.objects.create(municipality=world.municipality, user=guide_user)
    family = GuideFamily.objects.create(
        municipality=world.municipality,
        guide=guide,
        nickname="Ayaan",
        child_age=9,
        consent_by="Mor",
        consent_at=datetime.date.today(),
    )
    base = f"/{m}/activities"
    urls = {
        "search": f"{base}/",
        "this week": f"{base}/this-week/",
        "detail": f"{base}/{activity.pk}/",
        "draft detail": f"{base}/{draft.pk}/",
        "activity calendar": f"{base}/{activity.pk}/calendar.ics",
        "sign up": f"{base}/{activity.pk}/sign-up/",
        "saved searches": f"{base}/saved/",
        "open data": f"{base}/open-data/",
        "rpde": f"{base}/open-data/openactive/session-series",
        "hsds": f"{base}/open-data/hsds/services",
        "manage": f"{base}/manage/",
        "new activity": f"{base}/manage/new/",
        "manage activity": f"{base}/manage/{activity.pk}/",
        "edit activity": f"{base}/manage/{activity.pk}/edit/",
        "confirm activity": f"{base}/manage/{activity.pk}/confirm/",
        "sign-ups": f"{base}/manage/{activity.pk}/sign-ups/",
        "categories": f"{base}/staff/categories/",
        "import": f"{base}/staff/import/",
        "guides admin": f"{base}/staff/guides/",
        "guide home": f"{base}/guide/",
        "guide family": f"{base}/guide/families/{family.pk}/",
    }
    organisers = ("organisation_representative", "municipality_admin", "platform_admin")
    admins = ("municipality_admin", "platform_admin")
    matrix = {
        "search": EVERYONE,
        "this week": EVERYONE,
        "detail": EVERYONE,
        "draft detail": only(
            "organisation_representative", "coordinator", *admins, anonymous="missing", others="missing"
        ),
        "activity calendar": EVERYONE,
        "sign up": LOGGED_IN,
        "saved searches": LOGGED_IN,
        "open data": EVERYONE,
        "rpde": EVERYONE,
        "hsds": EVERYONE,
        "manage": only(*organisers),
        "new activity": only(*organisers),
        "manage activity": only(*organisers),
        "edit activity": only(*organisers),
        "confirm activity": only(*organisers),
        "sign-ups": only(*organisers),
        "categories": only(*admins),
        "import": only(*admins),
        "guides admin": only(*admins),
        # Not even administrators see a guide's families (the technical admin passes every permission check,
        # but finds no family of anybody else's).
        "guide home": only("platform_admin"),
        "guide family": {**only(), "platform_admin": "missing"},
    }
    assert_matrix(world, matrix, urls)
    from sammen.core.testing import client_for

    assert client_for(guide_user).get(urls["guide home"]).status_code == 200
    assert client_for(guide_user).get(urls["guide family"]).status_code == 200
