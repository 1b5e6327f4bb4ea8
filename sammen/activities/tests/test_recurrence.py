"""Schedules in iCalendar terms and the sessions materialised from them."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from sammen.activities import recurrence, services
from sammen.activities.models import Schedule, Session
from sammen.core.testing import make_municipality

from .factories import make_activity, weekly

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def _schedule(**fields):
    defaults = {
        "start_date": datetime.date(2026, 9, 1),
        "start_time": datetime.time(17, 0),
        "end_time": datetime.time(18, 30),
        "rrule": "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T235959",
    }
    defaults.update(fields)
    return Schedule(**defaults)


def test_weekly_tuesdays_autumn_term_with_an_exception():
    schedule = _schedule(exdates="2026-10-06")
    occ = recurrence.occurrences(
        schedule,
        tz=OSLO,
        start=datetime.datetime(2026, 8, 1, tzinfo=OSLO),
        end=datetime.datetime(2027, 1, 1, tzinfo=OSLO),
    )
    days = [o.starts_at.date() for o in occ]
    # 1 Sept to 15 Dec 2026 has 16 Tuesdays; the autumn break on 6 October is skipped.
    assert len(days) == 15
    assert days[0] == datetime.date(2026, 9, 1)
    assert days[-1] == datetime.date(2026, 12, 15)
    assert datetime.date(2026, 10, 6) not in days
    assert all(d.weekday() == 1 for d in days)


def test_local_time_survives_the_change_to_winter_time():
    occ = recurrence.occurrences(
        _schedule(),
        tz=OSLO,
        start=datetime.datetime(2026, 10, 20, tzinfo=OSLO),
        end=datetime.datetime(2026, 11, 4, tzinfo=OSLO),
    )
    # 27 Oct is after the clocks go back (25 Oct): still 17:00 local, one hour later in UTC.
    assert [o.starts_at.astimezone(OSLO).time() for o in occ] == [datetime.time(17, 0)] * 3
    assert [o.starts_at.astimezone(datetime.UTC).hour for o in occ] == [15, 16, 16]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=WEEKLY;BYDAY=XX", "not valid iCalendar"),
        ("nonsense", "not valid iCalendar"),
        ("FREQ=MINUTELY", "more often is not possible"),
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20260801", "before the first date"),
        ("FREQ=DAILY;INTERVAL=1;BYHOUR=1,2,3,4,5", "too many sessions"),
    ],
)
def test_malformed_or_runaway_rules_are_refused_with_a_message(rule, message):
    with pytest.raises(ValidationError) as error:
        recurrence.validate_schedule(_schedule(rrule=rule))
    assert message in " ".join(error.value.message_dict["rrule"])


def test_end_before_start_is_refused():
    with pytest.raises(ValidationError) as error:
        recurrence.validate_schedule(_schedule(end_time=datetime.time(16, 0)))
    assert "end_time" in error.value.message_dict


def test_calendar_programs_utc_until_and_prefix_are_accepted():
    assert recurrence.normalise_rrule("RRULE:freq=weekly;byday=tu;until=20261215T225959Z") == (
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T235959"
    )


def test_materialise_creates_updates_and_tombstones_sessions():
    municipality = make_municipality()
    start = datetime.date.today() - datetime.timedelta(days=7)
    activity = make_activity(municipality, schedule=weekly(start, days="TU,TH"))
    upcoming = Session.objects.filter(
        activity=activity, is_removed=False, starts_at__gte=datetime.datetime.now(datetime.UTC)
    )
    count = upcoming.count()
    assert count >= 50  # two a week for the 26-week horizon
    schedule = activity.schedules.get()
    actor = activity.created_by
    # Thursdays dropped: their future sessions become tombstones (the RPDE feed reports them deleted).
    services.schedule_update(actor=actor, schedule=schedule, data=weekly(start, days="TU"))
    assert upcoming.count() == pytest.approx(count / 2, abs=1)
    assert Session.objects.filter(activity=activity, is_removed=True, weekday=3).exists()
    # Materialising again changes nothing.
    before = list(Session.objects.filter(activity=activity).values_list("id", "modified_stamp"))
    recurrence.materialise_activity(activity)
    assert list(Session.objects.filter(activity=activity).values_list("id", "modified_stamp")) == before


def test_a_cancellation_is_kept_when_the_schedule_is_materialised_again():
    municipality = make_municipality()
    activity = make_activity(municipality)
    session = activity.sessions.filter(starts_at__gte=datetime.datetime.now(datetime.UTC)).first()
    services.session_cancel(actor=activity.created_by, session=session, reason="Valglokale")
    recurrence.materialise_activity(activity)
    session.refresh_from_db()
    assert session.is_cancelled and session.cancel_reason == "Valglokale"
    services.session_reinstate(actor=activity.created_by, session=session)
    session.refresh_from_db()
    assert not session.is_cancelled
