"""Daily work for a scheduler: reminders and releasing reservations nobody collected."""

from __future__ import annotations

from django.tasks import task

from .circulation import reservations_release_no_shows
from .reminders import reminders_send


@task()
def lending_daily() -> dict[str, int]:
    released = reservations_release_no_shows()
    run = reminders_send()
    return {"released": released, "sent": run.sent, "skipped": run.skipped}
