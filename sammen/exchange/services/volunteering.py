"""Volunteer tasks: organisations post tasks with one-off or recurring shifts; volunteers sign up; hours count."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from decimal import Decimal
from typing import Any

from dateutil.rrule import WEEKLY, rrule
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record, snapshot
from sammen.core.services import model_update

from .. import notify
from ..models import Actor, Shift, ShiftSignup, SignupStatus, VolunteerTask
from ..rules import user_acts_for
from .actors import actor_join_volunteer
from .common import absolute_url, check_place, parse_tags, plain, require, tags_for

TASK_FIELDS = ("title", "description", "requirements", "neighbourhood", "venue", "meeting_point", "is_published")
MAX_SHIFTS_PER_SERIES = 60
MAX_CAPACITY = 500
MAX_SHIFT_HOURS = 24


def _clean_task(actor: Actor, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    check_place(actor.municipality, neighbourhood=fields.get("neighbourhood"), venue=fields.get("venue"))
    for key in ("title", "description", "requirements", "meeting_point"):
        if key in fields:
            fields[key] = plain(fields[key])
    errors = {}
    if "title" in fields and not fields["title"]:
        errors["title"] = _("Give the task a short title.")
    if "description" in fields and not fields["description"]:
        errors["description"] = _("Describe what the volunteers will do.")
    if errors:
        raise ValidationError(errors)
    return fields


def task_create(*, user: User, actor: Actor, tags: str | list[str] | None = None, **fields: Any) -> VolunteerTask:
    require(user, "exchange.manage_actor", actor)
    if actor.is_volunteer:
        raise ValidationError(_("Only organisations post volunteer tasks."))
    task = VolunteerTask(municipality=actor.municipality, actor=actor, created_by=user, **_clean_task(actor, fields))
    tag_names = parse_tags(tags)
    task.full_clean()
    with transaction.atomic():
        task.save()
        task.tags.set(tags_for(actor.municipality, tag_names))
        audit_record(
            actor=user, municipality=actor.municipality, action="exchange.task.create", obj=task, after=snapshot(task)
        )
    return task


def task_update(
    *, user: User, task: VolunteerTask, tags: str | list[str] | None = None, **changes: Any
) -> VolunteerTask:
    require(user, "exchange.manage_task", task)
    changes = _clean_task(task.actor, changes)
    with transaction.atomic():
        model_update(
            actor=user, municipality=task.municipality, instance=task, changes=changes, action="exchange.task.update"
        )
        if tags is not None:
            task.tags.set(tags_for(task.municipality, parse_tags(tags)))
    return task


def shifts_add(
    *,
    user: User,
    task: VolunteerTask,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    repeat_weeks: int = 0,
    repeat_until: datetime.date | None = None,
) -> list[Shift]:
    """Add one shift, or a weekly (every `repeat_weeks` weeks) series until a date. Recurring shifts keep their
    local time across summer time, because they are generated in the municipality's time zone."""
    require(user, "exchange.manage_task", task)
    errors: dict[str, str] = {}
    now = timezone.now()
    if starts_at <= now:
        errors["starts_at"] = _("Choose a time in the future.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The shift must end after it starts.")
    elif ends_at - starts_at > datetime.timedelta(hours=MAX_SHIFT_HOURS):
        errors["ends_at"] = _("A shift can last at most %(n)d hours.") % {"n": MAX_SHIFT_HOURS}
    if not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = _("Between 1 and %(n)d volunteers.") % {"n": MAX_CAPACITY}
    if repeat_weeks not in (0, 1, 2, 4):
        errors["repeat_weeks"] = _("Choose how often the shift repeats.")
    if repeat_weeks and repeat_until is None:
        errors["repeat_until"] = _("Say until which date the shift repeats.")
    if errors:
        raise ValidationError(errors)

    tz = zoneinfo.ZoneInfo(task.municipality.timezone)
    local_start = timezone.localtime(starts_at, tz).replace(tzinfo=None)
    length = ends_at - starts_at
    if repeat_weeks:
        assert repeat_until is not None
        until = datetime.datetime.combine(repeat_until, datetime.time(23, 59))
        if until < local_start:
            raise ValidationError({"repeat_until": _("The last date must be after the first shift.")})
        starts = list(rrule(WEEKLY, interval=repeat_weeks, dtstart=local_start, until=until))
        if len(starts) > MAX_SHIFTS_PER_SERIES:
            raise ValidationError(
                {
                    "repeat_until": _("That makes more than %(n)d shifts. Choose an earlier last date.")
                    % {"n": MAX_SHIFTS_PER_SERIES}
                }
            )
    else:
        starts = [local_start]
    series = uuid.uuid4() if len(starts) > 1 else None
    shifts = []
    with transaction.atomic():
        for start in starts:
            aware = timezone.make_aware(start, tz)
            shift = Shift(task=task, starts_at=aware, ends_at=aware + length, capacity=capacity, series=series)
            shift.full_clean()
            shift.save()
            shifts.append(shift)
        audit_record(
            actor=user,
            municipality=task.municipality,
            action="exchange.shift.add",
            obj=task,
            after={"shifts": len(shifts), "first": shifts[0].starts_at.isoformat(), "capacity": capacity},
        )
    return shifts


