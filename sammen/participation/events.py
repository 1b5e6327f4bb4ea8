"""Public events and dialogue dinners: sign-up with capacity and waiting list, attendance at the door, and the
dialogue dinner kit (a host registers, gets the question guide and reports back through a private link).
"""

from __future__ import annotations

import datetime
import functools
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sammen.accounts.models import User
from sammen.core.audit import audit_record
from sammen.core.sanitise import strip_html
from sammen.core.tasks import send_email

from .models import (
    Channel,
    Engagement,
    EngagementKind,
    EngagementStatus,
    InputStatus,
    Moderation,
    Process,
    Registration,
    RegistrationStatus,
)
from .services import InputData, authorise_process, create_inputs, parse_bulk_lines
from .statistics import statistics_changed

DINNER_MAX_GUESTS = 8
DINNER_MAX_PARTICIPANTS = 40


def _plain(value: str | None) -> str:
    return strip_html(value or "").strip()


def _absolute(base_url: str, path: str) -> str:
    """Links in e-mails need the site's address; views pass it from the request."""
    return f"{base_url.rstrip('/')}{path}"


def _mail(*, to: str, subject: str, template: str, context: dict[str, Any], language: str) -> None:
    with translation.override(language):
        body = render_to_string(template, context)
    send_email.enqueue(subject=subject, body=body, to=[to])


def seats_taken(engagement: Engagement) -> int:
    return (
        engagement.registrations.filter(status=RegistrationStatus.CONFIRMED).aggregate(total=Sum("seats"))["total"] or 0
    )


def signup_is_open(engagement: Engagement) -> bool:
    return (
        engagement.signup_enabled
        and engagement.status == EngagementStatus.PLANNED
        and engagement.date >= timezone.localdate()
        and engagement.process.is_published
    )


def _check_contact(name: str, email: str, phone: str) -> None:
    errors: dict[str, Any] = {}
    if not name:
        errors["name"] = _("Write your name.")
    if not email and not phone:
        errors["email"] = _("Give an e-mail address or a mobile number, so we can reach you if something changes.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address.")
    if phone and not phone.replace(" ", "").lstrip("+").isdigit():
        errors["phone"] = _("Enter a mobile number with digits only, e.g. +47 912 34 567.")
    if errors:
        raise ValidationError(errors)


def registration_create(
    *,
    engagement: Engagement,
    name: str,
    email: str = "",
    phone: str = "",
    seats: int = 1,
    user: User | None = None,
    language: str = "nb",
    base_url: str = "",
) -> Registration:
    """Sign up: a confirmed place while there is room, otherwise a place on the waiting list."""
    name, email, phone = _plain(name)[:200], (email or "").strip(), (phone or "").strip()
    _check_contact(name, email, phone)
    if not 1 <= seats <= 10:
        raise ValidationError({"seats": _("Sign up for between 1 and 10 places.")})
    with transaction.atomic():
        # One sign-up at a time per event, so two people can never both get the last place.
        engagement = (
            Engagement.objects.select_for_update().select_related("process__municipality").get(pk=engagement.pk)
        )
        if not signup_is_open(engagement):
            raise ValidationError(_("Sign-up for this event is closed."))
        if (
            email
            and engagement.registrations.filter(email__iexact=email)
            .exclude(status=RegistrationStatus.CANCELLED)
            .exists()
        ):
            raise ValidationError({"email": _("This e-mail address is already signed up for the event.")})
        taken = seats_taken(engagement)
        fits = engagement.capacity is None or taken + seats <= engagement.capacity
        registration = Registration(
            engagement=engagement,
            user=user if user is not None and user.is_authenticated else None,
            name=name,
            email=email,
            phone=phone,
            seats=seats,
            status=RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITING,
            token=secrets.token_urlsafe(24),
        )
        registration.full_clean()
        try:
            registration.save()
        except IntegrityError as error:
            raise ValidationError({"email": _("This e-mail address is already signed up for the event.")}) from error
        if email:
            transaction.on_commit(lambda: _mail_registration(registration, language, base_url))
    return registration


def _registration_context(registration: Registration, base_url: str) -> dict[str, Any]:
    engagement = registration.engagement
    return {
        "registration": registration,
        "engagement": engagement,
        "process": engagement.process,
        "cancel_url": _absolute(
            base_url,
            reverse(
                "participation:registration_cancel",
                kwargs={
                    "municipality_slug": engagement.process.municipality.slug,
                    "registration_token": registration.token,
                },
            ),
        ),
        "event_url": _absolute(base_url, engagement.get_absolute_url()),
    }


