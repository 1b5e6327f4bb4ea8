"""The role × view matrix of the impact module."""

import pytest
from django.urls import reverse

from sammen.core.testing import assert_matrix

from .factories import make_indicator, make_survey, publish

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "organisation_representative",
    "provider",
    "coordinator",
    "caseworker",
    "municipality_admin",
    "other_municipality_admin",
    "platform_admin",
]
EVERYONE = dict.fromkeys(ROLES, "ok")


def only(*allowed, anonymous="login", others="deny"):
    row = dict.fromkeys(ROLES, others)
    row["anonymous"] = anonymous
    for role in allowed:
        row[role] = "ok"
    return row


STAFF = ("coordinator", "caseworker", "municipality_admin", "platform_admin")
MANAGERS = ("coordinator", "municipality_admin", "platform_admin")
ADMINS = ("municipality_admin", "platform_admin")


def _urls(world, survey, indicator):
    m = world.municipality.slug

    def u(name, **kwargs):
        return reverse(f"impact:{name}", kwargs={"municipality_slug": m, **kwargs})

    return {
        "overview": u("overview"),
        "dashboard": u("dashboard", neighbourhood_slug=world.neighbourhood.slug),
        "compare": u("compare"),
        "indicator": u("indicator", indicator_id=indicator.pk),
        "xlsx": u("dashboard_export", impact_place=world.neighbourhood.slug),
        "code entry": u("code_entry"),
        "staff home": u("staff_home"),
        "settings": u("settings"),
        "new goal": u("goal_create"),
        "edit goal": u("goal_edit", impact_goal_id=indicator.goal_id),
        "new indicator": u("indicator_create"),
        "values": u("indicator_values", indicator_id=indicator.pk),
        "import": u("import_table"),
        "import statistics": u("import_fhi"),
        "surveys": u("survey_list"),
        "new survey": u("survey_create"),
        "survey": u("survey_detail", survey_id=survey.pk),
        "edit survey": u("survey_edit", survey_id=survey.pk),
        "codes": u("survey_codes", survey_id=survey.pk),
        "results": u("survey_results", survey_id=survey.pk),
        "answers": u("survey_answers", survey_id=survey.pk),
        "free text": u("survey_free_text", survey_id=survey.pk),
        "report": u("report"),
    }


def _matrix(public_row):
    return {
        "overview": public_row,
        "dashboard": public_row,
        "compare": public_row,
        "indicator": public_row,
        "xlsx": public_row,
        "code entry": EVERYONE,
        "staff home": only(*STAFF),
        "settings": only(*ADMINS),
        "new goal": only(*MANAGERS),
        "edit goal": only(*MANAGERS),
        "new indicator": only(*MANAGERS),
        "values": only(*MANAGERS),
        "import": only(*MANAGERS),
        "import statistics": only(*MANAGERS),
        "surveys": only(*STAFF),
        "new survey": only(*MANAGERS),
        "survey": only(*STAFF),
        # The coordinator owns the survey; administrators may change any survey.
        "edit survey": only("coordinator", *ADMINS),
        "codes": only("coordinator", *ADMINS),
        "results": only(*STAFF),
        # Raw answers: owners only, not even the administrator.
        "answers": only("coordinator"),
        "free text": only("coordinator"),
        "report": only(*STAFF),
    }


def test_role_view_matrix_unpublished(world):
    survey = make_survey(world.municipality)
    survey.owners.add(world.users["coordinator"])
    indicator = make_indicator(world.municipality)
    hidden = only(*STAFF, anonymous="missing", others="missing")
    assert_matrix(world, _matrix(hidden), _urls(world, survey, indicator))


def test_role_view_matrix_published(world):
    publish(world.municipality)
    survey = make_survey(world.municipality)
    survey.owners.add(world.users["coordinator"])
    indicator = make_indicator(world.municipality)
    assert_matrix(world, _matrix(EVERYONE), _urls(world, survey, indicator))
