"""Who may do what in the impact module."""

from typing import Any

import rules

from sammen.accounts.rules import is_admin, is_coordinator, is_logged_in, is_municipality_staff


@rules.predicate
def owns_survey(user: Any, survey: Any) -> bool:
    if survey is None or not is_logged_in(user):
        return False
    cache = getattr(user, "_impact_owned_surveys", None)
    if cache is None:
        cache = set(user.owned_surveys.values_list("pk", flat=True))
        user._impact_owned_surveys = cache
    return survey.pk in cache


# Object: a municipality.
rules.add_perm("impact.view_staff", is_municipality_staff)
rules.add_perm("impact.manage", is_admin | is_coordinator)
rules.add_perm("impact.configure", is_admin)
# Object: a survey. Owners build it; administrators may too (and may make themselves owners).
rules.add_perm("impact.change_survey", is_admin | (is_coordinator & owns_survey))
# Raw answers are for the survey's owners only, and only while they are staff of its municipality.
rules.add_perm("impact.view_answers", owns_survey & is_municipality_staff)


def may_read_answers(user: Any, survey: Any) -> bool:
    """Checked against the rule itself, so no role, not even the platform's superuser, bypasses survey ownership."""
    return bool(rules.has_perm("impact.view_answers", user, survey))
