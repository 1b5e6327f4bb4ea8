"""Writes to the activity catalogue: authorise, validate, write in one transaction with its audit entry."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.models import Child, User
from sammen.core.audit import audit_record, snapshot
from sammen.organisations.models import Organisation
from sammen.places.models import Municipality

from . import card_payment, recurrence
from .models import (
    HOLDS_PLACE,
    LANGUAGE_CODES,
    MAX_AGE,
    Activity,
    ActivityStatus,
    Cancellation,
    Category,
    JoinMethod,
    PriceBand,
    PriceType,
    SavedSearch,
    Schedule,
    Session,
    SignUp,
    SignUpStatus,
    TargetGroup,
    tag_list_value,
)

# A listing the organiser has not confirmed for a season is stale: hidden from search, shown to the organiser.
STALE_AFTER = datetime.timedelta(days=365)
# The yearly "still running?" reminder goes out a month before a listing would turn stale.
REMIND_AFTER = datetime.timedelta(days=335)

DEFAULT_CATEGORIES = [
    ("sport", "Sport"),
    ("outdoor", "Outdoor life"),
    ("culture", "Culture"),
    ("music", "Music"),
    ("crafts", "Crafts"),
    ("meeting_place", "Social meeting place"),
    ("food", "Food"),
    ("learning", "Learning"),
    ("faith", "Faith"),
    ("other", "Other"),
]

ACTIVITY_FIELDS = (
    "title",
    "description",
    "description_language",
    "category",
    "venue",
    "neighbourhood",
    "age_min",
    "age_max",
    "target_groups",
    "languages",
    "price_type",
    "price_ore",
    "price_period",
    "accepts_card",
    "join_method",
    "join_url",
    "capacity",
    "has_waiting_list",
    "signup_fee_ore",
    "is_step_free",
    "has_accessible_toilet",
    "has_hearing_loop",
    "is_adapted",
    "companion_free",
    "accessibility_note",
    "has_trial_session",
    "contact_name",
    "contact_email",
    "contact_phone",
)
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def category_defaults_ensure(*, municipality: Municipality) -> None:
    """Give a municipality the standard categories the first time it needs them (names in its own language later)."""
    from django.utils import translation

    if Category.objects.filter(municipality=municipality).exists():
        return
    with translation.override(municipality.default_language):
        labels = {
            "sport": _("Sport"),
            "outdoor": _("Outdoor life"),
            "culture": _("Culture"),
            "music": _("Music"),
            "crafts": _("Crafts"),
            "meeting_place": _("Social meeting place"),
            "food": _("Food"),
            "learning": _("Learning"),
            "faith": _("Faith"),
            "other": _("Other"),
        }
        for order, (key, _english) in enumerate(DEFAULT_CATEGORIES):
            Category.objects.get_or_create(
                municipality=municipality, key=key, defaults={"name": str(labels[key]), "order": (order + 1) * 10}
            )


def category_save(*, actor: User, municipality: Municipality, key: str, name: str, order: int = 100) -> Category:
    if not actor.has_perm("activities.manage_categories", municipality):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    category = Category.objects.filter(municipality=municipality, key=key).first() or Category(
        municipality=municipality, key=key
    )
    before = snapshot(category) if category.pk else None
    category.name, category.order = name, order
    category.full_clean()
    with transaction.atomic():
        category.save()
        audit_record(
            actor=actor,
            municipality=municipality,
            action="activities.category.save",
            obj=category,
            before=before,
            after=snapshot(category),
        )
    return category


def _search_document(activity: Activity) -> str:
    parts = [
        activity.title,
        activity.description,
        activity.organisation.name if activity.organisation_id else "",
        activity.category.name if activity.category_id else "",
        activity.venue.name if activity.venue_id else "",
        activity.neighbourhood.name if activity.neighbourhood_id and activity.neighbourhood else "",
    ]
    return " ".join(p for p in parts if p).lower()


def _validate(activity: Activity, bands: list[tuple[str, int]] | None) -> None:
    """Friendly messages for what the database would also refuse, and the rules it cannot check."""
    errors: dict[str, Any] = {}
    municipality_id = activity.municipality_id
    for field in ("title", "description", "accessibility_note", "contact_name"):
        value = getattr(activity, field) or ""
        if HTML_TAG.search(value):
            errors[field] = _("Write plain text: HTML tags such as <b> or <script> are not allowed.")
    for field in ("age_min", "age_max"):
        value = getattr(activity, field)
        if value is not None and not 0 <= value <= MAX_AGE:
            errors[field] = _("Give an age between 0 and %(max)s.") % {"max": MAX_AGE}
    if activity.age_min is not None and activity.age_max is not None and activity.age_min > activity.age_max:
        errors["age_max"] = _("The upper age must be at least the lower age.")
    if activity.price_type == PriceType.FIXED:
        if activity.price_ore is None:
            errors["price_ore"] = _("Give the price, or choose free.")
        elif activity.price_ore < 0:
            errors["price_ore"] = _("A price cannot be negative.")
    if activity.price_type == PriceType.BANDS and bands is not None and not bands:
        errors["price_type"] = _("Give at least one price band, or choose another kind of price.")
    for _label, amount in bands or []:
        if amount < 0:
            errors["price_bands"] = _("A price cannot be negative.")
    if activity.signup_fee_ore is not None and activity.signup_fee_ore < 0:
        errors["signup_fee_ore"] = _("A price cannot be negative.")
    if activity.join_method == JoinMethod.EXTERNAL and not activity.join_url:
        errors["join_url"] = _("Give the address where people sign up.")
    if activity.join_method == JoinMethod.SIGN_UP and not activity.capacity:
        errors["capacity"] = _("Say how many places there are.")
    if activity.venue_id and activity.venue.municipality_id != municipality_id:
        errors["venue"] = _("The venue belongs to another municipality.")
    if activity.category_id and activity.category.municipality_id != municipality_id:
        errors["category"] = _("The category belongs to another municipality.")
    if (
        activity.neighbourhood_id
        and activity.neighbourhood
        and activity.neighbourhood.municipality_id != municipality_id
    ):
        errors["neighbourhood"] = _("The neighbourhood belongs to another municipality.")
    unknown_groups = set(activity.target_group_list) - set(TargetGroup.values)
    if unknown_groups:
        errors["target_groups"] = _("Unknown target group: %(value)s.") % {"value": ", ".join(sorted(unknown_groups))}
    unknown_languages = set(activity.language_list) - set(LANGUAGE_CODES)
    if unknown_languages:
        errors["languages"] = _("Unknown language: %(value)s.") % {"value": ", ".join(sorted(unknown_languages))}
    if errors:
        raise ValidationError(errors)
    try:
        activity.full_clean(exclude=["municipality", "organisation", "created_by"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


def _prepare(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for key in ("target_groups", "languages"):
        if key in fields and isinstance(fields[key], (list, tuple, set)):
            fields[key] = tag_list_value(list(fields[key]))
    for key in ("title", "description", "contact_name", "accessibility_note"):
        if key in fields and isinstance(fields[key], str):
            fields[key] = fields[key].strip()
    return fields


def _apply_price(activity: Activity, bands: list[tuple[str, int]] | None) -> None:
    if activity.price_type == PriceType.FREE:
        activity.price_ore = None
        activity.price_from_ore = 0
    elif activity.price_type == PriceType.FIXED:
        activity.price_from_ore = activity.price_ore or 0
    else:
        amounts = (
            [a for _l, a in bands]
            if bands is not None
            else list(activity.price_bands.values_list("amount_ore", flat=True))
        )
        activity.price_from_ore = min(amounts) if amounts else 0


@dataclass
class ScheduleInput:
    start_date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    rrule: str = ""
    exdates: str = ""


def _schedule_from(activity: Activity, data: ScheduleInput, schedule: Schedule | None = None) -> Schedule:
    schedule = schedule or Schedule(activity=activity)
    schedule.start_date, schedule.start_time, schedule.end_time = data.start_date, data.start_time, data.end_time
    schedule.rrule = data.rrule
    schedule.exdates = recurrence.format_exdates(recurrence.parse_exdates(data.exdates))
    recurrence.validate_schedule(schedule)
    return schedule


def activity_create(
    *,
    actor: User,
    organisation: Organisation,
    schedule: ScheduleInput | None = None,
    price_bands: list[tuple[str, int]] | None = None,
    publish: bool = False,
    **fields: Any,
) -> Activity:
    """A representative (or the municipality) lists an activity, with its first schedule, in one step."""
    if not actor.has_perm("activities.add_activity", organisation):
        raise PermissionDenied
    municipality = organisation.municipality
    fields = _prepare(fields)
    activity = Activity(municipality=municipality, organisation=organisation, created_by=actor, **fields)
    if activity.neighbourhood_id is None and activity.venue_id:
        activity.neighbourhood = activity.venue.neighbourhood
    errors: dict[str, Any] = {}
    try:
        _validate(activity, price_bands if activity.price_type == PriceType.BANDS else None)
    except ValidationError as error:
        errors.update(error.message_dict)
    schedule_obj = None
    if schedule is not None:
        try:
            schedule_obj = _schedule_from(activity, schedule)
        except ValidationError as error:
            errors.update(error.message_dict)
    if publish:
        errors.update(_publish_errors(activity, has_schedule=schedule is not None))
    if errors:
        raise ValidationError(errors)
    _apply_price(activity, price_bands)
    activity.search_document = _search_document(activity)
    activity.modified_stamp = recurrence.next_stamp()
    if publish:
        activity.status = ActivityStatus.PUBLISHED
        activity.confirmed_at = timezone.now()
    with transaction.atomic():
        activity.save()
        for label, amount in price_bands or []:
            PriceBand.objects.create(activity=activity, label=label, amount_ore=amount)
        if schedule_obj is not None:
            schedule_obj.activity = activity
            schedule_obj.save()
        recurrence.materialise_activity(activity)
        audit_record(
            actor=actor,
            municipality=municipality,
            action="activities.activity.create",
            obj=activity,
            after=snapshot(activity),
        )
    return activity


def _bump(activity: Activity) -> None:
    """A change the RPDE feeds must carry: new stamps on the activity and its sessions."""
    stamp = recurrence.next_stamp()
    Activity.objects.filter(pk=activity.pk).update(modified_stamp=stamp)
    Session.objects.filter(activity=activity).update(modified_stamp=stamp)
    activity.modified_stamp = stamp


def activity_update(
    *, actor: User, activity: Activity, price_bands: list[tuple[str, int]] | None = None, **changes: Any
) -> Activity:
    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    changes = _prepare(changes)
    before = snapshot(activity, changes.keys())
    for key, value in changes.items():
        setattr(activity, key, value)
    if "venue" in changes and "neighbourhood" not in changes:
        activity.neighbourhood = activity.venue.neighbourhood
    bands = price_bands if activity.price_type == PriceType.BANDS else None
    if activity.price_type == PriceType.BANDS and bands is None:
        bands = [(b.label, b.amount_ore) for b in activity.price_bands.all()]
    _validate(activity, bands)
    _apply_price(activity, bands)
    activity.search_document = _search_document(activity)
    with transaction.atomic():
        activity.save()
        if price_bands is not None:
            activity.price_bands.all().delete()
            for label, amount in price_bands:
                PriceBand.objects.create(activity=activity, label=label, amount_ore=amount)
        _bump(activity)
        after = snapshot(activity, changes.keys())
        changed = [k for k in after if before.get(k) != after.get(k)]
        if changed:
            audit_record(
                actor=actor,
                municipality=activity.municipality,
                action="activities.activity.update",
                obj=activity,
                before={k: before.get(k) for k in changed},
                after={k: after[k] for k in changed},
            )
    return activity


def _publish_errors(activity: Activity, *, has_schedule: bool) -> dict[str, str]:
    if not activity.organisation.is_approved:
        return {"status": _("The municipality must approve the organisation before its activities are shown.")}
    if not has_schedule:
        return {"status": _("Add when the activity meets before you publish it.")}
    return {}


def activity_set_status(*, actor: User, activity: Activity, status: str) -> Activity:
    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == ActivityStatus.PUBLISHED:
        errors = _publish_errors(activity, has_schedule=activity.schedules.exists())
        if errors:
            raise ValidationError(errors)
    before = activity.status
    with transaction.atomic():
        activity.status = status
        update = ["status", "updated_at"]
        if status == ActivityStatus.PUBLISHED:
            activity.confirmed_at = timezone.now()
            update.append("confirmed_at")
        activity.save(update_fields=update)
        _bump(activity)
        audit_record(
            actor=actor,
            municipality=activity.municipality,
            action="activities.activity.status",
            obj=activity,
            before={"status": before},
            after={"status": status},
        )
    return activity


def activity_confirm(*, actor: User, activity: Activity) -> Activity:
    """The organiser's yearly "yes, this is still running": the listing is fresh for another season."""
    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    with transaction.atomic():
        activity.confirmed_at = timezone.now()
        activity.reminder_sent_at = None
        activity.save(update_fields=["confirmed_at", "reminder_sent_at", "updated_at"])
        _bump(activity)
        audit_record(
            actor=actor, municipality=activity.municipality, action="activities.activity.confirm", obj=activity
        )
    return activity


