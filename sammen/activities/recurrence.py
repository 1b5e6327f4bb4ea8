"""Schedules in iCalendar terms (RRULE, EXDATE) and their materialisation into Session rows.

Sessions are materialised for a rolling horizon (HORIZON_DAYS ahead) when a schedule changes and by a daily task,
so that search by day, time of day and next session is a plain database query.
"""

from __future__ import annotations

import datetime
import re
import time
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Activity, Schedule, Session

HORIZON_DAYS = 183
# A schedule may produce at most this many sessions inside the horizon (a daily activity: 183).
MAX_SESSIONS_PER_SCHEDULE = 400
ALLOWED_FREQUENCIES = {DAILY, WEEKLY, MONTHLY, YEARLY}
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_UTC_UNTIL = re.compile(r"UNTIL=(\d{8})T\d{6}Z", re.IGNORECASE)


def next_stamp() -> int:
    """A change stamp for the RPDE feeds: microseconds since the epoch."""
    return time.time_ns() // 1000


def normalise_rrule(value: str) -> str:
    """Upper-case, without the RRULE: prefix; a UTC UNTIL (as calendar programs write it) becomes a local day end."""
    rule = (value or "").strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    rule = rule.strip().upper().rstrip(";")
    return _UTC_UNTIL.sub(lambda m: f"UNTIL={m.group(1)}T235959", rule)


def build_rrule(*, weekdays: Iterable[int], interval: int = 1, until: datetime.date | None = None) -> str:
    """The RRULE for "every (second) Tuesday and Thursday until 15 December"."""
    parts = ["FREQ=WEEKLY"]
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    parts.append("BYDAY=" + ",".join(WEEKDAY_CODES[d] for d in sorted(set(weekdays))))
    if until is not None:
        parts.append(f"UNTIL={until:%Y%m%d}T235959")
    return ";".join(parts)


def parse_exdates(value: str) -> list[datetime.date]:
    """Dates written YYYY-MM-DD (or DD.MM.YYYY), separated by commas, spaces or new lines."""
    dates = []
    for token in re.split(r"[,\s;]+", (value or "").strip()):
        if not token:
            continue
        try:
            if "." in token:
                dates.append(datetime.datetime.strptime(token, "%d.%m.%Y").date())
            else:
                dates.append(datetime.date.fromisoformat(token))
        except ValueError:
            raise ValidationError(
                {"exdates": _("“%(value)s” is not a date. Write dates as 2026-10-06 or 06.10.2026.") % {"value": token}}
            ) from None
    return sorted(set(dates))


