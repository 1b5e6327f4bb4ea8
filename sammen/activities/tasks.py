"""Daily background work: extend materialised sessions, remind organisers, erase ended guide follow-ups."""

from __future__ import annotations

import datetime

from django.tasks import task
from django.utils import timezone

from . import guides, recurrence, services
from .models import Activity, ActivityStatus, Session

# Past sessions and tombstones are kept this long for the RPDE feeds, then purged.
KEEP_PAST = datetime.timedelta(days=90)


@task()
def materialise_all() -> int:
    """Roll every live activity's sessions forward to the horizon; purge old sessions."""
    now = timezone.now()
    count = 0
    for activity in (
        Activity.objects.exclude(status=ActivityStatus.ENDED).select_related("municipality").iterator(chunk_size=200)
    ):
        recurrence.materialise_activity(activity, now=now)
        count += 1
    Session.objects.filter(starts_at__lt=now - KEEP_PAST).delete()
    return count


@task()
def send_reminders(base_url: str = "") -> int:
    return services.reminders_send(base_url=base_url)


@task()
def erase_ended_follow_ups() -> int:
    return guides.families_erase_expired()