def schedule_add(*, actor: User, activity: Activity, data: ScheduleInput) -> Schedule:
    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    schedule = _schedule_from(activity, data)
    with transaction.atomic():
        schedule.save()
        recurrence.materialise_activity(activity)
        _bump(activity)
        audit_record(
            actor=actor,
            municipality=activity.municipality,
            action="activities.schedule.add",
            obj=schedule,
            after=snapshot(schedule),
        )
    return schedule


def schedule_update(*, actor: User, schedule: Schedule, data: ScheduleInput) -> Schedule:
    activity = schedule.activity
    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    before = snapshot(schedule)
    schedule = _schedule_from(activity, data, schedule)
    with transaction.atomic():
        schedule.save()
        recurrence.materialise_activity(activity)
        _bump(activity)
        audit_record(
            actor=actor,
            municipality=activity.municipality,
            action="activities.schedule.update",
            obj=schedule,
            before=before,
            after=snapshot(schedule),
        )
    return schedule


def schedule_delete(*, actor: User, schedule: Schedule) -> None:
    activity = schedule.activity
    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            municipality=activity.municipality,
            action="activities.schedule.delete",
            obj=schedule,
            before=snapshot(schedule),
        )
        schedule.delete()
        recurrence.materialise_activity(activity)
        _bump(activity)


