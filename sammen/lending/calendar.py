"""When a depot is open: regular weekly hours, minus holidays and summer closures, plus special hours."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from sammen.places.models import Municipality

from .models import Depot, OpeningException, OpeningHours


def today_in(municipality: Municipality) -> datetime.date:
    """Today's date where the municipality is, whatever time zone the process runs in."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(municipality.timezone))


@dataclass(frozen=True)
class DayHours:
    day: datetime.date
    opens: datetime.time | None
    closes: datetime.time | None
    note: str = ""

    @property
    def is_open(self) -> bool:
        return self.opens is not None


class DepotCalendar:
    """Opening days of one depot, from its hours and exceptions loaded once."""

    def __init__(self, hours: Iterable[OpeningHours], exceptions: Iterable[OpeningException]) -> None:
        self.weekly = {h.weekday: h for h in hours}
        self.exceptions = sorted(exceptions, key=lambda e: e.start_date)

    @classmethod
    def for_depot(cls, depot: Depot) -> DepotCalendar:
        return cls(depot.hours.all(), depot.exceptions.all())

    @property
    def has_hours(self) -> bool:
        return bool(self.weekly)

    def hours_on(self, day: datetime.date) -> DayHours:
        for exception in self.exceptions:
            if exception.start_date <= day <= exception.end_date:
                if exception.is_closed:
                    return DayHours(day, None, None, exception.reason)
                return DayHours(day, exception.opens, exception.closes, exception.reason)
        regular = self.weekly.get(day.weekday())
        if regular is None:
            return DayHours(day, None, None)
        return DayHours(day, regular.opens, regular.closes)

    def is_open(self, day: datetime.date) -> bool:
        return self.hours_on(day).is_open

    def open_days(self, start: datetime.date, count: int, limit_days: int = 120) -> list[datetime.date]:
        """The next `count` open days from `start` (inclusive), looking at most `limit_days` ahead."""
        found: list[datetime.date] = []
        day = start
        for _ in range(limit_days):
            if self.is_open(day):
                found.append(day)
                if len(found) == count:
                    break
            day += datetime.timedelta(days=1)
        return found

    def next_open_day(self, start: datetime.date) -> datetime.date | None:
        days = self.open_days(start, 1)
        return days[0] if days else None

    def upcoming_exceptions(self, today: datetime.date) -> list[OpeningException]:
        return [e for e in self.exceptions if e.end_date >= today]
