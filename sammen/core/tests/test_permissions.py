"""The role × view matrix for the foundation's pages. Module apps keep their own matrix beside their views."""

import pytest
from django.urls import reverse

from sammen.core.testing import assert_matrix

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(
    [
        "anonymous",
        "citizen",
        "organisation_representative",
        "provider",
        "coordinator",
        "caseworker",
        "municipality_admin",
        "other_municipality_admin",
        "platform_admin",
    ],
    "ok",
)


def only(*allowed, anonymous="login"):
    row = dict.fromkeys(EVERYONE, "deny")
    row["anonymous"] = anonymous
    for role in allowed:
        row[role] = "ok"
    return row


def test_role_view_matrix(world):
    m = world.municipality.slug
    urls = {
        "municipality home": reverse("places:municipality", kwargs={"municipality_slug": m}),
        "neighbourhood home": world.neighbourhood.get_absolute_url(),
        "privacy": reverse("core:privacy", kwargs={"municipality_slug": m}),
        "accessibility": reverse("core:accessibility", kwargs={"municipality_slug": m}),
        "organisation list": reverse("organisations:list", kwargs={"municipality_slug": m}),
        "organisation page": world.organisation.get_absolute_url(),
        "register organisation": reverse("organisations:register", kwargs={"municipality_slug": m}),
        "edit organisation": reverse(
            "organisations:edit", kwargs={"municipality_slug": m, "organisation_id": world.organisation.pk}
        ),
        "organisation people": reverse(
            "organisations:members", kwargs={"municipality_slug": m, "organisation_id": world.organisation.pk}
        ),
        "review organisations": reverse("organisations:review_queue", kwargs={"municipality_slug": m}),
        "staff dashboard": reverse("core:staff_dashboard", kwargs={"municipality_slug": m}),
        "audit log": reverse("core:audit_log", kwargs={"municipality_slug": m}),
        "people and roles": reverse("accounts_staff:roles", kwargs={"municipality_slug": m}),
        "municipality settings": reverse("places:staff_municipality", kwargs={"municipality_slug": m}),
        "staff neighbourhoods": reverse("places:staff_neighbourhoods", kwargs={"municipality_slug": m}),
        "new neighbourhood": reverse("places:staff_neighbourhood_create", kwargs={"municipality_slug": m}),
        "edit own neighbourhood": reverse(
            "places:staff_neighbourhood_edit",
            kwargs={"municipality_slug": m, "neighbourhood_id": world.neighbourhood.pk},
        ),
        "edit other neighbourhood": reverse(
            "places:staff_neighbourhood_edit",
            kwargs={"municipality_slug": m, "neighbourhood_id": world.other_neighbourhood.pk},
        ),
        "staff venues": reverse("places:staff_venues", kwargs={"municipality_slug": m}),
        "my page": reverse("accounts:profile"),
        "api tokens": reverse("accounts:api_tokens"),
        "technical admin": "/admin/",
    }
    logged_in = {**EVERYONE, "anonymous": "login"}
    admins = ("municipality_admin", "platform_admin")
    matrix = {
        "municipality home": EVERYONE,
        "neighbourhood home": EVERYONE,
        "privacy": EVERYONE,
        "accessibility": EVERYONE,
        "organisation list": EVERYONE,
        "organisation page": EVERYONE,
        "register organisation": logged_in,
        "edit organisation": only("organisation_representative", *admins),
        "organisation people": only("organisation_representative", *admins),
        "review organisations": only("coordinator", *admins),
        "staff dashboard": only("coordinator", "caseworker", *admins),
        "audit log": only(*admins),
        "people and roles": only(*admins),
        "municipality settings": only(*admins),
        "staff neighbourhoods": only("coordinator", "caseworker", *admins),
        "new neighbourhood": only(*admins),
        "edit own neighbourhood": only("coordinator", *admins),
        "edit other neighbourhood": only(*admins),
        "staff venues": only("coordinator", *admins),
        "my page": logged_in,
        "api tokens": logged_in,
        "technical admin": {**dict.fromkeys(EVERYONE, "redirect"), "platform_admin": "ok"},
    }
    assert_matrix(world, matrix, urls)