def session_cancel(*, actor: User, session: Session, reason: str) -> Cancellation:
    activity = session.activity
    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    if session.schedule_id is None or session.is_removed:
        raise ValidationError(_("This session is no longer on the schedule."))
    if HTML_TAG.search(reason):
        raise ValidationError({"reason": _("Write plain text: HTML tags such as <b> or <script> are not allowed.")})
    with transaction.atomic():
        cancellation, _created = Cancellation.objects.update_or_create(
            schedule_id=session.schedule_id, date=session.local_date, defaults={"reason": reason.strip()}
        )
        recurrence.materialise_activity(activity)
        audit_record(
            actor=actor,
            municipality=activity.municipality,
            action="activities.session.cancel",
            obj=cancellation,
            after=snapshot(cancellation),
        )
    return cancellation


def session_reinstate(*, actor: User, session: Session) -> None:
    activity = session.activity
    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    if session.schedule_id is None:
        raise ValidationError(_("This session is no longer on the schedule."))
    with transaction.atomic():
        deleted, _rows = Cancellation.objects.filter(schedule_id=session.schedule_id, date=session.local_date).delete()
        recurrence.materialise_activity(activity)
        if deleted:
            audit_record(
                actor=actor, municipality=activity.municipality, action="activities.session.reinstate", obj=session
            )


