"""Activity guides: consent, minimal data, only their own families, erased when the follow-up ends."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sammen.accounts.models import Role
from sammen.activities import guides
from sammen.activities.models import ActivityGuide, GuideFamily, GuideLogEntry, GuideTally
from sammen.core.models import AuditEntry
from sammen.core.registry import registry
from sammen.core.testing import client_for, grant, make_municipality, make_neighbourhood, make_user

from .factories import category, make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(db):
    municipality = make_municipality(slug="fjordby")
    borgen = make_neighbourhood(municipality, slug="borgen", name="Borgen")
    admin = grant(make_user(), municipality, Role.MUNICIPALITY_ADMIN)
    first = guides.guide_add(actor=admin, municipality=municipality, email=make_user("hodan@example.com").email)
    second = guides.guide_add(actor=admin, municipality=municipality, email=make_user("ali@example.com").email)
    return municipality, borgen, admin, first.user, second.user


def _family(municipality, guide_user, borgen, **extra):
    data = {
        "nickname": "Ayaan",
        "child_age": 9,
        "consent_by": "Mor",
        "consent_at": datetime.date.today(),
        "consent_confirmed": True,
        "neighbourhood": borgen,
        "interests": [category(municipality, "sport")],
        "languages": ["so"],
    }
    data.update(extra)
    return guides.family_create(actor=guide_user, municipality=municipality, **data)


def test_no_record_without_consent(setting):
    municipality, borgen, _admin, hodan, _ali = setting
    with pytest.raises(ValidationError) as error:
        _family(municipality, hodan, borgen, consent_confirmed=False)
    assert "consent_confirmed" in error.value.message_dict
    assert not GuideFamily.objects.exists()


def test_only_guides_record_and_only_their_own_families(setting):
    municipality, borgen, admin, hodan, ali = setting
    with pytest.raises(PermissionDenied):
        _family(municipality, admin, borgen)
    family = _family(municipality, hodan, borgen)
    with pytest.raises(PermissionDenied):
        guides.family_log(actor=ali, family=family, kind="first_visit", date=datetime.date.today())
    assert client_for(ali).get(f"/fjordby/activities/guide/families/{family.pk}/").status_code == 404
    assert client_for(hodan).get(f"/fjordby/activities/guide/families/{family.pk}/").status_code == 200
    # The audit log says a family was recorded, never who.
    entry = AuditEntry.objects.get(action="activities.family.create")
    assert "Ayaan" not in str(entry.after) and entry.object_repr == ""


def test_matches_follow_the_childs_age_interests_and_neighbourhood(setting):
    municipality, borgen, _admin, hodan, _ali = setting
    from .factories import venue

    hall = venue(municipality, neighbourhood=borgen)
    make_activity(municipality, title="Allidrett", venue=hall, age_min=6, age_max=10)
    make_activity(municipality, title="Seniortrim", venue=hall, age_min=65)
    make_activity(municipality, title="Kor", venue=hall, age_min=6, age_max=10, category_key="music")
    family = _family(municipality, hodan, borgen)
    html = client_for(hodan).get(f"/fjordby/activities/guide/families/{family.pk}/").content.decode()
    matches = html.split('<ul class="results">')[1].split("</ul>\n")[0]
    assert "Allidrett" in matches and "Seniortrim" not in matches and "Kor<" not in matches


def test_ending_the_follow_up_erases_everything_and_keeps_a_count(setting):
    municipality, borgen, _admin, hodan, _ali = setting
    family = _family(municipality, hodan, borgen)
    activity = make_activity(municipality)
    guides.family_log(
        actor=hodan, family=family, kind="first_visit", date=datetime.date.today(), activity=activity, note="Gikk fint"
    )
    guides.family_end(actor=hodan, family=family)
    assert not GuideFamily.objects.exists() and not GuideLogEntry.objects.exists()
    tally = GuideTally.objects.get(municipality=municipality)
    assert (tally.families_ended, tally.first_visits) == (1, 1)


def test_follow_ups_past_their_end_are_erased_by_the_daily_task(setting):
    municipality, borgen, _admin, hodan, _ali = setting
    family = _family(municipality, hodan, borgen)
    today = datetime.date.today()
    guides.family_log(
        actor=hodan, family=family, kind="follow_up", date=today, follow_up_until=today + datetime.timedelta(days=30)
    )
    assert guides.families_erase_expired(today=today + datetime.timedelta(days=30)) == 0
    assert guides.families_erase_expired(today=today + datetime.timedelta(days=31)) == 1
    assert not GuideFamily.objects.exists()


def test_privacy_erase_of_a_guide_removes_their_families(setting):
    municipality, borgen, _admin, hodan, _ali = setting
    _family(municipality, hodan, borgen)
    exported = registry.privacy["activities"].export(hodan)
    assert exported["activity_guide"][0]["families_followed"] == 1
    registry.privacy["activities"].erase(hodan)
    assert not GuideFamily.objects.exists()
    assert not ActivityGuide.objects.filter(user=hodan).exists()


def test_privacy_export_and_erase_of_a_resident(setting):
    from sammen.activities import services
    from sammen.activities.models import SavedSearch, SignUp

    municipality, _borgen, _admin, _hodan, _ali = setting
    parent = make_user()
    course = make_activity(municipality, join_method="sign_up", capacity=3)
    services.signup_create(actor=parent, activity=course, participant_name="Yusuf")
    services.saved_search_create(actor=parent, municipality=municipality, name="Tirsdager", query="day=1")
    exported = registry.privacy["activities"].export(parent)
    assert exported["sign_ups"][0]["participant"] == "Yusuf"
    assert exported["saved_searches"] == [{"name": "Tirsdager", "query": "day=1"}]
    registry.privacy["activities"].erase(parent)
    assert not SavedSearch.objects.filter(user=parent).exists()
    signup = SignUp.objects.get(user=parent)
    assert (signup.participant_name, signup.status) == ("–", "cancelled")
