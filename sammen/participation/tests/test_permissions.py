"""The role × view matrix for co-creation pages."""

import pytest

from sammen.core.testing import ROLE_NAMES, assert_matrix

from .factories import make_engagement, make_input, make_process

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(ROLE_NAMES, "ok")
LOGGED_IN = {**EVERYONE, "anonymous": "login"}


def only(*allowed, anonymous="login", others="deny"):
    row = dict.fromkeys(ROLE_NAMES, others)
    row["anonymous"] = anonymous
    for role in allowed:
        row[role] = "ok"
    return row


ADMINS = ("municipality_admin", "platform_admin")


def test_role_view_matrix(world):
    own = make_process(world.municipality, world.neighbourhood, areas=1, slug="sentrum", dinner_kit_enabled=True)
    other = make_process(world.municipality, world.other_neighbourhood, areas=1, slug="nordby")
    hidden = make_process(world.municipality, world.neighbourhood, published=False, slug="skjult")
    item = make_input(own)
    engagement = make_engagement(own)
    m = world.municipality.slug
    public = f"/{m}/participation"
    staff = f"/{m}/staff/participation"
    urls = {
        "process list": f"{public}/",
        "process": f"{public}/sentrum/",
        "unpublished process": f"{public}/skjult/",
        "inputs": f"{public}/sentrum/inputs/",
        "input": item.get_absolute_url(),
        "statistics": f"{public}/sentrum/statistics/",
        "share an idea": f"{public}/sentrum/ideas/new/",
        "dinner host": f"{public}/sentrum/dinner/",
        "engagement": engagement.get_absolute_url(),
        "export": f"{public}/sentrum/inputs.csv",
        "my inputs": f"{public}/my/",
        "staff processes": f"{staff}/",
        "new process": f"{staff}/new/",
        "own process": f"{staff}/sentrum/",
        "own settings": f"{staff}/sentrum/settings/",
        "own phases": f"{staff}/sentrum/phases/",
        "own engagements": f"{staff}/sentrum/engagements/",
        "own attendance": f"{staff}/sentrum/engagements/{engagement.pk}/attendance/",
        "own inputs": f"{staff}/sentrum/inputs/",
        "own sticky notes": f"{staff}/sentrum/inputs/bulk/",
        "own input": f"{staff}/sentrum/inputs/{item.pk}/",
        "own moderation": f"{staff}/sentrum/moderation/",
        "own import": f"{staff}/sentrum/import/",
        "other neighbourhood's process": f"{staff}/nordby/",
        "other neighbourhood's inputs": f"{staff}/nordby/inputs/",
        "unpublished process, staff": f"{staff}/skjult/",
    }
    coordinator_and_admins = only("coordinator", *ADMINS)
    matrix = {
        "process list": EVERYONE,
        "process": EVERYONE,
        "unpublished process": {
            **dict.fromkeys(ROLE_NAMES, "missing"),
            "coordinator": "ok",
            **dict.fromkeys(ADMINS, "ok"),
        },
        "inputs": EVERYONE,
        "input": EVERYONE,
        "statistics": EVERYONE,
        "share an idea": EVERYONE,
        "dinner host": EVERYONE,
        "engagement": EVERYONE,
        "export": EVERYONE,
        "my inputs": LOGGED_IN,
        "staff processes": coordinator_and_admins,
        "new process": coordinator_and_admins,
        "own process": coordinator_and_admins,
        "own settings": coordinator_and_admins,
        "own phases": coordinator_and_admins,
        "own engagements": coordinator_and_admins,
        "own attendance": coordinator_and_admins,
        "own inputs": coordinator_and_admins,
        "own sticky notes": coordinator_and_admins,
        "own input": coordinator_and_admins,
        "own moderation": coordinator_and_admins,
        "own import": coordinator_and_admins,
        "other neighbourhood's process": only(*ADMINS),
        "other neighbourhood's inputs": only(*ADMINS),
        "unpublished process, staff": coordinator_and_admins,
    }
    assert other.pk and hidden.pk
    assert_matrix(world, matrix, urls)
