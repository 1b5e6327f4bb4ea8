"""URL kwargs of the activities app, for the tenancy crawler (sammen/core/tests/test_tenancy.py)."""

import datetime

from sammen.activities.models import (
    Activity,
    ActivityGuide,
    ActivityImport,
    GuideFamily,
    SavedSearch,
    Schedule,
    Session,
    SignUp,
)
from sammen.core.testing import TenantKwarg, make_user

from .factories import make_activity


def _activity(m, built):
    return built.get("activity_id") or make_activity(m, join_method="sign_up", capacity=5)


def _schedule(m, built):
    return _activity(m, built).schedules.first()


def _session(m, built):
    return _activity(m, built).sessions.order_by("starts_at").last()


def _signup(m, built):
    activity = make_activity(m, title="Kurs", join_method="sign_up", capacity=5)
    return SignUp.objects.create(activity=activity, user=make_user(), participant_name="Barn", status="confirmed")


def _saved(m, built):
    return SavedSearch.objects.create(municipality=m, user=make_user(), name="Søk", query="age=9")


def _guide(m, built):
    return ActivityGuide.objects.create(municipality=m, user=make_user())


def _family(m, built):
    guide = ActivityGuide.objects.create(municipality=m, user=make_user())
    return GuideFamily.objects.create(
        municipality=m, guide=guide, nickname="Ayaan", child_age=9, consent_by="Mor", consent_at=datetime.date.today()
    )


URL_KWARGS = {
    "activity_id": TenantKwarg(Activity, "pk", _activity),
    "schedule_id": TenantKwarg(Schedule, "pk", _schedule),
    "session_id": TenantKwarg(Session, "pk", _session),
    "signup_id": TenantKwarg(SignUp, "pk", _signup),
    "saved_id": TenantKwarg(SavedSearch, "pk", _saved),
    "token": TenantKwarg(SavedSearch, "token", _saved),
    "import_id": TenantKwarg(
        ActivityImport,
        "pk",
        lambda m, built: ActivityImport.objects.create(municipality=m, filename="x.csv", rows=[["title"]]),
    ),
    "guide_id": TenantKwarg(ActivityGuide, "pk", _guide),
    "family_id": TenantKwarg(GuideFamily, "pk", _family),
    "service_uuid": TenantKwarg(Activity, "uuid", lambda m, built: make_activity(m)),
    "organization_uuid": TenantKwarg(Activity, "uuid", lambda m, built: make_activity(m)),
}