def _mail_registration(registration: Registration, language: str, base_url: str) -> None:
    with translation.override(language):
        if registration.status == RegistrationStatus.CONFIRMED:
            subject = _("You are signed up: %(title)s") % {"title": registration.engagement.title}
        else:
            subject = _("You are on the waiting list: %(title)s") % {"title": registration.engagement.title}
    _mail(
        to=registration.email,
        subject=subject,
        template="participation/email/registration.txt",
        context=_registration_context(registration, base_url),
        language=language,
    )


def registration_cancel(*, registration: Registration, language: str = "nb", base_url: str = "") -> list[Registration]:
    """Cancel a sign-up; people on the waiting list move up in order while their places fit. Returns them."""
    promoted: list[Registration] = []
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=registration.engagement_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return []
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status"])
        if engagement.status != EngagementStatus.PLANNED:
            return []
        taken = seats_taken(engagement)
        for waiting in engagement.registrations.filter(status=RegistrationStatus.WAITING).order_by("created_at", "id"):
            if engagement.capacity is not None and taken + waiting.seats > engagement.capacity:
                break
            waiting.status = RegistrationStatus.CONFIRMED
            waiting.save(update_fields=["status"])
            taken += waiting.seats
            promoted.append(waiting)
        for person in promoted:
            if person.email:
                transaction.on_commit(functools.partial(_mail_registration, person, language, base_url))
    return promoted


def sync_participants_from_attendance(engagement: Engagement) -> None:
    """Set the participant count to the places registered as attended (sign-ups and walk-ins)."""
    attended = (
        engagement.registrations.filter(status=RegistrationStatus.CONFIRMED, attended=True).aggregate(
            total=Sum("seats")
        )["total"]
        or 0
    )
    Engagement.objects.filter(pk=engagement.pk).update(
        participants_min=attended, participants_max=attended, updated_at=timezone.now()
    )
    engagement.participants_min = engagement.participants_max = attended
    statistics_changed(engagement.process_id)


def attendance_set(*, actor: User, registration: Registration, attended: bool) -> Registration:
    engagement = registration.engagement
    authorise_process(actor, engagement.process)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This sign-up was cancelled."))
    with transaction.atomic():
        registration.attended = attended
        registration.attended_at = timezone.now() if attended else None
        if attended and registration.status == RegistrationStatus.WAITING:
            # Someone from the waiting list turned up and got in: they took part.
            registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["attended", "attended_at", "status"])
        if engagement.participants_from_attendance:
            sync_participants_from_attendance(engagement)
        audit_record(
            actor=actor,
            municipality=engagement.process.municipality,
            action="participation.registration.attendance",
            obj=engagement,
            after={"registration": registration.pk, "attended": attended},
        )
    return registration


def walk_in_add(*, actor: User, engagement: Engagement, name: str = "", seats: int = 1) -> Registration:
    """Someone came without signing up: registered at the door as attended."""
    authorise_process(actor, engagement.process)
    if not 1 <= seats <= 10:
        raise ValidationError({"seats": _("Register between 1 and 10 people at a time.")})
    with transaction.atomic():
        registration = Registration.objects.create(
            engagement=engagement,
            name=_plain(name)[:200],
            seats=seats,
            status=RegistrationStatus.CONFIRMED,
            is_walk_in=True,
            attended=True,
            attended_at=timezone.now(),
            token=secrets.token_urlsafe(24),
        )
        if engagement.participants_from_attendance:
            sync_participants_from_attendance(engagement)
        audit_record(
            actor=actor,
            municipality=engagement.process.municipality,
            action="participation.registration.walk_in",
            obj=engagement,
            after={"registration": registration.pk, "seats": seats},
        )
    return registration


# --- Dialogue dinners ------------------------------------------------------------------------------------------