def shift_cancel(*, user: User, shift: Shift) -> Shift:
    task = shift.task
    require(user, "exchange.manage_task", task)
    if shift.is_cancelled:
        return shift
    with transaction.atomic():
        shift.is_cancelled = True
        shift.save(update_fields=["is_cancelled", "updated_at"])
        audit_record(actor=user, municipality=task.municipality, action="exchange.shift.cancel", obj=shift)
    signups = shift.signups.filter(status=SignupStatus.ACTIVE).select_related(
        "volunteer__user", "volunteer__municipality"
    )
    for signup in signups:
        notify.send(
            notify.recipients_for_actor(signup.volunteer),
            "shift_cancelled",
            {"shift": shift, "task": task, "url": absolute_url(task.get_absolute_url())},
        )
    return shift


def shift_signup(*, user: User, shift: Shift, display_name: str = "", phone: str = "") -> ShiftSignup:
    """A volunteer takes a place on a shift. The shift row is locked while places are counted, so two people
    signing up for the last place at the same moment cannot both get it. A first sign-up creates the
    volunteer profile (`display_name`, optional `phone`)."""
    task = shift.task
    municipality = task.municipality
    if not user.is_authenticated:
        raise PermissionDenied
    volunteer = Actor.objects.filter(municipality=municipality, user=user).first()
    if volunteer is None:
        try:
            volunteer = actor_join_volunteer(
                user=user, municipality=municipality, display_name=display_name, contact_phone=phone
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the profile was created a moment ago by the same person
                volunteer = Actor.objects.get(municipality=municipality, user=user)
            else:
                raise
    if not volunteer.is_active:
        raise ValidationError(_("Your volunteer profile is paused. Turn it on again on your page."))
    try:
        with transaction.atomic():
            locked = Shift.objects.select_for_update().select_related("task").get(pk=shift.pk)
            if locked.is_cancelled or not locked.task.is_published:
                raise ValidationError(_("This shift is cancelled."))
            if locked.starts_at <= timezone.now():
                raise ValidationError(_("This shift has already started."))
            active = ShiftSignup.objects.filter(shift=locked, status=SignupStatus.ACTIVE)
            if active.filter(volunteer=volunteer).exists():
                raise ValidationError(_("You are already signed up for this shift."))
            if active.count() >= locked.capacity:
                raise ValidationError(_("This shift is full. Choose another one."))
            signup = ShiftSignup.objects.create(shift=locked, volunteer=volunteer)
    except IntegrityError:
        raise ValidationError(_("You are already signed up for this shift.")) from None
    notify.send(
        notify.recipients_for_actor(volunteer),
        "shift_signup",
        {"shift": shift, "task": task, "url": absolute_url(task.get_absolute_url())},
    )
    return signup


def signup_cancel(*, user: User, signup: ShiftSignup) -> ShiftSignup:
    task = signup.shift.task
    if not (user_acts_for(user, signup.volunteer) or user.has_perm("exchange.manage_task", task)):
        raise PermissionDenied
    if signup.shift.starts_at <= timezone.now():
        raise ValidationError(_("The shift has started; tell the organisation instead."))
    updated = ShiftSignup.objects.filter(pk=signup.pk, status=SignupStatus.ACTIVE).update(
        status=SignupStatus.CANCELLED, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This sign-up is already cancelled."))
    signup.refresh_from_db()
    return signup


def signup_mark(*, user: User, signup: ShiftSignup, attended: bool | None, hours: Decimal | None = None) -> ShiftSignup:
    """After a shift, the organisation records a no-show or different hours; by default a shift counts in full."""
    task = signup.shift.task
    require(user, "exchange.manage_task", task)
    if signup.shift.starts_at > timezone.now():
        raise ValidationError(_("You can record attendance when the shift has started."))
    if signup.status != SignupStatus.ACTIVE:
        raise PermissionDenied
    if hours is not None and not (Decimal("0") <= hours <= Decimal(MAX_SHIFT_HOURS)):
        raise ValidationError({"hours": _("Between 0 and %(n)d hours.") % {"n": MAX_SHIFT_HOURS}})
    return model_update(
        actor=user,
        municipality=task.municipality,
        instance=signup,
        changes={"attended": attended, "hours_override": hours},
        action="exchange.signup.mark",
    )