def format_exdates(dates: Iterable[datetime.date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(set(dates)))


def _rule(schedule: Schedule) -> rrule | None:
    if not schedule.rrule:
        return None
    start = datetime.datetime.combine(schedule.start_date, schedule.start_time)
    return rrulestr(f"RRULE:{schedule.rrule}", dtstart=start)  # type: ignore[return-value]


def validate_schedule(schedule: Schedule) -> None:
    """A clear message for a malformed rule, a rule that never meets, end before start, or far too many sessions."""
    errors: dict[str, str] = {}
    if schedule.start_time and schedule.end_time and schedule.end_time <= schedule.start_time:
        errors["end_time"] = _("The end time must be after the start time.")
    if schedule.rrule:
        schedule.rrule = normalise_rrule(schedule.rrule)
        try:
            rule = _rule(schedule)
        except (ValueError, TypeError, KeyError, IndexError):
            rule = None
            errors["rrule"] = _(
                "The recurrence rule is not valid iCalendar (RFC 5545), e.g. FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215."
            )
        if rule is not None:
            # dateutil keeps the rule's parts private; they have been stable across its releases.
            freq, until, first = rule._freq, rule._until, rule._dtstart  # type: ignore[attr-defined]
            if freq not in ALLOWED_FREQUENCIES:
                errors["rrule"] = _("Repeat daily, weekly, monthly or yearly; more often is not possible.")
            elif until is not None and until.date() < schedule.start_date:
                errors["rrule"] = _("The last date is before the first date.")
            elif rule.after(datetime.datetime.combine(schedule.start_date, datetime.time.min), inc=True) is None:
                errors["rrule"] = _("This rule never produces a session.")
            else:
                horizon = first + datetime.timedelta(days=HORIZON_DAYS)
                within = [o for o in rule.xafter(first, count=MAX_SESSIONS_PER_SCHEDULE + 1, inc=True) if o <= horizon]
                if len(within) > MAX_SESSIONS_PER_SCHEDULE:
                    errors["rrule"] = _("The rule gives too many sessions; repeat at most once a day.")
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class Occurrence:
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def occurrences(
    schedule: Schedule,
    *,
    tz: zoneinfo.ZoneInfo,
    start: datetime.datetime,
    end: datetime.datetime,
    skip_exdates: bool = True,
) -> list[Occurrence]:
    """Occurrences of a schedule whose start falls in [start, end), as aware datetimes in `tz`."""
    exdates = set(parse_exdates(schedule.exdates)) if skip_exdates else set()
    duration = datetime.datetime.combine(schedule.start_date, schedule.end_time) - datetime.datetime.combine(
        schedule.start_date, schedule.start_time
    )
    local_start = start.astimezone(tz).replace(tzinfo=None)
    local_end = end.astimezone(tz).replace(tzinfo=None)
    rule = _rule(schedule)
    if rule is None:
        naive = [datetime.datetime.combine(schedule.start_date, schedule.start_time)]
        naive = [d for d in naive if local_start <= d < local_end]
    else:
        naive = rule.between(local_start, local_end, inc=True)
        naive = [d for d in naive if d < local_end][:MAX_SESSIONS_PER_SCHEDULE]
    result = []
    for local in naive:
        if local.date() in exdates:
            continue
        aware = local.replace(tzinfo=tz)
        result.append(Occurrence(starts_at=aware, ends_at=(local + duration).replace(tzinfo=tz)))
    return result


def materialise_activity(activity: Activity, *, now: datetime.datetime | None = None) -> int:
    """Bring the activity's sessions in line with its schedules for the horizon; returns the sessions now upcoming.

    Sessions in the window that a schedule no longer produces become tombstones; cancellations are applied.
    """
    now = now or timezone.now()
    tz = zoneinfo.ZoneInfo(activity.municipality.timezone)
    window_start = now - datetime.timedelta(days=1)
    window_end = now + datetime.timedelta(days=HORIZON_DAYS)
    stamp = next_stamp()
    schedules = list(activity.schedules.prefetch_related("cancellations"))
    wanted: dict[tuple[int, datetime.datetime], tuple[Occurrence, str | None]] = {}
    for schedule in schedules:
        cancelled = {c.date: c.reason for c in schedule.cancellations.all()}
        for occ in occurrences(schedule, tz=tz, start=window_start, end=window_end):
            local_date = occ.starts_at.date()
            wanted[(schedule.pk, occ.starts_at.astimezone(datetime.UTC))] = (
                occ,
                cancelled.get(local_date) if local_date in cancelled else None,
            )
    with transaction.atomic():
        existing = {
            (s.schedule_id, s.starts_at.astimezone(datetime.UTC)): s
            for s in Session.objects.filter(activity=activity, starts_at__gte=window_start, starts_at__lt=window_end)
        }
        to_create, to_update = [], []
        for key, (occ, cancel_reason) in wanted.items():
            is_cancelled = cancel_reason is not None
            session = existing.pop(key, None)
            if session is None:
                local = occ.starts_at
                to_create.append(
                    Session(
                        municipality_id=activity.municipality_id,
                        activity=activity,
                        schedule_id=key[0],
                        starts_at=occ.starts_at,
                        ends_at=occ.ends_at,
                        local_date=local.date(),
                        weekday=local.weekday(),
                        start_minute=local.hour * 60 + local.minute,
                        is_cancelled=is_cancelled,
                        cancel_reason=cancel_reason or "",
                        modified_stamp=stamp,
                    )
                )
            elif (
                session.ends_at != occ.ends_at
                or session.is_cancelled != is_cancelled
                or session.cancel_reason != (cancel_reason or "")
                or session.is_removed
            ):
                session.ends_at = occ.ends_at
                session.is_cancelled = is_cancelled
                session.cancel_reason = cancel_reason or ""
                session.is_removed = False
                session.modified_stamp = stamp
                to_update.append(session)
        for session in existing.values():
            if not session.is_removed and session.starts_at >= now:
                session.is_removed = True
                session.modified_stamp = stamp
                to_update.append(session)
        Session.objects.bulk_create(to_create, batch_size=500)
        Session.objects.bulk_update(
            to_update, ["ends_at", "is_cancelled", "cancel_reason", "is_removed", "modified_stamp"], batch_size=500
        )
        # Sessions of a deleted schedule (schedule set to NULL) are tombstoned too.
        Session.objects.filter(activity=activity, schedule__isnull=True, is_removed=False).update(
            is_removed=True, modified_stamp=stamp
        )
        upcoming = Session.objects.filter(activity=activity, starts_at__gte=now, is_removed=False)
        first = upcoming.filter(is_cancelled=False).order_by("starts_at").values_list("starts_at", flat=True).first()
        Activity.objects.filter(pk=activity.pk).update(next_session_at=first)
        activity.next_session_at = first
    return upcoming.count()


def schedule_summary(schedule: Schedule) -> dict[str, object]:
    """What a person reads: the weekdays, the interval and the last date of a weekly rule (None for other rules)."""
    if not schedule.rrule:
        return {"once": True}
    parts = dict(p.split("=", 1) for p in schedule.rrule.split(";") if "=" in p)
    if parts.get("FREQ") != "WEEKLY":
        return {"rule": schedule.rrule}
    days = [WEEKDAY_CODES.index(code[-2:]) for code in parts.get("BYDAY", "").split(",") if code[-2:] in WEEKDAY_CODES]
    if not days:
        days = [schedule.start_date.weekday()]
    until = None
    if "UNTIL" in parts:
        until = datetime.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
    return {"weekdays": sorted(days), "interval": int(parts.get("INTERVAL", "1")), "until": until}