def dinner_register(
    *,
    process: Process,
    name: str,
    email: str,
    phone: str = "",
    planned_on: datetime.date,
    guests: int,
    consent: bool,
    user: User | None = None,
    language: str = "nb",
    base_url: str = "",
) -> Engagement:
    """A resident offers to host a dialogue dinner: they get the question guide and a private link to report."""
    if not (process.is_published and process.dinner_kit_enabled):
        raise ValidationError(_("This process does not take dialogue dinner hosts."))
    name, email, phone = _plain(name)[:200], (email or "").strip(), (phone or "").strip()
    errors: dict[str, Any] = {}
    if not name:
        errors["name"] = _("Write your name.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter your e-mail address: the question guide and your link come by e-mail.")
    if not 1 <= guests <= DINNER_MAX_GUESTS:
        errors["guests"] = _("A dialogue dinner has between 1 and %(max)s guests.") % {"max": DINNER_MAX_GUESTS}
    if planned_on < timezone.localdate():
        errors["planned_on"] = _("Choose a day from today on.")
    if not consent:
        errors["consent"] = _("We need your consent to keep your name and e-mail address while the process runs.")
    if errors:
        raise ValidationError(errors)
    with translation.override(process.content_language):
        title = _("Dialogue dinner on %(date)s") % {"date": planned_on.strftime("%d.%m.%Y")}
    with transaction.atomic():
        engagement = Engagement.objects.create(
            process=process,
            kind=EngagementKind.DIALOGUE_DINNER,
            title=title,
            status=EngagementStatus.PLANNED,
            date=planned_on,
            host_name=name,
            host_email=email,
            host_phone=phone,
            host_user=user if user is not None and user.is_authenticated else None,
            host_token=secrets.token_urlsafe(32),
            notes=_("Expected guests: %(guests)s") % {"guests": guests},
        )
        statistics_changed(process.pk)
        audit_record(
            actor=user if user is not None and user.is_authenticated else None,
            municipality=process.municipality,
            action="participation.dinner.register",
            obj=engagement,
            after={"date": planned_on.isoformat(), "guests": guests},
        )
        transaction.on_commit(lambda: _mail_dinner_kit(engagement, language, base_url))
    return engagement


def dinner_report_url(engagement: Engagement) -> str:
    return reverse(
        "participation:dinner_report",
        kwargs={"municipality_slug": engagement.process.municipality.slug, "host_token": engagement.host_token},
    )


def _mail_dinner_kit(engagement: Engagement, language: str, base_url: str) -> None:
    with translation.override(language):
        subject = _("Your dialogue dinner: question guide and link for your report")
    _mail(
        to=engagement.host_email,
        subject=subject,
        template="participation/email/dinner_kit.txt",
        context={
            "engagement": engagement,
            "process": engagement.process,
            "questions": [q for q in engagement.process.dinner_guide.splitlines() if q.strip()],
            "report_url": _absolute(base_url, dinner_report_url(engagement)),
        },
        language=language,
    )


def dinner_report(
    *,
    engagement: Engagement,
    held_on: datetime.date,
    participants: int,
    summary: str,
    inputs_text: str = "",
    language: str = "",
) -> Engagement:
    """The host reports: how many took part, a summary, and the inputs from the table (one per line)."""
    if engagement.kind != EngagementKind.DIALOGUE_DINNER or not engagement.host_token:
        raise PermissionDenied
    if engagement.reported_at is not None:
        raise ValidationError(_("This dialogue dinner has already been reported. Thank you!"))
    errors: dict[str, Any] = {}
    if not 1 <= participants <= DINNER_MAX_PARTICIPANTS:
        errors["participants"] = _("Give the number of people at the table, host included (1–%(max)s).") % {
            "max": DINNER_MAX_PARTICIPANTS
        }
    if held_on > timezone.localdate():
        errors["held_on"] = _("The dinner cannot have taken place in the future.")
    summary = _plain(summary)
    if not summary:
        errors["summary"] = _("Write a short summary of the conversation.")
    lines = []
    if inputs_text.strip():
        try:
            lines = parse_bulk_lines(process=engagement.process, text=inputs_text)
        except ValidationError as error:
            errors["inputs"] = [str(m) for m in error.messages]
    if errors:
        raise ValidationError(errors)
    process = engagement.process
    status = InputStatus.PENDING if process.moderation == Moderation.PRE else InputStatus.PUBLISHED
    with transaction.atomic():
        locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if locked.reported_at is not None:
            raise ValidationError(_("This dialogue dinner has already been reported. Thank you!"))
        Engagement.objects.filter(pk=engagement.pk).update(
            status=EngagementStatus.HELD,
            date=held_on,
            participants_min=participants,
            participants_max=participants,
            summary=summary,
            reported_at=timezone.now(),
            updated_at=timezone.now(),
        )
        statistics_changed(process.pk)
        created = create_inputs(
            process=process,
            datas=[
                InputData(
                    text=line.text,
                    received_on=held_on,
                    channel=Channel.DIALOGUE_DINNER,
                    engagement=engagement,
                    language=language or process.content_language,
                    focus_area_ids=line.focus_area_ids,
                )
                for line in lines
            ],
            status=status,
            entered_by=None,
        )
        audit_record(
            actor=engagement.host_user,
            municipality=process.municipality,
            action="participation.dinner.report",
            obj=engagement,
            after={"participants": participants, "inputs": len(created)},
        )
    engagement.refresh_from_db()
    return engagement