# Sign-ups ------------------------------------------------------------------------------------------------------


def signup_create(*, actor: User, activity: Activity, participant_name: str, child: Child | None = None) -> SignUp:
    """Take a place, or a place on the waiting list; the activity row is locked so nobody gets the same last place."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if activity.join_method != JoinMethod.SIGN_UP or activity.status != ActivityStatus.PUBLISHED:
        raise ValidationError(_("This activity does not take sign-ups here."))
    if child is not None and not child.guardians.filter(pk=actor.pk).exists():
        raise PermissionDenied
    name = (child and str(child)) or participant_name.strip()
    if not name:
        raise ValidationError({"participant_name": _("Write who is taking part.")})
    if HTML_TAG.search(name):
        raise ValidationError(
            {"participant_name": _("Write plain text: HTML tags such as <b> or <script> are not allowed.")}
        )
    try:
        with transaction.atomic():
            locked = Activity.objects.select_for_update().get(pk=activity.pk)
            taken = SignUp.objects.filter(activity=locked, status__in=HOLDS_PLACE).count()
            if locked.capacity is None or taken < locked.capacity:
                status = SignUpStatus.AWAITING_PAYMENT if locked.signup_fee_ore > 0 else SignUpStatus.CONFIRMED
            elif locked.has_waiting_list:
                status = SignUpStatus.WAITING
            else:
                raise ValidationError(_("The activity is full."))
            signup = SignUp.objects.create(
                activity=locked, user=actor, participant_name=name, child=child, status=status
            )
            audit_record(
                actor=actor,
                municipality=activity.municipality,
                action="activities.signup.create",
                obj=signup,
                after={"status": status},
            )
    except IntegrityError:
        raise ValidationError(_("%(name)s is already signed up.") % {"name": name}) from None
    return signup


def signup_cancel(*, actor: User, signup: SignUp) -> SignUp:
    """The participant (or the organiser) cancels; the first on the waiting list moves up.

    A fee paid with the activity card goes back to the card in the same transaction: if the card cannot take it
    back, nothing is cancelled and the message says so.
    """
    activity = signup.activity
    if signup.user_id != actor.pk and not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignUpStatus.CANCELLED:
            return signup
        freed = signup.status in HOLDS_PLACE
        refunded = _refund_card_fee(actor=actor, signup=signup) if signup.paid_by_card else None
        signup.status = SignUpStatus.CANCELLED
        signup.save(update_fields=["status", "updated_at"])
        if freed:
            first = (
                SignUp.objects.filter(activity=locked, status=SignUpStatus.WAITING).order_by("created_at", "id").first()
            )
            if first is not None:
                first.status = SignUpStatus.AWAITING_PAYMENT if locked.signup_fee_ore > 0 else SignUpStatus.CONFIRMED
                first.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            municipality=activity.municipality,
            action="activities.signup.cancel",
            obj=signup,
            after={"card_refund": refunded} if refunded is not None else None,
        )
    return signup


def _refund_card_fee(*, actor: User, signup: SignUp) -> dict[str, Any]:
    """Give a card-paid fee back to the card (inside the cancellation's transaction)."""
    hooks = card_payment.card_hooks()
    if hooks is None:
        raise ValidationError(
            _("The fee was paid with the activity card, which is not available: contact the organiser.")
        )
    outcome = hooks.refund_activity_fee(
        actor=actor,
        signup_ref=card_payment.signup_ref(signup),
        reason=_("The sign-up was cancelled."),
        idempotency_key=card_payment.refund_key(signup),
        organisation=signup.activity.organisation,
    )
    if not outcome.approved:
        raise ValidationError(
            _(
                "The fee could not be given back to the activity card, so the sign-up is not cancelled. "
                "Contact the organiser."
            )
        )
    return {"amount_ore": outcome.result.get("amount_ore", 0), "reference": outcome.result.get("reference", "")}


def signup_mark_paid(*, actor: User | None, signup: SignUp, reference: str, by_card: bool = False) -> SignUp:
    """Confirm a place that waited for its fee. The activity card calls this when it has paid; organisers may too."""
    if actor is not None and not actor.has_perm("activities.change_activity", signup.activity):
        raise PermissionDenied
    with transaction.atomic():
        updated = SignUp.objects.filter(pk=signup.pk, status=SignUpStatus.AWAITING_PAYMENT).update(
            status=SignUpStatus.CONFIRMED,
            paid_reference=reference[:100],
            paid_by_card=by_card,
            updated_at=timezone.now(),
        )
        if not updated:
            raise ValidationError(_("This sign-up is not waiting for payment."))
        audit_record(
            actor=actor,
            municipality=signup.activity.municipality,
            action="activities.signup.paid",
            obj=signup,
            after={"reference": reference, "by_card": by_card},
        )
    signup.refresh_from_db()
    return signup


def signup_pay_with_card(*, actor: User, signup: SignUp) -> SignUp:
    """The guardian pays a held place's fee from the child's activity card; the place is confirmed.

    One transaction with the sign-up row locked: a double submit waits, then finds the place paid and charges
    nothing (the card's idempotency key, derived from the sign-up, guards the card side too). A decline raises
    ValidationError with a clear message and rolls everything back: the place stays held and unpaid.
    """
    if not actor.is_authenticated or signup.user_id != actor.pk:
        raise PermissionDenied
    child = signup.child
    if child is None:
        raise ValidationError(_("Only a child's place can be paid with the child's activity card."))
    if not child.guardians.filter(pk=actor.pk).exists():
        raise PermissionDenied
    activity = signup.activity
    hooks = card_payment.card_hooks()
    if hooks is None or not card_payment.takes_card_payment(activity):
        raise ValidationError(_("This activity's fee cannot be paid with the activity card."))
    with transaction.atomic():
        locked = SignUp.objects.select_for_update().get(pk=signup.pk)
        if locked.status == SignUpStatus.CONFIRMED and locked.paid_by_card:
            return locked  # paid already (a double click or a retried request): charge nothing more
        if locked.status != SignUpStatus.AWAITING_PAYMENT:
            raise ValidationError(_("This sign-up is not waiting for payment."))
        outcome = hooks.pay_activity_fee(
            guardian=actor,
            child=child,
            organisation=activity.organisation,
            amount_ore=activity.signup_fee_ore,
            category=card_payment.FEE_CATEGORY,
            signup_ref=card_payment.signup_ref(locked),
            idempotency_key=card_payment.pay_key(locked),
        )
        if not outcome.approved:
            # Raising rolls back the card's record of the decline too, so a later try (after a top-up) is a new one.
            raise ValidationError(card_payment.decline_message(outcome.decline_code, name=locked.participant_name))
        return signup_mark_paid(actor=None, signup=locked, reference=str(outcome.result["reference"]), by_card=True)


# Saved searches ------------------------------------------------------------------------------------------------


def saved_search_create(*, actor: User, municipality: Municipality, name: str, query: str) -> SavedSearch:
    if not actor.is_authenticated:
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    if HTML_TAG.search(name):
        raise ValidationError({"name": _("Write plain text: HTML tags such as <b> or <script> are not allowed.")})
    saved = SavedSearch(municipality=municipality, user=actor, name=name, query=query.lstrip("?")[:1000])
    saved.full_clean()
    saved.save()
    return saved


def saved_search_delete(*, actor: User, saved: SavedSearch) -> None:
    if saved.user_id != actor.pk:
        raise PermissionDenied
    saved.delete()


# Maintenance ---------------------------------------------------------------------------------------------------


def reminders_send(*, now: datetime.datetime | None = None, base_url: str = "") -> int:
    """E-mail organisers whose published listings need confirming; once per listing and season."""
    from django.urls import reverse

    from sammen.core.tasks import send_email
    from sammen.organisations.models import MembershipRole

    now = now or timezone.now()
    due = (
        Activity.objects.filter(status=ActivityStatus.PUBLISHED, confirmed_at__lt=now - REMIND_AFTER)
        .filter(reminder_sent_at__isnull=True)
        .select_related("organisation", "municipality")
        .order_by("organisation_id", "id")
    )
    sent = 0
    for activity in due:
        recipients = set(
            activity.organisation.memberships.filter(role=MembershipRole.REPRESENTATIVE).values_list(
                "user__email", flat=True
            )
        )
        if activity.contact_email:
            recipients.add(activity.contact_email)
        if not recipients:
            continue
        link = base_url + reverse(
            "activities:manage_confirm",
            kwargs={"municipality_slug": activity.municipality.slug, "activity_id": activity.pk},
        )
        stale_on = (activity.confirmed_at or now) + STALE_AFTER
        from django.utils import translation

        with translation.override(activity.municipality.default_language):
            subject = _("Is “%(title)s” still running?") % {"title": activity.title}
            body = _(
                "Hello,\n\n“%(title)s” (%(organisation)s) is listed in the municipality's activity catalogue. "
                "Once a year we ask organisers to confirm that their listings are still right.\n\n"
                "If the activity is still running, confirm it here: %(link)s\n\n"
                "If we hear nothing, the listing is hidden from %(date)s. You can change it or end it on the same page."
            ) % {
                "title": activity.title,
                "organisation": activity.organisation.name,
                "link": link,
                "date": stale_on.date().isoformat(),
            }
        send_email.enqueue(subject=str(subject), body=str(body), to=sorted(recipients))
        Activity.objects.filter(pk=activity.pk).update(reminder_sent_at=now)
        sent += 1
    return sent


# Images -------------------------------------------------------------------------------------------------------

MAX_IMAGES = 6


def image_add(*, actor: User, activity: Activity, image: Any, alt_text: str) -> Any:
    """An image with its description for people who cannot see it (required, also by a database constraint)."""
    from .models import ActivityImage

    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise ValidationError({"alt_text": _("Describe the image for people who cannot see it.")})
    if HTML_TAG.search(alt_text):
        raise ValidationError({"alt_text": _("Write plain text: HTML tags such as <b> or <script> are not allowed.")})
    if activity.images.count() >= MAX_IMAGES:
        raise ValidationError({"image": _("An activity can have at most %(max)s images.") % {"max": MAX_IMAGES}})
    item = ActivityImage(activity=activity, image=image, alt_text=alt_text, order=activity.images.count())
    item.full_clean()
    with transaction.atomic():
        item.save()
        _bump(activity)
        audit_record(actor=actor, municipality=activity.municipality, action="activities.image.add", obj=item)
    return item


def image_remove(*, actor: User, image: Any) -> None:
    activity = image.activity
    if not actor.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(actor=actor, municipality=activity.municipality, action="activities.image.remove", obj=image)
        image.delete()
        _bump(activity)
